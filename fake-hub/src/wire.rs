//! Answers as they go on the wire: JSON bodies of the generated models, the spec's error
//! bodies with fresh trace ids, and request-body validation.

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Response, StatusCode};
use d360_partners::types::{
    DefaultHttpError, DefaultValidationError, MetaSchemaError, MetaSchemaErrorWithDetails,
};
use serde_json::{Map, Value};
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

/// An answer before it is sent (so that a fault can still cut its body short).
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// `status` with `value` serialized as JSON.
    pub(crate) fn json<T: serde::Serialize>(status: u16, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Self::bytes(status, "application/json", body),
            Err(e) => Self::http_error(500, &format!("The answer does not serialize: {e}")),
        }
    }

    /// `status` with a body of this content type.
    pub(crate) fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Self {
            status,
            content_type: Some(content_type.to_owned()),
            headers: Vec::new(),
            body,
        }
    }

    /// `status` without a body.
    pub(crate) fn empty(status: u16) -> Self {
        Self {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The spec's `DefaultHttpError`, with a fresh trace id.
    pub(crate) fn http_error(status: u16, message: &str) -> Self {
        let meta = MetaSchemaError::new(message.to_owned(), i64::from(status), false)
            .with_360dialog_trace_id(trace_id());
        Self::json(status, &DefaultHttpError::new(meta))
    }

    /// The spec's `DefaultValidationError` (400), with `details` and a fresh trace id.
    pub(crate) fn validation_error(details: Map<String, Value>) -> Self {
        let meta = MetaSchemaErrorWithDetails::new(
            "Request body validation failed".to_owned(),
            400,
            false,
        )
        .with_360dialog_trace_id(trace_id())
        .with_details(details);
        Self::json(400, &DefaultValidationError::new(meta))
    }

    /// An HTML error page, as a proxy in front of the hub would send.
    pub(crate) fn html(status: u16) -> Self {
        let reason = StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        let page = format!(
            "<!DOCTYPE html>\n<html><head><title>{status} {reason}</title></head>\
             <body><h1>{status} {reason}</h1><hr><p>nginx</p></body></html>\n"
        );
        Self::bytes(status, "text/html; charset=utf-8", page.into_bytes())
    }

    /// The reply as an HTTP response, with its whole body.
    pub(crate) fn into_response(self) -> Response<Body> {
        let body = Body::from(self.body.clone());
        self.response_with(body, None)
    }

    /// The reply announcing its whole body but sending only the first half, then failing
    /// the connection.
    pub(crate) fn into_truncated_response(self) -> Response<Body> {
        let full = self.body.len();
        let half = self.body[..full / 2].to_vec();
        // The first half, a pause so that it goes out with the head, then a failure, which
        // makes the server close the connection short of the announced length.
        let stream = futures_util::stream::unfold(Some(half), |state| async move {
            match state {
                Some(half) => Some((Ok(half), None)),
                None => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    let cut = std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        "body truncated on purpose",
                    );
                    Some((Err(cut), None))
                }
            }
        });
        let body = Body::from_stream(stream);
        self.response_with(body, Some(full))
    }

    /// The reply with its body sent in 64 KiB chunks, its length announced in
    /// `Content-Length` or not (chunked transfer encoding). Small bodies that are announced
    /// go out whole.
    pub(crate) fn into_streamed_response(mut self, announce_length: bool) -> Response<Body> {
        const CHUNK: usize = 64 * 1024;
        if announce_length && self.body.len() <= CHUNK {
            return self.into_response();
        }
        let whole = std::mem::take(&mut self.body);
        let length = whole.len();
        let chunks: Vec<Vec<u8>> = whole.chunks(CHUNK).map(<[u8]>::to_vec).collect();
        let stream =
            futures_util::stream::iter(chunks.into_iter().map(Ok::<_, std::convert::Infallible>));
        let body = Body::from_stream(stream);
        self.response_with(body, announce_length.then_some(length))
    }

    /// The reply with a body that never ends: `[` and then `0,` repeated in 16 KiB chunks, a
    /// millisecond apart, until the client closes the connection.
    pub(crate) fn into_endless_response(self) -> Response<Body> {
        let chunk: Vec<u8> = b"0,".repeat(8 * 1024);
        let stream = futures_util::stream::unfold(true, move |first| {
            let chunk = chunk.clone();
            async move {
                if !first {
                    tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                }
                let mut bytes = if first { b"[".to_vec() } else { Vec::new() };
                bytes.extend_from_slice(&chunk);
                Some((Ok::<_, std::convert::Infallible>(bytes), false))
            }
        });
        let body = Body::from_stream(stream);
        self.response_with(body, None)
    }

    fn response_with(self, body: Body, content_length: Option<usize>) -> Response<Body> {
        let mut response = Response::new(body);
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        if let Some(content_type) = self.content_type {
            if let Ok(value) = HeaderValue::from_str(&content_type) {
                headers.insert(axum::http::header::CONTENT_TYPE, value);
            }
        }
        if let Some(length) = content_length {
            headers.insert(
                axum::http::header::CONTENT_LENGTH,
                HeaderValue::from(length),
            );
        }
        for (name, value) in self.headers {
            // Headers come from tests; one that is not valid HTTP is left out.
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) {
                headers.append(name, value);
            }
        }
        response
    }
}

