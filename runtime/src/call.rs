//! The future a generated operation method returns.

use crate::client::Client;
use crate::error::{Error, Failure};
use crate::request::Request;
use crate::response::Response;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// How an operation reads a response: by status, into its success type `T` or its error
/// `E`.
pub type Decode<T, E> = fn(Response) -> Result<T, Error<E>>;

/// One call of an operation: a future whose output is the operation's result. `.await` it.
///
/// Every generated operation method returns one. Nothing is sent until it is first polled;
/// dropping it sends nothing, and dropping it while a request is in flight abandons that
/// request. It owns what it needs (a handle on the client and the built request), so it does
/// not borrow the client or the method's arguments: it can be stored, or moved to another
/// task (it is `Send`, `Unpin` and `'static`).
///
/// ```no_run
/// use d360_runtime::{Call, Client, ClientBuilder, Method, Request};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client: Client = ClientBuilder::new("https://hub.360dialog.io").build()?;
/// let request = Request::new(Method::GET, "/api/v2/partners/p1".to_owned());
/// let call: Call<String, ()> = client.call(request, |response| match response.status() {
///     200 => response.text(),
///     _ => Err(response.unexpected()),
/// });
/// let body = tokio::spawn(call).await??;
/// # let _ = body;
/// # Ok(())
/// # }
/// ```
#[must_use = "a call sends nothing unless it is `.await`ed or polled"]
pub struct Call<T, E> {
    /// Sends the request and reads the whole response; not generic, so compiled once.
    sending: Pin<Box<dyn Future<Output = Result<Response, Failure>> + Send>>,
    decode: Decode<T, E>,
}

impl Client {
    /// Sends `request` as [`execute`](Self::execute) does and reads the response with
    /// `decode`, as a [`Call`] that owns a handle on this client. Generated operation
    /// methods are one call of this each.
    ///
    /// A request that keeps an error from building its body (see
    /// [`Request::json_body`]) fails with [`Error::Request`], and nothing is sent.
    pub fn call<T, E>(&self, request: Request, decode: Decode<T, E>) -> Call<T, E> {
        let client = self.clone();
        Call {
            sending: Box::pin(async move { client.send(&request).await }),
            decode,
        }
    }
}

impl<T, E> Future for Call<T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let decode = self.decode;
        self.sending.as_mut().poll(cx).map(|outcome| match outcome {
            Ok(response) => decode(response),
            Err(failure) => Err(failure.into_error()),
        })
    }
}

impl<T, E> fmt::Debug for Call<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").finish_non_exhaustive()
    }
}
