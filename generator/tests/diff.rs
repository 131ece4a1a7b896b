//! `d360-codegen diff`: each rule on its own small spec pair (`tests/fixtures/diff/CASE/`:
//! `head.json`, and `base.json` where the case needs its own, else the shared
//! `tests/fixtures/diff/base.json`, a trimmed Partners spec), properties that must hold for
//! any spec (checked on the bundled `spec/partners-v2.json` and the corpus), the output
//! formats, the exit statuses and the version check.

use d360_codegen::diff::{self, Bump, Report, Rule};
use d360_codegen::Config;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The base and head documents of a case.
fn pair(case: &str) -> (PathBuf, PathBuf) {
    let dir = fixtures().join(case);
    let own = dir.join("base.json");
    let base = if own.exists() {
        own
    } else {
        fixtures().join("base.json")
    };
    (base, dir.join("head.json"))
}

fn run_case(case: &str, config: &Config) -> Report {
    let (base, head) = pair(case);
    diff::diff(&read(&base), "base.json", &read(&head), "head.json", config)
        .unwrap_or_else(|e| panic!("{case}: {e}"))
}

fn case(name: &str) -> Report {
    run_case(name, &Config::default())
}

fn diff_values(base: &Value, head: &Value) -> Report {
    let (a, b) = (base.to_string(), head.to_string());
    diff::diff(
        a.as_bytes(),
        "base",
        b.as_bytes(),
        "head",
        &Config::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn ids(report: &Report) -> Vec<&str> {
    report.changes.iter().map(|c| c.id.as_str()).collect()
}

/// The case reports exactly `expected` (ids, in any order) and needs `bump`.
#[track_caller]
fn expect(name: &str, expected: &[&str], bump: Bump) -> Report {
    let report = case(name);
    let mut got = ids(&report);
    got.sort_unstable();
    let mut want = expected.to_vec();
    want.sort_unstable();
    assert_eq!(got, want, "{name}: {}", report.to_text());
    assert_eq!(report.bump, bump, "{name}: {}", report.to_text());
    for change in &report.changes {
        assert!(!change.message.is_empty(), "{name}: empty message");
    }
    report
}

// ----- the minimum cases -----

#[test]
fn operation_removed_is_major_and_one_change() {
    let report = expect("operation-removed", &["operation-removed"], Bump::Major);
    assert_eq!(
        report.changes[0].pointer,
        "/paths/~1api~1v2~1partners~1{partner_id}/patch"
    );
    assert!(report.changes[0]
        .message
        .contains("patch_partner_management_docs_api_patch_partner"));
}

#[test]
fn a_moved_route_is_major_because_old_clients_call_the_old_one() {
    // Same operationId, new path: the method and its arguments stay, but every deployed
    // client still calls the old route.
    let report = expect(
        "operation-path-changed",
        &["operation-path-changed"],
        Bump::Major,
    );
    let change = &report.changes[0];
    assert_eq!(
        change.pointer,
        "/paths/~1api~1v3~1partners~1{partner_id}/get"
    );
    assert!(
        change.message.contains(
            "`GET /api/v2/partners/{partner_id}` moves to `GET /api/v3/partners/{partner_id}`"
        ) && change
            .message
            .contains("every deployed client still calls `GET /api/v2/partners/{partner_id}`"),
        "{}",
        change.message
    );
}

#[test]
fn templates_that_differ_only_in_parameter_names_are_two_operations() {
    // The generator makes a method of each: a change to the second is a change too.
    let base: Value =
        serde_json::from_slice(&read(&fixtures().join("base.json"))).unwrap_or_default();
    let mut twin = base.clone();
    let item = base["paths"]["/api/v2/partners/{partner_id}"].clone();
    if let Some(paths) = twin["paths"].as_object_mut() {
        let mut copy = item.clone();
        for method in ["get", "patch"] {
            if let Some(op) = copy[method].as_object_mut() {
                let id = format!("{}_by_id", op["operationId"].as_str().unwrap_or_default());
                op.insert("operationId".to_owned(), Value::from(id));
                op.insert(
                    "parameters".to_owned(),
                    serde_json::json!([{"in": "path", "name": "id", "required": true, "schema": {"type": "string"}}]),
                );
            }
        }
        paths.insert("/api/v2/partners/{id}".to_owned(), copy);
    }
    assert_eq!(diff_values(&twin, &twin), Report::default());
    let mut head = twin.clone();
    if let Some(item) = head["paths"]["/api/v2/partners/{id}"].as_object_mut() {
        item.remove("patch");
    }
    let report = diff_values(&twin, &head);
    assert_eq!(ids(&report), ["operation-removed"], "{}", report.to_text());
    assert!(
        report.changes[0].message.contains("_by_id"),
        "{}",
        report.to_text()
    );
}

#[test]
fn operation_added_is_minor() {
    expect("operation-added", &["operation-added"], Bump::Minor);
}

#[test]
fn required_request_property_added_is_major() {
    let report = expect(
        "request-required-property-added",
        &["request-required-property-added"],
        Bump::Major,
    );
    assert_eq!(
        report.changes[0].pointer,
        "/components/schemas/PatchPartnerIn/properties/brand_name"
    );
}

#[test]
fn optional_request_property_added_is_minor() {
    expect(
        "request-optional-property-added",
        &["request-optional-property-added"],
        Bump::Minor,
    );
}

#[test]
fn request_property_made_required_is_major() {
    expect(
        "request-property-became-required",
        &["request-property-became-required"],
        Bump::Major,
    );
}

#[test]
fn request_property_type_change_is_major() {
    expect(
        "request-type-changed",
        &["request-type-changed"],
        Bump::Major,
    );
}

#[test]
fn optional_response_property_removed_is_major() {
    let report = expect(
        "response-optional-property-removed",
        &["response-property-removed"],
        Bump::Major,
    );
    assert_eq!(
        report.changes[0].pointer,
        "/components/schemas/PartnerOut/properties/country"
    );
    assert!(report.changes[0].message.contains("PartnerOut.country"));
}

#[test]
fn required_response_property_removed_is_major() {
    let report = expect(
        "response-required-property-removed",
        &["response-property-removed"],
        Bump::Major,
    );
    assert_eq!(
        report.changes[0].pointer,
        "/components/schemas/_MetaSchemaError/properties/http_code"
    );
}

#[test]
fn response_property_type_change_is_major() {
    expect(
        "response-type-changed",
        &["response-type-changed"],
        Bump::Major,
    );
}

#[test]
fn success_response_removed_is_major() {
    let report = expect(
        "success-response-removed",
        &["success-response-removed"],
        Bump::Major,
    );
    assert!(report.changes[0].pointer.ends_with("/get/responses/200"));
}

#[test]
fn a_success_status_removed_beside_one_with_the_same_body_is_patch() {
    // 200 and 201 return the same schema: the method's result is that type either way.
    let report = expect(
        "success-status-removed-same-body",
        &["success-status-removed"],
        Bump::Patch,
    );
    assert!(report.changes[0].pointer.ends_with("/get/responses/201"));
    assert!(report.changes[0].message.contains("result stays"));
}

#[test]
fn a_success_status_removed_that_reorders_the_result_union_is_major() {
    // 200 and 202 share a body, 201 has another: the result is a union whose first
    // variant is the 200/202 body. Without 200 the first success body is 201's: the
    // variants swap, so the result type changes although every body is still there.
    let report = expect(
        "success-status-removed-union-reordered",
        &["success-response-removed"],
        Bump::Major,
    );
    assert!(report.changes[0].pointer.ends_with("/get/responses/200"));
}

#[test]
fn required_query_parameter_added_is_major() {
    expect(
        "required-query-parameter-added",
        &["required-parameter-added"],
        Bump::Major,
    );
}

#[test]
fn descriptions_and_summaries_only_are_patch() {
    let report = case("descriptions-changed");
    assert_eq!(report.bump, Bump::Patch, "{}", report.to_text());
    assert!(report.changes.iter().all(|c| c.id == "docs-changed"));
    // One change per operation or component, not one per edited description.
    let mut owners: Vec<&str> = report.changes.iter().map(|c| c.pointer.as_str()).collect();
    owners.sort_unstable();
    assert_eq!(
        owners,
        [
            "/components/schemas/PartnerOut",
            "/components/schemas/_MetaSchemaError",
            "/paths/~1api~1v2~1partners~1{partner_id}/get",
            "/paths/~1api~1v2~1partners~1{partner_id}/patch",
        ]
    );
}

#[test]
fn rendered_documentation_settles_patch_without_generating() {
    // Descriptions are written into the generated docs: the rules alone say patch.
    let report = case("descriptions-changed");
    let (base, head) = pair("descriptions-changed");
    let models = (
        diff::model(&read(&base), "base.json").unwrap_or_else(|e| panic!("{e}")),
        diff::model(&read(&head), "head.json").unwrap_or_else(|e| panic!("{e}")),
    );
    let rules_only = diff::compare(&models.0, &models.1, &Config::default());
    assert_eq!(rules_only, report);
    assert!(!diff::needs_codegen(&rules_only));
}

#[test]
fn documentation_the_generator_does_not_render_is_no_change() {
    // `externalDocs`, a success response's description, a request body's description:
    // no generated code shows them, so the code is identical and the verdict none.
    let base: Value =
        serde_json::from_slice(&read(&fixtures().join("base.json"))).unwrap_or_default();
    let op = "/paths/~1api~1v2~1partners~1{partner_id}/patch";
    let edits: [(&str, Value); 4] = [
        (
            "/externalDocs",
            serde_json::json!({"url": "https://example.com/docs"}),
        ),
        ("/responses/200/description", Value::from("Updated")),
        ("/requestBody/description", Value::from("The new settings")),
        // Whitespace around the text: rustdoc gets it trimmed.
        ("/summary", Value::from("  Update partner \n")),
    ];
    for (at, value) in edits {
        let mut head = base.clone();
        match head.pointer_mut(op).and_then(Value::as_object_mut) {
            Some(operation) if at.matches('/').count() == 1 => {
                operation.insert(at[1..].to_owned(), value);
            }
            _ => {
                let (parent, key) = at.rsplit_once('/').unwrap_or_default();
                if let Some(object) = head
                    .pointer_mut(&format!("{op}{parent}"))
                    .and_then(Value::as_object_mut)
                {
                    object.insert(key.to_owned(), value);
                }
            }
        }
        assert_ne!(base, head, "{at}");
        let report = diff_values(&base, &head);
        assert_eq!(report.bump, Bump::None, "{at}: {}", report.to_text());
        assert!(report.with_id("docs-changed").next().is_none(), "{at}");
    }
}

#[test]
fn keys_reordered_is_none() {
    expect("keys-reordered", &[], Bump::None);
}

#[test]
fn deprecated_property_is_minor() {
    expect(
        "response-property-deprecated",
        &["response-property-deprecated"],
        Bump::Minor,
    );
}

// ----- the rest users meet -----

#[test]
fn enum_values() {
    expect(
        "response-enum-value-added",
        &["response-enum-value-added"],
        Bump::Minor,
    );
    expect(
        "request-enum-value-added",
        &["request-enum-value-added"],
        Bump::Minor,
    );
    let report = expect(
        "response-enum-value-removed",
        &["response-enum-value-removed"],
        Bump::Major,
    );
    assert!(report.changes[0].message.contains("\"DRAFT\""));
}

#[test]
fn nullability() {
    expect(
        "response-nullable-added",
        &["response-nullable-added"],
        Bump::Major,
    );
    // 3.1 `type: [string, "null"]` on a request property.
    expect(
        "request-nullable-added",
        &["request-nullable-added"],
        Bump::Major,
    );
}

#[test]
fn a_retyped_value_is_one_change_whatever_else_it_loses() {
    // `logo_url` was a nullable string; an integer now, not nullable: one type change.
    let base: Value =
        serde_json::from_slice(&read(&fixtures().join("base.json"))).unwrap_or_default();
    let mut head = base.clone();
    if let Some(slot) = head.pointer_mut("/components/schemas/PartnerOut/properties/logo_url") {
        *slot = serde_json::json!({"type": "integer", "description": "Logo url"});
    }
    let report = diff_values(&base, &head);
    assert_eq!(
        ids(&report),
        ["response-type-changed"],
        "{}",
        report.to_text()
    );
}

#[test]
fn the_null_forms_of_3_0_and_3_1_mean_the_same() {
    // `nullable: true`, `type: [T, "null"]` and `anyOf: [T, {type: null}]`: no API change.
    let report = case("nullable-forms-equivalent");
    assert!(report.bump <= Bump::Patch, "{}", report.to_text());
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.id == "document-changed" || c.id == "generated-code-changed"),
        "{}",
        report.to_text()
    );
}

