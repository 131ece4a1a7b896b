//! Bundle: merge OpenAPI fragments (one document per published docs page) into one document.
//!
//! The docs publish one self-contained OpenAPI document per page, so the same components
//! (`PartnerOut`, the error schemas, the security schemes) appear on several pages. Bundling
//! keeps one copy of everything that is identical and reports everything that is not: a
//! silent first-wins would hide a page that drifted from the others.
//!
//! | key            | rule                                                               |
//! |----------------|--------------------------------------------------------------------|
//! | `openapi`      | must agree                                                         |
//! | `info`         | must agree                                                         |
//! | `servers`      | union, first appearance, duplicates dropped                        |
//! | `tags`         | union by name; the same name with other content is an error        |
//! | `security`     | must agree among the documents that declare it or have operations  |
//! | `paths`        | union; each path item key (`get`, `parameters`, ...) must agree    |
//! | `webhooks`     | like `paths`                                                       |
//! | `components`   | every section merged by name; the same name must mean the same     |
//! | anything else  | must agree                                                         |
//!
//! Output keys come in order of first appearance, so the same input gives the same bytes.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::diag::{join, Errors};

use crate::openapi::{COMPONENT_SECTIONS as SECTIONS, METHODS};

/// Merges documents into one OpenAPI document.
///
/// Each element is one document with its origin, the name used in messages (a path, or
/// `path#/i` for the `i`-th document of a fragment file holding an array, see
/// [`documents`]). Every conflict is reported, each naming both origins and the JSON
/// pointer of the disagreeing definition.
///
/// ```
/// use serde_json::json;
/// let page = |path: &str| json!({
///     "openapi": "3.1.0",
///     "info": {"title": "T", "version": "1"},
///     "paths": {path: {"get": {"responses": {}}}},
///     "components": {"schemas": {"Shared": {"type": "string"}}},
/// });
/// let bundled = d360_codegen::bundle::bundle(&[
///     ("a.json".to_owned(), page("/a")),
///     ("b.json".to_owned(), page("/b")),
/// ])
/// .unwrap();
/// assert_eq!(bundled["paths"].as_object().unwrap().len(), 2);
/// assert_eq!(bundled["components"]["schemas"].as_object().unwrap().len(), 1);
/// ```
pub fn bundle(fragments: &[(String, Value)]) -> Result<Value, Errors> {
    let mut bundler = Bundler::default();
    if fragments.is_empty() {
        bundler
            .errors
            .push("", "", "nothing to bundle: no documents given");
    }
    let mut out = Map::new();
    for (origin, document) in fragments {
        bundler.document(&mut out, origin, document);
    }
    bundler.check_security(&out);
    bundler.errors.into_result(Value::Object(out))
}

/// Splits a fragment file's value into documents: an array gives one document per element
/// (origin `origin#/i`), anything else is one document with `origin` itself.
///
/// A value that is not an object is passed through; [`bundle`] reports it.
pub fn documents(origin: &str, value: Value) -> Vec<(String, Value)> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| (format!("{origin}#/{i}"), item))
            .collect(),
        other => vec![(origin.to_owned(), other)],
    }
}

/// Deterministic pretty JSON: 2-space indent, keys in the value's order, a trailing newline.
pub fn to_pretty_json(value: &Value) -> String {
    format!("{value:#}\n")
}

/// Where a merged entry came from: the document and the pointer inside it.
#[derive(Clone)]
struct Source<'a> {
    origin: &'a str,
    pointer: String,
}

/// The state of one bundling run: who defined what first, and what went wrong.
#[derive(Default)]
struct Bundler<'a> {
    /// Pointer in the output → where that entry was first defined.
    first: HashMap<String, Source<'a>>,
    /// Documents whose operations rely on a top-level `security` they do not declare.
    unsecured: Vec<&'a str>,
    errors: Errors,
}

