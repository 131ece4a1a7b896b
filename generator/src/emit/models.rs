//! Models: structs, open enums, unions and aliases, with their lossless serde impls.

use super::ast::{
    Arm, Attr, Expr, FieldValue, FnArg, GenericArg, GenericParam, ImplItem, Item, Lit, Macro,
    Member, Pat, Path, Segment, Stmt, Tok, Variant,
};
use super::docs;
use super::ty::{self, ident, Scope};
use crate::ir::{Docs, Enum, Field, Presence, Struct, Ty, TypeDef, TypeKind, Union};
use std::collections::HashSet;

/// One named type and its impls. `deprecated` names the deprecated types, whose use needs
/// `#[allow(deprecated)]`.
/// `added` are the attributes the configuration adds (derives first).
pub(super) fn type_def(def: &TypeDef, deprecated: &HashSet<&str>, added: &[Attr]) -> Vec<Item> {
    let source = match &def.kind {
        TypeKind::Union(u) if !u.shared_by.is_empty() => {
            format!("Schema: each alias's, the first `#{}`.", def.pointer)
        }
        _ => format!("Schema: `#{}`.", def.pointer),
    };
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => structure(&name, &def.docs, &source, s, deprecated, added),
        TypeKind::Enum(e) => open_enum(&name, &def.docs, &source, e, added),
        TypeKind::Union(u) => union(&name, &def.docs, &source, u, deprecated, added),
        TypeKind::Alias(target) => {
            let mut attrs = docs::item(&def.docs, &[String::new(), source]);
            attrs.extend(ty::allow_deprecated(ty::mentions(target, deprecated)));
            attrs.extend(added.iter().cloned());
            vec![Item::Type {
                attrs,
                name,
                ty: ty::tokens(target, Scope::Types),
            }]
        }
        TypeKind::Newtype(target) => {
            let note = "A struct rather than a type alias: the schema refers to itself. \
                        It reads and writes as its value."
                .to_owned();
            let allow = ty::allow_deprecated(ty::mentions(target, deprecated));
            let mut attrs = docs::item(&def.docs, &[String::new(), note, String::new(), source]);
            attrs.push(Attr::list("derive", &["Clone", "Debug", "PartialEq"]));
            attrs.extend(added.iter().cloned());
            attrs.extend(allow.clone());
            let target = ty::tokens(target, Scope::Types);
            // `<Target as rt::Deserialize<'de>>::deserialize(deserializer).map(Self)`
            let read = Expr::call(
                Expr::QPath {
                    qself: target.clone(),
                    trait_: deserialize_trait(),
                    rest: vec![Segment {
                        ident: "deserialize".to_owned(),
                        args: Vec::new(),
                    }],
                },
                vec![Expr::var("deserializer")],
            )
            .method("map", vec![Expr::var("Self")]);
            let write = Expr::call(
                Expr::path("rt::Serialize::serialize"),
                vec![
                    Expr::Field(Box::new(Expr::var("self")), Member::Unnamed(0)).reference(),
                    Expr::var("serializer"),
                ],
            );
            vec![
                Item::TupleStruct {
                    attrs,
                    name: name.clone(),
                    fields: vec![super::ast::Field {
                        attrs: vec![Attr::doc(" The value.")],
                        public: true,
                        name: None,
                        ty: target,
                    }],
                },
                impl_deserialize(&name, allow.clone(), vec![Stmt::Expr(read, false)]),
                impl_serialize(&name, allow, vec![Stmt::Expr(write, false)]),
            ]
        }
    }
}

/// `rt::Deserialize<'de>`.
fn deserialize_trait() -> Path {
    Path::parse("rt::Deserialize").with_args(vec![GenericArg::Lifetime("de".to_owned())])
}

