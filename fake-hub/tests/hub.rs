//! The stand-in itself, over real HTTP with a plain reqwest client: what it answers, how
//! faults change that, and what it records.

use d360_fake_hub::{FakeHub, Fault};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    fn trace_id(&self) -> String {
        self.json()["meta"]["360dialog_trace_id"]
            .as_str()
            .expect("a trace id")
            .to_owned()
    }
}

async fn send(
    hub: &FakeHub,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> Answer {
    let http = http_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut request = http.request(method, format!("{}{path}", hub.url()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

/// A reqwest builder; reqwest is built here without a TLS crypto provider, so install one.
fn http_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

async fn plain_get(url: &str) -> reqwest::Result<reqwest::Response> {
    http_builder().build()?.get(url).send().await
}

async fn get_with_key(hub: &FakeHub, path: &str) -> Answer {
    send(
        hub,
        Method::GET,
        path,
        &[("X-API-Key", hub.api_key())],
        None,
    )
    .await
}

async fn token(hub: &FakeHub) -> String {
    let login = json!({"username": hub.username(), "password": hub.password()});
    let answer = send(hub, Method::POST, "/api/v2/token", &[], Some(login)).await;
    assert_eq!(answer.status, 200);
    let body = answer.json();
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["refresh_token"].is_string());
    body["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn serves_the_demo_partner_with_an_api_key() {
    let hub = FakeHub::start().await.unwrap();
    let answer = get_with_key(&hub, "/api/v2/partners/examplePA").await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.headers["content-type"].to_str().unwrap(),
        "application/json"
    );
    let partner = answer.json();
    assert_eq!(partner["id"], "examplePA");
    assert_eq!(partner["brand_name"], "Example Partner");
    assert_eq!(
        partner["settings"]["partner_change_request"]["auto_approve"],
        false
    );
    assert_eq!(partner["settings"]["standard_tiered_pricing_enabled"], true);
}

#[tokio::test]
async fn credentials_are_checked() {
    let hub = FakeHub::start().await.unwrap();
    let path = hub.partner_path();
    let cases: [(&[(&str, &str)], u16); 5] = [
        (&[], 401),
        (&[("X-API-Key", "wrong")], 401),
        (&[("Authorization", "Bearer not-a-token")], 401),
        (&[("Authorization", "Basic dXNlcjpwYXNz")], 401),
        (&[("X-API-Key", hub.api_key())], 200),
    ];
    for (headers, status) in cases {
        let answer = send(&hub, Method::GET, &path, headers, None).await;
        assert_eq!(answer.status, status, "{headers:?}");
        if status == 401 {
            let meta = &answer.json()["meta"];
            assert_eq!(meta["http_code"], 401);
            assert_eq!(meta["success"], false);
            assert!(meta["developer_message"].is_string());
        }
    }
}

#[tokio::test]
async fn unknown_partner_is_404_and_another_partners_id_is_403() {
    let hub = FakeHub::start().await.unwrap();
    hub.insert_partner("otherPA", d360_partners::types::PartnerOut::new());
    let answer = get_with_key(&hub, "/api/v2/partners/nobody").await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.json()["meta"]["http_code"], 404);
    let answer = get_with_key(&hub, "/api/v2/partners/otherPA").await;
    assert_eq!(answer.status, 403);
    let answer = get_with_key(&hub, "/api/v2/nothing/here").await;
    assert_eq!(answer.status, 404);
    let answer = send(&hub, Method::DELETE, &hub.partner_path(), &[], None).await;
    assert_eq!(answer.status, 405);
}

#[tokio::test]
async fn every_error_has_a_fresh_trace_id() {
    let hub = FakeHub::start().await.unwrap();
    let a = get_with_key(&hub, "/api/v2/partners/nobody")
        .await
        .trace_id();
    let b = get_with_key(&hub, "/api/v2/partners/nobody")
        .await
        .trace_id();
    assert_ne!(a, b);
}

#[tokio::test]
async fn bearer_tokens_work_and_expire() {
    let hub = FakeHub::builder()
        .token_lifetime(Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let token = token(&hub).await;
    assert_eq!(hub.tokens_issued(), 1);
    let bearer = format!("Bearer {token}");
    let path = hub.partner_path();
    let auth = [("Authorization", bearer.as_str())];
    assert_eq!(
        send(&hub, Method::GET, &path, &auth, None).await.status,
        200
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let answer = send(&hub, Method::GET, &path, &auth, None).await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.json()["meta"]["developer_message"],
        "Token has expired"
    );

    let token = self::token(&hub).await;
    let bearer = format!("Bearer {token}");
    let auth = [("Authorization", bearer.as_str())];
    assert_eq!(
        send(&hub, Method::GET, &path, &auth, None).await.status,
        200
    );
    hub.revoke_tokens();
    assert_eq!(
        send(&hub, Method::GET, &path, &auth, None).await.status,
        401
    );
}

#[tokio::test]
async fn the_token_endpoint_validates_and_rejects() {
    let hub = FakeHub::start().await.unwrap();
    let wrong = json!({"username": hub.username(), "password": "nope"});
    let answer = send(&hub, Method::POST, "/api/v2/token", &[], Some(wrong)).await;
    assert_eq!(answer.status, 401);
    let answer = send(
        &hub,
        Method::POST,
        "/api/v2/token",
        &[],
        Some(json!({"username": 1})),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json()["meta"]["details"],
        json!({"username": ["Not a valid string."], "password": ["Missing data for required field."]})
    );
    assert_eq!(hub.tokens_issued(), 0);
}

#[tokio::test]
async fn patch_changes_only_the_fields_sent() {
    let hub = FakeHub::start().await.unwrap();
    let path = hub.partner_path();
    let key = [("X-API-Key", hub.api_key())];
    let before = hub.partner("examplePA").unwrap();
    let body = json!({"partner_redirect_url": "https://example.com/done"});
    let answer = send(&hub, Method::PATCH, &path, &key, Some(body)).await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json()["partner_redirect_url"],
        "https://example.com/done"
    );
    let after = hub.partner("examplePA").unwrap();
    assert_eq!(
        after
            .partner_redirect_url
            .as_ref()
            .map(d360_partners::Formatted::raw),
        Some("https://example.com/done")
    );
    assert_eq!(after.webhook_url, before.webhook_url);
    assert_eq!(
        after.allow_client_to_add_phone_no,
        before.allow_client_to_add_phone_no
    );

    let bad = json!({"webhook_url": null, "brand_name": "x", "partner_redirect_url": "nope"});
    let answer = send(&hub, Method::PATCH, &path, &key, Some(bad)).await;
    assert_eq!(answer.status, 400);
    let meta = &answer.json()["meta"];
    assert_eq!(
        meta["details"],
        json!({
            "webhook_url": ["Field may not be null."],
            "brand_name": ["Unknown field."],
            "partner_redirect_url": ["Not a valid URL."],
        })
    );
    assert!(meta["360dialog_trace_id"].is_string());
    assert_eq!(
        hub.partner("examplePA").unwrap(),
        after,
        "a rejected PATCH changes nothing"
    );
}

#[tokio::test]
async fn webhook_url_is_set_and_read() {
    let hub = FakeHub::start().await.unwrap();
    let path = format!("{}/webhook_url", hub.partner_path());
    let key = [("X-API-Key", hub.api_key())];
    let body = json!({"webhook_url": "https://example.com/hook"});
    let answer = send(&hub, Method::POST, &path, &key, Some(body)).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["id"], "examplePA");
    let answer = send(&hub, Method::GET, &path, &key, None).await;
    assert_eq!(
        answer.json(),
        json!({"webhook_url": "https://example.com/hook"})
    );
    let answer = send(&hub, Method::POST, &path, &key, Some(json!({}))).await;
    assert_eq!(answer.status, 400);
}

#[tokio::test]
async fn status_faults_apply_in_order_and_run_out() {
    let hub = FakeHub::start().await.unwrap();
    let path = hub.partner_path();
    hub.inject(Fault::status(503).retry_after(2).times(2).on_path(&path));
    hub.inject(Fault::html(502));
    let first = get_with_key(&hub, &path).await;
    assert_eq!(first.status, 503);
    assert_eq!(first.headers["retry-after"], "2");
    assert_eq!(first.json()["meta"]["http_code"], 503);
    assert_eq!(get_with_key(&hub, &path).await.status, 503);
    let html = get_with_key(&hub, &path).await;
    assert_eq!(html.status, 502);
    assert!(html.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(String::from_utf8_lossy(&html.body).contains("<html>"));
    assert_eq!(get_with_key(&hub, &path).await.status, 200);
    assert_eq!(hub.pending_faults(), 0);

    hub.fail_next(1, 500);
    assert_eq!(get_with_key(&hub, &path).await.status, 500);
    hub.inject(Fault::empty(500).always());
    for _ in 0..3 {
        let answer = get_with_key(&hub, &path).await;
        assert_eq!((answer.status.as_u16(), answer.body.len()), (500, 0));
    }
    hub.clear_faults();
    assert_eq!(get_with_key(&hub, &path).await.status, 200);
}

#[tokio::test]
async fn faults_can_target_a_method() {
    let hub = FakeHub::start().await.unwrap();
    let path = hub.partner_path();
    hub.inject(Fault::status(429).on_method("patch"));
    assert_eq!(get_with_key(&hub, &path).await.status, 200);
    let key = [("X-API-Key", hub.api_key())];
    let answer = send(&hub, Method::PATCH, &path, &key, Some(json!({}))).await;
    assert_eq!(answer.status, 429);
}

#[tokio::test]
async fn delays_hold_the_answer() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::delay(Duration::from_millis(300)));
    let started = Instant::now();
    let answer = get_with_key(&hub, &hub.partner_path()).await;
    assert_eq!(answer.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn redirects_point_where_told() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::redirect("http://127.0.0.1:9/elsewhere"));
    let answer = get_with_key(&hub, &hub.partner_path()).await;
    assert_eq!(answer.status, 307);
    assert_eq!(answer.headers["location"], "http://127.0.0.1:9/elsewhere");
}

