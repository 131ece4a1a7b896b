//! Parse: a loaded, normalized document → `openapiv3::OpenAPI`.
//!
//! `serde` loses track of where it is inside flattened and untagged types, and `openapiv3`
//! uses both for nearly everything (`paths`, responses, every `ReferenceOr`, every schema).
//! So when deserialization fails, the error is located again: starting where
//! `serde_path_to_error` stopped, each object the loader's shape table knows is
//! deserialized on its own, descending into the first one that fails, down to the
//! innermost object or field that `openapiv3` rejects.
//!
//! The model keeps references as text. Those that lowering cannot look up in `components` by
//! name (any other JSON pointer) are read here too, into [`Targets`]: see [`targets`].

pub mod targets;

use crate::diag::{escape_token, Errors};
use crate::load::shape::{self, Field, Node, Shape};
use openapiv3 as oa;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
pub use targets::Targets;

/// A parsed document: the OpenAPI model, and the objects its references point to.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The document as `openapiv3` reads it.
    pub api: oa::OpenAPI,
    /// The target of every reference other than `#/components/schemas/NAME`.
    pub targets: Targets,
}

/// Deepest value nesting `parse` accepts: what the JSON reader accepts. Deserialization
/// recurses, so a value built in memory (not read from text) is measured first.
pub const MAX_VALUE_DEPTH: usize = 128;

/// Stack for the thread `openapiv3` runs on. Its deserializers buffer every untagged and
/// flattened value, about 50 KiB of stack per schema level in a debug build: a schema 40
/// `allOf`s deep overflows a test thread's 2 MiB. 64 MiB is ten times what a document at
/// [`MAX_VALUE_DEPTH`] needs; the memory is only reserved, not used.
const PARSE_STACK: usize = 64 << 20;

/// Parses a normalized document. A mismatch is reported at the innermost pointer where
/// `openapiv3` rejects the document, with what it expected.
///
/// Runs on a thread of its own with a large stack (see the module's source for why), so
/// that any document within [`MAX_VALUE_DEPTH`] parses whatever thread calls this.
pub fn parse(doc: &Value, origin: &str) -> Result<Parsed, Errors> {
    if let Some(pointer) = deeper_than(doc, MAX_VALUE_DEPTH) {
        return Err(Errors::one(
            origin,
            &pointer,
            format!("nested deeper than {MAX_VALUE_DEPTH} levels; expected a shallower document"),
        ));
    }
    let run = || parse_here(doc, origin);
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("d360-codegen-parse".to_owned())
            .stack_size(PARSE_STACK)
            .spawn_scoped(scope, run);
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|_| Err(panicked(origin))),
            // No thread to be had: the caller's stack is all there is.
            Err(_) => run(),
        }
    })
}

fn panicked(origin: &str) -> Errors {
    Errors::one(
        origin,
        "",
        "the OpenAPI model failed on this document (a panic inside `openapiv3`)",
    )
}

fn parse_here(doc: &Value, origin: &str) -> Result<Parsed, Errors> {
    // `openapiv3` has `expect`s on paths this crate has not seen taken; a panic there must
    // still come out as an error naming the document.
    // Plain deserialization first: tracking the path costs a third of the time, and only an
    // error needs it. A big document is split and deserialized on every core.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if workers > 1 && items(doc) >= SPLIT_ABOVE {
        if let Some(api) = parse_split(doc, workers) {
            return Ok(Parsed {
                api,
                targets: targets::collect(doc),
            });
        }
    }
    let plain = catch_unwind(AssertUnwindSafe(|| {
        <oa::OpenAPI as serde::Deserialize>::deserialize(doc)
    }));
    match plain {
        Ok(Ok(api)) => {
            return Ok(Parsed {
                api,
                targets: targets::collect(doc),
            })
        }
        Ok(Err(_)) => {}
        Err(_) => return Err(panicked(origin)),
    }
    let result = catch_unwind(AssertUnwindSafe(|| {
        serde_path_to_error::deserialize::<_, oa::OpenAPI>(doc)
    }));
    match result {
        Ok(Ok(api)) => Ok(Parsed {
            api,
            targets: targets::collect(doc),
        }),
        Ok(Err(e)) => {
            let (pointer, message) = locate_error(doc, &e);
            Err(Errors::one(origin, &pointer, message))
        }
        Err(_) => Err(panicked(origin)),
    }
}