/// `impl<'de> rt::Deserialize<'de> for Name { fn deserialize<D: ..>(deserializer: D) .. }`.
fn impl_deserialize(name: &str, allow: Option<Attr>, body: Vec<Stmt>) -> Item {
    let bound =
        Path::parse("rt::Deserializer").with_args(vec![GenericArg::Lifetime("de".to_owned())]);
    let output = super::ast::Ty::generic(
        "Result",
        vec![
            super::ast::Ty::path("Self"),
            super::ast::Ty::path("D::Error"),
        ],
    );
    let deserialize = ImplItem::trait_fn(
        Vec::new(),
        "deserialize",
        vec![GenericParam::Type("D".to_owned(), vec![bound])],
        vec![FnArg::Typed(
            "deserializer".to_owned(),
            super::ast::Ty::path("D"),
        )],
        Some(output),
        body,
    );
    Item::Impl {
        attrs: allow.into_iter().collect(),
        generics: vec![GenericParam::Lifetime("de".to_owned())],
        trait_: Some(deserialize_trait()),
        self_ty: super::ast::Ty::Path(Path::ident(name)),
        items: vec![deserialize],
    }
}

/// `impl rt::Serialize for Name { fn serialize<S: rt::Serializer>(&self, serializer: S) .. }`.
fn impl_serialize(name: &str, allow: Option<Attr>, body: Vec<Stmt>) -> Item {
    let output = super::ast::Ty::generic(
        "Result",
        vec![
            super::ast::Ty::path("S::Ok"),
            super::ast::Ty::path("S::Error"),
        ],
    );
    let serialize = ImplItem::trait_fn(
        Vec::new(),
        "serialize",
        vec![GenericParam::Type(
            "S".to_owned(),
            vec![Path::parse("rt::Serializer")],
        )],
        vec![
            FnArg::RefSelf,
            FnArg::Typed("serializer".to_owned(), super::ast::Ty::path("S")),
        ],
        Some(output),
        body,
    );
    impl_trait(name, allow, Path::parse("rt::Serialize"), vec![serialize])
}

/// An inherent `impl Name { items }`.
fn impl_inherent(name: &str, attrs: Vec<Attr>, items: Vec<ImplItem>) -> Item {
    Item::Impl {
        attrs,
        generics: Vec::new(),
        trait_: None,
        self_ty: super::ast::Ty::Path(Path::ident(name)),
        items,
    }
}

/// `impl Trait for Name { items }`.
fn impl_trait(name: &str, allow: Option<Attr>, trait_: Path, items: Vec<ImplItem>) -> Item {
    Item::Impl {
        attrs: allow.into_iter().collect(),
        generics: Vec::new(),
        trait_: Some(trait_),
        self_ty: super::ast::Ty::Path(Path::ident(name)),
        items,
    }
}

/// A method that is not `pub` (a trait's, or a private helper), `#[inline]` (compiled only in
/// the crates that call it).
fn inline_fn(name: &str, inputs: Vec<FnArg>, output: super::ast::Ty, body: Vec<Stmt>) -> ImplItem {
    ImplItem::trait_fn(
        vec![Attr::word("inline")],
        name,
        Vec::new(),
        inputs,
        Some(output),
        body,
    )
}

/// `Self::Name`.
fn self_variant(name: &str) -> Path {
    Path::ident("Self").join(name)
}

/// `name(args)` as a call of a path written as text.
fn call(path: &str, args: Vec<Expr>) -> Expr {
    Expr::call(Expr::path(path), args)
}

