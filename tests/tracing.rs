//! What the client tells `tracing` (the default `tracing` feature), captured by a subscriber
//! of the test's own while the generated client talks to the fake hub over real HTTP: one
//! span per call with its operation, method, path template, status, attempts and trace id;
//! events for retries, token renewals and refused redirects; and no credential, body, query
//! value, header value or filled-in path anywhere.
#![cfg(feature = "tracing")]

use d360_fake_hub::{FakeHub, Fault};
use d360_partners::{Client, Error, RequestOptions, RetryPolicy};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};

const TOKEN_PATH: &str = "/api/v2/token";
const PARTNER_TEMPLATE: &str = "/api/v2/partners/{partner_id}";

/// A span as the subscriber saw it: its name and every field recorded, as text.
#[derive(Clone, Debug)]
struct SpanRecord {
    name: &'static str,
    fields: BTreeMap<String, String>,
}

/// An event: its level, fields (the message under `message`) and the span it happened in.
#[derive(Clone, Debug)]
struct EventRecord {
    level: Level,
    fields: BTreeMap<String, String>,
    span: Option<usize>,
}

impl EventRecord {
    fn message(&self) -> &str {
        self.fields.get("message").map_or("", String::as_str)
    }
}

#[derive(Default)]
struct Captured {
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
}

/// Records every span and event of the `d360_runtime` target. Spans are numbered from 1 in
/// the order they were created; the current span is tracked per thread (the tests run on
/// a current-thread runtime).
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Captured>>);

thread_local! {
    static ENTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Capture {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        // Asked each time: other tests' threads may have no subscriber.
        Interest::sometimes()
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target() == "d360_runtime"
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        let mut captured = self.0.lock().unwrap();
        captured.spans.push(SpanRecord {
            name: attributes.metadata().name(),
            fields,
        });
        Id::from_u64(captured.spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut captured = self.0.lock().unwrap();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Fields(&mut captured.spans[index].fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let span = event
            .parent()
            .map(Id::into_u64)
            .or_else(|| ENTERED.with(|e| e.borrow().last().copied()))
            .map(|id| id as usize - 1);
        self.0.lock().unwrap().events.push(EventRecord {
            level: *event.metadata().level(),
            fields,
            span,
        });
    }

    fn enter(&self, span: &Id) {
        ENTERED.with(|e| e.borrow_mut().push(span.into_u64()));
    }

    fn exit(&self, span: &Id) {
        ENTERED.with(|e| {
            let mut entered = e.borrow_mut();
            if let Some(at) = entered.iter().rposition(|s| *s == span.into_u64()) {
                entered.remove(at);
            }
        });
    }
}

impl Capture {
    fn spans(&self) -> Vec<SpanRecord> {
        self.0.lock().unwrap().spans.clone()
    }

    fn events(&self) -> Vec<EventRecord> {
        self.0.lock().unwrap().events.clone()
    }

    /// The events that happened in span `index` (0-based, as in `spans()`).
    fn events_in(&self, index: usize) -> Vec<EventRecord> {
        self.events()
            .into_iter()
            .filter(|e| e.span == Some(index))
            .collect()
    }

    /// Everything captured, as one text, for looking for secrets.
    fn everything(&self) -> String {
        let captured = self.0.lock().unwrap();
        format!("{:?} {:?}", captured.spans, captured.events)
    }

    /// Fails naming the secret when any captured field holds one of `secrets`.
    fn assert_none_of(&self, secrets: &[&str]) {
        let everything = self.everything();
        for secret in secrets {
            assert!(!secret.is_empty());
            assert!(
                !everything.contains(secret),
                "{secret:?} was traced: {everything}"
            );
        }
    }
}

fn field<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    fields.get(name).map(String::as_str)
}

/// Backoff too short to slow the tests down.
fn quick() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(2))
        .max_backoff(Duration::from_millis(2))
}

fn api_key_client(hub: &FakeHub) -> Client {
    Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .retry_policy(quick())
        .build()
        .unwrap()
}

fn bearer_client(hub: &FakeHub) -> Client {
    Client::builder()
        .base_url(hub.url())
        .bearer_credentials(hub.username(), hub.password())
        .retry_policy(quick())
        .build()
        .unwrap()
}

/// Every credential the hub saw or accepts.
fn secrets(hub: &FakeHub) -> Vec<String> {
    let mut secrets = vec![
        hub.api_key().to_owned(),
        hub.username().to_owned(),
        hub.password().to_owned(),
    ];
    for request in hub.requests() {
        if let Some(token) = request
            .header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
        {
            secrets.push(token.to_owned());
        }
    }
    secrets.sort();
    secrets.dedup();
    secrets
}

