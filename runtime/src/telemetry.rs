//! What a client tells `tracing` (with the `tracing` feature; without it, nothing here does
//! anything and the calls compile away).
//!
//! Everything is emitted with the target `d360_runtime`:
//!
//! | what | kind, level | fields |
//! |---|---|---|
//! | a call | span `call`, INFO | `operation`, `method`, `path` (the template), `status`, `attempts`, `360dialog_trace_id`, `error` |
//! | a retry | event, INFO | `path`, `attempt` (the one that failed), `reason`, `delay_ms` |
//! | a token renewal | events: DEBUG when it starts, INFO when a token comes, WARN when none does | `reason`; `generation`, `expires_in_s`, `attempts`; `error`, `status` |
//! | a refused redirect | event, WARN | `from_origin`, `to_origin` |
//! | the end of a call | event, DEBUG | `status` or `error` |
//!
//! Never recorded: credentials (API key, username, password, tokens), bodies, query
//! values, header values, and the filled-in path (it holds ids): `path` is the template.

#[cfg(feature = "tracing")]
pub(crate) use on::*;

#[cfg(not(feature = "tracing"))]
pub(crate) use off::*;

use reqwest::StatusCode;
use std::fmt;

/// Why an attempt is retried.
#[derive(Clone, Copy, Debug)]
pub(crate) enum RetryReason {
    /// The server answered with this status.
    Status(StatusCode),
    /// No complete response: `connect`, `timeout`.
    Transport(&'static str),
}

impl fmt::Display for RetryReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status(status) => write!(f, "status {}", status.as_u16()),
            Self::Transport(kind) => f.write_str(kind),
        }
    }
}

/// Why a token is being obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RenewalReason {
    /// There is no token yet, or it has expired: callers wait for this renewal.
    Missing,
    /// The token is due for renewal but still valid: other callers keep using it.
    Expiring,
    /// The server answered 401 to a request that carried it.
    Rejected,
}

#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
impl RenewalReason {
    fn as_str(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Expiring => "expiring",
            Self::Rejected => "rejected",
        }
    }
}

#[cfg(feature = "tracing")]
mod on {
    use super::{RenewalReason, RetryReason};
    use crate::error::Failure;
    use crate::request::Request;
    use crate::response::Response;
    use reqwest::Url;
    use std::future::Future;
    use std::time::Duration;
    use tracing::field::Empty;
    use tracing::Instrument;

    /// The span of one call.
    pub(crate) struct CallSpan(tracing::Span);

    impl CallSpan {
        pub(crate) fn new(request: &Request) -> Self {
            let span = tracing::info_span!(
                target: "d360_runtime",
                "call",
                operation = Empty,
                method = request.method.as_str(),
                path = Empty,
                status = Empty,
                attempts = Empty,
                "360dialog_trace_id" = Empty,
                error = Empty,
            );
            if !span.is_disabled() {
                if let Some(operation) = request.operation {
                    span.record("operation", operation);
                }
                if let Some(template) = &request.template {
                    span.record("path", template.as_ref());
                }
            }
            Self(span)
        }

        /// Runs `future` inside the span.
        pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
            future.instrument(self.0.clone())
        }

