//! The configuration's settings: every unknown key and bad value is an error naming its JSON
//! pointer in the config file; a derive that cannot hold for a generated type is an error
//! naming the entry and the field, never code that does not compile; the builder's methods
//! set what the file sets.

use d360_codegen::config::FormatType;
use d360_codegen::{Builder, Config, Errors};
use std::path::Path;

fn read_config(text: &str) -> Result<Config, Errors> {
    Config::from_json(text.as_bytes(), "codegen.json")
}

/// The errors' (origin, pointer) pairs, and their messages joined.
fn places(errors: &Errors) -> (Vec<(String, String)>, String) {
    let places = errors
        .0
        .iter()
        .map(|d| (d.origin.clone(), d.pointer.clone()))
        .collect();
    let messages: Vec<String> = errors.0.iter().map(|d| d.message.clone()).collect();
    (places, messages.join("\n"))
}

fn pointers(errors: &Errors) -> Vec<&str> {
    errors.0.iter().map(|d| d.pointer.as_str()).collect()
}

#[test]
fn every_setting_reads() {
    let config = read_config(
        r##"{
            "$comment": "all of them",
            "operation_names": {"listPets": "pets"},
            "formats": {"date-time": "jiff", "date": "string", "uuid": "uuid", "url": "url",
                        "uri": "url", "byte": "base64", "email": "string", "hostname": "string"},
            "replace": {"Money": "my_crate::Money", "#/components/schemas/Id": "::ids::Id"},
            "derives": {"*": ["Eq", "std::hash::Hash"], "Pet": ["schemars::JsonSchema"]},
            "attributes": {"Pet": ["must_use", "cfg_attr(feature = \"x\", derive(Y), allow(z::w))"]}
        }"##,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.formats["date-time"], FormatType::Jiff);
    assert_eq!(config.formats["date"], FormatType::String);
    assert_eq!(config.replace["Money"], "my_crate::Money");
    assert_eq!(config.derives["*"], ["Eq", "std::hash::Hash"]);
    assert_eq!(config.attributes["Pet"].len(), 2);
    assert_eq!(config.runtime_features(), ["base64", "jiff", "url", "uuid"]);
    assert_eq!(config.origin, "codegen.json");
}

#[test]
fn unknown_keys_and_bad_values_name_their_pointer() {
    let errors = read_config(
        r#"{
            "format": {},
            "formats": {"uuid": "url", "date-time": "chrono-ish", "url": 3, "email": "uuid"},
            "replace": {"Money": "not a path", "Id": "a::<T>", "X": "a::"},
            "derives": {"*": "Eq", "Pet": ["Eq", 1, "Ha sh"]},
            "attributes": {"Pet": ["doc = \"x\"", "serde(x[0])", "cfg_attr(x", 7], "*": {}}
        }"#,
    )
    .expect_err("bad config");
    let (places, messages) = places(&errors);
    assert!(places.iter().all(|(origin, _)| origin == "codegen.json"));
    let mut found = pointers(&errors);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "/attributes/*",
            "/attributes/Pet/0",
            "/attributes/Pet/1",
            "/attributes/Pet/2",
            "/attributes/Pet/3",
            "/derives/*",
            "/derives/Pet/1",
            "/derives/Pet/2",
            "/format",
            "/formats/date-time",
            "/formats/email",
            "/formats/url",
            "/formats/uuid",
            "/replace/Id",
            "/replace/Money",
            "/replace/X",
        ],
        "{messages}"
    );
    for expected in [
        "unknown setting `format`: expected `operation_names`, `formats`",
        "`url` is no choice for format `uuid`: expected `string` or `uuid`",
        "unknown format choice `chrono-ish`: expected `string` or `jiff`",
        "`uuid` is no choice for format `email`: expected `string`",
        "`not a path` is not a Rust type path",
        "`Ha sh` is not a derive path",
        "`[` groups are not supported",
    ] {
        assert!(
            messages.contains(expected),
            "missing {expected:?} in:\n{messages}"
        );
    }
}

