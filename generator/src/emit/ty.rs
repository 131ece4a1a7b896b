//! Types as syntax trees.
//!
//! Inside `types`, prelude names (`Option`, `String`, `Vec`, `Box`, `Into`, `Default`, ...)
//! are used as they are and the runtime's model module is imported as `rt`: no generated
//! type can shadow them, because [`crate::naming::type_ident`] renames schemas called so
//! (`Option` → `OptionModel`). Code at the crate root, which lands in the module that
//! `include!`s it, names everything by full path.

use super::ast::{self, Attr, Path};
use crate::ir::{Api, Presence, Ty, Typed};
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
pub(super) fn allow_deprecated(needed: bool) -> Option<Attr> {
    needed.then(|| Attr::list("allow", &["deprecated"]))
}

/// `#[allow(clippy::too_many_arguments)]` for a function with more parameters than clippy
/// accepts: constructors and operations take every required value positionally, as many as
/// the API description has.
pub(super) fn allow_many_arguments(count: usize) -> Option<Attr> {
    (count > 7).then(|| Attr::list("allow", &["clippy::too_many_arguments"]))
}

/// A type in `scope` with one type argument (`Vec<T>` inside `types`, `::std::vec::Vec<T>`
/// at the root).
fn generic(short: &str, full: &str, scope: Scope, arg: ast::Ty) -> ast::Ty {
    let text = if scope == Scope::Types { short } else { full };
    ast::Ty::generic(text, vec![arg])
}

/// A named type: `Name` inside `types`, `types::Name` at the root.
fn named(name: &str, scope: Scope) -> ast::Ty {
    match scope {
        Scope::Types => ast::Ty::Path(Path::ident(name)),
        Scope::Root => ast::Ty::Path(Path::ident("types").join(name)),
    }
}

/// The Rust type of a present value.
pub(super) fn tokens(ty: &Ty, scope: Scope) -> ast::Ty {
    let short = scope == Scope::Types;
    match ty {
        Ty::String if short => ast::Ty::path("String"),
        Ty::Any if short => ast::Ty::path("rt::Value"),
        Ty::Object if short => ast::Ty::path("rt::Object"),
        Ty::Bytes if short => ast::Ty::generic("Vec", vec![ast::Ty::path("u8")]),
        Ty::EmptyString if short => ast::Ty::path("rt::EmptyString"),
        Ty::Map(inner) if short => ast::Ty::generic(
            "::std::collections::BTreeMap",
            vec![ast::Ty::path("String"), tokens(inner, scope)],
        ),
        Ty::String => ast::Ty::path("::std::string::String"),
        Ty::Bool => ast::Ty::path("bool"),
        Ty::Int(int) => ast::Ty::path(int.rust_name()),
        Ty::F64 => ast::Ty::path("f64"),
        Ty::Any => ast::Ty::path("::d360_runtime::serde_json::Value"),
        Ty::Object => ast::Ty::path("::d360_runtime::model::Object"),
        Ty::Bytes => ast::Ty::generic("::std::vec::Vec", vec![ast::Ty::path("u8")]),
        Ty::EmptyString => ast::Ty::path("::d360_runtime::model::EmptyString"),
        Ty::Formatted(typed) => formatted(*typed, scope),
        Ty::Extern(path) => ast::Ty::path(path),
        Ty::Named(name) => named(name, scope),
        Ty::Boxed(name) => generic("Box", "::std::boxed::Box", scope, named(name, scope)),
        Ty::Array(inner) => generic("Vec", "::std::vec::Vec", scope, tokens(inner, scope)),
        Ty::Map(inner) => ast::Ty::generic(
            "::std::collections::BTreeMap",
            vec![ast::Ty::path("::std::string::String"), tokens(inner, scope)],
        ),
    }
}

/// `rt::Formatted<rt::uuid::Uuid>` inside `types`, by full path at the root.
fn formatted(typed: Typed, scope: Scope) -> ast::Ty {
    let model = if scope == Scope::Types {
        "rt"
    } else {
        "::d360_runtime::model"
    };
    let inner = match typed {
        Typed::Base64 => generic("Vec", "::std::vec::Vec", scope, ast::Ty::path("u8")),
        Typed::ChronoDateTime => ast::Ty::generic(
            &format!("{model}::chrono::DateTime"),
            vec![ast::Ty::path(&format!("{model}::chrono::FixedOffset"))],
        ),
        other => ast::Ty::path(&format!("{model}::{}", other.model_path())),
    };
    ast::Ty::generic(&format!("{model}::Formatted"), vec![inner])
}

/// The Rust type of a field with the given presence.
pub(super) fn field(ty: &Ty, presence: Presence, scope: Scope) -> ast::Ty {
    let inner = tokens(ty, scope);
    match presence {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => {
            generic("Option", "::std::option::Option", scope, inner)
        }
        Presence::OptionalNullable => {
            generic("rt::Nullable", "::d360_runtime::Nullable", scope, inner)
        }
    }
}

/// The type an argument takes by reference or value: `&str` for strings, `&[T]` for arrays,
/// `&T` for other non-`Copy` types, `T` for numbers and booleans.
pub(super) fn argument(ty: &Ty, scope: Scope) -> ast::Ty {
    match ty {
        Ty::String => ast::Ty::reference(ast::Ty::path("str")),
        Ty::Bool | Ty::Int(_) | Ty::F64 => tokens(ty, scope),
        Ty::Array(inner) => ast::Ty::reference(ast::Ty::Slice(Box::new(tokens(inner, scope)))),
        Ty::Bytes => ast::Ty::reference(ast::Ty::Slice(Box::new(ast::Ty::path("u8")))),
        _ => ast::Ty::reference(tokens(ty, scope)),
    }
}

/// An identifier as written: raw ones (`r#type`) keep their prefix.
pub(super) fn ident(name: &str) -> String {
    name.to_owned()
}
