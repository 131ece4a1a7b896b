//! Models: structs, open enums, unions and aliases, with their lossless serde impls.

use super::docs;
use super::ty::{self, ident, Scope};
use crate::ir::{Docs, Enum, Field, Presence, Struct, Ty, TypeDef, TypeKind, Union};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashSet;

/// One named type and its impls. `deprecated` names the deprecated types, whose use needs
/// `#[allow(deprecated)]`.
pub(super) fn type_def(def: &TypeDef, deprecated: &HashSet<&str>) -> TokenStream {
    let source = format!("Schema: `#{}`.", def.pointer);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => structure(&name, &def.docs, &source, s, deprecated),
        TypeKind::Enum(e) => open_enum(&name, &def.docs, &source, e),
        TypeKind::Union(u) => union(&name, &def.docs, &source, u, deprecated),
        TypeKind::Alias(target) => {
            let doc = docs::item(&def.docs, &[String::new(), source]);
            let allow = ty::allow_deprecated(ty::mentions(target, deprecated));
            let target = ty::tokens(target, Scope::Types);
            quote! { #doc #allow pub type #name = #target; }
        }
        TypeKind::Newtype(target) => {
            let note = "A struct rather than a type alias: the schema refers to itself. \
                        It reads and writes as its value."
                .to_owned();
            let doc = docs::item(&def.docs, &[String::new(), note, String::new(), source]);
            let allow = ty::allow_deprecated(ty::mentions(target, deprecated));
            let target = ty::tokens(target, Scope::Types);
            quote! {
                #doc
                #[derive(Clone, Debug, PartialEq)]
                #allow
                pub struct #name(#[doc = " The value."] pub #target);

                #allow
                impl<'de> rt::Deserialize<'de> for #name {
                    fn deserialize<D: rt::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        <#target as rt::Deserialize<'de>>::deserialize(deserializer).map(Self)
                    }
                }

                #allow
                impl rt::Serialize for #name {
                    fn serialize<S: rt::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        rt::Serialize::serialize(&self.0, serializer)
                    }
                }
            }
        }
    }
}

fn structure(
    name: &proc_macro2::Ident,
    item_docs: &Docs,
    source: &str,
    s: &Struct,
    deprecated: &HashSet<&str>,
) -> TokenStream {
    let doc = docs::item(item_docs, &[String::new(), source.to_owned()]);
    let allow = ty::allow_deprecated(
        item_docs.deprecated.is_some()
            || s.fields
                .iter()
                .any(|f| f.docs.deprecated.is_some() || ty::mentions(&f.ty, deprecated)),
    );
    let allow_fields =
        ty::allow_deprecated(s.fields.iter().any(|f| ty::mentions(&f.ty, deprecated)));
    let extra = ident(&s.extra_field);
    let extra_ty = quote! { rt::Object };
    let fields = s.fields.iter().map(|f| {
        let mut field_docs = f.docs.clone();
        if field_docs.summary.is_none() && field_docs.description.is_none() {
            field_docs.description = Some(format!("The `{}` property.", f.wire));
        }
        let doc = docs::item(&field_docs, &[]);
        let fname = ident(&f.name);
        let fty = ty::field(&f.ty, f.presence, Scope::Types);
        quote! { #doc pub #fname: #fty, }
    });
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.presence == Presence::Required || f.presence == Presence::RequiredNullable)
        .collect();
    let new_args = required.iter().map(|f| {
        let fname = ident(&f.name);
        let fty = ty::field(&f.ty, f.presence, Scope::Types);
        quote! { #fname: #fty }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        match f.presence {
            Presence::Required | Presence::RequiredNullable => quote! { #fname, },
            Presence::Optional => quote! { #fname: None, },
            Presence::OptionalNullable => quote! { #fname: rt::Nullable::Absent, },
        }
    });
    let mut setter_names = crate::naming::Scope::default();
    // Required fields are set by `new`; setters are for the rest.
    let setters: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable))
        .map(|f| {
            let wanted = format!(
                "with_{}",
                crate::naming::unraw(&f.name).trim_start_matches('_')
            );
            setter(f, &setter_names.claim(wanted))
        })
        .collect();
    let de_fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        let helper = match f.presence {
            Presence::Required => quote! { required },
            Presence::RequiredNullable => quote! { required_nullable },
            Presence::Optional => quote! { optional },
            Presence::OptionalNullable => quote! { nullable },
        };
        quote! { #fname: rt::#helper(&mut object, #wire)?, }
    });
    let ser_fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        let helper = match f.presence {
            Presence::Required | Presence::RequiredNullable => quote! { required },
            Presence::Optional => quote! { optional },
            Presence::OptionalNullable => quote! { nullable },
        };
        quote! { writer.#helper(#wire, &self.#fname)?; }
    });
    let new_doc: Vec<&str> = match required.len() {
        0 => vec![" A value with every field unset."],
        1 => vec![" A value with the required field set and the others unset."],
        _ => vec![
            " A value with the required fields set and the others unset.",
            "",
            " The arguments come in the order of the schema's `required` list, never in the",
            " order of its `properties` (JSON gives the keys of an object no order).",
        ],
    };
    // Without required fields every field has a default (`None`, `Absent`, an empty map):
    // derive it rather than list each field in `new`.
    let (derive_default, new_body) = if required.is_empty() {
        (quote! { Default, }, quote! { Self::default() })
    } else {
        (
            quote! {},
            quote! { Self { #(#inits)* #extra: rt::Object::new() } },
        )
    };
    let many = ty::allow_many_arguments(required.len());
    quote! {
        #doc
        #[derive(Clone, Debug, #derive_default PartialEq)]
        #[non_exhaustive]
        #allow_fields
        pub struct #name {
            #(#fields)*
            /// Properties the schema does not describe, kept as they came and written back.
            pub #extra: #extra_ty,
        }

        #allow
        impl #name {
            #(#[doc = #new_doc])*
            #many
            pub fn new(#(#new_args),*) -> Self {
                #new_body
            }
            #(#setters)*
        }

        #allow
        impl<'de> rt::Deserialize<'de> for #name {
            fn deserialize<D: rt::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut object = rt::read_object(deserializer)?;
                Ok(Self { #(#de_fields)* #extra: object })
            }
        }

        #allow
        impl rt::Serialize for #name {
            fn serialize<S: rt::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut writer = rt::ObjectWriter::new(serializer)?;
                #(#ser_fields)*
                writer.finish(&self.#extra)
            }
        }
    }
}

