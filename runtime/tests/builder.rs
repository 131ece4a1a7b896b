//! The builder: base URL validation, user agent, timeouts, a supplied reqwest client, and
//! settings that cannot work.

mod common;

use common::*;
use d360_runtime::{Client, ClientBuilder, Error, Method, Request, RetryPolicy};
use serde_json::json;
use std::time::{Duration, Instant};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn build(base_url: &str) -> Result<Client, d360_runtime::BuildError> {
    ClientBuilder::new("https://hub.360dialog.io")
        .base_url(base_url)
        .build()
}

#[test]
fn the_generated_default_base_url_is_used_unless_overridden() {
    let client: Client = ClientBuilder::new("https://hub.360dialog.io")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://hub.360dialog.io");
    let client = build("http://127.0.0.1:8080/hub/").unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:8080/hub");
}

#[test]
fn base_urls_that_cannot_work_are_rejected() {
    for (url, why) in [
        ("not a url", "relative URL without a base"),
        ("", "relative URL without a base"),
        ("http://", "empty host"),
        ("ftp://hub.360dialog.io", "the scheme must be http or https"),
        (
            "mailto:partners@360dialog.com",
            "the scheme must be http or https",
        ),
        ("file:///etc/passwd", "the scheme must be http or https"),
        (
            "https://hub.360dialog.io/?x=1",
            "must not have a query or fragment",
        ),
        (
            "https://hub.360dialog.io/#top",
            "must not have a query or fragment",
        ),
        (
            "https://user@hub.360dialog.io",
            "credentials in the URL are not supported",
        ),
    ] {
        let error = build(url).unwrap_err().to_string();
        assert!(error.starts_with("invalid base URL"), "{url}: {error}");
        assert!(error.contains(why), "{url}: {error}");
    }
}

#[test]
fn a_password_in_the_base_url_is_not_repeated() {
    for url in [
        "https://me:hunter2@hub.360dialog.io",
        "https://me:hunter2@hub 360dialog.io",
    ] {
        let error = build(url).unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}

#[test]
fn settings_that_cannot_be_sent_are_rejected_without_echoing_secrets() {
    let error = ClientBuilder::<Client>::new("https://hub.360dialog.io")
        .api_key("secret-key\nwith a line break")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("API key"), "{error}");
    assert!(!format!("{error} {error:?}").contains("secret-key"));

    let error = ClientBuilder::<Client>::new("https://hub.360dialog.io")
        .api_key("")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("API key is empty"), "{error}");

    let error = ClientBuilder::<Client>::new("https://hub.360dialog.io")
        .bearer_credentials(USER, PASSWORD)
        .token_path("api/v2/token")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("invalid token path"), "{error}");

    let error = ClientBuilder::<Client>::new("https://hub.360dialog.io")
        .user_agent("bad\nagent")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("invalid user agent"), "{error}");

    install_crypto_provider();
    let error = ClientBuilder::<Client>::new("https://hub.360dialog.io")
        .reqwest_client(reqwest::Client::new())
        .connect_timeout(Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("connect_timeout"), "{error}");
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/hub/api/v2/partners/p%2F1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p/1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client: Client = ClientBuilder::new("http://x")
        .base_url(format!("{}/hub/", server.uri()))
        .build()
        .unwrap();
    assert_eq!(get_partner(&client, "p/1").await.unwrap()["id"], "p/1");
    server.verify().await;
}

#[tokio::test]
async fn query_headers_and_bodies_reach_the_server() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = builder(&server).api_key(KEY).build().unwrap();
    let requests = [
        Request::new(Method::POST, "/form".into())
            .query("single", "a b")
            .query_values("many", [1, 2])
            .header("X-Request-Id", 7)
            .form::<_, PartnerError>(&[("name", "Ann & Bob")])
            .unwrap(),
        Request::new(Method::PUT, "/bytes".into())
            .body_bytes(vec![0, 159, 146], "application/octet-stream"),
        Request::new(Method::POST, "/text".into())
            .text("héllo".into(), "text/plain; charset=utf-8"),
    ];
    for request in requests {
        send(&client, request).await.unwrap();
    }
    let seen = server.received_requests().await.unwrap();
    assert_eq!(seen[0].url.query(), Some("single=a+b&many=1&many=2"));
    assert_eq!(seen[0].headers["x-request-id"], "7");
    assert_eq!(
        seen[0].headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(seen[0].body, b"name=Ann+%26+Bob");
    assert_eq!(seen[1].headers["content-type"], "application/octet-stream");
    assert_eq!(seen[1].body, [0, 159, 146]);
    assert_eq!(seen[2].headers["content-type"], "text/plain; charset=utf-8");
    assert_eq!(seen[2].body, "héllo".as_bytes());
}

#[tokio::test]
async fn user_agent_defaults_to_the_crate_and_can_be_set() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let default = builder(&server).build().unwrap();
    let custom = builder(&server)
        .user_agent("acme-onboarding/2.1")
        .build()
        .unwrap();
    get_partner(&default, "p").await.unwrap();
    get_partner(&custom, "p").await.unwrap();
    let seen = server.received_requests().await.unwrap();
    let expected = format!("d360-partners/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(seen[0].headers["user-agent"], expected.as_str());
    assert_eq!(seen[1].headers["user-agent"], "acme-onboarding/2.1");
}

#[tokio::test]
async fn a_supplied_reqwest_client_sends_the_requests() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-from", "supplied"))
        .and(header("x-api-key", KEY))
        .and(header("user-agent", "mine/1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(Duration::from_millis(300)),
        )
        .expect(2)
        .mount(&server)
        .await;
    install_crypto_provider();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from", "supplied".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client: Client = ClientBuilder::new("http://x")
        .base_url(server.uri())
        .reqwest_client(http.clone())
        .api_key(KEY)
        .user_agent("mine/1")
        .build()
        .unwrap();
    get_partner(&client, "p").await.unwrap();
    // A timeout set on the builder applies to the supplied client's requests.
    let hasty: Client = ClientBuilder::new("http://x")
        .base_url(server.uri())
        .reqwest_client(http)
        .api_key(KEY)
        .user_agent("mine/1")
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = get_partner(&hasty, "p").await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    server.verify().await;
}

/// A listener whose accept queue is full, so that a new connection attempt hangs.
async fn unresponsive_listener() -> (tokio::net::TcpListener, std::net::TcpStream, u16) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let port = listener.local_addr().unwrap().port();
    let filler = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    (listener, filler, port)
}

#[tokio::test]
async fn connect_timeout_is_a_connect_error() {
    let (_listener, _filler, port) = unresponsive_listener().await;
    let client: Client = ClientBuilder::new("http://x")
        .base_url(format!("http://127.0.0.1:{port}"))
        .connect_timeout(Duration::from_millis(100))
        .retry_policy(fast_retries().max_attempts(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = get_partner(&client, "p").await.unwrap_err();
    let Error::Connect(e) = &error else {
        panic!("expected Connect, got {error:?}");
    };
    assert_eq!(e.attempts(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        error.to_string().contains("could not connect to 127.0.0.1"),
        "{error}"
    );
}
