//! Lower: `openapiv3::OpenAPI` → IR ([`crate::ir::Api`]).
//!
//! Component schemas are named first (in the order of their names: the loader sorts every
//! object's keys, so collisions resolve the same way whatever order the document lists
//! them in); then every schema, component or inline, becomes a [`Ty`] reference, hoisting
//! inline objects, enums and unions into named types called after where they stand
//! (`PartnerOutSettings`, `GetWidgetResponse`). Operations come last.
//!
//! # References
//!
//! A reference to `#/components/schemas/NAME` is that component's type. A reference to any
//! other place (a property of another schema, JSON Schema `definitions`, a union branch, a
//! parameter's or another operation's response schema; read by [`crate::parse::targets`])
//! is the type of that place: the place is lowered once, the first time it is reached,
//! through the reference or where it stands, and every other way to it gets the same type.
//! A type hoisted there is named after the place (`Volume` + `size` → `VolumeSize`, the way
//! lowering names inline schemas), whichever way came first. A reference inside the place
//! that leads back to it while it is lowered reserves that name, so recursion goes through a
//! named type (boxed or a newtype, like recursion between components), and a cycle of
//! references only is an error naming the places.
//!
//! Responses, parameters, bodies and path items may be references too, to components or to
//! any place of their kind. A response or parameter node keeps the pointer of the place
//! that refers (the `$ref` object); the types made from what it leads to point where that
//! stands, and so do the operations of a path item reached through a reference.

mod cycles;
mod operation;
mod schema;

pub(crate) use operation::template_slots;

use crate::config::Config;
use crate::diag::{Diagnostic, Errors};
use crate::ir::{Api, Docs, Ty, TypeDef, TypeKind};
use crate::naming::{self, Scope};
use crate::openapi::METHODS;
use crate::parse::targets::{Found, Target, Targets};
use crate::parse::Parsed;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::HashMap;

/// Lowers a parsed document into the IR, collecting every error.
pub fn lower(
    parsed: &Parsed,
    origin: &str,
    config: &Config,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Api, Errors> {
    let api = &parsed.api;
    let before = warnings.len();
    let mut cx = Lowerer::new(parsed, origin, config, warnings);
    cx.name_components();
    cx.lower_components();
    let operations = cx.lower_operations();
    let mut types: Vec<TypeDef> = cx.types.into_values().collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    for (pointer, message) in cycles::alias_cycles(&types) {
        cx.errors.push(origin, &pointer, message);
    }
    cycles::box_cycles(&mut types);
    cycles::newtype_recursive_aliases(&mut types);
    let mut out = Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        default_base_url: api.servers.first().map(|s| s.url.clone()),
        types,
        operations,
        features: Default::default(),
        unselected: Vec::new(),
        unselected_operations: Vec::new(),
    };
    out.operations.sort_by(|a, b| a.name.cmp(&b.name));
    // A place reached more than once (a response two operations refer to, the operations
    // of a path item another refers to) says the same thing each time: once is enough.
    let added: Vec<Diagnostic> = cx.warnings.drain(before..).collect();
    let mut seen = std::collections::HashSet::new();
    cx.warnings
        .extend(added.into_iter().filter(|w| seen.insert(w.clone())));
    cx.errors.into_result(out)
}

/// A schema reached through a reference or inline, with the pointer it is at.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(s) => Self::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(s) => Self::Item(s),
        }
    }
}

/// Where a schema reference leads.
#[derive(Clone, Copy)]
pub(crate) enum SchemaTarget<'a> {
    /// `#/components/schemas/NAME`: the component's name and schema.
    Component(&'a str, SchemaRef<'a>),
    /// A schema anywhere else: its (decoded) pointer and the schema there.
    At(&'a str, SchemaRef<'a>),
}

/// A schema location reached through a reference, while and after it is lowered.
enum Shared {
    /// Being lowered; a name is reserved once a reference inside leads back to it.
    Pending(Option<String>),
    /// Lowered: its type, and whether `null` is allowed.
    Done(Ty, bool),
}

