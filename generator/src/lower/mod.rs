//! Lower: `openapiv3::OpenAPI` → IR ([`crate::ir::Api`]).
//!
//! Component schemas are named first (in the order of their names: the loader sorts every
//! object's keys, so collisions resolve the same way whatever order the document lists
//! them in); then every schema, component or inline, becomes a [`Ty`] reference, hoisting
//! inline objects, enums and unions into named types called after where they stand
//! (`PartnerOutSettings`, `GetWidgetResponse`). Operations come last.

mod cycles;
mod operation;
mod schema;

pub(crate) use operation::template_slots;

use crate::config::Config;
use crate::diag::{Diagnostic, Errors};
use crate::ir::{Api, Docs, Ty, TypeDef, TypeKind};
use crate::naming::{self, Scope};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::HashMap;

/// Lowers a parsed document into the IR, collecting every error.
pub fn lower(
    api: &OpenAPI,
    origin: &str,
    config: &Config,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Api, Errors> {
    let mut cx = Lowerer::new(api, origin, config, warnings);
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
    };
    out.operations.sort_by(|a, b| a.name.cmp(&b.name));
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

/// State of one lowering run.
pub(crate) struct Lowerer<'a> {
    pub(crate) api: &'a OpenAPI,
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
    /// Set while lowering a multipart body: `format: binary` strings there are file contents
    /// (`Vec<u8>`), not text.
    pub(crate) binary_as_bytes: bool,
}

/// The prefix of local schema references.
const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Lowerer<'a> {
    fn new(
        api: &'a OpenAPI,
        origin: &'a str,
        config: &'a Config,
        warnings: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Self {
            api,
            origin,
            config,
            warnings,
            errors: Errors::default(),
            types: HashMap::new(),
            type_names: Scope::default(),
            components: HashMap::new(),
            binary_as_bytes: false,
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
        let names: Vec<String> = self.component_schemas().map(|(n, _)| n.clone()).collect();
        for name in names {
            let ident = self.type_names.claim(naming::type_ident(&name));
            self.components.insert(name, ident);
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

    /// Resolves a local schema reference to its component name and schema.
    pub(crate) fn resolve(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Option<(&'a str, SchemaRef<'a>)> {
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            self.error(
                pointer,
                format!(
                    "unsupported reference `{reference}`: expected `#/components/schemas/NAME`"
                ),
            );
            return None;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        let found = self
            .api
            .components
            .as_ref()
            .and_then(|c| c.schemas.get_key_value(name.as_str()));
        match found {
            Some((key, schema)) => Some((key.as_str(), SchemaRef::from(schema))),
            None => {
                self.error(
                    pointer,
                    format!("`$ref: {reference}` points to no schema: expected `{name}` under #/components/schemas"),
                );
                None
            }
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
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                original: original.to_owned(),
                pointer: pointer.to_owned(),
                docs,
                kind,
            },
        );
        Ty::Named(name)
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
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas},
        });
        let text = serde_json::to_vec(&doc).unwrap_or_default();
        let loaded = crate::load::load(&text, "t.json").unwrap_or_else(|e| panic!("{e}"));
        let api = crate::parse::parse(&loaded.value, "t.json").unwrap_or_else(|e| panic!("{e}"));
        let mut warnings = loaded.warnings;
        let ir = super::lower(&api, "t.json", &crate::Config::default(), &mut warnings)
            .unwrap_or_else(|e| panic!("{e}"));
        crate::check::check(&ir, "t.json").unwrap_or_else(|e| panic!("{e}"));
        (ir, warnings)
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
}