#[test]
fn the_loaders_rewrites_of_3_1_forms_are_no_change() {
    // The generator reads `type: [A, B]` as `anyOf` of A and B, `const` as a one-value
    // `enum`: a document that switches between the two spellings generates the same code.
    let base: Value =
        serde_json::from_slice(&read(&fixtures().join("base.json"))).unwrap_or_default();
    let props = "/components/schemas/PatchPartnerIn/properties";
    let pairs = [
        (
            serde_json::json!({"type": ["string", "boolean"]}),
            serde_json::json!({"anyOf": [{"type": "string"}, {"type": "boolean"}]}),
        ),
        (
            serde_json::json!({"type": "string", "const": "en"}),
            serde_json::json!({"type": "string", "enum": ["en"]}),
        ),
    ];
    for (written, rewritten) in pairs {
        let with = |schema: &Value| {
            let mut doc = base.clone();
            if let Some(props) = doc.pointer_mut(props).and_then(Value::as_object_mut) {
                props.insert("mode".to_owned(), schema.clone());
            }
            doc
        };
        let report = diff_values(&with(&written), &with(&rewritten));
        assert!(
            report.bump == Bump::None && report.changes.iter().all(|c| c.id == "document-changed"),
            "{written} / {rewritten}: {}",
            report.to_text()
        );
    }
}

