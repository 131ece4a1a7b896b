//! The spec's fragments against the 360dialog docs pages they come from (`seeds/` of the
//! shared folder): the management fragment is the published documents, byte for byte as
//! values; the partner-API fragment's examples and shared components are the page's; and
//! every example of the pages round-trips through the generated models without losing data.

use d360_conformance::{seed, workspace};
use d360_partners::types::{
    PartnerOut, PartnerOutSettings, PatchPartnerIn, TokenIn, TokenOut, WebhookUrlIn, WebhookUrlOut,
};
use d360_partners::Nullable;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const MANAGEMENT: &str = "spec/fragments/partner-management.json";
const PARTNER_API: &str = "spec/fragments/partner-api.json";
const SEED_MANAGEMENT: &str = "001_4895391b4d0b1698.txt";
const SEED_PARTNER_API: &str = "002_f94bf50d132a1e92.txt";

// ---------------------------------------------------------------------------------------
// helpers

fn read_json(relative: &str) -> Value {
    let path = workspace().join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{relative} is not JSON: {e}"))
}

/// Every ` ```json ` block of a Markdown page, parsed.
fn json_code_blocks(page: &str) -> Vec<Value> {
    page.split("```json\n")
        .skip(1)
        .map(|rest| {
            let block = rest.split("\n```").next().unwrap_or(rest);
            serde_json::from_str(block)
                .unwrap_or_else(|e| panic!("a json block of the page is not JSON: {e}"))
        })
        .collect()
}

/// Byte offset of the end of the one line of `page` that is exactly `heading`.
fn after_heading(page: &str, heading: &str) -> usize {
    let mut offset = 0;
    let mut found = Vec::new();
    for line in page.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == heading {
            found.push(offset);
        }
    }
    assert_eq!(
        found.len(),
        1,
        "expected exactly one line `{heading}` in the page"
    );
    found[0]
}

/// The first JSON example block (a line `{` to a line `}`) after `heading`, without the
/// page's `>> ...` annotations.
fn example_after(page: &str, heading: &str) -> Value {
    let rest = &page[after_heading(page, heading)..];
    let mut lines = rest.lines().skip_while(|l| l.trim_end() != "{");
    let mut block = String::new();
    for line in lines.by_ref() {
        let line = line.split(">>").next().unwrap_or(line).trim_end();
        block.push_str(line);
        block.push('\n');
        if line == "}" {
            break;
        }
    }
    serde_json::from_str(&block)
        .unwrap_or_else(|e| panic!("example after `{heading}` is not JSON: {e}\n{block}"))
}

/// The request body of the first `curl ... --data '...'` after `heading`.
fn curl_data_after(page: &str, heading: &str) -> Value {
    let rest = &page[after_heading(page, heading)..];
    let data = rest
        .split_once("--data '")
        .and_then(|(_, d)| d.split_once('\''))
        .map(|(d, _)| d)
        .unwrap_or_else(|| panic!("no `curl --data` after `{heading}`"));
    serde_json::from_str(data)
        .unwrap_or_else(|e| panic!("request example after `{heading}` is not JSON: {e}"))
}

/// The `Example: ...` text that follows `field` after `heading`.
fn table_example_after(page: &str, heading: &str, field: &str) -> Value {
    let rest = &page[after_heading(page, heading)..];
    let after_field = rest
        .split_once(field)
        .map(|(_, r)| r)
        .unwrap_or_else(|| panic!("no `{field}`"));
    let line = after_field
        .lines()
        .find_map(|l| l.strip_prefix("Example: "));
    Value::String(
        line.unwrap_or_else(|| panic!("no example for `{field}`"))
            .to_owned(),
    )
}

