//! Authentication through the generated client against the fake hub over real HTTP: the
//! API key, bearer tokens (obtained, reused, renewed on expiry and after a 401, one renewal
//! shared by concurrent callers), the scheme chosen when both are configured, and no secret
//! in `Debug` output.

use d360_fake_hub::{FakeHub, Fault};
use d360_partners::{Client, Error, GetPartnerError};
use std::time::Duration;
use tokio::task::JoinSet;

const TOKEN_PATH: &str = "/api/v2/token";

fn api_key_client(hub: &FakeHub) -> Client {
    Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
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

/// The access tokens the hub saw in `Authorization` headers, in order.
fn bearer_tokens_seen(hub: &FakeHub) -> Vec<String> {
    hub.requests_to(&hub.partner_path())
        .iter()
        .filter_map(|r| r.header("authorization"))
        .map(|v| v.strip_prefix("Bearer ").unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_api_key_goes_in_x_api_key() {
    let hub = FakeHub::start().await.unwrap();
    let partner = api_key_client(&hub).get_partner("examplePA").await.unwrap();
    assert_eq!(partner.id.as_deref(), Some("examplePA"));
    let seen = hub.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].header("x-api-key"), Some(hub.api_key()));
    assert!(!seen[0].has_header("authorization"));
    assert_eq!(hub.tokens_issued(), 0);
}

#[tokio::test]
async fn bearer_credentials_get_a_token_first_and_reuse_it() {
    let hub = FakeHub::start().await.unwrap();
    let client = bearer_client(&hub);
    client.get_partner("examplePA").await.unwrap();
    client.get_webhook_url("examplePA").await.unwrap();

    let seen = hub.requests();
    let paths: Vec<&str> = seen.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            TOKEN_PATH,
            "/api/v2/partners/examplePA",
            "/api/v2/partners/examplePA/webhook_url"
        ]
    );
    let login = seen[0].json().unwrap();
    assert_eq!(login["username"], hub.username());
    assert_eq!(login["password"], hub.password());
    assert!(!seen[0].has_header("authorization") && !seen[0].has_header("x-api-key"));
    for call in &seen[1..] {
        assert!(call
            .header("authorization")
            .unwrap()
            .starts_with("Bearer fake-access-1-"));
        assert!(!call.has_header("x-api-key"));
    }
    assert_eq!(hub.tokens_issued(), 1);
}

#[tokio::test]
async fn the_api_key_is_preferred_when_both_are_set() {
    let hub = FakeHub::start().await.unwrap();
    let client = Client::builder()
        .base_url(hub.url())
        .bearer_credentials(hub.username(), hub.password())
        .api_key(hub.api_key())
        .build()
        .unwrap();
    client.get_partner("examplePA").await.unwrap();
    let seen = hub.requests();
    assert_eq!(seen.len(), 1, "no token request: {seen:?}");
    assert_eq!(seen[0].header("x-api-key"), Some(hub.api_key()));
    assert!(!seen[0].has_header("authorization"));
    assert_eq!(hub.tokens_issued(), 0);
}

#[tokio::test]
async fn an_expiring_token_is_renewed_before_it_is_refused() {
    let hub = FakeHub::builder()
        .token_lifetime(Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let client = bearer_client(&hub);
    client.get_partner("examplePA").await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.get_partner("examplePA").await.unwrap();
    assert_eq!(hub.tokens_issued(), 2);
    // Renewed ahead of time: no call was refused and resent.
    let tokens = bearer_tokens_seen(&hub);
    assert_eq!(tokens.len(), 2);
    assert_ne!(tokens[0], tokens[1]);
}

#[tokio::test]
async fn concurrent_callers_share_one_token_request() {
    let hub = FakeHub::builder()
        .token_lifetime(Duration::from_secs(2))
        .start()
        .await
        .unwrap();
    // A slow token endpoint, so that every caller arrives while the first renewal runs.
    hub.inject(
        Fault::delay(Duration::from_millis(200))
            .always()
            .on_path(TOKEN_PATH),
    );
    let client = bearer_client(&hub);
    for round in 1..=2 {
        let mut calls = JoinSet::new();
        for _ in 0..20 {
            let client = client.clone();
            calls.spawn(async move { client.get_partner("examplePA").await });
        }
        while let Some(result) = calls.join_next().await {
            result.unwrap().unwrap();
        }
        assert_eq!(hub.tokens_issued(), round, "round {round}");
        assert_eq!(hub.request_count(TOKEN_PATH), round);
        // Let the token expire: the next round shares one renewal too.
        tokio::time::sleep(Duration::from_millis(2100)).await;
    }
    assert_eq!(hub.request_count(&hub.partner_path()), 40);
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_and_the_call_sent_once_more() {
    let hub = FakeHub::start().await.unwrap();
    let client = bearer_client(&hub);
    client.get_partner("examplePA").await.unwrap();
    hub.revoke_tokens();
    let partner = client.get_partner("examplePA").await.unwrap();
    assert_eq!(partner.id.as_deref(), Some("examplePA"));
    assert_eq!(hub.tokens_issued(), 2);
    // First call, the call refused with 401, the same call with the new token.
    let tokens = bearer_tokens_seen(&hub);
    assert_eq!(tokens.len(), 3);
    assert_eq!(tokens[0], tokens[1]);
    assert_ne!(tokens[1], tokens[2]);
}

#[tokio::test]
async fn a_second_401_is_returned_not_retried_again() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::status(401).times(5).on_path(hub.partner_path()));
    let error = bearer_client(&hub)
        .get_partner("examplePA")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(401));
    assert_eq!(hub.request_count(&hub.partner_path()), 2);
    assert_eq!(hub.tokens_issued(), 2);
}