fn structure(
    name: &str,
    item_docs: &Docs,
    source: &str,
    s: &Struct,
    deprecated: &HashSet<&str>,
    added: &[Attr],
) -> Vec<Item> {
    let allow = ty::allow_deprecated(
        item_docs.deprecated.is_some()
            || s.fields
                .iter()
                .any(|f| f.docs.deprecated.is_some() || ty::mentions(&f.ty, deprecated)),
    );
    let allow_fields =
        ty::allow_deprecated(s.fields.iter().any(|f| ty::mentions(&f.ty, deprecated)));
    let extra = ident(&s.extra_field);
    let mut fields: Vec<super::ast::Field> = s
        .fields
        .iter()
        .map(|f| {
            let mut field_docs = f.docs.clone();
            if field_docs.summary.is_none() && field_docs.description.is_none() {
                field_docs.description = Some(format!("The `{}` property.", f.wire));
            }
            super::ast::Field {
                attrs: docs::item(&field_docs, &[]),
                public: true,
                name: Some(ident(&f.name)),
                ty: ty::field(&f.ty, f.presence, Scope::Types),
            }
        })
        .collect();
    fields.push(super::ast::Field {
        attrs: vec![Attr::doc(
            " Properties the schema does not describe, kept as they came and written back.",
        )],
        public: true,
        name: Some(extra.clone()),
        ty: super::ast::Ty::path("rt::Object"),
    });
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.presence == Presence::Required || f.presence == Presence::RequiredNullable)
        .collect();
    let new_args: Vec<FnArg> = required
        .iter()
        .map(|f| FnArg::Typed(ident(&f.name), ty::field(&f.ty, f.presence, Scope::Types)))
        .collect();
    let mut setter_names = crate::naming::Scope::default();
    // Required fields are set by `new`; setters are for the rest.
    let setters: Vec<ImplItem> = s
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
    let de_fields: Vec<FieldValue> = s
        .fields
        .iter()
        .map(|f| {
            // A required property's absence ends the read; an optional one's error is kept
            // by the reader for `finish` (no early return per field: less code to check).
            let read = |helper| Expr::var("fields").method(helper, vec![Expr::str(f.wire.clone())]);
            let expr = match f.presence {
                Presence::Required => read("required").try_(),
                Presence::RequiredNullable => read("required_nullable").try_(),
                Presence::Optional => read("optional"),
                Presence::OptionalNullable => read("nullable"),
            };
            FieldValue {
                member: ident(&f.name),
                expr: Some(expr),
            }
        })
        .chain(std::iter::once(FieldValue {
            member: extra.clone(),
            expr: Some(Expr::var("fields").method("rest", Vec::new())),
        }))
        .collect();
    // The fields listed once, for `Serialize` and `Debug` both (`rt::Fields`).
    let visits = s
        .fields
        .iter()
        .map(|f| {
            let helper = match f.presence {
                Presence::Required | Presence::RequiredNullable => "required",
                Presence::Optional => "optional",
                Presence::OptionalNullable => "nullable",
            };
            let args = vec![
                Expr::str(crate::naming::unraw(&f.name).to_owned()),
                Expr::str(f.wire.clone()),
                Expr::var("self").field(&ident(&f.name)).reference(),
            ];
            Stmt::Expr(Expr::var("visitor").method(helper, args), true)
        })
        .chain(std::iter::once(Stmt::Expr(
            Expr::var("visitor").method(
                "rest",
                vec![
                    Expr::str(crate::naming::unraw(&extra).to_owned()),
                    Expr::var("self").field(&extra).reference(),
                ],
            ),
            true,
        )))
        .collect();
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
    // `new` lists every field: the required ones from its arguments, the others unset
    // (`None`, `Absent`, an empty map).
    let inits = s
        .fields
        .iter()
        .map(|f| {
            let value = match f.presence {
                Presence::Required | Presence::RequiredNullable => None,
                Presence::Optional => Some(Expr::var("None")),
                Presence::OptionalNullable => Some(Expr::path("rt::Nullable::Absent")),
            };
            FieldValue {
                member: ident(&f.name),
                expr: value,
            }
        })
        .chain(std::iter::once(FieldValue {
            member: extra.clone(),
            expr: Some(call("rt::Object::new", Vec::new())),
        }))
        .collect();
    let new_body = Expr::Struct(Path::ident("Self"), inits);
    // Without required fields, that value is also the `Default`: written out, not derived
    // (a derive calls `Default::default` for each field, a function per field type to
    // compile, where `None` is a constant).
    let default_impl = required.is_empty().then(|| {
        let default = inline_fn(
            "default",
            Vec::new(),
            super::ast::Ty::path("Self"),
            vec![Stmt::Expr(call("Self::new", Vec::new()), false)],
        );
        impl_trait(name, allow.clone(), Path::ident("Default"), vec![default])
    });
    // `Debug` comes from `rt::Fields`, as `Serialize` does: derived, it lists every field again.
    let derive = Attr::list("derive", &["Clone", "PartialEq"]);
    let mut struct_attrs = docs::item(item_docs, &[String::new(), source.to_owned()]);
    struct_attrs.push(derive);
    struct_attrs.extend(added.iter().cloned());
    struct_attrs.push(Attr::word("non_exhaustive"));
    struct_attrs.extend(allow_fields);
    let mut new_attrs: Vec<Attr> = new_doc.into_iter().map(Attr::doc).collect();
    // Small non-generic functions are `#[inline]`: compiled in the crates that call them, not
    // in this one (a client of thousands of types otherwise compiles every one's).
    new_attrs.push(Attr::word("inline"));
    new_attrs.extend(ty::allow_many_arguments(required.len()));
    let mut inherent = vec![ImplItem::method(
        new_attrs,
        "new",
        new_args,
        super::ast::Ty::path("Self"),
        vec![Stmt::Expr(new_body, false)],
    )];
    inherent.extend(setters);
    // The properties are read by a function that is not generic: `deserialize` is generic over
    // the deserializer, and rustc proves the trait bounds of a generic body's field types (and
    // their drop checks) anew in each such body, where plain functions share one cache (on the
    // six-operation Stripe client, 11,000 of 42,500 trait evaluations went).
    let read_error = || super::ast::Ty::path("rt::ReadError");
    inherent.push(inline_fn(
        "read_fields",
        vec![FnArg::Typed(
            "fields".to_owned(),
            super::ast::Ty::reference_mut(super::ast::Ty::generic(
                "rt::StructReader",
                vec![read_error()],
            )),
        )],
        super::ast::Ty::generic("Result", vec![super::ast::Ty::path("Self"), read_error()]),
        vec![Stmt::Expr(
            call("Ok", vec![Expr::Struct(Path::ident("Self"), de_fields)]),
            false,
        )],
    ));
    let read = vec![Stmt::Expr(
        call(
            "rt::read_struct",
            vec![Expr::var("deserializer"), Expr::path("Self::read_fields")],
        ),
        false,
    )];
    let write = vec![Stmt::Expr(
        call(
            "rt::serialize_fields",
            vec![Expr::var("self"), Expr::var("serializer")],
        ),
        false,
    )];
    let mut items = vec![
        Item::Struct {
            attrs: struct_attrs,
            name: name.to_owned(),
            fields,
        },
        impl_inherent(name, allow.clone().into_iter().collect(), inherent),
    ];
    items.extend(default_impl);
    items.push(impl_fields(name, allow.clone(), visits));
    items.push(impl_debug(name, allow.clone()));
    items.push(impl_deserialize(name, allow.clone(), read));
    items.push(impl_serialize(name, allow, write));
    items
}

