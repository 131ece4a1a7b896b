//! Errors of a call: HTTP error responses (typed per operation), transport failures, and
//! bodies that do not decode.

use bytes::Bytes;
use std::fmt;

/// The error of one operation call. `E` is the operation's own error enum, holding the
/// typed body of each documented error status.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a status the operation documents; `error` is its typed body.
    Api {
        /// Request method and path, response status and raw body.
        context: ResponseContext,
        /// The documented error body.
        error: E,
    },
    /// The server answered with a status the operation does not document, or with an error
    /// body that does not match the documented schema.
    UnexpectedStatus {
        /// Request method and path, response status and raw body.
        context: ResponseContext,
    },
    /// A success status whose body does not decode into the documented type.
    Decode {
        /// Request method and path, response status and raw body.
        context: ResponseContext,
        /// What did not fit.
        source: serde_json::Error,
    },
    /// The request could not be built (a body that does not serialize, a bad header value).
    Request(String),
    /// The request did not get a response (connect, timeout, TLS, reading the body).
    Transport(reqwest::Error),
}

/// What is known about a response that ended in an error.
#[derive(Clone, Debug)]
pub struct ResponseContext {
    /// Request method.
    pub method: reqwest::Method,
    /// Request path (with parameters filled in).
    pub path: String,
    /// Response status.
    pub status: reqwest::StatusCode,
    /// Raw response body, whatever its content type.
    pub body: Bytes,
}

impl<E> Error<E> {
    fn context(&self) -> Option<&ResponseContext> {
        match self {
            Self::Api { context, .. }
            | Self::UnexpectedStatus { context }
            | Self::Decode { context, .. } => Some(context),
            Self::Request(_) | Self::Transport(_) => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        self.context().map(|c| c.status.as_u16())
    }

    /// The raw response body, when the server answered (also when it is HTML or empty).
    pub fn body(&self) -> Option<&[u8]> {
        self.context().map(|c| c.body.as_ref())
    }

    /// The typed error body, for a documented error status.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Self::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { context, .. } | Self::UnexpectedStatus { context } => write!(
                f,
                "{} from {} {}",
                context.status, context.method, context.path
            ),
            Self::Decode { context, source } => write!(
                f,
                "{} from {} {}: the body does not match the documented type: {source}",
                context.status, context.method, context.path
            ),
            Self::Request(message) => write!(f, "the request could not be built: {message}"),
            Self::Transport(e) => write!(f, "the request failed: {e}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } => Some(source),
            Self::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// A client configuration that cannot be used.
#[derive(Debug)]
pub struct BuildError(pub(crate) String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}
