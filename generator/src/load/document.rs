//! The top level: version, `info`, `paths`, and the component sections.

use super::{describe, Cx, Version};
use serde_json::{Map, Value};

use crate::openapi::COMPONENT_SECTIONS;

/// Checks the top level and sets `cx.version`. Returns `false` when the document is not
/// OpenAPI 3 at all, so that no more errors are worth reporting.
pub(super) fn check(cx: &mut Cx, value: &mut Value) -> bool {
    let Value::Object(root) = value else {
        return false;
    };
    match version(cx, root) {
        Some(v) => cx.version = v,
        None => return false,
    }
    info(cx, root);
    top_level_text(cx, root);
    if !root.contains_key("paths") {
        if cx.version == Version::V30 {
            cx.warn("no `paths` (required in OpenAPI 3.0); assuming none");
        }
        root.insert("paths".to_owned(), Value::Object(Map::new()));
    }
    if let Some(Value::Object(components)) = root.get("components") {
        let unknown: Vec<String> = components
            .keys()
            .filter(|k| !k.starts_with("x-") && !COMPONENT_SECTIONS.contains(&k.as_str()))
            .cloned()
            .collect();
        let mark = cx.ptr.push("components");
        for key in unknown {
            cx.warn_at(
                &key,
                format!("`{key}` is not a standard component section; ignored"),
            );
        }
        cx.ptr.truncate(mark);
    }
    true
}

/// `None` for a Swagger 2.0 document. Any other problem is an error, and the walk goes on
/// reading the document as 3.1 (which accepts every 3.0 form too).
fn version(cx: &mut Cx, root: &Map<String, Value>) -> Option<Version> {
    const EXPECTED: &str = "expected a string `3.0.x` or `3.1.x`";
    if root.contains_key("swagger") && !root.contains_key("openapi") {
        cx.error(
            "this is a Swagger 2.0 document (`swagger`, no `openapi`); Swagger 2.0 documents \
             are not supported: convert the document to OpenAPI 3 first",
        );
        return None;
    }
    let version = match root.get("openapi") {
        None => {
            cx.error(format!("missing `openapi`; {EXPECTED}"));
            return Some(Version::V31);
        }
        Some(Value::String(s)) => s.as_str(),
        Some(other) => {
            cx.error_at(
                "openapi",
                format!(
                    "`openapi` is {}; {EXPECTED} (in YAML, quote it: `openapi: \"3.1.0\"`)",
                    describe(other)
                ),
            );
            return Some(Version::V31);
        }
    };
    let minor = |prefix: &str| {
        version == prefix
            || version
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|patch| patch.starts_with(|c: char| c.is_ascii_digit()))
    };
    let found = if minor("3.0") {
        Version::V30
    } else if minor("3.1") {
        Version::V31
    } else if version.starts_with("2.") {
        cx.error_at(
            "openapi",
            format!("OpenAPI/Swagger {version} is not supported; convert the document to OpenAPI 3 first"),
        );
        return None;
    } else {
        cx.error_at(
            "openapi",
            format!("unsupported OpenAPI version `{version}`; {EXPECTED}"),
        );
        return Some(Version::V31);
    };
    if version.len() == 3 {
        cx.warn_at(
            "openapi",
            format!("`{version}` has no patch version; read as `{version}.0`"),
        );
    }
    Some(found)
}

fn info(cx: &mut Cx, root: &mut Map<String, Value>) {
    let Some(info) = root.get_mut("info") else {
        cx.error("missing `info`; expected an Info object with `title` and `version`");
        return;
    };
    let mark = cx.ptr.push("info");
    match info {
        Value::Object(info) => match info.get_mut("version") {
            None => {
                cx.warn("no `version` in `info`; assuming \"\"");
                info.insert("version".to_owned(), Value::String(String::new()));
            }
            // YAML reads `version: 1.0` as a number.
            Some(v @ Value::Number(_)) => {
                let text = v.to_string();
                cx.warn_at(
                    "version",
                    format!("`version` is a number; read as the string \"{text}\""),
                );
                *v = Value::String(text);
            }
            Some(_) => {}
        },
        other => cx.error(format!(
            "`info` is {}; expected an Info object with `title` and `version`",
            describe(other)
        )),
    }
    cx.ptr.truncate(mark);
}

/// The text fields of `info`, `tags`, `servers` and `externalDocs`, which the walk does not
/// visit (see [`super::walk::text_fields`]).
fn top_level_text(cx: &mut Cx, root: &mut Map<String, Value>) {
    for (key, list) in [
        ("info", false),
        ("externalDocs", false),
        ("tags", true),
        ("servers", true),
    ] {
        let Some(value) = root.get_mut(key) else {
            continue;
        };
        let mark = cx.ptr.push(key);
        match value {
            Value::Array(items) if list => {
                for (i, item) in items.iter_mut().enumerate() {
                    if let Value::Object(map) = item {
                        let at = cx.ptr.push_index(i);
                        super::walk::text_fields(cx, map, &[]);
                        cx.ptr.truncate(at);
                    }
                }
            }
            Value::Object(map) if !list => super::walk::text_fields(cx, map, &["title"]),
            _ => {}
        }
        cx.ptr.truncate(mark);
    }
}
