//! The spec's `format: url` fields are typed (`Formatted<url::Url>`, spec/codegen.json) and
//! still lose nothing: against the fake hub over loopback, a URL the hub sends as `""`
//! decodes, says why it is not a URL, and is written back as `""`.

use d360_fake_hub::FakeHub;
use d360_partners::types::PartnerOut;
use d360_partners::url::Url;
use d360_partners::{Client, Formatted};
use serde_json::Value;

fn client(hub: &FakeHub) -> Client {
    Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .build()
        .expect("a client")
}

/// The body the hub sends for `GET /api/v2/partners/{id}`, as JSON, read without the client.
async fn raw_partner(hub: &FakeHub, id: &str) -> Value {
    // reqwest is built with rustls but no crypto provider: the runtime's, as the client does.
    d360_partners::install_tls_provider();
    let response = reqwest::Client::new()
        .get(format!("{}/api/v2/partners/{id}", hub.url()))
        .header("X-API-Key", hub.api_key())
        .send()
        .await
        .expect("the hub answers");
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.expect("a body");
    serde_json::from_slice(&bytes).expect("JSON")
}

#[tokio::test]
async fn an_empty_url_from_the_hub_decodes_errs_on_access_and_is_written_back() {
    let hub = FakeHub::start().await.expect("the hub starts");
    let mut stored = hub.partner("examplePA").expect("the seeded partner");
    stored.webhook_url = Some(Formatted::from_raw(""));
    hub.insert_partner("examplePA", stored);
    let sent = raw_partner(&hub, "examplePA").await;
    assert_eq!(sent["webhook_url"], "");

    let partner = client(&hub)
        .get_partner("examplePA")
        .await
        .expect("decodes");
    let webhook = partner.webhook_url.as_ref().expect("present");
    let why = webhook.get().expect_err("\"\" is no URL");
    assert_eq!(why.format(), "url");
    assert!(why.to_string().contains("url"), "{why}");
    assert_eq!(webhook.raw(), "");
    // The redirect URL next to it is a URL.
    let redirect = partner.partner_redirect_url.as_ref().expect("present");
    assert_eq!(redirect.get().map(Url::scheme), Ok("https"));
    assert_eq!(Some(redirect.raw()), sent["partner_redirect_url"].as_str());
    // Written back: exactly what the hub sent, `""` included.
    assert_eq!(serde_json::to_value(&partner).expect("serializes"), sent);
}

#[tokio::test]
async fn a_url_set_as_text_is_sent_as_that_text_and_a_typed_one_canonically() {
    let typed =
        PartnerOut::new().with_webhook_url(Url::parse("HTTPS://Example.com:443/a").expect("valid"));
    let raw = PartnerOut::new().with_webhook_url(Formatted::from_raw("HTTPS://Example.com:443/a"));
    let json = |p: &PartnerOut| serde_json::to_value(p).expect("serializes")["webhook_url"].clone();
    assert_eq!(json(&typed), "https://example.com/a");
    assert_eq!(json(&raw), "HTTPS://Example.com:443/a");
    assert_eq!(
        raw.webhook_url.as_ref().and_then(Formatted::ok),
        typed.webhook_url.as_ref().and_then(Formatted::ok)
    );

    // What a client decodes from the hub is the text the hub stored, not a normalized URL.
    let hub = FakeHub::start().await.expect("the hub starts");
    let mut stored = hub.partner("examplePA").expect("the seeded partner");
    stored.partner_redirect_url = Some(Formatted::from_raw("HTTPS://Example.com:443/a"));
    hub.insert_partner("examplePA", stored);
    let partner = client(&hub)
        .get_partner("examplePA")
        .await
        .expect("decodes");
    let redirect = partner.partner_redirect_url.expect("present");
    assert_eq!(redirect.raw(), "HTTPS://Example.com:443/a");
    assert_eq!(redirect.get().map(Url::as_str), Ok("https://example.com/a"));
}
