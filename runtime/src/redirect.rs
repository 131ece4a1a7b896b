//! The redirect policy of clients this crate builds: credentials stay on one origin.
//!
//! reqwest drops `Authorization` when a redirect leaves the origin, but not custom headers
//! such as `X-API-Key`. So the client follows a redirect only when it stays on the origin
//! the request was sent to (same scheme, host and port), and stops at any other: the 3xx
//! response is then returned as it is, and surfaces as
//! [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus).

use reqwest::redirect::{Attempt, Policy};
use reqwest::Url;
use std::fmt;

/// How many same-origin redirects one request follows at most.
pub(crate) const MAX_REDIRECTS: usize = 5;

/// Follows same-origin redirects (at most `max`), stops at the first cross-origin one.
pub(crate) fn same_origin(max: usize) -> Policy {
    Policy::custom(move |attempt: Attempt| {
        // `previous` starts with the URL first requested, then one URL per redirect.
        let Some(first) = attempt.previous().first() else {
            return attempt.stop();
        };
        if !is_same_origin(first, attempt.url()) {
            crate::telemetry::redirect_refused(first, attempt.url());
            attempt.stop()
        } else if attempt.previous().len() > max {
            attempt.error(TooManyRedirects(max))
        } else {
            attempt.follow()
        }
    })
}

fn is_same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host() == b.host()
        && a.port_or_known_default() == b.port_or_known_default()
}

#[derive(Debug)]
struct TooManyRedirects(usize);

impl fmt::Display for TooManyRedirects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "more than {} redirects", self.0)
    }
}

impl std::error::Error for TooManyRedirects {}

#[cfg(test)]
mod tests {
    use super::is_same_origin;
    use reqwest::Url;

    #[test]
    fn origins() {
        let u = |s: &str| Url::parse(s).unwrap();
        let base = u("https://hub.360dialog.io/api/v2/x");
        assert!(is_same_origin(
            &base,
            &u("https://hub.360dialog.io:443/other?q")
        ));
        assert!(!is_same_origin(
            &base,
            &u("http://hub.360dialog.io/api/v2/x")
        ));
        assert!(!is_same_origin(&base, &u("https://hub.360dialog.io:8443/")));
        assert!(!is_same_origin(&base, &u("https://evil.example/api/v2/x")));
        assert!(!is_same_origin(&base, &u("https://360dialog.io/")));
        assert!(!is_same_origin(
            &u("http://127.0.0.1:80/"),
            &u("http://localhost/")
        ));
    }
}
