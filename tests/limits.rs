//! The response size limit against the fake hub over real HTTP: bodies over it end the call
//! in `Error::TooLarge` naming the limit, whether `Content-Length` announced them or not,
//! and the limit is enforced while reading (an endless body does not hang the call).

use d360_fake_hub::{FakeHub, Fault};
use d360_partners::{Client, Error};
use std::time::{Duration, Instant};

const LIMIT: usize = 64 * 1024;

fn client(hub: &FakeHub, limit: usize) -> Client {
    Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .max_response_size(limit)
        .build()
        .unwrap()
}

fn too_large(error: Error<d360_partners::GetPartnerError>) -> d360_partners::ResponseTooLarge {
    match error {
        Error::TooLarge(e) => e,
        other => panic!("expected Error::TooLarge, got {other:?}"),
    }
}

#[test]
fn the_default_limit_is_16_mib() {
    assert_eq!(d360_runtime::DEFAULT_MAX_RESPONSE_SIZE, 16 << 20);
    let client = Client::builder().api_key("k").build().unwrap();
    assert_eq!(client.runtime().max_response_size(), 16 << 20);
}

#[tokio::test]
async fn a_body_announced_over_the_limit_is_refused_unread() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::large_body(4 << 20));
    let error = client(&hub, LIMIT)
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(200));
    let e = too_large(error);
    assert_eq!(e.limit(), LIMIT);
    assert_eq!(e.content_length(), Some(4 << 20));
    assert_eq!(e.path(), "/api/v2/partners/examplePA");
    assert_eq!(
        e.to_string(),
        "GET /api/v2/partners/examplePA: 200 OK with a body over the client's limit of 65536 \
         bytes (Content-Length 4194304; see ClientBuilder::max_response_size)"
    );
    // Not retried.
    assert_eq!(hub.request_count(&hub.partner_path()), 1);
}

#[tokio::test]
async fn a_chunked_body_is_cut_off_at_the_limit() {
    let hub = FakeHub::start().await.unwrap();
    hub.inject(Fault::large_body(4 << 20).chunked());
    let error = client(&hub, LIMIT)
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    let e = too_large(error);
    assert_eq!(e.limit(), LIMIT);
    assert_eq!(e.content_length(), None);
    assert!(e.to_string().contains("limit of 65536 bytes"), "{e}");
}

#[tokio::test]
async fn the_limit_is_enforced_while_reading_not_after() {
    let hub = FakeHub::start().await.unwrap();
    // A body that never ends: a client reading it whole first would wait for its 30 s
    // timeout; the limit ends the call as soon as it is passed.
    hub.inject(Fault::endless_body());
    let started = Instant::now();
    let error = client(&hub, LIMIT)
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    let e = too_large(error);
    assert_eq!(e.content_length(), None);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // The connection was dropped; the hub serves on, and so does the client.
    let partner = client(&hub, LIMIT)
        .get_partner(hub.partner_id())
        .await
        .unwrap();
    assert_eq!(partner.id.as_deref(), Some("examplePA"));
}

#[tokio::test]
async fn error_bodies_count_too_and_bodies_up_to_the_limit_pass() {
    let hub = FakeHub::start().await.unwrap();
    let big = vec![b' '; 100_000];
    hub.inject(Fault::raw(503, "text/html", big).chunked());
    let error = client(&hub, LIMIT)
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert!(matches!(error, Error::TooLarge(_)), "{error:?}");
    assert_eq!(hub.request_count(&hub.partner_path()), 1);

    // Exactly at the limit is fine; one byte over is not.
    hub.inject(Fault::large_body(LIMIT).chunked());
    let error = client(&hub, LIMIT)
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    // The body arrived whole: a JSON string is no partner.
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(error.body().map(<[u8]>::len), Some(LIMIT));
    hub.inject(Fault::large_body(LIMIT));
    let error = client(&hub, LIMIT)
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(error.body().map(<[u8]>::len), Some(LIMIT));
    hub.inject(Fault::large_body(LIMIT + 1).chunked());
    let error = client(&hub, LIMIT)
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::TooLarge(_)), "{error:?}");
    hub.inject(Fault::large_body(LIMIT + 1));
    let error = client(&hub, LIMIT)
        .get_partner(hub.partner_id())
        .await
        .unwrap_err();
    assert_eq!(too_large(error).content_length(), Some(LIMIT as u64 + 1));
}