#[tokio::test]
async fn truncated_bodies_end_early() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::truncated_body());
    let response = plain_get(&format!("{}{}", hub.url(), hub.partner_path()))
        .await
        .unwrap();
    // Without credentials the answer is a 401 body: still cut in half.
    assert_eq!(response.status(), 401);
    let announced = response.content_length().unwrap();
    assert!(announced > 0);
    assert!(
        response.bytes().await.is_err(),
        "the body must not complete"
    );
}

#[tokio::test]
async fn requests_are_recorded() {
    let hub = FakeHub::start().await.unwrap();
    let path = hub.partner_path();
    get_with_key(&hub, &path).await;
    token(&hub).await;
    let records = hub.requests();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].method, "GET");
    assert_eq!(records[0].header("x-api-key"), Some(hub.api_key()));
    assert!(!records[0].has_header("authorization"));
    assert_eq!(records[1].json().unwrap()["username"], hub.username());
    assert_eq!(hub.request_count(&path), 1);
    assert_eq!(hub.requests_to("/api/v2/token").len(), 1);
    assert_eq!(hub.requests_per_path().len(), 2);
    hub.clear_requests();
    assert!(hub.requests().is_empty());
}

#[tokio::test]
async fn dropping_the_hub_stops_it() {
    let hub = FakeHub::start().await.unwrap();
    let url = format!("{}{}", hub.url(), hub.partner_path());
    drop(hub);
    let mut refused = false;
    for _ in 0..50 {
        if plain_get(&url).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "the hub still answers after being dropped");
}

