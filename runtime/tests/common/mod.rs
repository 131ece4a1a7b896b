//! Shared pieces of the runtime's integration tests: a stand-in for generated operations,
//! and clients with millisecond backoff so retry tests stay fast.
#![allow(dead_code)]

use d360_runtime::{
    encode_path, Call, Client, ClientBuilder, Error, Method, Request, Response, RetryPolicy,
};
use serde_json::Value;
use std::time::Duration;
use wiremock::MockServer;

pub const KEY: &str = "key-5ecret-api";
pub const USER: &str = "partner@example.com";
pub const PASSWORD: &str = "pa55word-5ecret";

/// The typed errors of a generated operation.
#[derive(Debug)]
pub enum PartnerError {
    BadRequest(Value),
    NotFound(Value),
}

/// Retries with millisecond waits.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(2))
        .max_backoff(Duration::from_millis(10))
}

/// A builder aimed at `server`, with fast retries and a short timeout.
pub fn builder(server: &MockServer) -> ClientBuilder<Client> {
    ClientBuilder::new("https://hub.360dialog.io")
        .base_url(server.uri())
        .retry_policy(fast_retries())
        .timeout(Duration::from_secs(5))
}

/// What generated code for `GET /api/v2/partners/{partner_id}` does.
pub fn get_partner(client: &Client, id: &str) -> impl Call<Value, PartnerError> {
    let path = format!("/api/v2/partners/{}", encode_path(id));
    send(client, Request::new(Method::GET, path))
}

/// Sends a request and decodes it the way generated code does (200: JSON, 400/404:
/// documented errors, anything else unexpected).
pub fn send(client: &Client, request: Request) -> impl Call<Value, PartnerError> {
    client.call(request, decode)
}

/// The same through [`Client::execute`], the 0.1.0 way generated code sent requests.
pub async fn execute(client: &Client, request: Request) -> Result<Value, Error<PartnerError>> {
    decode(client.execute(request).await?)
}

fn decode(response: Response) -> Result<Value, Error<PartnerError>> {
    match response.status() {
        200 => response.json(),
        204 => response.empty().map(|()| Value::Null),
        400 => Err(response.error(PartnerError::BadRequest)),
        404 => Err(response.error(PartnerError::NotFound)),
        _ => Err(response.unexpected()),
    }
}

/// How many requests `server` received for `path`.
pub async fn count(server: &MockServer, path: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == path)
        .count()
}

/// A local port nothing listens on.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Makes a crypto provider available to reqwest clients a test builds itself (the runtime's
/// builder installs one, but a test may run before any was built).
pub fn install_crypto_provider() {
    #[cfg(feature = "rustls")]
    let _ = rustls::crypto::ring::default_provider().install_default();
}
