//! The model the diff compares: one OpenAPI document reduced to what shapes the generated
//! client (operations, parameters, bodies, responses, schemas, security schemes).
//!
//! - `$ref`s to `#/components/schemas/NAME` stay references by name (that is how the
//!   generator names types, and it keeps recursive schemas finite); every other local
//!   `$ref` (parameters, responses, request bodies, nested pointers) is resolved in place.
//! - The three ways to say "may be null" (`nullable: true`, `type: [T, "null"]`,
//!   `anyOf`/`oneOf` with a `{type: "null"}` branch, `enum` with `null`) become one flag.
//! - `allOf` with a single branch is that branch; larger `allOf`s are flattened when compared.
//! - Documentation and validation keywords are kept as hashes: the diff only needs to know
//!   whether they changed, and this keeps the model small (the documents can be dropped).

use super::fingerprint::{self, Fingerprint};
use super::json::{Doc, J};
use crate::diag::{join, Errors};
use crate::naming;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Index of a schema node in [`Spec::nodes`].
pub(crate) type SchemaId = usize;

use crate::openapi::METHODS;

/// A hash of the documentation the generator renders into rustdoc from `keys` of `object`
/// (0 when there is none): prose compared with its whitespace collapsed (rustdoc gets it
/// cleaned line by line, so an edit of spacing alone changes nothing), anything else as
/// compact JSON. `example` stands for itself, or for the first of `examples` (a 3.1
/// schema's list, read as `example` by the loader). What the generator does not render
/// (`externalDocs`, a parameter's `examples`, a request body's or a security scheme's
/// `description`) is not hashed: changing it changes no generated code.
fn rendered_docs(object: J<'_>, keys: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut any = false;
    for key in keys {
        let value = match *key {
            "example" => object.get("example").or_else(|| {
                object
                    .get("examples")
                    .and_then(J::items)
                    .and_then(|mut items| items.next())
            }),
            _ => object.get(key),
        };
        let Some(value) = value else { continue };
        any = true;
        key.hash(&mut hasher);
        match value.as_str() {
            Some(text) if *key != "example" => {
                for word in text.split_whitespace() {
                    word.hash(&mut hasher);
                }
            }
            _ => value.to_json().hash(&mut hasher),
        }
        0xffu8.hash(&mut hasher);
    }
    if any {
        hasher.finish() | 1
    } else {
        0
    }
}

/// What the generator renders from a schema: `title`, `description`, `example`.
const SCHEMA_DOCS: &[&str] = &["title", "description", "example"];

/// Keywords that validate values without changing their Rust type.
const CONSTRAINT_KEYS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "default",
    "readOnly",
    "writeOnly",
];

/// Keywords that decide the shape of a schema: when one of them stands beside a single
/// `allOf`/`anyOf`/`oneOf` branch, the schema is more than that branch.
const STRUCTURE_KEYS: &[&str] = &[
    "type",
    "properties",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "allOf",
    "anyOf",
    "oneOf",
];

/// Nested references followed before giving up (a cycle through non-component references).
const MAX_EXPANSION: usize = 32;

/// One document, modeled.
#[derive(Debug)]
pub struct Spec {
    /// The document's name in messages.
    pub(crate) origin: String,
    /// All schema nodes.
    pub(crate) nodes: Vec<Schema>,
    /// Their pointers.
    pub(crate) pointers: Pointers,
    /// `components.schemas`, in document order, with their Rust type names.
    pub(crate) components: Vec<Component>,
    /// Index into `components` by spec name.
    by_name: HashMap<String, usize>,
    /// Operations keyed by method and path template as written (`GET /a/{id}`).
    pub(crate) operations: BTreeMap<String, Operation>,
    /// `components.securitySchemes` by name.
    pub(crate) security_schemes: BTreeMap<String, SecurityScheme>,
    /// The first server URL: the client's default base URL.
    pub(crate) default_server: Option<String>,
    /// Hash of `info`'s title and version: the client's docs name the API by them.
    pub(crate) info_docs: u64,
    /// Fingerprints of the document's sections (`/info`, `/paths/~1a`, `/components/schemas/X`),
    /// to tell "nothing changed" from "something the model does not see changed".
    pub(crate) sections: BTreeMap<String, Fingerprint>,
}

/// A named schema from `components.schemas`.
#[derive(Debug)]
pub(crate) struct Component {
    /// The name in the spec.
    pub(crate) name: String,
    /// The Rust type name the generator gives it.
    pub(crate) rust: String,
    /// Its node.
    pub(crate) id: SchemaId,
}

/// A JSON pointer in [`Pointers`].
pub(crate) type Ptr = u32;

/// The JSON pointers of the schema nodes, stored as a tree of tokens: a pointer is its
/// parent's plus one token. Eight bytes a pointer, where a string each took a hundred
/// (GitHub's descriptions have 47,000 schema nodes, their pointers 110 bytes on average).
#[derive(Debug, Default)]
pub(crate) struct Pointers {
    /// (parent, token) of each pointer; pointer 0 is the root, `""`.
    links: Vec<(Ptr, u32)>,
    /// The tokens, as written in pointers (escaped).
    tokens: Vec<Box<str>>,
}

impl Pointers {
    /// The pointer as text.
    pub(crate) fn get(&self, ptr: Ptr) -> String {
        let mut tokens = Vec::new();
        let mut at = ptr;
        while at != 0 {
            let Some(&(parent, token)) = self.links.get(at as usize) else {
                break;
            };
            tokens.push(self.tokens.get(token as usize).map_or("", |t| &**t));
            at = parent;
        }
        let mut out = String::new();
        for token in tokens.iter().rev() {
            out.push('/');
            out.push_str(token);
        }
        out
    }
}

/// Builds [`Pointers`], sharing prefixes and tokens.
#[derive(Default)]
struct PointerTable {
    pointers: Pointers,
    children: HashMap<(Ptr, u32), Ptr>,
    token_ids: HashMap<Box<str>, u32>,
}

