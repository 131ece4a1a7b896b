//! Broken specs: each one is an error that names the JSON pointer and what is wrong, the CLI
//! exits with status 2 and prints the pointer, and nothing panics or overflows the stack.
//!
//! One small file per case under `tests/fixtures/broken/`, named by what is wrong. The table
//! below maps each file to the pointer the error must name and a fragment of its message;
//! `every_fixture_is_in_the_table` keeps the table and the folder in step.
//!
//! The library is called on the test harness's own threads (2 MiB of stack), not on a big
//! one: a caller's thread is what the generator gets.

use d360_codegen::{Config, Errors, Generated, Severity};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the error must point.
#[derive(Clone, Copy, Debug)]
enum At {
    /// Exactly this pointer (`""` is the whole document).
    Exactly(&'static str),
    /// A pointer below this one (the depth at which a limit trips is the generator's choice).
    Below(&'static str),
}

impl At {
    fn matches(self, pointer: &str) -> bool {
        match self {
            At::Exactly(p) => pointer == p,
            At::Below(p) => pointer.starts_with(p) && pointer.len() > p.len(),
        }
    }

    fn shown(self) -> &'static str {
        match self {
            At::Exactly(p) | At::Below(p) => p,
        }
    }
}

/// One broken spec and the error it must produce.
struct Case {
    file: &'static str,
    at: At,
    /// Must occur in the message of the error at `at`.
    fragment: &'static str,
}

macro_rules! broken_specs {
    ($($test:ident: $file:literal => $at:expr, $fragment:literal;)*) => {
        const CASES: &[Case] = &[$(Case { file: $file, at: $at, fragment: $fragment },)*];
        $(
            #[test]
            fn $test() {
                assert_broken(&Case { file: $file, at: $at, fragment: $fragment });
            }
        )*
    };
}

use At::{Below, Exactly};

broken_specs! {
    // Not a document at all.
    zero_bytes: "zero_bytes.json" => Exactly(""), "empty";
    invalid_json_truncated: "invalid_json_truncated.json"
        => Exactly(""), "EOF while parsing an object";
    invalid_json_trailing_comma: "invalid_json_trailing_comma.json"
        => Exactly(""), "trailing comma";
    invalid_yaml_indentation: "invalid_yaml_indentation.yaml"
        => Exactly(""), "invalid YAML at line 4";
    not_utf8: "not_utf8.json" => Exactly(""), "not valid UTF-8";
    schema_duplicate_key: "schema_duplicate_key.json"
        => Exactly("/components/schemas/Widget"), "duplicate key \"Widget\"";

    // Not an OpenAPI 3.x document.
    empty_document: "empty_document.json" => Exactly(""), "missing `openapi`";
    top_level_array: "top_level_array.json" => Exactly(""), "expected an OpenAPI document";
    top_level_string: "top_level_string.json" => Exactly(""), "expected an OpenAPI document";
    swagger_2_document: "swagger_2_document.json" => Exactly(""), "Swagger 2.0";
    openapi_not_a_string: "openapi_not_a_string.json" => Exactly("/openapi"), "expected a string";
    openapi_version_unsupported: "openapi_version_unsupported.json"
        => Exactly("/openapi"), "unsupported OpenAPI version `4.0.0`";
    missing_info: "missing_info.json" => Exactly(""), "missing `info`";
    info_title_not_a_string: "info_title_not_a_string.json"
        => Exactly("/info/title"), "expected a string";
    paths_not_an_object: "paths_not_an_object.json" => Exactly("/paths"), "invalid type: sequence";
    servers_not_an_array: "servers_not_an_array.json" => Exactly("/servers"), "expected a sequence";
    schemas_not_an_object: "schemas_not_an_object.json"
        => Exactly("/components/schemas"), "expected a map";

    // Schemas of the wrong shape.
    properties_not_an_object: "properties_not_an_object.json"
        => Exactly("/components/schemas/Widget/properties"), "expected a map";
    required_not_an_array: "required_not_an_array.json"
        => Exactly("/components/schemas/Widget/required"), "expected an array of property names";
    enum_not_an_array: "enum_not_an_array.json"
        => Exactly("/components/schemas/Colour/enum"), "expected a sequence";
    type_not_a_string: "type_not_a_string.json"
        => Exactly("/components/schemas/Widget/type"), "`type` is the number `7`";
    type_unknown: "type_unknown.json"
        => Exactly("/components/schemas/Widget/properties/id/type"), "unknown type `strng`";
    nested_110_arrays: "nested_110_arrays.json"
        => Below("/components/schemas/Widget/items/items"), "nested deeper than";

    // References.
    ref_dangling: "ref_dangling.json"
        => Exactly("/paths/~1widgets/get/responses/200/content/application~1json/schema/$ref"),
        "points to no schema";
    ref_cycle_self: "ref_cycle_self.json" => Exactly("/components/schemas/Widget"), "cycle";
    ref_cycle_pair: "ref_cycle_pair.json" => Exactly("/components/schemas/Widget"), "cycle";
    allof_cycle: "allof_cycle.json"
        => Exactly("/components/schemas/Widget"), "`allOf` cycle Widget → Gadget → Widget";
    ref_cycle_through_one_of: "ref_cycle_through_one_of.json"
        => Exactly("/components/schemas/Gadget"), "Gadget → Widget → Gadget";
    ref_external_file: "ref_external_file.json"
        => Exactly("/components/schemas/Widget/properties/owner/$ref"),
        "common.json#/components/schemas/Owner";
    ref_external_url: "ref_external_url.json"
        => Exactly("/paths/~1widgets/get/responses/200/content/application~1json/schema/$ref"),
        "https://example.com/schemas/widget.json";
    ref_not_a_string: "ref_not_a_string.json"
        => Exactly("/components/schemas/Widget/properties/owner/$ref"), "expected a string";
    ref_parameter_dangling: "ref_parameter_dangling.json"
        => Exactly("/paths/~1widgets/get/parameters/0/$ref"), "points to no parameter";
    ref_response_dangling: "ref_response_dangling.json"
        => Exactly("/paths/~1widgets/get/responses/404/$ref"), "points to no response";
    ref_request_body_external: "ref_request_body_external.json"
        => Exactly("/paths/~1widgets/post/requestBody/$ref"), "bodies.json#/Widget";
    ref_dangling_property: "ref_dangling_property.json"
        => Exactly("/components/schemas/Widget/properties/owner/$ref"),
        "#/components/schemas/Gadget/properties has no `maker`";
    ref_into_definitions_dangling: "ref_into_definitions_dangling.json"
        => Exactly("/components/schemas/Widget/definitions/owner/properties/team/$ref"),
        "`#/components/schemas/Team` points to no schema";
    ref_cycle_through_properties: "ref_cycle_through_properties.json"
        => Exactly("/components/schemas/Widget/properties/owner"),
        "#/components/schemas/Widget/properties/owner → #/components/schemas/Gadget/properties/maker → #/components/schemas/Widget/properties/owner";
    ref_cycle_through_all_of_property: "ref_cycle_through_all_of_property.json"
        => Exactly("/components/schemas/Gadget/properties/maker"),
        "cycle #/components/schemas/Gadget/properties/maker → #/components/schemas/Gadget/properties/maker";
    ref_schema_to_operation: "ref_schema_to_operation.json"
        => Exactly("/components/schemas/Widget/properties/owner/$ref"),
        "`#/paths/~1widgets/get` points to an operation; expected a schema";

    // Operations.
    path_parameter_without_slot: "path_parameter_without_slot.json"
        => Exactly("/paths/~1widgets/get/parameters/0"), "no `{id}` slot";
    path_slot_without_parameter: "path_slot_without_parameter.json"
        => Exactly("/paths/~1widgets~1{id}/get"), "no path parameter named `id`";
    parameter_without_in: "parameter_without_in.json"
        => Exactly("/paths/~1widgets/get/parameters/0"), "missing field `in`";
    parameter_in_body: "parameter_in_body.json"
        => Exactly("/paths/~1widgets/post/parameters/0"), "unknown variant `body`";
    parameter_duplicate: "parameter_duplicate.json"
        => Exactly("/paths/~1widgets/get/parameters/1"), "duplicate parameter `limit`";
    response_status_not_a_code: "response_status_not_a_code.json"
        => Exactly("/paths/~1widgets/get/responses/okay"), "`okay` is not a response status";
}

/// Valid, however odd: these generate.
const VALID: &[&str] = &["nested_50_levels.json"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken")
}

fn read(file: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(file)).unwrap_or_else(|e| panic!("fixture {file}: {e}"))
}