#[test]
fn a_single_branch_all_of_is_its_branch() {
    let report = case("allof-wrapper-unwrapped");
    assert!(report.bump <= Bump::Patch, "{}", report.to_text());
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.id == "document-changed" || c.id == "generated-code-changed"),
        "{}",
        report.to_text()
    );
}

#[test]
fn optional_response_property_made_required_is_major() {
    // Compatible on the wire, but the field goes from Option<T> to T and `new` takes it.
    let report = expect(
        "response-property-became-required",
        &["response-property-became-required"],
        Bump::Major,
    );
    assert!(report.changes[0].message.contains("wire stays compatible"));
}

#[test]
fn response_properties_added() {
    expect(
        "response-optional-property-added",
        &["response-optional-property-added"],
        Bump::Minor,
    );
    expect(
        "response-required-property-added",
        &["response-required-property-added"],
        Bump::Major,
    );
}

#[test]
fn formats() {
    // url → uri: same Rust type; at most a patch (none when the generated code is identical).
    let report = case("response-format-changed");
    assert_eq!(ids(&report), ["response-format-changed"]);
    assert!(report.bump <= Bump::Patch);
    // integer → int32: i64 becomes i32.
    expect(
        "response-integer-format-changed",
        &["response-type-changed"],
        Bump::Major,
    );
}