impl PointerTable {
    fn intern(&mut self, pointer: &str) -> Ptr {
        if self.pointers.links.is_empty() {
            self.pointers.links.push((0, 0));
        }
        let mut at: Ptr = 0;
        for token in pointer.split('/').skip(1) {
            let id = match self.token_ids.get(token) {
                Some(&id) => id,
                None => {
                    let id = self.pointers.tokens.len() as u32;
                    self.pointers.tokens.push(token.into());
                    self.token_ids.insert(token.into(), id);
                    id
                }
            };
            at = match self.children.get(&(at, id)) {
                Some(&child) => child,
                None => {
                    let child = self.pointers.links.len() as Ptr;
                    self.pointers.links.push((at, id));
                    self.children.insert((at, id), child);
                    child
                }
            };
        }
        at
    }
}

/// One schema, reduced.
#[derive(Debug)]
pub(crate) struct Schema {
    /// Where it stands (JSON pointer, in [`Spec::pointers`]).
    pub(crate) pointer: Ptr,
    /// What it is.
    pub(crate) kind: Kind,
    /// Whether `null` is allowed.
    pub(crate) nullable: bool,
    /// `deprecated: true`.
    pub(crate) deprecated: bool,
    /// `format`, when given.
    pub(crate) format: Option<String>,
    /// Hash of the documentation the generator renders (title, description, example; 0:
    /// none). Rendered only where the schema is a named type or a field: see the compare.
    pub(crate) docs: u64,
    /// Hash of the validation keywords (0: none).
    pub(crate) constraints: u64,
}

/// A JSON primitive type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Prim {
    Bool,
    Integer,
    Number,
    String,
}

impl Prim {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "boolean" => Self::Bool,
            "integer" => Self::Integer,
            "number" => Self::Number,
            "string" => Self::String,
            _ => return None,
        })
    }

    /// The JSON Schema type name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Bool => "boolean",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::String => "string",
        }
    }

    /// The Rust type the generator uses for this primitive with `format`, when `formats`
    /// (the configuration's) chooses the type of string formats.
    pub(crate) fn rust(
        self,
        format: Option<&str>,
        formats: &BTreeMap<String, crate::config::FormatType>,
    ) -> &'static str {
        match (self, format) {
            (Self::Bool, _) => "bool",
            (Self::Integer, Some("int32")) => "i32",
            (Self::Integer, _) => "i64",
            (Self::Number, _) => "f64",
            (Self::String, Some(f)) => formats
                .get(f)
                .and_then(|choice| crate::config::typed_format(f, *choice))
                .map_or("String", crate::ir::Typed::display),
            (Self::String, None) => "String",
        }
    }
}

/// The shape of a schema: what decides its Rust type.
#[derive(Debug)]
pub(crate) enum Kind {
    /// No constraint: any JSON value.
    Any,
    /// `false`: no value.
    Never,
    /// A primitive.
    Prim(Prim),
    /// Several primitive types (`type: [string, integer]`).
    Multi(Vec<Prim>),
    /// `enum` or `const`: the values as compact JSON, `null` left out (it is nullability).
    Enum(Option<Prim>, Vec<String>),
    /// `type: array`.
    Array(SchemaId),
    /// An object with no properties and an `additionalProperties` schema: a map.
    Map(SchemaId),
    /// An object with no properties and no value schema: free-form JSON object.
    FreeObject,
    /// An object with properties: a struct. The second field is the schema of additional
    /// properties, when one is given; the third the `required` list as written (each name
    /// once, where it first appears): its order is the order of `new`'s arguments.
    Struct(Vec<Prop>, Option<SchemaId>, Vec<String>),
    /// `oneOf` / `anyOf`.
    Union(Union),
    /// `allOf` with several branches (the object's own properties, if any, are one of them).
    AllOf(Vec<SchemaId>),
    /// Names that an `allOf` branch lists in `required` without describing them (they are
    /// described by another branch).
    Required(Vec<String>),
    /// A reference to `#/components/schemas/NAME`.
    Ref(String),
}

/// One property of an object.
#[derive(Debug)]
pub(crate) struct Prop {
    /// Name on the wire.
    pub(crate) name: String,
    /// Its schema.
    pub(crate) id: SchemaId,
    /// Listed in `required`.
    pub(crate) required: bool,
}

/// A `oneOf`/`anyOf`.
#[derive(Debug)]
pub(crate) struct Union {
    /// The branches, `null` branches left out.
    pub(crate) variants: Vec<SchemaId>,
    /// `oneOf` (true) or `anyOf`.
    pub(crate) one_of: bool,
    /// `discriminator.propertyName`.
    pub(crate) discriminator: Option<String>,
    /// The `variants` that are expansions: references the schema's `x-expansionResources`
    /// lists (see [`crate::config::selection`]).
    pub(crate) expansions: Vec<SchemaId>,
}

/// One HTTP operation.
#[derive(Debug)]
pub(crate) struct Operation {
    /// `GET`.
    pub(crate) method: String,
    /// `/api/v2/partners/{partner_id}`.
    pub(crate) path: String,
    /// JSON pointer of the operation.
    pub(crate) pointer: String,
    /// `operationId`.
    pub(crate) operation_id: Option<String>,
    /// `tags` (what a configured selection may select it by).
    pub(crate) tags: Vec<String>,
    /// `deprecated: true`.
    pub(crate) deprecated: bool,
    /// Hash of summary and description (rendered on the method).
    pub(crate) docs: u64,
    /// Whether it is sent with credentials (a non-empty security requirement applies).
    pub(crate) authenticated: bool,
    /// Path-level and operation-level parameters, merged (operation wins).
    pub(crate) params: Vec<Param>,
    /// The request body.
    pub(crate) body: Option<Body>,
    /// Responses by status key (`200`, `4XX`, `default`), in document order.
    pub(crate) responses: Vec<Response>,
}

impl Operation {
    /// `GET /a/{}/b`: how operations are matched across documents (path parameter names
    /// do not count: they are not part of the generated API).
    pub(crate) fn key(method: &str, path: &str) -> String {
        let mut out = String::with_capacity(path.len() + 8);
        out.push_str(method);
        out.push(' ');
        let mut in_slot = false;
        for c in path.chars() {
            match c {
                '{' => {
                    in_slot = true;
                    out.push_str("{}");
                }
                '}' => in_slot = false,
                _ if in_slot => {}
                _ => out.push(c),
            }
        }
        out
    }

