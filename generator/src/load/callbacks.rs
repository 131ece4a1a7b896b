//! Callback references. OpenAPI lets an entry of an operation's `callbacks` be a Reference
//! Object (`"onEvent": {"$ref": "#/components/callbacks/event"}`); `openapiv3` reads only
//! Callback Objects there and fails on the reference. Each such entry is replaced by a copy
//! of the callback it names, before the rewriting walk, which then normalizes the copy like
//! any other object.
//!
//! A bare string where a callback belongs (`"onEvent": "#/components/callbacks/event"`) is
//! clear enough: it is read as that reference, with a warning.
//!
//! The generator emits no code for callbacks; the copies keep the model readable.

use super::pointer;
use super::shape::{self, Node, Shape};
use super::{describe, Cx, Depth};
use serde_json::{Map, Value};

/// Rounds of copying: a copied callback may itself have operations with callback
/// references, and a callback that refers to itself would be copied forever. Past this
/// many rounds the remaining references are dropped, with a warning.
const MAX_ROUNDS: usize = 4;

/// How many references in a row a callback reference may go through.
const MAX_CHAIN: usize = 32;

/// One callback entry to replace.
struct Found {
    /// Pointer of the entry.
    at: String,
    /// The callback it names, if it resolves (unresolved ones are reported already).
    callback: Option<Value>,
}

/// Replaces every callback reference under `root` by a copy of its target.
pub(super) fn inline(cx: &mut Cx, root: &mut Value) {
    // Copies are taken from the document as written, so that a callback that refers to
    // itself grows by one level a round.
    let mut original: Option<Value> = None;
    for round in 0..=MAX_ROUNDS {
        let mut found = Vec::new();
        let source = original.as_ref().unwrap_or(root);
        find(
            cx,
            source,
            root,
            Shape::One(Node::Root),
            Depth::default(),
            &mut found,
        );
        if found.is_empty() {
            return;
        }
        if original.is_none() {
            original = Some(root.clone());
        }
        for entry in found {
            let replacement = match entry.callback {
                Some(_) if round == MAX_ROUNDS => {
                    cx.warnings.push(crate::diag::Diagnostic::warning(
                        cx.origin,
                        &entry.at,
                        format!(
                            "callbacks refer to callbacks more than {MAX_ROUNDS} levels deep; \
                             this one is dropped (callbacks are not generated)"
                        ),
                    ));
                    Value::Object(Map::new())
                }
                Some(callback) => callback,
                None => continue,
            };
            if let Some(slot) = root.pointer_mut(&entry.at) {
                *slot = replacement;
            }
        }
    }
}

/// Collects the callback references under `value` (at `cx.ptr`, of `shape`).
fn find(
    cx: &mut Cx,
    root: &Value,
    value: &Value,
    shape: Shape,
    depth: Depth,
    out: &mut Vec<Found>,
) {
    match (shape, value) {
        (Shape::One(node), value) => find_in_node(cx, root, value, node, depth, out),
        (Shape::MapOf(node), Value::Object(map)) => {
            for (key, item) in map {
                let mark = cx.ptr.push(key);
                find_in_node(cx, root, item, node, depth, out);
                cx.ptr.truncate(mark);
            }
        }
        (Shape::ListOf(node), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let mark = cx.ptr.push_index(i);
                find_in_node(cx, root, item, node, depth, out);
                cx.ptr.truncate(mark);
            }
        }
        _ => {}
    }
}

fn find_in_node(
    cx: &mut Cx,
    root: &Value,
    value: &Value,
    node: Node,
    depth: Depth,
    out: &mut Vec<Found>,
) {
    // Schemas hold no callbacks; the rewriting walk reports depth errors.
    if node == Node::Schema {
        return;
    }
    let Some(depth) = depth.enter(node) else {
        return;
    };
    let Value::Object(map) = value else { return };
    if map.contains_key("$ref") {
        return;
    }
    if node == Node::Operation {
        if let Some(Value::Object(callbacks)) = map.get("callbacks") {
            let mark = cx.ptr.push("callbacks");
            for (name, callback) in callbacks {
                let mark = cx.ptr.push(name);
                entry(cx, root, name, callback, out);
                cx.ptr.truncate(mark);
            }
            cx.ptr.truncate(mark);
        }
    }
    let parent = Shape::One(node);
    for (key, item) in map {
        let Some(child) = shape::child(parent, key) else {
            continue;
        };
        let mark = cx.ptr.push(key);
        find(cx, root, item, child, depth, out);
        cx.ptr.truncate(mark);
    }
}