#[tokio::test]
async fn each_call_has_a_span_with_its_operation_template_status_attempts_and_trace_id() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let hub = FakeHub::start().await.unwrap();
    let client = api_key_client(&hub);
    hub.inject(Fault::status(503).on_path(hub.partner_path()));

    client.get_partner(hub.partner_id()).await.unwrap();
    let not_found = client.get_partner("nobody").await.unwrap_err();
    client.get_webhook_url(hub.partner_id()).await.unwrap();

    let spans = capture.spans();
    assert_eq!(spans.len(), 3, "{spans:?}");
    assert!(spans.iter().all(|s| s.name == "call"));

    let retried = &spans[0].fields;
    assert_eq!(field(retried, "operation"), Some("get_partner"));
    assert_eq!(field(retried, "method"), Some("GET"));
    assert_eq!(field(retried, "path"), Some(PARTNER_TEMPLATE));
    assert_eq!(field(retried, "status"), Some("200"));
    assert_eq!(field(retried, "attempts"), Some("2"));
    assert_eq!(field(retried, "360dialog_trace_id"), None);
    assert_eq!(field(retried, "error"), None);

    let events = capture.events_in(0);
    let retry: Vec<&EventRecord> = events
        .iter()
        .filter(|e| e.message() == "retrying")
        .collect();
    assert_eq!(retry.len(), 1, "{events:?}");
    assert_eq!(retry[0].level, Level::INFO);
    assert_eq!(field(&retry[0].fields, "reason"), Some("status 503"));
    assert_eq!(field(&retry[0].fields, "attempt"), Some("1"));
    assert_eq!(field(&retry[0].fields, "path"), Some(PARTNER_TEMPLATE));
    let delay: u64 = field(&retry[0].fields, "delay_ms")
        .unwrap()
        .parse()
        .unwrap();
    assert!(delay <= 2, "{delay}");

    let failed = &spans[1].fields;
    assert_eq!(field(failed, "status"), Some("404"));
    assert_eq!(field(failed, "attempts"), Some("1"));
    let trace_id = not_found.trace_id().expect("the hub's 404 has a trace id");
    assert_eq!(field(failed, "360dialog_trace_id"), Some(trace_id.as_str()));

    let other = &spans[2].fields;
    assert_eq!(field(other, "operation"), Some("get_webhook_url"));
    assert_eq!(
        field(other, "path"),
        Some("/api/v2/partners/{partner_id}/webhook_url")
    );

    // The filled-in path (it holds the partner id), bodies and credentials: nowhere.
    let mut forbidden = secrets(&hub);
    forbidden.extend(["examplePA".to_owned(), "nobody".to_owned()]);
    forbidden.push("Example Partner".to_owned());
    capture.assert_none_of(&forbidden.iter().map(String::as_str).collect::<Vec<_>>());
}

#[tokio::test]
async fn token_renewals_and_their_retries_are_traced_without_a_secret() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let hub = FakeHub::start().await.unwrap();
    let client = bearer_client(&hub);
    // The transient failure of the issue: a 503 on the token request.
    hub.inject(Fault::status(503).on_path(TOKEN_PATH));
    client.get_partner(hub.partner_id()).await.unwrap();
    hub.revoke_tokens();
    client.get_partner(hub.partner_id()).await.unwrap();
    assert_eq!(hub.tokens_issued(), 2);

    let spans = capture.spans();
    assert_eq!(spans.len(), 2, "{spans:?}");
    assert_eq!(field(&spans[0].fields, "attempts"), Some("1"));
    assert_eq!(field(&spans[0].fields, "status"), Some("200"));
    // Sent, refused with 401, sent again with the renewed token.
    assert_eq!(field(&spans[1].fields, "attempts"), Some("2"));

    let first = capture.events_in(0);
    let retry = first
        .iter()
        .find(|e| e.message() == "retrying")
        .expect("a retry event");
    assert_eq!(field(&retry.fields, "path"), Some(TOKEN_PATH));
    assert_eq!(field(&retry.fields, "reason"), Some("status 503"));
    let obtained = first
        .iter()
        .find(|e| e.message() == "bearer token obtained")
        .expect("a renewal event");
    assert_eq!(obtained.level, Level::INFO);
    assert_eq!(field(&obtained.fields, "reason"), Some("missing"));
    assert_eq!(field(&obtained.fields, "generation"), Some("1"));
    assert_eq!(field(&obtained.fields, "attempts"), Some("2"));
    assert_eq!(field(&obtained.fields, "expires_in_s"), Some("86400.0"));

    let second = capture.events_in(1);
    let renewed = second
        .iter()
        .find(|e| e.message() == "bearer token obtained")
        .expect("a renewal after the 401");
    assert_eq!(field(&renewed.fields, "reason"), Some("rejected"));
    assert_eq!(field(&renewed.fields, "generation"), Some("2"));

    let secrets = secrets(&hub);
    assert_eq!(secrets.len(), 5, "{secrets:?}");
    capture.assert_none_of(&secrets.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!capture.everything().contains("Bearer"));
}

