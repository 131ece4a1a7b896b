//! What goes over the wire through the generated client against the fake hub: a PATCH sends
//! exactly the fields set (absent, null and a value are three different requests), a
//! GET → modify → PATCH round trip keeps the fields the client does not know, and the
//! webhook URL is set and read back.

use d360_fake_hub::FakeHub;
use d360_partners::types::{PartnerOut, PatchPartnerIn, WebhookUrlIn};
use d360_partners::{Client, Nullable, UpdatePartnerError};
use serde_json::{json, Value};

fn client(hub: &FakeHub) -> Client {
    Client::builder()
        .base_url(hub.url())
        .api_key(hub.api_key())
        .build()
        .unwrap()
}

/// The body of the last PATCH the hub received.
fn last_patch_body(hub: &FakeHub) -> Value {
    let patches: Vec<_> = hub
        .requests()
        .into_iter()
        .filter(|r| r.method == "PATCH")
        .collect();
    let last = patches.last().expect("a PATCH");
    assert_eq!(last.header("content-type"), Some("application/json"));
    last.json().expect("a JSON body")
}

#[tokio::test]
async fn a_patch_sends_only_the_fields_set() {
    let hub = FakeHub::start().await.unwrap();
    let client = client(&hub);
    let before = hub.partner("examplePA").unwrap();

    let patch = PatchPartnerIn::new().with_partner_redirect_url("https://example.com/done");
    let after = client.update_partner("examplePA", &patch).await.unwrap();
    assert_eq!(
        last_patch_body(&hub),
        json!({"partner_redirect_url": "https://example.com/done"})
    );
    assert_eq!(
        after
            .partner_redirect_url
            .as_ref()
            .map(d360_partners::Formatted::raw),
        Some("https://example.com/done")
    );
    assert_eq!(after.webhook_url, before.webhook_url);
    assert_eq!(after.allow_client_to_add_phone_no, Some(true));

    let patch = PatchPartnerIn::new().with_allow_client_to_add_phone_no(false);
    let after = client.update_partner("examplePA", &patch).await.unwrap();
    assert_eq!(
        last_patch_body(&hub),
        json!({"allow_client_to_add_phone_no": false})
    );
    assert_eq!(after.allow_client_to_add_phone_no, Some(false));
    assert_eq!(
        after
            .partner_redirect_url
            .as_ref()
            .map(d360_partners::Formatted::raw),
        Some("https://example.com/done")
    );

    let unchanged = client
        .update_partner("examplePA", &PatchPartnerIn::new())
        .await
        .unwrap();
    assert_eq!(last_patch_body(&hub), json!({}));
    assert_eq!(unchanged, after);
    assert_eq!(hub.partner("examplePA").unwrap(), after);
}

#[tokio::test]
async fn absent_null_and_a_value_are_three_different_patches() {
    let hub = FakeHub::start().await.unwrap();
    let client = client(&hub);
    let original = hub.partner("examplePA").unwrap().webhook_url;

    // Absent: nothing is sent, nothing changes.
    client
        .update_partner("examplePA", &PatchPartnerIn::new())
        .await
        .unwrap();
    assert_eq!(last_patch_body(&hub), json!({}));
    assert_eq!(hub.partner("examplePA").unwrap().webhook_url, original);

    // Null: the schema does not allow it for `webhook_url`, but a caller can still send it
    // (through `additional_properties`), and the hub's refusal comes back typed.
    let mut null = PatchPartnerIn::new();
    null.additional_properties
        .insert("webhook_url".into(), Value::Null);
    let error = client.update_partner("examplePA", &null).await.unwrap_err();
    assert_eq!(last_patch_body(&hub), json!({"webhook_url": null}));
    let Some(UpdatePartnerError::BadRequest(body)) = error.api_error() else {
        panic!("expected a typed 400, got {error:?}");
    };
    assert_eq!(
        body.meta.details.as_ref().unwrap()["webhook_url"],
        json!(["Field may not be null."])
    );
    assert_eq!(hub.partner("examplePA").unwrap().webhook_url, original);

    // A value: sent and applied.
    let value = PatchPartnerIn::new().with_webhook_url("https://example.com/new-hook");
    client.update_partner("examplePA", &value).await.unwrap();
    assert_eq!(
        last_patch_body(&hub),
        json!({"webhook_url": "https://example.com/new-hook"})
    );
    assert_eq!(
        hub.partner("examplePA")
            .unwrap()
            .webhook_url
            .as_ref()
            .map(d360_partners::Formatted::raw),
        Some("https://example.com/new-hook")
    );
}

