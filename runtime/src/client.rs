//! The client handle, its builder, and the sending loop (credentials, retries).

use crate::auth::{Auth, Bearer, Credential, API_KEY_HEADER, DEFAULT_TOKEN_PATH};
use crate::error::{BuildError, Error, Failure, ResponseContext, ResponseTooLarge, TransportError};
use crate::options::RequestOptions;
use crate::redirect;
use crate::request::Request;
use crate::response::Response;
use crate::retry::RetryPolicy;
use crate::telemetry::{self, CallSpan, RetryReason};
use bytes::{Bytes, BytesMut};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, USER_AGENT,
};
use reqwest::Url;
use secrecy::SecretString;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

/// How long connecting may take, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one attempt may take, from sending to the last byte of the body, unless
/// configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body a client reads, unless configured otherwise: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 16 * 1024 * 1024;

/// Sends requests for a generated client: adds credentials, retries what is safe to retry,
/// and reads whole responses. Cheap to clone; clones share the connection pool and the
/// bearer token.
///
/// Built with [`ClientBuilder`]. Its `Debug` output shows the configuration, never a
/// credential.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Headers and timeout for every call through this handle.
    options: Option<Arc<RequestOptions>>,
}

struct Inner {
    transport: Transport,
    auth: Auth,
}

/// The HTTP side of a client: where requests go and how they are retried.
#[derive(Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
    base_url: String,
    retry: RetryPolicy,
    /// Set per request only on a caller-supplied reqwest client (ours has it built in).
    timeout: Option<Duration>,
    /// Set per request only on a caller-supplied reqwest client (ours has it built in).
    user_agent: Option<HeaderValue>,
    /// The largest response body read.
    max_response_size: usize,
}

/// Configures a [`Client`]; `C` is the generated client type that [`build`](Self::build)
/// returns.
///
/// Defaults: the spec's server as base URL, no credentials, connect timeout 10 s
/// ([`DEFAULT_CONNECT_TIMEOUT`]), 30 s per attempt ([`DEFAULT_TIMEOUT`]), user agent
/// `d360-partners/<version>`, [`RetryPolicy::default`] (3 attempts), bearer tokens from
/// `/api/v2/token`, redirects followed only within the base URL's origin (at most 5), and
/// response bodies up to 16 MiB ([`DEFAULT_MAX_RESPONSE_SIZE`]).
///
/// ```no_run
/// use d360_runtime::{Client, ClientBuilder, RetryPolicy};
/// use std::time::Duration;
///
/// # fn main() -> Result<(), d360_runtime::BuildError> {
/// let client: Client = ClientBuilder::new("https://hub.360dialog.io")
///     .api_key(std::env::var("D360_PARTNER_API_KEY").unwrap_or_default())
///     .timeout(Duration::from_secs(20))
///     .retry_policy(RetryPolicy::default().max_attempts(4))
///     .build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
pub struct ClientBuilder<C = Client> {
    base_url: String,
    http: Option<reqwest::Client>,
    api_key: Option<SecretString>,
    bearer: Option<(SecretString, SecretString)>,
    token_path: String,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    retry: RetryPolicy,
    max_response_size: usize,
    _client: PhantomData<fn() -> C>,
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder whose base URL defaults to `default_base_url` (the spec's first server).
    pub fn new(default_base_url: &str) -> Self {
        Self {
            base_url: default_base_url.to_owned(),
            http: None,
            api_key: None,
            bearer: None,
            token_path: DEFAULT_TOKEN_PATH.to_owned(),
            connect_timeout: None,
            timeout: None,
            user_agent: None,
            retry: RetryPolicy::default(),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            _client: PhantomData,
        }
    }

    /// The base URL requests go to (default: the spec's first server). It must be an
    /// `http` or `https` URL without credentials, query or fragment; it may have a path
    /// prefix (`http://127.0.0.1:8080/hub`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Authenticates with a Partner API key, sent as `X-API-Key` on every authenticated
    /// request. The preferred scheme: when bearer credentials are set too, the API key is
    /// used and they are not.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(SecretString::from(key.into()));
        self
    }

