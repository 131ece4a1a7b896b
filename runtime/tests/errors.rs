//! Every error variant over real HTTP, with what it offers: status, raw body, trace id,
//! message, and a `Display` sentence a person can act on.

mod common;

use common::*;
use d360_runtime::{Call, Client, ClientBuilder, Error, Method, Request, RetryPolicy};
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PARTNER: &str = "/api/v2/partners/x";

async fn answer(server: &MockServer, body: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(PARTNER))
        .respond_with(body)
        .mount(server)
        .await;
}

async fn error_for(template: ResponseTemplate) -> Error<PartnerError> {
    let server = MockServer::start().await;
    answer(&server, template).await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    get_partner(&client, "x").await.unwrap_err()
}

#[test]
fn errors_are_send_sync_static() {
    fn check<T: Send + Sync + 'static + std::error::Error>() {}
    check::<Error<PartnerError>>();
    check::<d360_runtime::AuthError>();
    check::<d360_runtime::TransportError>();
    check::<d360_runtime::BuildError>();
}

#[tokio::test]
async fn documented_status_is_a_typed_api_error() {
    let error = error_for(ResponseTemplate::new(404).set_body_json(json!({
        "meta": {
            "developer_message": "Partner not found",
            "http_code": 404,
            "success": false,
            "360dialog_trace_id": "abc"
        }
    })))
    .await;
    let Error::Api {
        context,
        error: PartnerError::NotFound(body),
    } = &error
    else {
        panic!("expected Api(NotFound), got {error:?}");
    };
    assert_eq!(body["meta"]["http_code"], 404);
    assert_eq!(context.path, PARTNER);
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.trace_id().as_deref(), Some("abc"));
    assert_eq!(error.message().as_deref(), Some("Partner not found"));
    assert!(error.api_error().is_some());
    assert_eq!(
        error.to_string(),
        "404 Not Found from GET /api/v2/partners/x: Partner not found (trace id abc)"
    );
}

#[tokio::test]
async fn undocumented_status_keeps_the_raw_body() {
    let error = error_for(
        ResponseTemplate::new(409)
            .set_body_json(json!({"detail": "already exists", "360dialog_trace_id": "t-top"})),
    )
    .await;
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(409));
    assert_eq!(error.trace_id().as_deref(), Some("t-top"));
    assert_eq!(
        error.to_string(),
        "409 Conflict from GET /api/v2/partners/x: already exists (trace id t-top)"
    );
    let body: serde_json::Value = serde_json::from_slice(error.body().unwrap()).unwrap();
    assert_eq!(body["detail"], "already exists");
}

#[tokio::test]
async fn documented_status_with_an_undocumented_body_is_unexpected() {
    let html = "<html><body>Bad Request</body></html>";
    let error = error_for(ResponseTemplate::new(400).set_body_raw(html, "text/html")).await;
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.body(), Some(html.as_bytes()));
    assert_eq!(error.trace_id(), None);
    assert_eq!(error.message(), None);
    assert_eq!(
        error.to_string(),
        format!(
            "400 Bad Request from GET /api/v2/partners/x (non-JSON body, {} bytes)",
            html.len()
        )
    );
}

#[tokio::test]
async fn html_and_empty_bodies_are_described() {
    let page = "<html>".repeat(200);
    let error = error_for(ResponseTemplate::new(502).set_body_raw(page.clone(), "text/html")).await;
    assert_eq!(error.body().map(<[u8]>::len), Some(1200));
    assert_eq!(
        error.to_string(),
        "502 Bad Gateway from GET /api/v2/partners/x (non-JSON body, 1200 bytes)"
    );
    let error = error_for(ResponseTemplate::new(500)).await;
    assert_eq!(error.body(), Some(&b""[..]));
    assert_eq!(
        error.to_string(),
        "500 Internal Server Error from GET /api/v2/partners/x (empty body)"
    );
    let error = error_for(ResponseTemplate::new(418).set_body_json(json!({"ok": false}))).await;
    assert_eq!(
        error.to_string(),
        "418 I'm a teapot from GET /api/v2/partners/x (JSON body without a message, 12 bytes)"
    );
}

#[tokio::test]
async fn success_body_that_does_not_fit_is_a_decode_error() {
    let error =
        error_for(ResponseTemplate::new(200).set_body_raw("{\"id\": ", "application/json")).await;
    let Error::Decode { context, .. } = &error else {
        panic!("expected Decode, got {error:?}");
    };
    assert_eq!(context.status.as_u16(), 200);
    assert_eq!(error.body(), Some(&b"{\"id\": "[..]));
    assert!(std::error::Error::source(&error).is_some());
    let shown = error.to_string();
    assert!(
        shown.starts_with(
            "200 OK from GET /api/v2/partners/x: the body does not match the documented type: "
        ),
        "{shown}"
    );
}