/// One entry of an operation's `callbacks` (at `cx.ptr`).
fn entry(cx: &mut Cx, root: &Value, name: &str, callback: &Value, out: &mut Vec<Found>) {
    let text = match callback {
        Value::Object(map) => match map.get("$ref") {
            Some(Value::String(text)) => text,
            // Not a reference (or a malformed one, which the reference check reported).
            _ => return,
        },
        Value::String(text) if text.starts_with('#') => {
            cx.warn(format!(
                "callback `{name}` is the string \"{text}\"; read as a reference \
                 (expected a Callback Object or {{\"$ref\": \"{text}\"}})"
            ));
            text
        }
        // Anything else is for the parser to report.
        _ => return,
    };
    let callback = match resolve(root, text) {
        Ok(callback) => Some(callback),
        Err(message) => {
            // A reference object that does not resolve is reported by the reference check.
            if callback.is_string() {
                cx.error(message);
            }
            None
        }
    };
    out.push(Found {
        at: cx.ptr.as_str().to_owned(),
        callback,
    });
}

/// A copy of the callback `text` names, following references.
fn resolve(root: &Value, text: &str) -> Result<Value, String> {
    let mut text = text.to_owned();
    for _ in 0..MAX_CHAIN {
        let target = text
            .strip_prefix('#')
            .and_then(|fragment| pointer::decode_fragment(fragment).ok())
            .ok_or_else(|| {
                format!("`{text}` is not a local JSON pointer; expected a reference like `#/components/callbacks/Name`")
            })?;
        match root.pointer(&target) {
            Some(Value::Object(map)) => match map.get("$ref") {
                Some(Value::String(next)) => text = next.clone(),
                _ => return Ok(Value::Object(map.clone())),
            },
            Some(other) => {
                return Err(format!(
                    "`{text}` points to {}; expected a callback (an object)",
                    describe(other)
                ))
            }
            None => return Err(format!("`{text}` points to no callback")),
        }
    }
    Err(format!(
        "`{text}`: more than {MAX_CHAIN} references in a row; expected them to end at a callback"
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn normalized(doc: serde_json::Value) -> (serde_json::Value, Vec<String>) {
        let mut doc = doc;
        let mut warnings = Vec::new();
        let result = super::super::normalize(&mut doc, "t.json", &mut warnings);
        assert!(result.is_ok(), "{result:?}");
        (doc, warnings.iter().map(|w| w.to_string()).collect())
    }

    #[test]
    fn callback_references_become_copies() {
        let callback = json!({"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}});
        let op = |cb: serde_json::Value| json!({"callbacks": {"onEvent": cb}, "responses": {}});
        let (doc, warnings) = normalized(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"post": op(json!({"$ref": "#/components/callbacks/event"}))},
                "/b": {"post": op(json!("#/components/callbacks/event"))},
            },
            "components": {"callbacks": {"event": callback}},
        }));
        assert_eq!(doc["paths"]["/a"]["post"]["callbacks"]["onEvent"], callback);
        assert_eq!(doc["paths"]["/b"]["post"]["callbacks"]["onEvent"], callback);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .contains("#/paths/~1b/post/callbacks/onEvent: callback `onEvent` is the string"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_callback_that_refers_to_itself_is_copied_a_few_times_then_dropped() {
        let (doc, warnings) = normalized(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {"responses": {},
                "callbacks": {"again": {"$ref": "#/components/callbacks/again"}}}}},
            "components": {"callbacks": {"again": {"{$url}": {"post": {"responses": {},
                "callbacks": {"again": {"$ref": "#/components/callbacks/again"}}}}}}},
        }));
        assert!(doc["paths"]["/a"]["post"]["callbacks"]["again"]["{$url}"].is_object());
        assert!(
            warnings.iter().any(|w| w.contains("dropped")),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_bare_string_to_nothing_is_an_error() {
        let mut doc = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {"responses": {},
                "callbacks": {"gone": "#/components/callbacks/gone"}}}},
        });
        let e = super::super::normalize(&mut doc, "t.json", &mut Vec::new())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("#/paths/~1a/post/callbacks/gone: `#/components/callbacks/gone` points to no callback"),
            "{e}"
        );
    }
}