/// A new `360dialog_trace_id`: unique within the process, unpredictable across runs.
pub(crate) fn trace_id() -> String {
    format!("fakehub-{}", random_hex())
}

/// 16 hex digits, different on every call.
pub(crate) fn random_hex() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{:016x}", RandomState::new().hash_one(n))
}

/// The JSON type a request field must have.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    String,
    /// A string that is an absolute `http` or `https` URL.
    Url,
    Boolean,
}

/// The fields a request body may have, and which of them it must have.
pub(crate) struct Schema {
    pub(crate) fields: &'static [(&'static str, Kind)],
    pub(crate) required: &'static [&'static str],
}

/// Checks a request body against `schema` and decodes it into the generated model `T`.
/// On failure: the `details` of a `DefaultValidationError`, one list of messages per field.
pub(crate) fn parse_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    schema: &Schema,
) -> Result<T, Map<String, Value>> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        let why = match body.is_empty() {
            true => "Missing JSON body.".to_owned(),
            false => format!("Invalid JSON body: {e}."),
        };
        problem("_schema", &why)
    })?;
    let Value::Object(object) = &value else {
        return Err(problem(
            "_schema",
            "Invalid input type: expected an object.",
        ));
    };
    let mut details = Map::new();
    for (name, field) in object {
        let message = match schema.fields.iter().find(|(n, _)| n == name) {
            None => Some("Unknown field."),
            Some((_, kind)) => check_kind(field, *kind),
        };
        if let Some(message) = message {
            details.insert(name.clone(), Value::from(vec![message]));
        }
    }
    for name in schema.required {
        if !object.contains_key(*name) {
            details.insert(
                (*name).to_owned(),
                Value::from(vec!["Missing data for required field."]),
            );
        }
    }
    if !details.is_empty() {
        return Err(details);
    }
    serde_json::from_value(value).map_err(|e| problem("_schema", &e.to_string()))
}

fn check_kind(value: &Value, kind: Kind) -> Option<&'static str> {
    match (kind, value) {
        (_, Value::Null) => Some("Field may not be null."),
        (Kind::String, Value::String(_)) | (Kind::Boolean, Value::Bool(_)) => None,
        (Kind::Url, Value::String(s)) if is_url(s) => None,
        (Kind::Url, Value::String(_)) => Some("Not a valid URL."),
        (Kind::String | Kind::Url, _) => Some("Not a valid string."),
        (Kind::Boolean, _) => Some("Not a valid boolean."),
    }
}

/// An absolute `http(s)` URL with a host and no whitespace.
fn is_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty() && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

fn problem(field: &str, message: &str) -> Map<String, Value> {
    let mut details = Map::new();
    details.insert(field.to_owned(), Value::from(vec![message]));
    details
}

#[cfg(test)]
mod tests {
    use super::*;
    use d360_partners::types::PatchPartnerIn;
    use serde_json::json;

    const PATCH: Schema = Schema {
        fields: &[
            ("webhook_url", Kind::Url),
            ("allow_client_to_add_phone_no", Kind::Boolean),
        ],
        required: &[],
    };

    #[test]
    fn validation_details_per_field() {
        let body = json!({"webhook_url": null, "x": 1, "allow_client_to_add_phone_no": "yes"});
        let details =
            parse_body::<PatchPartnerIn>(body.to_string().as_bytes(), &PATCH).unwrap_err();
        assert_eq!(
            Value::Object(details),
            json!({
                "webhook_url": ["Field may not be null."],
                "x": ["Unknown field."],
                "allow_client_to_add_phone_no": ["Not a valid boolean."],
            })
        );
        let details = parse_body::<PatchPartnerIn>(b"[1]", &PATCH).unwrap_err();
        assert!(details.contains_key("_schema"));
        let details = parse_body::<PatchPartnerIn>(b"", &PATCH).unwrap_err();
        assert_eq!(details["_schema"], json!(["Missing JSON body."]));
        let ok = parse_body::<PatchPartnerIn>(br#"{"webhook_url":"https://a.example/x"}"#, &PATCH)
            .unwrap();
        assert_eq!(ok.webhook_url.as_deref(), Some("https://a.example/x"));
    }

    #[test]
    fn urls() {
        assert!(is_url("https://example.com"));
        assert!(is_url("http://127.0.0.1:8080/hook?x=1"));
        for bad in [
            "",
            "example.com",
            "ftp://x",
            "https://",
            "https:///x",
            "https://a b",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn trace_ids_are_fresh() {
        let ids: std::collections::HashSet<String> = (0..100).map(|_| trace_id()).collect();
        assert_eq!(ids.len(), 100);
    }
}