    /// `GET /api/v2/partners/{partner_id}`, for messages.
    pub(crate) fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The Rust method name the generator gives this operation under `config`.
    pub(crate) fn method_name(&self, config: &crate::Config) -> String {
        let route = format!("{} {}", self.method, self.path);
        let configured = self
            .operation_id
            .as_ref()
            .and_then(|id| config.operation_names.get(id))
            .or_else(|| config.operation_names.get(&route));
        match (configured, &self.operation_id) {
            (Some(name), _) => naming::snake_ident(name, "call"),
            (None, Some(id)) => naming::snake_ident(id, "call"),
            (None, None) => naming::method_name_from_path(&self.method, &self.path),
        }
    }
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    /// As written in the spec.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

/// One parameter.
#[derive(Debug)]
pub(crate) struct Param {
    /// Name on the wire.
    pub(crate) name: String,
    /// Where it goes.
    pub(crate) location: Location,
    /// Where it is defined (JSON pointer).
    pub(crate) pointer: String,
    /// `required` (always true for path parameters).
    pub(crate) required: bool,
    /// `deprecated: true`.
    pub(crate) deprecated: bool,
    /// Hash of description and example (rendered on the argument or options field).
    pub(crate) docs: u64,
    /// Hash of style, explode, allowReserved, allowEmptyValue: how the value is serialized.
    pub(crate) style: u64,
    /// Its schema (from `schema`, or the first `content` entry).
    pub(crate) schema: Option<SchemaId>,
}

/// How a body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Media {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

impl Media {
    fn of(media_type: &str) -> Self {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
            Self::Json
        } else if essence == "application/x-www-form-urlencoded" {
            Self::Form
        } else if essence.starts_with("multipart/") {
            Self::Multipart
        } else if essence.starts_with("text/") {
            Self::Text
        } else {
            Self::Binary
        }
    }

    /// Whether the generated code takes or returns the schema's type for this encoding
    /// (text and binary bodies are `String` and bytes whatever the schema says).
    pub(crate) fn typed(self) -> bool {
        matches!(self, Self::Json | Self::Form | Self::Multipart)
    }

    fn rank(self) -> u8 {
        match self {
            Self::Json => 0,
            Self::Form => 1,
            Self::Multipart => 2,
            Self::Text => 3,
            Self::Binary => 4,
        }
    }
}

/// The content of a body: the media type the generator picks, and its schema.
#[derive(Debug)]
pub(crate) struct Content {
    /// The media type as written.
    pub(crate) media_type: String,
    /// Its encoding.
    pub(crate) media: Media,
    /// Its schema.
    pub(crate) schema: Option<SchemaId>,
}

/// A request body.
#[derive(Debug)]
pub(crate) struct Body {
    /// Where it is defined.
    pub(crate) pointer: String,
    /// `required: true`.
    pub(crate) required: bool,
    /// What it carries (`None`: no `content`).
    pub(crate) content: Option<Content>,
}

/// One documented response.
#[derive(Debug)]
pub(crate) struct Response {
    /// `200`, `2XX`, `default`.
    pub(crate) status: String,
    /// Where it is defined.
    pub(crate) pointer: String,
    /// Hash of its description (rendered for error statuses only).
    pub(crate) docs: u64,
    /// What it carries (`None`: no content).
    pub(crate) content: Option<Content>,
}

impl Response {
    /// Whether it describes success (a 2xx code or `2XX`).
    pub(crate) fn is_success(&self) -> bool {
        self.status.starts_with('2')
    }
}

/// One security scheme.
#[derive(Debug)]
pub(crate) struct SecurityScheme {
    /// Where it is defined.
    pub(crate) pointer: String,
    /// `apiKey`, `http bearer`, `http basic`, `oauth2`, `openIdConnect`: what the client's
    /// credential setters are made from.
    pub(crate) kind: String,
    /// Hash of the rest (`in`, `name`, `bearerFormat`, flows): how the credential is sent.
    pub(crate) details: u64,
}

impl Spec {
    /// Models a document already in memory. `origin` names it in errors.
    pub fn build(root: &Value, origin: &str) -> Result<Self, Errors> {
        Self::build_doc(&Doc::from_value(root), origin)
    }

    /// Models a document read by [`Doc::read`].
    pub(crate) fn build_doc(doc: &Doc, origin: &str) -> Result<Self, Errors> {
        let mut builder = Builder {
            root: doc.root(),
            origin,
            nodes: Vec::new(),
            errors: Errors::default(),
            expanding: Vec::new(),
            pointers: PointerTable::default(),
        };
        let spec = builder.document();
        builder.errors.into_result(spec)
    }

    /// The document's name, as given when it was built.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Number of operations.
    pub fn operation_count(&self) -> usize {
        self.operations.len()
    }

    /// Number of component schemas.
    pub fn schema_count(&self) -> usize {
        self.components.len()
    }

    /// Calls `visit` with each schema node that node `id` leads to: array items, map values,
    /// properties and the additional properties' schema, union and `allOf` branches, and a
    /// reference's component.
    pub(crate) fn each_child(&self, id: SchemaId, visit: impl FnMut(SchemaId)) {
        self.each_child_but(id, false, visit);
    }

    /// [`each_child`](Self::each_child), without a union's expansions when
    /// `skip_expansions`.
    pub(crate) fn each_child_but(
        &self,
        id: SchemaId,
        skip_expansions: bool,
        mut visit: impl FnMut(SchemaId),
    ) {
        let Some(node) = self.nodes.get(id) else {
            return;
        };
        match &node.kind {
            Kind::Array(inner) | Kind::Map(inner) => visit(*inner),
            Kind::Struct(props, extra, _) => {
                props.iter().for_each(|p| visit(p.id));
                extra.iter().for_each(|e| visit(*e));
            }
            Kind::Union(union) => union
                .variants
                .iter()
                .filter(|v| !(skip_expansions && union.expansions.contains(v)))
                .for_each(|v| visit(*v)),
            Kind::AllOf(branches) => branches.iter().for_each(|b| visit(*b)),
            Kind::Ref(name) => self.component(name).iter().for_each(|c| visit(c.id)),
            Kind::Any
            | Kind::Never
            | Kind::Prim(_)
            | Kind::Multi(_)
            | Kind::Enum(..)
            | Kind::FreeObject
            | Kind::Required(_) => {}
        }
    }

