//! Bearer token renewal under failure, over real HTTP: the token request is retried on
//! transient failures and not on refusals, callers waiting for a renewal share its outcome
//! (also a failure), a caller dropped mid-renewal leaves nobody waiting, and a token due
//! for renewal keeps being sent while one caller renews it.

mod common;

use common::*;
use d360_runtime::{Error, RetryPolicy};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PARTNER: &str = "/api/v2/partners/p1";
const TOKEN: &str = "/api/v2/token";

async fn partner_ok(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(PARTNER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p1"})))
        .mount(server)
        .await;
}

fn token_body(n: usize, expires_in: u64) -> serde_json::Value {
    json!({
        "access_token": format!("t{n}"),
        "refresh_token": "r",
        "token_type": "Bearer",
        "expires_in": expires_in,
    })
}

/// The first `failures` token requests get `failure`; the rest get tokens `t1`, `t2`, ...
/// (numbered by the tokens issued), after `delay`. Returns the count of tokens issued.
async fn token_endpoint_after(
    server: &MockServer,
    failure: ResponseTemplate,
    failures: u64,
    expires_in: u64,
    delay: Duration,
) -> Arc<AtomicUsize> {
    if failures > 0 {
        Mock::given(method("POST"))
            .and(path(TOKEN))
            .respond_with(failure)
            .up_to_n_times(failures)
            .with_priority(1)
            .mount(server)
            .await;
    }
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(move |_: &wiremock::Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            ResponseTemplate::new(200)
                .set_body_json(token_body(n, expires_in))
                .set_delay(delay)
        })
        .with_priority(2)
        .mount(server)
        .await;
    issued
}

fn bearer(server: &MockServer) -> d360_runtime::Client {
    builder(server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap()
}

/// Waits until `server` has received `n` requests for `p` (at most 5 s).
async fn until_received(server: &MockServer, p: &str, n: usize) {
    let started = Instant::now();
    while count(server, p).await < n {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{p} was not requested {n} times"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn authorizations(requests: &[wiremock::Request]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.url.path() == PARTNER)
        .map(|r| {
            r.headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn transient_token_failures_are_retried() {
    for status in [429, 502, 503, 504] {
        let server = MockServer::start().await;
        partner_ok(&server).await;
        let issued = token_endpoint_after(
            &server,
            ResponseTemplate::new(status),
            2,
            3600,
            Duration::ZERO,
        )
        .await;
        let partner = get_partner(&bearer(&server), "p1").await;
        assert_eq!(partner.unwrap()["id"], "p1", "{status}");
        assert_eq!(count(&server, TOKEN).await, 3, "{status}");
        assert_eq!(issued.load(Ordering::SeqCst), 1, "{status}");
    }
}

#[tokio::test]
async fn a_token_retry_after_is_honoured() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    token_endpoint_after(&server, busy, 1, 3600, Duration::ZERO).await;
    let started = Instant::now();
    get_partner(&bearer(&server), "p1").await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(count(&server, TOKEN).await, 2);

    // Longer than the policy waits: not retried, the call fails with the 429.
    let server = MockServer::start().await;
    partner_ok(&server).await;
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", "120");
    token_endpoint_after(&server, busy, 1, 3600, Duration::ZERO).await;
    let error = get_partner(&bearer(&server), "p1").await.unwrap_err();
    assert!(
        matches!(&error, Error::Auth(e) if e.status() == 429),
        "{error:?}"
    );
    assert_eq!(count(&server, TOKEN).await, 1);
}

#[tokio::test]
async fn a_token_request_that_times_out_is_retried() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    let slow = ResponseTemplate::new(200)
        .set_body_json(token_body(0, 3600))
        .set_delay(Duration::from_secs(3));
    token_endpoint_after(&server, slow, 1, 3600, Duration::ZERO).await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    get_partner(&client, "p1").await.unwrap();
    assert_eq!(count(&server, TOKEN).await, 2);
    let sent = server.received_requests().await.unwrap();
    assert_eq!(authorizations(&sent), ["Bearer t1"]);
}

#[tokio::test]
async fn refusals_of_the_token_request_are_not_retried() {
    for status in [400, 401] {
        let server = MockServer::start().await;
        partner_ok(&server).await;
        token_endpoint_after(
            &server,
            ResponseTemplate::new(status),
            5,
            3600,
            Duration::ZERO,
        )
        .await;
        let error = get_partner(&bearer(&server), "p1").await.unwrap_err();
        assert!(
            matches!(&error, Error::Auth(e) if e.status() == status),
            "{error:?}"
        );
        assert_eq!(count(&server, TOKEN).await, 1, "{status}");
        assert_eq!(count(&server, PARTNER).await, 0, "{status}");
    }
}

#[tokio::test]
async fn a_token_request_failing_every_attempt_is_an_auth_error() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    let down = ResponseTemplate::new(503).set_body_json(json!({
        "meta": {"developer_message": "maintenance", "360dialog_trace_id": "tr-503"}
    }));
    token_endpoint_after(&server, down, 100, 3600, Duration::ZERO).await;
    let error = get_partner(&bearer(&server), "p1").await.unwrap_err();
    let Error::Auth(auth) = &error else {
        panic!("expected an auth error, got {error:?}");
    };
    assert_eq!(auth.status(), 503);
    assert_eq!(error.trace_id().as_deref(), Some("tr-503"));
    assert_eq!(
        error.to_string(),
        "could not obtain a bearer token: 503 Service Unavailable from POST /api/v2/token: \
         maintenance (trace id tr-503)"
    );
    // The policy's 3 attempts, then no partner request.
    assert_eq!(count(&server, TOKEN).await, 3);
    assert_eq!(count(&server, PARTNER).await, 0);
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_tried_as_often_as_the_policy_allows() {
    let client = d360_runtime::ClientBuilder::<d360_runtime::Client>::new("http://x")
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .bearer_credentials(USER, PASSWORD)
        .retry_policy(fast_retries().max_attempts(4))
        .build()
        .unwrap();
    let error = get_partner(&client, "p1").await.unwrap_err();
    let Error::Connect(e) = &error else {
        panic!("expected a connect error, got {error:?}");
    };
    assert_eq!(e.path(), TOKEN);
    assert_eq!(e.attempts(), 4);
}

#[tokio::test]
async fn callers_waiting_for_a_failed_renewal_share_its_failure() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    let down = ResponseTemplate::new(503).set_delay(Duration::from_millis(100));
    token_endpoint_after(&server, down, 1000, 3600, Duration::ZERO).await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .retry_policy(fast_retries().max_attempts(2))
        .build()
        .unwrap();
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get_partner(&client, "p1").await })
        })
        .collect();
    for call in calls {
        let error = call.await.unwrap().unwrap_err();
        assert!(
            matches!(&error, Error::Auth(e) if e.status() == 503),
            "{error:?}"
        );
    }
    // One renewal of two attempts for all ten callers, not ten renewals one after another.
    assert_eq!(count(&server, TOKEN).await, 2);

    // The next caller tries again.
    let error = get_partner(&client, "p1").await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(count(&server, TOKEN).await, 4);
}

