//! The generated models against the 360dialog docs: every example the docs show (and every
//! `example` in the spec) deserializes and serializes back to the same JSON value, `settings`
//! is typed when it fits, and request bodies send exactly what was set.

use d360_partners::types::{
    PartnerOut, PartnerOutSettings, PartnerSettingsPublicOut, PatchPartnerIn, TokenIn, TokenOut,
    WebhookUrlIn, WebhookUrlOut,
};
use d360_partners::Nullable;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn shared(relative: &str) -> PathBuf {
    let dir = std::env::var_os("D360_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let path = dir.join(relative);
    assert!(
        path.exists(),
        "{} is missing: the seeds are read from ../shared (or $D360_SHARED_DIR)",
        path.display()
    );
    path
}

/// Removes `//` comments outside strings (the docs annotate their GET example).
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        let mut cut = line.len();
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                _ if escaped => escaped = false,
                b'\\' if in_string => escaped = true,
                b'"' => in_string = !in_string,
                b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => {
                    cut = i;
                    break;
                }
                b'>' if !in_string && bytes.get(i + 1) == Some(&b'>') => {
                    cut = i;
                    break;
                }
                _ => {}
            }
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

/// The JSON examples of seed 002: multi-line response blocks and `--data` request payloads.
fn seed_examples() -> (Vec<Value>, Vec<Value>) {
    let text = std::fs::read_to_string(shared("seeds/002_f94bf50d132a1e92.txt")).expect("seed 002");
    let mut responses = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        match (&mut block, line.trim_end()) {
            (None, "{") => block = Some("{\n".to_owned()),
            (Some(b), "}") => {
                b.push('}');
                let value = serde_json::from_str(&strip_comments(b))
                    .unwrap_or_else(|e| panic!("seed example is not JSON ({e}):\n{b}"));
                responses.push(value);
                block = None;
            }
            (Some(b), l) => {
                b.push_str(l);
                b.push('\n');
            }
            (None, _) => {}
        }
    }
    let requests = text
        .split("--data '")
        .skip(1)
        .filter_map(|rest| rest.split_once('\''))
        .map(|(payload, _)| serde_json::from_str(payload).expect("request payload is JSON"))
        .collect();
    (responses, requests)
}

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

#[test]
fn every_seed_example_round_trips() {
    let (responses, requests) = seed_examples();
    assert_eq!(
        responses.len(),
        5,
        "token, set webhook, get webhook, PATCH and GET partner"
    );
    assert_eq!(
        requests.len(),
        3,
        "token, set webhook and PATCH request payloads"
    );
    for example in &responses {
        let keys: Vec<&String> = example.as_object().expect("object").keys().collect();
        if example.get("access_token").is_some() {
            assert_round_trip::<TokenOut>(example);
        } else if keys == ["webhook_url"] {
            assert_round_trip::<WebhookUrlOut>(example);
        } else {
            assert_round_trip::<PartnerOut>(example);
        }
    }
    for example in &requests {
        if example.get("username").is_some() {
            assert_round_trip::<TokenIn>(example);
        } else if example.as_object().is_some_and(|o| o.len() == 1) {
            assert_round_trip::<WebhookUrlIn>(example);
        } else {
            assert_round_trip::<PatchPartnerIn>(example);
        }
    }
}

#[test]
fn the_docs_get_partner_example_is_lossless_and_typed() {
    let (responses, _) = seed_examples();
    let example = responses
        .iter()
        .find(|r| r.get("settings").is_some())
        .expect("the GET partner example");
    let partner: PartnerOut = assert_round_trip(example);
    assert_eq!(partner.country.as_deref(), Some("US"));
    #[allow(deprecated)]
    let plan = partner.payment_plan.clone();
    assert_eq!(
        plan,
        Some(serde_json::Map::new()),
        "`payment_plan: {{}}` is kept"
    );
    let settings = partner
        .settings
        .value()
        .and_then(PartnerOutSettings::as_partner_settings_public_out)
        .expect("settings fit PartnerSettingsPublicOut");
    assert_eq!(
        settings.default_data_localization_region,
        Nullable::Value("DE".to_owned())
    );
    assert_eq!(
        settings
            .partner_change_request
            .value()
            .and_then(|p| p.as_partner_change_request_settings_out())
            .map(|p| p.auto_approve),
        Some(false)
    );
    assert_eq!(
        settings
            .additional_properties
            .get("standard_tiered_pricing_enabled"),
        Some(&json!(true)),
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
