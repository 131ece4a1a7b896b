//! Types as tokens.
//!
//! Inside `types`, prelude names (`Option`, `String`, `Vec`, `Box`, `Into`, `Default`, ...)
//! are used as they are and the runtime's model module is imported as `rt`: no generated
//! type can shadow them, because [`crate::naming::type_ident`] renames schemas called so
//! (`Option` → `OptionModel`). Code at the crate root, which lands in the module that
//! `include!`s it, names everything by full path.

use crate::ir::{Api, Presence, Ty};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::HashSet;

/// Where a type is named from: inside `types`, or from the crate root.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    Types,
    Root,
}

/// The names of the types the API description marks deprecated.
pub(super) fn deprecated_types(api: &Api) -> HashSet<&str> {
    api.types
        .iter()
        .filter(|t| t.docs.deprecated.is_some())
        .map(|t| t.name.as_str())
        .collect()
}

/// Whether `ty` names one of the `deprecated` types (using it warns unless allowed).
pub(super) fn mentions(ty: &Ty, deprecated: &HashSet<&str>) -> bool {
    match ty {
        Ty::Named(name) | Ty::Boxed(name) => deprecated.contains(name.as_str()),
        Ty::Array(inner) | Ty::Map(inner) => mentions(inner, deprecated),
        _ => false,
    }
}

/// `#[allow(deprecated)]` where an item uses something deprecated: the crate must not warn
/// about its own use of what the API description deprecates.
pub(super) fn allow_deprecated(needed: bool) -> Option<TokenStream> {
    needed.then(|| quote! { #[allow(deprecated)] })
}

/// `#[allow(clippy::too_many_arguments)]` for a function with more parameters than clippy
/// accepts: constructors and operations take every required value positionally, as many as
/// the API description has.
pub(super) fn allow_many_arguments(count: usize) -> Option<TokenStream> {
    (count > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] })
}

/// An identifier, raw (`r#type`) when the name says so.
pub(super) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a present value.
pub(super) fn tokens(ty: &Ty, scope: Scope) -> TokenStream {
    let named = |name: &str| {
        let id = ident(name);
        match scope {
            Scope::Types => quote! { #id },
            Scope::Root => quote! { types::#id },
        }
    };
    let short = scope == Scope::Types;
    match ty {
        Ty::String if short => quote! { String },
        Ty::Any if short => quote! { rt::Value },
        Ty::Object if short => quote! { rt::Object },
        Ty::Bytes if short => quote! { Vec<u8> },
        Ty::EmptyString if short => quote! { rt::EmptyString },
        Ty::Boxed(name) if short => {
            let inner = named(name);
            quote! { Box<#inner> }
        }
        Ty::Array(inner) if short => {
            let inner = tokens(inner, scope);
            quote! { Vec<#inner> }
        }
        Ty::Map(inner) if short => {
            let inner = tokens(inner, scope);
            quote! { ::std::collections::BTreeMap<String, #inner> }
        }
        Ty::String => quote! { ::std::string::String },
        Ty::Bool => quote! { bool },
        Ty::Int(int) => {
            let id = Ident::new(int.rust_name(), Span::call_site());
            quote! { #id }
        }
        Ty::F64 => quote! { f64 },
        Ty::Any => quote! { ::d360_runtime::serde_json::Value },
        Ty::Object => quote! { ::d360_runtime::model::Object },
        Ty::Bytes => quote! { ::std::vec::Vec<u8> },
        Ty::EmptyString => quote! { ::d360_runtime::model::EmptyString },
        Ty::Named(name) => named(name),
        Ty::Boxed(name) => {
            let inner = named(name);
            quote! { ::std::boxed::Box<#inner> }
        }
        Ty::Array(inner) => {
            let inner = tokens(inner, scope);
            quote! { ::std::vec::Vec<#inner> }
        }
        Ty::Map(inner) => {
            let inner = tokens(inner, scope);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
    }
}

/// The Rust type of a field with the given presence.
pub(super) fn field(ty: &Ty, presence: Presence, scope: Scope) -> TokenStream {
    let inner = tokens(ty, scope);
    if scope == Scope::Types {
        return match presence {
            Presence::Required => inner,
            Presence::RequiredNullable | Presence::Optional => quote! { Option<#inner> },
            Presence::OptionalNullable => quote! { rt::Nullable<#inner> },
        };
    }
    match presence {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => quote! { ::std::option::Option<#inner> },
        Presence::OptionalNullable => quote! { ::d360_runtime::Nullable<#inner> },
    }
}

/// The type an argument takes by reference or value: `&str` for strings, `&[T]` for arrays,
/// `&T` for other non-`Copy` types, `T` for numbers and booleans.
pub(super) fn argument(ty: &Ty, scope: Scope) -> TokenStream {
    match ty {
        Ty::String => quote! { &str },
        Ty::Bool | Ty::Int(_) | Ty::F64 => tokens(ty, scope),
        Ty::Array(inner) => {
            let inner = tokens(inner, scope);
            quote! { &[#inner] }
        }
        Ty::Bytes => quote! { &[u8] },
        _ => {
            let t = tokens(ty, scope);
            quote! { &#t }
        }
    }
}
