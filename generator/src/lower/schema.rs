//! Schemas → types: every schema becomes a [`Ty`]; objects, enums and unions become named
//! types, inline ones hoisted under a name taken from where they stand.
//!
//! # Formats
//!
//! A schema's `type` and `format` decide the Rust type, the same way everywhere:
//!
//! | `type` | `format` | Rust |
//! |---|---|---|
//! | `integer` | `int8`, `int16`, `int32`, `int64` | `i8`, `i16`, `i32`, `i64` |
//! | `integer` | `uint8`, `uint16`, `uint32`, `uint64` (`uint`) | `u8`, `u16`, `u32`, `u64` |
//! | `integer` | none or any other (`unix-time`, ...) | `i64` |
//! | `number` | any (`float`, `double`, `decimal`) | `f64` |
//! | `string` | `binary`, in an octet-stream body or a multipart body's property | `Vec<u8>` |
//! | `string` | one the configuration types (`date-time`, `date`, `uuid`, `uri`, `url`, `byte`) | `Formatted<T>` ([`crate::config`]) |
//! | `string` | any other (`email`, `binary` in JSON, ...) | `String` |
//! | `boolean` | | `bool` |
//!
//! By default strings stay `String` whatever their format, and generated crates need no
//! date, UUID or URL library. A format the configuration types is a `Formatted<T>`, which
//! keeps the text exactly as the server sent it (a `date-time` with its offset and
//! precision, a `uuid` in its case, `byte` as its base64) beside the parsed value, so a
//! round trip is lossless either way. A string `enum` becomes an open enum; an `integer`
//! with a 32-bit value that the spec calls `int64` still fits.

use super::{schema_docs, Lowerer, SchemaRef, SchemaTarget, Shared};
use crate::diag::join;
use crate::ir::{
    Docs, Enum, EnumVariant, Field, Int, Presence, Struct, Ty, TypeDef, TypeKind, Typed, Union,
    UnionVariant,
};
use crate::naming::{self, Scope};
use indexmap::{IndexMap, IndexSet};
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};
use std::collections::HashSet;
use std::rc::Rc;

/// Nesting deeper than this is reported instead of followed (keeps the stack bounded).
const MAX_DEPTH: usize = 96;

/// What a schema needs: a named type of this kind, or just a type reference.
enum Shape {
    Kind(TypeKind),
    Ty(Ty),
}

/// An object schema's properties, required names and `additionalProperties`.
type ObjectParts<'a> = (
    &'a Properties,
    &'a [String],
    Option<&'a AdditionalProperties>,
);

/// Properties gathered from an object schema (or merged from `allOf` parts).
#[derive(Default)]
pub(crate) struct Props<'a> {
    properties: IndexMap<&'a str, (SchemaRef<'a>, String)>,
    required: IndexSet<&'a str>,
}

/// What merging a component schema into an `allOf` adds (see [`Lowerer::merge_component`]).
#[derive(Default)]
pub(crate) struct Merged<'a> {
    props: Props<'a>,
    additional: Option<&'a AdditionalProperties>,
    /// How many `allOf` levels merging it goes down.
    height: usize,
}

/// An inline schema by identity (its address in the parsed document) and whether
/// `format: binary` strings are bytes where it is lowered: the two things its type depends on.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct SchemaKey(usize, bool);

impl SchemaKey {
    fn new(s: &Schema, binary_as_bytes: bool) -> Self {
        Self(std::ptr::from_ref(s) as usize, binary_as_bytes)
    }
}

/// An inline schema whose lowering is under way (see [`Lowerer::reenter`]).
pub(crate) struct Pending {
    /// The name it is lowered under.
    hint: String,
    /// Its place in [`Lowerer::lowering_stack`].
    level: usize,
    /// The type name claimed when the schema was met again inside itself.
    name: Option<String>,
    /// Whether it lies on a way from a schema back to itself.
    recursive: bool,
}

impl<'a> Lowerer<'a> {
    /// Lowers a component schema to its named type definition.
    pub(crate) fn lower_named(
        &mut self,
        rust: &str,
        original: &str,
        schema: SchemaRef<'a>,
        pointer: &str,
    ) -> TypeDef {
        let (kind, docs) = match schema {
            SchemaRef::Ref(_) => (
                TypeKind::Alias(self.ty_of(schema, pointer, rust, 0).0),
                Docs::default(),
            ),
            SchemaRef::Item(s) => {
                let kind = match self.shape(s, pointer, rust, 0).0 {
                    Shape::Kind(kind) => kind,
                    Shape::Ty(ty) => TypeKind::Alias(ty),
                };
                (kind, schema_docs(&s.schema_data))
            }
        };
        TypeDef {
            name: rust.to_owned(),
            original: original.to_owned(),
            pointer: pointer.to_owned(),
            docs,
            kind,
        }
    }