/// Path items and component schemas above which [`parse_split`] is worth its threads.
const SPLIT_ABOVE: usize = 256;

/// How many path items and component schemas a document has.
fn items(doc: &Value) -> usize {
    let count = |value: Option<&Value>| value.and_then(Value::as_object).map_or(0, |m| m.len());
    count(doc.get("paths")) + count(doc.pointer("/components/schemas"))
}

/// One path item or component schema, deserialized on its own.
enum Job<'a> {
    Path(&'a String, &'a Value),
    Schema(&'a String, &'a Value),
}

/// What a share of the [`Job`]s gave, in order.
struct Done {
    paths: Vec<(String, oa::ReferenceOr<oa::PathItem>)>,
    schemas: Vec<(String, oa::ReferenceOr<oa::Schema>)>,
}

/// The document deserialized in parts: each path item and each component schema on its
/// own, `workers` threads sharing them, then the rest of the document (small) and the
/// parts put together. `openapiv3` buffers every object that has flattened fields (the
/// document, `paths`, `components`) before it deserializes its fields: a whole-document
/// copy per level, saved here. Gives what deserializing the whole document gives, or
/// `None` where that would fail (the caller then does, and reports the error).
fn parse_split(doc: &Value, workers: usize) -> Option<oa::OpenAPI> {
    let top = doc.as_object()?;
    let paths = top.get("paths")?.as_object()?;
    let components = match top.get("components") {
        Some(Value::Object(components)) => Some(components),
        Some(_) => return None,
        None => None,
    };
    let schemas = match components.and_then(|c| c.get("schemas")) {
        Some(Value::Object(schemas)) => Some(schemas),
        Some(_) => return None,
        None => None,
    };
    let mut jobs: Vec<Job> = paths
        .iter()
        .filter(|(key, _)| key.starts_with('/'))
        .map(|(key, item)| Job::Path(key, item))
        .collect();
    jobs.extend(
        schemas
            .into_iter()
            .flatten()
            .map(|(k, v)| Job::Schema(k, v)),
    );
    // The rest: everything but the path items and the schemas, in the same order.
    let mut rest = serde_json::Map::new();
    for (key, value) in top {
        let value = match (key.as_str(), value) {
            ("paths", Value::Object(paths)) => Value::Object(
                paths
                    .iter()
                    .filter(|(key, _)| !key.starts_with('/'))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            ("components", Value::Object(components)) => Value::Object(
                components
                    .iter()
                    .filter(|(key, _)| *key != "schemas")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            _ => value.clone(),
        };
        rest.insert(key.clone(), value);
    }
    let share = jobs.len().div_ceil(workers.max(1)).max(1);
    let run = |chunk: &[Job]| -> Option<Done> {
        catch_unwind(AssertUnwindSafe(|| {
            let paths = chunk.iter().filter(|j| matches!(j, Job::Path(..))).count();
            let mut done = Done {
                paths: Vec::with_capacity(paths),
                schemas: Vec::with_capacity(chunk.len() - paths),
            };
            for job in chunk {
                match job {
                    Job::Path(key, item) => {
                        let item = serde::Deserialize::deserialize(*item).ok()?;
                        done.paths.push(((*key).clone(), item));
                    }
                    Job::Schema(key, schema) => {
                        let schema = serde::Deserialize::deserialize(*schema).ok()?;
                        done.schemas.push(((*key).clone(), schema));
                    }
                }
            }
            Some(done)
        }))
        .ok()
        .flatten()
    };
    let (api, done) = std::thread::scope(|scope| {
        let mut chunks = jobs.chunks(share);
        let first = chunks.next().unwrap_or(&[]);
        let others: Vec<_> = chunks
            .map(|chunk| {
                std::thread::Builder::new()
                    .name("d360-codegen-parse".to_owned())
                    .stack_size(PARSE_STACK)
                    .spawn_scoped(scope, move || run(chunk))
            })
            .collect();
        let api = catch_unwind(AssertUnwindSafe(|| {
            <oa::OpenAPI as serde::Deserialize>::deserialize(&Value::Object(rest))
        }));
        let mut done = vec![run(first)];
        for other in others {
            // No thread to be had, or a panic in it: the caller deserializes it all again.
            done.push(other.ok().and_then(|handle| handle.join().ok()).flatten());
        }
        (api, done)
    });
    let mut api = api.ok()?.ok()?;
    let schema_count = schemas.map_or(0, serde_json::Map::len);
    api.paths.paths.reserve(jobs.len() - schema_count);
    if let Some(components) = api.components.as_mut() {
        components.schemas.reserve(schema_count);
    }
    for part in done {
        let part = part?;
        api.paths.paths.extend(part.paths);
        if !part.schemas.is_empty() {
            api.components.as_mut()?.schemas.extend(part.schemas);
        }
    }
    Some(api)
}

/// The first pointer (depth-first) whose value is nested deeper than `limit`, found
/// without recursion.
fn deeper_than(doc: &Value, limit: usize) -> Option<String> {
    let mut stack: Vec<(&Value, usize)> = vec![(doc, 0)];
    while let Some((value, depth)) = stack.pop() {
        if depth > limit {
            return Some(pointer_to(doc, value));
        }
        match value {
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    None
}

/// The pointer of `target` (by identity) inside `doc`; only called on the error path, on
/// a value known to be there.
fn pointer_to(doc: &Value, target: &Value) -> String {
    let mut stack: Vec<(&Value, String)> = vec![(doc, String::new())];
    while let Some((value, pointer)) = stack.pop() {
        if std::ptr::eq(value, target) {
            return pointer;
        }
        match value {
            Value::Object(map) => stack.extend(
                map.iter()
                    .map(|(k, v)| (v, format!("{pointer}/{}", escape_token(k)))),
            ),
            Value::Array(items) => stack.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v, format!("{pointer}/{i}"))),
            ),
            _ => {}
        }
    }
    String::new()
}

/// Where the document fails, and why.
fn locate_error(
    doc: &Value,
    e: &serde_path_to_error::Error<serde_json::Error>,
) -> (String, String) {
    let tokens = path_tokens(e.path());
    let mut pointer = String::new();
    let found =
        Locator { depth: 0 }.descend(doc, Some(Shape::One(Node::Root)), &tokens, &mut pointer);
    let message = found.unwrap_or_else(|| e.inner().to_string());
    (pointer, message)
}

/// The unescaped tokens of a `serde_path_to_error` path, up to the first segment that has
/// no place in the document.
fn path_tokens(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    let mut tokens = Vec::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => tokens.push(index.to_string()),
            Segment::Map { key } => tokens.push(key.clone()),
            Segment::Enum { .. } => {}
            Segment::Unknown => break,
        }
    }
    tokens
}

