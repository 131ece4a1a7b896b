//! Select: the IR of the operations a configuration asks for, and of exactly the types they
//! reach; and the Cargo features that gate them per tag.
//!
//! Runs on the IR after lowering, so every name is already decided: a type or method keeps
//! the name it has in the client of the whole document, whatever else is left out (a
//! collision resolved as `Customer2` stays `Customer2` when `Customer` is dropped), and
//! narrowing or widening a selection never renames what stays.
//!
//! A type is reached from an operation through its parameters, request body and responses
//! (success and error), and from a type through its fields and the type of its unknown
//! properties, its union alternatives, and what it aliases or wraps, through arrays, maps
//! and boxes. `allOf` is merged into fields by lowering, so it is covered by fields.
//! With [`Selection::untyped_expansions`] set, a union's expansion alternatives (Stripe's
//! `x-expansionResources`) do not count: the ones whose type is reached otherwise stay,
//! the others are dropped from their union, which keeps such a value in its catch-all;
//! and expandable fields with the same alternatives then share one union, each field's
//! type an alias of it (see [`Union::shared_by`]).

use crate::config::{Selection, Selector, SelectorKind};
use crate::diag::Errors;
use crate::ir::{Api, Docs, Feature, Features, Operation, Presence, Ty, TypeDef, TypeKind, Union};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The feature of the operations without a tag.
pub const UNTAGGED: &str = "untagged";

/// The feature that enables every other one.
pub const FULL: &str = "full";

/// Keeps the operations `selection` selects and the types they reach, in their order.
///
/// Every entry must match some operation of the document (an error names the entry's
/// pointer otherwise), and together they must leave at least one.
pub fn select(api: &mut Api, selection: &Selection) -> Result<(), Errors> {
    if selection.is_empty() {
        return Ok(());
    }
    let mut errors = Errors::default();
    for (side, list) in [
        ("include", &selection.include),
        ("exclude", &selection.exclude),
    ] {
        for selector in list {
            if !api.operations.iter().any(|op| selector.matches(op)) {
                errors.push(
                    &selector.origin,
                    &selector.pointer,
                    unmatched(side, selector, api),
                );
            }
        }
    }
    api.unselected_operations = api
        .operations
        .iter()
        .filter(|op| !selection.selects(op))
        .map(|op| op.pointer.clone())
        .collect();
    api.operations.retain(|op| selection.selects(op));
    if errors.is_empty() && api.operations.is_empty() {
        let first = selection.include.first().or(selection.exclude.first());
        let (origin, pointer) = first.map_or(("config", ""), |s| (s.origin.as_str(), "/select"));
        errors.push(
            origin,
            pointer,
            "the selection leaves no operation to generate",
        );
    }
    errors.into_result(())?;
    let follow = if selection.untyped() {
        Follow::NotExpansions
    } else {
        Follow::All
    };
    let reached = reachable_by(&api.types, api.operations.iter(), follow);
    api.unselected = api
        .types
        .iter()
        .filter(|t| !reached.contains(&t.name))
        .map(|t| (t.name.clone(), t.pointer.clone()))
        .collect();
    api.types.retain(|t| reached.contains(&t.name));
    if follow == Follow::NotExpansions {
        for t in &mut api.types {
            if let TypeKind::Union(u) = &mut t.kind {
                drop_unreached_expansions(u, &reached);
            }
        }
        share_expandable(api);
    }
    Ok(())
}

/// Which union alternatives reach their type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Follow {
    /// Every one.
    All,
    /// All but expansions ([`crate::ir::UnionVariant::expansion`]).
    NotExpansions,
}

/// Drops the expansion alternatives of `u` whose type is not in `reached`, noting their
/// types in [`Union::untyped`] (its docs say where such a value goes).
fn drop_unreached_expansions(u: &mut Union, reached: &BTreeSet<String>) {
    let mut untyped = Vec::new();
    u.variants.retain(|v| match &v.ty {
        Ty::Named(name) | Ty::Boxed(name) if v.expansion && !reached.contains(name) => {
            untyped.push(name.clone());
            false
        }
        _ => true,
    });
    u.untyped = untyped;
}

/// What makes two unions the same type: their alternatives (name, type, discriminator
/// values, whether an expansion), discriminator and catch-all; not where they stand.
type UnionShape = (Vec<(String, Ty, Vec<String>, bool)>, Option<String>, String);

