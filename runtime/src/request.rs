//! A request as generated code describes it, before the client sends it.

use crate::error::Error;
use bytes::Bytes;
use std::borrow::Cow;
use std::fmt;

/// One request: method, path (parameters already encoded), query, headers and body.
///
/// The client adds the credentials when it sends the request (unless
/// [`without_auth`](Self::without_auth) was called), so a `Request` never holds them.
///
/// ```
/// use d360_runtime::{Method, Request};
///
/// let request = Request::new(Method::GET, "/api/v2/partners/examplePA/channels".to_owned())
///     .query("limit", 20)
///     .query_values("filters", ["a", "b"])
///     .header("Accept-Language", "en")
///     .operation("list_channels", "/api/v2/partners/{partner_id}/channels");
/// assert_eq!(request.path(), "/api/v2/partners/examplePA/channels");
/// assert_eq!(request.path_template(), Some("/api/v2/partners/{partner_id}/channels"));
/// ```
#[derive(Clone)]
pub struct Request {
    pub(crate) method: reqwest::Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Body>,
    pub(crate) authenticated: bool,
    /// The operation's name, for spans.
    pub(crate) operation: Option<&'static str>,
    /// The path before parameters were filled in, for spans.
    pub(crate) template: Option<Cow<'static, str>>,
    /// Retried like an idempotent request whatever its method (the token request).
    pub(crate) idempotent: bool,
    /// Why the request cannot be sent, kept from the first body that did not encode (see
    /// [`json_body`](Request::json_body)); sending it fails with [`Error::Request`].
    pub(crate) invalid: Option<String>,
}

/// A request body with its content type.
#[derive(Clone)]
pub(crate) struct Body {
    pub(crate) bytes: Bytes,
    pub(crate) content_type: String,
}

impl Request {
    /// A request for `path` (already percent-encoded), sent with the client's credentials.
    pub fn new(method: reqwest::Method, path: String) -> Self {
        Self {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            authenticated: true,
            operation: None,
            template: None,
            idempotent: false,
            invalid: None,
        }
    }

    /// Names the operation the request belongs to and its path template, the path before
    /// parameters are filled in (`/api/v2/partners/{partner_id}`). Generated code sets both;
    /// neither is sent. With the `tracing` feature they name the call's span, which never
    /// records the filled-in path (it holds ids).
    pub fn operation(mut self, name: &'static str, path_template: &'static str) -> Self {
        self.operation = Some(name);
        self.template = Some(Cow::Borrowed(path_template));
        self
    }

    /// Sends the request without credentials (operations with `security: []`).
    pub fn without_auth(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// Adds a query parameter (form-encoded: `name=value`).
    pub fn query(mut self, name: &str, value: impl ToString) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Adds a query parameter once per value: `name=1&name=2` (an exploded array).
    pub fn query_values<V: ToString>(
        mut self,
        name: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        self.query.extend(
            values
                .into_iter()
                .map(|value| (name.to_owned(), value.to_string())),
        );
        self
    }

    /// Adds a query parameter that may be an array or an object, written in the parameter's
    /// `style` (see [`QueryStyle`](crate::model::QueryStyle)); `null` adds nothing.
    ///
    /// ```
    /// # use d360_runtime::{model::QueryStyle, Method, Request};
    /// let request = Request::new(Method::GET, "/v1/charges".to_owned())
    ///     .query_param("created", &serde_json::json!({"gte": 1}), QueryStyle::DeepObject);
    /// assert_eq!(request.query_pairs(), &[("created[gte]".to_owned(), "1".to_owned())]);
    /// ```
    pub fn query_param<T: serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        style: crate::model::QueryStyle,
    ) -> Self {
        self.query
            .extend(crate::model::query_pairs(name, value, style));
        self
    }

    /// Adds a header. A name or value that is not valid in HTTP makes
    /// [`Client::execute`](crate::Client::execute) fail with [`Error::Request`].
    pub fn header(mut self, name: &str, value: impl ToString) -> Self {
        self.headers.push((name.to_owned(), value.to_string()));
        self
    }

