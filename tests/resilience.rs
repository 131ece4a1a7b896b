//! Retries and redirects through the generated client against the fake hub over real HTTP:
//! what is sent again and when, the attempt cap, and credentials that never leave the
//! configured origin.

use d360_fake_hub::{FakeHub, Fault};
use d360_partners::types::PatchPartnerIn;
use d360_partners::{Client, Error};
use d360_runtime::RetryPolicy;
use std::time::{Duration, Instant};

/// Backoff too short to notice, so that any wait measured is a `Retry-After`.
fn quick(policy: RetryPolicy) -> RetryPolicy {
    policy
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(1))
}

fn client(hub: &FakeHub, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .retry_policy(policy)
        .build()
        .unwrap()
}

fn bearer_client(hub: &FakeHub) -> Client {
    Client::builder()
        .base_url(hub.url())
        .bearer_credentials(hub.username(), hub.password())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_get_is_retried_on_503_after_the_retry_after_delay() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(
        Fault::status(503)
            .retry_after(1)
            .on_path(hub.partner_path()),
    );
    let started = Instant::now();
    let partner = client(&hub, quick(RetryPolicy::default()))
        .get_partner("examplePA")
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(partner.id.as_deref(), Some("examplePA"));
    assert_eq!(hub.request_count(&hub.partner_path()), 2);
    assert!(waited >= Duration::from_secs(1), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
}

#[tokio::test]
async fn a_429_is_retried_too() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::status(429).retry_after(0).times(2));
    client(&hub, quick(RetryPolicy::default()))
        .get_webhook_url("examplePA")
        .await
        .unwrap();
    assert_eq!(hub.requests().len(), 3);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_policy_allows_ends_the_retries() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::status(503).retry_after(120));
    let started = Instant::now();
    let error = client(&hub, quick(RetryPolicy::default()))
        .get_partner("examplePA")
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(error.status(), Some(503));
    let retry_after = &error.context().unwrap().headers["retry-after"];
    assert_eq!(retry_after, "120");
    assert_eq!(hub.requests().len(), 1);
}

#[tokio::test]
async fn a_patch_is_not_retried() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::status(503).retry_after(0).on_method("PATCH"));
    let patch = PatchPartnerIn::new().with_partner_redirect_url("https://example.com/done");
    let error = client(&hub, quick(RetryPolicy::default()))
        .update_partner("examplePA", &patch)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(503));
    assert_eq!(hub.requests().len(), 1);
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
async fn a_post_is_not_retried_either() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::status(502).on_method("POST"));
    let body = d360_partners::types::WebhookUrlIn::new("https://example.com/hook".into());
    let error = client(&hub, quick(RetryPolicy::default()))
        .set_webhook_url("examplePA", &body)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(502));
    assert_eq!(hub.requests().len(), 1);
}

#[tokio::test]
async fn attempts_are_capped_by_the_policy() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::status(503).always());
    let path = hub.partner_path();
    for (policy, attempts) in [
        (RetryPolicy::default(), 3),
        (RetryPolicy::default().max_attempts(5), 5),
        (RetryPolicy::none(), 1),
    ] {
        hub.clear_requests();
        let error = client(&hub, quick(policy))
            .get_partner("examplePA")
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(503));
        assert_eq!(hub.request_count(&path), attempts);
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_credentials() {
    let hub = FakeHub::start().await.unwrap();
    let target = format!("{}{}", hub.url(), hub.partner_path());
    hub.inject(Fault::redirect(target).on_path("/api/v2/partners/old-id"));
    let partner = client(&hub, RetryPolicy::none())
        .get_partner("old-id")
        .await
        .unwrap();
    assert_eq!(partner.id.as_deref(), Some("examplePA"));
    let seen = hub.requests();
    assert_eq!(seen.len(), 2);
    assert!(seen
        .iter()
        .all(|r| r.header("x-api-key") == Some(hub.api_key())));
}

/// Asserts that `other` never received a credential (nor a password in a body).
fn assert_no_credentials_reached(other: &FakeHub, hub: &FakeHub) {
    for request in other.requests() {
        assert!(!request.has_header("x-api-key"), "{request:?}");
        assert!(!request.has_header("authorization"), "{request:?}");
        let body = String::from_utf8_lossy(&request.body);
        assert!(!body.contains(hub.password()), "{request:?}");
    }
}

#[tokio::test]
async fn the_api_key_never_follows_a_redirect_to_another_origin() {
    let hub = FakeHub::start().await.unwrap();
    let other = FakeHub::start().await.unwrap();
    let elsewhere = format!("{}{}", other.url(), other.partner_path());
    hub.inject(Fault::redirect(&elsewhere));
    let error = client(&hub, RetryPolicy::none())
        .get_partner("examplePA")
        .await
        .unwrap_err();
    assert_no_credentials_reached(&other, &hub);
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(307));
    assert!(error.to_string().contains(&elsewhere), "{error}");
}

#[tokio::test]
async fn a_bearer_token_never_follows_a_redirect_to_another_origin() {
    let hub = FakeHub::start().await.unwrap();
    let other = FakeHub::start().await.unwrap();
    hub.inject(
        Fault::redirect(format!("{}{}", other.url(), other.partner_path()))
            .on_path(hub.partner_path()),
    );
    let error = bearer_client(&hub)
        .get_partner("examplePA")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(307));
    assert_no_credentials_reached(&other, &hub);
    assert_eq!(hub.tokens_issued(), 1);
}

#[tokio::test]
async fn the_password_never_follows_a_token_endpoint_redirect_to_another_origin() {
    let hub = FakeHub::start().await.unwrap();
    let other = FakeHub::start().await.unwrap();
    hub.inject(Fault::redirect(format!("{}/api/v2/token", other.url())).on_path("/api/v2/token"));
    let error = bearer_client(&hub)
        .get_partner("examplePA")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(error.status(), Some(307));
    assert_no_credentials_reached(&other, &hub);
    assert_eq!(other.tokens_issued(), 0);
    assert_eq!(hub.request_count(&hub.partner_path()), 0);
}
