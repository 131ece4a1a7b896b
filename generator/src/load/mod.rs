//! Load: bytes (JSON or YAML) → `serde_json::Value`, with OpenAPI 3.1 forms normalized to
//! what `openapiv3` (a 3.0 model) reads.
//!
//! [`read_document`] only decodes. [`normalize`] then, in place and collecting every error:
//!
//! - checks the top level (`openapi` is `3.0.x` or `3.1.x`, `info`), and inserts what 3.1
//!   lets a document omit but `openapiv3` requires (`paths`, an operation's `responses`);
//! - checks every `$ref` in an object position: it must point into this document, resolve,
//!   and not be part of a cycle of plain references; a place outside the walk from the root
//!   that a reference points to (JSON Schema `definitions`, an extension) is checked and
//!   normalized as the kind of object the reference calls for;
//! - replaces each callback reference in an operation by a copy of the callback (which
//!   `openapiv3` cannot read as a reference);
//! - rewrites 3.1 schema forms into their 3.0 equivalents in every schema position:
//!   `type: [T, "null"]`, `anyOf`/`oneOf` branches of `type: "null"`, `const`, schema
//!   `examples`, numeric `exclusiveMinimum`/`exclusiveMaximum`, `contentEncoding`,
//!   `contentMediaType`, `$ref` beside `nullable`, boolean schemas; and checks `type` and
//!   `required`.
//!
//! References are checked before the rewrites, so an error names the pointer as written in
//! the document.
//!
//! Last, [`canonicalize`] sorts the keys of every object: OpenAPI gives the order of keys no
//! meaning, so nothing downstream (type and method names chosen on a collision, the order
//! of fields, error variants, credential setters) may depend on the order an author happened
//! to write them in. Lists (`required`, `enum`, `oneOf`, `parameters`) keep their order.
//!
//! # Limits
//!
//! Walks recurse, so they are bounded: a schema nested more than [`MAX_SCHEMA_DEPTH`]
//! schemas deep, or other objects (path items inside callbacks inside path items...) more
//! than [`MAX_OBJECT_DEPTH`] deep, is an error. The JSON and YAML readers refuse input
//! nested more than 128 levels, before any of this runs.

mod callbacks;
mod document;
mod json;
pub(crate) mod pointer;
mod read;
mod refs;
mod schema;
pub(crate) mod shape;
mod walk;
#[cfg(feature = "yaml")]
mod yaml;

pub(crate) use read::describe;

use crate::diag::{Diagnostic, Errors};
use pointer::Ptr;
use serde_json::Value;

/// How many schemas deep (`properties`, `items`, `allOf`...) [`normalize`] follows a schema
/// before reporting an error. Real specs stay under 20; the bound keeps recursion, here and
/// in `openapiv3`, far from the stack's end.
pub const MAX_SCHEMA_DEPTH: usize = 64;

/// How many non-schema objects deep (callbacks nest path items) [`normalize`] goes.
pub const MAX_OBJECT_DEPTH: usize = 32;

/// A document read and normalized, with what the loader assumed on the way.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The normalized document, its keys sorted (see [`canonicalize`]).
    pub value: Value,
    /// Quirks accepted on the way, each with its pointer.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and normalizes one document.
///
/// `origin` names the document in diagnostics (usually its path).
pub fn load(text: &[u8], origin: &str) -> Result<Loaded, Errors> {
    let mut value = read_document(text, origin)?;
    let mut warnings = Vec::new();
    normalize(&mut value, origin, &mut warnings)?;
    canonicalize(&mut value);
    Ok(Loaded { value, warnings })
}

