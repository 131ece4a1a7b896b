//! Retries and timeouts over real HTTP: which methods and outcomes are retried, the
//! attempt cap, `Retry-After`, and turning retries off.

mod common;

use common::*;
use d360_runtime::{Client, ClientBuilder, Error, Method, Request, RetryPolicy};
use serde_json::json;
use std::time::{Duration, Instant, SystemTime};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const P: &str = "/api/v2/partners/p1";

/// `failures` answers of `failure`, then 200.
async fn flaky(server: &MockServer, verb: &str, failure: ResponseTemplate, failures: u64) {
    Mock::given(method(verb))
        .and(path(P))
        .respond_with(failure)
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(P))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p1"})))
        .with_priority(2)
        .mount(server)
        .await;
}

fn request(verb: &Method) -> Request {
    let request = Request::new(verb.clone(), P.to_owned());
    if [Method::POST, Method::PATCH, Method::PUT].contains(verb) {
        request
            .json::<_, PartnerError>(&json!({"webhook_url": "https://example.com/hook"}))
            .unwrap()
    } else {
        request
    }
}

#[tokio::test]
async fn get_is_retried_on_503_then_succeeds() {
    let server = MockServer::start().await;
    flaky(&server, "GET", ResponseTemplate::new(503), 2).await;
    let client = builder(&server).build().unwrap();
    let partner = get_partner(&client, "p1").await.unwrap();
    assert_eq!(partner["id"], "p1");
    assert_eq!(count(&server, P).await, 3);
}

#[tokio::test]
async fn idempotent_methods_are_retried_on_each_retryable_status() {
    for status in [429, 502, 503, 504] {
        for verb in [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ] {
            let server = MockServer::start().await;
            flaky(&server, verb.as_str(), ResponseTemplate::new(status), 1).await;
            let client = builder(&server).build().unwrap();
            let response = client.execute::<()>(request(&verb)).await.unwrap();
            assert_eq!(response.status(), 200, "{verb} after {status}");
            assert_eq!(count(&server, P).await, 2, "{verb} after {status}");
        }
    }
}

#[tokio::test]
async fn other_statuses_are_not_retried() {
    for status in [400, 401, 404, 500, 501] {
        let server = MockServer::start().await;
        flaky(&server, "GET", ResponseTemplate::new(status), 1).await;
        let client = builder(&server).build().unwrap();
        let error = get_partner(&client, "p1").await.unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(count(&server, P).await, 1, "{status}");
    }
}

#[tokio::test]
async fn post_and_patch_are_not_retried_once_sent() {
    for verb in [Method::POST, Method::PATCH] {
        for status in [429, 502, 503, 504] {
            let server = MockServer::start().await;
            flaky(&server, verb.as_str(), ResponseTemplate::new(status), 1).await;
            let client = builder(&server).build().unwrap();
            let response = client.execute::<()>(request(&verb)).await.unwrap();
            assert_eq!(response.status(), status);
            assert_eq!(count(&server, P).await, 1, "{verb} after {status}");
        }
        // Nor after a timeout: the server may have acted on the request.
        let server = MockServer::start().await;
        flaky(
            &server,
            verb.as_str(),
            ResponseTemplate::new(200).set_delay(Duration::from_millis(400)),
            1,
        )
        .await;
        let client = builder(&server)
            .timeout(Duration::from_millis(100))
            .build()
            .unwrap();
        let error = client.execute::<()>(request(&verb)).await.unwrap_err();
        assert!(matches!(error, Error::Timeout(_)), "{error:?}");
        assert_eq!(count(&server, P).await, 1, "{verb} after a timeout");
    }
}

#[tokio::test]
async fn get_is_retried_after_a_timeout() {
    let server = MockServer::start().await;
    flaky(
        &server,
        "GET",
        ResponseTemplate::new(200).set_delay(Duration::from_millis(400)),
        1,
    )
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    get_partner(&client, "p1").await.unwrap();
    assert_eq!(count(&server, P).await, 2);
}

