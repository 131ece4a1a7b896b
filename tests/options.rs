//! Per-call options through the generated client against the fake hub over real HTTP:
//! headers and a timeout for the calls of one handle, the client's credentials kept, the
//! original client unchanged.

use d360_fake_hub::{FakeHub, Fault};
use d360_partners::{Client, Error, RequestOptions, RetryPolicy};
use std::time::{Duration, Instant};

fn client(hub: &FakeHub) -> Client {
    Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .build()
        .unwrap()
}

#[tokio::test]
async fn headers_go_with_the_calls_of_the_handle_only() {
    let hub = FakeHub::start().await.unwrap();
    let client = client(&hub);
    let traced = client.with_request_options(
        RequestOptions::new()
            .header("X-Request-Id", "req-1")
            .header("X-Tag", "a")
            .header("X-Tag", "b"),
    );
    traced.get_partner(hub.partner_id()).await.unwrap();
    traced.get_webhook_url(hub.partner_id()).await.unwrap();
    client.get_partner(hub.partner_id()).await.unwrap();

    let seen = hub.requests();
    assert_eq!(seen.len(), 3);
    for request in &seen[..2] {
        assert_eq!(request.header("x-request-id"), Some("req-1"));
        let tags: Vec<&str> = request
            .headers
            .iter()
            .filter(|(n, _)| n == "x-tag")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(tags, ["a", "b"]);
        assert_eq!(request.header("x-api-key"), Some(hub.api_key()));
    }
    assert!(!seen[2].has_header("x-request-id"));
    assert!(client.runtime().request_options().is_none());
}

#[tokio::test]
async fn headers_replace_the_clients_but_never_its_credentials() {
    let hub = FakeHub::start().await.unwrap();
    let options = RequestOptions::new()
        .header("User-Agent", "batch-job/2")
        .header("X-API-Key", "not-the-key")
        .header("Authorization", "Bearer not-a-token");
    let partner = client(&hub)
        .with_request_options(options)
        .get_partner(hub.partner_id())
        .await
        .unwrap();
    assert_eq!(partner.id.as_deref(), Some("examplePA"));
    let seen = &hub.requests()[0];
    assert_eq!(seen.header("user-agent"), Some("batch-job/2"));
    assert_eq!(seen.header("x-api-key"), Some(hub.api_key()));
    assert!(!seen.has_header("authorization"));
    let user_agents = seen.headers.iter().filter(|(n, _)| n == "user-agent");
    assert_eq!(user_agents.count(), 1);
}

#[tokio::test]
async fn an_invalid_header_fails_the_call_before_sending() {
    let hub = FakeHub::start().await.unwrap();
    let error = client(&hub)
        .with_request_options(RequestOptions::new().header("X-Bad", "line\nbreak"))
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert!(error.to_string().contains("X-Bad"), "{error}");
    assert!(!error.to_string().contains("line"), "{error}");
    let error = client(&hub)
        .with_request_options(RequestOptions::new().header("X Bad", "v"))
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert!(hub.requests().is_empty());
}

#[tokio::test]
async fn the_timeout_applies_to_the_calls_of_the_handle_only() {
    let hub = FakeHub::start().await.unwrap();
    let client = Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    hub.inject(
        Fault::delay(Duration::from_millis(1500))
            .times(2)
            .on_path(hub.partner_path()),
    );
    let started = Instant::now();
    let error = client
        .with_request_options(RequestOptions::new().timeout(Duration::from_millis(200)))
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    let waited = started.elapsed();
    assert!(waited < Duration::from_millis(1000), "{waited:?}");
    assert!(waited >= Duration::from_millis(200), "{waited:?}");

    // The client's own 30 s timeout waits for the slow answer.
    let started = Instant::now();
    client.get_partner(hub.partner_id()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(1500));
}

#[tokio::test]
async fn a_longer_timeout_than_the_clients_is_honoured_too() {
    let hub = FakeHub::start().await.unwrap();
    let client = Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    hub.inject(
        Fault::delay(Duration::from_millis(600))
            .times(2)
            .on_path(hub.partner_path()),
    );
    let error = client.get_partner(hub.partner_id()).await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    client
        .with_request_options(RequestOptions::new().timeout(Duration::from_secs(5)))
        .get_partner(hub.partner_id())
        .await
        .unwrap();
}