    /// Authenticates with bearer tokens obtained from the token endpoint with this username
    /// (email) and password. 360dialog deprecates this scheme in favour of
    /// [`api_key`](Self::api_key).
    ///
    /// The client obtains a token on the first authenticated request, renews it before its
    /// `expires_in` runs out (a minute early, or after three quarters of lifetimes under
    /// four minutes), and, when a request is answered with 401, renews it and sends that
    /// request once more. Concurrent requests share one renewal; while one of them renews
    /// a token that is still valid, the others keep sending it. The token request is
    /// retried as the [`RetryPolicy`] allows (it counts as idempotent).
    pub fn bearer_credentials(
        mut self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.bearer = Some((
            SecretString::from(username.into()),
            SecretString::from(password.into()),
        ));
        self
    }

    /// The path of the token endpoint, below the base URL (default `/api/v2/token`).
    pub fn token_path(mut self, path: impl Into<String>) -> Self {
        self.token_path = path.into();
        self
    }

    /// How long connecting may take (default 10 s). Not available with
    /// [`reqwest_client`](Self::reqwest_client): configure that client instead.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one attempt may take, from sending the request to the last byte of the
    /// response body (default 30 s). With retries, a call can take up to
    /// `attempts × timeout` plus the waits between attempts.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default `d360-partners/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// How failed attempts are retried (default [`RetryPolicy::default`]; turn retries off
    /// with [`RetryPolicy::none`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body the client reads, in bytes (default 16 MiB,
    /// [`DEFAULT_MAX_RESPONSE_SIZE`]), for every response: successes, errors, and the token
    /// endpoint's.
    ///
    /// A response whose `Content-Length` announces more is refused before its body is
    /// read; a body sent without one is read in chunks and dropped as soon as it passes
    /// the limit. Either way the call ends in [`Error::TooLarge`], which names the limit,
    /// and is not retried.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Sends requests with this `reqwest::Client` instead of one built here.
    ///
    /// Its own settings then apply: its connect timeout, proxy, TLS configuration and,
    /// above all, its **redirect policy**. The client built here follows redirects only
    /// within the base URL's origin, so that `X-API-Key` never reaches another host
    /// (reqwest removes `Authorization` on a cross-origin redirect, but not custom
    /// headers); reqwest's default policy follows any redirect. Consider
    /// `reqwest::redirect::Policy::none()` for the client you supply. The
    /// [`timeout`](Self::timeout) and [`user_agent`](Self::user_agent) set here are
    /// applied to each request when set explicitly.
    ///
    /// With the default `rustls` feature, reqwest is compiled without a crypto provider of
    /// its own and panics when a client is built before one is installed: call
    /// [`install_tls_provider`](crate::install_tls_provider) before building the client you
    /// supply (unless your own reqwest dependency enables its default TLS).
    pub fn reqwest_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client. Fails when the base URL does not parse, is not `http`/`https`
    /// (or `https` without a TLS feature), holds credentials, a query or a fragment; when
    /// the API key, user agent or token path cannot be sent; or when the HTTP client cannot
    /// be built.
    pub fn build(self) -> Result<C, BuildError> {
        let base_url = parse_base_url(&self.base_url)?;
        let auth = self.auth(&base_url)?;
        let user_agent = self.user_agent_value()?;
        let (http, timeout, user_agent) = match self.http {
            Some(http) => {
                if self.connect_timeout.is_some() {
                    return Err(BuildError(
                        "connect_timeout cannot be applied to a supplied reqwest::Client: \
                         set it on that client's builder"
                            .to_owned(),
                    ));
                }
                (
                    http,
                    self.timeout,
                    self.user_agent.is_some().then_some(user_agent),
                )
            }
            None => {
                install_tls_provider();
                let http = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .user_agent(user_agent)
                    .redirect(redirect::same_origin(redirect::MAX_REDIRECTS))
                    .build()
                    .map_err(|e| BuildError(format!("cannot build the HTTP client: {e}")))?;
                (http, None, None)
            }
        };
        let transport = Transport {
            http,
            base_url: base_url.as_str().trim_end_matches('/').to_owned(),
            retry: self.retry,
            timeout,
            user_agent,
            max_response_size: self.max_response_size,
        };
        Ok(C::from(Client {
            inner: Arc::new(Inner { transport, auth }),
            options: None,
        }))
    }

