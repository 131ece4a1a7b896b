//! Every kind of failure through the generated client against the fake hub over real HTTP:
//! documented statuses typed per operation, undocumented ones kept raw (JSON, HTML, empty),
//! bodies that do not decode, bodies cut short, timeouts and refused connections.

use d360_fake_hub::{FakeHub, Fault};
use d360_partners::types::{PatchPartnerIn, WebhookUrlIn};
use d360_partners::{Client, Error, GetPartnerError, SetWebhookUrlError, UpdatePartnerError};
use d360_runtime::RetryPolicy;
use serde_json::{json, Value};
use std::time::Duration;

/// A client that sends every request once, so each fault shows as it is.
fn client(hub: &FakeHub) -> Client {
    Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn body_json<E>(error: &Error<E>) -> Value {
    serde_json::from_slice(error.body().expect("a body")).expect("a JSON body")
}

#[tokio::test]
async fn an_unknown_partner_is_a_typed_not_found_with_its_trace_id() {
    let hub = FakeHub::start().await.unwrap();
    let error = client(&hub).get_partner("nobody").await.unwrap_err();
    let Error::Api {
        error: GetPartnerError::NotFound(body),
        context,
    } = &error
    else {
        panic!("expected a typed 404, got {error:?}");
    };
    assert_eq!(context.status, 404);
    assert_eq!(context.path, "/api/v2/partners/nobody");
    assert_eq!(body.meta.http_code, 404);
    assert!(!body.meta.success);
    assert_eq!(body.meta.developer_message, "Partner nobody not found");
    let trace = body.meta._360dialog_trace_id.clone().expect("a trace id");
    assert_eq!(error.trace_id(), Some(trace.clone()));
    assert_eq!(
        error.to_string(),
        format!("404 Not Found from GET /api/v2/partners/nobody: Partner nobody not found (trace id {trace})")
    );
    // Each error has its own trace id.
    let again = client(&hub).get_partner("nobody").await.unwrap_err();
    assert_ne!(again.trace_id(), Some(trace));
}

#[tokio::test]
async fn a_rejected_body_is_a_typed_validation_error_with_details() {
    let hub = FakeHub::start().await.unwrap();
    let client = client(&hub);
    let patch = PatchPartnerIn::new().with_partner_redirect_url("not a url");
    let error = client
        .update_partner("examplePA", &patch)
        .await
        .unwrap_err();
    let Some(UpdatePartnerError::BadRequest(body)) = error.api_error() else {
        panic!("expected a typed 400, got {error:?}");
    };
    assert_eq!(error.status(), Some(400));
    assert_eq!(body.meta.http_code, 400);
    assert_eq!(
        body.meta.details.as_ref().map(|d| Value::Object(d.clone())),
        Some(json!({"partner_redirect_url": ["Not a valid URL."]}))
    );
    assert!(body.meta._360dialog_trace_id.is_some());

    let error = client
        .set_webhook_url("examplePA", &WebhookUrlIn::new("ftp://example.com".into()))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Api {
                error: SetWebhookUrlError::BadRequest(_),
                ..
            }
        ),
        "{error:?}"
    );
    // Nothing changed on the hub.
    let partner = hub.partner("examplePA").unwrap();
    assert_eq!(
        partner
            .partner_redirect_url
            .as_ref()
            .map(d360_partners::Formatted::raw),
        Some("https://360dialog.com")
    );
}

#[tokio::test]
async fn undocumented_statuses_keep_status_and_raw_body() {
    let hub = FakeHub::start().await.unwrap();
    let client = client(&hub);
    for status in [401u16, 403, 429, 500, 502, 503] {
        hub.inject(Fault::status(status));
        let error = client.get_partner("examplePA").await.unwrap_err();
        assert!(
            matches!(error, Error::UnexpectedStatus { .. }),
            "{status}: {error:?}"
        );
        assert_eq!(error.status(), Some(status));
        let body = body_json(&error);
        assert_eq!(body["meta"]["http_code"], status);
        assert_eq!(body["meta"]["success"], false);
        assert_eq!(
            error.trace_id().as_deref(),
            body["meta"]["360dialog_trace_id"].as_str()
        );
        assert_eq!(error.message().as_deref(), Some("Injected failure"));
        assert!(
            error.to_string().starts_with(&status.to_string()),
            "{error}"
        );
    }
    assert_eq!(hub.request_count(&hub.partner_path()), 6);
}

