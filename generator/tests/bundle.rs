//! Bundling: the committed bundle is fresh and deterministic, and every conflict names both
//! documents and the JSON pointer. (That the fragments say what the published docs say is
//! checked against the docs pages in the conformance tier: `conformance/tests/seeds.rs`.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use d360_codegen::bundle::{bundle, documents, to_pretty_json};
use d360_codegen::Errors;
use serde_json::{json, Value};

const MANAGEMENT: &str = "spec/fragments/partner-management.json";
const PARTNER_API: &str = "spec/fragments/partner-api.json";
const BUNDLED: &str = "spec/partners-v2.json";

// ---------------------------------------------------------------------------------------
// helpers

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator package sits inside the workspace")
}

fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn read_json(relative: &str) -> Value {
    let text = read_text(&root().join(relative));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{relative} is not JSON: {e}"))
}

/// The committed fragments, split into documents, with workspace-relative origins.
fn fragments() -> Vec<(String, Value)> {
    // The order `spec/fragments/*.json` expands to, as in the documented command.
    [PARTNER_API, MANAGEMENT]
        .iter()
        .flat_map(|path| documents(path, read_json(path)))
        .collect()
}

fn doc(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Partners V2 API", "version": "2.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

fn named(origin: &str, value: Value) -> (String, Value) {
    (origin.to_owned(), value)
}

fn bundle_err(docs: &[(String, Value)]) -> Errors {
    match bundle(docs) {
        Ok(v) => panic!("expected a conflict, got a bundle:\n{}", to_pretty_json(&v)),
        Err(errors) => errors,
    }
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_d360-codegen"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("the d360-codegen binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bundle-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

// ---------------------------------------------------------------------------------------
// the library

#[test]
fn identical_shared_components_merge_into_one_copy() {
    let docs = fragments();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[2].0, format!("{MANAGEMENT}#/1"));
    let spec = bundle(&docs).unwrap_or_else(|e| panic!("the committed fragments bundle:\n{e}"));
    let schemas: Vec<&str> = spec["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
        .map(String::as_str)
        .collect();
    let mut unique = schemas.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), schemas.len());
    assert_eq!(
        schemas.len(),
        14,
        "10 published schemas and 4 from the partner API page: {schemas:?}"
    );
    assert_eq!(
        spec["components"]["schemas"]["PartnerOut"],
        docs[0].1["components"]["schemas"]["PartnerOut"]
    );
    assert_eq!(spec["servers"].as_array().map(Vec::len), Some(1));
    let tags: Vec<&str> = spec["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(
        tags,
        [
            "Authentication",
            "Partner Hub Webhook",
            "Partner Management"
        ]
    );
    let partner = spec["paths"]["/api/v2/partners/{partner_id}"]
        .as_object()
        .expect("partner path");
    assert_eq!(
        partner.keys().collect::<Vec<_>>(),
        ["get", "patch"],
        "GET and PATCH merged into one path item"
    );
    let paths: Vec<&String> = spec["paths"].as_object().expect("paths").keys().collect();
    assert_eq!(
        paths,
        [
            "/api/v2/token",
            "/api/v2/partners/{partner_id}/webhook_url",
            "/api/v2/partners/{partner_id}",
        ],
        "first appearance order"
    );
}

#[test]
fn a_conflicting_component_names_both_origins_and_the_pointer() {
    let a = doc(
        json!({}),
        json!({"PartnerOut": {"type": "object", "properties": {"id": {"type": "string"}}}}),
    );
    let b = doc(
        json!({}),
        json!({"PartnerOut": {"type": "object", "properties": {"id": {"type": "integer"}}}}),
    );
    let errors = bundle_err(&[named("a.json", a), named("b.json#/1", b)]);
    assert_eq!(errors.0.len(), 1, "{errors}");
    let error = &errors.0[0];
    assert_eq!(
        (error.origin.as_str(), error.pointer.as_str()),
        ("b.json#/1", "/components/schemas/PartnerOut")
    );
    assert!(
        error
            .message
            .contains("a.json#/components/schemas/PartnerOut"),
        "{error}"
    );
    assert!(
        error
            .message
            .contains("#/components/schemas/PartnerOut/properties/id/type"),
        "{error}"
    );
    assert!(error.message.contains(r#""string" in a.json"#), "{error}");
}

#[test]
fn a_conflicting_operation_names_both_origins_and_the_pointer() {
    let op = |summary: &str| json!({"/p/{id}": {"get": {"summary": summary, "responses": {}}}});
    let errors = bundle_err(&[
        named("a.json", doc(op("Get"), json!({}))),
        named("b.json", doc(op("Fetch"), json!({}))),
    ]);
    assert_eq!(errors.0.len(), 1, "{errors}");
    let error = &errors.0[0];
    assert_eq!(
        (error.origin.as_str(), error.pointer.as_str()),
        ("b.json", "/paths/~1p~1{id}/get")
    );
    assert!(
        error.message.contains("a.json#/paths/~1p~1{id}/get"),
        "{error}"
    );
    assert!(error.message.contains("/get/summary"), "{error}");
}

#[test]
fn every_conflict_is_reported() {
    let mut a = doc(
        json!({"/x": {"get": {"responses": {}}}}),
        json!({"A": {"type": "string"}}),
    );
    let mut b = doc(
        json!({"/x": {"get": {"responses": {"200": {}}}}}),
        json!({"A": {"type": "integer"}}),
    );
    a["info"]["version"] = json!("1");
    b["info"]["version"] = json!("2");
    a["tags"] = json!([{"name": "T", "description": "one"}]);
    b["tags"] = json!([{"name": "U"}, {"name": "T", "description": "two"}]);
    b["components"]["securitySchemes"] = json!({"Key": {"type": "apiKey"}});
    let errors = bundle_err(&[named("a.json", a), named("b.json", b)]);
    let pointers: Vec<&str> = errors.0.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/info",
            "/paths/~1x/get",
            "/components/schemas/A",
            "/tags/1"
        ],
        "{errors}"
    );
    assert!(
        errors
            .0
            .iter()
            .all(|d| d.origin == "b.json" && d.message.contains("a.json#")),
        "{errors}"
    );
}

