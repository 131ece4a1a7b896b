//! Reference targets: the typed object behind every `$ref` that lowering cannot look up in
//! `components` by name.
//!
//! `openapiv3` keeps a reference as its text. A schema reference to
//! `#/components/schemas/NAME` (the common case, thousands of times in large documents) is
//! looked up in the model by name and needs nothing here. Any other JSON pointer is a valid
//! reference too: into a property of another schema (`#/components/schemas/Volume/properties/size`),
//! into JSON Schema `definitions`, into a union branch, into a parameter's schema, into an
//! operation's response (`#/paths/~1jobs~1%7Bid%7D/get/responses/401`), to a path item. For
//! each such reference text this module reads, once and before lowering, the object at the
//! pointer as the kind of object the reference's position calls for.
//!
//! Where a reference names an object of another kind but what is meant is clear, the target
//! is read as what was meant, with a note that lowering reports as a warning at each use:
//!
//! - a response or request body reference that names a schema: a response (body) whose JSON
//!   content is that schema;
//! - a schema reference that names a response, request body, media type, parameter or
//!   header: the schema of its JSON content (or the parameter's schema).
//!
//! Any other mismatch is an error naming the reference (reported by lowering where it is
//! used).

use crate::load::pointer;
use crate::load::shape::{self, noun, with_article, Node, Shape};
use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// How many references in a row are followed before giving up (the loader reports cycles of
/// plain references; this only bounds the work).
const MAX_CHAIN: usize = 64;

/// The objects that references point to, by reference text (as written).
#[derive(Clone, Debug, Default)]
pub struct Targets {
    schemas: HashMap<String, Target<ReferenceOr<Schema>>>,
    responses: HashMap<String, Target<ReferenceOr<Response>>>,
    parameters: HashMap<String, Target<ReferenceOr<Parameter>>>,
    request_bodies: HashMap<String, Target<ReferenceOr<RequestBody>>>,
    path_items: HashMap<String, Target<ReferenceOr<PathItem>>>,
    /// Schema locations (decoded JSON pointers) that a reference points to.
    shared: HashSet<String>,
    /// Path items that a path item reference points to, and responses, parameters and
    /// bodies outside `components` that a reference points to: every schema inside is shared.
    shared_under: Vec<String>,
}

/// Where one reference text leads.
#[derive(Clone, Debug)]
pub(crate) enum Target<T> {
    /// `#/components/schemas/NAME` written with percent-encoding: the component `NAME`.
    Component(String),
    /// The object the reference points to.
    Found(Found<T>),
    /// Why the reference leads to nothing usable.
    Invalid(String),
}

/// An object a reference points to.
#[derive(Clone, Debug)]
pub(crate) struct Found<T> {
    /// Where it is (a decoded JSON pointer); `None` when it was made up from an object of
    /// another kind (a response standing for a schema).
    pub(crate) pointer: Option<String>,
    /// The object.
    pub(crate) value: T,
    /// What was assumed to read it, when the reference names an object of another kind.
    pub(crate) note: Option<String>,
}

impl Targets {
    /// Where a schema reference leads; `None` for `#/components/schemas/NAME`, which is
    /// looked up by name.
    pub(crate) fn schema(&self, reference: &str) -> Option<&Target<ReferenceOr<Schema>>> {
        self.schemas.get(reference)
    }

    /// Where a response reference leads.
    pub(crate) fn response(&self, reference: &str) -> Option<&Target<ReferenceOr<Response>>> {
        self.responses.get(reference)
    }

    /// Where a parameter reference leads.
    pub(crate) fn parameter(&self, reference: &str) -> Option<&Target<ReferenceOr<Parameter>>> {
        self.parameters.get(reference)
    }

    /// Where a request body reference leads.
    pub(crate) fn request_body(
        &self,
        reference: &str,
    ) -> Option<&Target<ReferenceOr<RequestBody>>> {
        self.request_bodies.get(reference)
    }

    /// Where a path item reference leads.
    pub(crate) fn path_item(&self, reference: &str) -> Option<&Target<ReferenceOr<PathItem>>> {
        self.path_items.get(reference)
    }