    /// The node of component `name`.
    pub(crate) fn component(&self, name: &str) -> Option<&Component> {
        self.by_name.get(name).and_then(|&i| self.components.get(i))
    }

    /// The JSON pointer of schema node `id`.
    pub(crate) fn at(&self, id: SchemaId) -> String {
        self.nodes
            .get(id)
            .map_or_else(String::new, |n| self.pointers.get(n.pointer))
    }

    /// The Rust name of component `name` (the name itself if it is unknown).
    pub(crate) fn rust_name<'s>(&'s self, name: &'s str) -> &'s str {
        self.component(name).map_or(name, |c| c.rust.as_str())
    }
}

struct Builder<'a> {
    root: J<'a>,
    origin: &'a str,
    nodes: Vec<Schema>,
    errors: Errors,
    /// Non-component references being expanded (cycle guard).
    expanding: Vec<String>,
    pointers: PointerTable,
}

impl<'a> Builder<'a> {
    fn document(&mut self) -> Spec {
        let root = self.root;
        if !root.is_object() {
            self.errors.push(
                self.origin,
                "",
                "expected an OpenAPI document (a JSON object)",
            );
            return self.empty();
        }
        match root.get("openapi").and_then(J::as_str) {
            Some(v) if v.starts_with("3.") => {}
            Some(v) => self.errors.push(
                self.origin,
                "/openapi",
                format!("unsupported OpenAPI version `{v}`: expected 3.0 or 3.1"),
            ),
            None => self.errors.push(
                self.origin,
                "/openapi",
                "missing `openapi` version: expected an OpenAPI 3.0 or 3.1 document",
            ),
        }
        let components = self.components(root);
        let root_security = root.get("security");
        let mut operations = BTreeMap::new();
        if let Some(paths) = self.object_at(root, "paths", "") {
            // In the order of their keys, as the generator reads them: two templates that
            // differ only in their parameters' names (`/a/{id}`, `/a/{name}`) are one
            // operation here, and which one it is must not depend on the document's order.
            let mut paths: Vec<(&'a str, J<'a>)> = paths.entries().into_iter().flatten().collect();
            paths.sort_by(|a, b| a.0.cmp(b.0));
            for (path, item) in paths {
                let pointer = join("/paths", path);
                self.path_item(path, item, &pointer, root_security, &mut operations);
            }
        }
        Spec {
            origin: self.origin.to_owned(),
            nodes: std::mem::take(&mut self.nodes),
            pointers: std::mem::take(&mut self.pointers.pointers),
            by_name: components
                .iter()
                .enumerate()
                .map(|(i, c)| (c.name.clone(), i))
                .collect(),
            components,
            operations,
            security_schemes: self.security_schemes(root),
            default_server: root
                .get("servers")
                .and_then(J::items)
                .and_then(|mut s| s.next())
                .and_then(|s| s.get("url"))
                .and_then(J::as_str)
                .map(str::to_owned),
            info_docs: root
                .get("info")
                .filter(|info| info.is_object())
                // The client's docs name the API by title and version.
                .map_or(0, |info| rendered_docs(info, &["title", "version"])),
            sections: sections(root),
        }
    }

    fn empty(&mut self) -> Spec {
        Spec {
            origin: self.origin.to_owned(),
            nodes: Vec::new(),
            pointers: Pointers::default(),
            components: Vec::new(),
            by_name: HashMap::new(),
            operations: BTreeMap::new(),
            security_schemes: BTreeMap::new(),
            default_server: None,
            info_docs: 0,
            sections: BTreeMap::new(),
        }
    }

