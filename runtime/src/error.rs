//! Errors of a call: HTTP error responses (typed per operation), transport failures, token
//! acquisition failures, and bodies that do not decode.

use bytes::Bytes;
use reqwest::header::{HeaderMap, LOCATION};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

/// The error of one operation call. `E` is the operation's own error enum, holding the
/// typed body of each documented error status.
///
/// Every variant can say what went wrong in one sentence ([`Display`](fmt::Display)), and
/// those that got a response keep it: [`status`](Self::status), [`body`](Self::body),
/// [`trace_id`](Self::trace_id) and [`message`](Self::message) work on all of them.
///
/// ```
/// # fn report(error: d360_runtime::Error<()>) {
/// use d360_runtime::Error;
/// match &error {
///     Error::Api { .. } | Error::UnexpectedStatus { .. } => {
///         eprintln!("the hub said no: {error}");
///         if let Some(trace) = error.trace_id() {
///             eprintln!("quote this trace id to 360dialog support: {trace}");
///         }
///     }
///     Error::Connect(_) | Error::Timeout(_) => eprintln!("the hub is unreachable: {error}"),
///     Error::Auth(_) => eprintln!("check the credentials: {error}"),
///     _ => eprintln!("{error}"),
/// }
/// # }
/// ```
///
/// No variant holds or prints a credential: not the API key, the password or a token.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a status the operation documents; `error` is its typed body.
    Api {
        /// Request method and path, response status, headers and raw body.
        context: Box<ResponseContext>,
        /// The documented error body.
        error: E,
    },
    /// The server answered with a status the operation does not document, or with an error
    /// body that does not match the documented schema. A redirect to another origin, which
    /// the client does not follow, ends here too (with its 3xx status).
    UnexpectedStatus {
        /// Request method and path, response status, headers and raw body.
        context: Box<ResponseContext>,
    },
    /// A success status whose body does not decode into the documented type.
    Decode {
        /// Request method and path, response status, headers and raw body.
        context: Box<ResponseContext>,
        /// What did not fit.
        source: serde_json::Error,
    },
    /// The request could not be built (a body that does not serialize, a bad header value).
    Request(String),
    /// No connection could be made to the server (refused, DNS, connect timeout). The
    /// request was not sent.
    Connect(TransportError),
    /// The server did not answer in time (the whole response, body included, counts).
    Timeout(TransportError),
    /// Any other failure between sending and having the whole response: TLS (with the
    /// `rustls` feature; `native-tls` handshake failures count as `Connect`), a connection
    /// closed early, reading the body, too many redirects.
    Transport(TransportError),
    /// A bearer token could not be obtained: the token endpoint refused the credentials or
    /// answered with something that is not a token (after the retries the
    /// [`RetryPolicy`](crate::RetryPolicy) allows for `429` and `502`–`504`). Failing to
    /// reach the token endpoint at all is a [`Connect`](Self::Connect),
    /// [`Timeout`](Self::Timeout) or [`Transport`](Self::Transport) error naming its path.
    Auth(AuthError),
    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size)). The
    /// body was read no further than the limit (not at all when `Content-Length` announced
    /// more), and the connection was closed.
    TooLarge(ResponseTooLarge),
}

impl<E> Error<E> {
    /// The response the error is about, for [`Api`](Self::Api),
    /// [`UnexpectedStatus`](Self::UnexpectedStatus) and [`Decode`](Self::Decode).
    pub fn context(&self) -> Option<&ResponseContext> {
        match self {
            Self::Api { context, .. }
            | Self::UnexpectedStatus { context }
            | Self::Decode { context, .. } => Some(context),
            _ => None,
        }
    }