    /// The type of a schema, and whether `null` is allowed. Inline objects, enums and unions
    /// are hoisted into named types called `hint`.
    pub(crate) fn ty_of(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> (Ty, bool) {
        if depth > MAX_DEPTH {
            self.error(
                pointer,
                format!("schema nested deeper than {MAX_DEPTH} levels"),
            );
            return (Ty::Any, false);
        }
        match schema {
            SchemaRef::Ref(reference) => match self.resolve(reference, &join(pointer, "$ref")) {
                Some(SchemaTarget::Component(name, target)) => {
                    let nullable = match target {
                        SchemaRef::Item(s) => s.schema_data.nullable,
                        SchemaRef::Ref(_) => false,
                    };
                    if let Some(path) = self.replaced.get(name) {
                        return (Ty::Extern(path.clone()), nullable);
                    }
                    let rust = self.components.get(name).cloned().unwrap_or_default();
                    (Ty::Named(rust), nullable)
                }
                // Any other schema: the type of the place it points to.
                Some(SchemaTarget::At(at, target)) => {
                    let hint = self.location_hint(at);
                    self.ty_of(target, at, &hint, depth + 1)
                }
                None => (Ty::Any, false),
            },
            SchemaRef::Item(s) if self.targets.is_shared(pointer) => {
                self.shared_ty(s, pointer, hint, depth + 1)
            }
            SchemaRef::Item(s) => {
                let key = SchemaKey::new(s, self.binary_as_bytes);
                if let Some(found) = self.recursive.get(&key) {
                    return found.clone();
                }
                if self.lowering.contains_key(&key) {
                    return (self.reenter(key), s.schema_data.nullable);
                }
                let pending = Pending {
                    hint: hint.to_owned(),
                    level: self.lowering_stack.len(),
                    name: None,
                    recursive: false,
                };
                self.lowering.insert(key, pending);
                self.lowering_stack.push(key);
                let (shape, null_branch) = self.shape(s, pointer, hint, depth + 1);
                self.lowering_stack.pop();
                let pending = self.lowering.remove(&key);
                let nullable = s.schema_data.nullable || null_branch;
                let docs = || schema_docs(&s.schema_data);
                let (reserved, recursive) =
                    pending.map_or((None, false), |p| (p.name, p.recursive));
                let ty = match (shape, reserved) {
                    (Shape::Ty(ty), None) => ty,
                    (Shape::Kind(kind), None) => self.add_type(hint, hint, pointer, docs(), kind),
                    (shape, Some(name)) => {
                        let kind = match shape {
                            Shape::Kind(kind) => kind,
                            Shape::Ty(ty) => TypeKind::Alias(ty),
                        };
                        let def = TypeDef {
                            name: name.clone(),
                            original: hint.to_owned(),
                            pointer: pointer.to_owned(),
                            docs: docs(),
                            kind,
                        };
                        self.types.insert(name.clone(), def);
                        Ty::Named(name)
                    }
                };
                if recursive {
                    self.recursive.insert(key, (ty.clone(), nullable));
                }
                (ty, nullable)
            }
        }
    }

    /// An inline schema met again while it is being lowered. That happens when an `allOf`
    /// merges a referenced schema into a new struct (or `oneOf` branches lend their
    /// properties): the referenced schema's properties are lowered again, here, and one of
    /// them leads back to this schema (Cost Explorer's `Expression.Not: allOf [Expression,
    /// {description}]`). Expanding it once more would repeat forever; it becomes a named type
    /// instead, which the copy inside refers to. Every schema on the way back is part of the
    /// cycle: each is lowered once, and the type reused wherever it is met again, so a web of
    /// such schemas costs one type per schema, not one per path through the web.
    ///
    /// A document where this happens could not be generated before (the expansion went on
    /// until the depth limit), so no earlier output changes.
    fn reenter(&mut self, key: SchemaKey) -> Ty {
        let Some(level) = self.lowering.get(&key).map(|p| p.level) else {
            return Ty::Any;
        };
        for on_the_way in &self.lowering_stack[level..] {
            if let Some(p) = self.lowering.get_mut(on_the_way) {
                p.recursive = true;
            }
        }
        let Some(pending) = self.lowering.get_mut(&key) else {
            return Ty::Any;
        };
        if let Some(name) = &pending.name {
            return Ty::Named(name.clone());
        }
        let hint = pending.hint.clone();
        let name = self.type_names.claim(naming::type_ident(&hint));
        if let Some(pending) = self.lowering.get_mut(&key) {
            pending.name = Some(name.clone());
        }
        Ty::Named(name)
    }

    /// The type of the schema `s` at `pointer`, which a reference also points to: lowered
    /// once, the first time it is reached (through the reference or where it stands), and
    /// the same type every other time. A reference inside it that leads back to it while it
    /// is lowered gets a name reserved for it (the recursion then goes through that name).
    fn shared_ty(&mut self, s: &'a Schema, pointer: &str, hint: &str, depth: usize) -> (Ty, bool) {
        let key = (pointer.to_owned(), self.binary_as_bytes);
        match self.shared.get(&key) {
            Some(Shared::Done(ty, nullable)) => return (ty.clone(), *nullable),
            Some(Shared::Pending(Some(name))) => {
                return (Ty::Named(name.clone()), s.schema_data.nullable)
            }
            Some(Shared::Pending(None)) => {
                let name = self.type_names.claim(naming::type_ident(hint));
                self.shared.insert(key, Shared::Pending(Some(name.clone())));
                return (Ty::Named(name), s.schema_data.nullable);
            }
            None => {}
        }
        self.shared.insert(key.clone(), Shared::Pending(None));
        let (shape, null_branch) = self.shape(s, pointer, hint, depth);
        let nullable = s.schema_data.nullable || null_branch;
        let reserved = match self.shared.remove(&key) {
            Some(Shared::Pending(name)) => name,
            _ => None,
        };
        let docs = || schema_docs(&s.schema_data);
        // A type whose name was reserved is called after its place in error messages (a
        // cycle of references only is reported naming the places).
        let original = || format!("#{pointer}");
        let ty = match (shape, reserved) {
            (Shape::Ty(ty), None) => ty,
            (Shape::Kind(kind), None) => self.add_type(hint, hint, pointer, docs(), kind),
            (Shape::Kind(kind), Some(name)) => {
                self.define(&name, &original(), pointer, docs(), kind);
                Ty::Named(name)
            }
            (Shape::Ty(ty), Some(name)) => {
                self.define(&name, &original(), pointer, docs(), TypeKind::Alias(ty));
                Ty::Named(name)
            }
        };
        self.shared.insert(key, Shared::Done(ty.clone(), nullable));
        (ty, nullable)
    }

    /// The type of a string schema with `format`: `String` unless the configuration types it.
    fn string_ty(&self, format: Option<&str>) -> Ty {
        format
            .and_then(|f| {
                let choice = self.config.formats.get(f)?;
                crate::config::typed_format(f, *choice)
            })
            .map_or(Ty::String, Ty::Formatted)
    }

    /// What a schema is; the flag is set when a union branch allows `null`.
    fn shape(&mut self, s: &'a Schema, pointer: &str, hint: &str, depth: usize) -> (Shape, bool) {
        let shape = match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                let values: Vec<&str> =
                    t.enumeration.iter().flatten().map(String::as_str).collect();
                // `enum: [a, null]` allows null as a value.
                let null_value = t.enumeration.iter().any(Option::is_none);
                let binary = matches!(
                    t.format,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
                );
                let shape = if !values.is_empty() {
                    Shape::Kind(TypeKind::Enum(enum_kind(&values, pointer)))
                } else if binary && self.binary_as_bytes {
                    Shape::Ty(Ty::Bytes)
                } else {
                    Shape::Ty(self.string_ty(string_format(&t.format)))
                };
                return (shape, null_value);
            }
            SchemaKind::Type(Type::Integer(t)) => Shape::Ty(Ty::Int(match &t.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Int::I32,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Int::I64,
                VariantOrUnknownOrEmpty::Unknown(format) => int_format(format),
                VariantOrUnknownOrEmpty::Empty => Int::I64,
            })),
            SchemaKind::Type(Type::Number(_)) => Shape::Ty(Ty::F64),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Ty(Ty::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                Shape::Ty(self.array_ty(a.items.as_ref(), pointer, hint, depth))
            }
            SchemaKind::Type(Type::Object(o)) => {
                let parts = (
                    &o.properties,
                    &o.required[..],
                    o.additional_properties.as_ref(),
                );
                return self.plain_object(parts, pointer, hint, depth);
            }
            SchemaKind::OneOf { one_of } => {
                return self.union_shape(one_of, s, &join(pointer, "oneOf"), hint, depth)
            }
            SchemaKind::AnyOf { any_of } => {
                return self.union_shape(any_of, s, &join(pointer, "anyOf"), hint, depth)
            }
            SchemaKind::AllOf { all_of } => {
                return self.all_of_shape(all_of, None, pointer, hint, depth)
            }
            SchemaKind::Not { .. } => {
                self.warn(
                    pointer,
                    "`not` cannot be expressed as a Rust type; any JSON value is accepted",
                );
                Shape::Ty(Ty::Any)
            }
            SchemaKind::Any(a) => return self.any_shape(a, s, pointer, hint, depth),
        };
        (shape, false)
    }

    fn array_ty(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> Ty {
        match items {
            Some(items) => {
                let (ty, _) = self.ty_of(
                    items.into(),
                    &join(pointer, "items"),
                    &format!("{hint}Item"),
                    depth,
                );
                Ty::Array(Box::new(ty))
            }
            None => Ty::Array(Box::new(Ty::Any)),
        }
    }

    /// Schemas without a `type` keyword, or with combinations openapiv3 does not sort.
    fn any_shape(
        &mut self,
        a: &'a AnySchema,
        s: &'a Schema,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> (Shape, bool) {
        let (key, branches) = match (a.one_of.is_empty(), a.any_of.is_empty()) {
            (false, _) => ("oneOf", &a.one_of),
            (true, false) => ("anyOf", &a.any_of),
            (true, true) => ("", &a.one_of),
        };
        if !branches.is_empty() && !a.properties.is_empty() {
            // Properties next to `oneOf`/`anyOf`: the branches refine one object (GitHub's
            // `status: completed` requires `conclusion`). One struct with the properties of
            // all of them keeps every field reachable; branch-only ones are optional.
            let mut props = Props::default();
            self.gather(&mut props, &a.properties, &a.required, pointer);
            let base = join(pointer, key);
            for (i, branch) in branches.iter().enumerate() {
                self.gather_optional(&mut props, branch.into(), &join(&base, &i.to_string()));
            }
            return self.object_shape(
                props,
                a.additional_properties.as_ref(),
                pointer,
                hint,
                depth,
            );
        }
        if !branches.is_empty() {
            return self.union_shape(branches, s, &join(pointer, key), hint, depth);
        }
        if !a.all_of.is_empty() {
            return self.all_of_shape(&a.all_of, Some(a), pointer, hint, depth);
        }
        let shape = match a.typ.as_deref() {
            _ if !a.properties.is_empty() || a.typ.as_deref() == Some("object") => {
                let parts = (
                    &a.properties,
                    &a.required[..],
                    a.additional_properties.as_ref(),
                );
                return self.plain_object(parts, pointer, hint, depth);
            }
            Some("array") => Shape::Ty(self.array_ty(a.items.as_ref(), pointer, hint, depth)),
            None if a.items.is_some() => {
                Shape::Ty(self.array_ty(a.items.as_ref(), pointer, hint, depth))
            }
            Some("string") | None if a.enumeration.iter().any(|v| v.is_string()) => {
                let values: Vec<&str> = a.enumeration.iter().filter_map(|v| v.as_str()).collect();
                let null_value = a.enumeration.iter().any(|v| v.is_null());
                return (
                    Shape::Kind(TypeKind::Enum(enum_kind(&values, pointer))),
                    null_value,
                );
            }
            Some("string") if a.format.as_deref() == Some("binary") && self.binary_as_bytes => {
                Shape::Ty(Ty::Bytes)
            }
            Some("string") => Shape::Ty(self.string_ty(a.format.as_deref())),
            Some("integer") => Shape::Ty(Ty::Int(int_format(a.format.as_deref().unwrap_or("")))),
            Some("number") => Shape::Ty(Ty::F64),
            Some("boolean") => Shape::Ty(Ty::Bool),
            Some(other) if other != "null" => {
                self.error(
                    &join(pointer, "type"),
                    format!("unknown type `{other}`: expected one of `string`, `number`, `integer`, `boolean`, `array`, `object`"),
                );
                Shape::Ty(Ty::Any)
            }
            _ => Shape::Ty(Ty::Any),
        };
        (shape, false)
    }

    /// Collects an object's own properties into `props` (later parts win, as in `allOf`).
    fn gather(
        &mut self,
        props: &mut Props<'a>,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        pointer: &str,
    ) {
        let base = join(pointer, "properties");
        for (name, schema) in properties {
            props
                .properties
                .insert(name.as_str(), (schema.into(), join(&base, name)));
        }
        // A name listed twice in `required` counts once.
        props.required.extend(required.iter().map(String::as_str));
    }

    /// Adds the properties of a `oneOf`/`anyOf` branch that `props` does not have yet, as
    /// optional ones. A branch that is not an object adds nothing.
    fn gather_optional(&self, props: &mut Props<'a>, branch: SchemaRef<'a>, pointer: &str) {
        let Some(schema) = self.peek(branch) else {
            return;
        };
        let properties = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => &o.properties,
            SchemaKind::Any(a) => &a.properties,
            _ => return,
        };
        let base = join(pointer, "properties");
        for (name, schema) in properties {
            props
                .properties
                .entry(name.as_str())
                .or_insert_with(|| (schema.into(), join(&base, name)));
        }
    }

    /// The schema a reference leads to, without reporting anything: for looking ahead at
    /// branches that are lowered (and their errors reported) elsewhere.
    pub(crate) fn peek(&self, schema: SchemaRef<'a>) -> Option<&'a Schema> {
        let mut current = schema;
        for _ in 0..MAX_DEPTH {
            match current {
                SchemaRef::Item(s) => return Some(s),
                SchemaRef::Ref(reference) => {
                    current = match self.lookup(reference).ok()?.0 {
                        SchemaTarget::Component(_, target) | SchemaTarget::At(_, target) => target,
                    };
                }
            }
        }
        None
    }

    /// An object schema on its own (no `allOf` parts): its properties, then its shape.
    fn plain_object(
        &mut self,
        (properties, required, additional): ObjectParts<'a>,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> (Shape, bool) {
        let mut props = Props::default();
        self.gather(&mut props, properties, required, pointer);
        self.object_shape(props, additional, pointer, hint, depth)
    }

    fn object_shape(
        &mut self,
        props: Props<'a>,
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> (Shape, bool) {
        if props.properties.is_empty() {
            let shape = match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let (ty, _) = self.ty_of(
                        value.as_ref().into(),
                        &join(pointer, "additionalProperties"),
                        &format!("{hint}Value"),
                        depth,
                    );
                    if ty == Ty::Any {
                        Ty::Object
                    } else {
                        Ty::Map(Box::new(ty))
                    }
                }
                _ => Ty::Object,
            };
            return (Shape::Ty(shape), false);
        }
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(props.properties.len());
        for (wire, (schema, field_pointer)) in field_order(&props) {
            let field_hint = format!("{hint}{}", naming::camel_ident(wire, "Field"));
            let (ty, nullable) = self.ty_of(*schema, field_pointer, &field_hint, depth);
            let required = props.required.contains(wire);
            let presence = match (required, nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            let docs = match schema {
                SchemaRef::Item(s) => schema_docs(&s.schema_data),
                SchemaRef::Ref(_) => Docs::default(),
            };
            fields.push(Field {
                name: scope.claim(naming::snake_ident(wire, "field")),
                wire: (*wire).to_owned(),
                pointer: field_pointer.clone(),
                ty,
                presence,
                docs,
            });
        }
        for name in &props.required {
            if !props.properties.contains_key(name) {
                self.warn(
                    &join(pointer, "required"),
                    format!("`{name}` is required but not described under `properties`; it is kept with the additional properties"),
                );
            }
        }
        let kind = TypeKind::Struct(Struct {
            fields,
            extra_field: scope.claim("additional_properties".to_owned()),
            extra_ty: Ty::Any,
        });
        (Shape::Kind(kind), false)
    }

    /// `allOf`: one part is that part; several object parts merge into one struct.
    fn all_of_shape(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        own: Option<&'a AnySchema>,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> (Shape, bool) {
        let base = join(pointer, "allOf");
        let own_props = own.is_some_and(|a| !a.properties.is_empty());
        if let [only] = parts {
            if !own_props {
                let (ty, nullable) = self.ty_of(only.into(), &join(&base, "0"), hint, depth);
                return (Shape::Ty(ty), nullable);
            }
        }
        let mut props = Props::default();
        let mut additional = None;
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = join(&base, &i.to_string());
            if !self.merge_part(
                &mut props,
                &mut additional,
                part.into(),
                &part_pointer,
                depth,
            ) {
                self.warn(
                    &part_pointer,
                    "this `allOf` part is not an object; the composition is kept as any JSON value",
                );
                return (Shape::Ty(Ty::Any), false);
            }
        }
        if let Some(a) = own {
            self.gather(&mut props, &a.properties, &a.required, pointer);
        }
        self.object_shape(props, additional, pointer, hint, depth)
    }

    /// Merges one `allOf` part's properties; false when the part is not an object.
    fn merge_part(
        &mut self,
        props: &mut Props<'a>,
        additional: &mut Option<&'a AdditionalProperties>,
        part: SchemaRef<'a>,
        pointer: &str,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            self.error(
                pointer,
                format!("`allOf` nested deeper than {MAX_DEPTH} levels"),
            );
            return false;
        }
        self.merge_reach = self.merge_reach.max(depth);
        let schema = match part {
            SchemaRef::Ref(r) => match self.resolve(r, &join(pointer, "$ref")) {
                Some(SchemaTarget::Component(name, target)) => {
                    let Some(merged) = self.merge_component(name, target, depth + 1) else {
                        return false;
                    };
                    for (wire, property) in &merged.props.properties {
                        props.properties.insert(wire, property.clone());
                    }
                    props.required.extend(merged.props.required.iter().copied());
                    *additional = additional.or(merged.additional);
                    return true;
                }
                Some(SchemaTarget::At(at, target)) => {
                    return self.merge_part(props, additional, target, at, depth + 1);
                }
                None => return true,
            },
            SchemaRef::Item(s) => s,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                self.gather(props, &o.properties, &o.required, pointer);
                *additional = additional.or(o.additional_properties.as_ref());
                true
            }
            SchemaKind::AllOf { all_of } => all_of.iter().enumerate().all(|(i, p)| {
                let p_pointer = join(&join(pointer, "allOf"), &i.to_string());
                self.merge_part(props, additional, p.into(), &p_pointer, nested(p, depth))
            }),
            SchemaKind::Any(a) if a.one_of.is_empty() && a.any_of.is_empty() => {
                // The parts first, then the schema's own properties, as at the top level.
                let nested = a.all_of.iter().enumerate().all(|(i, p)| {
                    let p_pointer = join(&join(pointer, "allOf"), &i.to_string());
                    self.merge_part(props, additional, p.into(), &p_pointer, nested(p, depth))
                });
                self.gather(props, &a.properties, &a.required, pointer);
                *additional = additional.or(a.additional_properties.as_ref());
                nested && matches!(a.typ.as_deref(), None | Some("object"))
            }
            _ => false,
        }
    }

    /// The properties a component schema contributes to an `allOf` that references it,
    /// merged once per component and reused: a hierarchy whose parts share ancestors is
    /// walked once per schema, not once per path to it. `None` when it is not an object (or
    /// the merge failed, reported). Applying the result gives what merging the component in
    /// place gives: later properties win, earlier ones keep their position.
    fn merge_component(
        &mut self,
        name: &'a str,
        target: SchemaRef<'a>,
        depth: usize,
    ) -> Option<Rc<Merged<'a>>> {
        let target_pointer = join("/components/schemas", name);
        if let Some(done) = self.merged.get(name) {
            let done = done.clone();
            // As deep as merging it again would have gone.
            let height = done.as_ref().map_or(0, |m| m.height);
            if depth + height > MAX_DEPTH {
                self.error(
                    &target_pointer,
                    format!("`allOf` nested deeper than {MAX_DEPTH} levels"),
                );
                return None;
            }
            self.merge_reach = self.merge_reach.max(depth + height);
            return done;
        }
        if let Some(start) = self.merging.iter().position(|n| *n == name) {
            let mut chain: Vec<&str> = self.merging[start..].to_vec();
            chain.push(name);
            self.error(
                &target_pointer,
                format!(
                    "`allOf` cycle {}: a schema cannot include itself",
                    chain.join(" → ")
                ),
            );
            return None;
        }
        let outer_reach = std::mem::replace(&mut self.merge_reach, depth);
        self.merging.push(name);
        let mut merged = Merged::default();
        let ok = self.merge_part(
            &mut merged.props,
            &mut merged.additional,
            target,
            &target_pointer,
            depth,
        );
        self.merging.pop();
        merged.height = self.merge_reach - depth;
        self.merge_reach = self.merge_reach.max(outer_reach);
        let merged = ok.then(|| Rc::new(merged));
        self.merged.insert(name, merged.clone());
        merged
    }

    /// `oneOf`/`anyOf`: a union of the distinct branch types, with a catch-all. A `null`
    /// branch makes the union nullable instead; one branch left is that branch's type.
    fn union_shape(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        s: &'a Schema,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> (Shape, bool) {
        let discriminator = s.schema_data.discriminator.as_ref();
        // Without a `discriminator`, a property that every branch requires with one distinct
        // value (nexus' `type: "blank"`) chooses the branch just as well: the open enums of
        // the branches would otherwise accept each other's tags.
        let property = match discriminator {
            Some(d) => Some(d.property_name.clone()),
            None => self.implicit_tag(branches),
        };
        let inline_objects = branches
            .iter()
            .filter(|b| self.label(b, property.as_deref()).is_none() && self.is_object(b))
            .count();
        let expansions = expansion_refs(s);
        let mut nullable = false;
        let mut scope = Scope::default();
        let mut variants: Vec<UnionVariant> = Vec::new();
        // The types of `variants`: a branch of a type already there adds nothing.
        let mut seen: HashSet<Ty> = HashSet::new();
        for (i, branch) in branches.iter().enumerate() {
            if self.is_null(branch) {
                nullable = true;
                continue;
            }
            let label = self.label(branch, property.as_deref()).or_else(|| {
                (inline_objects == 1 && self.is_object(branch)).then(|| "Object".to_owned())
            });
            let fallback = format!("Variant{}", i + 1);
            let branch_hint = format!("{hint}{}", label.as_deref().unwrap_or(&fallback));
            let (ty, branch_null) = match branch {
                // Stripe's "or `""` to clear it", hundreds of times: one runtime type, not an
                // enum per place.
                ReferenceOr::Item(b) if one_value_enum(b) == Some("") => (Ty::EmptyString, false),
                _ => self.ty_of(
                    branch.into(),
                    &join(pointer, &i.to_string()),
                    &branch_hint,
                    depth,
                ),
            };
            nullable |= branch_null;
            if !seen.insert(ty.clone()) {
                continue;
            }
            let name = match (branch, label) {
                (ReferenceOr::Reference { .. }, _) => variant_name(&ty),
                (_, Some(label)) => label,
                (_, None) if matches!(ty, Ty::Named(_)) => fallback,
                (_, None) => variant_name(&ty),
            };
            let tags = match (&property, discriminator) {
                (Some(property), _) => self.tags(branch, property, discriminator),
                (None, _) => Vec::new(),
            };
            let expansion = match branch {
                ReferenceOr::Reference { reference } => expansions.contains(&reference.as_str()),
                ReferenceOr::Item(_) => false,
            };
            variants.push(UnionVariant {
                pointer: join(pointer, &i.to_string()),
                name: scope.claim(name),
                ty,
                tags,
                expansion,
            });
        }
        if variants.len() <= 1 {
            let ty = variants.pop().map_or(Ty::Any, |v| v.ty);
            return (Shape::Ty(ty), nullable);
        }
        let union = Union {
            variants,
            discriminator: property,
            other_variant: scope.claim("Other".to_owned()),
            untyped: Vec::new(),
            shared_by: Vec::new(),
        };
        (Shape::Kind(TypeKind::Union(union)), nullable)
    }

    /// Whether a branch only allows `null` (`{type: "null"}`, `{enum: [null]}`, or
    /// `{nullable: true}` and nothing else).
    fn is_null(&self, branch: &'a ReferenceOr<Schema>) -> bool {
        let ReferenceOr::Item(s) = branch else {
            return false;
        };
        match &s.schema_kind {
            SchemaKind::Any(a) => {
                a.typ.as_deref() == Some("null")
                    || (!a.enumeration.is_empty() && a.enumeration.iter().all(|v| v.is_null()))
                    || (s.schema_data.nullable && *a == AnySchema::default())
            }
            _ => false,
        }
    }

    /// Whether a branch is an object with properties (a struct once lowered).
    fn is_object(&self, branch: &'a ReferenceOr<Schema>) -> bool {
        match self.peek(branch.into()).map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::Object(o))) => !o.properties.is_empty(),
            Some(SchemaKind::Any(a)) => !a.properties.is_empty() || !a.all_of.is_empty(),
            Some(SchemaKind::AllOf { .. }) => true,
            _ => false,
        }
    }

    /// A variant name an inline branch gives itself: its `title`, its tag value, the value of
    /// a one-value enum (Stripe's `enum: [""]` is `Empty`), or its first required property.
    fn label(&self, branch: &'a ReferenceOr<Schema>, property: Option<&str>) -> Option<String> {
        let ReferenceOr::Item(s) = branch else {
            return None;
        };
        if let Some(title) = s.schema_data.title.as_deref() {
            return Some(naming::camel_ident(title, "Variant"));
        }
        if let Some(tag) = property.and_then(|p| self.tag_value(s, p)) {
            return Some(naming::camel_ident(tag, "Empty"));
        }
        if let Some(value) = one_value_enum(s) {
            return Some(naming::camel_ident(value, "Empty"));
        }
        let inline_items = match &s.schema_kind {
            SchemaKind::Type(Type::Array(a)) => a.items.as_ref(),
            SchemaKind::Any(a) => a.items.as_ref(),
            _ => None,
        };
        if let Some(ReferenceOr::Item(items)) = inline_items {
            // Named after the hoisted item type, the variant would repeat the union's name.
            let hoisted = match &items.schema_kind {
                SchemaKind::Type(Type::String(t)) => !t.enumeration.is_empty(),
                SchemaKind::Type(Type::Object(_))
                | SchemaKind::Any(_)
                | SchemaKind::OneOf { .. }
                | SchemaKind::AnyOf { .. }
                | SchemaKind::AllOf { .. } => true,
                _ => false,
            };
            if hoisted {
                return Some("List".to_owned());
            }
        }
        // Meta's `MediaObject`: one branch requires `id`, the other `link`.
        let (_, required) = object_parts(s)?;
        required
            .first()
            .map(|name| naming::camel_ident(name, "Variant"))
    }

    /// The property every branch requires with one distinct string value, if there is one.
    fn implicit_tag(&self, branches: &'a [ReferenceOr<Schema>]) -> Option<String> {
        let schemas: Vec<&'a Schema> = branches
            .iter()
            .filter(|b| !self.is_null(b))
            .map(|b| self.peek(b.into()))
            .collect::<Option<_>>()?;
        let (first, rest) = schemas.split_first()?;
        if rest.is_empty() {
            return None;
        }
        let (properties, _) = object_parts(first)?;
        properties.keys().find_map(|name| {
            let mut seen = HashSet::new();
            schemas
                .iter()
                .all(|s| {
                    self.tag_value(s, name)
                        .is_some_and(|value| seen.insert(value))
                })
                .then(|| name.clone())
        })
    }

    /// The one value a branch's required `property` may take.
    fn tag_value(&self, s: &'a Schema, property: &str) -> Option<&'a str> {
        let (properties, required) = object_parts(s)?;
        if !required.iter().any(|r| r == property) {
            return None;
        }
        let schema = self.peek(properties.get(property)?.into())?;
        one_value_enum(schema)
    }

    /// The discriminator values that select `branch`: the mapping's keys that point to it,
    /// else its tag value, else (for a reference) the schema's name.
    fn tags(
        &self,
        branch: &'a ReferenceOr<Schema>,
        property: &str,
        discriminator: Option<&'a openapiv3::Discriminator>,
    ) -> Vec<String> {
        if let (ReferenceOr::Reference { reference }, Some(d)) = (branch, discriminator) {
            let mapped: Vec<String> = d
                .mapping
                .iter()
                .filter(|(_, target)| {
                    *target == reference
                        || target.rsplit('/').next() == reference.rsplit('/').next()
                })
                .map(|(tag, _)| tag.clone())
                .collect();
            if !mapped.is_empty() {
                return mapped;
            }
        }
        if let Some(tag) = self
            .peek(branch.into())
            .and_then(|s| self.tag_value(s, property))
        {
            return vec![tag.to_owned()];
        }
        // A component's name is its implicit tag; a schema anywhere else has none.
        match (branch, discriminator) {
            (ReferenceOr::Reference { reference }, Some(_)) => match self.lookup(reference) {
                Ok((SchemaTarget::Component(name, _), _)) => vec![name.to_owned()],
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}

/// The merge depth of an `allOf` part inside a schema merged at `depth`: one level deeper
/// for a schema written inside, the same for a reference (following it counts the level), so
/// a chain of schemas that each include the next counts one level per schema.
fn nested(part: &ReferenceOr<Schema>, depth: usize) -> usize {
    match part {
        ReferenceOr::Reference { .. } => depth,
        ReferenceOr::Item(_) => depth + 1,
    }
}

/// An object schema's properties.
type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The order of a struct's fields, which is the order of `new`'s arguments: the required
/// properties first, in the order of the schema's `required` list (a list the author wrote
/// on purpose; with `allOf`, the parts' lists one after another, a name counting where it
/// first appears), then the optional ones by name. Never the order of the `properties`
/// keys: an object's key order means nothing in JSON, and two required fields of one type
/// must not swap places because an editor reordered them.
fn field_order<'p, 'a>(props: &'p Props<'a>) -> Vec<(&'p &'a str, &'p (SchemaRef<'a>, String))> {
    let mut order: Vec<_> = props.properties.iter().collect();
    order.sort_by(|(a, _), (b, _)| {
        match (
            props.required.get_index_of(**a),
            props.required.get_index_of(**b),
        ) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(b),
        }
    });
    order
}

/// An object schema's properties and required names.
fn object_parts(s: &Schema) -> Option<(&Properties, &[String])> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((&o.properties, &o.required)),
        SchemaKind::Any(a) if !a.properties.is_empty() => Some((&a.properties, &a.required)),
        _ => None,
    }
}