/// State of one lowering run.
pub(crate) struct Lowerer<'a> {
    pub(crate) api: &'a OpenAPI,
    /// The targets of references other than `#/components/schemas/NAME`.
    pub(crate) targets: &'a Targets,
    /// The types of schema locations that references point to, by pointer and by
    /// `binary_as_bytes`: each location becomes one type, however it is reached.
    shared: HashMap<(String, bool), Shared>,
    pub(crate) origin: &'a str,
    pub(crate) config: &'a Config,
    pub(crate) warnings: &'a mut Vec<Diagnostic>,
    pub(crate) errors: Errors,
    /// Emitted types by Rust name.
    pub(crate) types: HashMap<String, TypeDef>,
    /// Type names taken in `types`.
    pub(crate) type_names: Scope,
    /// Component schema name → Rust type name.
    pub(crate) components: HashMap<String, String>,
    /// Component schema name → the caller's type replacing it (`"replace"` in the config).
    pub(crate) replaced: HashMap<String, String>,
    /// Set while lowering a multipart body: `format: binary` strings there are file contents
    /// (`Vec<u8>`), not text.
    pub(crate) binary_as_bytes: bool,
    /// Inline schemas being lowered, by [`schema::SchemaKey`], and the same keys in the order
    /// their lowering started (see [`Lowerer::ty_of`]).
    pub(crate) lowering: HashMap<schema::SchemaKey, schema::Pending>,
    pub(crate) lowering_stack: Vec<schema::SchemaKey>,
    /// The types of inline schemas that contain themselves, once lowered: lowered once and
    /// reused wherever they are met again.
    pub(crate) recursive: HashMap<schema::SchemaKey, (Ty, bool)>,
    /// The `allOf` merge of each component schema merged so far (`None`: not an object).
    pub(crate) merged: HashMap<&'a str, Option<std::rc::Rc<schema::Merged<'a>>>>,
    /// Component schemas whose `allOf` merge is under way, outermost first.
    pub(crate) merging: Vec<&'a str>,
    /// The deepest `allOf` merge level reached by the merge under way.
    pub(crate) merge_reach: usize,
}