    /// `object[key]` as an object; an error when present and not an object.
    fn object_at<'v>(&mut self, object: J<'v>, key: &str, pointer: &str) -> Option<J<'v>> {
        match object.get(key) {
            None => None,
            Some(value) if value.is_null() => None,
            Some(value) if value.is_object() => Some(value),
            Some(_) => {
                self.errors
                    .push(self.origin, &join(pointer, key), "expected an object");
                None
            }
        }
    }

    fn components(&mut self, root: J<'a>) -> Vec<Component> {
        let Some(components) = self.object_at(root, "components", "") else {
            return Vec::new();
        };
        let Some(schemas) = self.object_at(components, "schemas", "/components") else {
            return Vec::new();
        };
        // Named in the order of their names, as the generator names them (the loader sorts
        // keys): a collision resolves the same way whatever order the document lists them in.
        let mut entries: Vec<(&'a str, J<'a>)> = schemas.entries().into_iter().flatten().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut scope = naming::Scope::default();
        entries
            .into_iter()
            .map(|(name, schema)| {
                let pointer = join("/components/schemas", name);
                Component {
                    name: name.to_owned(),
                    rust: scope.claim(naming::type_ident(name)),
                    id: self.schema(schema, pointer),
                }
            })
            .collect()
    }

    fn security_schemes(&mut self, root: J<'a>) -> BTreeMap<String, SecurityScheme> {
        let mut out = BTreeMap::new();
        let Some(schemes) = root
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
            .and_then(J::entries)
        else {
            return out;
        };
        for (name, scheme) in schemes {
            let pointer = join("/components/securitySchemes", name);
            let Some((scheme, pointer)) = self.deref(scheme, pointer) else {
                continue;
            };
            let object = scheme;
            if !object.is_object() {
                self.errors
                    .push(self.origin, &pointer, "expected a security scheme object");
                continue;
            }
            let ty = object.get("type").and_then(J::as_str).unwrap_or("");
            let kind = match object.get("scheme").and_then(J::as_str) {
                Some(http) if ty == "http" => format!("http {}", http.to_ascii_lowercase()),
                _ => ty.to_owned(),
            };
            out.insert(
                name.to_owned(),
                SecurityScheme {
                    details: fingerprint::of_keys(
                        object,
                        &["in", "name", "bearerFormat", "flows", "openIdConnectUrl"],
                    ),
                    kind,
                    pointer,
                },
            );
        }
        out
    }

    /// Follows a local `$ref` (any depth). Returns the target and its pointer; `None`
    /// (with an error recorded) when it cannot be resolved.
    fn deref(&mut self, mut value: J<'a>, mut pointer: String) -> Option<(J<'a>, String)> {
        for _ in 0..MAX_EXPANSION {
            let Some(reference) = value.get("$ref") else {
                return Some((value, pointer));
            };
            let at = join(&pointer, "$ref");
            let target = self.resolve(reference, &at)?;
            value = target.0;
            pointer = target.1;
        }
        self.errors.push(
            self.origin,
            &pointer,
            "reference chain too long (a `$ref` cycle?)",
        );
        None
    }

    fn resolve(&mut self, reference: J<'_>, at: &str) -> Option<(J<'a>, String)> {
        let Some(reference) = reference.as_str() else {
            self.errors
                .push(self.origin, at, "expected a reference string");
            return None;
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            self.errors.push(
                self.origin,
                at,
                format!(
                    "external reference `{reference}` is not supported: bundle the document first"
                ),
            );
            return None;
        };
        let pointer = percent_decode(pointer);
        match self.root.pointer(&pointer) {
            Some(target) => Some((target, pointer)),
            None => {
                self.errors.push(
                    self.origin,
                    at,
                    format!("`$ref: {reference}` points to nothing in this document"),
                );
                None
            }
        }
    }

    fn push(&mut self, schema: Schema) -> SchemaId {
        self.nodes.push(schema);
        self.nodes.len() - 1
    }

    fn leaf(&mut self, pointer: String, kind: Kind) -> SchemaId {
        let pointer = self.pointers.intern(&pointer);
        self.push(Schema {
            pointer,
            kind,
            nullable: false,
            deprecated: false,
            format: None,
            docs: 0,
            constraints: 0,
        })
    }

    fn schema<'v>(&mut self, value: J<'v>, pointer: String) -> SchemaId
    where
        'a: 'v,
    {
        let object = match value.as_bool() {
            Some(true) => return self.leaf(pointer, Kind::Any),
            Some(false) => return self.leaf(pointer, Kind::Never),
            None if value.is_object() => value,
            None => {
                self.errors.push(
                    self.origin,
                    &pointer,
                    "expected a schema (an object or a boolean)",
                );
                return self.leaf(pointer, Kind::Any);
            }
        };
        if object.same_doc(self.root) && needs_rewrite(object) {
            // A 3.1 form the generator's loader rewrites (a list of types, `const`, ...):
            // model what the generator sees, the schema as the loader leaves it.
            let mut value = object.to_value();
            crate::load::normalize_schema(&mut value);
            let doc = Doc::from_value(&value);
            return self.schema(doc.root(), pointer);
        }
        let mut nullable = object.get("nullable").is_some_and(J::is_true);
        let deprecated = object.get("deprecated").is_some_and(J::is_true);
        let docs = rendered_docs(object, SCHEMA_DOCS);
        let constraints = fingerprint::of_keys(object, CONSTRAINT_KEYS);
        let format = object.get("format").and_then(J::as_str).map(str::to_owned);
        if let Some(reference) = object.get("$ref") {
            return self.reference(reference, object, pointer, nullable, deprecated, docs);
        }
        let mut types: Vec<&str> = match object.get("type") {
            Some(t) => match t.as_str() {
                Some(one) => vec![one],
                None => t
                    .items()
                    .into_iter()
                    .flatten()
                    .filter_map(J::as_str)
                    .collect(),
            },
            None => Vec::new(),
        };
        if types.contains(&"null") {
            nullable = true;
            types.retain(|t| *t != "null");
        }
        let branches = self.branches(object, &pointer, &mut nullable);
        let wrapper = !STRUCTURE_KEYS
            .iter()
            .any(|k| !matches!(*k, "allOf" | "anyOf" | "oneOf") && object.get(k).is_some());
        let kind = match branches {
            Branches::Single(value, at) if wrapper => {
                // `allOf: [X]` or `anyOf: [X, {type: null}]`: the schema is X, with this
                // schema's nullability, deprecation and documentation on top.
                let id = self.schema(value, at);
                let pointer = self.pointers.intern(&pointer);
                let node = &mut self.nodes[id];
                node.pointer = pointer;
                node.nullable |= nullable;
                node.deprecated |= deprecated;
                if docs != 0 {
                    node.docs = docs;
                }
                if constraints != 0 {
                    node.constraints = constraints;
                }
                return id;
            }
            Branches::Single(value, at) => {
                let mut ids = vec![self.schema(value, at)];
                self.own_object(object, &pointer, &types, &mut ids);
                Kind::AllOf(ids)
            }
            Branches::All(mut ids) => {
                self.own_object(object, &pointer, &types, &mut ids);
                Kind::AllOf(ids)
            }
            Branches::Union(union) => Kind::Union(union),
            Branches::None => self.kind(object, &pointer, &types, &mut nullable),
        };
        let pointer = self.pointers.intern(&pointer);
        self.push(Schema {
            pointer,
            kind,
            nullable,
            deprecated,
            format,
            docs,
            constraints,
        })
    }

    fn reference<'v>(
        &mut self,
        reference: J<'v>,
        object: J<'v>,
        pointer: String,
        nullable: bool,
        deprecated: bool,
        docs: u64,
    ) -> SchemaId
    where
        'a: 'v,
    {
        let at = join(&pointer, "$ref");
        let Some((target, target_pointer)) = self.resolve(reference, &at) else {
            return self.leaf(pointer, Kind::Any);
        };
        let component = target_pointer
            .strip_prefix("/components/schemas/")
            .filter(|rest| !rest.contains('/'))
            .map(unescape_token);
        let id = match component {
            Some(name) => {
                // A component keeps its name. Nullability declared on the component itself is
                // compared at the component, once, not at every place that uses it.
                let pointer = self.pointers.intern(&pointer);
                return self.push(Schema {
                    pointer,
                    kind: Kind::Ref(name),
                    nullable,
                    deprecated,
                    format: None,
                    docs,
                    constraints: fingerprint::of_keys(object, CONSTRAINT_KEYS),
                });
            }
            None if self.expanding.len() >= MAX_EXPANSION
                || self.expanding.contains(&target_pointer) =>
            {
                self.errors.push(
                    self.origin,
                    &at,
                    "reference cycle outside #/components/schemas",
                );
                return self.leaf(pointer, Kind::Any);
            }
            None => {
                self.expanding.push(target_pointer.clone());
                let id = self.schema(target, target_pointer);
                self.expanding.pop();
                id
            }
        };
        let node = &mut self.nodes[id];
        node.nullable |= nullable;
        node.deprecated |= deprecated;
        if docs != 0 {
            node.docs = docs;
        }
        id
    }

    /// `allOf` / `oneOf` / `anyOf` of a schema, `null` branches removed (they set `nullable`).
    fn branches<'v>(&mut self, object: J<'v>, pointer: &str, nullable: &mut bool) -> Branches<'v>
    where
        'a: 'v,
    {
        if let Some(all) = object.get("allOf") {
            let list = self.list(all, &join(pointer, "allOf"));
            if list.len() == 1 {
                if let Some((value, at)) = list.into_iter().next() {
                    return Branches::Single(value, at);
                }
            } else if !list.is_empty() {
                let ids = list
                    .into_iter()
                    .map(|(value, at)| self.schema(value, at))
                    .collect();
                return Branches::All(ids);
            }
        }
        let mut members = Vec::new();
        let mut one_of = false;
        for key in ["oneOf", "anyOf"] {
            if let Some(list) = object.get(key) {
                one_of |= key == "oneOf";
                for (value, at) in self.list(list, &join(pointer, key)) {
                    if is_null_schema(value) {
                        *nullable = true;
                    } else {
                        members.push((value, at));
                    }
                }
            }
        }
        match members.len() {
            0 => Branches::None,
            1 => match members.pop() {
                Some((value, at)) => Branches::Single(value, at),
                None => Branches::None,
            },
            _ => {
                let listed: Vec<&str> = expansion_refs(object).collect();
                let mut variants = Vec::with_capacity(members.len());
                let mut expansions = Vec::new();
                for (value, at) in members {
                    let target = value.get("$ref").and_then(J::as_str);
                    let id = self.schema(value, at);
                    if target.is_some_and(|t| listed.contains(&t)) {
                        expansions.push(id);
                    }
                    variants.push(id);
                }
                Branches::Union(Union {
                    variants,
                    expansions,
                    one_of,
                    discriminator: object
                        .get("discriminator")
                        .and_then(|d| d.get("propertyName"))
                        .and_then(J::as_str)
                        .map(str::to_owned),
                })
            }
        }
    }

    fn list<'v>(&mut self, value: J<'v>, pointer: &str) -> Vec<(J<'v>, String)> {
        match value.items() {
            Some(items) => items
                .enumerate()
                .map(|(i, item)| (item, join(pointer, &i.to_string())))
                .collect(),
            None => {
                self.errors
                    .push(self.origin, pointer, "expected an array of schemas");
                Vec::new()
            }
        }
    }

    /// The keywords written beside `allOf` (properties, a type, `required` names), as more
    /// branches.
    fn own_object<'v>(
        &mut self,
        object: J<'v>,
        pointer: &str,
        types: &[&str],
        branches: &mut Vec<SchemaId>,
    ) {
        let mut nullable = false;
        let kind = self.kind(object, pointer, types, &mut nullable);
        let is_struct = matches!(kind, Kind::Struct(..));
        if !matches!(kind, Kind::Any | Kind::FreeObject) {
            branches.push(self.leaf(pointer.to_owned(), kind));
        }
        if is_struct {
            // The struct carries the whole `required` list, in order.
            return;
        }
        let described = object.get("properties").filter(|p| p.is_object());
        let names: Vec<String> = object
            .get("required")
            .and_then(J::items)
            .into_iter()
            .flatten()
            .filter_map(J::as_str)
            .filter(|name| described.is_none_or(|d| d.get(name).is_none()))
            .map(str::to_owned)
            .collect();
        if !names.is_empty() {
            branches.push(self.leaf(pointer.to_owned(), Kind::Required(names)));
        }
    }

    fn kind<'v>(
        &mut self,
        object: J<'v>,
        pointer: &str,
        types: &[&str],
        nullable: &mut bool,
    ) -> Kind
    where
        'a: 'v,
    {
        let values = object
            .get("enum")
            .and_then(J::items)
            .map(|v| v.collect::<Vec<_>>())
            .or_else(|| object.get("const").map(|c| vec![c]));
        if let Some(values) = values {
            if values.iter().any(|v| v.is_null()) {
                *nullable = true;
            }
            let prim = match types {
                [one] => Prim::parse(one),
                _ => infer_prim(&values),
            };
            let values = values
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| v.to_json())
                .collect();
            return Kind::Enum(prim, values);
        }
        if types.len() > 1 {
            let mut prims: Vec<Prim> = types.iter().filter_map(|t| Prim::parse(t)).collect();
            prims.sort();
            prims.dedup();
            if prims.len() == types.len() {
                return Kind::Multi(prims);
            }
            return Kind::Any;
        }
        let ty = types.first().copied();
        let objectish = ty == Some("object")
            || (ty.is_none()
                && (object.get("properties").is_some()
                    || object.get("additionalProperties").is_some()));
        if objectish {
            return self.object(object, pointer);
        }
        if ty == Some("array") || (ty.is_none() && object.get("items").is_some()) {
            let items = match object.get("items") {
                Some(items) => self.schema(items, join(pointer, "items")),
                None => self.leaf(join(pointer, "items"), Kind::Any),
            };
            return Kind::Array(items);
        }
        match ty.and_then(Prim::parse) {
            Some(prim) => Kind::Prim(prim),
            None => Kind::Any,
        }
    }

    fn object<'v>(&mut self, object: J<'v>, pointer: &str) -> Kind
    where
        'a: 'v,
    {
        let mut required: Vec<&str> = Vec::new();
        for name in object
            .get("required")
            .and_then(J::items)
            .into_iter()
            .flatten()
            .filter_map(J::as_str)
        {
            if !required.contains(&name) {
                required.push(name);
            }
        }
        let mut props = Vec::new();
        if let Some(properties) = self.object_at(object, "properties", pointer) {
            let base = join(pointer, "properties");
            for (name, schema) in properties.entries().into_iter().flatten() {
                props.push(Prop {
                    name: name.to_owned(),
                    id: self.schema(schema, join(&base, name)),
                    required: required.contains(&name),
                });
            }
        }
        let additional = match object.get("additionalProperties") {
            Some(schema) if schema.is_object() && schema.len() > 0 => {
                Some(self.schema(schema, join(pointer, "additionalProperties")))
            }
            _ => None,
        };
        match (props.is_empty(), additional) {
            (false, additional) => Kind::Struct(
                props,
                additional,
                required.into_iter().map(str::to_owned).collect(),
            ),
            (true, Some(values)) => Kind::Map(values),
            (true, None) => Kind::FreeObject,
        }
    }

    fn path_item(
        &mut self,
        path: &str,
        item: J<'a>,
        pointer: &str,
        root_security: Option<J<'a>>,
        operations: &mut BTreeMap<String, Operation>,
    ) {
        let Some((item, item_pointer)) = self.deref(item, pointer.to_owned()) else {
            return;
        };
        if !item.is_object() {
            self.errors
                .push(self.origin, &item_pointer, "expected a path item object");
            return;
        }
        let shared = item.get("parameters");
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let op_pointer = join(&item_pointer, method);
            if !op.is_object() {
                self.errors
                    .push(self.origin, &op_pointer, "expected an operation object");
                continue;
            }
            let method = method.to_ascii_uppercase();
            let operation = self.operation(
                path,
                &method,
                op,
                &op_pointer,
                shared,
                &item_pointer,
                root_security,
            );
            // Keyed as written: two templates that differ only in their parameters' names
            // are two methods for the generator. The compare matches them across documents
            // as written first, then up to parameter names.
            operations.insert(format!("{method} {path}"), operation);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: J<'a>,
        pointer: &str,
        shared: Option<J<'a>>,
        item_pointer: &str,
        root_security: Option<J<'a>>,
    ) -> Operation {
        let mut params = Vec::new();
        if let Some(shared) = shared {
            self.params(shared, &join(item_pointer, "parameters"), &mut params);
        }
        if let Some(own) = op.get("parameters") {
            self.params(own, &join(pointer, "parameters"), &mut params);
        }
        order_path_params(path, &mut params);
        let security = op.get("security").or(root_security);
        Operation {
            method: method.to_owned(),
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            operation_id: op.get("operationId").and_then(J::as_str).map(str::to_owned),
            tags: op
                .get("tags")
                .and_then(J::items)
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            deprecated: op.get("deprecated").is_some_and(J::is_true),
            docs: rendered_docs(op, &["summary", "description"]),
            authenticated: security
                .and_then(J::items)
                .is_some_and(|mut reqs| reqs.any(|r| r.is_object() && r.len() > 0)),
            params,
            body: op
                .get("requestBody")
                .and_then(|b| self.body(b, join(pointer, "requestBody"))),
            responses: self.responses(op, pointer),
        }
    }

    fn params(&mut self, list: J<'a>, pointer: &str, out: &mut Vec<Param>) {
        let Some(list) = list.items() else {
            self.errors
                .push(self.origin, pointer, "expected an array of parameters");
            return;
        };
        for (i, param) in list.enumerate() {
            let Some((param, at)) = self.deref(param, join(pointer, &i.to_string())) else {
                continue;
            };
            let object = param;
            if !object.is_object() {
                self.errors
                    .push(self.origin, &at, "expected a parameter object");
                continue;
            }
            let name = object.get("name").and_then(J::as_str);
            let location = match object.get("in").and_then(J::as_str) {
                Some("path") => Some(Location::Path),
                Some("query") => Some(Location::Query),
                Some("header") => Some(Location::Header),
                Some("cookie") => Some(Location::Cookie),
                _ => None,
            };
            let (Some(name), Some(location)) = (name, location) else {
                self.errors.push(
                    self.origin,
                    &at,
                    "a parameter needs `name` and `in` (path, query, header or cookie)",
                );
                continue;
            };
            let schema = match (
                object.get("schema"),
                object.get("content").and_then(J::entries),
            ) {
                (Some(schema), _) => Some(self.schema(schema, join(&at, "schema"))),
                // The first media type by name (the generator reads keys sorted).
                (None, Some(content)) => {
                    content.min_by(|a, b| a.0.cmp(b.0)).and_then(|(media, m)| {
                        let base = join(&join(&at, "content"), media);
                        m.get("schema")
                            .map(|s| self.schema(s, join(&base, "schema")))
                    })
                }
                (None, None) => None,
            };
            let param = Param {
                name: name.to_owned(),
                location,
                required: location == Location::Path
                    || object.get("required").is_some_and(J::is_true),
                deprecated: object.get("deprecated").is_some_and(J::is_true),
                docs: rendered_docs(object, &["description", "example"]),
                style: fingerprint::of_keys(
                    object,
                    &["style", "explode", "allowReserved", "allowEmptyValue"],
                ),
                schema,
                pointer: at,
            };
            // Operation-level parameters override path-level ones with the same name and place.
            let same = |p: &Param| p.location == param.location && same_name(p, &param);
            match out.iter().position(same) {
                Some(existing) => out[existing] = param,
                None => out.push(param),
            }
        }
    }

    fn body(&mut self, body: J<'a>, pointer: String) -> Option<Body> {
        let (body, pointer) = self.deref(body, pointer)?;
        let object = body;
        if !object.is_object() {
            self.errors
                .push(self.origin, &pointer, "expected a request body object");
            return None;
        }
        Some(Body {
            required: object.get("required").is_some_and(J::is_true),
            content: self.content(object, &pointer),
            pointer,
        })
    }

    fn responses(&mut self, op: J<'a>, pointer: &str) -> Vec<Response> {
        let Some(responses) = self.object_at(op, "responses", pointer) else {
            return Vec::new();
        };
        let base = join(pointer, "responses");
        let mut out = Vec::new();
        for (status, response) in responses.entries().into_iter().flatten() {
            if status.starts_with("x-") {
                continue;
            }
            let Some((response, at)) = self.deref(response, join(&base, status)) else {
                continue;
            };
            let object = response;
            if !object.is_object() {
                self.errors
                    .push(self.origin, &at, "expected a response object");
                continue;
            }
            out.push(Response {
                status: status.to_ascii_uppercase(),
                docs: rendered_docs(object, &["description"]),
                content: self.content(object, &at),
                pointer: at,
            });
        }
        out
    }

    /// The content entry the generator uses: JSON first, then form, multipart, text, bytes.
    fn content(&mut self, object: J<'a>, pointer: &str) -> Option<Content> {
        let content = self.object_at(object, "content", pointer)?;
        // The best-ranked media type; among equals, the first by name (the generator reads
        // keys sorted).
        let (media_type, entry) = content
            .entries()?
            .min_by(|a, b| (Media::of(a.0).rank(), a.0).cmp(&(Media::of(b.0).rank(), b.0)))?;
        let at = join(&join(pointer, "content"), media_type);
        let schema = entry
            .get("schema")
            .map(|schema| self.schema(schema, join(&at, "schema")));
        Some(Content {
            media: Media::of(media_type),
            media_type: media_type.to_owned(),
            schema,
        })
    }
}