/// `generate`, with a panic turned into a test failure that names the input.
fn generate_no_panic(bytes: &[u8], origin: &str) -> Result<Generated, Errors> {
    catch_unwind(AssertUnwindSafe(|| {
        d360_codegen::generate(bytes, origin, &Config::default())
    }))
    .unwrap_or_else(|_| panic!("{origin}: the generator panicked"))
}

fn assert_broken(case: &Case) {
    let bytes = read(case.file);
    let errors = match generate_no_panic(&bytes, case.file) {
        Ok(generated) => panic!(
            "{}: generated {} models and {} operations, expected an error at {:?} saying {:?}",
            case.file,
            generated.models,
            generated.operations,
            case.at.shown(),
            case.fragment
        ),
        Err(errors) => errors,
    };
    assert!(
        !errors.is_empty(),
        "{}: Err without a diagnostic",
        case.file
    );
    for d in &errors.0 {
        assert_eq!(d.severity, Severity::Error, "{}: {d}", case.file);
        assert_eq!(d.origin, case.file, "{}: {d}", case.file);
        assert!(
            d.pointer.is_empty() || d.pointer.starts_with('/'),
            "{}: not a JSON pointer: {d}",
            case.file
        );
        assert!(
            !d.message.trim().is_empty(),
            "{}: no message: {d}",
            case.file
        );
    }
    let found = errors
        .0
        .iter()
        .find(|d| case.at.matches(&d.pointer) && d.message.contains(case.fragment));
    let Some(found) = found else {
        panic!(
            "{}: expected an error at {:?} saying {:?}, got:\n{errors}",
            case.file,
            case.at.shown(),
            case.fragment
        );
    };
    assert_cli_fails(case.file, &found.pointer, case.fragment);
}