/// The references a union schema's `x-expansionResources` lists (Stripe writes
/// `{"oneOf": [{"$ref": ...}, ...]}` next to the `anyOf` of an expandable field): the
/// alternatives that are an expanded object rather than the ID the field holds otherwise.
fn expansion_refs(s: &Schema) -> Vec<&str> {
    let Some(resources) = s.schema_data.extensions.get("x-expansionResources") else {
        return Vec::new();
    };
    ["oneOf", "anyOf"]
        .iter()
        .filter_map(|key| resources.get(key).and_then(|v| v.as_array()))
        .flatten()
        .filter_map(|r| r.get("$ref").and_then(|v| v.as_str()))
        .collect()
}

/// The value of a string enum with exactly one value.
fn one_value_enum(s: &Schema) -> Option<&str> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => match t.enumeration.as_slice() {
            [Some(value)] => Some(value),
            _ => None,
        },
        SchemaKind::Any(a) => match a.enumeration.as_slice() {
            [serde_json::Value::String(value)] => Some(value),
            _ => None,
        },
        _ => None,
    }
}

/// The Rust integer for an integer `format` (see the module docs).
fn int_format(format: &str) -> Int {
    match format {
        "int8" => Int::I8,
        "int16" => Int::I16,
        "int32" => Int::I32,
        "uint8" => Int::U8,
        "uint16" => Int::U16,
        "uint32" => Int::U32,
        "uint64" | "uint" => Int::U64,
        _ => Int::I64,
    }
}