    /// The HTTP status, when a server answered. For [`Auth`](Self::Auth), the token
    /// endpoint's status.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Auth(e) => Some(e.status()),
            Self::TooLarge(e) => Some(e.status()),
            _ => self.context().map(|c| c.status.as_u16()),
        }
    }

    /// The raw response body, when a server answered (also when it is HTML or empty). For
    /// [`Auth`](Self::Auth), the token endpoint's error body.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Self::Auth(e) => e.body(),
            _ => self.context().map(|c| c.body.as_ref()),
        }
    }

    /// The `360dialog_trace_id` of the response, read from `meta.360dialog_trace_id` or the
    /// top level of a JSON body. Quote it when asking 360dialog about a failed call.
    pub fn trace_id(&self) -> Option<String> {
        match self {
            Self::Auth(e) => e.trace_id(),
            _ => self.context().and_then(ResponseContext::trace_id),
        }
    }

    /// The server's explanation: `meta.developer_message`, else a top-level `message`,
    /// `detail`, `error_description` or `error` of a JSON body.
    pub fn message(&self) -> Option<String> {
        match self {
            Self::Auth(e) => e.message(),
            _ => self.context().and_then(ResponseContext::message),
        }
    }

    /// The typed error body, for a documented error status.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Self::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { context, .. } | Self::UnexpectedStatus { context } => context.fmt(f),
            Self::Decode { context, source } => write!(
                f,
                "{} from {} {}: the body does not match the documented type: {source}",
                StatusText(context.status),
                context.method,
                context.path
            ),
            Self::Request(message) => write!(f, "the request could not be built: {message}"),
            Self::Connect(e) | Self::Timeout(e) | Self::Transport(e) => e.fmt(f),
            Self::Auth(e) => e.fmt(f),
            Self::TooLarge(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Decode { source, .. } => Some(source),
            Self::Connect(e) | Self::Timeout(e) | Self::Transport(e) => Some(&*e.source),
            _ => None,
        }
    }
}

/// What is known about a response that ended in an error.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ResponseContext {
    /// Request method.
    pub method: Method,
    /// Request path (with parameters filled in, without the query).
    pub path: String,
    /// Response status.
    pub status: StatusCode,
    /// Response headers (e.g. `Retry-After` on a 429).
    pub headers: HeaderMap,
    /// Raw response body, whatever its content type.
    pub body: Bytes,
}

impl ResponseContext {
    fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The `360dialog_trace_id` at `meta.360dialog_trace_id` or the top level of a JSON body.
    pub fn trace_id(&self) -> Option<String> {
        self.json().as_ref().and_then(trace_id)
    }

    /// The server's message: `meta.developer_message`, else a top-level `message`, `detail`,
    /// `error_description` or `error` of a JSON body.
    pub fn message(&self) -> Option<String> {
        self.json().as_ref().and_then(message)
    }

    /// Writes "what the body says": `: message (trace id t)`, or ` (what the body was)`.
    fn describe_body(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = self.json();
        let trace = json.as_ref().and_then(trace_id);
        let trace = trace.map(|t| format!("trace id {t}"));
        match (json.as_ref().and_then(message), &json) {
            (Some(message), _) => {
                write!(f, ": {}", Shortened(&message))?;
                match trace {
                    Some(trace) => write!(f, " ({trace})"),
                    None => Ok(()),
                }
            }
            (None, json) => {
                let what = match (json, self.body.len()) {
                    (_, 0) => "empty body".to_owned(),
                    (Some(_), n) => format!("JSON body without a message, {n} bytes"),
                    (None, n) => format!("non-JSON body, {n} bytes"),
                };
                match trace {
                    Some(trace) => write!(f, " ({what}; {trace})"),
                    None => write!(f, " ({what})"),
                }
            }
        }
    }
}

impl fmt::Display for ResponseContext {
    /// `404 Not Found from GET /api/v2/partners/x: Partner not found (trace id abc)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} from {} {}",
            StatusText(self.status),
            self.method,
            self.path
        )?;
        if self.status.is_redirection() {
            if let Some(location) = self.headers.get(LOCATION).and_then(|l| l.to_str().ok()) {
                return write!(
                    f,
                    ": the redirect to {location} was not followed (credentials are only sent \
                     to the configured base URL; if the API moved, configure its new address)"
                );
            }
        }
        self.describe_body(f)
    }
}