/// `impl rt::Fields`: the struct's name and its fields, visited in order.
fn impl_fields(name: &str, allow: Option<Attr>, visits: Vec<Stmt>) -> Item {
    impl_trait(
        name,
        allow,
        Path::parse("rt::Fields"),
        vec![
            ImplItem::Const {
                attrs: Vec::new(),
                public: false,
                name: "NAME".to_owned(),
                ty: super::ast::Ty::reference_static(super::ast::Ty::path("str")),
                expr: Expr::str(name.to_owned()),
            },
            ImplItem::trait_fn(
                Vec::new(),
                "visit",
                vec![GenericParam::Type(
                    "V".to_owned(),
                    vec![Path::parse("rt::FieldVisitor")],
                )],
                vec![
                    FnArg::RefSelf,
                    FnArg::Typed(
                        "visitor".to_owned(),
                        super::ast::Ty::reference_mut(super::ast::Ty::path("V")),
                    ),
                ],
                None,
                visits,
            ),
        ],
    )
}

/// `impl Debug`, written by the runtime from `rt::Fields` as `#[derive(Debug)]` writes it.
fn impl_debug(name: &str, allow: Option<Attr>) -> Item {
    let formatter =
        Path::parse("::std::fmt::Formatter").with_args(vec![GenericArg::Lifetime("_".to_owned())]);
    let fmt = inline_fn(
        "fmt",
        vec![
            FnArg::RefSelf,
            FnArg::Typed(
                "f".to_owned(),
                super::ast::Ty::reference_mut(super::ast::Ty::Path(formatter)),
            ),
        ],
        super::ast::Ty::path("::std::fmt::Result"),
        vec![Stmt::Expr(
            call("rt::debug_fields", vec![Expr::var("self"), Expr::var("f")]),
            false,
        )],
    );
    impl_trait(name, allow, Path::parse("::std::fmt::Debug"), vec![fmt])
}