fn union_shape(u: &Union) -> UnionShape {
    let variants = u
        .variants
        .iter()
        .map(|v| (v.name.clone(), v.ty.clone(), v.tags.clone(), v.expansion))
        .collect();
    (variants, u.discriminator.clone(), u.other_variant.clone())
}

/// What makes two types the same: their Rust definition, docs of fields included (a shared
/// definition has one set), names and pointers of the types themselves not.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    Union(UnionShape),
    Enum(Vec<(String, String)>, String),
    Struct(Vec<FieldShape>, String, Ty),
}

/// A field: name, wire name, type, presence, and its docs.
type FieldShape = (String, String, Ty, Presence, Docs);

fn shape(kind: &TypeKind) -> Option<Shape> {
    Some(match kind {
        TypeKind::Union(u) => Shape::Union(union_shape(u)),
        TypeKind::Enum(e) => Shape::Enum(
            e.variants
                .iter()
                .map(|v| (v.name.clone(), v.wire.clone()))
                .collect(),
            e.unknown_variant.clone(),
        ),
        TypeKind::Struct(s) => Shape::Struct(
            s.fields
                .iter()
                .map(|f| {
                    let (name, wire) = (f.name.clone(), f.wire.clone());
                    (name, wire, f.ty.clone(), f.presence, f.docs.clone())
                })
                .collect(),
            s.extra_field.clone(),
            s.extra_ty.clone(),
        ),
        TypeKind::Alias(_) | TypeKind::Newtype(_) => return None,
    })
}

/// Whether `u` is an expandable field's union: it has an expansion alternative, or had one
/// that the selection left untyped.
fn is_expandable(u: &Union) -> bool {
    !u.untyped.is_empty() || u.variants.iter().any(|v| v.expansion)
}

/// The name of the type shared by expandable fields of `u`'s alternatives: `Expandable`
/// and the expansions kept typed (`ExpandableCustomerOrDeletedCustomer`; `Expandable` when
/// none is), or every alternative when the others are not just the ID string.
fn shared_name(u: &Union) -> String {
    let plain: Vec<&str> = u
        .variants
        .iter()
        .filter(|v| !v.expansion)
        .map(|v| v.name.as_str())
        .collect();
    let just_an_id = plain == ["String"];
    let parts: Vec<&str> = u
        .variants
        .iter()
        .filter(|v| v.expansion || !just_an_id)
        .map(|v| v.name.as_str())
        .collect();
    format!("Expandable{}", parts.join("Or"))
}

/// Gives the expandable fields with the same alternatives one type (with untyped
/// expansions, where most of them are left an ID or JSON: a Stripe selection has dozens of
/// such unions alike). See [`share`].
fn share_expandable(api: &mut Api) {
    share(
        api,
        &BTreeSet::new(),
        |t| matches!(&t.kind, TypeKind::Union(u) if is_expandable(u)),
    );
}

/// With [`Config::share_identical_types`](crate::Config::share_identical_types): gives the
/// types that come out alike (open enums with the same values, unions with the same
/// alternatives, structs with the same fields, their docs included) one definition. The
/// first of them by name is the definition and each other becomes an alias of it, under its
/// own name and docs, so every name stays and means what it did; expandable unions alike
/// share a new union instead, as with untyped expansions ([`Union::shared_by`]). A
/// deprecated type, and one named in `keep` (the types the configuration adds derives or
/// attributes to), keeps its own definition.
pub fn share_identical(api: &mut Api, keep: &BTreeSet<String>) {
    share(api, keep, |t| t.docs.deprecated.is_none());
}

/// Gives the types `eligible` admits (and `keep` does not name) that have the same
/// [`Shape`] one definition. Each type of a group becomes an alias of it, under its own
/// name and docs, so every name stays and means what it did. A group of expandable unions
/// gets a new union, named by [`shared_name`] (claimed after every name of the whole
/// document, so widening a selection renames nothing), which lists the aliases in
/// [`Union::shared_by`]; any other group is the definition of its first type by name, and
/// the others are aliases of it. A type no other one matches stays as it is.
fn share(api: &mut Api, keep: &BTreeSet<String>, eligible: impl Fn(&TypeDef) -> bool) {
    let mut groups: BTreeMap<Shape, Vec<usize>> = BTreeMap::new();
    for (i, t) in api.types.iter().enumerate() {
        if keep.contains(&t.name) || !eligible(t) {
            continue;
        }
        if let Some(shape) = shape(&t.kind) {
            groups.entry(shape).or_default().push(i);
        }
    }
    let mut scope = crate::naming::Scope::default();
    let taken = api.types.iter().map(|t| &t.name);
    let left_out = api.unselected.iter().map(|(name, _)| name);
    let of_operations = api
        .operations
        .iter()
        .flat_map(|op| [&op.error_type, &op.options_type]);
    for name in taken.chain(left_out).chain(of_operations) {
        if !name.is_empty() {
            scope.claim(name.clone());
        }
    }
    let mut shared = Vec::new();
    for members in groups.into_values().filter(|m| m.len() > 1) {
        let first = &api.types[members[0]];
        match &first.kind {
            TypeKind::Union(u) if is_expandable(u) => {
                let name = scope.claim(shared_name(u));
                let union = u.clone();
                shared.push(share_expandable_union(api, &members, name, union));
            }
            _ => share_with_first(api, &members),
        }
    }
    api.types.extend(shared);
    api.types.sort_by(|a, b| a.name.cmp(&b.name));
}

