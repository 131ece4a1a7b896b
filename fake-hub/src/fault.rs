//! Faults a test injects: delays, error statuses, redirects, broken bodies.

use std::time::Duration;

/// Something the hub does instead of (or before) answering a request normally.
///
/// Injected with [`FakeHub::inject`](crate::FakeHub::inject), a fault applies to the next
/// request that matches it ([`on_path`](Self::on_path), [`on_method`](Self::on_method)),
/// once unless told otherwise ([`times`](Self::times), [`always`](Self::always),
/// [`every`](Self::every)). Faults are matched in the order they were injected; the first
/// that applies is used up.
///
/// ```
/// use d360_fake_hub::Fault;
/// use std::time::Duration;
///
/// // The next two requests for the partner get a 503 asking to retry after a second.
/// let busy = Fault::status(503)
///     .retry_after(1)
///     .times(2)
///     .on_path("/api/v2/partners/examplePA");
/// // Every request to the token endpoint takes 200 ms longer.
/// let slow_tokens = Fault::delay(Duration::from_millis(200))
///     .always()
///     .on_path("/api/v2/token");
/// // Every 500th request, whatever its path, gets a 503.
/// let flaky = Fault::status(503).every(500);
/// // A 2 MiB body sent without Content-Length.
/// let huge = Fault::large_body(2 << 20).chunked();
/// # let _ = (busy, slow_tokens, flaky, huge);
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct Fault {
    pub(crate) action: Action,
    pub(crate) delay: Duration,
    pub(crate) remaining: Remaining,
    pub(crate) path: Option<String>,
    pub(crate) method: Option<String>,
    pub(crate) headers: Vec<(String, String)>,
    /// Applies to every n-th matching request: `(n, matching requests seen)`.
    pub(crate) every: Option<(u64, u64)>,
    /// Sends the body in chunks without `Content-Length`.
    pub(crate) chunked: bool,
}

/// What the hub answers when a fault applies.
#[derive(Clone, Debug)]
pub(crate) enum Action {
    /// Answer normally (after the fault's delay).
    Pass,
    /// Answer with this status and body instead.
    Respond { status: u16, body: FaultBody },
    /// Answer normally, but send only the first half of the body and close the connection.
    Truncate,
    /// Answer 200 with a JSON string of exactly this many bytes.
    LargeBody(usize),
    /// Answer 200 with a body that never ends (until the client goes away).
    EndlessBody,
}

/// The body of a [`Action::Respond`].
#[derive(Clone, Debug)]
pub(crate) enum FaultBody {
    /// A `DefaultHttpError` with a fresh trace id, as the hub sends for its own errors.
    HttpError,
    /// An HTML page, as a proxy or load balancer in front of the hub would send.
    Html,
    /// No body at all.
    Empty,
    /// These bytes with this content type.
    Raw {
        content_type: String,
        bytes: Vec<u8>,
    },
}

/// How many more requests a fault applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Remaining {
    Times(usize),
    Always,
}

impl Fault {
    fn new(action: Action) -> Self {
        Self {
            action,
            delay: Duration::ZERO,
            remaining: Remaining::Times(1),
            path: None,
            method: None,
            headers: Vec::new(),
            every: None,
            chunked: false,
        }
    }

    /// Answers normally, but only after waiting `delay` (for timeouts and concurrency).
    pub fn delay(delay: Duration) -> Self {
        Self::new(Action::Pass).after(delay)
    }

    /// Answers with `status` and the hub's error body (`DefaultHttpError`, with
    /// `http_code` set to `status` and a fresh `360dialog_trace_id`).
    pub fn status(status: u16) -> Self {
        Self::new(Action::Respond {
            status,
            body: FaultBody::HttpError,
        })
    }

    /// Answers with `status` and an HTML page (`text/html`), as a proxy in front of the
    /// hub might.
    pub fn html(status: u16) -> Self {
        Self::new(Action::Respond {
            status,
            body: FaultBody::Html,
        })
    }

    /// Answers with `status` and an empty body.
    pub fn empty(status: u16) -> Self {
        Self::new(Action::Respond {
            status,
            body: FaultBody::Empty,
        })
    }

    /// Answers with `status` and exactly this body and content type.
    pub fn raw(status: u16, content_type: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Self::new(Action::Respond {
            status,
            body: FaultBody::Raw {
                content_type: content_type.into(),
                bytes: body.into(),
            },
        })
    }

    /// Answers `307 Temporary Redirect` to `location` (any URL, for instance another
    /// server's), with an empty body.
    pub fn redirect(location: impl Into<String>) -> Self {
        Self::empty(307).header("Location", location)
    }

    /// Answers normally (the request takes effect), but announces the whole body in
    /// `Content-Length`, sends only its first half, and closes the connection.
    pub fn truncated_body() -> Self {
        Self::new(Action::Truncate)
    }

