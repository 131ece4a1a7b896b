//! The load stage (read, normalize) and parse errors: one case per 3.1 form and per error,
//! the corpus of real specs, and the limits that keep bad input from crashing the
//! generator.

use d360_codegen::diag::{Diagnostic, Errors, Severity};
use d360_codegen::load;
#[cfg(feature = "yaml")]
use d360_codegen::load::Loaded;
use d360_codegen::parse;
use serde_json::{json, Value};
#[cfg(feature = "yaml")]
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------
// Helpers

/// A minimal valid 3.1 document with `schema` as `components.schemas.S`.
fn doc_with_schema(schema: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1" },
        "paths": {},
        "components": { "schemas": { "S": schema, "Pet": { "type": "object" } } }
    })
}

fn normalize(mut doc: Value) -> Result<(Value, Vec<Diagnostic>), Errors> {
    let mut warnings = Vec::new();
    load::normalize(&mut doc, "test.json", &mut warnings)?;
    Ok((doc, warnings))
}

fn normalized(doc: Value) -> (Value, Vec<Diagnostic>) {
    normalize(doc).unwrap_or_else(|e| panic!("normalize failed:\n{e}"))
}

/// Normalizes `schema` in place of `S`, checks that the result parses, and returns it.
fn schema(schema: Value) -> Value {
    let (doc, _) = normalized(doc_with_schema(schema));
    if let Err(e) = parse::parse(&doc, "test.json") {
        panic!("normalized document does not parse:\n{e}\n{doc:#}");
    }
    doc.pointer("/components/schemas/S")
        .cloned()
        .unwrap_or_default()
}

fn errors(doc: Value) -> Vec<Diagnostic> {
    match normalize(doc) {
        Ok((doc, _)) => panic!("expected errors, normalized to:\n{doc:#}"),
        Err(e) => e.0,
    }
}

