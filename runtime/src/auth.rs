//! Credentials: an API key sent as it is, or bearer tokens obtained with a username and
//! password and renewed before they expire.

use crate::client::Transport;
use crate::error::{AuthError, Failure, ResponseContext};
use crate::request::{Body, Request};
use crate::response::Response;
use crate::telemetry::{self, RenewalReason};
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The header an API key is sent in.
pub(crate) const API_KEY_HEADER: &str = "X-API-Key";

/// Where bearer tokens come from, unless configured otherwise.
pub(crate) const DEFAULT_TOKEN_PATH: &str = "/api/v2/token";

/// A token is renewed this long before it expires (or after three quarters of its lifetime,
/// for lifetimes shorter than four times this), and sent until an eighth of that margin
/// before it expires, while one caller renews it: a window that leaves room for a retried
/// token request (a 2 s token is renewed from 1.5 s on and sent until 1.94 s).
const RENEWAL_MARGIN: Duration = Duration::from_secs(60);

/// How a client authenticates. Only one scheme is ever sent with a request.
#[derive(Clone)]
pub(crate) enum Auth {
    None,
    ApiKey(HeaderValue),
    Bearer(Arc<Bearer>),
}

/// The credential header of one request, and which token it carries (for bearer).
pub(crate) struct Credential {
    pub(crate) name: HeaderName,
    pub(crate) value: HeaderValue,
    generation: Option<u64>,
}

impl Auth {
    /// An API key header value, marked sensitive. `None` when the key is not a valid header
    /// value.
    pub(crate) fn api_key(key: &SecretString) -> Option<Self> {
        let key = key.expose_secret();
        if key.is_empty() {
            return None;
        }
        let mut value = HeaderValue::from_str(key).ok()?;
        value.set_sensitive(true);
        Some(Self::ApiKey(value))
    }

    /// The credential to send now, obtaining a bearer token if there is no fresh one.
    pub(crate) async fn credential(
        &self,
        transport: &Transport,
    ) -> Result<Option<Credential>, Failure> {
        match self {
            Self::None => Ok(None),
            Self::ApiKey(value) => Ok(Some(Credential {
                name: HeaderName::from_static("x-api-key"),
                value: value.clone(),
                generation: None,
            })),
            Self::Bearer(bearer) => bearer.current(transport).await.map(Some),
        }
    }

    /// After a 401 to `sent`: a renewed credential to retry with once, or `None` when the
    /// scheme has nothing to renew.
    pub(crate) async fn renew_after_rejection(
        &self,
        transport: &Transport,
        sent: &Credential,
    ) -> Result<Option<Credential>, Failure> {
        match (self, sent.generation) {
            (Self::Bearer(bearer), Some(generation)) => {
                bearer.renew(transport, generation).await.map(Some)
            }
            _ => Ok(None),
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("None"),
            Self::ApiKey(_) => f.write_str("ApiKey([REDACTED])"),
            Self::Bearer(bearer) => bearer.fmt(f),
        }
    }
}