/// The prefix of local schema references.
const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Lowerer<'a> {
    fn new(
        parsed: &'a Parsed,
        origin: &'a str,
        config: &'a Config,
        warnings: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Self {
            api: &parsed.api,
            targets: &parsed.targets,
            shared: HashMap::new(),
            origin,
            config,
            warnings,
            errors: Errors::default(),
            types: HashMap::new(),
            type_names: Scope::default(),
            components: HashMap::new(),
            replaced: HashMap::new(),
            binary_as_bytes: false,
            lowering: HashMap::new(),
            lowering_stack: Vec::new(),
            recursive: HashMap::new(),
            merged: HashMap::new(),
            merging: Vec::new(),
            merge_reach: 0,
        }
    }

    pub(crate) fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.errors.push(self.origin, pointer, message);
    }

    pub(crate) fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.origin, pointer, message));
    }

    fn component_schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        self.api.components.iter().flat_map(|c| c.schemas.iter())
    }

    /// Claims a Rust name for every component schema, in the order of their names (the
    /// loaded document has its keys sorted).
    fn name_components(&mut self) {
        self.find_replaced();
        let names: Vec<String> = self.component_schemas().map(|(n, _)| n.clone()).collect();
        for name in names {
            // A replaced schema gets no type (and keeps no name from the others).
            if self.replaced.contains_key(&name) {
                continue;
            }
            let ident = self.type_names.claim(naming::type_ident(&name));
            self.components.insert(name, ident);
        }
    }

    /// The component schemas the configuration replaces by a type of the caller's; a key
    /// that names no component schema is an error at its place in the configuration.
    fn find_replaced(&mut self) {
        let config_origin = if self.config.origin.is_empty() {
            "config"
        } else {
            self.config.origin.as_str()
        };
        for (key, path) in &self.config.replace {
            let name = match key.strip_prefix(SCHEMA_PREFIX) {
                Some(token) => token.replace("~1", "/").replace("~0", "~"),
                None => key.clone(),
            };
            if self.component_schemas().any(|(n, _)| *n == name) {
                self.replaced.insert(name, path.clone());
            } else {
                self.errors.push(
                    config_origin,
                    &crate::diag::join("/replace", key),
                    format!("no schema `{name}` under #/components/schemas to replace"),
                );
            }
        }
    }

    fn lower_components(&mut self) {
        let schemas: Vec<(&'a String, &'a ReferenceOr<Schema>)> =
            self.component_schemas().collect();
        for (name, schema) in schemas {
            let pointer = format!("/components/schemas/{}", crate::diag::escape_token(name));
            let Some(rust) = self.components.get(name).cloned() else {
                continue;
            };
            let def = self.lower_named(&rust, name, SchemaRef::from(schema), &pointer);
            self.types.insert(rust, def);
        }
    }

    /// Resolves a local schema reference (the `$ref` at `pointer`), reporting what it
    /// assumed (a warning) or why it leads nowhere (an error).
    pub(crate) fn resolve(&mut self, reference: &str, pointer: &str) -> Option<SchemaTarget<'a>> {
        match self.lookup(reference) {
            Ok((target, note)) => {
                if let Some(note) = note {
                    self.warn(pointer, note);
                }
                Some(target)
            }
            Err(message) => {
                self.error(pointer, message);
                None
            }
        }
    }

    /// Where a schema reference leads, without reporting: the target, and the note to
    /// report when the reference names an object of another kind.
    pub(crate) fn lookup(
        &self,
        reference: &str,
    ) -> Result<(SchemaTarget<'a>, Option<&'a str>), String> {
        let name = match self.targets.schema(reference) {
            Some(Target::Found(Found {
                pointer: Some(pointer),
                value,
                note,
            })) => {
                let target = SchemaTarget::At(pointer, SchemaRef::from(value));
                return Ok((target, note.as_deref()));
            }
            Some(Target::Found(Found { pointer: None, .. })) => {
                return Err(format!("`{reference}` points to no schema"))
            }
            Some(Target::Invalid(message)) => return Err(message.clone()),
            Some(Target::Component(name)) => name.clone(),
            None => match reference.strip_prefix(SCHEMA_PREFIX) {
                Some(name) => name.replace("~1", "/").replace("~0", "~"),
                None => return Err(format!("`{reference}` points to no schema")),
            },
        };
        let found = self
            .api
            .components
            .as_ref()
            .and_then(|c| c.schemas.get_key_value(name.as_str()));
        match found {
            Some((key, schema)) => Ok((
                SchemaTarget::Component(key.as_str(), SchemaRef::from(schema)),
                None,
            )),
            None => Err(format!(
                "`$ref: {reference}` points to no schema: expected `{name}` under #/components/schemas"
            )),
        }
    }

    /// A type name for the schema at `pointer` reached through a reference before the place
    /// where it stands was lowered: named after that place, the way lowering names inline
    /// schemas (`Volume` + `size` → `VolumeSize`; an operation's response → `GetJobResponse`).
    pub(crate) fn location_hint(&self, pointer: &str) -> String {
        let tokens: Vec<String> = crate::load::pointer::tokens(pointer).collect();
        let mut out = String::new();
        let rest: &[String] = match tokens.as_slice() {
            [c, s, name, rest @ ..] if c == "components" && s == "schemas" => {
                match self.components.get(name) {
                    Some(rust) => out.push_str(rust),
                    None => out.push_str(&naming::camel_ident(name, "Schema")),
                }
                rest
            }
            [c, _, name, rest @ ..] if c == "components" => {
                out.push_str(&naming::camel_ident(name, "Schema"));
                rest
            }
            [p, path, method, rest @ ..] if p == "paths" && METHODS.contains(&method.as_str()) => {
                out.push_str(&self.operation_hint(path, method));
                self.operation_part_hint(path, Some(method), rest, &mut out)
            }
            // A path item's own parameters: named after the path.
            [p, path, rest @ ..] if p == "paths" => {
                out.push_str(&naming::camel_ident(
                    &naming::snake_ident(path, "path"),
                    "Path",
                ));
                self.operation_part_hint(path, None, rest, &mut out)
            }
            _ => &tokens,
        };
        let mut i = 0;
        while let Some(token) = rest.get(i) {
            let next = rest.get(i + 1);
            i += 1;
            let part = match (token.as_str(), next) {
                ("properties" | "definitions" | "$defs", Some(name)) => {
                    i += 1;
                    naming::camel_ident(name, "Field")
                }
                ("allOf" | "oneOf" | "anyOf", Some(index)) => {
                    i += 1;
                    let n = index.parse::<usize>().map_or(0, |n| n + 1);
                    format!("Variant{n}")
                }
                ("items", _) => "Item".to_owned(),
                ("additionalProperties", _) => "Value".to_owned(),
                ("content", Some(_)) => {
                    i += 1;
                    String::new()
                }
                ("schema", _) => String::new(),
                (other, _) => naming::camel_ident(other, ""),
            };
            out.push_str(&part);
        }
        if out.is_empty() {
            "Schema".to_owned()
        } else {
            out
        }
    }

    /// The name part lowering derives from an operation (`CreateJob`), from its
    /// `operationId` or its method and path.
    fn operation_hint(&self, path: &str, method: &str) -> String {
        let id = match self.api.paths.paths.get(path) {
            Some(ReferenceOr::Item(item)) => item
                .iter()
                .find(|(m, _)| *m == method)
                .and_then(|(_, op)| op.operation_id.as_deref()),
            _ => None,
        };
        let upper = method.to_ascii_uppercase();
        let by_route = format!("{upper} {path}");
        let configured = id
            .and_then(|id| self.config.operation_names.get(id))
            .or_else(|| self.config.operation_names.get(&by_route));
        let snake = match (configured, id) {
            (Some(name), _) => naming::snake_ident(name, "call"),
            (None, Some(id)) => naming::snake_ident(id, "call"),
            (None, None) => naming::method_name_from_path(&upper, path),
        };
        naming::camel_ident(&snake, "Call")
    }

    /// Appends what lowering adds after an operation's name for the part of it `rest`
    /// starts with (`RequestBody`, `Response`, `NotFound`, a parameter's name); returns the
    /// tokens after that part. Without a method, `rest` is inside the path item.
    fn operation_part_hint<'t>(
        &self,
        path: &str,
        method: Option<&str>,
        rest: &'t [String],
        out: &mut String,
    ) -> &'t [String] {
        match rest {
            [r, status, tail @ ..] if r == "responses" => {
                let part = match status.parse::<u16>() {
                    Ok(c) if (200..300).contains(&c) => "Response".to_owned(),
                    Ok(c) => naming::status_variant(c),
                    Err(_) => match status.to_ascii_uppercase().as_str() {
                        "2XX" => "Response".to_owned(),
                        "4XX" => "ClientError".to_owned(),
                        "5XX" => "ServerError".to_owned(),
                        "DEFAULT" => "Default".to_owned(),
                        other => naming::camel_ident(other, "Status"),
                    },
                };
                out.push_str(&part);
                tail
            }
            [b, tail @ ..] if b == "requestBody" => {
                out.push_str("RequestBody");
                tail
            }
            [p, index, tail @ ..] if p == "parameters" => {
                let list = match (self.api.paths.paths.get(path), method) {
                    (Some(ReferenceOr::Item(item)), None) => Some(&item.parameters),
                    (Some(ReferenceOr::Item(item)), Some(method)) => item
                        .iter()
                        .find(|(m, _)| *m == method)
                        .map(|(_, op)| &op.parameters),
                    _ => None,
                };
                let name = list
                    .and_then(|list| list.get(index.parse::<usize>().ok()?))
                    .and_then(|p| p.as_item())
                    .map(|p| p.parameter_data_ref().name.clone());
                let name = name.unwrap_or_else(|| format!("param{index}"));
                out.push_str(&naming::camel_ident(&name, "Param"));
                tail
            }
            _ => rest,
        }
    }

    /// Adds a hoisted type under a unique name derived from `hint`; returns its reference.
    pub(crate) fn add_type(
        &mut self,
        hint: &str,
        original: &str,
        pointer: &str,
        docs: Docs,
        kind: TypeKind,
    ) -> Ty {
        let name = self.type_names.claim(naming::type_ident(hint));
        self.define(&name, original, pointer, docs, kind);
        Ty::Named(name)
    }

    /// Adds a type under a name already claimed.
    pub(crate) fn define(
        &mut self,
        name: &str,
        original: &str,
        pointer: &str,
        docs: Docs,
        kind: TypeKind,
    ) {
        self.types.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                original: original.to_owned(),
                pointer: pointer.to_owned(),
                docs,
                kind,
            },
        );
    }
}

