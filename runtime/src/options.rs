//! Per-call settings: extra headers and a timeout for the calls of one client handle.

use std::fmt;
use std::time::Duration;

/// Headers and a timeout for particular calls, without building a second client.
///
/// Attach them with [`Client::with_request_options`](crate::Client::with_request_options)
/// (generated clients have a method of the same name): the handle it returns shares the
/// original's connections, credentials, token and retry policy, and sends every call with
/// these options. It is cheap: make one per call.
///
/// ```no_run
/// # async fn run(client: d360_runtime::Client) {
/// use d360_runtime::RequestOptions;
/// use std::time::Duration;
///
/// let options = RequestOptions::new()
///     .header("X-Request-Id", "7f3c9a")
///     .timeout(Duration::from_secs(2));
/// let this_call = client.with_request_options(options);
/// # let _ = this_call;
/// # }
/// ```
///
/// - **Headers** are added to the request after the operation's own: a header of the same
///   name replaces the operation's (and the client's `User-Agent`). They never replace the
///   client's credentials: on an authenticated request, `Authorization` and `X-API-Key`
///   are the client's. A name or value that is not valid in HTTP makes the call fail with
///   [`Error::Request`](crate::Error::Request) before anything is sent.
/// - **Timeout** replaces the client's timeout for each attempt of the call (from sending
///   to the last byte of the body); with retries the call can take up to `attempts ×
///   timeout` plus the waits between attempts. For a deadline on the whole call, wrap it in
///   `tokio::time::timeout`: dropping a call midway is safe, also while it renews a token.
///
/// Neither applies to the client's own token requests, which other calls share.
///
/// Its `Debug` output shows header names, not their values.
#[derive(Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct RequestOptions {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) timeout: Option<Duration>,
}

impl RequestOptions {
    /// No extra header, the client's timeout.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header (several of the same name are all sent).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// How long each attempt may take, instead of the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The headers added, in order.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The timeout per attempt, when set.
    pub fn timeout_per_attempt(&self) -> Option<Duration> {
        self.timeout
    }
}

impl fmt::Debug for RequestOptions {
    /// Header values may be secrets (a per-call token): only names are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("headers", &names)
            .field("timeout", &self.timeout)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_names_not_values() {
        let options = RequestOptions::new()
            .header("X-Trace", "visible-name-hidden-value")
            .timeout(Duration::from_millis(1500));
        let shown = format!("{options:?}");
        assert!(
            shown.contains("X-Trace") && shown.contains("1.5s"),
            "{shown}"
        );
        assert!(!shown.contains("hidden-value"), "{shown}");
        assert_eq!(
            options.headers().collect::<Vec<_>>(),
            [("X-Trace", "visible-name-hidden-value")]
        );
        assert_eq!(
            options.timeout_per_attempt(),
            Some(Duration::from_millis(1500))
        );
    }
}