#[tokio::test]
async fn a_failed_token_request_is_a_warning_and_the_calls_error() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let hub = FakeHub::start().await.unwrap();
    let client = Client::builder()
        .base_url(hub.url())
        .bearer_credentials(hub.username(), "wrong-password-4242")
        .build()
        .unwrap();
    let error = client.get_partner(hub.partner_id()).await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");

    let spans = capture.spans();
    assert_eq!(field(&spans[0].fields, "error"), Some("auth"));
    assert_eq!(field(&spans[0].fields, "attempts"), Some("0"));
    assert_eq!(
        field(&spans[0].fields, "360dialog_trace_id"),
        error.trace_id().as_deref()
    );
    let warning = capture
        .events_in(0)
        .into_iter()
        .find(|e| e.message() == "no bearer token obtained")
        .expect("a warning");
    assert_eq!(warning.level, Level::WARN);
    assert_eq!(field(&warning.fields, "status"), Some("401"));
    assert_eq!(field(&warning.fields, "attempts"), Some("1"));
    capture.assert_none_of(&["wrong-password-4242", hub.username()]);
}

#[tokio::test]
async fn a_refused_redirect_is_a_warning_naming_origins_only() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let hub = FakeHub::start().await.unwrap();
    let other = FakeHub::start().await.unwrap();
    hub.inject(
        Fault::redirect(format!(
            "{}/collect/examplePA?key=redirect-query-secret",
            other.url()
        ))
        .on_path(hub.partner_path()),
    );
    let error = api_key_client(&hub)
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(307));

    let spans = capture.spans();
    assert_eq!(field(&spans[0].fields, "status"), Some("307"));
    let warning = capture
        .events_in(0)
        .into_iter()
        .find(|e| e.level == Level::WARN)
        .expect("a warning about the redirect");
    assert!(warning.message().contains("redirect"), "{warning:?}");
    assert_eq!(field(&warning.fields, "from_origin"), Some(hub.url()));
    assert_eq!(field(&warning.fields, "to_origin"), Some(other.url()));
    capture.assert_none_of(&[
        "redirect-query-secret",
        "/collect",
        "examplePA",
        hub.api_key(),
    ]);
}

#[tokio::test]
async fn query_values_header_values_and_bodies_are_never_traced() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let hub = FakeHub::start().await.unwrap();
    let client = api_key_client(&hub);
    let with_header = client.with_request_options(
        RequestOptions::new().header("X-Per-Call-Secret", "per-call-header-value"),
    );
    with_header.get_partner(hub.partner_id()).await.unwrap();
    assert_eq!(
        hub.requests()[0].header("x-per-call-secret"),
        Some("per-call-header-value")
    );

    // A request of the runtime's own with a query.
    let request = d360_runtime::Request::new(d360_runtime::Method::GET, hub.partner_path())
        .query("filter", "query-value-secret")
        .operation("custom_lookup", "/api/v2/partners/{partner_id}");
    let response = client.runtime().execute::<()>(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        hub.requests()[1].query.as_deref(),
        Some("filter=query-value-secret")
    );

    // A body over the size limit: the error is traced, not the body.
    let small = Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .max_response_size(64)
        .build()
        .unwrap();
    let error = small.get_partner(hub.partner_id()).await.unwrap_err();
    assert!(matches!(error, Error::TooLarge(_)), "{error:?}");

    let spans = capture.spans();
    assert_eq!(spans.len(), 3, "{spans:?}");
    assert_eq!(field(&spans[1].fields, "operation"), Some("custom_lookup"));
    assert_eq!(field(&spans[2].fields, "error"), Some("too_large"));
    assert_eq!(field(&spans[2].fields, "status"), Some("200"));
    capture.assert_none_of(&[
        "per-call-header-value",
        "query-value-secret",
        "examplePA",
        "Example Partner",
        hub.api_key(),
    ]);
}