#[tokio::test]
async fn an_html_error_page_is_kept_as_it_came() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::html(502));
    let error = client(&hub).get_partner("examplePA").await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(502));
    let body = String::from_utf8(error.body().unwrap().to_vec()).unwrap();
    assert!(body.starts_with("<!DOCTYPE html>"), "{body}");
    assert_eq!((error.trace_id(), error.message()), (None, None));
    let shown = error.to_string();
    assert!(
        shown.starts_with("502 Bad Gateway from GET /api/v2/partners/examplePA (non-JSON body"),
        "{shown}"
    );
}

#[tokio::test]
async fn an_empty_error_body_is_reported_as_empty() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::empty(500));
    let error = client(&hub).get_partner("examplePA").await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.body(), Some(&b""[..]));
    assert!(error.to_string().ends_with("(empty body)"), "{error}");
}

#[tokio::test]
async fn a_documented_status_with_a_foreign_body_is_kept_raw() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::html(404));
    let error = client(&hub).get_partner("examplePA").await.unwrap_err();
    // The body is not a DefaultHttpError: no typed error, but nothing lost either.
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(404));
    assert!(error.body().unwrap().starts_with(b"<!DOCTYPE html>"));
}

#[tokio::test]
async fn a_success_that_does_not_decode_is_a_decode_error_with_the_body() {
    let hub = FakeHub::start().await.unwrap();
    let client = client(&hub);
    hub.inject(Fault::html(200));
    let error = client.get_partner("examplePA").await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(error.status(), Some(200));
    assert!(error.body().unwrap().starts_with(b"<!DOCTYPE html>"));

    hub.inject(Fault::empty(200));
    let error = client.get_partner("examplePA").await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(error.body(), Some(&b""[..]));

    hub.inject(Fault::raw(200, "application/json", r#"{"id": 42}"#));
    let error = client.get_partner("examplePA").await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(error.to_string().contains("`id`"), "{error}");
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::truncated_body());
    let client = Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .build()
        .unwrap();
    let error = client.get_partner("examplePA").await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(transport.path(), "/api/v2/partners/examplePA");
    assert_eq!(error.status(), None);
    // A broken read is not retried: the server may have acted on the request.
    assert_eq!(transport.attempts(), 1);
    assert_eq!(hub.request_count(&hub.partner_path()), 1);
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_and_a_get_is_tried_again() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::delay(Duration::from_millis(1500)).times(2));
    let impatient = |policy: RetryPolicy| {
        Client::builder()
            .base_url(hub.url())
            .api_key(hub.api_key())
            .timeout(Duration::from_millis(400))
            .retry_policy(policy.initial_backoff(Duration::from_millis(1)))
            .build()
            .unwrap()
    };
    let error = impatient(RetryPolicy::none())
        .get_partner("examplePA")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    // One delayed answer is left: the second attempt times out, the third succeeds.
    let partner = impatient(RetryPolicy::default())
        .get_partner("examplePA")
        .await
        .unwrap();
    assert_eq!(partner.id.as_deref(), Some("examplePA"));
    assert_eq!(hub.request_count(&hub.partner_path()), 3);
}

#[tokio::test]
async fn a_stopped_hub_is_a_connect_error() {
    let hub = FakeHub::start().await.unwrap();
    let url = hub.url().to_owned();
    hub.shutdown().await.unwrap();
    let client = Client::builder()
        .base_url(url)
        .api_key("k")
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let error = client.get_partner("examplePA").await.unwrap_err();
    let Error::Connect(transport) = &error else {
        panic!("expected a connect error, got {error:?}");
    };
    assert_eq!(transport.attempts(), 3);
    assert!(error.to_string().contains("could not connect"), "{error}");
}