    /// Sets a JSON body (`application/json`).
    pub fn json<T: serde::Serialize + ?Sized, E>(self, body: &T) -> Result<Self, Error<E>> {
        Ok(self.body_bytes(
            json_bytes(body).map_err(Error::Request)?,
            "application/json",
        ))
    }

    /// Sets a form body (`application/x-www-form-urlencoded`). `T` must serialize as a flat
    /// map or struct of scalars (or sequences of `(name, value)` pairs).
    ///
    /// ```
    /// # use d360_runtime::{Method, Request};
    /// let request = Request::new(Method::POST, "/token".to_owned())
    ///     .form::<_, ()>(&[("grant_type", "password"), ("scope", "a b")])
    ///     .unwrap();
    /// # let _ = request;
    /// ```
    pub fn form<T: serde::Serialize + ?Sized, E>(mut self, body: &T) -> Result<Self, Error<E>> {
        let text = form_text(body).map_err(Error::Request)?;
        self.body = Some(Body::new(text, "application/x-www-form-urlencoded"));
        Ok(self)
    }

    /// Sets a JSON body (`application/json`), like [`json`](Self::json), but a body that does
    /// not serialize does not fail here: the request keeps the error, and sending it fails
    /// with [`Error::Request`] before anything goes out. Generated operation methods build
    /// their requests this way, so that building one never returns early.
    ///
    /// ```
    /// # use d360_runtime::{Method, Request};
    /// let request = Request::new(Method::POST, "/x".to_owned()).json_body(&[1, 2]);
    /// assert_eq!(request.body(), Some((&b"[1,2]"[..], "application/json")));
    /// assert_eq!(request.invalid(), None);
    /// ```
    pub fn json_body<T: serde::Serialize + ?Sized>(self, body: &T) -> Self {
        match json_bytes(body) {
            Ok(bytes) => self.body_bytes(bytes, "application/json"),
            Err(message) => self.fail(message),
        }
    }

    /// Sets a form body (`application/x-www-form-urlencoded`) from an object, like
    /// [`model::form_pairs`](crate::model::form_pairs) and [`form`](Self::form) together: the
    /// properties named in `deep` are written as `deepObject`s. An error is kept as
    /// [`json_body`](Self::json_body) keeps it.
    ///
    /// ```
    /// # use d360_runtime::{Method, Request};
    /// let body = serde_json::json!({"amount": 100, "metadata": {"k": "v"}});
    /// let request = Request::new(Method::POST, "/v1/charges".to_owned())
    ///     .form_body(&body, &["metadata"]);
    /// let (bytes, _) = request.body().unwrap();
    /// assert_eq!(bytes, b"amount=100&metadata%5Bk%5D=v");
    ///
    /// let invalid = Request::new(Method::POST, "/v1/charges".to_owned()).form_body(&[1], &[]);
    /// assert!(invalid.invalid().unwrap().contains("expected an object"));
    /// ```
    pub fn form_body<T: serde::Serialize + ?Sized>(self, body: &T, deep: &[&str]) -> Self {
        let text = crate::model::form_pairs(body, deep).and_then(|fields| form_text(&fields));
        match text {
            Ok(text) => self.text(text, "application/x-www-form-urlencoded"),
            Err(message) => self.fail(message),
        }
    }

    /// Sets a `multipart/form-data` body with one part per property of `body` (see
    /// [`Multipart::from_fields`](crate::model::Multipart::from_fields)). An error is kept as
    /// [`json_body`](Self::json_body) keeps it.
    pub fn multipart_body<T: serde::Serialize + ?Sized>(self, body: &T) -> Self {
        match crate::model::Multipart::from_fields(body) {
            Ok(form) => {
                let (bytes, content_type) = form.encode();
                self.body_bytes(bytes, &content_type)
            }
            Err(message) => self.fail(message),
        }
    }