impl<'a> Bundler<'a> {
    fn document(&mut self, out: &mut Map<String, Value>, origin: &'a str, document: &'a Value) {
        let Some(document) = document.as_object() else {
            let found = kind(document);
            let message = format!("expected an OpenAPI document (a JSON object), found {found}");
            self.errors.push(origin, "", message);
            return;
        };
        for required in ["openapi", "info"] {
            if !document.contains_key(required) {
                let message = format!("missing `{required}`: not an OpenAPI document");
                self.errors.push(origin, "", message);
            }
        }
        if !document.contains_key("security") && has_unsecured_operation(document) {
            self.unsecured.push(origin);
        }
        for (key, value) in document {
            let pointer = join("", key);
            match key.as_str() {
                "paths" | "webhooks" => self.named(out, origin, "", key, value, 2),
                "components" => self.components(out, origin, value),
                "servers" => self.servers(out, origin, &pointer, value),
                "tags" => self.tags(out, origin, &pointer, value),
                _ => self.agree(out, origin, "", key, value),
            }
        }
    }

    /// Puts `value` at `key` of `target` (at `base` in the output), or checks that what is
    /// already there is the same.
    fn agree(
        &mut self,
        target: &mut Map<String, Value>,
        origin: &'a str,
        base: &str,
        key: &str,
        value: &Value,
    ) {
        let pointer = join(base, key);
        match target.get(key) {
            None => {
                target.insert(key.to_owned(), value.clone());
                let source = Source {
                    origin,
                    pointer: pointer.clone(),
                };
                self.first.insert(pointer, source);
            }
            Some(existing) if existing == value => {}
            Some(existing) => {
                let here = Source {
                    origin,
                    pointer: pointer.clone(),
                };
                self.conflict(&pointer, here, existing, value);
            }
        }
    }

    /// Merges an object of named entries `depth` levels deep into `target[key]` (at
    /// `base/key` in the output): `paths` (path → item → key) has depth 2, a components
    /// section (name → definition) depth 1; at depth 0 the values must agree.
    fn named(
        &mut self,
        target: &mut Map<String, Value>,
        origin: &'a str,
        base: &str,
        key: &str,
        value: &Value,
        depth: usize,
    ) {
        let pointer = join(base, key);
        match (value, target.get(key)) {
            _ if depth == 0 => return self.agree(target, origin, base, key, value),
            (Value::Object(_), None | Some(Value::Object(_))) => {}
            (Value::Object(_), Some(existing)) => {
                let here = Source {
                    origin,
                    pointer: pointer.clone(),
                };
                return self.conflict(&pointer, here, existing, value);
            }
            _ => {
                let message = format!("expected an object, found {}", kind(value));
                return self.errors.push(origin, &pointer, message);
            }
        }
        let Value::Object(entries) = value else {
            return;
        };
        if !target.contains_key(key) {
            target.insert(key.to_owned(), Value::Object(Map::new()));
            self.first.insert(
                pointer.clone(),
                Source {
                    origin,
                    pointer: pointer.clone(),
                },
            );
        }
        let Some(Value::Object(merged)) = target.get_mut(key) else {
            return;
        };
        for (name, entry) in entries {
            self.named(merged, origin, &pointer, name, entry, depth - 1);
        }
    }

    fn components(&mut self, out: &mut Map<String, Value>, origin: &'a str, value: &Value) {
        let Value::Object(sections) = value else {
            let message = format!("expected an object, found {}", kind(value));
            return self.errors.push(origin, "/components", message);
        };
        let slot = out
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(merged) = slot else { return };
        for (section, entries) in sections {
            if entries.is_object() || SECTIONS.contains(&section.as_str()) {
                self.named(merged, origin, "/components", section, entries, 1);
            } else {
                // A non-standard, non-object key (`x-version: 2`): it must simply agree.
                self.agree(merged, origin, "/components", section, entries);
            }
        }
    }

    fn servers(
        &mut self,
        out: &mut Map<String, Value>,
        origin: &'a str,
        pointer: &str,
        value: &Value,
    ) {
        let Some(servers) = value.as_array() else {
            let message = format!("expected an array, found {}", kind(value));
            return self.errors.push(origin, pointer, message);
        };
        let slot = out
            .entry("servers")
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(merged) = slot else { return };
        for server in servers {
            if !merged.contains(server) {
                merged.push(server.clone());
            }
        }
    }