#[tokio::test]
async fn connect_errors_are_retried_for_every_method() {
    let base = format!("http://127.0.0.1:{}", closed_port());
    for verb in [Method::GET, Method::POST, Method::PATCH] {
        let client: Client = ClientBuilder::new("http://x")
            .base_url(base.clone())
            .retry_policy(fast_retries().max_attempts(4))
            .build()
            .unwrap();
        let error = client.execute::<()>(request(&verb)).await.unwrap_err();
        let Error::Connect(e) = &error else {
            panic!("expected Connect, got {error:?}");
        };
        assert_eq!(e.attempts(), 4, "{verb}");
        assert!(error.to_string().contains("(4 attempts)"), "{error}");
    }
}

#[tokio::test]
async fn attempts_are_capped() {
    let server = MockServer::start().await;
    flaky(&server, "GET", ResponseTemplate::new(503), 100).await;
    let client = builder(&server)
        .retry_policy(fast_retries().max_attempts(4))
        .build()
        .unwrap();
    let error = get_partner(&client, "p1").await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.status(), Some(503));
    assert_eq!(count(&server, P).await, 4);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = MockServer::start().await;
    flaky(&server, "GET", ResponseTemplate::new(503), 100).await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    assert_eq!(client.retry_policy().attempts(), 1);
    get_partner(&client, "p1").await.unwrap_err();
    assert_eq!(count(&server, P).await, 1);

    let client: Client = ClientBuilder::new("http://x")
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let Err(Error::Connect(e)) = get_partner(&client, "p1").await else {
        panic!("expected a connect error");
    };
    assert_eq!(e.attempts(), 1);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    flaky(
        &server,
        "GET",
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        1,
    )
    .await;
    // Backoff alone would wait at most 10 ms.
    let client = builder(&server).build().unwrap();
    let started = Instant::now();
    get_partner(&client, "p1").await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(950), "waited {waited:?}");
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
    assert_eq!(count(&server, P).await, 2);
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    let server = MockServer::start().await;
    // A date already past: retry at once.
    flaky(
        &server,
        "GET",
        ResponseTemplate::new(503).insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
        1,
    )
    .await;
    let client = builder(&server).build().unwrap();
    get_partner(&client, "p1").await.unwrap();
    assert_eq!(count(&server, P).await, 2);

    // A date an hour away is more than the policy waits: the 503 is returned at once.
    let server = MockServer::start().await;
    let in_an_hour = http_date(SystemTime::now() + Duration::from_secs(3600));
    flaky(
        &server,
        "GET",
        ResponseTemplate::new(503).insert_header("Retry-After", in_an_hour.as_str()),
        1,
    )
    .await;
    let client = builder(&server).build().unwrap();
    let started = Instant::now();
    let error = get_partner(&client, "p1").await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(count(&server, P).await, 1);
    let retry_after = error.context().unwrap().headers.get("retry-after").unwrap();
    assert_eq!(retry_after.to_str().unwrap(), in_an_hour);
}

#[tokio::test]
async fn retry_after_above_the_cap_is_not_waited_for() {
    let server = MockServer::start().await;
    flaky(
        &server,
        "GET",
        ResponseTemplate::new(429).insert_header("Retry-After", "2"),
        1,
    )
    .await;
    let client = builder(&server)
        .retry_policy(fast_retries().max_retry_after(Duration::from_secs(1)))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = get_partner(&client, "p1").await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert!(started.elapsed() < Duration::from_millis(900));
    assert_eq!(count(&server, P).await, 1);
}

/// Formats an IMF-fixdate, for `Retry-After`.
fn http_date(at: SystemTime) -> String {
    let secs = at.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{weekday}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        months[(month - 1) as usize],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[test]
fn http_date_formatting_matches_the_rfc_example() {
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
}