    /// Keeps the first reason the request cannot be sent.
    fn fail(mut self, message: String) -> Self {
        self.invalid.get_or_insert(message);
        self
    }

    /// Why the request cannot be sent, when a body did not encode (see
    /// [`json_body`](Self::json_body)).
    pub fn invalid(&self) -> Option<&str> {
        self.invalid.as_deref()
    }

    /// Sets a body of raw bytes with its content type (e.g. `application/octet-stream`).
    pub fn body_bytes(mut self, body: Vec<u8>, content_type: &str) -> Self {
        self.body = Some(Body::new(body, content_type));
        self
    }

    /// Sets a text body with its content type (e.g. `text/plain; charset=utf-8`).
    pub fn text(mut self, body: String, content_type: &str) -> Self {
        self.body = Some(Body::new(body, content_type));
        self
    }

    /// The request's method.
    pub fn method(&self) -> &reqwest::Method {
        &self.method
    }

    /// The request's path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The body and its content type, if one is set.
    pub fn body(&self) -> Option<(&[u8], &str)> {
        self.body
            .as_ref()
            .map(|b| (b.bytes.as_ref(), b.content_type.as_str()))
    }

    /// Whether the client adds its credentials when sending the request.
    pub fn is_authenticated(&self) -> bool {
        self.authenticated
    }

    /// The operation's name, when set with [`operation`](Self::operation).
    pub fn operation_name(&self) -> Option<&str> {
        self.operation
    }

    /// The path template, when set with [`operation`](Self::operation).
    pub fn path_template(&self) -> Option<&str> {
        self.template.as_deref()
    }

    /// Whether the request may be sent again after a timeout or a `429`/`5xx` answer.
    pub(crate) fn is_idempotent(&self) -> bool {
        self.idempotent || crate::retry::is_idempotent(&self.method)
    }
}

/// A JSON body's bytes, or why it does not serialize.
fn json_bytes<T: serde::Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, String> {
    serde_json::to_vec(body).map_err(|e| format!("the body does not serialize to JSON: {e}"))
}

/// A form body's text, or why it does not serialize.
fn form_text<T: serde::Serialize + ?Sized>(body: &T) -> Result<String, String> {
    serde_urlencoded::to_string(body)
        .map_err(|e| format!("the body does not serialize as a form: {e}"))
}

impl Body {
    fn new(bytes: impl Into<Bytes>, content_type: &str) -> Self {
        Self {
            bytes: bytes.into(),
            content_type: content_type.to_owned(),
        }
    }
}

impl fmt::Debug for Request {
    /// Shows the body's type and size, not its content: bodies may hold personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("authenticated", &self.authenticated)
            .field("operation", &self.operation)
            .field("invalid", &self.invalid)
            .finish()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes of {}>", self.bytes.len(), self.content_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    #[test]
    fn bodies_and_queries() {
        let r = Request::new(Method::POST, "/x".into())
            .query_values("a", [1, 2])
            .form::<_, ()>(&[("k", "v w"), ("p", "&")])
            .unwrap();
        assert_eq!(
            r.query_pairs(),
            &[("a".into(), "1".into()), ("a".into(), "2".into())]
        );
        assert_eq!(
            r.body(),
            Some((&b"k=v+w&p=%26"[..], "application/x-www-form-urlencoded"))
        );
        let r = r.text("héllo".into(), "text/plain; charset=utf-8");
        assert_eq!(r.body().unwrap().1, "text/plain; charset=utf-8");
        let debug = format!("{r:?}");
        assert!(debug.contains("<6 bytes of text/plain"), "{debug}");
        assert!(!debug.contains("héllo"), "{debug}");
    }

    #[test]
    fn form_rejects_nested_values() {
        let nested = serde_json::json!({"a": {"b": 1}});
        let e = Request::new(Method::POST, "/x".into())
            .form::<_, ()>(&nested)
            .unwrap_err();
        assert!(matches!(e, Error::Request(_)), "{e}");
    }
}