/// `with_<field>(value)`: sets one field, for building values outside the crate.
fn setter(f: &Field, method_name: &str) -> ImplItem {
    let fname = ident(&f.name);
    let doc = format!(" Sets [`{0}`](Self::{0}).", crate::naming::unraw(&f.name));
    let into = |inner: super::ast::Ty| {
        super::ast::Ty::ImplTrait(Path::ident("Into").with_args(vec![GenericArg::Type(inner)]))
    };
    let converted = Expr::var("value").method("into", Vec::new());
    let (arg_ty, value) = match &f.ty {
        Ty::Boxed(n) => (
            into(ty::tokens(&Ty::Named(n.clone()), Scope::Types)),
            call("Box::new", vec![converted]),
        ),
        _ => (into(ty::tokens(&f.ty, Scope::Types)), converted),
    };
    let value = match f.presence {
        Presence::Required => value,
        Presence::RequiredNullable | Presence::Optional => call("Some", vec![value]),
        Presence::OptionalNullable => call("rt::Nullable::Value", vec![value]),
    };
    let assign = Expr::Assign(Box::new(Expr::var("self").field(&fname)), Box::new(value));
    let mut attrs = vec![Attr::doc(doc)];
    if let Some(note) = &f.docs.deprecated {
        attrs.push(Attr::deprecated(note));
    }
    attrs.push(Attr::word("must_use"));
    ImplItem::method(
        attrs,
        ident(method_name),
        vec![FnArg::MutSelf, FnArg::Typed("value".to_owned(), arg_ty)],
        super::ast::Ty::path("Self"),
        vec![
            Stmt::Expr(assign, true),
            Stmt::Expr(Expr::var("self"), false),
        ],
    )
}