/// Pointers (and values) of every `example` and `examples` key in `value`.
fn examples(value: &Value, pointer: &str, found: &mut Vec<(String, Value)>) {
    let escape = |t: &str| t.replace('~', "~0").replace('/', "~1");
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{pointer}/{}", escape(key));
                if key == "example" || key == "examples" {
                    found.push((here.clone(), child.clone()));
                }
                examples(child, &here, found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                examples(child, &format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
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
    let text = seed(SEED_PARTNER_API);
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

// ---------------------------------------------------------------------------------------
// the fragments against the published docs

#[test]
fn partner_management_fragment_is_the_published_documents() {
    let published = json_code_blocks(&seed(SEED_MANAGEMENT));
    assert_eq!(
        published.len(),
        2,
        "the page publishes two OpenAPI documents"
    );
    assert_eq!(read_json(MANAGEMENT), Value::Array(published));
}

#[test]
fn partner_api_examples_are_the_docs_examples() {
    let page = seed(SEED_PARTNER_API);
    let token = "Request OAuth token for any Partner API request";
    let set = "Set Partner Hub Webhook URL";
    let get = "Get Partner Hub Webhook URL";
    let media = "content/application~1json/example";

    // The page's token request shows an obfuscated address; the fragment uses a plain one.
    let mut token_request = curl_data_after(&page, token);
    assert!(
        token_request.get("username").is_some(),
        "docs' token request has a username"
    );
    token_request["username"] = json!("user@example.com");

    let token_op = "/paths/~1api~1v2~1token/post";
    let webhook = "/paths/~1api~1v2~1partners~1{partner_id}~1webhook_url";
    let password = "/components/schemas/TokenIn/properties/password/example".to_owned();
    let expected = [
        (password, table_example_after(&page, token, "password*")),
        (
            format!("{token_op}/responses/200/{media}"),
            example_after(&page, token),
        ),
        (format!("{token_op}/requestBody/{media}"), token_request),
        (
            format!("{webhook}/post/responses/200/{media}"),
            example_after(&page, set),
        ),
        (
            format!("{webhook}/post/requestBody/{media}"),
            curl_data_after(&page, set),
        ),
        (
            format!("{webhook}/get/responses/200/{media}"),
            example_after(&page, get),
        ),
    ];
    let mut found = Vec::new();
    examples(&read_json(PARTNER_API), "", &mut found);
    let found_pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    let expected_pointers: Vec<&str> = expected.iter().map(|(p, _)| p.as_str()).collect();
    let mut sorted = (found_pointers.clone(), expected_pointers.clone());
    sorted.0.sort_unstable();
    sorted.1.sort_unstable();
    assert_eq!(
        sorted.0, sorted.1,
        "every example in the fragment comes from the docs page"
    );
    for (pointer, want) in &expected {
        let (_, got) = found
            .iter()
            .find(|(p, _)| p == pointer)
            .expect("checked above");
        assert_eq!(got, want, "example at {PARTNER_API}#{pointer}");
    }
}

#[test]
fn partner_api_shares_the_published_components_and_header() {
    let published = &json_code_blocks(&seed(SEED_MANAGEMENT))[0];
    let ours = read_json(PARTNER_API);
    for key in ["openapi", "info", "servers", "security"] {
        assert_eq!(ours[key], published[key], "`{key}` as published");
    }
    assert_eq!(
        ours["components"]["securitySchemes"],
        published["components"]["securitySchemes"]
    );
    let shared = [
        "PartnerOut",
        "PartnerSettingsPublicOut",
        "PartnerChangeRequestSettingsOut",
        "AccountSharingSettingsOutData",
        "PartnerIOSecureSettingsOut",
        "DefaultValidationError",
        "MetaSchemaErrorWithDetails",
        "DefaultHttpError",
        "_MetaSchemaError",
    ];
    for name in shared {
        let pointer = format!("/components/schemas/{name}");
        let theirs = published
            .pointer(&pointer)
            .unwrap_or_else(|| panic!("published {pointer}"));
        assert_eq!(
            ours.pointer(&pointer),
            Some(theirs),
            "{PARTNER_API}#{pointer} as published"
        );
    }
    let ids: Vec<&str> = ["post", "get"]
        .iter()
        .filter_map(|m| {
            ours.pointer(&format!(
                "/paths/~1api~1v2~1partners~1{{partner_id}}~1webhook_url/{m}/operationId"
            ))
        })
        .chain(ours.pointer("/paths/~1api~1v2~1token/post/operationId"))
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        ids,
        [
            "post_partner_hub_docs_api_set_webhook_url",
            "get_partner_hub_docs_api_get_webhook_url",
            "post_authentication_docs_api_get_token"
        ]
    );
    assert_eq!(
        ours.pointer("/paths/~1api~1v2~1token/post/security"),
        Some(&json!([]))
    );
}

// ---------------------------------------------------------------------------------------
// the pages' examples through the generated models

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