#[tokio::test]
async fn success_decodes() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"id": "x"})),
    )
    .await;
    let client = builder(&server).build().unwrap();
    assert_eq!(get_partner(&client, "x").await.unwrap()["id"], "x");
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let client: Client = ClientBuilder::new("http://x")
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = get_partner(&client, "x").await.unwrap_err();
    let Error::Connect(e) = &error else {
        panic!("expected Connect, got {error:?}");
    };
    assert_eq!(e.attempts(), 1);
    assert_eq!(error.status(), None);
    assert_eq!(error.body(), None);
    assert!(e.reqwest_error().is_connect());
    let shown = error.to_string();
    assert!(
        shown.starts_with("GET /api/v2/partners/x: could not connect to 127.0.0.1:"),
        "{shown}"
    );
    assert!(shown.contains("(1 attempt): "), "{shown}");
    assert!(shown.to_lowercase().contains("refused"), "{shown}");
}

#[tokio::test]
async fn slow_response_is_a_timeout_error() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_millis(500)),
    )
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = get_partner(&client, "x").await.unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "GET /api/v2/partners/x: no complete response within the timeout (1 attempt): \
         operation timed out"
    );
}

/// A server that promises 100 bytes and closes the connection after 5.
async fn truncating_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for _ in 0..5 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nhello")
                .await;
            let _ = socket.shutdown().await;
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn body_cut_short_is_a_transport_error() {
    let client: Client = ClientBuilder::new("http://x")
        .base_url(truncating_server().await)
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let error = get_partner(&client, "x").await.unwrap_err();
    let Error::Transport(e) = &error else {
        panic!("expected Transport, got {error:?}");
    };
    // Not retried: only connect errors, timeouts and a few statuses are.
    assert_eq!(e.attempts(), 1);
    assert!(
        error
            .to_string()
            .starts_with("GET /api/v2/partners/x: the request failed (1 attempt): "),
        "{error}"
    );
}

#[tokio::test]
async fn unserializable_body_and_bad_header_are_request_errors() {
    let server = MockServer::start().await;
    let client = builder(&server).build().unwrap();
    let mut map = std::collections::HashMap::new();
    map.insert(vec![1u8], 1);
    let error = Request::new(Method::POST, "/x".into())
        .json::<_, PartnerError>(&map)
        .unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("the request could not be built: "),
        "{error}"
    );

    let request = Request::new(Method::GET, "/x".into()).header("X-Token", "line\nbreak");
    let error = send(&client, request).await.unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert!(!error.to_string().contains("line"), "{error}");
    assert_eq!(count(&server, "/x").await, 0);
}

