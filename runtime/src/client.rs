//! The client handle and its builder.

use crate::error::{BuildError, Error, ResponseContext};
use crate::request::Request;
use crate::response::Response;
use std::marker::PhantomData;

/// Sends requests for a generated client. Cheap to clone (shares its connection pool).
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
}

/// Configures a [`Client`]; `C` is the generated client type that [`build`](Self::build) returns.
#[derive(Debug)]
pub struct ClientBuilder<C = Client> {
    base_url: String,
    http: Option<reqwest::Client>,
    _client: PhantomData<fn() -> C>,
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder whose base URL defaults to `default_base_url` (the spec's first server).
    pub fn new(default_base_url: &str) -> Self {
        Self {
            base_url: default_base_url.to_owned(),
            http: None,
            _client: PhantomData,
        }
    }

    /// The base URL requests go to (default: the spec's first server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Sends requests with this `reqwest::Client` instead of one built here.
    pub fn reqwest_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client. Fails when the base URL does not parse.
    pub fn build(self) -> Result<C, BuildError> {
        let parsed = reqwest::Url::parse(&self.base_url)
            .map_err(|e| BuildError(format!("invalid base URL {:?}: {e}", self.base_url)))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| BuildError(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(C::from(Client {
            http,
            base_url: parsed.as_str().trim_end_matches('/').to_owned(),
        }))
    }
}

impl Client {
    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends a request and reads the whole response.
    pub async fn execute<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base_url, request.path))
            .map_err(|e| Error::Request(format!("invalid request URL: {e}")))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        let mut builder = self.http.request(request.method.clone(), url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some((body, content_type)) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, *content_type)
                .body(body.clone());
        }
        let response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(Error::Transport)?;
        Ok(Response {
            context: ResponseContext {
                method: request.method,
                path: request.path,
                status,
                body,
            },
        })
    }
}
