//! A response as generated code reads it: status first, then the body it documents.

use crate::error::{Error, ResponseContext};
use serde::de::DeserializeOwned;

/// A complete response (body read), ready to be decoded by status.
///
/// Generated code reads the status, then turns the response into the operation's result:
/// [`json`](Self::json) (or [`empty`](Self::empty), [`text`](Self::text),
/// [`bytes`](Self::bytes)) for a success, [`error`](Self::error) or
/// [`error_empty`](Self::error_empty) for a documented error status, and
/// [`unexpected`](Self::unexpected) for any other status.
#[derive(Debug)]
pub struct Response {
    pub(crate) context: ResponseContext,
}

impl Response {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.context.status.as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.context.headers
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.context.body
    }

    /// Decodes a success body as JSON.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        // An empty body decodes like `null`: fine for `()` and `Option`, an error otherwise.
        let body: &[u8] = if self.context.body.is_empty() {
            b"null"
        } else {
            &self.context.body
        };
        serde_json::from_slice(body).map_err(|source| Error::Decode {
            context: Box::new(self.context),
            source,
        })
    }

    /// A success without a body the client reads.
    pub fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// A success body as text.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        Ok(String::from_utf8_lossy(&self.context.body).into_owned())
    }

    /// A success body as bytes.
    pub fn bytes<E>(self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.context.body.to_vec())
    }

    /// A documented error status: decodes the body as `B` and wraps it with `wrap`. A body
    /// that does not fit `B` gives [`Error::UnexpectedStatus`], keeping the raw body.
    pub fn error<B: DeserializeOwned, E>(self, wrap: impl FnOnce(B) -> E) -> Error<E> {
        match serde_json::from_slice::<B>(&self.context.body) {
            Ok(body) => Error::Api {
                context: Box::new(self.context),
                error: wrap(body),
            },
            Err(_) => self.unexpected(),
        }
    }

    /// A documented error status without a body the client reads.
    pub fn error_empty<E>(self, error: E) -> Error<E> {
        Error::Api {
            context: Box::new(self.context),
            error,
        }
    }

    /// A status the operation does not document.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            context: Box::new(self.context),
        }
    }
}
