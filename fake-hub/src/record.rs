//! What the hub saw: one record per request, as it arrived.

use axum::http::request::Parts;
use serde_json::Value;

/// A request as the hub received it, before any fault or check applied.
///
/// Header names are lower case; values that are not UTF-8 are kept lossily. The record
/// holds credentials exactly as they were sent: it is test data, meant for assertions such
/// as "no `X-API-Key` reached this server".
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method (`GET`, `PATCH`, ...).
    pub method: String,
    /// The path, still percent-encoded as sent (`/api/v2/partners/examplePA`).
    pub path: String,
    /// The query string, without the `?`, when there was one.
    pub query: Option<String>,
    /// Every header, in the order received, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    pub(crate) fn new(parts: &Parts, body: &[u8]) -> Self {
        Self {
            method: parts.method.as_str().to_owned(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: body.to_vec(),
        }
    }

    /// The first value of the header `name` (any case), if it was sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the header `name` (any case) was sent.
    pub fn has_header(&self, name: &str) -> bool {
        self.header(name).is_some()
    }

    /// The body parsed as JSON, when it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}