/// Sorts the keys of every object in `value` (by their UTF-8 bytes), leaving arrays in their
/// order: the canonical form the generator and the diff read, so that two documents that
/// differ only in key order generate byte-identical code.
///
/// Iterative (no recursion), so any depth is fine; on sorted input it is a linear pass.
pub fn canonicalize(value: &mut Value) {
    let mut stack: Vec<&mut Value> = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                map.sort_keys();
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// Reads JSON (or, with the `yaml` feature, YAML) into a value, without normalizing.
///
/// The format is decided by content: a document whose first non-blank character is `{`
/// or `[` is JSON, anything else YAML. A leading UTF-8 byte order mark is skipped. The
/// top level must be an object. YAML keys that are not strings (`200:`, `true:`) become
/// strings, integers stay integers, tags are dropped (their value kept), and NaN or
/// infinity is an error.
pub fn read_document(text: &[u8], origin: &str) -> Result<Value, Errors> {
    read::read(text, origin)
}

/// Reads JSON or YAML like [`read_document`], accepting any top level: a fragment file for
/// `bundle` may hold an array of documents.
pub fn read_value(text: &[u8], origin: &str) -> Result<Value, Errors> {
    read::read_value(text, origin)
}

/// Checks a document and rewrites 3.1 forms into their 3.0 equivalents in place.
///
/// All errors are collected and returned together; `warnings` receives the quirks that
/// were accepted (each names its pointer). On error `value` may be partly rewritten.
pub fn normalize(
    value: &mut Value,
    origin: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Errors> {
    if !value.is_object() {
        return Err(Errors::one(
            origin,
            "",
            format!(
                "the top level is {}; expected an OpenAPI document (an object)",
                describe(value)
            ),
        ));
    }
    let mut cx = Cx {
        origin,
        version: Version::V31,
        ptr: Ptr::default(),
        errors: Errors::default(),
        warnings,
        nullable_reported: false,
    };
    if !document::check(&mut cx, value) {
        return Err(cx.errors);
    }
    let elsewhere = refs::check(&mut cx, value);
    callbacks::inline(&mut cx, value);
    walk::walk(&mut cx, value);
    for (pointer, node) in elsewhere {
        walk::walk_at(&mut cx, value, &pointer, node);
    }
    cx.errors.into_result(())
}

/// Rewrites one schema (and the schemas inside it) as [`normalize`] does in a document,
/// errors and warnings dropped: for readers of documents that are not loaded whole (the
/// spec-diff reads large documents into a compact tree and normalizes only the schemas that
/// need it).
#[cfg(feature = "cli")]
pub(crate) fn normalize_schema(schema: &mut Value) {
    let mut warnings = Vec::new();
    let mut cx = Cx {
        origin: "",
        version: Version::V31,
        ptr: Ptr::default(),
        errors: Errors::default(),
        warnings: &mut warnings,
        nullable_reported: true,
    };
    walk::walk_schema(&mut cx, schema);
}

/// The OpenAPI minor version a document declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    V30,
    V31,
}

/// What a walk carries: where it is, and what it found.
struct Cx<'a> {
    origin: &'a str,
    version: Version,
    ptr: Ptr,
    errors: Errors,
    warnings: &'a mut Vec<Diagnostic>,
    /// Whether the document's use of 3.0's `nullable` under a 3.1 header was reported: once
    /// is enough (specs that do it, do it everywhere, and each warning reaches the user's
    /// build output).
    nullable_reported: bool,
}

impl Cx<'_> {
    /// An error at the current pointer.
    fn error(&mut self, message: impl Into<String>) {
        self.errors.push(self.origin, self.ptr.as_str(), message);
    }

    /// An error at the current pointer extended by `key`.
    fn error_at(&mut self, key: &str, message: impl Into<String>) {
        let mark = self.ptr.push(key);
        self.error(message);
        self.ptr.truncate(mark);
    }

    /// A warning at the current pointer.
    fn warn(&mut self, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.origin, self.ptr.as_str(), message));
    }

    /// A warning at the current pointer extended by `key`.
    fn warn_at(&mut self, key: &str, message: impl Into<String>) {
        let mark = self.ptr.push(key);
        self.warn(message);
        self.ptr.truncate(mark);
    }
}

/// Nesting so far in a walk, to bound recursion.
#[derive(Clone, Copy, Debug, Default)]
struct Depth {
    schemas: usize,
    objects: usize,
}

impl Depth {
    /// The depth inside a `node`, or `None` past the limits.
    fn enter(self, node: shape::Node) -> Option<Depth> {
        let next = if node == shape::Node::Schema {
            Depth {
                schemas: self.schemas + 1,
                ..self
            }
        } else {
            Depth {
                objects: self.objects + 1,
                ..self
            }
        };
        (next.schemas <= MAX_SCHEMA_DEPTH && next.objects <= MAX_OBJECT_DEPTH).then_some(next)
    }
}