/// `d360-codegen generate FILE --out DIR` exits with 2, prints the pointer and the message,
/// does not panic and writes nothing.
fn assert_cli_fails(file: &str, pointer: &str, fragment: &str) {
    let spec = fixtures().join(file);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("broken-{file}"));
    let _ = std::fs::remove_dir_all(&out);
    let output = Command::new(env!("CARGO_BIN_EXE_d360-codegen"))
        .arg("generate")
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run d360-codegen");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{file}: CLI exit status; stderr:\n{stderr}"
    );
    let place = format!("{}#{pointer}: ", spec.display());
    let line = stderr
        .lines()
        .find(|l| l.contains(&place) && l.contains(fragment));
    assert!(
        line.is_some_and(|l| l.starts_with("error: ")),
        "{file}: expected a line `error: {place}...{fragment}...` on stderr, got:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    assert!(!out.exists(), "{file}: the CLI wrote {}", out.display());
}

#[test]
fn every_fixture_is_in_the_table() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES
        .iter()
        .map(|c| c.file)
        .chain(VALID.iter().copied())
        .map(str::to_owned)
        .collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(CASES.len() >= 25, "the issue asks for at least 25 cases");
}

#[test]
fn nested_50_levels_generates() {
    for file in VALID {
        let generated = generate_no_panic(&read(file), file)
            .unwrap_or_else(|e| panic!("{file}: expected it to generate, got:\n{e}"));
        // One struct per level, and the leaf string.
        assert_eq!(generated.models, 50, "{file}");
        assert!(generated.code.contains("pub struct Widget"), "{file}");
    }
}

/// Names made of characters that are alphanumeric but cannot stand in an identifier, or
/// cannot start one, become identifiers all the same.
#[test]
fn names_that_are_no_identifiers_generate() {
    for name in [
        "²",
        "a²b",
        "٣x",
        "𝟘",
        "\u{345}",
        "\u{345}\u{345}",
        "größe",
        "",
        "_",
    ] {
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "Names", "version": "1"},
            "paths": {format!("/{name}/{{{name}}}"): {"get": {
                "operationId": name,
                "parameters": [{"name": name, "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}}}
            }}},
            "components": {"schemas": {name: {"type": "object", "properties": {
                name: {"type": "string", "enum": [name]}
            }}}}
        });
        let bytes = serde_json::to_vec(&spec).expect("json");
        let generated = generate_no_panic(&bytes, &format!("names {name:?}"))
            .unwrap_or_else(|e| panic!("{name:?}: expected it to generate, got:\n{e}"));
        assert_eq!(generated.operations, 1, "{name:?}");
        syn::parse_file(&generated.code).unwrap_or_else(|e| panic!("{name:?}: {e}"));
    }
}