enum Branches<'a> {
    None,
    Single(J<'a>, String),
    All(Vec<SchemaId>),
    Union(Union),
}

fn same_name(a: &Param, b: &Param) -> bool {
    if a.location == Location::Header {
        a.name.eq_ignore_ascii_case(&b.name)
    } else {
        a.name == b.name
    }
}

/// Path parameters first, in template order (how the generator orders positional arguments);
/// the others keep their document order.
fn order_path_params(path: &str, params: &mut [Param]) {
    let slots: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect();
    params.sort_by_key(|p| match p.location {
        Location::Path => slots
            .iter()
            .position(|s| *s == p.name)
            .unwrap_or(slots.len()),
        _ => usize::MAX,
    });
}

/// Whether the generator's loader rewrites this schema object before the generator reads it
/// (see `load::schema`): a `type` that is a list or `"null"`, `const`, a list of `examples`,
/// numeric `exclusiveMinimum`/`exclusiveMaximum`, `contentEncoding`/`contentMediaType`.
/// Everything else it leaves as written, and the model reads it as written.
fn needs_rewrite(object: J<'_>) -> bool {
    let ty = object.get("type");
    ty.is_some_and(|t| t.is_array() || t.as_str() == Some("null"))
        || object.get("const").is_some()
        || object.get("examples").is_some_and(J::is_array)
        || object.get("exclusiveMinimum").is_some_and(J::is_number)
        || object.get("exclusiveMaximum").is_some_and(J::is_number)
        || object.get("contentEncoding").is_some()
        || object.get("contentMediaType").is_some()
}