/// Bodies that do not encode, kept by the request for the call to report (generated code
/// builds requests this way, so that building never returns early).
#[tokio::test]
async fn a_body_that_does_not_encode_fails_the_call_and_sends_nothing() {
    let server = MockServer::start().await;
    // Bearer credentials: not even a token is asked for.
    let client = builder(&server)
        .bearer_credentials(USER, PASSWORD)
        .build()
        .unwrap();
    let mut map = std::collections::HashMap::new();
    map.insert(vec![1u8], 1);
    let requests = [
        (
            Request::new(Method::POST, "/x".into()).json_body(&map),
            "the body does not serialize to JSON: ",
        ),
        (
            Request::new(Method::POST, "/x".into()).form_body(&map, &[]),
            "the body does not serialize as a form: ",
        ),
        (
            Request::new(Method::POST, "/x".into()).form_body(&[1], &[]),
            "the body does not serialize as a form: expected an object",
        ),
        (
            Request::new(Method::POST, "/x".into()).multipart_body(&[1]),
            "a multipart body must serialize as an object",
        ),
        (
            // The first error is the one kept.
            Request::new(Method::POST, "/x".into())
                .json_body(&map)
                .form_body(&[1], &[]),
            "the body does not serialize to JSON: ",
        ),
    ];
    for (request, message) in requests {
        assert!(
            request.invalid().is_some_and(|m| m.starts_with(message)),
            "{request:?}"
        );
        let error = send(&client, request).await.unwrap_err();
        let Error::Request(text) = &error else {
            panic!("{error:?}")
        };
        assert!(text.starts_with(message), "{text}");
        assert!(
            error
                .to_string()
                .starts_with(&format!("the request could not be built: {message}")),
            "{error}"
        );
    }
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());

    // A body that encodes is sent as `json` and `form` send it.
    Mock::given(method("POST"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "t", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    let body = json!({"amount": 100, "metadata": {"k": "v"}, "tags": ["a", "b"]});
    let json = Request::new(Method::POST, "/x".into()).json_body(&body);
    assert_eq!(
        json.body(),
        Request::new(Method::POST, "/x".into())
            .json::<_, ()>(&body)
            .unwrap()
            .body()
    );
    assert_eq!(send(&client, json).await.unwrap(), serde_json::Value::Null);
    let form = Request::new(Method::POST, "/x".into()).form_body(&body, &["metadata"]);
    let pairs = d360_runtime::model::form_pairs(&body, &["metadata"]).unwrap();
    assert_eq!(
        form.body(),
        Request::new(Method::POST, "/x".into())
            .form::<_, ()>(&pairs)
            .unwrap()
            .body()
    );
    assert_eq!(send(&client, form).await.unwrap(), serde_json::Value::Null);
    let sent = server.received_requests().await.unwrap_or_default();
    let bodies: Vec<_> = sent
        .iter()
        .filter(|r| r.url.path() == "/x")
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert_eq!(
        bodies,
        [
            r#"{"amount":100,"metadata":{"k":"v"},"tags":["a","b"]}"#,
            "amount=100&metadata%5Bk%5D=v&tags=a&tags=b",
        ]
    );
}

#[test]
fn a_call_owns_what_it_needs() {
    fn check<T: std::future::Future + Send + Unpin + 'static>(_: &T) {}
    let client = ClientBuilder::<Client>::new("http://127.0.0.1:9")
        .build()
        .unwrap();
    let id = String::from("x");
    let call = get_partner(&client, &id);
    let pending = client.call(Request::new(Method::GET, "/".into()), |response| {
        response.empty::<()>()
    });
    // Neither the client nor the arguments are borrowed by the call.
    drop(id);
    drop(client);
    check(&call);
    check(&pending);
    assert_eq!(format!("{pending:?}"), "Pending { .. }");
}

#[tokio::test]
async fn a_call_can_be_spawned_and_sends_only_when_polled() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"id": "x"})),
    )
    .await;
    let client = builder(&server).build().unwrap();
    let call = get_partner(&client, "x");
    drop(get_partner(&client, "x"));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(count(&server, PARTNER).await, 0);
    drop(client);
    let partner = tokio::spawn(call).await.unwrap().unwrap();
    assert_eq!(partner["id"], "x");
    assert_eq!(count(&server, PARTNER).await, 1);

    // Calls with the same output, in one collection: boxed.
    let client = builder(&server).build().unwrap();
    let calls: Vec<Box<dyn Call<serde_json::Value, PartnerError>>> = vec![
        Box::new(get_partner(&client, "x")),
        Box::new(send(&client, Request::new(Method::GET, "/missing".into()))),
    ];
    let mut results = Vec::new();
    for call in calls {
        results.push(call.await);
    }
    assert_eq!(results[0].as_ref().unwrap()["id"], "x");
    assert!(
        matches!(results[1], Err(Error::UnexpectedStatus { .. })),
        "{:?}",
        results[1]
    );
}

#[tokio::test]
async fn execute_still_sends_and_reports() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(404).set_body_json(json!({"detail": "no such partner"})),
    )
    .await;
    let client = builder(&server).build().unwrap();
    let request = Request::new(Method::GET, PARTNER.into());
    let error = execute(&client, request).await.unwrap_err();
    assert!(
        matches!(&error, Error::Api { error: PartnerError::NotFound(body), .. } if body["detail"] == "no such partner"),
        "{error:?}"
    );
    let invalid = Request::new(Method::GET, PARTNER.into()).form_body(&[1], &[]);
    let error = execute(&client, invalid).await.unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert_eq!(count(&server, PARTNER).await, 1);
}

#[cfg(feature = "rustls")]
#[tokio::test]
async fn tls_failure_is_a_transport_error_not_retried() {
    // A plain-HTTP server spoken to over https: the TLS handshake fails.
    let server = MockServer::start().await;
    let client: Client = ClientBuilder::new("http://x")
        .base_url(format!("https://127.0.0.1:{}", server.address().port()))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let error = get_partner(&client, "x").await.unwrap_err();
    let Error::Transport(e) = &error else {
        panic!("expected Transport, got {error:?}");
    };
    assert_eq!(e.attempts(), 1);
    let expected = format!(
        "GET /api/v2/partners/x: the TLS handshake with 127.0.0.1:{} failed (1 attempt): ",
        server.address().port()
    );
    assert!(error.to_string().starts_with(&expected), "{error}");
}
