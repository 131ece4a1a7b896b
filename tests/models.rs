//! The generated models: every `example` in the spec and a full response of our own
//! deserialize and serialize back to the same JSON value, `settings` is typed when it fits,
//! and request bodies send exactly what was set. (The docs pages' own examples are checked
//! in the conformance tier: `conformance/tests/seeds.rs`.)

use d360_partners::types::{
    PartnerOut, PartnerOutSettings, PartnerSettingsPublicOut, PatchPartnerIn, TokenIn, TokenOut,
    WebhookUrlIn, WebhookUrlOut,
};
use d360_partners::Nullable;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::Path;

fn assert_round_trip<T: DeserializeOwned + Serialize>(example: &Value) -> T {
    let model: T = serde_json::from_value(example.clone()).unwrap_or_else(|e| {
        panic!(
            "{} does not read {example}: {e}",
            std::any::type_name::<T>()
        )
    });
    let back = serde_json::to_value(&model).expect("serializes");
    assert_eq!(&back, example, "{} lost data", std::any::type_name::<T>());
    model
}

/// A full GET response of our own (every documented field, plus fields and settings the spec
/// does not describe): read into the typed model and written back unchanged. The docs' own
/// examples are checked the same way in the conformance tier (`conformance/tests/seeds.rs`).
#[test]
fn a_full_partner_response_is_lossless_and_typed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/partner-get.json");
    let text = std::fs::read_to_string(&path).expect("tests/fixtures/partner-get.json");
    let example: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    let partner: PartnerOut = assert_round_trip(&example);
    assert_eq!(partner.country.as_deref(), Some("BR"));
    assert_eq!(partner.logo_url, Nullable::Null);
    #[allow(deprecated)]
    let plan = partner.payment_plan.clone();
    assert_eq!(
        plan,
        Some(serde_json::Map::new()),
        "`payment_plan: {{}}` is kept"
    );
    assert_eq!(
        partner
            .additional_properties
            .get("a_field_the_spec_does_not_describe"),
        Some(&json!({"nested": [null, true]}))
    );
    let settings = partner
        .settings
        .value()
        .and_then(PartnerOutSettings::as_partner_settings_public_out)
        .expect("settings fit PartnerSettingsPublicOut");
    assert_eq!(
        settings.default_data_localization_region,
        Nullable::Value("BR".to_owned())
    );
    assert_eq!(settings.use_marketing_messages_api, Nullable::Null);
    assert_eq!(
        settings
            .partner_change_request
            .value()
            .and_then(|p| p.as_partner_change_request_settings_out())
            .map(|p| p.auto_approve),
        Some(true)
    );
    assert_eq!(
        settings
            .additional_properties
            .get("a_setting_the_spec_does_not_describe"),
        Some(&json!([1, "two", {"three": 3}])),
        "a setting the spec does not describe is kept"
    );
}

#[test]
fn settings_that_do_not_fit_stay_raw_and_null_is_null() {
    // `auto_approve` is required in PartnerChangeRequestSettingsOut: this does not fit it.
    let raw = json!({"settings": {"partner_change_request": {"mode": "manual"}}});
    let partner: PartnerOut = assert_round_trip(&raw);
    let settings = partner
        .settings
        .value()
        .and_then(PartnerOutSettings::as_partner_settings_public_out)
        .expect("the outer settings still fit");
    let change_request = settings.partner_change_request.value().expect("present");
    assert!(change_request
        .as_partner_change_request_settings_out()
        .is_none());
    assert_eq!(
        change_request.as_object().and_then(|o| o.get("mode")),
        Some(&json!("manual"))
    );

    let wrong_type = json!({"settings": {"use_marketing_messages_api": "yes"}});
    let partner: PartnerOut = assert_round_trip(&wrong_type);
    assert!(matches!(
        partner.settings,
        Nullable::Value(PartnerOutSettings::Object(_))
    ));

    let null = json!({"settings": null});
    let partner: PartnerOut = assert_round_trip(&null);
    assert!(partner.settings.is_null());
    let absent: PartnerOut = assert_round_trip(&json!({}));
    assert!(absent.settings.is_absent());
}

#[test]
fn request_bodies_send_exactly_what_was_set() {
    let patch = PatchPartnerIn::new().with_partner_redirect_url("https://example.com/done");
    assert_eq!(
        serde_json::to_value(&patch).expect("serializes"),
        json!({"partner_redirect_url": "https://example.com/done"}),
        "unset fields are not sent"
    );
    let mut settings = PartnerSettingsPublicOut::new();
    settings.default_data_localization_region = Nullable::Null;
    settings.use_marketing_messages_api = Nullable::Value(true);
    assert_eq!(
        serde_json::to_value(&settings).expect("serializes"),
        json!({"default_data_localization_region": null, "use_marketing_messages_api": true}),
        "absent, null and a value are three things"
    );
}

#[test]
fn a_null_the_schema_does_not_allow_is_kept_and_never_duplicated() {
    // The docs' webhook example sends `brand_name: null`, which the schema does not allow.
    let mut partner: PartnerOut = assert_round_trip(&json!({"brand_name": null, "id": "p"}));
    assert_eq!(partner.brand_name, None);
    partner.brand_name = Some("Acme".to_owned());
    let text = serde_json::to_string(&partner).expect("serializes");
    assert_eq!(text.matches("brand_name").count(), 1, "{text}");
    assert_eq!(
        serde_json::from_str::<Value>(&text).expect("json"),
        json!({"brand_name": "Acme", "id": "p"})
    );
}

#[test]
fn every_example_in_the_spec_round_trips() {
    let spec: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/partners-v2.json"),
        )
        .expect("spec"),
    )
    .expect("spec is JSON");
    let mut checked = 0;
    let mut visit = |schema_ref: &str, example: &Value| {
        match schema_ref.rsplit('/').next() {
            Some("PartnerOut") => drop(assert_round_trip::<PartnerOut>(example)),
            Some("TokenOut") => drop(assert_round_trip::<TokenOut>(example)),
            Some("TokenIn") => drop(assert_round_trip::<TokenIn>(example)),
            Some("WebhookUrlIn") => drop(assert_round_trip::<WebhookUrlIn>(example)),
            Some("WebhookUrlOut") => drop(assert_round_trip::<WebhookUrlOut>(example)),
            Some("PatchPartnerIn") => drop(assert_round_trip::<PatchPartnerIn>(example)),
            other => panic!("an example for {other:?}: add it here"),
        }
        checked += 1;
    };
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            let bodies = op["responses"]
                .as_object()
                .into_iter()
                .flat_map(|r| r.values())
                .chain(op.get("requestBody"));
            for body in bodies {
                for media in body["content"]
                    .as_object()
                    .into_iter()
                    .flat_map(|c| c.values())
                {
                    if let (Some(schema_ref), Some(example)) =
                        (media["schema"]["$ref"].as_str(), media.get("example"))
                    {
                        visit(schema_ref, example);
                    }
                }
            }
        }
    }
    assert!(checked >= 4, "only {checked} examples found in the spec");
}