/// Bearer-token authentication (deprecated by 360dialog, still supported).
///
/// The token sits behind a plain mutex that is never held across an `await`, so reading it
/// costs every call next to nothing. Renewals are serialised by a second, async lock:
///
/// - no token, or an expired one: callers wait for the renewal lock; the first to get it
///   renews, the others then find the new token (one token request for all of them), or
///   the failure of the renewal they waited for (so that a token endpoint that is down does
///   not make each waiting caller try in turn);
/// - a token due for renewal but still valid: the first caller to see it renews, without
///   waiting for anyone; the others keep sending the current token meanwhile;
/// - a 401: the caller waits for the renewal lock and renews, unless the token it sent has
///   been replaced meanwhile.
///
/// A caller dropped mid-renewal releases the renewal lock; the next waiter renews instead,
/// so nobody waits for a renewal that will not finish.
pub(crate) struct Bearer {
    username: SecretString,
    password: SecretString,
    token_path: String,
    state: Mutex<TokenState>,
    renewal: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct TokenState {
    current: Option<Token>,
    /// Counts the tokens obtained, so a 401 renews only the token it was answered to.
    generation: u64,
    /// Counts the renewals that ended, with a token or without.
    renewals: u64,
    /// How the last renewal failed, when it did: shared with the callers that waited for it.
    failure: Option<Failure>,
}

struct Token {
    header: HeaderValue,
    /// When to start renewing; `None` when the server did not say when it expires.
    renew_at: Option<Instant>,
    /// When to stop sending it (a little before it expires).
    usable_until: Option<Instant>,
    generation: u64,
}

/// What a caller finds when it looks for a token.
enum Look {
    Fresh(Credential),
    /// Valid, renewal due.
    Expiring(Credential),
    /// None usable: `seen` renewals had ended by then.
    Missing {
        seen: u64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Freshness {
    Fresh,
    /// Still valid, renewal due.
    Expiring,
    Expired,
}

impl Token {
    fn freshness(&self, now: Instant) -> Freshness {
        match (self.renew_at, self.usable_until) {
            (None, _) => Freshness::Fresh,
            (Some(at), _) if now < at => Freshness::Fresh,
            (Some(_), Some(until)) if now >= until => Freshness::Expired,
            (Some(_), _) => Freshness::Expiring,
        }
    }

    fn credential(&self) -> Credential {
        Credential {
            name: AUTHORIZATION,
            value: self.header.clone(),
            generation: Some(self.generation),
        }
    }
}

impl Bearer {
    pub(crate) fn new(username: SecretString, password: SecretString, token_path: String) -> Self {
        Self {
            username,
            password,
            token_path,
            state: Mutex::default(),
            renewal: tokio::sync::Mutex::default(),
        }
    }

    /// The token state; still usable after a panic elsewhere (it is only ever replaced
    /// whole).
    fn state(&self) -> MutexGuard<'_, TokenState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn current(&self, transport: &Transport) -> Result<Credential, Failure> {
        match self.look(Instant::now()) {
            Look::Fresh(credential) => Ok(credential),
            Look::Expiring(current) => self.renew_early(transport, current).await,
            Look::Missing { seen } => self.renew_or_share(transport, seen, None).await,
        }
    }

    /// What the token state says now (the lock is held only here).
    fn look(&self, now: Instant) -> Look {
        let state = self.state();
        match &state.current {
            Some(token) => match token.freshness(now) {
                Freshness::Fresh => Look::Fresh(token.credential()),
                Freshness::Expiring => Look::Expiring(token.credential()),
                Freshness::Expired => Look::Missing {
                    seen: state.renewals,
                },
            },
            None => Look::Missing {
                seen: state.renewals,
            },
        }
    }

    /// Renews the token a request was rejected with, unless another caller already did.
    async fn renew(&self, transport: &Transport, rejected: u64) -> Result<Credential, Failure> {
        let seen = self.state().renewals;
        self.renew_or_share(transport, seen, Some(rejected)).await
    }

    /// The token is due for renewal but valid: renews it unless another caller is renewing
    /// already, in which case `current` goes out meanwhile. When the renewal fails, the
    /// current token is used as long as it is valid.
    async fn renew_early(
        &self,
        transport: &Transport,
        current: Credential,
    ) -> Result<Credential, Failure> {
        let Ok(_renewing) = self.renewal.try_lock() else {
            return Ok(current);
        };
        {
            let state = self.state();
            if let Some(token) = &state.current {
                if Some(token.generation) != current.generation
                    && token.freshness(Instant::now()) != Freshness::Expired
                {
                    return Ok(token.credential());
                }
            }
        }
        match self
            .obtain_and_store(transport, RenewalReason::Expiring)
            .await
        {
            Ok(credential) => Ok(credential),
            Err(failure) => {
                let state = self.state();
                match &state.current {
                    Some(token) if token.freshness(Instant::now()) != Freshness::Expired => {
                        Ok(token.credential())
                    }
                    _ => Err(failure),
                }
            }
        }
    }

    /// Waits for the renewal lock, then: uses a token another caller obtained meanwhile
    /// (not the `rejected` one), fails with the failure of a renewal that ended since the
    /// caller looked (`seen` renewals had ended then), or renews.
    async fn renew_or_share(
        &self,
        transport: &Transport,
        seen: u64,
        rejected: Option<u64>,
    ) -> Result<Credential, Failure> {
        let _renewing = self.renewal.lock().await;
        {
            let state = self.state();
            if let Some(token) = &state.current {
                let replaced = rejected.is_none_or(|g| token.generation != g);
                if replaced && token.freshness(Instant::now()) != Freshness::Expired {
                    return Ok(token.credential());
                }
            }
            if state.renewals > seen {
                if let Some(failure) = &state.failure {
                    telemetry::token_failure_shared(failure);
                    return Err(failure.clone());
                }
            }
        }
        let reason = match rejected {
            Some(_) => RenewalReason::Rejected,
            None => RenewalReason::Missing,
        };
        self.obtain_and_store(transport, reason).await
    }

    /// Obtains a token and stores it, or stores the failure. Called only while holding the
    /// renewal lock. Nothing is stored when the caller is dropped before the end.
    async fn obtain_and_store(
        &self,
        transport: &Transport,
        reason: RenewalReason,
    ) -> Result<Credential, Failure> {
        telemetry::token_renewing(reason);
        let generation = self.state().generation + 1;
        let mut attempts = 0;
        let obtained = self.obtain(transport, generation, &mut attempts).await;
        let mut state = self.state();
        state.renewals += 1;
        match obtained {
            Ok((token, lifetime)) => {
                telemetry::token_obtained(reason, generation, lifetime, attempts);
                let credential = token.credential();
                state.generation = generation;
                state.current = Some(token);
                state.failure = None;
                Ok(credential)
            }
            Err(failure) => {
                let kept = state
                    .current
                    .as_ref()
                    .is_some_and(|t| t.freshness(Instant::now()) != Freshness::Expired);
                telemetry::token_failed(reason, &failure, attempts, kept);
                if reason == RenewalReason::Rejected {
                    state.current = None;
                }
                state.failure = Some(failure.clone());
                Err(failure)
            }
        }
    }

    /// `POST {token_path}` with `{"username", "password"}`, retried like an idempotent
    /// request. Returns the token and the lifetime the server gave it.
    async fn obtain(
        &self,
        transport: &Transport,
        generation: u64,
        attempts: &mut u32,
    ) -> Result<(Token, Option<Duration>), Failure> {
        let login = serde_json::json!({
            "username": self.username.expose_secret(),
            "password": self.password.expose_secret(),
        });
        let body = serde_json::to_vec(&login)
            .map_err(|_| Failure::Request("the login body does not serialize".to_owned()))?;
        let mut request = Request::new(Method::POST, self.token_path.clone()).without_auth();
        request.body = Some(Body {
            bytes: body.into(),
            content_type: "application/json".to_owned(),
        });
        request.template = Some(Cow::Owned(self.token_path.clone()));
        request.idempotent = true;
        let asked_at = Instant::now();
        let response = transport.send(&request, None, None, attempts).await?;
        if !(200..300).contains(&response.status()) {
            return Err(Failure::Auth(AuthError::rejected(response.context)));
        }
        parse_token(response, asked_at, generation)
    }
}

impl fmt::Debug for Bearer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bearer")
            .field("username", &"[REDACTED]")
            .field("password", &"[REDACTED]")
            .field("token_path", &self.token_path)
            .finish_non_exhaustive()
    }
}