/// A config that types URLs (and UUIDs, and `uri` as a URL).
fn typed_formats() -> Config {
    Config::from_json(
        br#"{"formats": {"url": "url", "uri": "url", "uuid": "uuid"}}"#,
        "typed.json",
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_format_change_is_a_type_change_where_the_format_is_typed() {
    // url → uuid: both `String` by default, only the format changes.
    let report = case("response-format-typed-changed");
    assert_eq!(ids(&report), ["response-format-changed"]);
    assert!(report.bump <= Bump::Patch);
    // Typed: `Formatted<url::Url>` becomes `Formatted<uuid::Uuid>`, for a response field.
    let report = run_case("response-format-typed-changed", &typed_formats());
    assert_eq!(ids(&report), ["response-type-changed"]);
    assert_eq!(report.bump, Bump::Major);
    let message = &report.changes[0].message;
    assert!(
        message.contains("Formatted<url::Url>") && message.contains("Formatted<uuid::Uuid>"),
        "{message}"
    );
    // url → uri: both typed as `url::Url`, so still only the format changes.
    let report = run_case("response-format-changed", &typed_formats());
    assert_eq!(ids(&report), ["response-format-changed"]);
    assert!(report.bump <= Bump::Patch);
}

#[test]
fn switching_a_format_to_a_typed_rust_type_is_a_major_change() {
    let base = read(&fixtures().join("base.json"));
    let spec = diff::model(&base, "base.json").unwrap_or_else(|e| panic!("{e}"));
    let compare = |base_config: &Config, config: &Config| {
        let mut report = diff::compare_configs(&spec, &spec, base_config, config);
        diff::refine_configs(
            &mut report,
            (&base, "base.json"),
            (&base, "base.json"),
            base_config,
            config,
        );
        report
    };
    let report = compare(&Config::default(), &typed_formats());
    assert_eq!(ids(&report), ["response-type-changed"]);
    assert_eq!(report.bump, Bump::Major);
    assert!(
        report.changes[0].message.contains("webhook_url"),
        "{:?}",
        report.changes
    );
    // And back.
    assert_eq!(
        compare(&typed_formats(), &Config::default()).bump,
        Bump::Major
    );
    // The same configuration on both sides: no change.
    assert_eq!(compare(&typed_formats(), &typed_formats()).bump, Bump::None);
}

#[test]
fn renamed_schema_is_one_major_change() {
    let report = expect("schema-renamed", &["schema-renamed"], Bump::Major);
    assert!(report.changes[0]
        .message
        .contains("`PartnerOut` is renamed `Partner`"));
}

#[test]
fn ref_replaced_by_identical_inline_schema_is_a_source_change_only() {
    let report = expect("ref-inlined", &["response-schema-inlined"], Bump::Major);
    assert!(report.changes[0].message.contains("no wire change"));
    assert!(report.changes[0]
        .pointer
        .ends_with("/get/responses/200/content/application~1json/schema"));
}

#[test]
fn operation_ids_and_method_names() {
    // Without configuration the method name follows the operationId: renamed.
    expect("operation-id-changed", &["operation-renamed"], Bump::Major);
    // With the old method name configured for the new id, only the id changed.
    let mut config = Config::default();
    config.operation_name("get_partner_management_docs_api_get_partner", "get_partner");
    config.operation_name("getPartner", "get_partner");
    let report = run_case("operation-id-changed", &config);
    assert_eq!(ids(&report), ["operation-id-changed"]);
    assert!(report.bump <= Bump::Patch);
}

#[test]
fn responses() {
    expect(
        "error-response-added",
        &["error-response-added"],
        Bump::Minor,
    );
    expect(
        "error-response-removed",
        &["error-response-removed"],
        Bump::Major,
    );
    expect(
        "success-response-added",
        &["success-response-added"],
        Bump::Major,
    );
}

#[test]
fn parameters() {
    expect(
        "optional-query-parameter-added",
        &["optional-parameter-added"],
        Bump::Minor,
    );
    expect("parameter-removed", &["parameter-removed"], Bump::Major);
    expect(
        "parameter-became-required",
        &["parameter-became-required"],
        Bump::Major,
    );
    // Path parameters are positional: a new name in the template changes nothing for callers.
    let report = expect(
        "path-parameter-renamed",
        &["path-parameter-renamed", "path-parameter-renamed"],
        Bump::Patch,
    );
    assert!(report.changes[0]
        .pointer
        .starts_with("/paths/~1api~1v2~1partners~1{id}/"));
}

#[test]
fn a_request_body_is_positional_whether_required_or_not() {
    // The method takes the body as an argument either way: making it required or optional
    // changes nothing for callers (found by the oracle: the code is byte-identical).
    for name in [
        "request-body-became-required",
        "request-body-became-optional",
    ] {
        let report = expect(name, &[name], Bump::None);
        assert!(report.changes[0]
            .message
            .contains("nothing changes for callers"));
        let (old, new) = generate_case(name);
        assert!(old == new, "{name}: the generated code differs");
    }
    // So a new body, optional or not, is a new argument.
    let report = expect(
        "optional-request-body-added",
        &["optional-request-body-added"],
        Bump::Major,
    );
    assert!(report.changes[0]
        .message
        .contains("new positional argument"));
}

#[test]
fn security() {
    // No longer requires credentials: the client stops sending them; old ones still do.
    expect(
        "operation-security-changed",
        &["operation-security-changed"],
        Bump::Patch,
    );
    // Now requires them: every deployed client calls it without and is refused.
    let report = expect(
        "operation-credentials-required",
        &["operation-credentials-required"],
        Bump::Major,
    );
    assert!(report.changes[0].message.contains("old clients"));
    // Credentials go through the runtime whatever schemes the document declares: the
    // generated code is the same (found by the oracle).
    for name in ["security-scheme-removed", "security-scheme-added"] {
        expect(name, &[name], Bump::None);
        let (old, new) = generate_case(name);
        assert!(old == new, "{name}: the generated code differs");
    }
}

#[test]
fn additional_properties_of_a_struct_change_nothing() {
    // A struct keeps unknown properties as raw JSON whatever `additionalProperties` says.
    expect(
        "struct-additional-properties-changed",
        &["document-changed"],
        Bump::None,
    );
    let (old, new) = generate_case("struct-additional-properties-changed");
    assert!(old == new);
}

/// Generates the client from both documents of a case: (old code, new code).
fn generate_case(name: &str) -> (String, String) {
    let (base, head) = pair(name);
    let generate = |path: &Path| {
        d360_codegen::generate(&read(path), "spec.json", &Config::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .code
    };
    (generate(&base), generate(&head))
}

#[test]
fn property_order() {
    // The order of the `properties` keys means nothing: the generated code is identical,
    // required properties reordered among the others included.
    for name in [
        "properties-reordered",
        "required-properties-moved-within-properties",
    ] {
        expect(name, &[], Bump::None);
        let (old, new) = generate_case(name);
        assert!(old == new, "{name}: the generated code differs");
    }
    // The `required` list is the order of `new`'s arguments.
    let report = expect(
        "response-required-property-order-changed",
        &["response-required-property-order-changed"],
        Bump::Major,
    );
    assert!(
        report.changes[0]
            .message
            .contains("(developer_message, http_code, success) becomes (success, http_code, developer_message)"),
        "{}",
        report.to_text()
    );
    let (old, new) = generate_case("response-required-property-order-changed");
    assert!(
        old.contains("pub fn new(developer_message: String, http_code: i64, success: bool)"),
        "{old}"
    );
    assert!(
        new.contains("pub fn new(success: bool, http_code: i64, developer_message: String)"),
        "{new}"
    );
}

#[test]
fn union_branch_added_is_minor() {
    expect(
        "response-union-variant-added",
        &["response-union-variant-added"],
        Bump::Minor,
    );
}

// ----- properties that hold for any spec -----

fn partners() -> Value {
    let path = repo().join("spec/partners-v2.json");
    serde_json::from_slice(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every object's keys in reverse order (`properties` included), arrays as they are.
fn reverse_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .rev()
                .map(|(k, v)| (k.clone(), reverse_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(reverse_keys).collect()),
        other => other.clone(),
    }
}

#[test]
fn the_bundled_spec_against_itself_reordered_is_none() {
    let spec = partners();
    assert_eq!(diff_values(&spec, &spec), Report::default());
    let reversed = reverse_keys(&spec);
    // The reversal reaches every object, `properties` and `required`'s owners included.
    assert_ne!(spec.to_string(), reversed.to_string());
    let report = diff_values(&spec, &reversed);
    assert_eq!(report, Report::default(), "{}", report.to_text());
    // Independently of the diff: the generated code is byte-identical.
    assert!(
        generated_code(&spec) == generated_code(&reversed),
        "key order changed the generated code"
    );
}

/// The client generated from `value`, with the default config.
fn generated_code(value: &Value) -> String {
    d360_codegen::generate(
        value.to_string().as_bytes(),
        "spec.json",
        &Config::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .code
}

#[test]
fn new_takes_the_required_properties_in_the_order_of_the_required_list() {
    // `TokenIn::new(username, password)`: two strings. Reversing the `properties` keys
    // leaves the call as it is; reversing the `required` list swaps the arguments, and the
    // diff says so.
    let spec = partners();
    let schema = "/components/schemas/TokenIn";
    let mut properties_reversed = spec.clone();
    if let Some(props) = properties_reversed.pointer_mut(&format!("{schema}/properties")) {
        *props = reverse_keys(props);
    }
    let original = generated_code(&spec);
    assert!(
        original.contains("pub fn new(username: String, password: String) -> Self"),
        "{original}"
    );
    assert!(generated_code(&properties_reversed) == original);
    assert_eq!(diff_values(&spec, &properties_reversed), Report::default());
    let mut required_reversed = spec.clone();
    if let Some(required) = required_reversed
        .pointer_mut(&format!("{schema}/required"))
        .and_then(Value::as_array_mut)
    {
        required.reverse();
    }
    assert!(generated_code(&required_reversed)
        .contains("pub fn new(password: String, username: String) -> Self"));
    let report = diff_values(&spec, &required_reversed);
    assert_eq!(
        ids(&report),
        ["request-required-property-order-changed"],
        "{}",
        report.to_text()
    );
    assert_eq!(report.bump, Bump::Major);
    assert!(report.changes[0].message.contains("silently swap"));
}

#[test]
fn removing_any_operation_of_the_bundled_spec_is_one_change() {
    let spec = partners();
    let paths = spec["paths"]
        .as_object()
        .expect("the bundled spec has paths");
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for method in item.keys().filter(|m| m.as_str() != "parameters") {
            let mut head = spec.clone();
            if let Some(item) = head["paths"][path].as_object_mut() {
                item.remove(method);
            }
            let report = diff_values(&spec, &head);
            assert_eq!(
                ids(&report),
                ["operation-removed"],
                "{method} {path}: {}",
                report.to_text()
            );
        }
    }
}

#[test]
fn every_property_of_the_bundled_spec_removed_is_major() {
    let spec = partners();
    let schemas = spec["components"]["schemas"]
        .as_object()
        .expect("the bundled spec has schemas");
    for (name, schema) in schemas {
        let Some(props) = schema["properties"].as_object() else {
            continue;
        };
        for prop in props.keys() {
            let mut head = spec.clone();
            let at = format!(
                "/components/schemas/{}",
                name.replace('~', "~0").replace('/', "~1")
            );
            if let Some(props) = head
                .pointer_mut(&format!("{at}/properties"))
                .and_then(Value::as_object_mut)
            {
                props.shift_remove(prop);
            }
            if let Some(required) = head
                .pointer_mut(&format!("{at}/required"))
                .and_then(Value::as_array_mut)
            {
                required.retain(|r| r != prop.as_str());
            }
            let report = diff_values(&spec, &head);
            assert_eq!(report.bump, Bump::Major, "{name}.{prop}");
            assert_eq!(
                report.changes.len(),
                1,
                "{name}.{prop}: {}",
                report.to_text()
            );
            // Removing the last property turns the struct into a free-form object.
            let last = props.len() == 1;
            let id = &report.changes[0].id;
            assert!(
                id.ends_with("property-removed") || (last && id.ends_with("type-changed")),
                "{name}.{prop}: {}",
                report.to_text()
            );
        }
    }
}

#[test]
fn released_spec_is_the_baseline() {
    let released = repo().join("spec/released.json");
    let version = repo().join("spec/released.version");
    let released = read(&released);
    let version = String::from_utf8(read(&version)).expect("spec/released.version is UTF-8");
    assert!(diff::model(&released, "spec/released.json").is_ok());
    assert!(version.trim().parse::<diff::version::Version>().is_ok());
}

#[test]
fn yaml_and_json_of_one_document_are_the_same() {
    // Through the generator's loader: checked once it reads YAML.
    let json = read(&fixtures().join("base.json"));
    let value: Value = serde_json::from_slice(&json).unwrap_or_default();
    let yaml = to_yaml(&value, 0);
    if cfg!(not(feature = "yaml")) {
        // Without YAML the loader refuses the document: that is what this build promises.
        assert!(d360_codegen::load::load(yaml.as_bytes(), "base.yaml").is_err());
        return;
    }
    let report = diff::diff(
        &json,
        "base.json",
        yaml.as_bytes(),
        "base.yaml",
        &Config::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.bump, Bump::None, "{}", report.to_text());
}

/// A YAML rendering of a JSON value (flow style for scalars, block style for the rest).
fn to_yaml(value: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => map
            .iter()
            .map(|(k, v)| match v {
                Value::Object(m) if !m.is_empty() => {
                    format!(
                        "{pad}{}:\n{}",
                        Value::from(k.as_str()),
                        to_yaml(v, indent + 2)
                    )
                }
                Value::Array(a) if !a.is_empty() => {
                    format!(
                        "{pad}{}:\n{}",
                        Value::from(k.as_str()),
                        to_yaml(v, indent + 2)
                    )
                }
                _ => format!("{pad}{}: {}\n", Value::from(k.as_str()), v),
            })
            .collect(),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|v| match v {
                Value::Object(m) if !m.is_empty() => {
                    let inner = to_yaml(v, indent + 2);
                    format!("{pad}- {}", inner.trim_start())
                }
                _ => format!("{pad}- {v}\n"),
            })
            .collect(),
        other => format!("{pad}{other}\n"),
    }
}

#[test]
fn junk_anywhere_in_a_document_is_an_error_or_a_report_never_a_panic() {
    let base: Value =
        serde_json::from_slice(&read(&fixtures().join("base.json"))).unwrap_or_default();
    let mut pointers = Vec::new();
    collect_pointers(&base, String::new(), &mut pointers);
    let junk = [
        Value::Null,
        Value::from(1),
        Value::from("x"),
        Value::from(true),
        Value::Array(vec![Value::Null]),
        serde_json::json!({"$ref": "#/nowhere"}),
    ];
    let intact = diff::model(base.to_string().as_bytes(), "base").unwrap_or_else(|e| panic!("{e}"));
    let config = Config::default();
    for pointer in &pointers {
        for value in &junk {
            let mut head = base.clone();
            if let Some(slot) = head.pointer_mut(pointer) {
                *slot = value.clone();
            }
            if let Ok(broken) = diff::model(head.to_string().as_bytes(), "head") {
                let _ = diff::compare(&intact, &broken, &config);
                let _ = diff::compare(&broken, &intact, &config);
                let _ = diff::compare(&broken, &broken, &config);
            }
        }
    }
}

fn collect_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let next = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(next.clone());
                collect_pointers(v, next, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let next = format!("{at}/{i}");
                out.push(next.clone());
                collect_pointers(v, next, out);
            }
        }
        _ => {}
    }
}