        /// Records how the call ended.
        pub(crate) fn finish(&self, outcome: &Result<Response, Failure>, attempts: u32) {
            let span = &self.0;
            if span.is_disabled() {
                return;
            }
            span.record("attempts", attempts);
            match outcome {
                Ok(response) => {
                    let status = response.status();
                    span.record("status", status);
                    // Error bodies carry the trace id; success bodies are not parsed again.
                    if status >= 400 {
                        if let Some(trace) = response.context.trace_id() {
                            span.record("360dialog_trace_id", trace.as_str());
                        }
                    }
                    span.in_scope(
                        || tracing::debug!(target: "d360_runtime", status, "call finished"),
                    );
                }
                Err(failure) => {
                    let kind = failure.kind();
                    span.record("error", kind);
                    match failure {
                        Failure::TooLarge(e) => {
                            span.record("status", e.status());
                        }
                        Failure::Auth(e) => {
                            if let Some(trace) = e.trace_id() {
                                span.record("360dialog_trace_id", trace.as_str());
                            }
                        }
                        _ => {}
                    }
                    span.in_scope(
                        || tracing::debug!(target: "d360_runtime", error = kind, "call failed"),
                    );
                }
            }
        }
    }

    pub(crate) fn retry(path: Option<&str>, attempt: u32, reason: RetryReason, wait: Duration) {
        let delay_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        tracing::info!(
            target: "d360_runtime",
            path,
            attempt,
            reason = %reason,
            delay_ms,
            "retrying"
        );
    }

    pub(crate) fn token_renewing(reason: RenewalReason) {
        tracing::debug!(
            target: "d360_runtime",
            reason = reason.as_str(),
            "obtaining a bearer token"
        );
    }

    pub(crate) fn token_obtained(
        reason: RenewalReason,
        generation: u64,
        lifetime: Option<Duration>,
        attempts: u32,
    ) {
        tracing::info!(
            target: "d360_runtime",
            reason = reason.as_str(),
            generation,
            expires_in_s = lifetime.map(|l| l.as_secs_f64()),
            attempts,
            "bearer token obtained"
        );
    }

    pub(crate) fn token_failed(
        reason: RenewalReason,
        failure: &Failure,
        attempts: u32,
        kept: bool,
    ) {
        let status = match failure {
            Failure::Auth(e) => Some(e.status()),
            Failure::TooLarge(e) => Some(e.status()),
            _ => None,
        };
        tracing::warn!(
            target: "d360_runtime",
            reason = reason.as_str(),
            error = failure.kind(),
            status,
            attempts,
            current_token_kept = kept,
            "no bearer token obtained"
        );
    }

    pub(crate) fn token_failure_shared(failure: &Failure) {
        tracing::debug!(
            target: "d360_runtime",
            error = failure.kind(),
            "the token renewal this call waited for failed"
        );
    }

    pub(crate) fn redirect_refused(from: &Url, to: &Url) {
        let from_origin = from.origin().ascii_serialization();
        let to_origin = to.origin().ascii_serialization();
        tracing::warn!(
            target: "d360_runtime",
            from_origin = from_origin.as_str(),
            to_origin = to_origin.as_str(),
            "redirect to another origin not followed (credentials stay with the base URL)"
        );
    }
}

#[cfg(not(feature = "tracing"))]
mod off {
    use super::{RenewalReason, RetryReason};
    use crate::error::Failure;
    use crate::request::Request;
    use crate::response::Response;
    use reqwest::Url;
    use std::future::Future;
    use std::time::Duration;

    pub(crate) struct CallSpan;

    impl CallSpan {
        #[inline(always)]
        pub(crate) fn new(_: &Request) -> Self {
            Self
        }

        #[inline(always)]
        pub(crate) fn instrument<F: Future>(&self, future: F) -> F {
            future
        }

        #[inline(always)]
        pub(crate) fn finish(&self, _: &Result<Response, Failure>, _: u32) {}
    }

    #[inline(always)]
    pub(crate) fn retry(_: Option<&str>, _: u32, _: RetryReason, _: Duration) {}

    #[inline(always)]
    pub(crate) fn token_renewing(_: RenewalReason) {}

    #[inline(always)]
    pub(crate) fn token_obtained(_: RenewalReason, _: u64, _: Option<Duration>, _: u32) {}

    #[inline(always)]
    pub(crate) fn token_failed(_: RenewalReason, _: &Failure, _: u32, _: bool) {}

    #[inline(always)]
    pub(crate) fn token_failure_shared(_: &Failure) {}

    #[inline(always)]
    pub(crate) fn redirect_refused(_: &Url, _: &Url) {}
}