#[tokio::test]
async fn a_caller_dropped_mid_renewal_leaves_nobody_waiting() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    // The first token request hangs far longer than the test; later ones answer at once.
    let hanging = ResponseTemplate::new(200)
        .set_body_json(token_body(0, 3600))
        .set_delay(Duration::from_secs(60));
    let issued = token_endpoint_after(&server, hanging, 1, 3600, Duration::ZERO).await;
    let client = bearer(&server);

    let first = tokio::spawn({
        let client = client.clone();
        async move { get_partner(&client, "p1").await }
    });
    until_received(&server, TOKEN, 1).await;
    // Two more callers queue behind the renewal the first one started.
    let waiting: Vec<_> = (0..2)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get_partner(&client, "p1").await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    first.abort();
    assert!(first.await.unwrap_err().is_cancelled());

    for call in waiting {
        let outcome = tokio::time::timeout(Duration::from_secs(5), call)
            .await
            .expect("a caller still waits for the dropped renewal");
        assert_eq!(outcome.unwrap().unwrap()["id"], "p1");
    }
    // One of the waiting callers renewed, the other used its token.
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    assert_eq!(count(&server, TOKEN).await, 2);
}

#[tokio::test]
async fn a_token_due_for_renewal_is_sent_while_one_caller_renews_it() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    // t1 lives 6 s: renewed from 4.5 s on, sent until 5.81 s. Renewing it takes 1.5 s.
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(1, 6)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body(2, 6))
                .set_delay(Duration::from_millis(1500)),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let client = bearer(&server);
    get_partner(&client, "p1").await.unwrap();
    tokio::time::sleep(Duration::from_millis(4600)).await;

    let renewing = tokio::spawn({
        let client = client.clone();
        async move { get_partner(&client, "p1").await }
    });
    until_received(&server, TOKEN, 2).await;
    // Meanwhile other calls go out at once with t1.
    let started = Instant::now();
    get_partner(&client, "p1").await.unwrap();
    get_partner(&client, "p1").await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    renewing.await.unwrap().unwrap();
    get_partner(&client, "p1").await.unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(
        authorizations(&sent),
        [
            "Bearer t1",
            "Bearer t1",
            "Bearer t1",
            "Bearer t2",
            "Bearer t2"
        ]
    );
    assert_eq!(count(&server, TOKEN).await, 2);
}

#[tokio::test]
async fn a_failed_early_renewal_keeps_the_valid_token() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    // t1 lives 4 s (renewed from 3 s on, sent until 3.875 s); then the endpoint fails.
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(1, 4)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(ResponseTemplate::new(503))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    get_partner(&client, "p1").await.unwrap();
    tokio::time::sleep(Duration::from_millis(3100)).await;
    // Renewal fails, but t1 is still good: the call goes out with it.
    get_partner(&client, "p1").await.unwrap();
    assert_eq!(count(&server, TOKEN).await, 2);
    tokio::time::sleep(Duration::from_millis(850)).await;
    // Now t1 is expired and the endpoint still fails: the call fails.
    let error = get_partner(&client, "p1").await.unwrap_err();
    assert!(
        matches!(&error, Error::Auth(e) if e.status() == 503),
        "{error:?}"
    );
    let sent = server.received_requests().await.unwrap();
    assert_eq!(authorizations(&sent), ["Bearer t1", "Bearer t1"]);
}
