//! Authentication over real HTTP: API key, bearer tokens (obtaining, renewing, sharing one
//! renewal between concurrent calls, 401 handling), and the scheme chosen per request.

mod common;

use common::*;
use d360_runtime::{Error, Method, Request};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path};
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

/// A token endpoint handing out `t1`, `t2`, ... with the given lifetime.
async fn token_endpoint(server: &MockServer, expires_in: u64, delay: Duration) -> Arc<AtomicUsize> {
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(move |_: &wiremock::Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            ResponseTemplate::new(200)
                .set_body_json(json!({
                    "access_token": format!("t{n}"),
                    "refresh_token": "r",
                    "token_type": "Bearer",
                    "expires_in": expires_in,
                }))
                .set_delay(delay)
        })
        .mount(server)
        .await;
    issued
}

fn header_of(request: &wiremock::Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

async fn partner_requests(server: &MockServer) -> Vec<wiremock::Request> {
    let all = server.received_requests().await.unwrap();
    all.into_iter()
        .filter(|r| r.url.path() == PARTNER)
        .collect()
}

#[tokio::test]
async fn api_key_is_sent_on_every_request() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    let client = builder(&server).api_key(KEY).build().unwrap();
    get_partner(&client, "p1").await.unwrap();
    get_partner(&client, "p1").await.unwrap();
    let sent = partner_requests(&server).await;
    assert_eq!(sent.len(), 2);
    for request in sent {
        assert_eq!(header_of(&request, "x-api-key").as_deref(), Some(KEY));
        assert_eq!(header_of(&request, "authorization"), None);
    }
}

#[tokio::test]
async fn bearer_token_is_obtained_with_the_credentials_and_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"username": USER, "password": PASSWORD})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok-1", "refresh_token": "r", "token_type": "Bearer", "expires_in": 86400
        })))
        .expect(1)
        .mount(&server)
        .await;
    partner_ok(&server).await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    get_partner(&client, "p1").await.unwrap();
    get_partner(&client, "p1").await.unwrap();
    let sent = partner_requests(&server).await;
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(
            header_of(request, "authorization").as_deref(),
            Some("Bearer tok-1")
        );
        assert_eq!(header_of(request, "x-api-key"), None);
    }
    let token_request = &server.received_requests().await.unwrap()[0];
    assert_eq!(header_of(token_request, "authorization"), None);
    server.verify().await;
}

#[tokio::test]
async fn token_path_is_configurable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "x"})))
        .expect(1)
        .mount(&server)
        .await;
    partner_ok(&server).await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .token_path("/auth/login")
        .build()
        .unwrap();
    get_partner(&client, "p1").await.unwrap();
    assert_eq!(count(&server, TOKEN).await, 0);
    server.verify().await;
}

#[tokio::test]
async fn api_key_wins_over_bearer() {
    let server = MockServer::start().await;
    let issued = token_endpoint(&server, 3600, Duration::ZERO).await;
    partner_ok(&server).await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .api_key(KEY)
        .build()
        .unwrap();
    get_partner(&client, "p1").await.unwrap();
    assert_eq!(
        issued.load(Ordering::SeqCst),
        0,
        "no token may be requested"
    );
    let sent = partner_requests(&server).await;
    assert_eq!(header_of(&sent[0], "x-api-key").as_deref(), Some(KEY));
    assert_eq!(header_of(&sent[0], "authorization"), None);
}

#[tokio::test]
async fn only_the_configured_scheme_is_sent_even_when_the_request_sets_another() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    token_endpoint(&server, 3600, Duration::ZERO).await;
    let with_key = builder(&server).api_key(KEY).build().unwrap();
    let with_bearer = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    for client in [&with_key, &with_bearer] {
        let request = Request::new(Method::GET, PARTNER.to_owned())
            .header("Authorization", "Bearer stale")
            .header("X-API-Key", "other");
        send(client, request).await.unwrap();
    }
    let sent = partner_requests(&server).await;
    assert_eq!(header_of(&sent[0], "authorization"), None);
    let keys: Vec<_> = sent[0].headers.get_all("x-api-key").iter().collect();
    assert_eq!(keys, [KEY]);
    assert_eq!(header_of(&sent[1], "x-api-key"), None);
    let tokens: Vec<_> = sent[1].headers.get_all("authorization").iter().collect();
    assert_eq!(tokens, ["Bearer t1"]);
}

#[tokio::test]
async fn without_auth_sends_no_credentials() {
    let server = MockServer::start().await;
    let issued = token_endpoint(&server, 3600, Duration::ZERO).await;
    partner_ok(&server).await;
    for client in [
        builder(&server).api_key(KEY).build().unwrap(),
        builder(&server)
            .bearer_credentials(USER, PASSWORD)
            .build()
            .unwrap(),
    ] {
        let request = Request::new(Method::GET, PARTNER.to_owned()).without_auth();
        send(&client, request).await.unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 0);
    for request in partner_requests(&server).await {
        assert_eq!(header_of(&request, "x-api-key"), None);
        assert_eq!(header_of(&request, "authorization"), None);
    }
}