#[tokio::test]
async fn absent_null_and_a_value_come_back_as_sent_by_the_hub() {
    let hub = FakeHub::start().await.unwrap();
    let client = client(&hub);
    let cases = [
        (Nullable::Absent, None),
        (Nullable::Null, Some(Value::Null)),
        (
            Nullable::Value("https://example.com/logo.svg".to_owned()),
            Some(json!("https://example.com/logo.svg")),
        ),
    ];
    for (logo_url, wire) in cases {
        let mut partner = PartnerOut::new().with_brand_name("Logo test");
        partner.logo_url = logo_url.clone();
        hub.insert_partner("examplePA", partner);
        let got = client.get_partner("examplePA").await.unwrap();
        assert_eq!(got.logo_url, logo_url);
        let json = serde_json::to_value(&got).unwrap();
        assert_eq!(json.get("logo_url").cloned(), wire, "{json}");
    }
}

#[tokio::test]
async fn get_modify_patch_keeps_the_fields_the_client_does_not_know() {
    let hub = FakeHub::start().await.unwrap();
    let client = client(&hub);
    // A newer hub: a top-level field and a settings field the spec does not describe.
    let mut stored = hub.partner("examplePA").unwrap();
    stored.additional_properties.insert(
        "partner_tier".into(),
        json!({"name": "gold", "since": 2024}),
    );
    hub.insert_partner("examplePA", stored.clone());
    let stored_json = serde_json::to_value(&stored).unwrap();

    let mut partner = client.get_partner("examplePA").await.unwrap();
    assert_eq!(serde_json::to_value(&partner).unwrap(), stored_json);
    assert_eq!(
        partner.additional_properties["partner_tier"]["name"],
        "gold"
    );
    let settings = partner.settings.value().unwrap();
    let settings = settings.as_partner_settings_public_out().unwrap();
    assert_eq!(
        settings.additional_properties["standard_tiered_pricing_enabled"],
        json!(true)
    );

    let url = d360_partners::url::Url::parse("https://example.com/after-onboarding").unwrap();
    partner.partner_redirect_url = Some(url.clone().into());
    let patch = PatchPartnerIn::new().with_partner_redirect_url(url.as_str());
    let patched = client.update_partner("examplePA", &patch).await.unwrap();

    // What came back is exactly the local copy with the change: nothing dropped.
    assert_eq!(patched, partner);
    assert_eq!(
        serde_json::to_value(&patched).unwrap(),
        serde_json::to_value(&partner).unwrap()
    );
    let mut expected = stored_json;
    expected["partner_redirect_url"] = json!("https://example.com/after-onboarding");
    assert_eq!(serde_json::to_value(&patched).unwrap(), expected);
}

#[tokio::test]
async fn the_webhook_url_is_set_and_read_back() {
    let hub = FakeHub::start().await.unwrap();
    let client = client(&hub);
    let body = WebhookUrlIn::new("https://example.com/360dialog/events".into());
    let partner = client.set_webhook_url("examplePA", &body).await.unwrap();
    assert_eq!(
        partner
            .webhook_url
            .as_ref()
            .map(d360_partners::Formatted::raw),
        Some("https://example.com/360dialog/events")
    );
    assert_eq!(partner.id.as_deref(), Some("examplePA"));
    let sent = hub
        .requests_to("/api/v2/partners/examplePA/webhook_url")
        .pop()
        .unwrap();
    assert_eq!(
        sent.json().unwrap(),
        json!({"webhook_url": "https://example.com/360dialog/events"})
    );
    let read = client.get_webhook_url("examplePA").await.unwrap();
    assert_eq!(
        read.webhook_url.as_deref(),
        Some("https://example.com/360dialog/events")
    );
}

/// An operation's `Call` owns the request it built: the body and the client may go before it
/// is awaited, and it runs on another task.
#[tokio::test]
async fn a_call_outlives_its_arguments_and_runs_on_another_task() {
    let hub = FakeHub::start().await.unwrap();
    let client = client(&hub);
    let patch = PatchPartnerIn::new().with_partner_redirect_url("https://example.com/spawned");
    let id = String::from("examplePA");
    fn is_call<C: d360_partners::Call<PartnerOut, UpdatePartnerError>>(call: C) -> C {
        call
    }
    let call = is_call(client.update_partner(&id, &patch));
    let requests_before = hub.requests().len();
    drop((patch, id, client));
    assert_eq!(hub.requests().len(), requests_before, "sent before polled");
    let after = tokio::spawn(call).await.unwrap().unwrap();
    assert_eq!(
        after.partner_redirect_url.as_ref().map(|url| url.raw()),
        Some("https://example.com/spawned")
    );
    assert_eq!(
        last_patch_body(&hub),
        json!({"partner_redirect_url": "https://example.com/spawned"})
    );
}