#[test]
fn rules_an_api_checker_cannot_confirm_are_major_ones() {
    // The conformance tier's oracle accepts an unconfirmed major verdict only from these.
    let blind: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| r.api_checker_blind())
        .collect();
    assert!(blind.contains(&Rule::OperationPathChanged));
    assert!(blind.contains(&Rule::RequiredPropertyOrderChanged));
    for rule in blind {
        assert_eq!(rule.bump(), Bump::Major, "{}", rule.name());
    }
}

#[test]
fn rule_ids_are_unique_kebab_case() {
    let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    for name in &names {
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{name}"
        );
    }
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count);
}

// ----- the command line -----

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_d360-codegen"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run d360-codegen: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn case_args(name: &str) -> (String, String) {
    let (base, head) = pair(name);
    (base.display().to_string(), head.display().to_string())
}

#[test]
fn json_output_has_the_documented_shape() {
    let (base, head) = case_args("response-optional-property-removed");
    let (code, stdout, _) = cli(&["diff", &base, &head, "--format", "json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_default();
    assert_eq!(json["bump"], "major");
    let change = &json["changes"][0];
    assert_eq!(change["id"], "response-property-removed");
    assert_eq!(change["bump"], "major");
    assert_eq!(
        change["pointer"],
        "/components/schemas/PartnerOut/properties/country"
    );
    assert!(change["message"].as_str().is_some_and(|m| !m.is_empty()));
    let keys: Vec<&String> = change
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["id", "bump", "pointer", "message"]);
}

#[test]
fn text_and_markdown_are_grouped_by_bump() {
    let base = fixtures().join("base.json").display().to_string();
    let dir = std::env::temp_dir().join(format!("d360-diff-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    // Two changes of different levels: an optional property added and one removed.
    let mut head: Value =
        serde_json::from_slice(&read(&fixtures().join("base.json"))).unwrap_or_default();
    if let Some(props) = head["components"]["schemas"]["PartnerOut"]["properties"].as_object_mut() {
        props.shift_remove("country");
        props.insert("created_at".into(), serde_json::json!({"type": "string"}));
    }
    let head_path = dir.join("head.json");
    std::fs::write(&head_path, head.to_string()).unwrap_or_default();
    let head_arg = head_path.display().to_string();
    let (code, text, _) = cli(&["diff", &base, &head_arg]);
    assert_eq!(code, 0);
    let major = text.find("\nmajor (").unwrap_or(usize::MAX);
    let minor = text.find("\nminor (").unwrap_or(usize::MAX);
    assert!(major < minor && minor < usize::MAX, "{text}");
    assert!(text.lines().any(|l| l.trim_start().starts_with(
        "response-property-removed  #/components/schemas/PartnerOut/properties/country"
    )));
    let (code, markdown, _) = cli(&["diff", &base, &head_arg, "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(markdown.starts_with("### Spec diff: **major** bump required"));
    assert!(markdown.contains("#### Major (1)") && markdown.contains("#### Minor (1)"));
    assert!(markdown.contains("| `response-property-removed` |"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn documentation_changes_come_last_and_folded() {
    let change = |id: &str, pointer: String| diff::Change {
        id: id.to_owned(),
        bump: Bump::Patch,
        pointer,
        message: "m".to_owned(),
    };
    let mut changes: Vec<diff::Change> = (0..15)
        .map(|i| change("docs-changed", format!("/components/schemas/S{i:02}")))
        .collect();
    changes.push(change("parameter-style-changed", "/zzz".to_owned()));
    let report = Report {
        bump: Bump::Patch,
        changes,
    };
    let text = report.to_text();
    assert!(text.starts_with(
        "spec diff: patch bump (1 patch, rendered documentation changed for 15 operation(s) and type(s))"
    ), "{text}");
    let style = text.find("parameter-style-changed").unwrap_or(usize::MAX);
    let docs = text.find("docs-changed").unwrap_or(0);
    assert!(style < docs, "{text}");
    assert!(
        text.contains("docs-changed  and 5 more (--format json lists them)"),
        "{text}"
    );
    assert_eq!(text.matches("#/components/schemas/S").count(), 10, "{text}");
    let markdown = report.to_markdown();
    assert!(markdown.contains("<details><summary>Rendered documentation changed for 15 operation(s) and type(s)</summary>"), "{markdown}");
    assert_eq!(markdown.matches("| `docs-changed` |").count(), 15);
    assert_eq!(
        report.to_json()["changes"].as_array().map(Vec::len),
        Some(16)
    );
}

#[test]
fn fail_on_sets_the_exit_status() {
    let (base, head) = case_args("operation-added");
    assert_eq!(cli(&["diff", &base, &head, "--fail-on", "major"]).0, 0);
    assert_eq!(cli(&["diff", &base, &head, "--fail-on", "minor"]).0, 1);
    assert_eq!(cli(&["diff", &base, &head, "--fail-on", "patch"]).0, 1);
    assert_eq!(cli(&["diff", &base, &head]).0, 0);
    let (base, head) = case_args("keys-reordered");
    assert_eq!(cli(&["diff", &base, &head, "--fail-on", "patch"]).0, 0);
}

#[test]
fn unreadable_or_broken_inputs_exit_2_naming_file_and_pointer() {
    let base = fixtures().join("base.json").display().to_string();
    let (code, _, stderr) = cli(&["diff", &base, "/nonexistent/head.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent/head.json"), "{stderr}");

    let dir = std::env::temp_dir().join(format!("d360-diff-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let bad_json = dir.join("bad.json");
    std::fs::write(&bad_json, "{\"openapi\": \"3.1.0\",").unwrap_or_default();
    let bad_json = bad_json.display().to_string();
    let (code, _, stderr) = cli(&["diff", &base, &bad_json]);
    assert_eq!(code, 2);
    assert!(stderr.contains(&bad_json), "{stderr}");

    let mut head: Value =
        serde_json::from_slice(&read(&fixtures().join("base.json"))).unwrap_or_default();
    head["components"]["schemas"]["PartnerOut"]["properties"]["country"] =
        serde_json::json!({"$ref": "#/components/schemas/Country"});
    let bad_ref = dir.join("bad-ref.json");
    std::fs::write(&bad_ref, head.to_string()).unwrap_or_default();
    let bad_ref = bad_ref.display().to_string();
    let (code, _, stderr) = cli(&["diff", &base, &bad_ref]);
    assert_eq!(code, 2);
    assert!(stderr.contains(&bad_ref), "{stderr}");
    assert!(
        stderr.contains("/components/schemas/PartnerOut/properties/country/$ref"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn version_check_requires_the_bump() {
    let dir = std::env::temp_dir().join(format!("d360-diff-version-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let released = dir.join("released.version");
    std::fs::write(&released, "0.1.0\n").unwrap_or_default();
    let released = released.display().to_string();
    let manifest = |version: &str| {
        let path = dir.join(format!("Cargo-{version}.toml"));
        let text = format!("[package]\nname = \"d360-partners\"\nversion = \"{version}\"\n");
        std::fs::write(&path, text).unwrap_or_default();
        path.display().to_string()
    };
    let check = |case: &str, version: &str| {
        let (base, head) = case_args(case);
        let args = [
            "diff",
            &base,
            &head,
            "--released-version-file",
            &released,
            "--manifest",
            &manifest(version),
        ];
        cli(&args)
    };
    // Breaking on 0.x: 0.1 → 0.2.
    let (code, stdout, stderr) = check("operation-removed", "0.1.0");
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("at least 0.2.0"), "{stderr}");
    assert_eq!(check("operation-removed", "0.1.9").0, 1);
    assert_eq!(check("operation-removed", "0.2.0").0, 0);
    // Additions on 0.x: a patch bump is enough.
    assert_eq!(check("operation-added", "0.1.0").0, 1);
    assert_eq!(check("operation-added", "0.1.1").0, 0);
    // Nothing changed: nothing needed.
    assert_eq!(check("keys-reordered", "0.1.0").0, 0);
    // A manifest without a version cannot be checked: exit 2.
    let (base, head) = case_args("keys-reordered");
    let empty = dir.join("Cargo-empty.toml");
    std::fs::write(&empty, "[package]\nname = \"x\"\n").unwrap_or_default();
    let empty = empty.display().to_string();
    let args = [
        "diff",
        &base,
        &head,
        "--released-version-file",
        &released,
        "--manifest",
        &empty,
    ];
    assert_eq!(cli(&args).0, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn config_file_names_methods() {
    let dir = std::env::temp_dir().join(format!("d360-diff-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let config = dir.join("codegen.json");
    std::fs::write(
        &config,
        r#"{"operation_names": {"get_partner_management_docs_api_get_partner": "get_partner", "getPartner": "get_partner"}}"#,
    )
    .unwrap_or_default();
    let config = config.display().to_string();
    let (base, head) = case_args("operation-id-changed");
    let (code, stdout, _) = cli(&[
        "diff", &base, &head, "--config", &config, "--format", "json",
    ]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_default();
    assert_eq!(json["changes"][0]["id"], "operation-id-changed");
    let (_, stdout, _) = cli(&[
        "diff",
        &base,
        &head,
        "--operation-name",
        "getPartner=fetch_partner",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_default();
    assert_eq!(json["changes"][0]["id"], "operation-renamed");
    assert!(json["changes"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("fetch_partner")));
    let _ = std::fs::remove_dir_all(&dir);
}

// ----- a client of selected operations (the config's `select`) -----

/// The selection fixture (`tests/fixtures/select.json`) and a copy changed by `edit`.
fn select_pair(edit: impl FnOnce(&mut Value)) -> (Vec<u8>, Vec<u8>) {
    let base = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/select.json"));
    let mut head: Value = serde_json::from_slice(&base).unwrap_or_else(|e| panic!("{e}"));
    edit(&mut head);
    (base, head.to_string().into_bytes())
}

fn selecting(select: Value) -> Config {
    let text = serde_json::json!({ "select": select }).to_string();
    Config::from_json(text.as_bytes(), "codegen.json").unwrap_or_else(|e| panic!("{e}"))
}

fn diff_select((base, head): &(Vec<u8>, Vec<u8>), config: &Config) -> Report {
    diff::diff(base, "base.json", head, "head.json", config).unwrap_or_else(|e| panic!("{e}"))
}

/// Changes to what the `pets` operations do not reach: an unreached component, an operation
/// of another tag removed, a schema only other operations reach (its property removed, or
/// only its description changed), an operation of another tag added.
fn outside_pets(doc: &mut Value) {
    let schemas = &mut doc["components"]["schemas"];
    schemas["Orphan"]["required"] = serde_json::json!(["x"]);
    schemas["StockItem"]["properties"]
        .as_object_mut()
        .map(|p| p.remove("sku"));
    schemas["Health"]["description"] = Value::from("Only the description changed.");
    doc["paths"]
        .as_object_mut()
        .map(|p| p.remove("/store/orders"));
    doc["paths"]["/owners/{owner_id}"]["delete"] = serde_json::json!({
        "operationId": "deleteOwner", "tags": ["owners"],
        "parameters": [{"name": "owner_id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"204": {"description": "gone"}}});
}

#[test]
fn changes_outside_the_selected_operations_are_none_for_their_client() {
    let docs = select_pair(outside_pets);
    let whole = diff_select(&docs, &Config::default());
    assert_eq!(whole.bump, Bump::Major, "{}", whole.to_text());
    let pets = diff_select(
        &docs,
        &selecting(serde_json::json!({"include": {"tags": ["pets"]}})),
    );
    assert_eq!(pets.bump, Bump::None, "{}", pets.to_text());
    assert!(pets.changes.is_empty(), "{}", pets.to_text());
    // `Problem` is reached by every operation: its description is in the pets client.
    let docs = select_pair(|doc| {
        outside_pets(doc);
        doc["components"]["schemas"]["Problem"]["properties"]["title"]["description"] =
            Value::from("The title.");
    });
    let pets = diff_select(
        &docs,
        &selecting(serde_json::json!({"include": {"tags": ["pets"]}})),
    );
    assert_eq!(ids(&pets), ["docs-changed"], "{}", pets.to_text());
    assert!(pets.changes[0]
        .pointer
        .starts_with("/components/schemas/Problem"));
}

#[test]
fn changes_to_what_the_selected_operations_reach_still_count() {
    let pets = selecting(serde_json::json!({"include": {"tags": ["pets"]}}));
    // Through a union alternative's `allOf`, a property's reference, a map's values.
    for (what, edit, bump) in [
        (
            "a property merged by allOf",
            Box::new(|doc: &mut Value| {
                doc["components"]["schemas"]["Toy"]["properties"]["name"]["type"] =
                    Value::from("integer")
            }) as Box<dyn Fn(&mut Value)>,
            Bump::Major,
        ),
        (
            "an enum two references away",
            Box::new(|doc: &mut Value| {
                doc["components"]["schemas"]["Region"]["enum"] = serde_json::json!(["eu"])
            }),
            Bump::Major,
        ),
        (
            "a map's value type",
            Box::new(|doc: &mut Value| {
                doc["components"]["schemas"]["Attribute"]["properties"]["rank"] =
                    serde_json::json!({"type": "integer"})
            }),
            Bump::Minor,
        ),
        (
            "a selected operation removed",
            Box::new(|doc: &mut Value| {
                doc["paths"]["/pets"]
                    .as_object_mut()
                    .map(|p| p.remove("post"));
            }),
            Bump::Major,
        ),
        (
            "an operation of the selected tag added",
            Box::new(|doc: &mut Value| {
                doc["paths"]["/pets/{id}"] = serde_json::json!({"delete": {
                    "operationId": "deletePet", "tags": ["pets"],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "gone"}}}});
            }),
            Bump::Minor,
        ),
    ] {
        let report = diff_select(&select_pair(|doc| edit(doc)), &pets);
        assert_eq!(report.bump, bump, "{what}: {}", report.to_text());
    }
}

/// A path item holding a selected operation and another: a change to the other one is
/// settled by generating both clients (identical code: none).
#[test]
fn a_change_to_an_unselected_operation_beside_a_selected_one_is_none() {
    let docs = select_pair(|doc| {
        doc["paths"]["/pets"]["post"]["summary"] = Value::from("Create a pet, now documented.");
        doc["paths"]["/pets"]["post"]["x-internal"] = Value::from(true);
    });
    let list_only = selecting(serde_json::json!({"include": {"paths": ["GET /pets"]}}));
    let report = diff_select(&docs, &list_only);
    assert_eq!(report.bump, Bump::None, "{}", report.to_text());
    let both = selecting(serde_json::json!({"include": {"paths": ["/pets"]}}));
    let report = diff_select(&docs, &both);
    assert_eq!(report.bump, Bump::Patch, "{}", report.to_text());
}

#[test]
fn the_diff_command_reads_the_selection_from_the_config() {
    let docs = select_pair(outside_pets);
    let dir = std::env::temp_dir().join(format!("d360-diff-select-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let (base, head, config) = (
        dir.join("base.json"),
        dir.join("head.json"),
        dir.join("codegen.json"),
    );
    std::fs::write(&base, &docs.0).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&head, &docs.1).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&config, r#"{"select": {"include": {"tags": ["pets"]}}}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let run = |extra: &[&std::path::Path]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_d360-codegen"));
        command
            .arg("diff")
            .arg(&base)
            .arg(&head)
            .args(["--format", "json", "--fail-on", "patch"]);
        for path in extra {
            command.arg("--config").arg(path);
        }
        command.output().unwrap_or_else(|e| panic!("{e}"))
    };
    let selected = run(&[&config]);
    let out: Value = serde_json::from_slice(&selected.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out["bump"], "none", "{out}");
    assert_eq!(selected.status.code(), Some(0));
    let whole = run(&[]);
    let out: Value = serde_json::from_slice(&whole.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out["bump"], "major", "{out}");
    assert_eq!(whole.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}
