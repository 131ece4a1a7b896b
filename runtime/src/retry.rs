//! When a failed attempt is tried again, and how long to wait before it.

use crate::error::TransportKind;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How a client retries failed attempts.
///
/// What is retried:
///
/// | outcome | idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`) | `POST`, `PATCH` |
/// |---|---|---|
/// | connect error (nothing was sent) | retried | retried |
/// | timeout | retried | not retried |
/// | `429`, `502`, `503`, `504` | retried | not retried |
/// | anything else | not retried | not retried |
///
/// A `POST` or `PATCH` is retried only when the connection could not be made, since the
/// server then cannot have seen the request; once it may have reached the server, trying it
/// again could apply it twice.
///
/// The client's own request for a bearer token (`POST` to the token endpoint) is retried
/// like an idempotent request, since obtaining a token twice does no harm: on connect
/// errors, timeouts, `429` and `502`–`504`, never on `400` or `401`.
///
/// Between attempts the client waits a random time between zero and
/// `initial_backoff × 2^(retry − 1)`, at most `max_backoff` ("full jitter"). When the
/// response carries `Retry-After` (seconds, or an HTTP date), the client waits that long
/// instead; when that is longer than `max_retry_after`, it does not retry and returns the
/// response, leaving the decision to wait so long to the caller.
///
/// The default: 3 attempts, 200 ms initial backoff, 5 s maximum backoff, `Retry-After` up to
/// 30 s.
///
/// ```
/// use d360_runtime::RetryPolicy;
/// use std::time::Duration;
///
/// let patient = RetryPolicy::default()
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(500))
///     .max_backoff(Duration::from_secs(10));
/// let off = RetryPolicy::none();
/// # let _ = (patient, off);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// How many times a request is sent at most, the first time included (`0` counts as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The upper bound of the first wait; each retry doubles it.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest upper bound a wait can have.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one ends the retries.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// The configured number of attempts (at least 1).
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether another attempt may follow attempt number `attempt` (1-based).
    pub(crate) fn allows_another(&self, attempt: u32) -> bool {
        attempt < self.max_attempts
    }

    /// How long to wait before retrying a request answered with `status` on attempt
    /// `attempt`; `None` when it is not retried. `idempotent`: whether sending the request
    /// twice has the effect of sending it once (see [`is_idempotent`]; the token request
    /// counts as idempotent too).
    pub(crate) fn wait_after_response(
        &self,
        idempotent: bool,
        attempt: u32,
        status: StatusCode,
        headers: &HeaderMap,
    ) -> Option<Duration> {
        let retry = is_retryable_status(status) && idempotent && self.allows_another(attempt);
        retry.then(|| self.delay_for_response(attempt, headers))?
    }

    /// How long to wait before retrying a request that failed with `kind` on attempt
    /// `attempt`; `None` when it is not retried.
    pub(crate) fn wait_after_failure(
        &self,
        idempotent: bool,
        attempt: u32,
        kind: TransportKind,
    ) -> Option<Duration> {
        let retryable = match kind {
            // Nothing was sent: safe for every method.
            TransportKind::Connect => true,
            TransportKind::Timeout => idempotent,
            TransportKind::Tls | TransportKind::Other => false,
        };
        (retryable && self.allows_another(attempt)).then(|| self.backoff(attempt))
    }

    /// The wait before retry number `retry` (1-based): full jitter over an exponential bound.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let bound = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        bound.mul_f64(random_fraction())
    }

    /// The wait before retrying a retryable response: its `Retry-After` when there is one,
    /// else the backoff. `None` when `Retry-After` asks for more than the policy waits.
    fn delay_for_response(&self, retry: u32, headers: &HeaderMap) -> Option<Duration> {
        match retry_after(headers, SystemTime::now()) {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(retry)),
        }
    }
}

/// Methods whose requests can be sent twice with the same effect as once.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// Statuses that say "try again later" without the request having had an effect.
fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// A number in `[0, 1)`, different on every call. `RandomState` is seeded randomly per
/// thread and changes with each instance, which is enough for spreading retries.
fn random_fraction() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let bits = RandomState::new().hash_one(n) >> 11;
    bits as f64 / (1u64 << 53) as f64
}

/// `Retry-After` as a wait from `now`: delay-seconds or an IMF-fixdate HTTP date.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 9110 requires
/// senders to use.
fn parse_http_date(value: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = value.split_ascii_whitespace().collect();
    let [weekday, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    if !weekday.ends_with(',') {
        return None;
    }
    let day: u32 = day.parse().ok()?;
    let month = 1 + [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)? as u32;
    let year: i64 = year.parse().ok()?;
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = u64::try_from(days_from_civil(year, month, day)).ok()?;
    let seconds = days * 86_400 + h * 3600 + m * 60 + s;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn http_dates() {
        let t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(t.duration_since(UNIX_EPOCH).unwrap().as_secs(), 784_111_777);
        let t = parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT").unwrap();
        assert_eq!(t, UNIX_EPOCH);
        let t = parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT").unwrap();
        assert_eq!(
            t.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            1_835_481_599
        );
        for bad in [
            "",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37:01 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_770);
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers, now), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(3)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        let later = now + Duration::from_secs(100);
        assert_eq!(retry_after(&headers, later), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn long_retry_after_ends_retries() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("6"));
        assert_eq!(policy.delay_for_response(1, &headers), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("5"));
        assert_eq!(
            policy.delay_for_response(1, &headers),
            Some(Duration::from_secs(5))
        );
    }

    #[test]
    fn backoff_is_bounded_and_jittered() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        let waits: Vec<Duration> = (0..200).map(|_| policy.backoff(1)).collect();
        assert!(waits.iter().all(|w| *w < Duration::from_millis(100)));
        let distinct: std::collections::HashSet<_> = waits.iter().collect();
        assert!(distinct.len() > 100, "{} distinct waits", distinct.len());
        assert!((0..200).all(|_| policy.backoff(3) < Duration::from_millis(350)));
        assert!((0..200).all(|_| policy.backoff(40) <= Duration::from_millis(350)));
        assert!((0..200).any(|_| policy.backoff(3) > Duration::from_millis(200)));
    }

    #[test]
    fn what_is_retried() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        let retried = |m: &Method, s: u16| {
            let status = StatusCode::from_u16(s).unwrap();
            policy
                .wait_after_response(is_idempotent(m), 1, status, &none)
                .is_some()
        };
        assert!(retried(&Method::GET, 503) && retried(&Method::DELETE, 429));
        assert!(!retried(&Method::POST, 503) && !retried(&Method::GET, 500));
        let failed = |m: &Method, k| policy.wait_after_failure(is_idempotent(m), 1, k).is_some();
        assert!(failed(&Method::POST, TransportKind::Connect));
        assert!(failed(&Method::PUT, TransportKind::Timeout));
        assert!(!failed(&Method::PATCH, TransportKind::Timeout));
        assert!(!failed(&Method::GET, TransportKind::Tls));
        assert!(!failed(&Method::GET, TransportKind::Other));
        assert!(policy
            .wait_after_failure(true, 3, TransportKind::Connect)
            .is_none());
    }

    #[test]
    fn attempts_and_methods() {
        assert!(!RetryPolicy::none().allows_another(1));
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
        let three = RetryPolicy::default();
        assert!(three.allows_another(2) && !three.allows_another(3));
        assert!(is_idempotent(&Method::PUT) && !is_idempotent(&Method::PATCH));
        assert!(!is_idempotent(&Method::POST));
        assert!(is_retryable_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(!is_retryable_status(StatusCode::INTERNAL_SERVER_ERROR));
    }
}