fn open_enum(name: &str, item_docs: &Docs, source: &str, e: &Enum, added: &[Attr]) -> Vec<Item> {
    let unknown = ident(&e.unknown_variant);
    let mut variants: Vec<Variant> = e
        .variants
        .iter()
        .map(|v| Variant {
            attrs: vec![Attr::doc(format!(" `{}`", v.wire.replace('`', "'")))],
            name: ident(&v.name),
            fields: None,
        })
        .collect();
    variants.push(Variant {
        attrs: vec![Attr::doc(
            " A value this version of the client does not know, kept as it came.",
        )],
        name: unknown.clone(),
        fields: Some(vec![super::ast::Ty::path("String")]),
    });
    let mut as_str: Vec<Arm> = e
        .variants
        .iter()
        .map(|v| Arm {
            pat: Pat::Path(self_variant(&ident(&v.name))),
            body: Expr::str(v.wire.clone()),
        })
        .collect();
    as_str.push(Arm {
        pat: Pat::TupleStruct(self_variant(&unknown), vec![Pat::ident("value")]),
        body: Expr::var("value").method("as_str", Vec::new()),
    });
    let mut from_str: Vec<Arm> = e
        .variants
        .iter()
        .map(|v| Arm {
            pat: Pat::Lit(Lit::Str(v.wire.clone())),
            body: Expr::Path(self_variant(&ident(&v.name))),
        })
        .collect();
    from_str.push(Arm {
        pat: Pat::ident("other"),
        body: Expr::call(
            Expr::Path(self_variant(&unknown)),
            vec![Expr::var("other").method("to_owned", Vec::new())],
        ),
    });
    let mut attrs = docs::item(item_docs, &[String::new(), source.to_owned()]);
    // `PartialEq`, `Eq`, `Hash`, `PartialOrd` and `Ord` come from the runtime's macro, by the
    // wire string: derived, they are a match per trait and enum, a large share of the
    // compile time of an API with thousands of enums.
    attrs.push(Attr::list("derive", &["Clone", "Debug"]));
    attrs.extend(added.iter().cloned());
    attrs.push(Attr::word("non_exhaustive"));
    let as_str_fn = ImplItem::method(
        vec![
            Attr::doc(" The value as sent on the wire."),
            Attr::word("inline"),
        ],
        "as_str",
        vec![FnArg::RefSelf],
        super::ast::Ty::reference(super::ast::Ty::path("str")),
        vec![Stmt::Expr(
            Expr::Match {
                attrs: Vec::new(),
                expr: Box::new(Expr::var("self")),
                arms: as_str,
            },
            false,
        )],
    );
    let from_fn = inline_fn(
        "from",
        vec![FnArg::Typed(
            "value".to_owned(),
            super::ast::Ty::reference(super::ast::Ty::path("str")),
        )],
        super::ast::Ty::path("Self"),
        vec![Stmt::Expr(
            Expr::Match {
                attrs: Vec::new(),
                expr: Box::new(Expr::var("value")),
                arms: from_str,
            },
            false,
        )],
    );
    // A deprecated enum's own impls name it and its variants.
    let allow = ty::allow_deprecated(item_docs.deprecated.is_some());
    let impls = Item::Macro {
        attrs: Vec::new(),
        mac: Macro {
            path: Path::parse("::d360_runtime::open_enum_impls"),
            tokens: vec![
                Tok::Ident(name.to_owned()),
                Tok::Punct(',', false),
                Tok::Ident("compare".to_owned()),
            ],
        },
    };
    let impls = match &allow {
        // Lint levels reach into a macro's expansion through an item that holds it.
        Some(allow) => Item::ConstBlock {
            attrs: vec![allow.clone()],
            items: vec![impls],
        },
        None => impls,
    };
    vec![
        Item::Enum {
            attrs,
            name: name.to_owned(),
            variants,
        },
        impl_inherent(name, allow.clone().into_iter().collect(), vec![as_str_fn]),
        impl_trait(
            name,
            allow,
            Path::ident("From").with_args(vec![GenericArg::Type(super::ast::Ty::reference(
                super::ast::Ty::path("str"),
            ))]),
            vec![from_fn],
        ),
        impls,
    ]
}

