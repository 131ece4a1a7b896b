//! The rewriting walk: visits every object position the shape table knows, in place.

use super::shape::{self, Node, Shape};
use super::{schema, Cx, Depth, MAX_OBJECT_DEPTH, MAX_SCHEMA_DEPTH};
use serde_json::{Map, Value};

/// Normalizes every schema position and operation under the root.
pub(super) fn walk(cx: &mut Cx, root: &mut Value) {
    visit(cx, root, Shape::One(Node::Root), Depth::default());
}

/// Normalizes the object at `pointer`, an object of kind `node` that the walk from the root
/// does not reach (a reference points to it); nothing when the pointer no longer resolves.
pub(super) fn walk_at(cx: &mut Cx, root: &mut Value, pointer: &str, node: Node) {
    if let Some(value) = root.pointer_mut(pointer) {
        cx.ptr.reset(pointer);
        visit_node(cx, value, node, Depth::default());
        cx.ptr.reset("");
    }
}

/// Normalizes one schema and the schemas inside it.
#[cfg(feature = "cli")]
pub(super) fn walk_schema(cx: &mut Cx, schema: &mut Value) {
    visit(cx, schema, Shape::One(Node::Schema), Depth::default());
}

fn visit(cx: &mut Cx, value: &mut Value, shape: Shape, depth: Depth) {
    match (shape, value) {
        (Shape::One(node), value) => visit_node(cx, value, node, depth),
        (Shape::MapOf(node), Value::Object(map)) => {
            for (key, item) in map.iter_mut() {
                let mark = cx.ptr.push(key);
                visit_node(cx, item, node, depth);
                cx.ptr.truncate(mark);
            }
        }
        (Shape::ListOf(node), Value::Array(items)) => {
            for (i, item) in items.iter_mut().enumerate() {
                let mark = cx.ptr.push_index(i);
                visit_node(cx, item, node, depth);
                cx.ptr.truncate(mark);
            }
        }
        // Wrong kinds of values are left for the parser, which names what it expected.
        _ => {}
    }
}

fn visit_node(cx: &mut Cx, value: &mut Value, node: Node, depth: Depth) {
    let Some(depth) = depth.enter(node) else {
        cx.error(if node == Node::Schema {
            format!("schema nested deeper than {MAX_SCHEMA_DEPTH} schemas; expected a shallower schema")
        } else {
            format!("objects nested deeper than {MAX_OBJECT_DEPTH} levels; expected a shallower document")
        });
        return;
    };
    match node {
        Node::Schema => schema::normalize(cx, value),
        Node::Operation => operation(cx, value),
        Node::Responses => status_codes(cx, value),
        _ => {}
    }
    let Value::Object(map) = value else { return };
    // A reference's siblings are not read (in 3.0 they are ignored); its target is
    // walked where it is defined.
    if map.contains_key("$ref") {
        return;
    }
    if !matches!(
        node,
        Node::Root | Node::Paths | Node::Responses | Node::Callback | Node::Components
    ) {
        text_fields(cx, map, &[]);
    }
    let parent = Shape::One(node);
    for (key, item) in map.iter_mut() {
        let Some(child) = shape::child(parent, key) else {
            continue;
        };
        if shape::is_additional_properties(parent, key) && !item.is_object() {
            continue;
        }
        let mark = cx.ptr.push(key);
        visit(cx, item, child, depth);
        cx.ptr.truncate(mark);
    }
}

fn operation(cx: &mut Cx, value: &mut Value) {
    if let Value::Object(op) = value {
        if !op.contains_key("responses") {
            cx.warn("operation has no `responses`; assuming none (`{}`)");
            op.insert("responses".to_owned(), Value::Object(Map::new()));
        }
    }
}

/// `openapiv3` skips a response whose key is not a status without a word, which would
/// silently drop it from the client.
fn status_codes(cx: &mut Cx, value: &Value) {
    let Value::Object(responses) = value else {
        return;
    };
    for key in responses.keys() {
        if !(key == "default" || key.starts_with("x-") || is_status(key)) {
            cx.error_at(
                key,
                format!(
                    "`{key}` is not a response status; expected `default`, a code from 100 to \
                     999, or a range like `2XX`"
                ),
            );
        }
    }
}

/// `200`, `404`, `2XX`, `5xx`: what `openapiv3` reads as a status.
fn is_status(key: &str) -> bool {
    match key.as_bytes() {
        [a, b, c] if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() => *a != b'0',
        [a, b, c] => {
            a.is_ascii_digit() && b.eq_ignore_ascii_case(&b'X') && c.eq_ignore_ascii_case(&b'X')
        }
        _ => false,
    }
}

/// Text fields a document sometimes writes as another kind of value (`pattern: 0`, a
/// number or a list as a `description`): what they say is clear, so a scalar is read as its
/// text and anything else is dropped, each with a warning. The fields are prose or a regular
/// expression the client does not enforce, so nothing the client sends depends on them.
///
/// A field the object must have (`required`, e.g. `info.title`) is never dropped: the
/// parser then says what it expected there.
pub(super) fn text_fields(cx: &mut Cx, map: &mut Map<String, Value>, required: &[&str]) {
    for key in ["description", "summary", "title", "pattern"] {
        let Some(value) = map.get_mut(key) else {
            continue;
        };
        let text = match value {
            Value::String(_) => continue,
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null | Value::Array(_) | Value::Object(_) => None,
        };
        let what = super::describe(value);
        match text {
            Some(text) => {
                cx.warn_at(
                    key,
                    format!("`{key}` is {what}; read as the string \"{text}\""),
                );
                *value = Value::String(text);
            }
            None if required.contains(&key) => {}
            None => {
                cx.warn_at(
                    key,
                    format!("`{key}` is {what}; expected a string: ignored"),
                );
                map.remove(key);
            }
        }
    }
}