/// Reads `{"access_token", "expires_in", ...}`. Failures name what is wrong without quoting
/// the body, which may hold a token.
fn parse_token(
    response: Response,
    asked_at: Instant,
    generation: u64,
) -> Result<(Token, Option<Duration>), Failure> {
    let invalid =
        |context: ResponseContext, reason| Failure::Auth(AuthError::invalid(context, reason));
    let Ok(json) = serde_json::from_slice::<Value>(&response.context.body) else {
        return Err(invalid(response.context, "the body is not JSON"));
    };
    let Some(access) = json.get("access_token").and_then(Value::as_str) else {
        return Err(invalid(response.context, "no `access_token` string"));
    };
    if access.is_empty() {
        return Err(invalid(response.context, "the `access_token` is empty"));
    }
    let Ok(mut header) = HeaderValue::from_str(&format!("Bearer {access}")) else {
        return Err(invalid(
            response.context,
            "the `access_token` is not a valid header value",
        ));
    };
    header.set_sensitive(true);
    let lifetime = match json.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(value) => match seconds(value) {
            Some(lifetime) => Some(lifetime),
            None => {
                return Err(invalid(
                    response.context,
                    "`expires_in` is not a number of seconds",
                ))
            }
        },
    };
    // The server's clock started no earlier than `asked_at`: counting from there errs on
    // the safe side. A lifetime too long to represent is treated as unknown.
    let margin = lifetime.map(|lifetime| RENEWAL_MARGIN.min(lifetime / 4));
    let (renew_at, usable_until) = match (lifetime, margin) {
        (Some(lifetime), Some(margin)) => (
            asked_at.checked_add(lifetime - margin),
            asked_at.checked_add(lifetime - margin / 8),
        ),
        _ => (None, None),
    };
    let token = Token {
        header,
        renew_at,
        usable_until,
        generation,
    };
    Ok((token, lifetime))
}

