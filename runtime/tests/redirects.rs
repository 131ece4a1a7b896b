//! Redirects: followed within the configured origin, never to another one, so neither
//! `X-API-Key` nor `Authorization` (nor a login body) reaches a second server.

mod common;

use common::*;
use d360_runtime::{Client, ClientBuilder, Error, Method, Request};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const P: &str = "/api/v2/partners/p1";

/// A second origin that accepts anything and records it.
async fn elsewhere() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "stolen"})))
        .mount(&server)
        .await;
    server
}

async fn redirect(server: &MockServer, verb: &str, from: &str, status: u16, to: &str) {
    Mock::given(method(verb))
        .and(path(from))
        .respond_with(ResponseTemplate::new(status).insert_header("Location", to))
        .mount(server)
        .await;
}

#[tokio::test]
async fn api_key_never_follows_a_redirect_to_another_origin() {
    let hub = MockServer::start().await;
    let other = elsewhere().await;
    for status in [301, 302, 303, 307, 308] {
        let target = format!("{}/collect/{status}", other.uri());
        redirect(&hub, "GET", &format!("/r/{status}"), status, &target).await;
        let client = builder(&hub).api_key(KEY).build().unwrap();
        let request = Request::new(Method::GET, format!("/r/{status}"));
        let error = send(&client, request).await.unwrap_err();
        assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
        assert_eq!(error.status(), Some(status));
        let shown = error.to_string();
        assert!(
            shown.contains(&format!("the redirect to {target} was not followed")),
            "{shown}"
        );
    }
    assert_eq!(other.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn bearer_token_and_login_never_follow_a_redirect_to_another_origin() {
    let hub = MockServer::start().await;
    let other = elsewhere().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "tok-1"})))
        .mount(&hub)
        .await;
    redirect(&hub, "GET", P, 302, &format!("{}{P}", other.uri())).await;
    let client = builder(&hub)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    let error = get_partner(&client, "p1").await.unwrap_err();
    assert_eq!(error.status(), Some(302));

    // The token endpoint itself redirecting away: the login body stays home too.
    let hub = MockServer::start().await;
    redirect(
        &hub,
        "POST",
        "/api/v2/token",
        307,
        &format!("{}/api/v2/token", other.uri()),
    )
    .await;
    let client = builder(&hub)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    let error = get_partner(&client, "p1").await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(error.status(), Some(307));
    assert!(!error.to_string().contains(PASSWORD));

    assert_eq!(other.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn same_host_through_another_name_is_another_origin() {
    let hub = MockServer::start().await;
    let port = hub.address().port();
    redirect(
        &hub,
        "GET",
        "/r",
        302,
        &format!("http://localhost:{port}{P}"),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(P))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&hub)
        .await;
    let client = builder(&hub).api_key(KEY).build().unwrap();
    let error = send(&client, Request::new(Method::GET, "/r".into()))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(302));
    assert_eq!(count(&hub, P).await, 0);
}

#[tokio::test]
async fn same_origin_redirects_are_followed_with_credentials() {
    let hub = MockServer::start().await;
    redirect(&hub, "GET", "/old", 301, "/older").await;
    redirect(&hub, "GET", "/older", 302, &format!("{}{P}", hub.uri())).await;
    Mock::given(method("GET"))
        .and(path(P))
        .and(header("x-api-key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p1"})))
        .expect(1)
        .mount(&hub)
        .await;
    let client = builder(&hub).api_key(KEY).build().unwrap();
    let partner = send(&client, Request::new(Method::GET, "/old".into()))
        .await
        .unwrap();
    assert_eq!(partner["id"], "p1");
    hub.verify().await;
}

#[tokio::test]
async fn redirect_loops_end() {
    let hub = MockServer::start().await;
    redirect(&hub, "GET", "/loop", 302, "/loop").await;
    let client = builder(&hub).api_key(KEY).build().unwrap();
    let error = send(&client, Request::new(Method::GET, "/loop".into()))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        error.to_string().ends_with("more than 5 redirects"),
        "{error}"
    );
    assert_eq!(count(&hub, "/loop").await, 6);
}

#[tokio::test]
async fn a_supplied_reqwest_client_keeps_its_own_redirect_policy() {
    let hub = MockServer::start().await;
    redirect(&hub, "GET", "/old", 301, P).await;
    Mock::given(method("GET"))
        .and(path(P))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p1"})))
        .mount(&hub)
        .await;
    install_crypto_provider();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client: Client = ClientBuilder::new("http://x")
        .base_url(hub.uri())
        .reqwest_client(http)
        .api_key(KEY)
        .build()
        .unwrap();
    let error = send(&client, Request::new(Method::GET, "/old".into()))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(301));
    assert_eq!(count(&hub, P).await, 0);
}