/// Re-deserializes parts of a document to find the innermost one that fails.
struct Locator {
    depth: usize,
}

impl Locator {
    /// Follows `tokens` from `value` (of `shape`, when known), extending `pointer`, then
    /// looks for the failure there. `None` when nothing more precise was found; `pointer`
    /// then names the deepest place reached.
    fn descend(
        &mut self,
        value: &Value,
        shape: Option<Shape>,
        tokens: &[String],
        pointer: &mut String,
    ) -> Option<String> {
        let mut at = value;
        let mut shape = shape;
        for token in tokens {
            let next = match at {
                Value::Object(map) => map.get(token),
                Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            let Some(next) = next else { break };
            shape = shape.and_then(|s| match at {
                Value::Array(_) => shape::element(s),
                _ => shape::child(s, token),
            });
            at = next;
            let _ = write!(pointer, "/{}", escape_token(token));
        }
        self.find(at, shape?, pointer)
    }

    /// The message of the innermost failure inside `value`, extending `pointer` to it.
    fn find(&mut self, value: &Value, shape: Shape, pointer: &mut String) -> Option<String> {
        if self.depth > MAX_VALUE_DEPTH {
            return None;
        }
        self.depth += 1;
        let found = self.find_in(value, shape, pointer);
        self.depth -= 1;
        found
    }

    fn find_in(&mut self, value: &Value, shape: Shape, pointer: &mut String) -> Option<String> {
        let (tokens, message) = match try_as(value, shape) {
            // A map or an array of the right kind: its entries are what may fail.
            Ok(()) if matches!(shape, Shape::MapOf(_) | Shape::ListOf(_)) => {
                return self.find_in_members(value, shape, pointer);
            }
            Ok(()) => return None,
            Err(e) => e,
        };
        if !tokens.is_empty() {
            let mark = pointer.len();
            if let Some(inner) = self.descend(value, Some(shape), &tokens, pointer) {
                return Some(inner);
            }
            // The path leads somewhere the table does not know: report it as serde did.
            if pointer.len() > mark {
                return Some(message);
            }
        }
        // serde lost the path (flatten, untagged): try each known member on its own.
        if let Some(inner) = self.find_in_members(value, shape, pointer) {
            return Some(inner);
        }
        Some(message)
    }

    fn find_in_members(
        &mut self,
        value: &Value,
        shape: Shape,
        pointer: &mut String,
    ) -> Option<String> {
        let mark = pointer.len();
        match value {
            Value::Object(map) => {
                if map.contains_key("$ref") && !matches!(shape, Shape::MapOf(_)) {
                    return None;
                }
                for (key, item) in map {
                    let Some(child) = shape::child(shape, key) else {
                        continue;
                    };
                    if shape::is_additional_properties(shape, key) && item.is_boolean() {
                        continue;
                    }
                    let _ = write!(pointer, "/{}", escape_token(key));
                    if let Some(found) = self.find(item, child, pointer) {
                        return Some(found);
                    }
                    pointer.truncate(mark);
                }
            }
            Value::Array(items) => {
                let child = shape::element(shape)?;
                for (i, item) in items.iter().enumerate() {
                    let _ = write!(pointer, "/{i}");
                    if let Some(found) = self.find(item, child, pointer) {
                        return Some(found);
                    }
                    pointer.truncate(mark);
                }
            }
            _ => {}
        }
        None
    }
}

type Failure = (Vec<String>, String);

/// Deserializes `value` as what `shape` says it is, as `openapiv3` would.
fn try_as(value: &Value, shape: Shape) -> Result<(), Failure> {
    use oa::ReferenceOr as R;
    match shape {
        Shape::One(node) => match node {
            Node::Root => check::<oa::OpenAPI>(value),
            Node::Paths => check::<oa::Paths>(value),
            Node::PathItem => check::<R<oa::PathItem>>(value),
            Node::Operation => check::<oa::Operation>(value),
            Node::Parameter => check::<R<oa::Parameter>>(value),
            Node::RequestBody => check::<R<oa::RequestBody>>(value),
            Node::Responses => check::<oa::Responses>(value),
            Node::Response => check::<R<oa::Response>>(value),
            Node::Header => check::<R<oa::Header>>(value),
            Node::MediaType => check::<oa::MediaType>(value),
            Node::Encoding => check::<oa::Encoding>(value),
            Node::Callback => check::<R<oa::Callback>>(value),
            Node::Components => check::<oa::Components>(value),
            Node::Schema => check::<R<oa::Schema>>(value),
            Node::Example => check::<R<oa::Example>>(value),
            Node::Link => check::<R<oa::Link>>(value),
            Node::SecurityScheme => check::<R<oa::SecurityScheme>>(value),
        },
        // Only the container's own kind: its entries are tried one by one.
        Shape::MapOf(_) => check::<indexmap::IndexMap<String, IgnoredAny>>(value),
        Shape::ListOf(_) => check::<Vec<IgnoredAny>>(value),
        Shape::Field(field) => match field {
            Field::Bool => check::<bool>(value),
            Field::Str => check::<String>(value),
            Field::Number => check::<serde_json::Number>(value),
            Field::Usize => check::<usize>(value),
            Field::StrList => check::<Vec<String>>(value),
            Field::List => check::<Vec<Value>>(value),
            Field::Discriminator => check::<oa::Discriminator>(value),
            Field::ExternalDocs => check::<oa::ExternalDocumentation>(value),
        },
    }
}

fn check<T: DeserializeOwned>(value: &Value) -> Result<(), Failure> {
    match catch_unwind(AssertUnwindSafe(|| {
        serde_path_to_error::deserialize::<_, T>(value)
    })) {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err((path_tokens(e.path()), e.inner().to_string())),
        Err(_) => Err((
            Vec::new(),
            "the OpenAPI model panicked on this value".to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn depth_guard_names_the_deep_place() {
        let mut deep = json!(1);
        for _ in 0..200 {
            deep = json!({ "a": deep });
        }
        let doc = json!({ "x": deep });
        let found = deeper_than(&doc, MAX_VALUE_DEPTH).unwrap_or_default();
        assert!(found.starts_with("/x/a/a/"), "{found}");
        assert_eq!(found.matches('/').count(), MAX_VALUE_DEPTH + 1);
    }

    fn plain(doc: &Value) -> Option<oa::OpenAPI> {
        <oa::OpenAPI as serde::Deserialize>::deserialize(doc).ok()
    }

    /// Deserializing in parts on threads gives what deserializing the whole gives.
    #[test]
    fn split_parsing_is_whole_parsing() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for file in [
            "spec/partners-v2.json",
            "generator/tests/fixtures/hostile.json",
            "generator/tests/fixtures/format_stress.json",
        ] {
            let text = std::fs::read(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            let doc = crate::load::load(&text, file)
                .unwrap_or_else(|e| panic!("{e}"))
                .value;
            let whole = plain(&doc).unwrap_or_else(|| panic!("{file} does not parse"));
            for workers in [1, 2, 3, 7] {
                assert!(
                    parse_split(&doc, workers) == Some(whole.clone()),
                    "{file}, {workers} workers"
                );
            }
        }
        // Extensions at every level, paths that are no paths, components without schemas.
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "x-top": 1,
            "paths": {"x-paths": [1], "/a": {"get": {"responses": {"200": {"description": "ok"}}}},
                "nope": {}, "/b": {"$ref": "#/x"}},
            "components": {"x-c": true, "parameters": {"p": {"in": "query", "name": "p", "schema": {"type": "string"}}}}});
        let whole = plain(&doc);
        assert!(whole.is_some());
        assert!(parse_split(&doc, 2) == whole);
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"A": {"type": "object"}, "B": {"$ref": "#/components/schemas/A"}}}});
        assert!(parse_split(&doc, 2) == plain(&doc));
        // Where the whole fails, so do the parts.
        for doc in [
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": 1}}),
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
                "components": {"schemas": {"A": {"type": 7}}}}),
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
                "components": {"schemas": []}}),
            json!({"openapi": "3.0.3", "paths": {}}),
        ] {
            assert!(plain(&doc).is_none(), "{doc}");
            assert!(parse_split(&doc, 2).is_none(), "{doc}");
        }
    }
}