#[test]
fn identical_operations_merge_and_servers_are_deduplicated() {
    let op = json!({"/x": {"get": {"responses": {}}}});
    let mut a = doc(op.clone(), json!({}));
    let mut b = doc(op, json!({}));
    a["servers"] = json!([{"url": "https://one"}]);
    b["servers"] = json!([{"url": "https://two"}, {"url": "https://one"}]);
    let spec = bundle(&[named("a", a), named("b", b)]).expect("no conflict");
    assert_eq!(
        spec["servers"],
        json!([{"url": "https://one"}, {"url": "https://two"}])
    );
    assert_eq!(spec["paths"], json!({"/x": {"get": {"responses": {}}}}));
}

#[test]
fn operations_cannot_silently_gain_another_documents_security() {
    let mut secured = doc(json!({"/a": {"get": {"responses": {}}}}), json!({}));
    secured["security"] = json!([{"Key": []}]);
    let open = doc(json!({"/b": {"get": {"responses": {}}}}), json!({}));
    let errors = bundle_err(&[
        named("secured.json", secured.clone()),
        named("open.json", open),
    ]);
    assert_eq!(errors.0.len(), 1, "{errors}");
    assert_eq!(errors.0[0].origin, "open.json");
    assert!(
        errors.0[0].message.contains("secured.json#/security"),
        "{errors}"
    );

    let own = doc(
        json!({"/b": {"get": {"security": [], "responses": {}}}}),
        json!({}),
    );
    bundle(&[named("secured.json", secured), named("own.json", own)])
        .expect("operation declares its own security");
}

#[test]
fn documents_that_are_not_objects_are_errors_not_panics() {
    let docs = documents(
        "f.json",
        json!([doc(json!({}), json!({})), "nope", {"paths": []}]),
    );
    assert_eq!(
        docs.iter().map(|d| d.0.as_str()).collect::<Vec<_>>(),
        ["f.json#/0", "f.json#/1", "f.json#/2"]
    );
    let errors = bundle_err(&docs);
    let found: Vec<(&str, &str)> = errors
        .0
        .iter()
        .map(|d| (d.origin.as_str(), d.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("f.json#/1", ""),
            ("f.json#/2", ""),
            ("f.json#/2", ""),
            ("f.json#/2", "/paths")
        ],
        "{errors}"
    );
    assert!(bundle(&[]).is_err());
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let first = to_pretty_json(&bundle(&fragments()).expect("bundles"));
    let second = to_pretty_json(&bundle(&fragments()).expect("bundles"));
    assert_eq!(first, second);
    assert!(
        first.ends_with("}\n") && first.contains("\n  \"openapi\": \"3.1.0\""),
        "2-space pretty JSON"
    );
}

#[test]
fn the_committed_bundle_is_fresh() {
    let expected = to_pretty_json(&bundle(&fragments()).expect("bundles"));
    let committed = read_text(&root().join(BUNDLED));
    assert!(
        committed == expected,
        "{BUNDLED} is stale; run: cargo run -q -p d360-codegen -- bundle {MANAGEMENT} {PARTNER_API} -o {BUNDLED}"
    );
}

// ---------------------------------------------------------------------------------------
// the CLI

#[test]
fn cli_bundles_the_fragments_and_leaves_an_unchanged_output_alone() {
    let out = scratch("fresh").join("partners-v2.json");
    let out_arg = out.to_str().expect("UTF-8 temp path");
    let args = ["bundle", PARTNER_API, MANAGEMENT, "-o", out_arg];
    let first = codegen(&args);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!("bundled 2 files (3 documents): 3 paths, 5 operations, 14 schemas -> {out_arg}")
    );
    assert_eq!(read_text(&out), read_text(&root().join(BUNDLED)));

    // A second process (another hash seed) writes nothing: the bytes are the same.
    let second = codegen(&["bundle", PARTNER_API, MANAGEMENT, "--output", out_arg]);
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr)
        .trim_end()
        .ends_with("(unchanged)"));
}

#[test]
fn cli_conflict_exits_2_with_origins_and_pointers() {
    let out = scratch("conflict").join("out.json");
    let a = "generator/tests/fixtures/bundle/conflict-a.json";
    let b = "generator/tests/fixtures/bundle/conflict-b.json";
    let result = codegen(&["bundle", a, b, "-o", out.to_str().expect("UTF-8 temp path")]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{b}#/0#/components/schemas/PartnerOut: ")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{a}#/components/schemas/PartnerOut")),
        "{stderr}"
    );
    assert!(
        stderr.contains("#/components/schemas/PartnerOut/properties/id/type"),
        "{stderr}"
    );
    assert!(
        stderr.contains("/paths/~1api~1v2~1partners~1{partner_id}/get"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written on error");
}

#[test]
fn cli_input_errors_exit_2_naming_the_file() {
    let dir = scratch("input");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"openapi\": ").expect("write");
    let broken = broken.to_str().expect("UTF-8 temp path");
    let out = dir.join("out.json");
    let result = codegen(&[
        "bundle",
        broken,
        "missing.json",
        "-o",
        out.to_str().expect("UTF-8"),
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(broken) && stderr.contains("missing.json"),
        "{stderr}"
    );
    assert_eq!(
        codegen(&["bundle", MANAGEMENT]).status.code(),
        Some(2),
        "missing -o"
    );
}