fn is_null_schema(value: J<'_>) -> bool {
    if !value.is_object() {
        return false;
    }
    match value.get("type") {
        Some(t) if t.as_str().is_some() => t.as_str() == Some("null"),
        Some(ts) if ts.is_array() => {
            ts.len() > 0
                && ts
                    .items()
                    .into_iter()
                    .flatten()
                    .all(|t| t.as_str() == Some("null"))
        }
        _ => {
            value.get("const").is_some_and(J::is_null)
                || value
                    .get("enum")
                    .filter(|v| v.len() > 0)
                    .and_then(J::items)
                    .is_some_and(|mut v| v.all(J::is_null))
        }
    }
}

fn infer_prim(values: &[J<'_>]) -> Option<Prim> {
    let mut prims = values.iter().filter(|v| !v.is_null()).map(|v| {
        if v.as_bool().is_some() {
            Some(Prim::Bool)
        } else if v.is_integer() {
            Some(Prim::Integer)
        } else if v.is_number() {
            Some(Prim::Number)
        } else if v.as_str().is_some() {
            Some(Prim::String)
        } else {
            None
        }
    });
    let first = prims.next()??;
    prims.all(|p| p == Some(first)).then_some(first)
}

/// RFC 6901 token unescaping (`~1` → `/`, `~0` → `~`).
fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Decodes `%XX` escapes in a URI fragment (a `$ref` may percent-encode its pointer).
fn percent_decode(fragment: &str) -> String {
    if !fragment.contains('%') {
        return fragment.to_owned();
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Fingerprints of the document's sections: each top-level key, each path item, each
/// component.
fn sections(root: J<'_>) -> BTreeMap<String, Fingerprint> {
    let mut out = BTreeMap::new();
    for (key, value) in root.entries().into_iter().flatten() {
        let pointer = join("", key);
        match (key, value.entries()) {
            ("paths" | "webhooks", Some(items)) => {
                for (name, item) in items {
                    out.insert(join(&pointer, name), fingerprint::of(item));
                }
            }
            ("components", Some(sections)) => {
                for (section, entries) in sections {
                    let section_pointer = join(&pointer, section);
                    match entries.entries() {
                        Some(entries) => {
                            for (name, entry) in entries {
                                out.insert(join(&section_pointer, name), fingerprint::of(entry));
                            }
                        }
                        None => {
                            out.insert(section_pointer, fingerprint::of(entries));
                        }
                    }
                }
            }
            _ => {
                out.insert(pointer, fingerprint::of(value));
            }
        }
    }
    out
}

/// The references `object`'s `x-expansionResources` lists (`{"oneOf": [{"$ref": ...}]}`).
fn expansion_refs<'v>(object: J<'v>) -> impl Iterator<Item = &'v str> + 'v {
    let resources = object.get("x-expansionResources");
    ["oneOf", "anyOf"]
        .into_iter()
        .filter_map(move |key| resources.and_then(|r| r.get(key)))
        .filter_map(J::items)
        .flatten()
        .filter_map(|r| r.get("$ref").and_then(J::as_str))
}
