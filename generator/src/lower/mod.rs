//! Lower: `openapiv3::OpenAPI` → IR ([`crate::ir::Api`]).
//!
//! Component schemas are named first (in spec order, so collisions resolve the same way on
//! every run); then every schema, component or inline, becomes a [`Ty`] reference, hoisting
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

    /// Claims a Rust name for every component schema, in spec order.
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