/// Makes the expandable unions `members` aliases of a new union `name`, returned, which
/// has their alternatives (`union`, the first one's).
fn share_expandable_union(
    api: &mut Api,
    members: &[usize],
    name: String,
    mut union: Union,
) -> TypeDef {
    let first = &api.types[members[0]];
    let (original, pointer) = (first.original.clone(), first.pointer.clone());
    union.shared_by = members.iter().map(|&i| api.types[i].name.clone()).collect();
    let mut untyped: BTreeSet<String> = BTreeSet::new();
    for &i in members {
        let member = &mut api.types[i];
        let mut note = format!(
            "An alias of `{name}`, the type of every expandable field with these alternatives."
        );
        if let TypeKind::Union(u) = &member.kind {
            if !u.untyped.is_empty() {
                let names: Vec<String> = u.untyped.iter().map(|n| format!("`{n}`")).collect();
                note.push_str(&format!(
                    " An expanded {} is kept in its `{}`, as it came: a type this client \
                     leaves out.",
                    names.join(" or "),
                    u.other_variant
                ));
            }
            untyped.extend(u.untyped.iter().cloned());
        }
        add_note(&mut member.docs, note);
        member.kind = TypeKind::Alias(Ty::Named(name.clone()));
    }
    union.untyped = untyped.into_iter().collect();
    TypeDef {
        name,
        original,
        pointer,
        docs: Docs {
            summary: Some(
                "An expandable field: an object's ID, or the object itself when a request \
                 expands it (`x-expansionResources`)."
                    .to_owned(),
            ),
            ..Default::default()
        },
        kind: TypeKind::Union(union),
    }
}

/// Makes `members` but the first aliases of the first, and says so in the docs of each.
fn share_with_first(api: &mut Api, members: &[usize]) {
    let first = api.types[members[0]].name.clone();
    let others: Vec<String> = members[1..]
        .iter()
        .map(|&i| format!("`{}`", api.types[i].name))
        .collect();
    for &i in &members[1..] {
        let member = &mut api.types[i];
        add_note(
            &mut member.docs,
            format!("An alias of `{first}`: their schemas are alike."),
        );
        member.kind = TypeKind::Alias(Ty::Named(first.clone()));
    }
    add_note(
        &mut api.types[members[0]].docs,
        format!(
            "Also the type of {}: their schemas are alike.",
            others.join(", ")
        ),
    );
}

/// Appends a paragraph to a type's description.
fn add_note(docs: &mut Docs, note: String) {
    docs.description = Some(match docs.description.take() {
        Some(text) => format!("{text}\n\n{note}"),
        None => note,
    });
}

/// Whether a finding at `pointer` is about a part of the document the selection left out
/// (an operation, or a type no selected operation reaches): such warnings are not shown.
pub fn left_out(api: &Api, pointer: &str) -> bool {
    let under = |prefix: &str| {
        pointer
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    api.unselected_operations.iter().any(|p| under(p))
        || api.unselected.iter().any(|(_, p)| under(p))
}

/// Why `selector` is an error: it matches nothing (with the document's tags, for a tag).
fn unmatched(side: &str, selector: &Selector, api: &Api) -> String {
    let mut message = format!(
        "{side} entry `{}` matches no {} of the document's operations",
        selector.pattern,
        selector.kind.noun()
    );
    if selector.kind == SelectorKind::Tag {
        let tags: BTreeSet<&str> = api
            .operations
            .iter()
            .flat_map(|op| op.tags.iter().map(String::as_str))
            .collect();
        let shown: Vec<&str> = tags.iter().copied().take(40).collect();
        if shown.is_empty() {
            message.push_str(" (no operation has a tag)");
        } else {
            let more = if shown.len() < tags.len() {
                ", ..."
            } else {
                ""
            };
            message.push_str(&format!("; its tags: {}{more}", shown.join(", ")));
        }
    }
    message
}

/// The names of the types that `operations` reach (`types` sorted by name, as in the IR).
pub fn reachable<'a>(
    types: &'a [TypeDef],
    operations: impl Iterator<Item = &'a Operation>,
) -> BTreeSet<String> {
    reachable_by(types, operations, Follow::All)
}