/// Asserts one of `diagnostics` is at `pointer` and its message contains every part.
#[track_caller]
fn assert_has(diagnostics: &[Diagnostic], pointer: &str, parts: &[&str]) {
    let found = diagnostics
        .iter()
        .any(|d| d.pointer == pointer && parts.iter().all(|p| d.message.contains(p)));
    assert!(
        found,
        "no diagnostic at {pointer:?} containing {parts:?}; got:\n{}",
        diagnostics
            .iter()
            .map(|d| format!("  {d}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[cfg(feature = "yaml")]
fn read(text: &str) -> Result<Value, Errors> {
    load::read_document(text.as_bytes(), "doc.yaml")
}

fn read_error(bytes: &[u8]) -> Diagnostic {
    match load::read_document(bytes, "bad.json") {
        Ok(v) => panic!("expected an error, read {v}"),
        Err(mut e) => {
            assert_eq!(e.0.len(), 1, "{e}");
            e.0.remove(0)
        }
    }
}

#[cfg(feature = "yaml")]
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load")
        .join(name)
}

#[cfg(feature = "yaml")]
fn load_file(path: &Path) -> Result<Loaded, Errors> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    load::load(&bytes, &path.display().to_string())
}

// ---------------------------------------------------------------------------------------
// read_document

#[test]
fn empty_and_blank_documents_are_errors() {
    for text in ["", "  \n\t\n"] {
        let d = read_error(text.as_bytes());
        assert_eq!(d.origin, "bad.json");
        assert!(d.message.contains("empty"), "{d}");
    }
}

#[test]
fn invalid_utf8_names_the_byte_and_line() {
    let d = read_error(b"{\n  \"a\": \"\xff\"\n}");
    assert!(d.message.contains("not valid UTF-8"), "{d}");
    assert!(d.message.contains("byte 10 (line 2, column 9)"), "{d}");
}

#[test]
fn invalid_json_gives_line_and_column() {
    let d = read_error(b"{\n  \"openapi\": \"3.1.0\",\n  \"info\": }\n}");
    assert!(
        d.message.starts_with("invalid JSON at line 3, column 11"),
        "{d}"
    );
    assert!(d.to_string().contains("bad.json"), "{d}");
}

#[cfg(feature = "yaml")]
#[test]
fn invalid_yaml_gives_line_and_column() {
    let d = read_error(b"openapi: 3.1.0\ninfo:\n  title: [unclosed\n");
    assert!(d.message.starts_with("invalid YAML at line"), "{d}");
    assert!(d.message.contains("column"), "{d}");
}

#[test]
fn top_level_must_be_an_object() {
    let d = read_error(b"[1, 2]");
    assert!(
        d.message
            .contains("the top level is an array (sequence); expected an OpenAPI document"),
        "{d}"
    );
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_top_level_must_be_an_object() {
    for (text, found) in [
        ("just a string", "the string \"just a string\""),
        ("42", "the number `42`"),
    ] {
        let d = read_error(text.as_bytes());
        assert!(d.message.contains(found), "{text}: {d}");
        assert!(
            d.message.contains("expected an OpenAPI document"),
            "{text}: {d}"
        );
    }
    let d = read_error(b"# only a comment\n");
    assert!(d.message.contains("no content"), "{d}");
}

#[test]
fn duplicate_json_keys_are_an_error_at_the_second() {
    let text = "{\"openapi\": \"3.1.0\", \"components\": {\"schemas\": {\n\"A/b\": {}, \"x\": 1,\n\"A/b\": {\"type\": \"string\"}}}}";
    let d = read_error(text.as_bytes());
    assert_eq!(d.pointer, "/components/schemas/A~1b", "{d}");
    assert!(d.message.contains("line 3"), "{d}");
    assert!(d.message.contains("duplicate key \"A/b\""), "{d}");
    // Equal keys in different objects are fine.
    assert!(load::read_document(
        b"{\"a\": {\"k\": 1}, \"b\": {\"k\": [{\"k\": 2}]}}",
        "ok.json"
    )
    .is_ok());
}

#[test]
fn byte_order_mark_is_skipped() {
    let value = load::read_document("\u{feff}{\"openapi\": \"3.1.0\"}".as_bytes(), "bom.json");
    assert_eq!(value.ok(), Some(json!({"openapi": "3.1.0"})));
}

#[test]
fn json_nested_ten_thousand_levels_is_an_error_not_a_crash() {
    let text = "[".repeat(10_000);
    let d = read_error(text.as_bytes());
    assert!(d.message.contains("recursion limit"), "{d}");
    let text = format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let d = read_error(text.as_bytes());
    assert!(d.message.contains("nested deeper than 128"), "{d}");
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_nested_ten_thousand_levels_is_an_error_not_a_crash() {
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&" ".repeat(i));
        text.push_str("a:\n");
    }
    let d = read_error(text.as_bytes());
    assert!(d.message.contains("recursion limit"), "{d}");
    let d = read_error("- ".repeat(10_000).as_bytes());
    assert!(d.message.contains("invalid YAML"), "{d}");
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_scalars_keys_and_tags_convert_like_their_json_twin() {
    let yaml = load_file(&fixture("yaml-scalars.yaml")).map(|l| l.value);
    let json = load_file(&fixture("yaml-scalars.json")).map(|l| l.value);
    let (yaml, json) = (yaml.unwrap_or_default(), json.unwrap_or_default());
    assert!(yaml.is_object());
    assert_eq!(yaml, json);
    let values = yaml
        .pointer("/components/schemas/Numbers/x-values")
        .cloned()
        .unwrap_or_default();
    // Integers stay integers, floats stay floats.
    assert!(values["int"].is_u64());
    assert!(values["negative"].is_i64());
    assert_eq!(values["big"].as_u64(), Some(u64::MAX));
    // Past 64 bits, YAML reads like JSON: the nearest float, not a refusal.
    assert_eq!(
        values["beyond-64-bits"].as_f64(),
        Some(18446744073709552000.0)
    );
    assert_eq!(
        values["below-64-bits"].as_f64(),
        Some(-9223372036854775809.0)
    );
    assert!(values["beyond-128-bits"].is_f64());
    // Merge keys: own keys win, then the merged mappings in order.
    assert_eq!(values["merged-list"]["a"], 1);
    assert_eq!(values["merged-list"]["c"], 4);
    assert!(values["whole-float"].is_f64());
    assert!(yaml.pointer("/paths/~1things/get/responses/200").is_some());
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_nan_and_infinity_are_errors() {
    let e = read("openapi: 3.1.0\nx-a: .nan\nx-b: [-.inf]\n")
        .err()
        .unwrap_or_default();
    assert_has(
        &e.0,
        "/x-a",
        &["not a JSON number", "expected a finite number"],
    );
    assert_has(&e.0, "/x-b/0", &["not a JSON number"]);
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_keys_that_collide_as_strings_are_errors() {
    let e = read("responses:\n  200: a\n  \"200\": b\n")
        .err()
        .unwrap_or_default();
    assert_has(&e.0, "/responses/200", &["duplicate key"]);
    let e = read("? [a, b]\n: c\n").err().unwrap_or_default();
    assert_has(&e.0, "", &["expected a string key"]);
}

#[cfg(not(feature = "yaml"))]
#[test]
fn yaml_without_the_feature_says_which_feature() {
    let d = read_error(b"openapi: 3.1.0\n");
    assert!(d.message.contains("`yaml` feature"), "{d}");
}

// ---------------------------------------------------------------------------------------
// Top level

fn minimal() -> Value {
    json!({ "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": {} })
}

#[test]
fn openapi_version_must_be_3_0_or_3_1() {
    let mut doc = minimal();
    doc["openapi"] = json!("3.2.0");
    assert_has(
        &errors(doc),
        "/openapi",
        &["`3.2.0`", "expected a string `3.0.x` or `3.1.x`"],
    );

    let mut doc = minimal();
    doc["openapi"] = json!(3.1);
    assert_has(
        &errors(doc),
        "/openapi",
        &[
            "is the number `3.1`",
            "expected a string `3.0.x` or `3.1.x`",
        ],
    );

    let mut doc = minimal();
    doc.as_object_mut().map(|m| m.remove("openapi"));
    assert_has(&errors(doc), "", &["missing `openapi`", "expected"]);

    for v in ["3.0.0", "3.0.3", "3.1.0", "3.1.1"] {
        let mut doc = minimal();
        doc["openapi"] = json!(v);
        assert!(normalize(doc).is_ok(), "{v}");
    }
}

#[test]
fn swagger_2_is_not_supported() {
    let doc = json!({ "swagger": "2.0", "info": { "title": "t", "version": "1" }, "paths": {} });
    let e = errors(doc);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_has(&e, "", &["Swagger 2.0", "not supported", "no `openapi`"]);
}

#[test]
fn info_without_version_gets_an_empty_one_with_a_warning() {
    let mut doc = minimal();
    doc["info"] = json!({ "title": "t" });
    let (doc, warnings) = normalized(doc);
    assert_eq!(doc["info"]["version"], json!(""));
    assert_has(&warnings, "/info", &["no `version`"]);
    assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
    assert!(parse::parse(&doc, "t").is_ok());
}

#[test]
fn missing_info_is_an_error() {
    let mut doc = minimal();
    doc.as_object_mut().map(|m| m.remove("info"));
    assert_has(
        &errors(doc),
        "",
        &["missing `info`", "expected an Info object"],
    );
}

#[test]
fn missing_paths_becomes_empty() {
    let mut doc = minimal();
    doc.as_object_mut().map(|m| m.remove("paths"));
    let (doc, warnings) = normalized(doc);
    assert_eq!(doc["paths"], json!({}));
    assert!(warnings.is_empty(), "3.1 allows no paths: {warnings:?}");
    assert!(parse::parse(&doc, "t").is_ok());
}

#[test]
fn operation_without_responses_gets_empty_responses_with_a_warning() {
    let mut doc = minimal();
    doc["paths"] = json!({ "/a": { "get": { "operationId": "a" } } });
    doc["webhooks"] = json!({ "hook": { "post": {} } });
    let (doc, warnings) = normalized(doc);
    assert_eq!(doc["paths"]["/a"]["get"]["responses"], json!({}));
    assert_eq!(doc["webhooks"]["hook"]["post"]["responses"], json!({}));
    assert_has(&warnings, "/paths/~1a/get", &["no `responses`"]);
    assert_has(&warnings, "/webhooks/hook/post", &["no `responses`"]);
    assert!(parse::parse(&doc, "t").is_ok());
}

#[test]
fn response_keys_must_be_statuses() {
    let mut doc = minimal();
    doc["paths"] = json!({ "/a": { "get": { "responses": {
        "200": { "description": "ok" }, "4XX": { "description": "client" }, "5xx": { "description": "server" },
        "default": { "description": "other" }, "x-note": "extension",
        "okay": { "description": "not a status" }, "099": { "description": "too small" }, "2000": { "description": "too long" }
    }}}});
    let e = errors(doc);
    assert_eq!(e.len(), 3, "{e:?}");
    assert_has(
        &e,
        "/paths/~1a/get/responses/okay",
        &[
            "`okay` is not a response status",
            "expected `default`, a code from 100 to 999, or a range like `2XX`",
        ],
    );
    assert_has(&e, "/paths/~1a/get/responses/099", &["`099`"]);
    assert_has(&e, "/paths/~1a/get/responses/2000", &["`2000`"]);
}

#[test]
fn non_standard_component_sections_are_warnings() {
    let mut doc = minimal();
    doc["components"] = json!({ "parameterGroups": {}, "x-ok": {}, "schemas": {} });
    let (_, warnings) = normalized(doc);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_has(
        &warnings,
        "/components/parameterGroups",
        &["not a standard component section"],
    );
}

// ---------------------------------------------------------------------------------------
// Schema rewrites

#[test]
fn type_with_null_becomes_nullable() {
    assert_eq!(
        schema(json!({ "type": ["string", "null"], "maxLength": 3 })),
        json!({ "type": "string", "maxLength": 3, "nullable": true })
    );
    assert_eq!(
        schema(json!({ "type": ["null", "integer"] })),
        json!({ "type": "integer", "nullable": true })
    );
}

#[test]
fn type_with_one_entry_becomes_a_string() {
    assert_eq!(
        schema(json!({ "type": ["object"] })),
        json!({ "type": "object" })
    );
}

#[test]
fn several_types_become_any_of_with_their_keywords() {
    let s = schema(json!({
        "description": "d",
        "type": ["string", "array", "object", "integer", "null"],
        "minLength": 1,
        "format": "date",
        "items": { "type": "string" },
        "properties": { "a": { "type": "string" } },
        "required": ["a"],
        "additionalProperties": false,
        "minimum": 0,
        "enum": ["x", 1, 2.5, ["y"], { "a": "z" }, null]
    }));
    assert_eq!(
        s,
        json!({
            "description": "d",
            "nullable": true,
            "anyOf": [
                { "type": "string", "minLength": 1, "format": "date", "enum": ["x"] },
                { "type": "array", "items": { "type": "string" }, "enum": [["y"]] },
                {
                    "type": "object",
                    "properties": { "a": { "type": "string" } },
                    "required": ["a"],
                    "additionalProperties": false,
                    "enum": [{ "a": "z" }]
                },
                { "type": "integer", "minimum": 0, "enum": [1] }
            ]
        })
    );
}

#[test]
fn several_types_without_enum_keep_every_branch() {
    assert_eq!(
        schema(json!({ "type": ["integer", "boolean"], "format": "int64", "maximum": 9 })),
        json!({ "anyOf": [
            { "type": "integer", "format": "int64", "maximum": 9 },
            { "type": "boolean" }
        ]})
    );
}

#[test]
fn several_types_where_enum_rules_out_all_but_one_collapse() {
    assert_eq!(
        schema(json!({ "type": ["string", "integer"], "enum": ["a", "b"], "maxLength": 1 })),
        json!({ "type": "string", "maxLength": 1, "enum": ["a", "b"] })
    );
}

#[test]
fn keywords_of_no_listed_type_are_dropped_with_a_warning() {
    let (doc, warnings) = normalized(doc_with_schema(
        json!({ "type": ["integer", "boolean"], "maxLength": 2 }),
    ));
    assert_eq!(doc["components"]["schemas"]["S"].get("maxLength"), None);
    assert_has(
        &warnings,
        "/components/schemas/S/maxLength",
        &["applies to none of the types"],
    );
}

#[test]
fn several_types_beside_a_combinator_go_into_all_of() {
    assert_eq!(
        schema(
            json!({ "type": ["string", "integer"], "oneOf": [{ "minLength": 1 }, { "minimum": 1 }] })
        ),
        json!({
            "oneOf": [{ "minLength": 1 }, { "minimum": 1 }],
            "allOf": [{ "anyOf": [{ "type": "string" }, { "type": "integer" }] }]
        })
    );
}

#[test]
fn any_of_with_a_null_branch_and_one_other_becomes_all_of() {
    assert_eq!(
        schema(json!({
            "description": "maybe a pet",
            "anyOf": [{ "$ref": "#/components/schemas/Pet" }, { "type": "null" }]
        })),
        json!({
            "description": "maybe a pet",
            "nullable": true,
            "allOf": [{ "$ref": "#/components/schemas/Pet" }]
        })
    );
}

#[test]
fn one_of_with_a_null_branch_and_several_others_stays_one_of() {
    assert_eq!(
        schema(json!({
            "oneOf": [{ "type": "string" }, { "type": "null", "description": "none" }, { "type": "integer" }]
        })),
        json!({ "oneOf": [{ "type": "string" }, { "type": "integer" }], "nullable": true })
    );
}

#[test]
fn null_branch_joins_an_existing_all_of() {
    assert_eq!(
        schema(
            json!({ "allOf": [{ "type": "object" }], "anyOf": [{ "type": "object", "required": ["a"] }, { "type": ["null"] }] })
        ),
        json!({
            "allOf": [{ "type": "object" }, { "type": "object", "required": ["a"] }],
            "nullable": true
        })
    );
}

#[test]
fn the_settings_shape_is_left_alone() {
    let settings = json!({ "anyOf": [{ "$ref": "#/components/schemas/Pet" }, { "type": "object", "nullable": true }] });
    let (doc, _) = normalized(json!({
        "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "paths": {},
        "components": { "schemas": { "S": settings.clone(), "Pet": { "type": "object" } } }
    }));
    assert_eq!(doc["components"]["schemas"]["S"], settings);
}

#[test]
fn type_null_alone_allows_only_null() {
    assert_eq!(
        schema(json!({ "type": "null", "description": "always null" })),
        json!({ "description": "always null", "nullable": true, "enum": [null] })
    );
}

#[test]
fn const_becomes_a_one_value_enum() {
    assert_eq!(
        schema(json!({ "type": "string", "const": "fixed" })),
        json!({ "type": "string", "enum": ["fixed"] })
    );
}

#[test]
fn schema_examples_become_example() {
    assert_eq!(
        schema(json!({ "type": "integer", "examples": [3, 4] })),
        json!({ "type": "integer", "example": 3 })
    );
    assert_eq!(
        schema(json!({ "type": "integer", "example": 1, "examples": [3] })),
        json!({ "type": "integer", "example": 1 })
    );
}

#[test]
fn media_type_and_parameter_examples_are_left_alone() {
    let examples = json!({ "one": { "value": { "examples": [1] } } });
    let mut doc = minimal();
    doc["paths"] = json!({ "/a": { "get": {
        "parameters": [{ "name": "q", "in": "query", "schema": { "type": "string" }, "examples": examples.clone() }],
        "responses": { "200": { "description": "ok", "content": { "application/json": {
            "schema": { "type": "object" }, "examples": examples.clone()
        }}}}
    }}});
    let (doc, _) = normalized(doc);
    let op = &doc["paths"]["/a"]["get"];
    assert_eq!(op["parameters"][0]["examples"], examples);
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["examples"],
        examples
    );
    assert!(parse::parse(&doc, "t").is_ok());
}

#[test]
fn numeric_exclusive_bounds_become_3_0_booleans() {
    assert_eq!(
        schema(json!({ "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10.5 })),
        json!({ "type": "number", "exclusiveMinimum": true, "minimum": 0, "exclusiveMaximum": true, "maximum": 10.5 })
    );
}

#[test]
fn exclusive_and_inclusive_bounds_keep_the_stricter() {
    // x > 5 and x >= 0: the exclusive bound wins.
    assert_eq!(
        schema(json!({ "type": "integer", "minimum": 0, "exclusiveMinimum": 5 })),
        json!({ "type": "integer", "minimum": 5, "exclusiveMinimum": true })
    );
    // x < 100 and x <= 10: the inclusive bound wins.
    assert_eq!(
        schema(json!({ "type": "integer", "maximum": 10, "exclusiveMaximum": 100 })),
        json!({ "type": "integer", "maximum": 10 })
    );
    // 3.0 form is untouched.
    assert_eq!(
        schema(json!({ "type": "integer", "minimum": 1, "exclusiveMinimum": true })),
        json!({ "type": "integer", "minimum": 1, "exclusiveMinimum": true })
    );
}

#[test]
fn exclusive_bound_of_the_wrong_kind_is_an_error() {
    let e = errors(doc_with_schema(
        json!({ "type": "number", "exclusiveMinimum": "0" }),
    ));
    assert_has(
        &e,
        "/components/schemas/S/exclusiveMinimum",
        &[
            "is the string \"0\"",
            "expected a number (3.1) or a boolean (3.0)",
        ],
    );
}

#[test]
fn content_encoding_and_media_type_become_formats() {
    assert_eq!(
        schema(json!({ "type": "string", "contentEncoding": "base64" })),
        json!({ "type": "string", "contentEncoding": "base64", "format": "byte" })
    );
    assert_eq!(
        schema(json!({ "type": "string", "contentMediaType": "image/png" })),
        json!({ "type": "string", "contentMediaType": "image/png", "format": "binary" })
    );
    assert_eq!(
        schema(json!({ "type": "string", "format": "uri", "contentMediaType": "text/plain" })),
        json!({ "type": "string", "format": "uri", "contentMediaType": "text/plain" })
    );
}

#[test]
fn reference_beside_nullable_is_wrapped_in_all_of() {
    assert_eq!(
        schema(json!({ "$ref": "#/components/schemas/Pet", "nullable": true, "description": "d" })),
        json!({ "allOf": [{ "$ref": "#/components/schemas/Pet" }], "nullable": true, "description": "d" })
    );
}

#[test]
fn boolean_schemas_become_objects() {
    assert_eq!(
        schema(
            json!({ "type": "object", "properties": { "any": true, "none": false }, "additionalProperties": false })
        ),
        json!({ "type": "object", "properties": { "any": {}, "none": { "not": {} } }, "additionalProperties": false })
    );
}

#[test]
fn unknown_type_is_an_error_listing_the_allowed_ones() {
    let e = errors(doc_with_schema(json!({ "type": "strng" })));
    assert_has(
        &e,
        "/components/schemas/S/type",
        &[
            "unknown type `strng`",
            "expected one of string, number, integer, boolean, array, object",
        ],
    );
    let e = errors(doc_with_schema(json!({ "type": 5 })));
    assert_has(
        &e,
        "/components/schemas/S/type",
        &["is the number `5`", "expected one of"],
    );
    let e = errors(doc_with_schema(json!({ "type": ["string", "int", 3] })));
    assert_has(&e, "/components/schemas/S/type/1", &["unknown type `int`"]);
    assert_has(&e, "/components/schemas/S/type/2", &["is the number `3`"]);
    let e = errors(doc_with_schema(json!({ "type": [] })));
    assert_has(&e, "/components/schemas/S/type", &["empty array"]);
}

#[test]
fn required_must_be_an_array_of_strings() {
    let e = errors(doc_with_schema(
        json!({ "type": "object", "required": "a" }),
    ));
    assert_has(
        &e,
        "/components/schemas/S/required",
        &["is the string \"a\"", "expected an array of property names"],
    );
    let e = errors(doc_with_schema(
        json!({ "type": "object", "required": ["a", 1] }),
    ));
    assert_has(
        &e,
        "/components/schemas/S/required/1",
        &["is the number `1`", "expected a string"],
    );
    let e = errors(doc_with_schema(
        json!({ "type": "object", "properties": { "a": { "type": "string", "required": true } } }),
    ));
    assert_has(
        &e,
        "/components/schemas/S/properties/a/required",
        &["Swagger 2.0", "expected an array of property names"],
    );
}

#[test]
fn duplicate_required_names_are_removed_with_a_warning() {
    let (doc, warnings) = normalized(doc_with_schema(
        json!({ "type": "object", "required": ["a", "b", "a", "a"] }),
    ));
    assert_eq!(
        doc["components"]["schemas"]["S"]["required"],
        json!(["a", "b"])
    );
    assert_has(
        &warnings,
        "/components/schemas/S/required",
        &["`a`", "more than once"],
    );
}

#[test]
fn number_example_of_a_string_or_string_enum_is_a_warning() {
    let (doc, warnings) = normalized(doc_with_schema(
        json!({ "type": "string", "enum": ["1", "2"], "example": 1 }),
    ));
    assert_eq!(doc["components"]["schemas"]["S"]["example"], json!(1));
    assert_has(
        &warnings,
        "/components/schemas/S/example",
        &["example `1`", "not one of the enum's strings"],
    );
    let (_, warnings) = normalized(doc_with_schema(
        json!({ "type": "string", "example": 37.48 }),
    ));
    assert_has(
        &warnings,
        "/components/schemas/S/example",
        &["example `37.48`", "not a string"],
    );
    let (_, warnings) = normalized(doc_with_schema(
        json!({ "type": "number", "example": 37.48 }),
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn nullable_in_a_3_1_document_is_accepted_with_a_warning() {
    let (doc, warnings) = normalized(doc_with_schema(
        json!({ "type": "string", "nullable": true }),
    ));
    assert_eq!(
        doc["components"]["schemas"]["S"],
        json!({ "type": "string", "nullable": true })
    );
    assert_has(
        &warnings,
        "/components/schemas/S/nullable",
        &["3.0 keyword"],
    );
}

#[test]
fn nullable_in_a_3_1_document_is_reported_once() {
    let mut doc = doc_with_schema(json!({ "type": "string", "nullable": true }));
    doc["components"]["schemas"]["T"] = json!({ "type": "integer", "nullable": true });
    let (_, warnings) = normalized(doc);
    let nullable: Vec<_> = warnings
        .iter()
        .filter(|w| w.message.contains("`nullable`"))
        .collect();
    assert_eq!(nullable.len(), 1, "{warnings:?}");
}

#[test]
fn a_3_0_document_goes_through_unchanged() {
    let doc = json!({
        "openapi": "3.0.3", "info": { "title": "t", "version": "1" },
        "paths": { "/a": { "get": { "responses": { "200": { "description": "ok", "content": {
            "application/json": { "schema": { "type": "object", "nullable": true, "required": ["a"],
                "properties": { "a": { "type": "integer", "minimum": 1, "exclusiveMinimum": true } } } } } } } } } }
    });
    let (after, warnings) = normalized(doc.clone());
    assert_eq!(after, doc);
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// The same 3.1 form in every schema position the brief lists: all of them get rewritten.
#[test]
fn every_schema_position_is_normalized() {
    let s = || json!({ "type": ["string", "null"] });
    let content = || json!({ "application/json": { "schema": s() } });
    let param = || json!({ "name": "p", "in": "query", "schema": s() });
    let operation = || {
        json!({
            "parameters": [param(), { "name": "c", "in": "query", "content": content() }],
            "requestBody": { "content": content() },
            "responses": { "200": {
                "description": "ok",
                "headers": { "h": { "schema": s() }, "hc": { "content": content() } },
                "content": content()
            }},
            "callbacks": { "cb": { "{$request.body#/url}": { "post": {
                "requestBody": { "content": content() }, "responses": {}
            }}}}
        })
    };
    let nested = json!({
        "type": "object",
        "properties": { "p": s() },
        "items": s(),
        "additionalProperties": s(),
        "allOf": [s()], "anyOf": [s(), { "type": "integer" }], "oneOf": [s(), { "type": "integer" }],
        "not": s()
    });
    let doc = json!({
        "openapi": "3.1.0", "info": { "title": "t", "version": "1" },
        "paths": { "/a": { "parameters": [param()], "get": operation() } },
        "webhooks": { "w": { "post": operation() } },
        "components": {
            "schemas": { "S": s(), "N": nested },
            "parameters": { "P": param() },
            "responses": { "R": { "description": "r", "content": content() } },
            "requestBodies": { "B": { "content": content() } },
            "headers": { "H": { "schema": s() } },
            "pathItems": { "I": { "get": operation() } }
        }
    });
    let (doc, _) = normalized(doc);
    let mut count = 0;
    let mut stack = vec![&doc];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                assert_ne!(m.get("type"), Some(&s()["type"]), "left as 3.1: {v}");
                if m.get("type") == Some(&json!("string"))
                    && m.get("nullable") == Some(&json!(true))
                {
                    count += 1;
                }
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    // 3 operations × 7 positions, 1 path-level parameter, 5 component positions and
    // 7 positions inside a schema.
    assert_eq!(count, 3 * 7 + 1 + 5 + 7);
    if let Err(e) = parse::parse(&doc, "t") {
        panic!("{e}");
    }
}

#[test]
fn extensions_and_example_data_are_not_schemas() {
    let mut doc = minimal();
    doc["x-data"] = json!({ "type": ["a", "b"], "$ref": "nowhere.json" });
    doc["components"] = json!({ "schemas": { "S": {
        "type": "object",
        "example": { "type": "weird", "$ref": "#/nowhere" },
        "x-meta": { "type": 5 },
        "properties": { "type": { "type": "string" }, "$ref": { "type": "string" } }
    }}});
    let (after, _) = normalized(doc.clone());
    assert_eq!(after, doc);
}

// ---------------------------------------------------------------------------------------
// References

fn doc_with_schemas(schemas: Value) -> Value {
    let mut doc = minimal();
    doc["components"] = json!({ "schemas": schemas });
    doc
}

#[test]
fn unresolved_local_reference_is_an_error_naming_the_target() {
    let mut doc = doc_with_schemas(
        json!({ "A": { "type": "object", "properties": { "b": { "$ref": "#/components/schemas/Missing" } } } }),
    );
    doc["paths"] = json!({ "/a": { "get": { "responses": { "200": { "$ref": "#/components/responses/Nope" } } } } });
    let e = errors(doc);
    assert_has(
        &e,
        "/components/schemas/A/properties/b/$ref",
        &[
            "`#/components/schemas/Missing` points to no schema",
            "#/components/schemas has no `Missing`",
        ],
    );
    assert_has(
        &e,
        "/paths/~1a/get/responses/200/$ref",
        &[
            "`#/components/responses/Nope` points to no response",
            "#/components has no `responses`",
        ],
    );
}

#[test]
fn a_referenced_definition_is_checked_and_normalized_and_an_unreferenced_one_is_left_alone() {
    let doc = doc_with_schemas(json!({
        "S": {
            "type": "object",
            "properties": { "a": { "$ref": "#/components/schemas/S/$defs/A" } },
            "$defs": {
                "A": { "type": ["string", "null"], "examples": ["x"] },
                "Draft": { "type": { "not": "a schema" } }
            }
        }
    }));
    let (doc, _) = normalized(doc);
    assert_eq!(
        doc.pointer("/components/schemas/S/$defs/A"),
        Some(&json!({ "type": "string", "nullable": true, "example": "x" }))
    );
    assert_eq!(
        doc.pointer("/components/schemas/S/$defs/Draft"),
        Some(&json!({ "type": { "not": "a schema" } }))
    );
    parse::parse(&doc, "test.json").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn what_a_reference_points_to_outside_the_walk_is_checked_as_what_it_is() {
    let mut doc = doc_with_schemas(json!({
        "S": { "type": "object", "properties": {
            "a": { "$ref": "#/x-shared/Thing" },
            "b": { "$ref": "#/components/schemas/S/definitions/B" } },
            "definitions": { "B": { "type": 7 } } }
    }));
    doc["x-shared"] = json!({ "Thing": { "type": "object", "properties": {
        "c": { "$ref": "#/components/schemas/Nowhere" } } } });
    let e = errors(doc);
    assert_has(
        &e,
        "/x-shared/Thing/properties/c/$ref",
        &["`#/components/schemas/Nowhere` points to no schema"],
    );
    assert_has(
        &e,
        "/components/schemas/S/definitions/B/type",
        &["`type` is the number `7`"],
    );
    assert_eq!(e.len(), 2, "{e:?}");
}

#[test]
fn dangling_reference_names_the_kind_it_should_point_to() {
    let mut doc = minimal();
    doc["paths"] = json!({ "/a": { "post": {
        "parameters": [{ "$ref": "#/components/parameters/P" }],
        "requestBody": { "$ref": "#/components/requestBodies/B" },
        "responses": { "200": { "description": "ok", "headers": { "h": { "$ref": "#/components/headers/H" } } } }
    }}});
    let e = errors(doc);
    assert_has(
        &e,
        "/paths/~1a/post/parameters/0/$ref",
        &["points to no parameter"],
    );
    assert_has(
        &e,
        "/paths/~1a/post/requestBody/$ref",
        &["points to no request body"],
    );
    assert_has(
        &e,
        "/paths/~1a/post/responses/200/headers/h/$ref",
        &["points to no header"],
    );
}

#[test]
fn references_to_other_documents_are_errors() {
    let e = errors(doc_with_schemas(
        json!({ "A": { "$ref": "other.json#/components/schemas/A" }, "B": { "$ref": "https://example.com/s.json" } }),
    ));
    assert_has(
        &e,
        "/components/schemas/A/$ref",
        &[
            "other.json#/components/schemas/A",
            "references to other documents are not supported; bundle first",
        ],
    );
    assert_has(&e, "/components/schemas/B/$ref", &["bundle first"]);
}

#[test]
fn reference_fragments_are_pointers() {
    let e = errors(doc_with_schemas(
        json!({ "A": { "$ref": "#Pet" }, "B": { "$ref": 7 } }),
    ));
    assert_has(
        &e,
        "/components/schemas/A/$ref",
        &["plain-name fragment", "expected a JSON pointer"],
    );
    assert_has(
        &e,
        "/components/schemas/B/$ref",
        &["is the number `7`", "expected a string"],
    );
}

#[test]
fn percent_encoded_and_escaped_references_resolve() {
    let mut doc = doc_with_schemas(json!({
        "A": { "$ref": "#/paths/~1pets~1%7Bid%7D/get/responses/200/content/application~1json/schema" },
        "B b": { "type": "string" },
        "C": { "$ref": "#/components/schemas/B%20b" }
    }));
    doc["paths"] = json!({ "/pets/{id}": { "get": { "responses": { "200": { "description": "ok",
        "content": { "application/json": { "schema": { "type": "string" } } } } } } } });
    assert!(normalize(doc).is_ok());
}

#[test]
fn reference_cycles_are_errors() {
    let e = errors(doc_with_schemas(json!({
        "A": { "$ref": "#/components/schemas/B" },
        "B": { "$ref": "#/components/schemas/A" },
        "C": { "$ref": "#/components/schemas/C" },
        "D": { "$ref": "#/components/schemas/A" }
    })));
    assert_eq!(e.len(), 2, "{e:?}");
    assert_has(
        &e,
        "/components/schemas/A",
        &[
            "reference cycle",
            "#/components/schemas/A → #/components/schemas/B → #/components/schemas/A",
        ],
    );
    assert_has(&e, "/components/schemas/C", &["reference cycle"]);
}

#[test]
fn cycle_reached_from_outside_is_reported_once() {
    let e = errors(doc_with_schemas(json!({
        "D": { "$ref": "#/components/schemas/A" },
        "A": { "$ref": "#/components/schemas/B" },
        "B": { "$ref": "#/components/schemas/A" }
    })));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_has(&e, "/components/schemas/A", &["reference cycle"]);
}

/// 20,000 schemas, each a plain reference to the next: each is followed once (the chain
/// was searched at every step).
#[test]
fn twenty_thousand_chained_references_are_followed_once() {
    const N: usize = 20_000;
    let chain = |last: Value| {
        let mut schemas = serde_json::Map::new();
        for i in 0..N {
            schemas.insert(
                format!("S{i}"),
                json!({ "$ref": format!("#/components/schemas/S{}", i + 1) }),
            );
        }
        schemas.insert(format!("S{N}"), last);
        doc_with_schemas(Value::Object(schemas))
    };
    assert!(normalize(chain(json!({ "type": "string" }))).is_ok());
    let e = errors(chain(json!({ "$ref": "#/components/schemas/S0" })));
    assert_eq!(e.len(), 1, "{:?}", e.first());
    assert_has(
        &e,
        "/components/schemas/S0",
        &[
            "reference cycle",
            "#/components/schemas/S20000 → #/components/schemas/S0",
        ],
    );
}

#[test]
fn recursive_schemas_through_properties_are_fine() {
    let doc = doc_with_schemas(json!({
        "Node": { "type": "object", "properties": {
            "next": { "$ref": "#/components/schemas/Node" },
            "children": { "type": "array", "items": { "$ref": "#/components/schemas/Node" } }
        }},
        "Alias": { "$ref": "#/components/schemas/Node" }
    }));
    let (doc, _) = normalized(doc);
    assert!(parse::parse(&doc, "t").is_ok());
}

// ---------------------------------------------------------------------------------------
// All errors together

#[test]
fn errors_are_collected_not_stopped_at_the_first() {
    let mut doc = doc_with_schemas(json!({
        "A": { "type": "text" },
        "B": { "type": "object", "required": "x" },
        "C": { "$ref": "#/components/schemas/Nope" }
    }));
    doc["openapi"] = json!("3.9.0");
    let e = errors(doc);
    assert_eq!(e.len(), 4, "{e:?}");
    assert!(e
        .iter()
        .all(|d| d.origin == "test.json" && d.severity == Severity::Error));
}

// ---------------------------------------------------------------------------------------
// Depth limits

fn nested_properties(levels: usize) -> Value {
    let mut s = json!({ "type": "string" });
    for _ in 0..levels {
        s = json!({ "type": "object", "properties": { "a": s } });
    }
    s
}

#[test]
fn fifty_level_nested_schema_loads_and_parses() {
    let text = doc_with_schema(nested_properties(50)).to_string();
    let loaded = load::load(text.as_bytes(), "deep.json").unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = parse::parse(&loaded.value, "deep.json") {
        panic!("{e}");
    }
}

#[test]
fn schemas_nested_past_the_limit_are_an_error() {
    let mut s = json!({ "type": "string" });
    for _ in 0..load::MAX_SCHEMA_DEPTH + 5 {
        s = json!({ "type": "array", "items": s });
    }
    let text = doc_with_schema(s).to_string();
    let e = load::load(text.as_bytes(), "deep.json")
        .err()
        .unwrap_or_default();
    assert_eq!(e.0.len(), 1, "{e}");
    let d = e.0.first().cloned().unwrap_or_else(|| panic!("no error"));
    assert!(d.message.contains("nested deeper than 64 schemas"), "{d}");
    assert_eq!(d.pointer.matches("/items").count(), load::MAX_SCHEMA_DEPTH);
}

/// Every kind of schema nesting, at every depth up to past the limit: load and parse answer
/// (on a test thread's small stack), with a depth error only past the limit.
#[test]
fn every_schema_nesting_up_to_the_limit_parses() {
    let kinds = [
        (r#"{"type":"object","properties":{"inner":"#, "}}"),
        (r#"{"type":"array","items":"#, "}"),
        (r#"{"type":"object","additionalProperties":"#, "}"),
        (r#"{"allOf":["#, "]}"),
        (r#"{"oneOf":[{"type":"integer"},"#, "]}"),
        (r#"{"anyOf":[{"type":"null"},"#, "]}"),
        (r#"{"not":"#, "}"),
    ];
    for (open, close) in kinds {
        for levels in [
            1,
            10,
            40,
            load::MAX_SCHEMA_DEPTH - 1,
            load::MAX_SCHEMA_DEPTH + 1,
            70,
        ] {
            let text = format!(
                r#"{{"openapi":"3.1.0","info":{{"title":"t","version":"1"}},"components":{{"schemas":{{"S":{}{{"type":["string","null"]}}{}}}}}}}"#,
                open.repeat(levels),
                close.repeat(levels)
            );
            let result = load::load(text.as_bytes(), "deep.json")
                .and_then(|l| parse::parse(&l.value, "deep.json").map(|_| ()));
            // `properties`, `allOf`... cost two JSON levels per schema, so the reader's
            // limit (128) trips before the schema limit; the others reach the latter.
            let one_json_level = !open.contains('[') && !open.contains("properties\":{");
            match result {
                Ok(()) => assert!(levels < load::MAX_SCHEMA_DEPTH, "{levels} of {open}"),
                Err(e) => {
                    let text = e.to_string();
                    assert!(
                        text.contains("nested deeper than"),
                        "{levels} of {open}: {e}"
                    );
                    assert!(
                        levels >= load::MAX_SCHEMA_DEPTH || !one_json_level,
                        "{levels} of {open}: {e}"
                    );
                }
            }
        }
    }
}

#[test]
fn parse_refuses_values_built_too_deep() {
    let mut v = json!("leaf");
    for _ in 0..1_000 {
        v = json!([v]);
    }
    let mut doc = minimal();
    doc["x-deep"] = v;
    let e = parse::parse(&doc, "deep.json").err().unwrap_or_default();
    assert_has(
        &e.0,
        &format!("/x-deep{}", "/0".repeat(parse::MAX_VALUE_DEPTH)),
        &["nested deeper than 128"],
    );
    // Dropping a value this deep recurses too; keep it within the test's stack.
    let mut v = doc["x-deep"].take();
    while let Value::Array(mut a) = v {
        v = a.pop().unwrap_or_default();
    }
}

/// Just under the value limit, `openapiv3` (which needs tens of KiB of stack per schema
/// level) still parses, on a test thread's small stack.
#[test]
fn parse_handles_the_deepest_value_it_accepts() {
    let mut s = json!({ "type": "string" });
    for _ in 0..parse::MAX_VALUE_DEPTH - 6 {
        s = json!({ "not": s });
    }
    let doc = doc_with_schema(s);
    if let Err(e) = parse::parse(&doc, "deep.json") {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------
// Parse errors

fn parse_error(doc: Value) -> Diagnostic {
    let (doc, _) = normalized(doc);
    match parse::parse(&doc, "p.json") {
        Ok(_) => panic!("expected a parse error"),
        Err(mut e) => {
            assert_eq!(e.0.len(), 1, "{e}");
            e.0.remove(0)
        }
    }
}

#[test]
fn parse_error_inside_a_path_names_the_response() {
    let mut doc = minimal();
    doc["paths"] = json!({ "/pets": { "get": { "responses": { "200": { "content": {} } } } } });
    let d = parse_error(doc);
    assert_eq!(d.pointer, "/paths/~1pets/get/responses/200", "{d}");
    assert!(d.message.contains("missing field `description`"), "{d}");
}

#[test]
fn parse_error_inside_a_schema_names_the_field() {
    let d = parse_error(doc_with_schema(json!({ "type": "object", "properties": {
        "a": { "type": "array", "items": { "type": "string", "minLength": "three" } }
    }})));
    assert_eq!(
        d.pointer, "/components/schemas/S/properties/a/items/minLength",
        "{d}"
    );
    assert!(d.message.contains("expected usize"), "{d}");
}

#[test]
fn parse_error_in_a_parameter_names_the_parameter() {
    let mut doc = minimal();
    doc["paths"] = json!({ "/a": { "get": { "parameters": [
        { "name": "ok", "in": "query", "schema": { "type": "string" } },
        { "name": "b", "in": "body", "schema": { "type": "string" } }
    ], "responses": {} } } });
    let d = parse_error(doc);
    assert_eq!(d.pointer, "/paths/~1a/get/parameters/1", "{d}");
    assert!(d.message.contains("unknown variant `body`"), "{d}");
    assert!(d.message.contains("expected one of"), "{d}");
}

#[test]
fn parse_error_at_a_plain_field_uses_the_serde_path() {
    let mut doc = minimal();
    // A list: a number would be read as its text (with a warning).
    doc["info"]["title"] = json!([5]);
    let d = parse_error(doc);
    assert_eq!(d.pointer, "/info/title", "{d}");
    assert!(d.message.contains("expected a string"), "{d}");
}

#[test]
fn parse_error_in_a_header_of_a_component_response() {
    let mut doc = minimal();
    doc["components"] = json!({ "responses": { "R": { "description": "r", "headers": {
        "X-Rate": { "schema": { "type": "integer", "readOnly": "yes" } }
    }}}});
    let d = parse_error(doc);
    assert_eq!(
        d.pointer, "/components/responses/R/headers/X-Rate/schema/readOnly",
        "{d}"
    );
    assert!(d.message.contains("expected a boolean"), "{d}");
}

// ---------------------------------------------------------------------------------------
// Text fields written as other values

#[test]
fn text_fields_that_are_not_strings_are_read_as_text_or_dropped_with_a_warning() {
    let mut doc = doc_with_schema(json!({
        "type": "string",
        "pattern": 0,
        "description": ["a", "list"],
        "title": true,
    }));
    doc["info"]["description"] = json!({"not": "text"});
    doc["info"]["title"] = json!(42);
    doc["info"]["title"] = json!(42);
    doc["tags"] = json!([{"name": "t", "description": 12}]);
    doc["paths"] = json!({"/x": {"get": {
        "summary": 3.5,
        "parameters": [{"name": "q", "in": "query", "description": null, "schema": {"type": "string"}}],
        "responses": {"200": {"description": 200}}
    }}});
    let (doc, warnings) = normalized(doc);
    let s = "/components/schemas/S";
    assert_eq!(doc.pointer(&format!("{s}/pattern")), Some(&json!("0")));
    assert_eq!(doc.pointer(&format!("{s}/title")), Some(&json!("true")));
    assert_eq!(doc.pointer(&format!("{s}/description")), None);
    assert_eq!(doc.pointer("/info/description"), None);
    assert_eq!(doc.pointer("/info/title"), Some(&json!("42")));
    assert_eq!(doc.pointer("/info/title"), Some(&json!("42")));
    assert_eq!(doc.pointer("/tags/0/description"), Some(&json!("12")));
    assert_eq!(doc.pointer("/paths/~1x/get/summary"), Some(&json!("3.5")));
    assert_eq!(
        doc.pointer("/paths/~1x/get/responses/200/description"),
        Some(&json!("200"))
    );
    assert_has(
        &warnings,
        &format!("{s}/pattern"),
        &["the number `0`", "\"0\""],
    );
    assert_has(
        &warnings,
        &format!("{s}/description"),
        &["an array", "ignored"],
    );
    assert_has(&warnings, "/info/description", &["an object", "ignored"]);
    assert_has(
        &warnings,
        "/paths/~1x/get/parameters/0/description",
        &["null"],
    );
    assert!(parse::parse(&doc, "test.json").is_ok());
    // A property called `description` is a schema, not a text field.
    let s = schema(json!({"type": "object", "properties": {"description": {"type": "integer"}}}));
    assert_eq!(s["properties"]["description"], json!({"type": "integer"}));
}