    fn auth(&self, base_url: &Url) -> Result<Auth, BuildError> {
        if let Some(key) = &self.api_key {
            return Auth::api_key(key).ok_or_else(|| {
                BuildError(
                    "the API key is empty or not a valid header value \
                     (it must be visible ASCII)"
                        .to_owned(),
                )
            });
        }
        let Some((username, password)) = &self.bearer else {
            return Ok(Auth::None);
        };
        let joined = format!(
            "{}{}",
            base_url.as_str().trim_end_matches('/'),
            self.token_path
        );
        if !self.token_path.starts_with('/') || Url::parse(&joined).is_err() {
            return Err(BuildError(format!(
                "invalid token path {:?}: it must be a path starting with '/'",
                self.token_path
            )));
        }
        Ok(Auth::Bearer(Arc::new(Bearer::new(
            username.clone(),
            password.clone(),
            self.token_path.clone(),
        ))))
    }

    fn user_agent_value(&self) -> Result<HeaderValue, BuildError> {
        match &self.user_agent {
            None => Ok(HeaderValue::from_static(concat!(
                "d360-partners/",
                env!("CARGO_PKG_VERSION")
            ))),
            Some(ua) => HeaderValue::from_str(ua)
                .map_err(|_| BuildError(format!("invalid user agent {ua:?}"))),
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match (&self.api_key, &self.bearer) {
            (Some(_), _) => "ApiKey([REDACTED])",
            (None, Some(_)) => "Bearer([REDACTED])",
            (None, None) => "None",
        };
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &auth)
            .field("token_path", &self.token_path)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("max_response_size", &self.max_response_size)
            .field("reqwest_client", &self.http.is_some())
            .finish()
    }
}

fn parse_base_url(raw: &str) -> Result<Url, BuildError> {
    let url = Url::parse(raw).map_err(|e| {
        // Whatever precedes an '@' may be a password: leave it out.
        let shown = raw.rsplit_once('@').map_or(raw, |(_, host)| host);
        BuildError(format!("invalid base URL {shown:?}: {e}"))
    })?;
    let fail = |why: &str| {
        Err(BuildError(format!(
            "invalid base URL {}: {why}",
            redacted(&url)
        )))
    };
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return fail("the scheme must be http or https");
    }
    if url.scheme() == "https" && !cfg!(any(feature = "rustls", feature = "native-tls")) {
        return fail("https needs the `rustls` or `native-tls` feature of d360-runtime");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return fail("credentials in the URL are not supported: use api_key or bearer_credentials");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return fail("it must not have a query or fragment");
    }
    Ok(url)
}

/// The URL without user information, for messages.
fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

/// Makes `ring` the process's rustls crypto provider, unless one is installed already.
///
/// [`ClientBuilder::build`] does this itself. Call it yourself before building a
/// `reqwest::Client` of your own (for [`ClientBuilder::reqwest_client`]): reqwest is compiled
/// here without a provider of its own (to keep builds fast) and panics without one. With the
/// `rustls` feature off, it does nothing.
///
/// ```
/// d360_runtime::install_tls_provider();
/// let http = reqwest::Client::builder().build();
/// assert!(http.is_ok());
/// ```
#[cfg(feature = "rustls")]
pub fn install_tls_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // An error means another thread installed one first, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Does nothing without the `rustls` feature: see the `rustls` build of this function.
#[cfg(not(feature = "rustls"))]
pub fn install_tls_provider() {}