/// An open enum of the given string values.
fn enum_kind(values: &[&str], pointer: &str) -> Enum {
    let mut scope = Scope::default();
    let mut variants: Vec<EnumVariant> = Vec::with_capacity(values.len());
    let base = join(pointer, "enum");
    let mut seen: HashSet<&str> = HashSet::with_capacity(values.len());
    for (i, value) in values.iter().enumerate() {
        if !seen.insert(value) {
            continue;
        }
        variants.push(EnumVariant {
            pointer: join(&base, &i.to_string()),
            name: scope.claim(naming::camel_ident(value, "Empty")),
            wire: (*value).to_owned(),
        });
    }
    Enum {
        variants,
        unknown_variant: scope.claim("Unknown".to_owned()),
    }
}

/// The variant name for a union alternative of type `ty`.
fn variant_name(ty: &Ty) -> String {
    match ty {
        Ty::Named(n) | Ty::Boxed(n) => n.clone(),
        Ty::String => "String".into(),
        Ty::Bool => "Boolean".into(),
        Ty::Int(_) => "Integer".into(),
        Ty::F64 => "Number".into(),
        Ty::Any => "Any".into(),
        Ty::Object => "Object".into(),
        Ty::Bytes => "Bytes".into(),
        Ty::EmptyString => "Empty".into(),
        Ty::Formatted(typed) => typed_variant_name(*typed).into(),
        Ty::Extern(path) => naming::type_ident(path.rsplit("::").next().unwrap_or(path)),
        Ty::Array(inner) => format!("{}List", variant_name(inner)),
        Ty::Map(inner) => format!("{}Map", variant_name(inner)),
    }
}

/// The variant name for a union alternative of a typed format.
fn typed_variant_name(typed: Typed) -> &'static str {
    match typed {
        Typed::Timestamp | Typed::ChronoDateTime => "DateTime",
        Typed::Date | Typed::ChronoDate => "Date",
        Typed::Uuid => "Uuid",
        Typed::Url => "Url",
        Typed::Base64 => "Base64",
    }
}

/// The format a string schema gives (`date-time`, `uuid`, ...), as written.
fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary"),
        VariantOrUnknownOrEmpty::Unknown(format) => Some(format),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}
