//! A local stand-in for the 360dialog Partner Hub.
//!
//! A real HTTP server on loopback that answers like the Partner API for what the
//! `d360-partners` client covers, for tests, examples and offline development:
//!
//! | endpoint | behaviour |
//! |---|---|
//! | `GET /api/v2/partners/{partner_id}` | the partner (`PartnerOut`) |
//! | `PATCH /api/v2/partners/{partner_id}` | changes only the fields sent (`PatchPartnerIn`) |
//! | `POST /api/v2/partners/{partner_id}/webhook_url` | sets the webhook URL, answers the partner |
//! | `GET /api/v2/partners/{partner_id}/webhook_url` | the webhook URL (`WebhookUrlOut`) |
//! | `POST /api/v2/token` | username and password for a bearer token that expires |
//!
//! Bodies are the client's own generated models (`d360_partners::types`), so the client and
//! the stand-in agree by construction. Partner endpoints accept `X-API-Key` (preferred when
//! both are sent) or `Authorization: Bearer <token>`: without valid credentials they answer
//! 401, for an unknown partner 404, for another partner's id 403. Errors carry the spec's
//! bodies (`DefaultHttpError`, and `DefaultValidationError` with `details` for a bad body,
//! 400), each with a fresh `360dialog_trace_id`.
//!
//! Tests can make it misbehave ([`Fault`]: delays, error statuses with `Retry-After`,
//! redirects, HTML, empty, truncated, chunked, large and endless bodies; once, n times,
//! always or on every n-th request) and read what it saw
//! ([`RecordedRequest`], [`FakeHub::request_count`], [`FakeHub::tokens_issued`]).
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use d360_fake_hub::{FakeHub, Fault};
//!
//! let hub = FakeHub::start().await?;
//! let client = d360_partners::Client::builder()
//!     .base_url(hub.url())
//!     .api_key(hub.api_key())
//!     .build()
//!     .expect("a valid configuration");
//!
//! hub.inject(Fault::status(503).retry_after(1));
//! let partner = client.get_partner(hub.partner_id()).await.expect("retried once");
//! assert_eq!(partner.id.as_deref(), Some(hub.partner_id()));
//! assert_eq!(hub.request_count("/api/v2/partners/examplePA"), 2);
//! # Ok(())
//! # }
//! ```
//!
//! The server stops when the [`FakeHub`] is dropped. `cargo run -p d360-fake-hub` runs
//! one on its own and prints its URL and demo credentials.

#![warn(missing_docs)]

mod fault;
mod record;
mod server;
mod state;
mod wire;

pub use fault::Fault;
pub use record::RecordedRequest;

use d360_partners::types::PartnerOut;
use state::{Identity, Shared};
use std::collections::BTreeMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The demo partner's id, as in the Partner API documentation's examples.
pub const DEMO_PARTNER_ID: &str = "examplePA";
/// The API key the hub accepts unless configured otherwise.
pub const DEMO_API_KEY: &str = "fake-hub-demo-api-key";
/// The username the token endpoint accepts unless configured otherwise.
pub const DEMO_USERNAME: &str = "user@example.com";
/// The password the token endpoint accepts unless configured otherwise (the
/// documentation's example).
pub const DEMO_PASSWORD: &str = "123StrongPass4Me!";
/// How long a bearer token lasts unless configured otherwise (the documentation's
/// `expires_in`).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(86_400);

/// A running stand-in for the Partner Hub, listening on loopback. Stops when dropped.
///
/// Start one with [`FakeHub::start`] (a free port, demo credentials) or
/// [`FakeHub::builder`]. All methods take `&self`: share it between tasks in an `Arc`.
pub struct FakeHub {
    shared: Arc<Shared>,
    addr: SocketAddr,
    url: String,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<io::Result<()>>>,
}

/// Configures a [`FakeHub`] before it starts.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// use std::time::Duration;
///
/// let hub = d360_fake_hub::FakeHub::builder()
///     .token_lifetime(Duration::from_secs(1))
///     .start()
///     .await?;
/// # let _ = hub;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct FakeHubBuilder {
    port: u16,
    identity: Identity,
    token_lifetime: Duration,
}

impl FakeHubBuilder {
    /// The port to listen on, on 127.0.0.1 (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The id of the partner the credentials belong to (default [`DEMO_PARTNER_ID`]). The
    /// hub starts with this partner, filled in from the documentation's example.
    pub fn partner_id(mut self, id: impl Into<String>) -> Self {
        self.identity.partner_id = id.into();
        self
    }

    /// The API key the hub accepts in `X-API-Key` (default [`DEMO_API_KEY`]).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.identity.api_key = key.into();
        self
    }

    /// The username and password the token endpoint accepts (default [`DEMO_USERNAME`],
    /// [`DEMO_PASSWORD`]).
    pub fn credentials(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.identity.username = username.into();
        self.identity.password = password.into();
        self
    }

    /// How long a bearer token is accepted after it was issued (default
    /// [`DEFAULT_TOKEN_LIFETIME`]). `expires_in` announces it in whole seconds, rounded
    /// down, so keep it to whole seconds.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Binds the port and starts serving on the current Tokio runtime.
    ///
    /// Fails when the port cannot be bound.
    pub async fn start(self) -> io::Result<FakeHub> {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, self.port)))
                .await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(self.identity, self.token_lifetime));
        let app = axum::Router::new()
            .fallback(server::handle)
            .with_state(shared.clone());
        let (stop, mut stopped) = watch::channel(false);
        let shutdown = async move {
            // Ends when told to stop, or when the handle is gone.
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        });
        Ok(FakeHub {
            shared,
            addr,
            url: format!("http://{addr}"),
            stop,
            task: Some(task),
        })
    }
}

