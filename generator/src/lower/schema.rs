//! Schemas → types: every schema becomes a [`Ty`]; objects, enums and unions become named
//! types, inline ones hoisted under a name taken from where they stand.

use super::{schema_docs, Lowerer, SchemaRef};
use crate::diag::join;
use crate::ir::{
    Docs, Enum, EnumVariant, Field, Presence, Struct, Ty, TypeDef, TypeKind, Union, UnionVariant,
};
use crate::naming::{self, Scope};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

/// Nesting deeper than this is reported instead of followed (keeps the stack bounded).
const MAX_DEPTH: usize = 96;

/// What a schema needs: a named type of this kind, or just a type reference.
enum Shape {
    Kind(TypeKind),
    Ty(Ty),
}

/// Properties gathered from an object schema (or merged from `allOf` parts).
#[derive(Default)]
struct Props<'a> {
    properties: IndexMap<&'a str, (SchemaRef<'a>, String)>,
    required: Vec<&'a str>,
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
                Some((name, target)) => {
                    let nullable = match target {
                        SchemaRef::Item(s) => s.schema_data.nullable,
                        SchemaRef::Ref(_) => false,
                    };
                    let rust = self.components.get(name).cloned().unwrap_or_default();
                    (Ty::Named(rust), nullable)
                }
                None => (Ty::Any, false),
            },
            SchemaRef::Item(s) => {
                let (shape, null_branch) = self.shape(s, pointer, hint, depth + 1);
                let nullable = s.schema_data.nullable || null_branch;
                match shape {
                    Shape::Ty(ty) => (ty, nullable),
                    Shape::Kind(kind) => {
                        let docs = schema_docs(&s.schema_data);
                        (self.add_type(hint, hint, pointer, docs, kind), nullable)
                    }
                }
            }
        }
    }

    /// What a schema is; the flag is set when a union branch allows `null`.
    fn shape(&mut self, s: &'a Schema, pointer: &str, hint: &str, depth: usize) -> (Shape, bool) {
        let shape = match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                let values: Vec<&str> =
                    t.enumeration.iter().flatten().map(String::as_str).collect();
                if values.is_empty() {
                    Shape::Ty(Ty::String)
                } else {
                    Shape::Kind(TypeKind::Enum(enum_kind(&values)))
                }
            }
            SchemaKind::Type(Type::Integer(t)) => Shape::Ty(match t.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            }),
            SchemaKind::Type(Type::Number(_)) => Shape::Ty(Ty::F64),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Ty(Ty::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                Shape::Ty(self.array_ty(a.items.as_ref(), pointer, hint, depth))
            }
            SchemaKind::Type(Type::Object(o)) => {
                let mut props = Props::default();
                self.gather(&mut props, &o.properties, &o.required, pointer);
                return self.object_shape(
                    props,
                    o.additional_properties.as_ref(),
                    pointer,
                    hint,
                    depth,
                );
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
        if !a.one_of.is_empty() {
            return self.union_shape(&a.one_of, s, &join(pointer, "oneOf"), hint, depth);
        }
        if !a.any_of.is_empty() {
            return self.union_shape(&a.any_of, s, &join(pointer, "anyOf"), hint, depth);
        }
        if !a.all_of.is_empty() {
            return self.all_of_shape(&a.all_of, Some(a), pointer, hint, depth);
        }
        let shape = match a.typ.as_deref() {
            _ if !a.properties.is_empty() || a.typ.as_deref() == Some("object") => {
                let mut props = Props::default();
                self.gather(&mut props, &a.properties, &a.required, pointer);
                return self.object_shape(
                    props,
                    a.additional_properties.as_ref(),
                    pointer,
                    hint,
                    depth,
                );
            }
            Some("array") => Shape::Ty(self.array_ty(a.items.as_ref(), pointer, hint, depth)),
            None if a.items.is_some() => {
                Shape::Ty(self.array_ty(a.items.as_ref(), pointer, hint, depth))
            }
            Some("string") | None if a.enumeration.iter().any(|v| v.is_string()) => {
                let values: Vec<&str> = a.enumeration.iter().filter_map(|v| v.as_str()).collect();
                Shape::Kind(TypeKind::Enum(enum_kind(&values)))
            }
            Some("string") => Shape::Ty(Ty::String),
            Some("integer") if a.format.as_deref() == Some("int32") => Shape::Ty(Ty::I32),
            Some("integer") => Shape::Ty(Ty::I64),
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
        for name in required {
            if !props.required.contains(&name.as_str()) {
                props.required.push(name);
            }
        }
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
        for (wire, (schema, field_pointer)) in &props.properties {
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
        let schema = match part {
            SchemaRef::Ref(r) => match self.resolve(r, &join(pointer, "$ref")) {
                Some((_, target)) => {
                    return self.merge_part(props, additional, target, pointer, depth + 1)
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
                self.merge_part(props, additional, p.into(), &p_pointer, depth + 1)
            }),
            SchemaKind::Any(a) if a.one_of.is_empty() && a.any_of.is_empty() => {
                self.gather(props, &a.properties, &a.required, pointer);
                let nested = a.all_of.iter().enumerate().all(|(i, p)| {
                    let p_pointer = join(&join(pointer, "allOf"), &i.to_string());
                    self.merge_part(props, additional, p.into(), &p_pointer, depth + 1)
                });
                *additional = additional.or(a.additional_properties.as_ref());
                nested && matches!(a.typ.as_deref(), None | Some("object"))
            }
            _ => false,
        }
    }

    /// `oneOf`/`anyOf`: a union of the distinct branch types, with a catch-all.
    fn union_shape(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        s: &'a Schema,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> (Shape, bool) {
        let mut nullable = false;
        let mut tys: Vec<(Ty, Option<&'a str>)> = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let component = match branch {
                ReferenceOr::Reference { reference } => reference.rsplit('/').next(),
                ReferenceOr::Item(_) => None,
            };
            let branch_hint = format!("{hint}Variant{}", i + 1);
            let (ty, branch_null) = self.ty_of(
                branch.into(),
                &join(pointer, &i.to_string()),
                &branch_hint,
                depth,
            );
            nullable |= branch_null;
            if !tys.iter().any(|(t, _)| *t == ty) {
                tys.push((ty, component));
            }
        }
        if tys.len() == 1 {
            let (ty, _) = tys.remove(0);
            return (Shape::Ty(ty), nullable);
        }
        let discriminator = s.schema_data.discriminator.as_ref();
        let mut scope = Scope::default();
        let variants = tys
            .into_iter()
            .map(|(ty, component)| {
                let tags = match (discriminator, component) {
                    (Some(d), Some(component)) => {
                        let mapped: Vec<String> = d
                            .mapping
                            .iter()
                            .filter(|(_, target)| target.rsplit('/').next() == Some(component))
                            .map(|(tag, _)| tag.clone())
                            .collect();
                        if mapped.is_empty() {
                            vec![component.to_owned()]
                        } else {
                            mapped
                        }
                    }
                    _ => Vec::new(),
                };
                UnionVariant {
                    name: scope.claim(variant_name(&ty)),
                    ty,
                    tags,
                }
            })
            .collect();
        let union = Union {
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
            other_variant: scope.claim("Other".to_owned()),
        };
        (Shape::Kind(TypeKind::Union(union)), nullable)
    }
}

/// An open enum of the given string values.
fn enum_kind(values: &[&str]) -> Enum {
    let mut scope = Scope::default();
    let mut variants: Vec<EnumVariant> = Vec::with_capacity(values.len());
    for value in values {
        if variants.iter().any(|v| v.wire == *value) {
            continue;
        }
        variants.push(EnumVariant {
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
        Ty::I32 | Ty::I64 => "Integer".into(),
        Ty::F64 => "Number".into(),
        Ty::Any => "Any".into(),
        Ty::Object => "Object".into(),
        Ty::Bytes => "Bytes".into(),
        Ty::Array(inner) => format!("{}List", variant_name(inner)),
        Ty::Map(inner) => format!("{}Map", variant_name(inner)),
    }
}