#[tokio::test]
async fn a_refused_api_key_is_not_resent() {
    let hub = FakeHub::start().await.unwrap();
    let client = Client::builder()
        .base_url(hub.url())
        .api_key("not-the-key")
        .build()
        .unwrap();
    let error = client.get_partner("examplePA").await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.message().as_deref(), Some("Invalid API key"));
    assert!(error.trace_id().is_some());
    assert_eq!(hub.requests().len(), 1);
}

#[tokio::test]
async fn wrong_bearer_credentials_are_an_auth_error() {
    let hub = FakeHub::start().await.unwrap();
    let client = Client::builder()
        .base_url(hub.url())
        .bearer_credentials(hub.username(), "wrong-password-123")
        .build()
        .unwrap();
    let error = client.get_partner("examplePA").await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(error.status(), Some(401));
    assert!(error.trace_id().is_some());
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("wrong-password-123"), "{shown}");
    // The partner endpoint was never called without a token.
    assert_eq!(hub.request_count(&hub.partner_path()), 0);
}

#[tokio::test]
async fn another_partners_id_is_forbidden() {
    let hub = FakeHub::start().await.unwrap();
    hub.insert_partner("otherPA", d360_partners::types::PartnerOut::new());
    let error = api_key_client(&hub)
        .get_partner("otherPA")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(403));
    let body: serde_json::Value = serde_json::from_slice(error.body().unwrap()).unwrap();
    assert_eq!(body["meta"]["http_code"], 403);
    assert_eq!(
        error.trace_id().as_deref(),
        body["meta"]["360dialog_trace_id"].as_str()
    );
}

#[tokio::test]
async fn debug_output_shows_no_secret() {
    let hub = FakeHub::start().await.unwrap();
    let key_client = api_key_client(&hub);
    let bearer = bearer_client(&hub);
    bearer.get_partner("examplePA").await.unwrap();
    let token = bearer_tokens_seen(&hub).pop().unwrap();

    let not_found = key_client.get_partner("nobody").await.unwrap_err();
    assert!(matches!(
        not_found,
        Error::Api {
            error: GetPartnerError::NotFound(_),
            ..
        }
    ));
    let refused = Client::builder()
        .base_url(hub.url())
        .bearer_credentials(hub.username(), "wrong-password-123")
        .build()
        .unwrap()
        .get_partner("examplePA")
        .await
        .unwrap_err();

    let shown = [
        format!("{key_client:?}"),
        format!("{bearer:?}"),
        format!("{not_found:?} {not_found}"),
        format!("{refused:?} {refused}"),
        format!("{:?}", Client::builder().api_key(hub.api_key())),
    ];
    for text in shown {
        for secret in [hub.api_key(), hub.password(), "wrong-password-123", &token] {
            assert!(!text.contains(secret), "{secret:?} in {text}");
        }
        assert!(!text.contains(hub.username()), "username in {text}");
    }
}

#[tokio::test]
async fn a_transient_failure_of_the_token_request_does_not_fail_the_call() {
    let hub = FakeHub::start().await.unwrap();
    let client = bearer_client(&hub);
    for status in [503, 502, 504, 429] {
        hub.revoke_tokens();
        hub.inject(Fault::status(status).retry_after(0).on_path(TOKEN_PATH));
        let partner = client.get_partner("examplePA").await;
        assert_eq!(
            partner.unwrap().id.as_deref(),
            Some("examplePA"),
            "{status}"
        );
    }
    // Each round: the failed token request and the retried one (then, after the first
    // round, the call refused with the revoked token and sent again).
    assert_eq!(hub.request_count(TOKEN_PATH), 2 * 4);
    assert_eq!(hub.tokens_issued(), 4);
    assert_eq!(hub.request_count(&hub.partner_path()), 1 + 2 * 3);
}

#[tokio::test]
async fn a_refused_token_request_is_not_retried() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::status(400).times(5).on_path(TOKEN_PATH));
    let error = bearer_client(&hub)
        .get_partner("examplePA")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(error.status(), Some(400));
    assert_eq!(hub.request_count(TOKEN_PATH), 1);
}

#[tokio::test]
async fn a_caller_cancelled_mid_renewal_leaves_no_one_waiting() {
    let hub = FakeHub::start().await.unwrap();
    // The first token request takes far longer than the test may; later ones are quick.
    hub.inject(Fault::delay(Duration::from_secs(30)).on_path(TOKEN_PATH));
    let client = bearer_client(&hub);
    let renewing = tokio::spawn({
        let client = client.clone();
        async move { client.get_partner("examplePA").await }
    });
    let started = std::time::Instant::now();
    while hub.request_count(TOKEN_PATH) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "no token request"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut waiting = JoinSet::new();
    for _ in 0..5 {
        let client = client.clone();
        waiting.spawn(async move { client.get_partner("examplePA").await });
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    renewing.abort();
    assert!(renewing.await.unwrap_err().is_cancelled());

    let all = async {
        while let Some(call) = waiting.join_next().await {
            let partner = call.unwrap().unwrap();
            assert_eq!(partner.id.as_deref(), Some("examplePA"));
        }
    };
    tokio::time::timeout(Duration::from_secs(5), all)
        .await
        .expect("callers still wait for the cancelled renewal");
    // One waiting caller renewed for all five.
    assert_eq!(hub.request_count(TOKEN_PATH), 2);
    assert_eq!(hub.request_count(&hub.partner_path()), 5);
}