impl FakeHub {
    /// Starts a hub on a free loopback port with the demo partner and credentials.
    ///
    /// Fails when no port can be bound.
    pub async fn start() -> io::Result<Self> {
        Self::builder().start().await
    }

    /// A builder, to choose the port, credentials or token lifetime.
    pub fn builder() -> FakeHubBuilder {
        FakeHubBuilder {
            port: 0,
            identity: Identity {
                partner_id: DEMO_PARTNER_ID.to_owned(),
                api_key: DEMO_API_KEY.to_owned(),
                username: DEMO_USERNAME.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
            },
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
        }
    }

    /// The base URL to give the client: `http://127.0.0.1:<port>`, no trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the hub listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API key the hub accepts.
    pub fn api_key(&self) -> &str {
        &self.shared.identity.api_key
    }

    /// The id of the partner the credentials belong to.
    pub fn partner_id(&self) -> &str {
        &self.shared.identity.partner_id
    }

    /// The path of that partner: `/api/v2/partners/<id>` (for faults and counts).
    pub fn partner_path(&self) -> String {
        format!("/api/v2/partners/{}", self.partner_id())
    }

    /// The username the token endpoint accepts.
    pub fn username(&self) -> &str {
        &self.shared.identity.username
    }

    /// The password the token endpoint accepts.
    pub fn password(&self) -> &str {
        &self.shared.identity.password
    }

    // ---- state ----

    /// The partner with this id as the hub holds it now.
    pub fn partner(&self, id: &str) -> Option<PartnerOut> {
        self.shared.lock().partners.get(id).cloned()
    }

    /// Adds (or replaces) a partner with this id. The hub's credentials do not belong to
    /// it, so requests for it get 403: use it to test another partner's id.
    pub fn insert_partner(&self, id: &str, partner: PartnerOut) {
        let partner = partner.with_id(id);
        self.shared.lock().partners.insert(id.to_owned(), partner);
    }

    /// Changes how long the tokens issued from now on last.
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        self.shared.lock().token_lifetime = lifetime;
    }

    /// Forgets every token issued so far: the next request with one gets 401.
    pub fn revoke_tokens(&self) {
        self.shared.revoke_tokens();
    }

    /// How many tokens the token endpoint has issued.
    pub fn tokens_issued(&self) -> usize {
        self.shared.lock().tokens_issued
    }

    // ---- faults ----

    /// Adds a fault; see [`Fault`].
    pub fn inject(&self, fault: Fault) {
        if !fault.is_used_up() {
            self.shared.lock().faults.push(fault);
        }
    }

    /// The next `n` requests (to any path) are answered with `status` and the hub's error
    /// body. Shorthand for `inject(Fault::status(status).times(n))`.
    pub fn fail_next(&self, n: usize, status: u16) {
        self.inject(Fault::status(status).times(n));
    }

    /// Removes every fault not used up yet.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// How many faults are still waiting for a request.
    pub fn pending_faults(&self) -> usize {
        self.shared.lock().faults.len()
    }

    // ---- records ----

    /// Every request received so far, in order (the last 100,000 at most).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().records.iter().cloned().collect()
    }

    /// The requests received for exactly this path, in order.
    pub fn requests_to(&self, path: &str) -> Vec<RecordedRequest> {
        let state = self.shared.lock();
        state
            .records
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    /// How many requests were received for exactly this path (all of them, also beyond
    /// the 100,000 that [`requests`](Self::requests) keeps).
    pub fn request_count(&self, path: &str) -> usize {
        self.shared.lock().received.get(path).copied().unwrap_or(0)
    }

    /// How many answers the hub sent per status (faults included), since it started or
    /// [`clear_requests`](Self::clear_requests).
    pub fn answers_per_status(&self) -> BTreeMap<u16, usize> {
        self.shared.lock().answered.clone()
    }

    /// How many requests were received per path (all of them).
    pub fn requests_per_path(&self) -> BTreeMap<String, usize> {
        let state = self.shared.lock();
        state
            .received
            .iter()
            .map(|(path, count)| (path.clone(), *count))
            .collect()
    }

    /// Forgets the requests received so far, their counts and the answers' (the token
    /// count stays).
    pub fn clear_requests(&self) {
        let mut state = self.shared.lock();
        state.records.clear();
        state.received.clear();
        state.answered.clear();
    }

    // ---- lifecycle ----

    /// Stops accepting connections and waits until open ones are done.
    ///
    /// Fails when the server failed while serving.
    pub async fn shutdown(mut self) -> io::Result<()> {
        let _ = self.stop.send(true);
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for FakeHub {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

impl std::fmt::Debug for FakeHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeHub")
            .field("url", &self.url)
            .field("partner_id", &self.partner_id())
            .finish_non_exhaustive()
    }
}