    fn tags(
        &mut self,
        out: &mut Map<String, Value>,
        origin: &'a str,
        pointer: &str,
        value: &Value,
    ) {
        let Some(tags) = value.as_array() else {
            let message = format!("expected an array, found {}", kind(value));
            return self.errors.push(origin, pointer, message);
        };
        let slot = out
            .entry("tags")
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(merged) = slot else { return };
        for (i, tag) in tags.iter().enumerate() {
            let at = join(pointer, &i.to_string());
            let Some(name) = tag.get("name").and_then(Value::as_str) else {
                self.errors.push(origin, &at, "a tag needs a string `name`");
                continue;
            };
            let key = format!("tag {name}");
            let here = Source {
                origin,
                pointer: at.clone(),
            };
            match merged
                .iter()
                .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
            {
                None => {
                    merged.push(tag.clone());
                    self.first.insert(key, here);
                }
                Some(existing) if existing == tag => {}
                Some(existing) => self.conflict(&key, here, existing, tag),
            }
        }
    }

    /// Operations of a document without top-level `security` would inherit another
    /// document's: an unannounced change of who may call them.
    fn check_security(&mut self, out: &Map<String, Value>) {
        let Some(security) = out.get("security") else {
            return;
        };
        let declared = self
            .first
            .get("/security")
            .map_or("another document", |s| s.origin);
        let message = format!(
            "declares no top-level `security` but has operations without their own, while \
             {declared}#/security declares {}; bundled, those operations would require it \
             (declare the same top-level `security`, or `security` on each operation)",
            brief(security)
        );
        for origin in std::mem::take(&mut self.unsecured) {
            self.errors.push(origin, "", message.clone());
        }
    }

    /// Reports that `here` defines `key` (a pointer in the output) differently from the
    /// document that defined it first.
    fn conflict(&mut self, key: &str, here: Source<'a>, first_value: &Value, value: &Value) {
        let first = self.first.get(key).cloned().unwrap_or_else(|| Source {
            origin: "an earlier document",
            pointer: here.pointer.clone(),
        });
        let (path, a, b) = first_difference(first_value, value);
        let message = format!(
            "defined differently in {}#{} and {}#{}: they first differ at `#{}{path}` \
             ({a} in {}, {b} in {})",
            first.origin,
            first.pointer,
            here.origin,
            here.pointer,
            here.pointer,
            first.origin,
            here.origin,
        );
        self.errors.push(here.origin, &here.pointer, message);
    }
}

/// Whether some operation of `document` has no `security` of its own.
fn has_unsecured_operation(document: &Map<String, Value>) -> bool {
    let items = document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values());
    items.filter_map(Value::as_object).any(|item| {
        METHODS
            .iter()
            .filter_map(|m| item.get(*m))
            .any(|operation| operation.get("security").is_none())
    })
}

/// The relative pointer where `a` and `b` first differ, and a short form of each side there.
fn first_difference(a: &Value, b: &Value) -> (String, String, String) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
            for key in keys {
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) if p == q => continue,
                    (Some(p), Some(q)) => return prefixed(key, first_difference(p, q)),
                    (p, q) => return (join("", key), side(p), side(q)),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                match (x.get(i), y.get(i)) {
                    (Some(p), Some(q)) if p == q => continue,
                    (Some(p), Some(q)) => return prefixed(&i.to_string(), first_difference(p, q)),
                    (p, q) => return (join("", &i.to_string()), side(p), side(q)),
                }
            }
        }
        _ => {}
    }
    (String::new(), brief(a), brief(b))
}

fn prefixed(token: &str, (path, a, b): (String, String, String)) -> (String, String, String) {
    (join("", token) + &path, a, b)
}

fn side(value: Option<&Value>) -> String {
    value.map_or_else(|| "absent".to_owned(), brief)
}

/// Compact JSON, cut to a length that fits in one message.
fn brief(value: &Value) -> String {
    const MAX: usize = 60;
    let text = value.to_string();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