/// `with_<field>(value)`: sets one field, for building values outside the crate.
fn setter(f: &Field, method: &str) -> TokenStream {
    let fname = ident(&f.name);
    let method = ident(method);
    let value_ty = ty::tokens(&f.ty, Scope::Types);
    let doc = format!(" Sets [`{0}`](Self::{0}).", crate::naming::unraw(&f.name));
    let deprecated = f
        .docs
        .deprecated
        .as_ref()
        .map(|note| quote! { #[deprecated(note = #note)] });
    let (arg_ty, value) = match (&f.ty, f.presence) {
        (Ty::Boxed(_), _) => {
            let inner = match &f.ty {
                Ty::Boxed(n) => ty::tokens(&Ty::Named(n.clone()), Scope::Types),
                _ => value_ty.clone(),
            };
            (
                quote! { impl Into<#inner> },
                quote! { Box::new(value.into()) },
            )
        }
        _ => (quote! { impl Into<#value_ty> }, quote! { value.into() }),
    };
    let assign = match f.presence {
        Presence::Required => quote! { self.#fname = #value; },
        Presence::RequiredNullable | Presence::Optional => {
            quote! { self.#fname = Some(#value); }
        }
        Presence::OptionalNullable => {
            quote! { self.#fname = rt::Nullable::Value(#value); }
        }
    };
    quote! {
        #[doc = #doc]
        #deprecated
        #[must_use]
        pub fn #method(mut self, value: #arg_ty) -> Self {
            #assign
            self
        }
    }
}

fn open_enum(name: &proc_macro2::Ident, item_docs: &Docs, source: &str, e: &Enum) -> TokenStream {
    let doc = docs::item(item_docs, &[String::new(), source.to_owned()]);
    let unknown = ident(&e.unknown_variant);
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let doc = format!(" `{}`", v.wire.replace('`', "'"));
        quote! { #[doc = #doc] #vname, }
    });
    let as_str = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote! { Self::#vname => #wire, }
    });
    let from_str = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote! { #wire => Self::#vname, }
    });
    // A deprecated enum's own impls name it and its variants.
    let allow = ty::allow_deprecated(item_docs.deprecated.is_some());
    let impls = quote! { ::d360_runtime::open_enum_impls!(#name); };
    let impls = match item_docs.deprecated.is_some() {
        // Lint levels reach into a macro's expansion through an item that holds it.
        true => quote! { #allow const _: () = { #impls }; },
        false => impls,
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, kept as it came.
            #unknown(String),
        }

        #allow
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        #allow
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        #impls
    }
}

fn union(
    name: &proc_macro2::Ident,
    item_docs: &Docs,
    source: &str,
    u: &Union,
    deprecated: &HashSet<&str>,
) -> TokenStream {
    let allow = ty::allow_deprecated(u.variants.iter().any(|v| ty::mentions(&v.ty, deprecated)));
    // A struct alternative next to a string one makes a large size difference; boxing it
    // would cost every user an allocation and a `Box` in each pattern, for a value that is
    // decoded once and then matched.
    let large = u
        .variants
        .iter()
        .any(|v| matches!(v.ty, Ty::Named(_)))
        .then(|| quote! { #[allow(clippy::large_enum_variant)] });
    let mut extra = vec![String::new()];
    extra.push(match &u.discriminator {
        Some(d) => format!("Chosen by the `{d}` property; a value that fits no alternative is kept in `{}`.", u.other_variant),
        None => format!("The first alternative the value fits, in this order; a value that fits none is kept in `{}`.", u.other_variant),
    });
    extra.push(String::new());
    extra.push(source.to_owned());
    let doc = docs::item(item_docs, &extra);
    let other = ident(&u.other_variant);
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let vty = ty::tokens(&v.ty, Scope::Types);
        let doc = format!(" The value as `{}`.", variant_ty_text(&v.ty));
        quote! { #[doc = #doc] #vname(#vty), }
    });
    let mut methods = crate::naming::Scope::default();
    let accessors: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let vname = ident(&v.name);
            let snake = heck::ToSnakeCase::to_snake_case(v.name.as_str());
            // `as_ref`/`as_mut` would read as the std traits' methods.
            let method = match snake.as_str() {
                "ref" | "mut" => format!("as_{snake}_variant"),
                _ => format!("as_{}", snake.trim_start_matches('_')),
            };
            let method = ident(&methods.claim(method));
            // A boxed alternative (a recursive type) is handed out as the value, not the box.
            let (vty, value) = match &v.ty {
                Ty::Boxed(n) => (
                    ty::tokens(&Ty::Named(n.clone()), Scope::Types),
                    quote! { &**value },
                ),
                other => (ty::tokens(other, Scope::Types), quote! { value }),
            };
            let doc = format!(" The value, if it is the `{}` alternative.", v.name);
            quote! {
                #[doc = #doc]
                pub fn #method(&self) -> Option<&#vty> {
                    match self {
                        Self::#vname(value) => Some(#value),
                        _ => None,
                    }
                }
            }
        })
        .collect();
    let tries = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        quote! { |value| rt::try_as(value).map(Self::#vname), }
    });
    // When every alternative has its tags, a tag none of them has is a kind this client does
    // not know: kept whole, not forced into an alternative whose fields happen to fit.
    let unknown_tag = u.variants.iter().all(|v| !v.tags.is_empty()).then(|| {
        quote! {
            Some(_) => {
                return Ok(Self::#other(value));
            }
        }
    });
    let by_tag = u.discriminator.as_ref().map(|property| {
        let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
            let vname = ident(&v.name);
            let tags = &v.tags;
            quote! {
                Some(#(#tags)|*) => {
                    return Ok(
                        rt::try_as(&value).map(Self::#vname).unwrap_or(Self::#other(value)),
                    );
                }
            }
        });
        quote! {
            #[allow(clippy::match_single_binding)]
            match rt::tag(&value, #property) {
                #(#arms)*
                #unknown_tag
                _ => {}
            }
        }
    });
    let ser_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        quote! { Self::#vname(value) => rt::Serialize::serialize(value, serializer), }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #allow
        #large
        pub enum #name {
            #(#variants)*
            /// A value that fits none of the alternatives, kept as it came.
            #other(rt::Value),
        }

        #allow
        impl #name {
            #(#accessors)*
        }

        #allow
        impl<'de> rt::Deserialize<'de> for #name {
            fn deserialize<D: rt::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = rt::read_value(deserializer)?;
                #by_tag
                let alternatives: &[fn(&rt::Value) -> Option<Self>] = &[#(#tries)*];
                Ok(rt::first_fit(value, alternatives, Self::#other))
            }
        }

        #allow
        impl rt::Serialize for #name {
            fn serialize<S: rt::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Self::#other(value) => rt::Serialize::serialize(value, serializer),
                }
            }
        }
    }
}

fn variant_ty_text(ty: &Ty) -> String {
    match ty {
        Ty::Named(n) | Ty::Boxed(n) => n.clone(),
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::Int(int) => int.rust_name().into(),
        Ty::F64 => "f64".into(),
        Ty::Any => "serde_json::Value".into(),
        Ty::Object => "JSON object".into(),
        Ty::Bytes => "bytes".into(),
        Ty::EmptyString => "the empty string".into(),
        Ty::Array(inner) => format!("Vec<{}>", variant_ty_text(inner)),
        Ty::Map(inner) => format!("map of {}", variant_ty_text(inner)),
    }
}