/// A document nested `levels` deep at a schema position, with `open` and `close` making one
/// level (`{"items":` and `}`, or `[` and `]`).
fn deep_document(levels: usize, open: &str, close: &str) -> Vec<u8> {
    let mut doc = String::from(
        r#"{"openapi":"3.0.3","info":{"title":"Deep","version":"1"},"paths":{},"components":{"schemas":{"Widget":"#,
    );
    doc.push_str(&open.repeat(levels));
    doc.push_str(r#"{"type":"string"}"#);
    doc.push_str(&close.repeat(levels));
    doc.push_str("}}}");
    doc.into_bytes()
}

/// A depth error names a place in the document and says it is too deep.
fn assert_too_deep(what: &str, bytes: &[u8]) {
    let errors = match generate_no_panic(bytes, what) {
        Ok(_) => panic!("{what}: generated, expected a depth error"),
        Err(errors) => errors,
    };
    assert!(
        errors.0.iter().any(|d| {
            let m = d.message.to_lowercase();
            m.contains("deep") || m.contains("depth") || m.contains("recursion limit")
        }),
        "{what}: expected a depth error, got:\n{errors}"
    );
}

#[test]
fn ten_thousand_nested_objects_are_a_depth_error() {
    let bytes = deep_document(10_000, r#"{"type":"object","properties":{"inner":"#, "}}");
    assert_too_deep("10,000 nested object schemas", &bytes);
}

#[test]
fn ten_thousand_nested_items_are_a_depth_error() {
    let bytes = deep_document(10_000, r#"{"type":"array","items":"#, "}");
    assert_too_deep("10,000 nested array schemas", &bytes);
}

#[test]
fn ten_thousand_nested_json_arrays_are_a_depth_error() {
    let bytes = deep_document(10_000, "[", "]");
    assert_too_deep("10,000 nested JSON arrays", &bytes);
}

#[test]
fn ten_thousand_nested_yaml_levels_are_a_depth_error() {
    // Flow style and block style: both are YAML.
    let flow = format!(
        "openapi: 3.0.3\nx-deep: {}1{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert_too_deep("10,000 nested YAML flow sequences", flow.as_bytes());
    let mut block = String::from("openapi: 3.0.3\nx-deep:\n");
    for level in 1..=10_000 {
        block.push_str(&" ".repeat(level));
        block.push_str("- \n");
    }
    assert_too_deep("10,000 nested YAML block sequences", block.as_bytes());
}

/// `count` component schemas, each an `allOf` of the next one and a property of its own: a
/// chain that is long through references, not through nesting in the text.
fn allof_chain(count: usize) -> Vec<u8> {
    let mut schemas = serde_json::Map::new();
    for i in 0..count {
        schemas.insert(
            format!("Level{i}"),
            serde_json::json!({"allOf": [
                {"$ref": format!("#/components/schemas/Level{}", i + 1)},
                {"type": "object", "properties": {format!("p{i}"): {"type": "string"}}},
            ]}),
        );
    }
    schemas.insert(
        format!("Level{count}"),
        serde_json::json!({"type": "object", "properties": {"leaf": {"type": "string"}}}),
    );
    let doc = serde_json::json!({"openapi": "3.0.3", "info": {"title": "Chain", "version": "1"},
        "paths": {}, "components": {"schemas": schemas}});
    serde_json::to_vec(&doc).expect("json")
}

#[test]
fn ten_thousand_chained_allof_references_are_a_depth_error() {
    assert_too_deep("10,000 chained allOf references", &allof_chain(10_000));
}

#[test]
fn ninety_chained_allof_references_generate() {
    let generated = generate_no_panic(&allof_chain(90), "90 chained allOf references")
        .unwrap_or_else(|e| panic!("expected it to generate, got:\n{e}"));
    assert_eq!(generated.models, 91);
    // The first level has every level's property, and the leaf's.
    let start = generated.code.find("pub struct Level0 ").expect("Level0");
    let level0 = &generated.code[start..];
    let level0 = &level0[..level0.find("\n    }").expect("end of Level0")];
    assert_eq!(level0.matches("pub p").count(), 90, "{level0}");
    assert!(level0.contains("pub leaf:"), "{level0}");
}

/// Every depth from 1 to 130 (past serde's recursion limit of 128) of every kind of nesting
/// the schema model has: an error or code, never a panic or a stack overflow.
#[test]
fn every_depth_up_to_the_limit_is_an_answer() {
    let kinds = [
        (r#"{"type":"object","properties":{"inner":"#, "}}"),
        (r#"{"type":"array","items":"#, "}"),
        (r#"{"type":"object","additionalProperties":"#, "}"),
        (r#"{"allOf":["#, "]}"),
        (r#"{"oneOf":[{"type":"integer"},"#, "]}"),
        (r#"{"not":"#, "}"),
    ];
    for (open, close) in kinds {
        for levels in 1..=130 {
            let bytes = deep_document(levels, open, close);
            let _ = generate_no_panic(&bytes, &format!("{levels} levels of {open}"));
        }
    }
}
