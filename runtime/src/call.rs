//! What a generated operation method returns.

use crate::client::Client;
use crate::error::{Error, Failure};
use crate::request::Request;
use crate::response::Response;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

/// One call of an operation: a future whose output is the operation's result, `T` or an
/// [`Error<E>`]. `.await` it.
///
/// Every generated operation method returns `impl Call<T, E>`. Nothing is sent until it is
/// first polled; dropping it sends nothing, and dropping it while a request is in flight
/// abandons that request. It owns what it needs (a handle on the client and the built
/// request), so it borrows neither the client nor the method's arguments: it is `Send`,
/// `Unpin` and `'static`, and can be kept, or handed to `tokio::spawn`. To keep several
/// calls with the same `T` and `E` in one collection, box them: `Box<dyn Call<T, E>>`.
///
/// Every future with these properties and this output is a `Call`; the client's is
/// [`Pending`].
pub trait Call<T, E>: Future<Output = Result<T, Error<E>>> + Send + Unpin + 'static {}

impl<F, T, E> Call<T, E> for F where F: Future<Output = Result<T, Error<E>>> + Send + Unpin + 'static
{}

/// The [`Call`] that [`Client::call`] returns: it sends a request and reads the response
/// with `D`.
///
/// ```no_run
/// use d360_runtime::{Call, Client, ClientBuilder, Method, Request};
///
/// fn partner(client: &Client, id: &str) -> impl Call<String, ()> {
///     let path = format!("/api/v2/partners/{}", d360_runtime::encode_path(id));
///     client.call(Request::new(Method::GET, path), |response| match response.status() {
///         200 => response.text(),
///         _ => Err(response.unexpected()),
///     })
/// }
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client: Client = ClientBuilder::new("https://hub.360dialog.io").build()?;
/// let body = tokio::spawn(partner(&client, "p1")).await??;
/// # let _ = body;
/// # Ok(())
/// # }
/// ```
#[must_use = "a call sends nothing unless it is `.await`ed or polled"]
pub struct Pending<T, E, D> {
    /// Sends the request and reads the whole response; not generic, so compiled once.
    sending: Pin<Box<dyn Future<Output = Result<Response, Failure>> + Send>>,
    /// Compiled only where the call is polled, with the decoding of `T` and `E` it needs.
    decode: D,
    output: PhantomData<fn() -> (T, E)>,
}

impl Client {
    /// Sends `request` as [`execute`](Self::execute) does and reads the response with
    /// `decode`, as a [`Call`] that owns a handle on this client. A generated operation
    /// method builds its request and returns one of these.
    ///
    /// A request that keeps an error from building its body (see [`Request::json_body`])
    /// fails with [`Error::Request`], and nothing is sent.
    pub fn call<T, E, D>(&self, request: Request, decode: D) -> Pending<T, E, D>
    where
        D: Fn(Response) -> Result<T, Error<E>>,
    {
        Pending {
            sending: self.sending(request),
            decode,
            output: PhantomData,
        }
    }

    /// The sending half of a call. Not generic, so its state machine is compiled once, in
    /// this crate, and not once per operation.
    fn sending(
        &self,
        request: Request,
    ) -> Pin<Box<dyn Future<Output = Result<Response, Failure>> + Send>> {
        let client = self.clone();
        Box::pin(async move { client.send(&request).await })
    }
}

impl<T, E, D> Future for Pending<T, E, D>
where
    D: Fn(Response) -> Result<T, Error<E>> + Unpin,
{
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        this.sending.as_mut().poll(cx).map(|outcome| match outcome {
            Ok(response) => (this.decode)(response),
            Err(failure) => Err(failure.into_error()),
        })
    }
}

impl<T, E, D> fmt::Debug for Pending<T, E, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}