fn trace_id(json: &Value) -> Option<String> {
    let found = json
        .pointer("/meta/360dialog_trace_id")
        .or_else(|| json.get("360dialog_trace_id"))?;
    match found {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn message(json: &Value) -> Option<String> {
    let candidates = [
        json.pointer("/meta/developer_message"),
        json.get("message"),
        json.get("detail"),
        json.get("error_description"),
        json.get("error"),
    ];
    candidates.into_iter().flatten().find_map(text_of)
}

/// A message out of a string, an object with `message`/`msg`, or a list of those.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Object(o) => ["message", "msg", "developer_message"]
            .iter()
            .find_map(|k| o.get(*k).and_then(text_of)),
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().filter_map(text_of).collect();
            (!texts.is_empty()).then(|| texts.join("; "))
        }
        _ => None,
    }
}

/// `404 Not Found`, or just `599` when the status has no reason phrase.
struct StatusText(StatusCode);

impl fmt::Display for StatusText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.canonical_reason() {
            Some(reason) => write!(f, "{} {reason}", self.0.as_u16()),
            None => write!(f, "{}", self.0.as_u16()),
        }
    }
}

/// A server message cut to a length that fits in a log line.
struct Shortened<'a>(&'a str);

impl fmt::Display for Shortened<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 500;
        match self.0.char_indices().nth(LIMIT) {
            Some((end, _)) => write!(f, "{}…", &self.0[..end]),
            None => f.write_str(self.0),
        }
    }
}

/// A request that got no complete response: the call it belonged to, how many attempts
/// were made, and the underlying [`reqwest::Error`] (its [`source`](StdError::source)).
///
/// Cloning shares the underlying error: callers that waited for the same failed token
/// renewal each get the same error.
#[derive(Clone, Debug)]
pub struct TransportError {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) attempts: u32,
    pub(crate) kind: TransportKind,
    pub(crate) source: Arc<reqwest::Error>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TransportKind {
    Connect,
    Timeout,
    Tls,
    Other,
}

impl TransportKind {
    /// A word for logs.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Connect => "connect",
            Self::Timeout => "timeout",
            Self::Tls => "tls",
            Self::Other => "transport",
        }
    }
}

impl TransportError {
    pub(crate) fn new(method: Method, path: &str, source: reqwest::Error) -> Self {
        // reqwest counts the TLS handshake as part of connecting; a TLS failure is no
        // transient "could not connect", so it is told apart (with rustls, the only backend
        // whose errors can be recognised here).
        let kind = if source.is_connect() && is_tls_failure(&source) {
            TransportKind::Tls
        } else if source.is_connect() {
            TransportKind::Connect
        } else if source.is_timeout() {
            TransportKind::Timeout
        } else {
            TransportKind::Other
        };
        Self {
            method,
            path: path.to_owned(),
            attempts: 1,
            kind,
            source: Arc::new(source),
        }
    }

    /// The request's method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The request's path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// How many times the request was tried (retries included).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The underlying HTTP client error.
    pub fn reqwest_error(&self) -> &reqwest::Error {
        &self.source
    }

