//! Credentials: an API key sent as it is, or bearer tokens obtained with a username and
//! password and renewed before they expire.

use crate::client::Transport;
use crate::error::{AuthError, Failure, ResponseContext};
use crate::request::{Body, Request};
use crate::response::Response;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The header an API key is sent in.
pub(crate) const API_KEY_HEADER: &str = "X-API-Key";

/// Where bearer tokens come from, unless configured otherwise.
pub(crate) const DEFAULT_TOKEN_PATH: &str = "/api/v2/token";

/// A token is renewed this long before it expires (or after nine tenths of its lifetime,
/// for lifetimes shorter than ten times this).
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
/// The token state sits behind an async mutex: the caller that finds the token missing or
/// stale obtains a new one while holding it, and every concurrent caller waits for that one
/// renewal instead of starting its own.
pub(crate) struct Bearer {
    username: SecretString,
    password: SecretString,
    token_path: String,
    state: tokio::sync::Mutex<TokenState>,
}

#[derive(Default)]
struct TokenState {
    current: Option<Token>,
    /// Counts the tokens obtained, so a 401 renews only the token it was answered to.
    generation: u64,
}

struct Token {
    header: HeaderValue,
    /// When to stop using the token; `None` when the server did not say when it expires.
    renew_at: Option<Instant>,
    generation: u64,
}

impl Token {
    fn is_fresh(&self, now: Instant) -> bool {
        self.renew_at.is_none_or(|at| now < at)
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
            state: tokio::sync::Mutex::default(),
        }
    }

    async fn current(&self, transport: &Transport) -> Result<Credential, Failure> {
        let mut state = self.state.lock().await;
        match &state.current {
            Some(token) if token.is_fresh(Instant::now()) => Ok(token.credential()),
            _ => self.renew_locked(&mut state, transport).await,
        }
    }

    /// Renews the token a request was rejected with, unless another caller already did.
    async fn renew(&self, transport: &Transport, rejected: u64) -> Result<Credential, Failure> {
        let mut state = self.state.lock().await;
        match &state.current {
            Some(token) if token.generation != rejected && token.is_fresh(Instant::now()) => {
                Ok(token.credential())
            }
            _ => self.renew_locked(&mut state, transport).await,
        }
    }

    async fn renew_locked(
        &self,
        state: &mut TokenState,
        transport: &Transport,
    ) -> Result<Credential, Failure> {
        state.current = None;
        let generation = state.generation + 1;
        let token = self.obtain(transport, generation).await?;
        let credential = token.credential();
        state.generation = generation;
        state.current = Some(token);
        Ok(credential)
    }

    /// `POST {token_path}` with `{"username", "password"}`.
    async fn obtain(&self, transport: &Transport, generation: u64) -> Result<Token, Failure> {
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
        let asked_at = Instant::now();
        let response = transport.send(&request, None).await?;
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
fn parse_token(response: Response, asked_at: Instant, generation: u64) -> Result<Token, Failure> {
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
    let renew_at = lifetime.and_then(|lifetime| {
        let margin = RENEWAL_MARGIN.min(lifetime / 10);
        asked_at.checked_add(lifetime - margin)
    });
    Ok(Token {
        header,
        renew_at,
        generation,
    })
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

    #[test]
    fn token_lifetimes() {
        let now = Instant::now();
        let t = parse_token(
            response(r#"{"access_token":"a","expires_in":86400}"#),
            now,
            1,
        )
        .unwrap();
        assert_eq!(t.renew_at, Some(now + Duration::from_secs(86400 - 60)));
        let t = parse_token(
            response(r#"{"access_token":"a","expires_in":"100"}"#),
            now,
            1,
        )
        .unwrap();
        assert_eq!(t.renew_at, Some(now + Duration::from_secs(90)));
        let t = parse_token(response(r#"{"access_token":"a"}"#), now, 1).unwrap();
        assert_eq!(t.renew_at, None);
        assert!(t.is_fresh(now + Duration::from_secs(1 << 40)));
        let t = parse_token(response(r#"{"access_token":"a","expires_in":0}"#), now, 1).unwrap();
        assert!(!t.is_fresh(now));
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