/// [`reachable`], through the union alternatives `follow` says.
fn reachable_by<'a>(
    types: &'a [TypeDef],
    operations: impl Iterator<Item = &'a Operation>,
    follow: Follow,
) -> BTreeSet<String> {
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<&'a Ty> = operations.flat_map(operation_types).collect();
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Named(name) | Ty::Boxed(name) => {
                if reached.contains(name) {
                    continue;
                }
                reached.insert(name.clone());
                if let Ok(i) = types.binary_search_by(|t| t.name.as_str().cmp(name)) {
                    stack.extend(type_refs(&types[i].kind, follow));
                }
            }
            Ty::Array(inner) | Ty::Map(inner) => stack.push(inner),
            _ => {}
        }
    }
    reached
}

/// The types an operation mentions directly.
fn operation_types(op: &Operation) -> impl Iterator<Item = &Ty> {
    op.params
        .iter()
        .map(|p| &p.ty)
        .chain(op.body.iter().map(|b| &b.ty))
        .chain(op.responses.iter().filter_map(|r| r.ty.as_ref()))
        .chain(op.success.iter())
}

/// The types a type definition mentions directly (through the alternatives `follow` says).
fn type_refs(kind: &TypeKind, follow: Follow) -> Vec<&Ty> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(std::iter::once(&s.extra_ty))
            .collect(),
        TypeKind::Enum(_) => Vec::new(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter(|v| follow == Follow::All || !v.expansion)
            .map(|v| &v.ty)
            .collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
    }
}

/// Gates every operation and type behind Cargo features: one per tag (named by
/// [`crate::naming::feature_name`], collisions resolved in the order of the tags: `-2`,
/// `-3`, ...), and [`UNTAGGED`] for the operations without a tag. An operation is enabled
/// by any of its tags' features; a type by any feature of an operation that reaches it,
/// and a type no operation reaches by [`FULL`] (which enables every feature).
/// The names `default`, `full` and `untagged` are never a tag's.
pub fn features_per_tag(api: &mut Api) {
    let tags: BTreeSet<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.tags.iter().map(String::as_str))
        .collect();
    let mut taken: BTreeSet<String> = ["default", FULL, UNTAGGED]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut by_tag: HashMap<&str, String> = HashMap::new();
    for tag in tags {
        let wanted = crate::naming::feature_name(tag);
        let mut name = wanted.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{wanted}-{n}");
            n += 1;
        }
        taken.insert(name.clone());
        by_tag.insert(tag, name);
    }
    // Each feature's tag and operations, and each operation's features.
    let mut members: BTreeMap<String, (Option<String>, Vec<&Operation>)> = BTreeMap::new();
    let mut operations: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in &api.operations {
        let mut names: Vec<(String, Option<String>)> = op
            .tags
            .iter()
            .filter_map(|tag| Some((by_tag.get(tag.as_str())?.clone(), Some(tag.clone()))))
            .collect();
        if names.is_empty() {
            names.push((UNTAGGED.to_owned(), None));
        }
        names.sort();
        names.dedup_by(|a, b| a.0 == b.0);
        for (name, tag) in &names {
            let entry = members
                .entry(name.clone())
                .or_insert_with(|| (tag.clone(), Vec::new()));
            entry.1.push(op);
        }
        operations.insert(op.name.clone(), names.into_iter().map(|n| n.0).collect());
    }
    let mut types: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut list = Vec::new();
    for (name, (tag, ops)) in &members {
        for ty in reachable(&api.types, ops.iter().copied()) {
            types.entry(ty).or_default().push(name.clone());
        }
        list.push(Feature {
            name: name.clone(),
            tag: tag.clone(),
            operations: ops.len(),
        });
    }
    // Types no operation reaches (webhook payloads, leftovers) come with `full`.
    for def in &api.types {
        types
            .entry(def.name.clone())
            .or_insert_with(|| vec![FULL.to_owned()]);
    }
    api.features = Features {
        list,
        types,
        operations,
    };
}