/// A small spec: `Price` has an `f64`, `Order` holds a `Price`, `Tag` is all text and
/// `Status` is an enum; `Event` has a required typed field.
const SPEC: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Shop", "version": "1"},
  "paths": {},
  "components": {"schemas": {
    "Price": {"type": "object", "properties": {"amount": {"type": "number"}}},
    "Order": {"type": "object", "properties": {"price": {"$ref": "#/components/schemas/Price"},
                                                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}}},
    "Tag": {"type": "object", "properties": {"name": {"type": "string"}}},
    "Status": {"type": "string", "enum": ["open", "closed"]},
    "Event": {"type": "object", "required": ["at"],
              "properties": {"at": {"type": "string", "format": "date-time"}}}
  }}
}"##;

fn generate(config: &str) -> Result<d360_codegen::Generated, Errors> {
    let config = read_config(config).unwrap_or_else(|e| panic!("{e}"));
    d360_codegen::generate(SPEC.as_bytes(), "shop.json", &config)
}

fn generate_err(config: &str) -> (Vec<String>, String) {
    let errors = generate(config).map(|g| g.code).expect_err("an error");
    let (places, messages) = places(&errors);
    assert!(
        places.iter().all(|(origin, _)| origin == "codegen.json"),
        "{places:?}"
    );
    (places.into_iter().map(|(_, p)| p).collect(), messages)
}