fn union(
    name: &str,
    item_docs: &Docs,
    source: &str,
    u: &Union,
    deprecated: &HashSet<&str>,
    added: &[Attr],
) -> Vec<Item> {
    let allow = ty::allow_deprecated(u.variants.iter().any(|v| ty::mentions(&v.ty, deprecated)));
    // A struct alternative next to a string one makes a large size difference; boxing it
    // would cost every user an allocation and a `Box` in each pattern, for a value that is
    // decoded once and then matched.
    let large = u
        .variants
        .iter()
        .any(|v| matches!(v.ty, Ty::Named(_)))
        .then(|| Attr::list("allow", &["clippy::large_enum_variant"]));
    let mut extra = vec![String::new()];
    extra.push(match &u.discriminator {
        Some(d) => format!("Chosen by the `{d}` property; a value that fits no alternative is kept in `{}`.", u.other_variant),
        None => format!("The first alternative the value fits, in this order; a value that fits none is kept in `{}`.", u.other_variant),
    });
    extra.push(String::new());
    if !u.shared_by.is_empty() {
        let names: Vec<String> = u.shared_by.iter().map(|n| format!("`{n}`")).collect();
        extra.push(format!(
            "The type of each expandable field with these alternatives, under an alias named for \
             the field: {}.",
            names.join(", ")
        ));
        extra.push(String::new());
    }
    extra.push(source.to_owned());
    let mut attrs = docs::item(item_docs, &extra);
    attrs.push(Attr::list("derive", &["Clone", "Debug", "PartialEq"]));
    attrs.extend(added.iter().cloned());
    attrs.push(Attr::word("non_exhaustive"));
    attrs.extend(allow.clone());
    attrs.extend(large);
    let other = ident(&u.other_variant);
    let mut variants: Vec<Variant> = u
        .variants
        .iter()
        .map(|v| Variant {
            attrs: vec![Attr::doc(format!(
                " The value as `{}`.",
                variant_ty_text(&v.ty)
            ))],
            name: ident(&v.name),
            fields: Some(vec![ty::tokens(&v.ty, Scope::Types)]),
        })
        .collect();
    let other_doc = if u.untyped.is_empty() {
        " A value that fits none of the alternatives, kept as it came.".to_owned()
    } else if !u.shared_by.is_empty() {
        " A value that fits none of the alternatives, kept as it came: an expanded object of a \
         type this client leaves out too (each alias names its own)."
            .to_owned()
    } else {
        let names: Vec<String> = u.untyped.iter().map(|n| format!("`{n}`")).collect();
        format!(
            " A value that fits none of the alternatives, kept as it came: an expanded {} \
             too, a type this client leaves out.",
            names.join(" or ")
        )
    };
    variants.push(Variant {
        attrs: vec![Attr::doc(other_doc)],
        name: other.clone(),
        fields: Some(vec![super::ast::Ty::path("rt::Value")]),
    });
    let mut methods = crate::naming::Scope::default();
    let accessors: Vec<ImplItem> = u
        .variants
        .iter()
        .map(|v| {
            let vname = ident(&v.name);
            let snake = heck::ToSnakeCase::to_snake_case(v.name.as_str());
            // `as_ref`/`as_mut` would read as the std traits' methods.
            let method_name = match snake.as_str() {
                "ref" | "mut" => format!("as_{snake}_variant"),
                _ => format!("as_{}", snake.trim_start_matches('_')),
            };
            let method_name = ident(&methods.claim(method_name));
            // A boxed alternative (a recursive type) is handed out as the value, not the box.
            let (vty, value) = match &v.ty {
                Ty::Boxed(n) => (
                    ty::tokens(&Ty::Named(n.clone()), Scope::Types),
                    Expr::Unary(
                        '*',
                        Box::new(Expr::Unary('*', Box::new(Expr::var("value")))),
                    )
                    .reference(),
                ),
                other => (ty::tokens(other, Scope::Types), Expr::var("value")),
            };
            let doc = format!(" The value, if it is the `{}` alternative.", v.name);
            let arms = vec![
                Arm {
                    pat: Pat::TupleStruct(self_variant(&vname), vec![Pat::ident("value")]),
                    body: call("Some", vec![value]),
                },
                Arm {
                    pat: Pat::Wild,
                    body: Expr::var("None"),
                },
            ];
            ImplItem::method(
                vec![Attr::doc(doc), Attr::word("inline")],
                &method_name,
                vec![FnArg::RefSelf],
                super::ast::Ty::generic("Option", vec![super::ast::Ty::reference(vty)]),
                vec![Stmt::Expr(
                    Expr::Match {
                        attrs: Vec::new(),
                        expr: Box::new(Expr::var("self")),
                        arms,
                    },
                    false,
                )],
            )
        })
        .collect();
    // One call per alternative, given its constructor: no closure (each one a body to check).
    let fitted = u.variants.iter().fold(
        call("rt::Alternatives::of", vec![Expr::var("value")]),
        |chain, v| {
            // A typed format fits only text that parses (`rt::Formatted` takes any string).
            let fit = match v.ty {
                Ty::Formatted(_) => "fit_valid",
                _ => "fit",
            };
            chain.method(fit, vec![Expr::Path(self_variant(&ident(&v.name)))])
        },
    );
    // When every alternative has its tags, a tag none of them has is a kind this client does
    // not know: kept whole, not forced into an alternative whose fields happen to fit.
    let unknown_tag = u.variants.iter().all(|v| !v.tags.is_empty());
    // The value is fitted by a function that is not generic, as a struct's fields are read.
    let mut fit_body = Vec::new();
    if let Some(property) = &u.discriminator {
        let mut arms: Vec<Arm> = u
            .variants
            .iter()
            .filter(|v| !v.tags.is_empty())
            .map(|v| {
                let tags: Vec<Pat> = v
                    .tags
                    .iter()
                    .map(|t| Pat::Lit(Lit::Str(t.clone())))
                    .collect();
                let tag = if tags.len() == 1 {
                    tags.into_iter().next().unwrap_or(Pat::Wild)
                } else {
                    Pat::Or(tags)
                };
                let fitted = call("rt::try_as", vec![Expr::var("value").reference()])
                    .method("map", vec![Expr::Path(self_variant(&ident(&v.name)))])
                    .method(
                        "unwrap_or",
                        vec![Expr::call(
                            Expr::Path(self_variant(&other)),
                            vec![Expr::var("value")],
                        )],
                    );
                Arm {
                    pat: Pat::TupleStruct(Path::ident("Some"), vec![tag]),
                    body: Expr::Block(vec![Stmt::Expr(Expr::Return(Some(Box::new(fitted))), true)]),
                }
            })
            .collect();
        if unknown_tag {
            arms.push(Arm {
                pat: Pat::TupleStruct(Path::ident("Some"), vec![Pat::Wild]),
                body: Expr::Block(vec![Stmt::Expr(
                    Expr::Return(Some(Box::new(Expr::call(
                        Expr::Path(self_variant(&other)),
                        vec![Expr::var("value")],
                    )))),
                    true,
                )]),
            });
        }
        arms.push(Arm {
            pat: Pat::Wild,
            body: Expr::Block(Vec::new()),
        });
        fit_body.push(Stmt::Expr(
            Expr::Match {
                attrs: vec![Attr::list("allow", &["clippy::match_single_binding"])],
                expr: Box::new(call(
                    "rt::tag",
                    vec![Expr::var("value").reference(), Expr::str(property.clone())],
                )),
                arms,
            },
            false,
        ));
    }
    fit_body.push(Stmt::Expr(
        fitted.method("or", vec![Expr::Path(self_variant(&other))]),
        false,
    ));
    let from_value = methods.claim("from_value".to_owned());
    let read = vec![Stmt::Expr(
        call("rt::read_value", vec![Expr::var("deserializer")]).method(
            "map",
            vec![Expr::Path(Path::ident("Self").join(&from_value))],
        ),
        false,
    )];
    let mut inherent = accessors;
    inherent.push(inline_fn(
        &from_value,
        vec![FnArg::Typed(
            "value".to_owned(),
            super::ast::Ty::path("rt::Value"),
        )],
        super::ast::Ty::path("Self"),
        fit_body,
    ));
    let mut ser_arms: Vec<Arm> = u
        .variants
        .iter()
        .map(|v| Arm {
            pat: Pat::TupleStruct(self_variant(&ident(&v.name)), vec![Pat::ident("value")]),
            body: call(
                "rt::Serialize::serialize",
                vec![Expr::var("value"), Expr::var("serializer")],
            ),
        })
        .collect();
    ser_arms.push(Arm {
        pat: Pat::TupleStruct(self_variant(&other), vec![Pat::ident("value")]),
        body: call(
            "rt::Serialize::serialize",
            vec![Expr::var("value"), Expr::var("serializer")],
        ),
    });
    let write = vec![Stmt::Expr(
        Expr::Match {
            attrs: Vec::new(),
            expr: Box::new(Expr::var("self")),
            arms: ser_arms,
        },
        false,
    )];
    vec![
        Item::Enum {
            attrs,
            name: name.to_owned(),
            variants,
        },
        impl_inherent(name, allow.clone().into_iter().collect(), inherent),
        impl_deserialize(name, allow.clone(), read),
        impl_serialize(name, allow, write),
    ]
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
        Ty::Formatted(typed) => typed.model_path().into(),
        Ty::Extern(path) => path.clone(),
        Ty::Array(inner) => format!("Vec<{}>", variant_ty_text(inner)),
        Ty::Map(inner) => format!("map of {}", variant_ty_text(inner)),
    }
}