    /// Answers `200` with a JSON body (one string of `x`) of exactly `bytes` bytes, announced
    /// in `Content-Length` (unless [`chunked`](Self::chunked)) and sent in 64 KiB chunks: for
    /// response size limits.
    pub fn large_body(bytes: usize) -> Self {
        Self::new(Action::LargeBody(bytes))
    }

    /// Answers `200` with a JSON-looking body sent in chunks without `Content-Length`, that
    /// never ends: the hub keeps sending until the client closes the connection. For size
    /// limits enforced while reading (a client that reads everything first never returns).
    pub fn endless_body() -> Self {
        Self::new(Action::EndlessBody).chunked()
    }

    /// Sends the answer's body in chunks (`Transfer-Encoding: chunked`) without
    /// `Content-Length`, so that the client learns its length only by reading it.
    pub fn chunked(mut self) -> Self {
        self.chunked = true;
        self
    }

    /// Applies to every `n`-th matching request (the `n`-th, the `2n`-th, ...) until
    /// [`FakeHub::clear_faults`](crate::FakeHub::clear_faults), or, with
    /// [`times`](Self::times) after it, to that many of them. Matching requests are counted
    /// whether or not an earlier fault applied to them. `n` of 0 counts as 1.
    pub fn every(mut self, n: u64) -> Self {
        self.every = Some((n.max(1), 0));
        self.remaining = Remaining::Always;
        self
    }

    /// Applies to the next `n` matching requests instead of one.
    pub fn times(mut self, n: usize) -> Self {
        self.remaining = Remaining::Times(n);
        self
    }

    /// Applies to every matching request until [`FakeHub::clear_faults`](crate::FakeHub::clear_faults).
    pub fn always(mut self) -> Self {
        self.remaining = Remaining::Always;
        self
    }

    /// Waits `delay` before answering (added to any delay set before).
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = self.delay.saturating_add(delay);
        self
    }

    /// Adds `Retry-After: <seconds>` to the answer.
    pub fn retry_after(self, seconds: u64) -> Self {
        self.header("Retry-After", seconds.to_string())
    }

    /// Adds a header to the answer.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Applies only to requests for exactly this path (`/api/v2/partners/examplePA`).
    pub fn on_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Applies only to requests with this method (`GET`, `PATCH`, ...; any case).
    pub fn on_method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into().to_ascii_uppercase());
        self
    }

    pub(crate) fn matches(&self, method: &str, path: &str) -> bool {
        self.path.as_deref().is_none_or(|p| p == path)
            && self.method.as_deref().is_none_or(|m| m == method)
    }

    /// Counts a matching request; `true` when the fault applies to it (always, except for
    /// [`every`](Self::every) faults between their n-th requests).
    pub(crate) fn count_match(&mut self) -> bool {
        match &mut self.every {
            None => true,
            Some((n, seen)) => {
                *seen += 1;
                *seen % *n == 0
            }
        }
    }

    /// Uses the fault up by one request; `true` when it has none left.
    pub(crate) fn use_once(&mut self) -> bool {
        match &mut self.remaining {
            Remaining::Always => false,
            Remaining::Times(n) => {
                *n = n.saturating_sub(1);
                *n == 0
            }
        }
    }

    pub(crate) fn is_used_up(&self) -> bool {
        self.remaining == Remaining::Times(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_and_counting() {
        let mut fault = Fault::status(503).times(2).on_path("/a").on_method("get");
        assert!(fault.matches("GET", "/a"));
        assert!(!fault.matches("PATCH", "/a"));
        assert!(!fault.matches("GET", "/b"));
        assert!(!fault.use_once());
        assert!(fault.use_once());
        let mut always = Fault::delay(Duration::from_millis(1)).always();
        assert!((0..10).all(|_| !always.use_once()));
        assert!(Fault::empty(500).times(0).is_used_up());
    }

    #[test]
    fn every_nth() {
        let mut fault = Fault::status(503).every(3);
        let applied: Vec<bool> = (0..7).map(|_| fault.count_match()).collect();
        assert_eq!(applied, [false, false, true, false, false, true, false]);
        assert!(!fault.use_once());
        let mut limited = Fault::status(503).every(2).times(1);
        assert!(!limited.count_match() && limited.count_match());
        assert!(limited.use_once());
        assert!(Fault::large_body(10).chunked().chunked);
        assert!(Fault::endless_body().chunked);
    }

    #[test]
    fn builders_compose() {
        let fault = Fault::redirect("http://127.0.0.1:1/x")
            .retry_after(3)
            .after(Duration::from_millis(5))
            .after(Duration::from_millis(5));
        assert_eq!(fault.delay, Duration::from_millis(10));
        assert_eq!(
            fault.headers,
            vec![
                ("Location".to_owned(), "http://127.0.0.1:1/x".to_owned()),
                ("Retry-After".to_owned(), "3".to_owned()),
            ]
        );
    }
}