#[test]
fn eq_on_an_f64_is_an_error_naming_the_field_directly_or_through_another_type() {
    let (pointers, messages) = generate_err(r#"{"derives": {"*": ["Eq"]}}"#);
    assert_eq!(pointers, ["/derives/*/0", "/derives/*/0"], "{messages}");
    assert!(
        messages.contains("`Eq` cannot be derived for `Price` (#/components/schemas/Price): field `amount` is `f64`, which is not `Eq`"),
        "{messages}"
    );
    assert!(
        messages.contains("`Eq` cannot be derived for `Order` (#/components/schemas/Order): field `price` is `Price`, whose field `amount` is `f64`"),
        "{messages}"
    );
    // Asked for one type only: the other type it holds does not derive it.
    let (pointers, messages) = generate_err(r#"{"derives": {"Order": ["std::cmp::Eq"]}}"#);
    assert_eq!(pointers, ["/derives/Order/0"]);
    assert!(
        messages.contains("field `price` is `Price`, which does not derive `Eq`"),
        "{messages}"
    );
    // Hash: the same rule.
    let (pointers, _) = generate_err(r#"{"derives": {"Price": ["Hash"]}}"#);
    assert_eq!(pointers, ["/derives/Price/0"]);
}

#[test]
fn other_derives_that_cannot_hold_are_errors() {
    let (_, messages) = generate_err(r#"{"derives": {"Tag": ["Ord"]}}"#);
    assert!(
        messages.contains("field `additional_properties` is `rt::Object`"),
        "{messages}"
    );
    let (_, messages) = generate_err(r#"{"derives": {"Status": ["Default"]}}"#);
    assert!(
        messages.contains("an open enum has no default value"),
        "{messages}"
    );
    let (_, messages) =
        generate_err(r#"{"formats": {"date-time": "jiff"}, "derives": {"Event": ["Default"]}}"#);
    assert!(
        messages.contains("field `at` is `rt::Formatted`"),
        "{messages}"
    );
    let (_, messages) = generate_err(r#"{"derives": {"Tag": ["Copy"]}}"#);
    assert!(
        messages.contains("`Copy` cannot be derived for `Tag`"),
        "{messages}"
    );
    let (pointers, messages) =
        generate_err(r#"{"derives": {"Nope": ["Eq"]}, "attributes": {"Nope2": ["must_use"]}}"#);
    assert_eq!(pointers, ["/derives/Nope", "/attributes/Nope2"]);
    assert!(messages.contains("no generated type `Nope`"), "{messages}");
    let (pointers, messages) = generate_err(r#"{"replace": {"Missing": "x::Y"}}"#);
    assert_eq!(pointers, ["/replace/Missing"]);
    assert!(messages.contains("no schema `Missing`"), "{messages}");
}

#[test]
fn derives_that_hold_are_added_once() {
    let generated = generate(
        r#"{"derives": {"Tag": ["Eq", "Hash", "Default", "Clone"], "Status": ["Hash"], "Order": ["Default"]},
            "attributes": {"Tag": ["doc(alias = \"label\")"]}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let code = &generated.code;
    // A struct without required fields derives `Clone` and has a `Default` already (written
    // out); the enum has `Hash` already (from the runtime's macro).
    assert!(code.contains("    #[derive(Clone, PartialEq)]\n    #[derive(Eq, Hash)]\n    #[doc(alias = \"label\")]\n    #[non_exhaustive]\n    pub struct Tag"), "{code}");
    assert_eq!(code.matches("#[derive(Eq, Hash)]").count(), 1);
    assert!(!code.contains("#[derive(Hash)]"));
    assert!(!code.contains("#[derive(Default)]"));
    assert_eq!(code.matches("impl Default for Tag {").count(), 1);
}

#[test]
fn builder_methods_set_what_the_file_sets() {
    let dir = std::env::temp_dir().join(format!("d360-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("shop.json");
    std::fs::write(&spec, SPEC).expect("write spec");
    let file = dir.join("codegen.json");
    std::fs::write(
        &file,
        r#"{"formats": {"date-time": "jiff"}, "replace": {"Tag": "crate::Tag"},
            "derives": {"Tag2": []}, "attributes": {"Event": ["doc(hidden)"]}}"#,
    )
    .expect("write config");
    let from_file = Builder::new(&spec).config_file(&file);
    let errors = from_file
        .generate()
        .map(|g| g.code)
        .expect_err("no type `Tag2`");
    assert_eq!(errors.0[0].origin, file.display().to_string());
    assert_eq!(errors.0[0].pointer, "/derives/Tag2");

    let in_code = Builder::new(&spec)
        .format("date-time", FormatType::Jiff)
        .replace("Tag", "crate::Tag")
        .attribute("Event", "doc(hidden)")
        .derive("Status", "Hash")
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(in_code
        .code
        .contains("pub at: rt::Formatted<rt::jiff::Timestamp>,"));
    assert!(in_code.code.contains("Vec<crate::Tag>"));
    assert!(!in_code.code.contains("pub struct Tag"));
    assert_eq!(in_code.runtime_features, ["jiff"]);
    let _ = std::fs::remove_dir_all(Path::new(&dir));
}

#[test]
fn unions_and_lists_are_checked_through_their_alternatives_and_items() {
    let spec = r##"{
      "openapi": "3.0.3",
      "info": {"title": "Mix", "version": "1"},
      "paths": {},
      "components": {"schemas": {
        "Amount": {"oneOf": [{"type": "string"}, {"type": "number"}]},
        "Prices": {"type": "object", "properties": {
          "list": {"type": "array", "items": {"type": "number"}}}},
        "Labels": {"type": "object", "properties": {
          "by_id": {"type": "object", "additionalProperties": {"type": "string", "format": "uuid"}}}}
      }}
    }"##;
    let run = |config: &str| {
        let config = read_config(config).unwrap_or_else(|e| panic!("{e}"));
        d360_codegen::generate(spec.as_bytes(), "mix.json", &config)
    };
    let errors = run(r#"{"derives": {"Amount": ["Hash"], "Prices": ["Eq"]}}"#)
        .map(|g| g.code)
        .expect_err("f64 inside");
    let messages: Vec<&str> = errors.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("variant `Number` is `f64`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("field `list` holds a value that is `f64`"),
        "{messages:?}"
    );
    let errors = run(r#"{"derives": {"Amount": ["Default"]}}"#)
        .map(|g| g.code)
        .expect_err("no default");
    assert!(errors.0[0]
        .message
        .contains("a union (`oneOf`/`anyOf`) has no default value"));
    // Typed formats compare and hash by their text: `Eq` and `Hash` hold.
    let generated = run(r#"{"formats": {"uuid": "uuid"}, "derives": {"Labels": ["Eq", "Hash"]}}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.code.contains("#[derive(Eq, Hash)]"));
}