#[tokio::test]
async fn a_builder_sets_port_and_credentials() {
    let hub = FakeHub::builder()
        .partner_id("p1")
        .api_key("k1")
        .credentials("me@example.com", "secret")
        .start()
        .await
        .unwrap();
    assert_eq!((hub.partner_id(), hub.api_key()), ("p1", "k1"));
    assert_eq!(
        (hub.username(), hub.password()),
        ("me@example.com", "secret")
    );
    assert!(hub.url().starts_with("http://127.0.0.1:"));
    let answer = get_with_key(&hub, "/api/v2/partners/p1").await;
    assert_eq!(answer.json()["id"], "p1");
    hub.shutdown().await.unwrap();
}

#[tokio::test]
async fn every_nth_request_gets_the_fault_whatever_its_path() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::status(503).every(3));
    hub.inject(Fault::status(429).every(2).on_path("/api/v2/token"));
    let path = hub.partner_path();
    let mut statuses = Vec::new();
    for i in 0..9 {
        let answer = if i % 4 == 3 {
            let login = json!({"username": hub.username(), "password": hub.password()});
            send(&hub, Method::POST, "/api/v2/token", &[], Some(login)).await
        } else {
            get_with_key(&hub, &path).await
        };
        statuses.push(answer.status.as_u16());
    }
    // Requests 3, 6, 9 get the 503; the token requests are 4 and 8, the second of them
    // gets the 429 (the first fault did not apply to it).
    assert_eq!(statuses, [200, 200, 503, 200, 200, 503, 200, 429, 503]);
    assert_eq!(hub.pending_faults(), 2);
}