/// A non-negative number of seconds, as a JSON number or a numeric string.
fn seconds(value: &Value) -> Option<Duration> {
    let number = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    Duration::try_from_secs_f64(number).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    fn response(body: &str) -> Response {
        Response {
            context: ResponseContext {
                method: Method::POST,
                path: DEFAULT_TOKEN_PATH.to_owned(),
                status: StatusCode::OK,
                headers: HeaderMap::new(),
                body: Bytes::from(body.to_owned()),
            },
        }
    }

    fn token(body: &str, now: Instant) -> Token {
        parse_token(response(body), now, 1).unwrap().0
    }

    #[test]
    fn token_lifetimes() {
        let now = Instant::now();
        let secs = Duration::from_secs;
        let t = token(r#"{"access_token":"a","expires_in":86400}"#, now);
        let ms = Duration::from_millis;
        assert_eq!(t.renew_at, Some(now + secs(86400 - 60)));
        assert_eq!(t.usable_until, Some(now + ms(86_400_000 - 7_500)));
        assert_eq!(t.freshness(now + secs(86400 - 61)), Freshness::Fresh);
        assert_eq!(t.freshness(now + secs(86400 - 60)), Freshness::Expiring);
        assert_eq!(t.freshness(now + secs(86400 - 8)), Freshness::Expiring);
        assert_eq!(t.freshness(now + secs(86400 - 7)), Freshness::Expired);
        let t = token(r#"{"access_token":"a","expires_in":"100"}"#, now);
        assert_eq!(t.renew_at, Some(now + secs(75)));
        assert_eq!(t.usable_until, Some(now + ms(96_875)));
        let t = token(r#"{"access_token":"a","expires_in":2}"#, now);
        assert_eq!(t.renew_at, Some(now + ms(1500)));
        assert_eq!(
            t.usable_until,
            Some(now + ms(1937) + Duration::from_micros(500))
        );
        let t = token(r#"{"access_token":"a"}"#, now);
        assert_eq!(t.renew_at, None);
        assert_eq!(t.freshness(now + secs(1 << 40)), Freshness::Fresh);
        let t = token(r#"{"access_token":"a","expires_in":0}"#, now);
        assert_eq!(t.freshness(now), Freshness::Expired);
        let (_, lifetime) =
            parse_token(response(r#"{"access_token":"a","expires_in":7}"#), now, 1).unwrap();
        assert_eq!(lifetime, Some(secs(7)));
    }

    #[test]
    fn bad_token_responses_do_not_keep_the_body() {
        for (body, reason) in [
            ("<html>", "not JSON"),
            (r#"{"token":"secret-token"}"#, "no `access_token`"),
            (r#"{"access_token":""}"#, "empty"),
            (
                r#"{"access_token":"secret\ntoken"}"#,
                "not a valid header value",
            ),
            (
                r#"{"access_token":"secret-token","expires_in":-5}"#,
                "`expires_in`",
            ),
            (
                r#"{"access_token":"secret-token","expires_in":"soon"}"#,
                "`expires_in`",
            ),
        ] {
            let Err(Failure::Auth(e)) = parse_token(response(body), Instant::now(), 1) else {
                panic!("{body} was accepted");
            };
            let shown = format!("{e} {e:?}");
            assert!(shown.contains(reason), "{shown}");
            assert!(!shown.contains("secret"), "{shown}");
            assert_eq!(e.body(), None);
        }
    }
}