/// Docs from a schema's data.
pub(crate) fn schema_docs(data: &openapiv3::SchemaData) -> Docs {
    Docs {
        summary: data.title.clone(),
        description: data.description.clone(),
        example: data.example.as_ref().map(|e| e.to_string()),
        deprecated: data
            .deprecated
            .then(|| "marked deprecated in the API description".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostic;
    use crate::ir::{Api, Int, MediaKind, Presence, Ty, TypeDef, TypeKind};
    use serde_json::{json, Value};

    /// Lowers a 3.0 document made of `paths` and `components.schemas`.
    fn lower(paths: Value, schemas: Value) -> (Api, Vec<Diagnostic>) {
        lower_doc(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas},
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Loads, parses, lowers and checks a whole document.
    fn lower_doc(doc: Value) -> Result<(Api, Vec<Diagnostic>), crate::Errors> {
        let text = serde_json::to_vec(&doc).unwrap_or_default();
        let loaded = crate::load::load(&text, "t.json")?;
        let api = crate::parse::parse(&loaded.value, "t.json")?;
        let mut warnings = loaded.warnings;
        let ir = super::lower(&api, "t.json", &crate::Config::default(), &mut warnings)?;
        crate::check::check(&ir, "t.json")?;
        Ok((ir, warnings))
    }

    fn schemas(schemas: Value) -> Api {
        lower(json!({}), schemas).0
    }

    fn get<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
        api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name} in {:?}", names(api)))
    }

    fn names(api: &Api) -> Vec<&str> {
        api.types.iter().map(|t| t.name.as_str()).collect()
    }

    fn fields(def: &TypeDef) -> Vec<(&str, &Ty, Presence)> {
        match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| (f.name.as_str(), &f.ty, f.presence))
                .collect(),
            other => panic!("{} is not a struct: {other:?}", def.name),
        }
    }

    /// (variant name, type, tags) of a union.
    fn variants(def: &TypeDef) -> Vec<(&str, &Ty, Vec<&str>)> {
        match &def.kind {
            TypeKind::Union(u) => u
                .variants
                .iter()
                .map(|v| {
                    let tags = v.tags.iter().map(String::as_str).collect();
                    (v.name.as_str(), &v.ty, tags)
                })
                .collect(),
            other => panic!("{} is not a union: {other:?}", def.name),
        }
    }

    #[test]
    fn formats_map_to_fitting_types() {
        let api = schemas(json!({"N": {"type": "object", "properties": {
            "a": {"type": "integer", "format": "int32"},
            "b": {"type": "integer", "format": "int64"},
            "c": {"type": "integer", "format": "uint8"},
            "d": {"type": "integer", "format": "uint64"},
            "e": {"type": "integer", "format": "unix-time"},
            "f": {"type": "integer"},
            "g": {"type": "number", "format": "float"},
            "h": {"type": "string", "format": "date-time"},
            "i": {"type": "string", "format": "uuid"},
            "j": {"type": "string", "format": "binary"},
            "k": {"type": "string", "format": "byte"},
        }}}));
        let tys: Vec<Ty> = fields(get(&api, "N"))
            .into_iter()
            .map(|f| f.1.clone())
            .collect();
        assert_eq!(
            tys,
            [
                Ty::Int(Int::I32),
                Ty::Int(Int::I64),
                Ty::Int(Int::U8),
                Ty::Int(Int::U64),
                Ty::Int(Int::I64),
                Ty::Int(Int::I64),
                Ty::F64,
                Ty::String,
                Ty::String,
                // Binary in a JSON model is text; in a multipart body it is bytes.
                Ty::String,
                Ty::String,
            ]
        );
    }

    #[test]
    fn an_untagged_union_finds_its_tag_and_names_its_variants() {
        let api = schemas(json!({"Source": {"oneOf": [
            {"type": "object", "required": ["type", "size"], "properties": {
                "type": {"type": "string", "enum": ["blank"]}, "size": {"type": "integer"}}},
            {"type": "object", "required": ["type", "id"], "properties": {
                "type": {"type": "string", "enum": ["snapshot"]}, "id": {"type": "string"}}},
        ]}}));
        let source = get(&api, "Source");
        assert_eq!(
            variants(source),
            [
                ("Blank", &Ty::Named("SourceBlank".into()), vec!["blank"]),
                (
                    "Snapshot",
                    &Ty::Named("SourceSnapshot".into()),
                    vec!["snapshot"]
                ),
            ]
        );
        let TypeKind::Union(u) = &source.kind else {
            unreachable!()
        };
        assert_eq!(u.discriminator.as_deref(), Some("type"));
    }

    #[test]
    fn union_variants_take_titles_references_required_names_and_scalar_kinds() {
        let api = schemas(json!({
            "Name": {"type": "string"},
            "NameOrId": {"oneOf": [
                {"title": "id", "allOf": [{"type": "string", "format": "uuid"}]},
                {"title": "name", "allOf": [{"$ref": "#/components/schemas/Name"}]},
            ]},
            "Media": {"type": "object", "oneOf": [
                {"required": ["id"], "properties": {"id": {"type": "string"}}},
                {"required": ["link"], "properties": {"link": {"type": "string"}}},
            ]},
            "Expandable": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Name2"}]},
            "Name2": {"type": "object", "properties": {"a": {"type": "string"}}},
        }));
        let names = |n: &str| -> Vec<String> {
            variants(get(&api, n))
                .iter()
                .map(|v| v.0.to_owned())
                .collect()
        };
        assert_eq!(names("NameOrId"), ["Id", "Name"]);
        assert_eq!(names("Media"), ["Id", "Link"]);
        assert_eq!(names("Expandable"), ["String", "Name2"]);
        assert!(get(&api, "MediaId").kind != TypeKind::Alias(Ty::Any));
    }

    #[test]
    fn null_branches_make_unions_nullable_and_empty_string_is_one_type() {
        let api = schemas(json!({
            "X": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Holder": {"type": "object", "properties": {
                "maybe": {"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "object", "nullable": true, "enum": [null]}]},
                "clearable": {"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "string", "enum": [""]}]},
            }},
        }));
        let holder = fields(get(&api, "Holder"));
        let maybe = holder.iter().find(|f| f.0 == "maybe");
        assert_eq!(
            maybe.map(|f| (f.1, f.2)),
            Some((&Ty::Named("X".into()), Presence::OptionalNullable))
        );
        let clearable = get(&api, "HolderClearable");
        assert_eq!(
            variants(clearable)
                .into_iter()
                .map(|v| (v.0, v.1.clone()))
                .collect::<Vec<_>>(),
            [("X", Ty::Named("X".into())), ("Empty", Ty::EmptyString)]
        );
        assert!(!names(&api).iter().any(|n| n.ends_with("Empty")));
    }

    #[test]
    fn fields_follow_the_required_list_then_names_never_the_properties_keys() {
        let props = json!({"b": {"type": "string"}, "a": {"type": "string"},
            "d": {"type": "integer"}, "c": {"type": "boolean"}});
        let reversed: serde_json::Map<String, Value> = props
            .as_object()
            .into_iter()
            .flat_map(|m| m.iter().rev())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for properties in [props, Value::Object(reversed)] {
            let api = schemas(json!({"S": {"type": "object", "required": ["d", "b"],
                "properties": properties}}));
            assert_eq!(
                fields(get(&api, "S")),
                [
                    ("d", &Ty::Int(Int::I64), Presence::Required),
                    ("b", &Ty::String, Presence::Required),
                    ("a", &Ty::String, Presence::Optional),
                    ("c", &Ty::Bool, Presence::Optional),
                ]
            );
        }
    }

    #[test]
    fn properties_next_to_one_of_make_one_struct() {
        let api = schemas(json!({"CheckRun": {
            "type": "object",
            "required": ["name", "name"],
            "properties": {"name": {"type": "string"}, "status": {"type": "string"}},
            "oneOf": [
                {"required": ["status", "conclusion"], "properties": {"status": {"enum": ["completed"]}}},
                {"properties": {"status": {"enum": ["queued"]}, "extra": {"type": "boolean"}}},
            ],
        }}));
        assert_eq!(
            fields(get(&api, "CheckRun")),
            // Required fields first, then the optional ones by name.
            [
                ("name", &Ty::String, Presence::Required),
                ("extra", &Ty::Bool, Presence::Optional),
                ("status", &Ty::String, Presence::Optional),
            ]
        );
    }

    #[test]
    fn operations_are_named_from_ids_or_routes_and_never_collide() {
        let op = |id: Option<&str>| {
            let mut op = json!({"responses": {"200": {"description": "ok"}},
                "parameters": [{"in": "query", "name": "q", "schema": {"type": "string"}}]});
            if let Some(id) = id {
                op["operationId"] = json!(id);
            }
            op
        };
        let (api, warnings) = lower(
            json!({
                "/widgets/{id}": {"parameters": [{"in": "path", "name": "id", "required": true, "schema": {"type": "string"}}],
                    "get": op(None), "put": op(Some("list")), "post": op(Some("list"))},
                // Paths are taken in sorted order: this one after `/widgets/{id}`, whose
                // `list` took `list_with` for its options method.
                "/x-other": {"get": op(Some("list_with"))},
            }),
            json!({}),
        );
        let names: Vec<(&str, &str)> = api
            .operations
            .iter()
            .map(|o| (o.name.as_str(), o.with_name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("get_widgets_id", "get_widgets_id_with"),
                ("list", "list_with"),
                ("list_2", "list_2_with"),
                ("list_with_2", "list_with_2_with"),
            ]
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        // The path-level parameter is every operation's first, positional argument.
        let get = &api.operations[0];
        assert_eq!(get.params[0].name, "id");
        assert!(get.params[0].required);
    }

    #[test]
    fn multipart_binary_is_bytes_and_form_encoding_is_kept() {
        let (api, _) = lower(
            json!({"/upload": {"post": {
                "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}, "name": {"type": "string"}}}}}},
                "responses": {"204": {"description": "ok"}}}},
                "/charge": {"post": {
                "requestBody": {"content": {"application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": {"expand": {"type": "array", "items": {"type": "string"}}}},
                    "encoding": {"expand": {"style": "deepObject", "explode": true}}}}},
                "responses": {"200": {"description": "ok", "content": {"application/problem+json": {"schema": {"type": "string"}}}}}}}}),
            json!({}),
        );
        let upload = api.operations.iter().find(|o| o.path == "/upload").unwrap();
        let body = upload.body.as_ref().unwrap();
        assert_eq!(body.kind, MediaKind::Multipart);
        let fields = fields(get(&api, "PostUploadRequestBody"));
        assert_eq!(fields[0].1, &Ty::Bytes);
        assert_eq!(fields[1].1, &Ty::String);
        let charge = api.operations.iter().find(|o| o.path == "/charge").unwrap();
        assert_eq!(charge.body.as_ref().unwrap().deep_object, ["expand"]);
        assert_eq!(charge.success, Some(Ty::String));
        assert_eq!(charge.success_kind, MediaKind::Json);
    }

    #[test]
    fn a_place_a_reference_points_to_is_one_type_whichever_is_reached_first() {
        let kind = "#/components/schemas/B/properties/kind";
        let api = schemas(json!({
            "A": {"type": "object", "properties": {"kind": {"$ref": kind}}},
            "B": {"type": "object", "properties": {
                "kind": {"type": "string", "enum": ["x", "y"]},
                "size": {"type": "integer", "format": "int32"}}},
            "C": {"type": "object", "properties": {
                "kind": {"$ref": kind},
                "size": {"$ref": "#/components/schemas/B/properties/size"}}},
        }));
        let named = Ty::Named("BKind".into());
        assert_eq!(fields(get(&api, "A"))[0].1, &named);
        assert_eq!(fields(get(&api, "B"))[0].1, &named);
        assert_eq!(fields(get(&api, "C"))[0].1, &named);
        assert_eq!(fields(get(&api, "C"))[1].1, &Ty::Int(Int::I32));
        assert_eq!(names(&api), ["A", "B", "BKind", "C"]);
        assert_eq!(
            get(&api, "BKind").pointer,
            "/components/schemas/B/properties/kind"
        );
    }

    #[test]
    fn percent_encoded_references_resolve_like_plain_ones() {
        let api = schemas(json!({
            "Pet Owner": {"type": "object", "properties": {"name": {"type": "string", "enum": ["a"]}}},
            "a/b": {"type": "string"},
            "Holder": {"type": "object", "properties": {
                "owner": {"$ref": "#/components/schemas/Pet%20Owner"},
                "name": {"$ref": "#/components/schemas/Pet%20Owner/properties/name"},
                "ab": {"$ref": "#/components/schemas/a~1b"}}},
        }));
        let holder = fields(get(&api, "Holder"));
        let ty = |name: &str| holder.iter().find(|f| f.0 == name).map(|f| f.1);
        assert_eq!(ty("owner"), Some(&Ty::Named("PetOwner".into())));
        assert_eq!(ty("name"), Some(&Ty::Named("PetOwnerName".into())));
        assert_eq!(ty("ab"), Some(&Ty::Named("AB".into())));
    }

    #[test]
    fn a_reference_that_names_another_kind_is_read_as_meant_with_a_warning() {
        let (api, warnings) = lower_doc(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "getA", "responses": {
                "200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/responses/Status"}}}},
                "404": {"$ref": "#/components/schemas/Missing"}}}}},
            "components": {
                "responses": {"Status": {"description": "no body"}},
                "schemas": {"Missing": {"type": "object", "properties": {"why": {"type": "string"}}}},
            },
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let op = &api.operations[0];
        assert_eq!(op.success, Some(Ty::Any));
        assert_eq!(op.responses[1].ty, Some(Ty::Named("Missing".into())));
        assert_eq!(op.responses[1].kind, MediaKind::Json);
        let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(shown, [
            "warning: t.json#/paths/~1a/get/responses/200/content/application~1json/schema/$ref: \
             `#/components/responses/Status` names a response, not a schema, and that has no \
             schema; read as any JSON value",
            "warning: t.json#/paths/~1a/get/responses/404/$ref: `#/components/schemas/Missing` \
             names a schema, not a response; read as a response whose JSON body is that schema",
        ]);
    }

    #[test]
    fn a_reference_to_an_object_of_an_unrelated_kind_is_an_error() {
        let e = lower_doc(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {
                "200": {"$ref": "#/components/headers/Rate"}}}}},
            "components": {"headers": {"Rate": {"schema": {"type": "integer"}}}},
        }))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert_eq!(
            e,
            "error: t.json#/paths/~1a/get/responses/200/$ref: `#/components/headers/Rate` \
             points to a header; expected a response"
        );
    }

    #[test]
    fn a_path_item_reference_lowers_the_target_operations_at_this_path() {
        let (api, warnings) = lower(
            json!({
                "/v1/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": {"type": "object",
                        "properties": {"x": {"type": "string"}}}}}}}}},
                "/v2/a": {"$ref": "#/paths/~1v1~1a"},
            }),
            json!({}),
        );
        let ops: Vec<(&str, &str, &str)> = api
            .operations
            .iter()
            .map(|o| (o.name.as_str(), o.path.as_str(), o.pointer.as_str()))
            .collect();
        assert_eq!(
            ops,
            [
                ("get_a", "/v1/a", "/paths/~1v1~1a/get"),
                ("get_a_2", "/v2/a", "/paths/~1v1~1a/get"),
            ]
        );
        // One response type for both.
        assert_eq!(api.operations[0].success, api.operations[1].success);
        assert_eq!(names(&api), ["GetAResponse"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].pointer, "/paths/~1v2~1a");
    }

    #[test]
    fn a_place_in_an_operation_reached_first_through_a_reference_is_named_after_it() {
        let at = "#/paths/~1jobs~1%7Bid%7D";
        let body = |schema: Value| json!({"description": "d", "content": {"application/json": {"schema": schema}}});
        let (api, _) = lower(
            json!({"/jobs/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true,
                    "schema": {"type": "string", "enum": ["a", "b"]}}],
                "get": {"operationId": "getJob", "responses": {
                    "200": body(json!({"type": "object", "properties": {"paging": {"type": "object",
                        "properties": {"next": {"type": "string"}}}}})),
                    "404": body(json!({"type": "object", "properties": {"why": {"type": "string"}}})),
                }},
            }}),
            json!({"A": {"type": "object", "properties": {
                "p": {"$ref": format!("{at}/get/responses/200/content/application~1json/schema/properties/paging")},
                "q": {"$ref": format!("{at}/parameters/0/schema")},
                "r": {"$ref": format!("{at}/get/responses/404/content/application~1json/schema")},
            }}}),
        );
        assert_eq!(
            names(&api),
            [
                "A",
                "GetJobNotFound",
                "GetJobResponse",
                "GetJobResponsePaging",
                "JobsIdId"
            ]
        );
        let op = &api.operations[0];
        assert_eq!(op.params[0].ty, Ty::Named("JobsIdId".into()));
        assert_eq!(op.responses[1].ty, Some(Ty::Named("GetJobNotFound".into())));
    }

    #[test]
    fn a_schema_reference_to_a_container_or_the_document_is_an_error() {
        let e = lower_doc(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"A": {"type": "object", "properties": {
                "all": {"$ref": "#/components/schemas"},
                "root": {"$ref": "#"},
                "text": {"$ref": "#/components/schemas/A/type"},
            }}}},
        }))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        let at = "error: t.json#/components/schemas/A/properties";
        assert_eq!(
            e,
            format!(
                "{at}/all/$ref: `#/components/schemas` points to a map of schemas; expected a schema\n\
                 {at}/root/$ref: `#` points to the whole document; expected a schema\n\
                 {at}/text/$ref: `#/components/schemas/A/type` points to a plain value, not an object; expected a schema"
            )
        );
    }
}