    pub(crate) fn into_error<E>(self) -> Error<E> {
        match self.kind {
            TransportKind::Connect => Error::Connect(self),
            TransportKind::Timeout => Error::Timeout(self),
            TransportKind::Tls | TransportKind::Other => Error::Transport(self),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = self.source.url().and_then(|u| {
            u.host_str().map(|h| match u.port_or_known_default() {
                Some(port) => format!("{h}:{port}"),
                None => h.to_owned(),
            })
        });
        let host = host.as_deref().unwrap_or("the server");
        let what = match self.kind {
            TransportKind::Connect => format!("could not connect to {host}"),
            TransportKind::Timeout => "no complete response within the timeout".to_owned(),
            TransportKind::Tls => format!("the TLS handshake with {host} failed"),
            TransportKind::Other => "the request failed".to_owned(),
        };
        let plural = if self.attempts == 1 { "" } else { "s" };
        write!(
            f,
            "{} {}: {what} ({} attempt{plural}): {}",
            self.method,
            self.path,
            self.attempts,
            root_cause(&*self.source)
        )
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

fn is_tls_failure(error: &(dyn StdError + 'static)) -> bool {
    #[cfg(feature = "rustls")]
    {
        if error.is::<rustls::Error>() {
            return true;
        }
        // `io::Error::source` skips the error it wraps, so look inside explicitly.
        let wrapped = error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .map(|inner| inner as &(dyn StdError + 'static));
        if let Some(inner) = wrapped.or_else(|| error.source()) {
            return is_tls_failure(inner);
        }
    }
    let _ = error;
    false
}

/// The innermost cause's text: `Connection refused (os error 111)` rather than reqwest's
/// `error sending request for url (...)`.
fn root_cause(error: &(dyn StdError + 'static)) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// A bearer token could not be obtained from the token endpoint.
///
/// Holds the token endpoint's status, and its body when it refused (it never holds the
/// password; a success body that is not a usable token is withheld, since it may hold a
/// token).
#[derive(Clone, Debug)]
pub struct AuthError {
    pub(crate) context: Box<ResponseContext>,
    /// Set when a success response was not a usable token; the body is then withheld.
    pub(crate) invalid: Option<&'static str>,
}

impl AuthError {
    /// The token endpoint refused: keeps its status and body.
    pub(crate) fn rejected(context: ResponseContext) -> Self {
        Self {
            context: Box::new(context),
            invalid: None,
        }
    }

    /// The token endpoint answered with success but no usable token: the body and headers
    /// are dropped.
    pub(crate) fn invalid(mut context: ResponseContext, reason: &'static str) -> Self {
        context.body = Bytes::new();
        context.headers.clear();
        Self {
            context: Box::new(context),
            invalid: Some(reason),
        }
    }

    /// The token endpoint's HTTP status.
    pub fn status(&self) -> u16 {
        self.context.status.as_u16()
    }

    /// The token endpoint's path.
    pub fn path(&self) -> &str {
        &self.context.path
    }

    /// The token endpoint's error body (`None` when it answered with success but no usable
    /// token: that body is withheld).
    pub fn body(&self) -> Option<&[u8]> {
        match self.invalid {
            Some(_) => None,
            None => Some(&self.context.body),
        }
    }

    /// The `360dialog_trace_id` of the token endpoint's error body.
    pub fn trace_id(&self) -> Option<String> {
        self.context.trace_id()
    }

    /// The token endpoint's error message.
    pub fn message(&self) -> Option<String> {
        self.context.message()
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not obtain a bearer token: ")?;
        match self.invalid {
            Some(reason) => write!(
                f,
                "{} from {} {}: the response is not a usable token ({reason})",
                StatusText(self.context.status),
                self.context.method,
                self.context.path
            ),
            None => self.context.fmt(f),
        }
    }
}

impl StdError for AuthError {}

/// A client configuration that cannot be used. Its message says which setting and why
/// (without repeating a credential).
#[derive(Debug)]
pub struct BuildError(pub(crate) String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for BuildError {}

/// A response body over the client's size limit
/// ([`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size)).
///
/// Displays as
/// `GET /api/v2/partners/x: 200 OK with a body over the client's limit of 16777216 bytes
/// (Content-Length 20000000; see ClientBuilder::max_response_size)`.
#[derive(Clone, Debug)]
pub struct ResponseTooLarge {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) status: StatusCode,
    pub(crate) limit: usize,
    pub(crate) content_length: Option<u64>,
}

impl ResponseTooLarge {
    /// The request's method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The request's path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The response's HTTP status.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The limit in force, in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The length the response announced in `Content-Length`, when it did (`None` for a
    /// body sent in chunks, which was read up to the limit and no further).
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} with a body over the client's limit of {} bytes (",
            self.method,
            self.path,
            StatusText(self.status),
            self.limit
        )?;
        if let Some(length) = self.content_length {
            write!(f, "Content-Length {length}; ")?;
        }
        f.write_str("see ClientBuilder::max_response_size)")
    }
}

impl StdError for ResponseTooLarge {}

/// A failure before the call has a response to hand to generated code; not generic, so the
/// sending code is compiled once, not once per operation. Cloned when callers that waited
/// for one token renewal share its failure.
#[derive(Clone, Debug)]
pub(crate) enum Failure {
    Request(String),
    Transport(TransportError),
    Auth(AuthError),
    TooLarge(ResponseTooLarge),
}

impl Failure {
    pub(crate) fn into_error<E>(self) -> Error<E> {
        match self {
            Self::Request(message) => Error::Request(message),
            Self::Transport(e) => e.into_error(),
            Self::Auth(e) => Error::Auth(e),
            Self::TooLarge(e) => Error::TooLarge(e),
        }
    }

    /// A word for logs: `request`, `connect`, `timeout`, `tls`, `transport`, `auth` or
    /// `too_large` (never a message that could quote a URL or a body).
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Request(_) => "request",
            Self::Transport(e) => e.kind.as_str(),
            Self::Auth(_) => "auth",
            Self::TooLarge(_) => "too_large",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context(status: u16, body: &str) -> ResponseContext {
        ResponseContext {
            method: Method::GET,
            path: "/api/v2/partners/x".to_owned(),
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn message_sources_in_order() {
        let cases = [
            (
                json!({"meta": {"developer_message": "a"}, "message": "b"}),
                Some("a"),
            ),
            (json!({"message": "b", "detail": "c"}), Some("b")),
            (
                json!({"detail": [{"msg": "d1"}, {"msg": "d2"}]}),
                Some("d1; d2"),
            ),
            (json!({"error": {"message": "e"}}), Some("e")),
            (
                json!({"error": "invalid_grant", "error_description": "f"}),
                Some("f"),
            ),
            (json!({"meta": {"success": false}}), None),
            (json!([1, 2]), None),
        ];
        for (body, want) in cases {
            assert_eq!(message(&body).as_deref(), want, "{body}");
        }
    }

    #[test]
    fn trace_id_nested_or_top_level() {
        assert_eq!(
            trace_id(&json!({"meta": {"360dialog_trace_id": "t1"}})).as_deref(),
            Some("t1")
        );
        assert_eq!(
            trace_id(&json!({"360dialog_trace_id": "t2"})).as_deref(),
            Some("t2")
        );
        assert_eq!(trace_id(&json!({"trace": "x"})), None);
    }

    #[test]
    fn display_sentences() {
        let c = context(
            404,
            r#"{"meta":{"developer_message":"Partner not found","360dialog_trace_id":"abc"}}"#,
        );
        assert_eq!(
            c.to_string(),
            "404 Not Found from GET /api/v2/partners/x: Partner not found (trace id abc)"
        );
        let c = context(502, "<html>bad gateway</html>");
        assert_eq!(
            c.to_string(),
            "502 Bad Gateway from GET /api/v2/partners/x (non-JSON body, 24 bytes)"
        );
        assert_eq!(
            context(500, "").to_string(),
            "500 Internal Server Error from GET /api/v2/partners/x (empty body)"
        );
        assert_eq!(
            context(599, r#"{"360dialog_trace_id":"t"}"#).to_string(),
            "599 from GET /api/v2/partners/x (JSON body without a message, 26 bytes; trace id t)"
        );
    }

    #[test]
    fn long_messages_are_shortened() {
        let long = "x".repeat(2000);
        let c = context(400, &json!({ "message": long }).to_string());
        let shown = c.to_string();
        assert!(shown.ends_with('…'), "{shown}");
        assert!(shown.len() < 600, "{}", shown.len());
    }
}
