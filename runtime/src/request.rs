//! A request as generated code describes it, before the client sends it.

use crate::error::Error;

/// One request: method, path (parameters already encoded), query, headers and body.
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) method: reqwest::Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<(bytes::Bytes, &'static str)>,
    pub(crate) authenticated: bool,
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
        }
    }

    /// Sends the request without credentials (operations with `security: []`).
    pub fn without_auth(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &str, value: impl ToString) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl ToString) -> Self {
        self.headers.push((name.to_owned(), value.to_string()));
        self
    }

    /// Sets a JSON body.
    pub fn json<T: serde::Serialize + ?Sized, E>(mut self, body: &T) -> Result<Self, Error<E>> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::Request(format!("the body does not serialize to JSON: {e}")))?;
        self.body = Some((bytes.into(), "application/json"));
        Ok(self)
    }

    /// The request's method.
    pub fn method(&self) -> &reqwest::Method {
        &self.method
    }

    /// The request's path.
    pub fn path(&self) -> &str {
        &self.path
    }
}