impl Client {
    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.transport.base_url
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.transport.retry
    }

    /// A handle that sends every call with `options` (extra headers, a timeout per
    /// attempt), sharing everything else with this client: connections, credentials,
    /// bearer token, retry policy. Cheap: meant to be made for one call. Options set on
    /// this client before are replaced, not merged.
    ///
    /// ```no_run
    /// # async fn run(client: d360_runtime::Client) {
    /// use d360_runtime::RequestOptions;
    /// use std::time::Duration;
    ///
    /// let quick = client.with_request_options(
    ///     RequestOptions::new()
    ///         .header("X-Request-Id", "7f3c9a")
    ///         .timeout(Duration::from_secs(2)),
    /// );
    /// # let _ = quick;
    /// # }
    /// ```
    pub fn with_request_options(&self, options: RequestOptions) -> Client {
        Client {
            inner: self.inner.clone(),
            options: Some(Arc::new(options)),
        }
    }

    /// The options every call through this handle is sent with, if any.
    pub fn request_options(&self) -> Option<&RequestOptions> {
        self.options.as_deref()
    }

    /// The largest response body read, in bytes.
    pub fn max_response_size(&self) -> usize {
        self.inner.transport.max_response_size
    }

    /// Sends a request and reads the whole response.
    ///
    /// Adds the credentials (unless the request is [`without_auth`](Request::without_auth))
    /// and this handle's [`RequestOptions`], retries as the [`RetryPolicy`] allows, and, with
    /// bearer authentication, renews the token and resends once when the server answers
    /// 401. Every status is returned as a [`Response`]: generated code decides what it
    /// means. Errors are the failures to get one: [`Error::Connect`], [`Error::Timeout`],
    /// [`Error::Transport`], [`Error::Auth`], [`Error::TooLarge`] and [`Error::Request`].
    ///
    /// With the `tracing` feature the call runs in a span (see the crate documentation).
    pub async fn execute<E>(&self, request: Request) -> Result<Response, Error<E>> {
        self.send(&request).await.map_err(Failure::into_error)
    }

    /// [`execute`](Self::execute) without the operation's error type, so compiled once.
    pub(crate) async fn send(&self, request: &Request) -> Result<Response, Failure> {
        let span = CallSpan::new(request);
        let mut attempts = 0;
        let outcome = span.instrument(self.run(request, &mut attempts)).await;
        span.finish(&outcome, attempts);
        outcome
    }

    async fn run(&self, request: &Request, attempts: &mut u32) -> Result<Response, Failure> {
        if let Some(message) = &request.invalid {
            return Err(Failure::Request(message.clone()));
        }
        let Inner { transport, auth } = &*self.inner;
        let options = self.options.as_deref();
        let credential = match request.authenticated {
            true => auth.credential(transport).await?,
            false => None,
        };
        let response = transport
            .send(request, credential.as_ref(), options, attempts)
            .await?;
        if response.status() != 401 {
            return Ok(response);
        }
        let Some(sent) = &credential else {
            return Ok(response);
        };
        match auth.renew_after_rejection(transport, sent).await? {
            Some(renewed) => {
                transport
                    .send(request, Some(&renewed), options, attempts)
                    .await
            }
            None => Ok(response),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Inner { transport, auth } = &*self.inner;
        f.debug_struct("Client")
            .field("base_url", &transport.base_url)
            .field("auth", auth)
            .field("retry", &transport.retry)
            .field("max_response_size", &transport.max_response_size)
            .field("request_options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Why an attempt ended without a response to return.
enum AttemptFailure {
    Transport(reqwest::Error),
    TooLarge(ResponseTooLarge),
}

impl From<reqwest::Error> for AttemptFailure {
    fn from(error: reqwest::Error) -> Self {
        Self::Transport(error)
    }
}

impl Transport {
    /// Sends `request` with `credential` and `options`, retrying as the policy allows, and
    /// reads the whole response. Counts the attempts in `attempts`.
    pub(crate) async fn send(
        &self,
        request: &Request,
        credential: Option<&Credential>,
        options: Option<&RequestOptions>,
        attempts: &mut u32,
    ) -> Result<Response, Failure> {
        let url = self.url(request)?;
        let headers = self.headers(request, credential, options)?;
        let timeout = options.and_then(|o| o.timeout).or(self.timeout);
        let idempotent = request.is_idempotent();
        let mut attempt = 1;
        loop {
            *attempts += 1;
            let outcome = self.attempt(request, &url, &headers, timeout).await;
            let (wait, reason) = match outcome {
                Ok(context) => {
                    let wait = self.retry.wait_after_response(
                        idempotent,
                        attempt,
                        context.status,
                        &context.headers,
                    );
                    match wait {
                        Some(wait) => (wait, RetryReason::Status(context.status)),
                        None => return Ok(Response { context }),
                    }
                }
                Err(AttemptFailure::TooLarge(error)) => return Err(Failure::TooLarge(error)),
                Err(AttemptFailure::Transport(source)) => {
                    let mut error =
                        TransportError::new(request.method.clone(), &request.path, source);
                    error.attempts = attempt;
                    match self
                        .retry
                        .wait_after_failure(idempotent, attempt, error.kind)
                    {
                        Some(wait) => (wait, RetryReason::Transport(error.kind.as_str())),
                        None => return Err(Failure::Transport(error)),
                    }
                }
            };
            telemetry::retry(request.template.as_deref(), attempt, reason, wait);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One attempt: send, then read the whole body, no more than the size limit.
    async fn attempt(
        &self,
        request: &Request,
        url: &Url,
        headers: &HeaderMap,
        timeout: Option<Duration>,
    ) -> Result<ResponseContext, AttemptFailure> {
        let mut builder = self
            .http
            .request(request.method.clone(), url.clone())
            .headers(headers.clone());
        if let Some(body) = &request.body {
            builder = builder.body(body.bytes.clone());
        }
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        let mut response = builder.send().await?;
        let status = response.status();
        let too_large = |content_length| {
            AttemptFailure::TooLarge(ResponseTooLarge {
                method: request.method.clone(),
                path: request.path.clone(),
                status,
                limit: self.max_response_size,
                content_length,
            })
        };
        let announced = response.content_length();
        if announced.is_some_and(|length| length > self.max_response_size as u64) {
            return Err(too_large(announced));
        }
        let response_headers = response.headers().clone();
        let body = match announced {
            // A body with a Content-Length is read no further than that length (hyper's
            // decoder stops there), which is within the limit.
            Some(_) => response.bytes().await?,
            None => self
                .read_chunks(&mut response)
                .await?
                .ok_or_else(|| too_large(None))?,
        };
        Ok(ResponseContext {
            method: request.method.clone(),
            path: request.path.clone(),
            status,
            headers: response_headers,
            body,
        })
    }

    /// Reads a body of unknown length in chunks; `None` as soon as it passes the limit.
    async fn read_chunks(
        &self,
        response: &mut reqwest::Response,
    ) -> Result<Option<Bytes>, reqwest::Error> {
        // Most bodies come in one chunk: it is kept as it is, without a copy.
        let mut single: Option<Bytes> = None;
        let mut joined: Option<BytesMut> = None;
        let mut read = 0usize;
        while let Some(chunk) = response.chunk().await? {
            read = read.saturating_add(chunk.len());
            if read > self.max_response_size {
                return Ok(None);
            }
            if let Some(joined) = joined.as_mut() {
                joined.extend_from_slice(&chunk);
            } else if let Some(first) = single.take() {
                let mut buffer = BytesMut::with_capacity(read.max(8 * 1024));
                buffer.extend_from_slice(&first);
                buffer.extend_from_slice(&chunk);
                joined = Some(buffer);
            } else {
                single = Some(chunk);
            }
        }
        Ok(Some(match joined {
            Some(joined) => joined.freeze(),
            None => single.unwrap_or_default(),
        }))
    }

    fn url(&self, request: &Request) -> Result<Url, Failure> {
        let mut url = Url::parse(&format!("{}{}", self.base_url, request.path)).map_err(|e| {
            Failure::Request(format!("invalid request URL for {:?}: {e}", request.path))
        })?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        Ok(url)
    }

    /// The request's headers, its content type, the user agent, the options' headers, and
    /// at most one credential.
    fn headers(
        &self,
        request: &Request,
        credential: Option<&Credential>,
        options: Option<&RequestOptions>,
    ) -> Result<HeaderMap, Failure> {
        let mut headers = HeaderMap::new();
        for (name, value) in &request.headers {
            let (name, value) = header(name, value)?;
            headers.append(name, value);
        }
        if let Some(body) = &request.body {
            let content_type = HeaderValue::from_str(&body.content_type).map_err(|_| {
                Failure::Request(format!("invalid content type {:?}", body.content_type))
            })?;
            headers.insert(CONTENT_TYPE, content_type);
        }
        if let Some(user_agent) = &self.user_agent {
            if !headers.contains_key(USER_AGENT) {
                headers.insert(USER_AGENT, user_agent.clone());
            }
        }
        if let Some(options) = options.filter(|o| !o.headers.is_empty()) {
            // Each name the options set replaces what came before it.
            let mut extra = Vec::with_capacity(options.headers.len());
            for (name, value) in &options.headers {
                let (name, mut value) = header(name, value)?;
                // Never indexed by HTTP/2 header compression (it may be a secret).
                value.set_sensitive(true);
                extra.push((name, value));
            }
            for (name, _) in &extra {
                headers.remove(name);
            }
            for (name, value) in extra {
                headers.append(name, value);
            }
        }
        if let Some(credential) = credential {
            // One scheme per request: whatever else the request carried is replaced.
            headers.remove(AUTHORIZATION);
            headers.remove(API_KEY_HEADER);
            headers.insert(credential.name.clone(), credential.value.clone());
        }
        Ok(headers)
    }
}

/// A header parsed for sending; a failure names the header, not its value.
fn header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Failure> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Failure::Request(format!("invalid header name {name:?}")))?;
    let header_value = HeaderValue::from_str(value).map_err(|_| {
        Failure::Request(format!(
            "the value of header {name:?} is not a valid header value"
        ))
    })?;
    Ok((header_name, header_value))
}