    /// Whether the schema at `pointer` is reached through a reference as well as where it
    /// stands: lowering then gives it one type for both.
    pub(crate) fn is_shared(&self, pointer: &str) -> bool {
        if self.shared.is_empty() && self.shared_under.is_empty() {
            return false;
        }
        self.shared.contains(pointer)
            || self.shared_under.iter().any(|item| {
                pointer
                    .strip_prefix(item.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

/// Reads the target of every reference under `doc` that is not a plain
/// `#/components/schemas/NAME`.
pub(crate) fn collect(doc: &Value) -> Targets {
    let mut collector = Collector {
        doc,
        targets: Targets::default(),
        seen: HashSet::new(),
        queue: Vec::new(),
    };
    collector.visit(doc, Shape::One(Node::Root), 0);
    while let Some((text, kind)) = collector.queue.pop() {
        collector.resolve(&text, kind);
    }
    collector.targets
}

struct Collector<'v> {
    doc: &'v Value,
    targets: Targets,
    /// (reference text, kind) pairs queued so far.
    seen: HashSet<(String, Node)>,
    queue: Vec<(String, Node)>,
}

impl<'v> Collector<'v> {
    fn visit(&mut self, value: &'v Value, shape: Shape, depth: usize) {
        // The document is at most `MAX_VALUE_DEPTH` deep; this only keeps a made-up value
        // from recursing without end.
        if depth > super::MAX_VALUE_DEPTH {
            return;
        }
        match (shape, value) {
            (Shape::One(node), Value::Object(map)) => {
                if let Some(reference) = map.get("$ref") {
                    if let Value::String(text) = reference {
                        self.enqueue(text, node);
                    }
                    return;
                }
                for (key, item) in map {
                    let Some(child) = shape::child(shape, key) else {
                        continue;
                    };
                    self.visit(item, child, depth + 1);
                }
            }
            (Shape::MapOf(node), Value::Object(map)) => {
                for item in map.values() {
                    self.visit(item, Shape::One(node), depth + 1);
                }
            }
            (Shape::ListOf(node), Value::Array(items)) => {
                for item in items {
                    self.visit(item, Shape::One(node), depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Queues a reference of a position of kind `kind`, unless it is a plain component
    /// schema reference or was queued already.
    fn enqueue(&mut self, text: &str, kind: Node) {
        let kind = match kind {
            Node::Schema | Node::Response | Node::Parameter | Node::RequestBody => kind,
            Node::PathItem => kind,
            // Examples, links, headers, security schemes and callbacks are not followed by
            // lowering (the loader checks that they resolve).
            _ => return,
        };
        if kind == Node::Schema && is_plain_component(text) {
            return;
        }
        if self.seen.insert((text.to_owned(), kind)) {
            self.queue.push((text.to_owned(), kind));
        }
    }

    fn resolve(&mut self, text: &str, kind: Node) {
        let target = match kind {
            Node::Schema => {
                let target = self.schema_target(text);
                if let Target::Found(Found {
                    pointer: Some(p), ..
                }) = &target
                {
                    self.targets.shared.insert(p.clone());
                }
                self.targets.schemas.insert(text.to_owned(), target);
                return;
            }
            _ => self.follow(text, kind),
        };
        match target {
            Err(message) => self.insert_invalid(text, kind, message),
            Ok((pointer, value, last_text)) => {
                self.read_object(text, kind, pointer, value, last_text)
            }
        }
    }

    fn insert_invalid(&mut self, text: &str, kind: Node, message: String) {
        let text = text.to_owned();
        match kind {
            Node::Response => {
                self.targets
                    .responses
                    .insert(text, Target::Invalid(message));
            }
            Node::Parameter => {
                self.targets
                    .parameters
                    .insert(text, Target::Invalid(message));
            }
            Node::RequestBody => {
                let invalid = Target::Invalid(message);
                self.targets.request_bodies.insert(text, invalid);
            }
            Node::PathItem => {
                self.targets
                    .path_items
                    .insert(text, Target::Invalid(message));
            }
            _ => {
                self.targets.schemas.insert(text, Target::Invalid(message));
            }
        }
    }

    /// A schema reference's target.
    fn schema_target(&mut self, text: &str) -> Target<ReferenceOr<Schema>> {
        let (pointer, tokens) = match decode(text) {
            Ok(decoded) => decoded,
            Err(message) => return Target::Invalid(message),
        };
        if let [components, schemas, name] = tokens.as_slice() {
            if components == "components" && schemas == "schemas" {
                return Target::Component(name.clone());
            }
        }
        let Some(value) = self.doc.pointer(&pointer) else {
            return Target::Invalid(nothing_at(text));
        };
        let node = match self.locate(text, &tokens, value, Node::Schema) {
            Ok(node) => node,
            Err(message) => return Target::Invalid(message),
        };
        match node {
            Some(Node::Schema) | None => self.read_schema(text, pointer, value, None),
            Some(node @ (Node::Response | Node::RequestBody | Node::MediaType))
            | Some(node @ (Node::Parameter | Node::Header)) => {
                // The object itself may be a reference to the one with the schema.
                let (pointer, value) = match self.follow(text, node) {
                    Ok((pointer, value, _)) => (pointer, value),
                    Err(message) => return Target::Invalid(message),
                };
                let Some(inner) = schema_inside(node, value) else {
                    // Nothing describes the value: any JSON value is what the document says.
                    let note = format!(
                        "`{text}` names a {}, not a schema, and that has no schema; read as \
                         any JSON value",
                        noun(node)
                    );
                    return self.read_schema(text, pointer, &json!({}), Some(note));
                };
                let schema_pointer = format!("{pointer}{inner}");
                let Some(schema) = self.doc.pointer(&schema_pointer) else {
                    return Target::Invalid(nothing_at(text));
                };
                let note = format!(
                    "`{text}` names a {}, not a schema; read as its schema, #{schema_pointer}",
                    noun(node)
                );
                self.read_schema(text, schema_pointer, schema, Some(note))
            }
            Some(other) => Target::Invalid(format!(
                "`{text}` points to {}; expected a schema",
                with_article(other)
            )),
        }
    }

    fn read_schema(
        &mut self,
        text: &str,
        pointer: String,
        value: &Value,
        note: Option<String>,
    ) -> Target<ReferenceOr<Schema>> {
        if let Some(Value::String(next)) = value.get("$ref") {
            self.enqueue(next, Node::Schema);
        }
        match read::<ReferenceOr<Schema>>(value) {
            Ok(schema) => Target::Found(Found {
                pointer: Some(pointer),
                value: schema,
                note,
            }),
            Err(e) => Target::Invalid(format!(
                "`{text}` points to #{pointer}, which is not a schema: {e}"
            )),
        }
    }

    /// Follows references from `text` (a position of kind `kind`) to an object that is not
    /// itself a reference: its pointer, value and the last reference text on the way.
    fn follow(&self, text: &str, kind: Node) -> Result<(String, &'v Value, String), String> {
        let mut text = text.to_owned();
        for _ in 0..MAX_CHAIN {
            let (pointer, _) = decode(&text)?;
            let Some(value) = self.doc.pointer(&pointer) else {
                return Err(nothing_at(&text));
            };
            match value.get("$ref") {
                Some(Value::String(next)) => text = next.clone(),
                _ => return Ok((pointer, value, text)),
            }
        }
        Err(format!(
            "`{text}`: more than {MAX_CHAIN} references in a row; expected them to end at a {}",
            noun(kind)
        ))
    }

    /// What kind of object a reference of kind `kind` reaches at `tokens` (`None`: a place
    /// the shape table does not know), or why it cannot be one object. A place outside the
    /// walk from the root has its own references found from here, read as `kind`.
    fn locate(
        &mut self,
        text: &str,
        tokens: &[String],
        value: &'v Value,
        kind: Node,
    ) -> Result<Option<Node>, String> {
        let location = shape::locate(Node::Root, tokens);
        let node = match location.map(|l| l.shape) {
            None => None,
            Some(Shape::One(node)) => Some(node),
            Some(other) => {
                return Err(format!(
                    "`{text}` points to {}; expected {}",
                    shape::describe(other),
                    with_article(kind)
                ))
            }
        };
        if location.is_none_or(|l| !l.walked) {
            self.visit(value, Shape::One(kind), 0);
        }
        Ok(node)
    }

    /// Reads the object at `pointer` for a reference of kind `kind`.
    fn read_object(
        &mut self,
        text: &str,
        kind: Node,
        pointer: String,
        value: &'v Value,
        last_text: String,
    ) {
        let tokens: Vec<String> = pointer::tokens(&pointer).collect();
        let node = match self.locate(text, &tokens, value, kind) {
            Ok(node) => node,
            Err(message) => {
                self.insert_invalid(text, kind, message);
                return;
            }
        };
        let owned = text.to_owned();
        match (kind, node) {
            (_, None) => {}
            (kind, Some(at)) if at == kind => {}
            (Node::Response | Node::RequestBody, Some(Node::Schema)) => {
                // A response (or body) named by its schema: JSON content of that schema.
                self.enqueue(&last_text, Node::Schema);
                let content = json!({"application/json": {"schema": {"$ref": last_text}}});
                let note = Some(format!(
                    "`{text}` names a schema, not a {}; read as a {} whose JSON body is that schema",
                    noun(kind),
                    noun(kind)
                ));
                if kind == Node::Response {
                    let value = read::<Response>(&json!({"description": "", "content": content}));
                    let target = made_up(value, note);
                    self.targets.responses.insert(owned, target);
                } else {
                    let value = read::<RequestBody>(&json!({"content": content}));
                    let target = made_up(value, note);
                    self.targets.request_bodies.insert(owned, target);
                }
                return;
            }
            (kind, Some(at)) => {
                let message = format!(
                    "`{text}` points to {}; expected {}",
                    with_article(at),
                    with_article(kind)
                );
                self.insert_invalid(text, kind, message);
                return;
            }
        }
        let at = Some(pointer.as_str());
        // The schemas inside a path item, or inside a response, parameter or body of an
        // operation, that a reference points to are shared between the places that use
        // them. (Those of component responses, parameters and bodies are not: each
        // operation that refers to one has its own types, named after the operation.)
        let shared = match kind {
            Node::Response => {
                let target = found(read(value), text, at, kind);
                let shared = matches!(target, Target::Found(_));
                self.targets.responses.insert(owned, target);
                shared && !pointer.starts_with("/components/")
            }
            Node::Parameter => {
                let target = found(read(value), text, at, kind);
                let shared = matches!(target, Target::Found(_));
                self.targets.parameters.insert(owned, target);
                shared && !pointer.starts_with("/components/")
            }
            Node::RequestBody => {
                let target = found(read(value), text, at, kind);
                let shared = matches!(target, Target::Found(_));
                self.targets.request_bodies.insert(owned, target);
                shared && !pointer.starts_with("/components/")
            }
            _ => {
                let target = found(read(value), text, at, kind);
                let shared = matches!(target, Target::Found(_));
                self.targets.path_items.insert(owned, target);
                shared
            }
        };
        if shared {
            self.targets.shared_under.push(pointer);
        }
    }
}

/// The object read at `pointer` for the reference `text`, or why it cannot be read.
fn found<T>(read: Result<T, String>, text: &str, pointer: Option<&str>, kind: Node) -> Target<T> {
    match read {
        Ok(value) => Target::Found(Found {
            pointer: pointer.map(str::to_owned),
            value,
            note: None,
        }),
        Err(e) => Target::Invalid(format!(
            "`{text}` points to #{}, which is not {}: {e}",
            pointer.unwrap_or_default(),
            with_article(kind)
        )),
    }
}

/// An object made up to stand for one of another kind.
fn made_up<T>(value: Result<T, String>, note: Option<String>) -> Target<ReferenceOr<T>> {
    match value {
        Ok(value) => Target::Found(Found {
            pointer: None,
            value: ReferenceOr::Item(value),
            note,
        }),
        Err(e) => Target::Invalid(e),
    }
}

/// Whether `text` is `#/components/schemas/NAME` as lowering looks it up by name (no
/// percent-encoding, one token after the section).
pub(crate) fn is_plain_component(text: &str) -> bool {
    text.strip_prefix("#/components/schemas/")
        .is_some_and(|name| !name.is_empty() && !name.contains('/') && !name.contains('%'))
}

/// The decoded JSON pointer of a local reference, and its unescaped tokens.
fn decode(text: &str) -> Result<(String, Vec<String>), String> {
    let Some(fragment) = text.strip_prefix('#') else {
        return Err(format!(
            "`{text}` refers to another document; expected a local reference (bundle first)"
        ));
    };
    let pointer = pointer::decode_fragment(fragment).map_err(|_| {
        format!(
            "`{text}` is not a JSON pointer; expected a reference like `#/components/schemas/Name`"
        )
    })?;
    let tokens = pointer::tokens(&pointer).collect();
    Ok((pointer, tokens))
}

fn nothing_at(text: &str) -> String {
    format!("`{text}` points to nothing in the document")
}

/// Where the schema inside an object of kind `node` is, relative to the object: `/schema`, or
/// `/content/{media type}/schema` with a JSON media type first.
fn schema_inside(node: Node, value: &Value) -> Option<String> {
    if matches!(node, Node::Parameter | Node::Header | Node::MediaType)
        && value.get("schema").is_some()
    {
        return Some("/schema".to_owned());
    }
    if node == Node::MediaType {
        return None;
    }
    let Value::Object(content) = value.get("content")? else {
        return None;
    };
    let with_schema = || content.iter().filter(|(_, m)| m.get("schema").is_some());
    let (media, _) = with_schema()
        .find(|(name, _)| is_json(name))
        .or_else(|| with_schema().next())?;
    Some(format!(
        "/content/{}/schema",
        crate::diag::escape_token(media)
    ))
}

/// `application/json`, `application/problem+json`, `text/json`.
fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.ends_with("/json") || essence.ends_with("+json")
}

/// Deserializes one object as `openapiv3` would (a panic inside it is an error).
fn read<T: for<'de> Deserialize<'de>>(value: &Value) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(|| T::deserialize(value))) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the OpenAPI model panicked reading it".to_owned()),
    }
}