#[tokio::test]
async fn fresh_token_is_reused_and_expiring_one_renewed() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    let long = token_endpoint(&server, 3600, Duration::ZERO).await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    for _ in 0..3 {
        get_partner(&client, "p1").await.unwrap();
    }
    assert_eq!(long.load(Ordering::SeqCst), 1);

    // A 1 s lifetime is renewed after 0.75 s (a quarter of short lifetimes is the margin).
    let server = MockServer::start().await;
    partner_ok(&server).await;
    let short = token_endpoint(&server, 1, Duration::ZERO).await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    get_partner(&client, "p1").await.unwrap();
    get_partner(&client, "p1").await.unwrap();
    assert_eq!(short.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(950)).await;
    get_partner(&client, "p1").await.unwrap();
    assert_eq!(short.load(Ordering::SeqCst), 2);
    let sent = partner_requests(&server).await;
    assert_eq!(
        header_of(&sent[2], "authorization").as_deref(),
        Some("Bearer t2")
    );
}

#[tokio::test]
async fn concurrent_calls_share_one_token_request() {
    let server = MockServer::start().await;
    partner_ok(&server).await;
    let issued = token_endpoint(&server, 3600, Duration::from_millis(200)).await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get_partner(&client, "p1").await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    assert_eq!(partner_requests(&server).await.len(), 20);
}

/// A partner endpoint accepting only `Bearer {accepted}`.
async fn partner_accepting(server: &MockServer, accepted: &'static str) {
    Mock::given(method("GET"))
        .and(path(PARTNER))
        .respond_with(move |request: &wiremock::Request| {
            let auth = header_of(request, "authorization").unwrap_or_default();
            if auth == format!("Bearer {accepted}") {
                ResponseTemplate::new(200).set_body_json(json!({"id": "p1"}))
            } else {
                ResponseTemplate::new(401)
                    .set_body_json(json!({"meta": {"developer_message": "token expired"}}))
            }
        })
        .mount(server)
        .await;
}

#[tokio::test]
async fn rejected_token_is_renewed_once_and_the_call_retried_once() {
    let server = MockServer::start().await;
    let issued = token_endpoint(&server, 3600, Duration::ZERO).await;
    partner_accepting(&server, "t2").await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    get_partner(&client, "p1").await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let sent = partner_requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(
        header_of(&sent[1], "authorization").as_deref(),
        Some("Bearer t2")
    );
    // The renewed token is kept.
    get_partner(&client, "p1").await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_second_401_is_returned_not_retried_forever() {
    let server = MockServer::start().await;
    let issued = token_endpoint(&server, 3600, Duration::ZERO).await;
    partner_accepting(&server, "never").await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    let error = get_partner(&client, "p1").await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.message().as_deref(), Some("token expired"));
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    assert_eq!(partner_requests(&server).await.len(), 2);
}

#[tokio::test]
async fn concurrent_401s_share_one_renewal() {
    let server = MockServer::start().await;
    let issued = token_endpoint(&server, 3600, Duration::from_millis(50)).await;
    partner_accepting(&server, "t2").await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get_partner(&client, "p1").await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_401_with_an_api_key_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PARTNER))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).api_key(KEY).build().unwrap();
    let error = get_partner(&client, "p1").await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    server.verify().await;
}

#[tokio::test]
async fn refused_credentials_are_an_auth_error_without_the_password() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "meta": {"developer_message": "Invalid credentials", "360dialog_trace_id": "tr-9"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    partner_ok(&server).await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    let error = get_partner(&client, "p1").await.unwrap_err();
    let Error::Auth(auth) = &error else {
        panic!("expected an auth error, got {error:?}");
    };
    assert_eq!(auth.status(), 401);
    assert_eq!(auth.path(), TOKEN);
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.trace_id().as_deref(), Some("tr-9"));
    assert_eq!(error.message().as_deref(), Some("Invalid credentials"));
    assert_eq!(
        error.to_string(),
        "could not obtain a bearer token: 401 Unauthorized from POST /api/v2/token: \
         Invalid credentials (trace id tr-9)"
    );
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains(PASSWORD) && !shown.contains(USER),
        "{shown}"
    );
    assert_eq!(count(&server, PARTNER).await, 0);
    server.verify().await;
}

#[tokio::test]
async fn a_success_that_is_not_a_token_is_an_auth_error_that_withholds_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": "tok-secret-xyz"})))
        .mount(&server)
        .await;
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    let error = get_partner(&client, "p1").await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(error.body(), None);
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("no `access_token` string"), "{shown}");
    assert!(!shown.contains("tok-secret-xyz"), "{shown}");
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_a_connect_error_naming_it() {
    let client = d360_runtime::ClientBuilder::<d360_runtime::Client>::new("http://x")
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .bearer_credentials(USER, PASSWORD)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let error = get_partner(&client, "p1").await.unwrap_err();
    let Error::Connect(e) = &error else {
        panic!("expected a connect error, got {error:?}");
    };
    assert_eq!(e.path(), TOKEN);
    assert!(
        error
            .to_string()
            .starts_with("POST /api/v2/token: could not connect"),
        "{error}"
    );
}

#[tokio::test]
async fn no_secret_in_debug_output() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"access_token": "tok-live-777"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PARTNER))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"meta": {"developer_message": "nope"}})),
        )
        .mount(&server)
        .await;
    let bearer = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    let error = get_partner(&bearer, "p1").await.unwrap_err();
    let with_key = builder(&server)
        .api_key(KEY)
        .bearer_credentials(USER, PASSWORD);
    let builder_shown = format!("{with_key:?}");
    let shown = format!(
        "{bearer:?} {error:?} {error} {builder_shown} {:?}",
        with_key.build().unwrap()
    );
    for secret in [KEY, PASSWORD, USER, "tok-live-777"] {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
    assert!(shown.contains("REDACTED"), "{shown}");
}