#[tokio::test]
async fn large_bodies_with_and_without_content_length() {
    let hub = FakeHub::start().await.unwrap();
    let url = format!("{}{}", hub.url(), hub.partner_path());
    hub.inject(Fault::large_body(300_000));
    let response = plain_get(&url).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), Some(300_000));
    let body = response.bytes().await.unwrap();
    assert_eq!(body.len(), 300_000);
    let text: String = serde_json::from_slice(&body).unwrap();
    assert_eq!(text.len(), 299_998);

    hub.inject(Fault::large_body(300_000).chunked());
    let response = plain_get(&url).await.unwrap();
    assert_eq!(response.content_length(), None);
    assert_eq!(response.headers()["transfer-encoding"], "chunked");
    assert_eq!(response.bytes().await.unwrap().len(), 300_000);

    // Any answer can be chunked.
    hub.inject(Fault::status(404).chunked());
    let response = plain_get(&url).await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.content_length(), None);
    assert!(response.bytes().await.unwrap().starts_with(b"{"));
}

#[tokio::test]
async fn an_endless_body_keeps_coming_until_the_client_leaves() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::endless_body());
    let mut response = plain_get(&format!("{}{}", hub.url(), hub.partner_path()))
        .await
        .unwrap();
    assert_eq!(response.content_length(), None);
    let mut read = 0;
    while read < 1 << 20 {
        let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk())
            .await
            .expect("the body keeps coming")
            .unwrap()
            .expect("the body does not end");
        read += chunk.len();
    }
    drop(response);
    // The hub serves on.
    assert_eq!(get_with_key(&hub, &hub.partner_path()).await.status, 200);
}

#[tokio::test]
async fn counts_cover_every_request_and_answer() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::status(503).every(2));
    let path = hub.partner_path();
    for _ in 0..4 {
        get_with_key(&hub, &path).await;
    }
    get_with_key(&hub, "/nowhere").await;
    assert_eq!(hub.request_count(&path), 4);
    assert_eq!(hub.requests_per_path().len(), 2);
    let answers: Vec<(u16, usize)> = hub.answers_per_status().into_iter().collect();
    assert_eq!(answers, [(200, 2), (404, 1), (503, 2)]);
    hub.clear_requests();
    assert_eq!(hub.request_count(&path), 0);
    assert!(hub.answers_per_status().is_empty());
}
