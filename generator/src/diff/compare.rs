//! Walks two modeled documents side by side and records every change by rule.
//!
//! Components are compared once each (matched by their Rust type name), and a place that
//! refers to the same component on both sides is not descended into: a change inside
//! `PartnerOut` is reported once, at `PartnerOut`, however many operations return it.

use super::model::{Body, Content, Kind, Location, Operation, Param, Response, SchemaId, Spec};
use super::rules::{Rule, Usage};
use super::Change;
use crate::Config;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Compares `base` with `head`, generated with `base_config` and `config` (a format switched
/// to another Rust type changes the fields that have it); the changes come out sorted (most
/// severe first) and with duplicates (the same rule at the same place, reached from several
/// operations) merged.
pub(crate) fn compare_configs(
    base: &Spec,
    head: &Spec,
    base_config: &Config,
    config: &Config,
) -> Vec<Change> {
    let mut cx = Cx {
        base,
        head,
        base_config,
        config,
        changes: Vec::new(),
        seen: HashSet::new(),
        renamed: HashMap::new(),
        base_usage: usage(base),
        head_usage: usage(head),
        docs: BTreeMap::new(),
    };
    cx.components();
    cx.operations();
    cx.security();
    cx.top();
    cx.finish()
}

struct Cx<'a> {
    base: &'a Spec,
    head: &'a Spec,
    /// The configuration the base is generated with (its formats).
    base_config: &'a Config,
    /// The head's configuration (its formats, and the method names both sides use).
    config: &'a Config,
    changes: Vec<Change>,
    /// Node pairs already compared (each pair once, also across alias descents).
    seen: HashSet<(SchemaId, SchemaId)>,
    /// Components renamed with the same content: base name → head name.
    renamed: HashMap<&'a str, &'a str>,
    base_usage: HashMap<&'a str, Usage>,
    head_usage: HashMap<&'a str, Usage>,
    /// Places whose documentation changed, grouped by the operation or component they
    /// belong to.
    docs: BTreeMap<String, BTreeSet<String>>,
}

/// Where in the API a schema stands, for ids and messages.
#[derive(Clone)]
struct Pos {
    usage: Usage,
    /// `PartnerOut.settings`, `PATCH /api/v2/partners/{partner_id} body.webhook_url`.
    label: String,
    place: Place,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The top of a component schema: a named type.
    Component,
    /// A property of an object: a field.
    Property,
    /// Anything else (a body, a parameter, array items...).
    Other,
}

impl Pos {
    fn child(&self, name: &str, place: Place) -> Self {
        Self {
            usage: self.usage,
            label: format!("{}.{name}", self.label),
            place,
        }
    }

    fn items(&self) -> Self {
        Self {
            usage: self.usage,
            label: format!("{}[*]", self.label),
            place: Place::Other,
        }
    }
}

impl<'a> Cx<'a> {
    fn report(&mut self, rule: Rule, usage: Usage, pointer: &str, message: String) {
        self.changes.push(Change {
            id: rule.id(usage),
            bump: rule.bump(),
            pointer: pointer.to_owned(),
            message,
        });
    }

    fn note_docs(&mut self, pointer: &str) {
        self.docs
            .entry(owner(pointer))
            .or_default()
            .insert(pointer.to_owned());
    }

    // ----- components -----

    fn components(&mut self) {
        let (base, head) = (self.base, self.head);
        let head_by_rust: HashMap<&str, usize> = head
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.rust.as_str(), i))
            .collect();
        let mut pairs = Vec::new();
        let mut removed = Vec::new();
        let mut matched = vec![false; head.components.len()];
        for b in &base.components {
            match head_by_rust.get(b.rust.as_str()) {
                Some(&i) => {
                    matched[i] = true;
                    pairs.push((b, &head.components[i]));
                }
                None => removed.push(b),
            }
        }
        let mut added: Vec<_> = head
            .components
            .iter()
            .zip(&matched)
            .filter(|(_, m)| !**m)
            .map(|(c, _)| c)
            .collect();
        // A removed and an added component with the same content: a rename.
        let added_shapes: Vec<u64> = added.iter().map(|c| shape(head, c.id)).collect();
        let mut taken = vec![false; added.len()];
        let mut still_removed = Vec::new();
        for b in removed {
            let wanted = shape(base, b.id);
            let found = (0..added.len()).find(|&i| !taken[i] && added_shapes[i] == wanted);
            match found {
                Some(i) => {
                    taken[i] = true;
                    let h = added[i];
                    self.renamed.insert(b.name.as_str(), h.name.as_str());
                    self.report(
                        Rule::SchemaRenamed,
                        Usage::default(),
                        &base_pointer(h.id, head),
                        format!(
                            "type `{}` is renamed `{}` (same content, identical on the wire): code naming `{}` stops compiling",
                            b.rust, h.rust, b.rust
                        ),
                    );
                    pairs.push((b, h));
                }
                None => still_removed.push(b),
            }
        }
        for b in still_removed {
            self.report(
                Rule::SchemaRemoved,
                Usage::default(),
                &base.at(b.id),
                format!(
                    "type `{}` is removed: code naming it stops compiling",
                    b.rust
                ),
            );
        }
        let mut i = 0;
        added.retain(|_| {
            i += 1;
            !taken[i - 1]
        });
        for h in added {
            self.report(
                Rule::SchemaAdded,
                Usage::default(),
                &head.at(h.id),
                format!("new type `{}`", h.rust),
            );
        }
        for (b, h) in pairs {
            let usage = self
                .base_usage
                .get(b.name.as_str())
                .copied()
                .unwrap_or_default()
                .union(
                    self.head_usage
                        .get(h.name.as_str())
                        .copied()
                        .unwrap_or_default(),
                );
            let pos = Pos {
                usage,
                label: h.rust.clone(),
                place: Place::Component,
            };
            self.schema(b.id, h.id, &pos);
        }
    }

    /// Whether component `x` of the base and `y` of the head generate the same Rust type.
    fn same_type(&self, x: &str, y: &str) -> bool {
        self.base.rust_name(x) == self.head.rust_name(y) || self.renamed.get(x) == Some(&y)
    }

    // ----- schemas -----

    fn schema(&mut self, b: SchemaId, h: SchemaId, pos: &Pos) {
        if !self.seen.insert((b, h)) {
            return;
        }
        let (base, head) = (self.base, self.head);
        let (bn, hn) = (&base.nodes[b], &head.nodes[h]);
        if bn.docs != hn.docs && renders_docs(head, h, pos.place) {
            self.note_docs(&head.at(h));
        }
        match (bn.deprecated, hn.deprecated) {
            (false, true) => {
                let rule = if pos.place == Place::Component {
                    Rule::SchemaDeprecated
                } else {
                    Rule::PropertyDeprecated
                };
                self.report(
                    rule,
                    pos.usage,
                    &head.at(h),
                    format!("`{}` is deprecated", pos.label),
                );
            }
            (true, false) => self.report(
                Rule::Undeprecated,
                pos.usage,
                &head.at(h),
                format!("`{}` is no longer deprecated", pos.label),
            ),
            _ => {}
        }
        if bn.constraints != hn.constraints {
            self.report(
                Rule::ConstraintChanged,
                pos.usage,
                &head.at(h),
                format!(
                    "`{}`: validation keywords changed (minimum, maxLength, pattern, default...); the Rust type does not",
                    pos.label
                ),
            );
        }
        // A value whose type changes is one change: its nullability is part of that.
        let before = self.changes.len();
        self.kinds(b, h, pos);
        let retyped = self.changes.len() > before && {
            let at = head.at(h);
            self.changes[before..]
                .iter()
                .any(|c| c.pointer == at && c.id.ends_with("type-changed"))
        };
        if !retyped {
            self.nullability(b, h, pos);
        }
    }

    fn nullability(&mut self, b: SchemaId, h: SchemaId, pos: &Pos) {
        let (base, head) = (self.base, self.head);
        let (bn, hn) = (&base.nodes[b], &head.nodes[h]);
        let both_refs = matches!((&bn.kind, &hn.kind), (Kind::Ref(_), Kind::Ref(_)));
        let (bnull, hnull) = if both_refs {
            (bn.nullable, hn.nullable)
        } else {
            (effective_nullable(base, b), effective_nullable(head, h))
        };
        match (bnull, hnull) {
            (false, true) => self.report(
                Rule::NullableAdded,
                pos.usage,
                &head.at(h),
                format!(
                    "`{}` can now be null: its Rust type gains a layer (`T` → `Option<T>`, `Option<T>` → `Nullable<T>`){}",
                    pos.label,
                    if pos.usage.response { ", and an old client fails on `null`" } else { "" }
                ),
            ),
            (true, false) => self.report(
                Rule::NullableRemoved,
                pos.usage,
                &head.at(h),
                format!(
                    "`{}` can no longer be null: its Rust type loses a layer (`Option<T>` → `T`, `Nullable<T>` → `Option<T>`)",
                    pos.label
                ),
            ),
            _ => {}
        }
    }

    /// Compares what two nodes are (their docs, deprecation and nullability are
    /// [`Self::schema`]'s business).
    fn kinds(&mut self, b: SchemaId, h: SchemaId, pos: &Pos) {
        let (base, head) = (self.base, self.head);
        let (bn, hn) = (&base.nodes[b], &head.nodes[h]);
        match (&bn.kind, &hn.kind) {
            (Kind::Ref(x), Kind::Ref(y)) => {
                if self.same_type(x, y) {
                    return;
                }
                match (base.component(x), head.component(y)) {
                    (Some(bc), Some(hc)) if !nominal(base, bc.id) && !nominal(head, hc.id) => {
                        self.kinds(bc.id, hc.id, pos);
                    }
                    (bc, hc) => {
                        let same = match (bc, hc) {
                            (Some(bc), Some(hc)) => shape(base, bc.id) == shape(head, hc.id),
                            _ => false,
                        };
                        self.report(
                            Rule::TypeChanged,
                            pos.usage,
                            &head.at(h),
                            format!(
                                "`{}`: type changes from `{}` to `{}`{}",
                                pos.label,
                                base.rust_name(x),
                                head.rust_name(y),
                                if same { " (same content: identical on the wire, but the Rust type is renamed)" } else { "" }
                            ),
                        );
                    }
                }
            }
            (Kind::Ref(x), _) => match base.component(x) {
                Some(c) if nominal(base, c.id) => {
                    let same = shape(base, c.id) == shape(head, h);
                    self.report(
                        Rule::SchemaInlined,
                        pos.usage,
                        &head.at(h),
                        format!(
                            "`{}`: `$ref` to `{}` replaced by an inline schema{}: the Rust type at this place is no longer `{}` but a type named from where it stands",
                            pos.label,
                            c.rust,
                            if same { " with the same content (no wire change)" } else { "" },
                            c.rust
                        ),
                    );
                }
                Some(c) => self.kinds(c.id, h, pos),
                None => self.type_changed(b, h, pos),
            },
            (_, Kind::Ref(y)) => match head.component(y) {
                Some(c) if nominal(head, c.id) => {
                    let same = shape(base, b) == shape(head, c.id);
                    self.report(
                        Rule::SchemaExtracted,
                        pos.usage,
                        &head.at(h),
                        format!(
                            "`{}`: inline schema replaced by a `$ref` to `{}`{}: the Rust type at this place is renamed `{}`",
                            pos.label,
                            c.rust,
                            if same { " with the same content (no wire change)" } else { "" },
                            c.rust
                        ),
                    );
                }
                Some(c) => self.kinds(b, c.id, pos),
                None => self.type_changed(b, h, pos),
            },
            (Kind::AllOf(_), _) | (_, Kind::AllOf(_)) => {
                match (single_branch(base, b), single_branch(head, h)) {
                    (Some(x), _) if x != b => self.kinds(x, h, pos),
                    (_, Some(y)) if y != h => self.kinds(b, y, pos),
                    _ if objectish(base, b) && objectish(head, h) => self.objects(b, h, pos),
                    _ if matches!((&bn.kind, &hn.kind), (Kind::AllOf(_), Kind::AllOf(_))) => {
                        self.objects(b, h, pos)
                    }
                    _ => self.type_changed(b, h, pos),
                }
            }
            (Kind::Struct(..), Kind::Struct(..)) => self.objects(b, h, pos),
            (Kind::Prim(p), Kind::Prim(q)) => {
                let (bf, hf) = (bn.format.as_deref(), hn.format.as_deref());
                let (formats, head_formats) = (&self.base_config.formats, &self.config.formats);
                let (old_rust, new_rust) = (p.rust(bf, formats), q.rust(hf, head_formats));
                if p != q {
                    self.type_changed(b, h, pos);
                } else if old_rust != new_rust {
                    // The same JSON type, a different Rust type: the configuration types the
                    // format (or switched its type).
                    let why = if bf == hf {
                        format!(
                            "format {}, typed differently by the configuration",
                            quoted(hf)
                        )
                    } else {
                        format!("format {} to {}", quoted(bf), quoted(hf))
                    };
                    let message = format!(
                        "`{}`: type changes from `{old_rust}` to `{new_rust}` ({why})",
                        pos.label
                    );
                    self.report(Rule::TypeChanged, pos.usage, &head.at(h), message);
                } else if bf != hf {
                    self.report(
                        Rule::FormatChanged,
                        pos.usage,
                        &head.at(h),
                        format!(
                            "`{}`: format changes from {} to {}; the Rust type stays `{}`",
                            pos.label,
                            quoted(bf),
                            quoted(hf),
                            q.rust(hf, head_formats)
                        ),
                    );
                }
            }
            (Kind::Enum(p, vs), Kind::Enum(q, ws)) => {
                if p != q {
                    self.type_changed(b, h, pos);
                } else {
                    self.enums(vs, ws, &head.at(h), pos);
                }
            }
            (Kind::Array(i), Kind::Array(j)) => self.schema(*i, *j, &pos.items()),
            (Kind::Map(i), Kind::Map(j)) => self.schema(*i, *j, &pos.child("*", Place::Other)),
            (Kind::Union(u), Kind::Union(v)) => self.unions(h, u, v, pos),
            (Kind::Multi(a), Kind::Multi(c)) if a == c => {}
            (Kind::FreeObject, Kind::FreeObject)
            | (Kind::Any, Kind::Any)
            | (Kind::Never, Kind::Never) => {}
            (Kind::Required(x), Kind::Required(y)) if x == y => {}
            _ => self.type_changed(b, h, pos),
        }
    }

    fn type_changed(&mut self, b: SchemaId, h: SchemaId, pos: &Pos) {
        let message = format!(
            "`{}`: type changes from {} to {}",
            pos.label,
            describe(self.base, b),
            describe(self.head, h)
        );
        let pointer = self.head.at(h);
        self.report(Rule::TypeChanged, pos.usage, &pointer, message);
    }

    fn enums(&mut self, old: &[String], new: &[String], pointer: &str, pos: &Pos) {
        let added: Vec<&str> = new
            .iter()
            .filter(|v| !old.contains(v))
            .map(String::as_str)
            .collect();
        let removed: Vec<&str> = old
            .iter()
            .filter(|v| !new.contains(v))
            .map(String::as_str)
            .collect();
        if !added.is_empty() {
            self.report(
                Rule::EnumValueAdded,
                pos.usage,
                pointer,
                format!("`{}` gains enum value(s) {}", pos.label, added.join(", ")),
            );
        }
        if !removed.is_empty() {
            self.report(
                Rule::EnumValueRemoved,
                pos.usage,
                pointer,
                format!(
                    "`{}` loses enum value(s) {}: their variants disappear",
                    pos.label,
                    removed.join(", ")
                ),
            );
        }
        let kept_old: Vec<&String> = old.iter().filter(|v| new.contains(v)).collect();
        let kept_new: Vec<&String> = new.iter().filter(|v| old.contains(v)).collect();
        if kept_old != kept_new {
            self.report(
                Rule::EnumValueOrderChanged,
                pos.usage,
                pointer,
                format!("`{}`: enum values reordered", pos.label),
            );
        }
    }

    fn unions(&mut self, h: SchemaId, u: &super::model::Union, v: &super::model::Union, pos: &Pos) {
        let (base, head) = (self.base, self.head);
        let pointer = head.at(h);
        if u.one_of != v.one_of {
            self.report(
                Rule::UnionKindChanged,
                pos.usage,
                &pointer,
                format!(
                    "`{}`: oneOf/anyOf swapped; the generated union is the same",
                    pos.label
                ),
            );
        }
        if u.discriminator != v.discriminator {
            self.report(
                Rule::DiscriminatorChanged,
                pos.usage,
                &pointer,
                format!(
                    "`{}`: discriminator changes from {} to {}",
                    pos.label,
                    quoted(u.discriminator.as_deref()),
                    quoted(v.discriminator.as_deref())
                ),
            );
        }
        // Named branches match by type; inline ones by their kind (string, struct, array...)
        // and their order among the inline branches of that kind.
        let keys = |spec: &'a Spec, ids: &[SchemaId], renamed: Option<&HashMap<&str, &str>>| {
            let mut seen: HashMap<&'static str, usize> = HashMap::new();
            ids.iter()
                .map(|&id| match &spec.nodes[id].kind {
                    Kind::Ref(name) => {
                        let name = renamed
                            .and_then(|r| r.get(name.as_str()))
                            .map_or(spec.rust_name(name), |n| head.rust_name(n));
                        (format!("ref {name}"), id)
                    }
                    kind => {
                        let tag = kind_tag(kind);
                        let n = seen.entry(tag).or_default();
                        *n += 1;
                        (format!("inline {tag} {n}"), id)
                    }
                })
                .collect::<Vec<_>>()
        };
        let old = keys(base, &u.variants, Some(&self.renamed));
        let new = keys(head, &v.variants, None);
        let mut kept = Vec::new();
        for (i, (key, id)) in old.iter().enumerate() {
            match new.iter().position(|(k, _)| k == key) {
                Some(j) => {
                    kept.push((i, j));
                    self.schema(
                        *id,
                        new[j].1,
                        &pos.child(&format!("variant{}", j + 1), Place::Other),
                    );
                }
                None => self.report(
                    Rule::UnionVariantRemoved,
                    pos.usage,
                    &base.at(*id),
                    format!(
                        "`{}` loses the branch {}: its variant disappears",
                        pos.label,
                        describe(base, *id)
                    ),
                ),
            }
        }
        for (key, id) in &new {
            if !old.iter().any(|(k, _)| k == key) {
                self.report(
                    Rule::UnionVariantAdded,
                    pos.usage,
                    &head.at(*id),
                    format!("`{}` gains the branch {}", pos.label, describe(head, *id)),
                );
            }
        }
        if kept.windows(2).any(|w| w[0].1 > w[1].1) {
            self.report(
                Rule::UnionVariantOrderChanged,
                pos.usage,
                &pointer,
                format!("`{}`: branches reordered", pos.label),
            );
        }
    }

    fn objects(&mut self, b: SchemaId, h: SchemaId, pos: &Pos) {
        let (base, head) = (self.base, self.head);
        let old = flatten(base, b);
        let new = flatten(head, h);
        let old_members: Vec<&str> = old
            .members
            .iter()
            .map(|m| {
                self.renamed
                    .get(m)
                    .map_or(base.rust_name(m), |n| head.rust_name(n))
            })
            .collect();
        let new_members: Vec<&str> = new.members.iter().map(|m| head.rust_name(m)).collect();
        // Properties that come from the same component on both sides are that component's
        // business: it is compared (and reported) on its own.
        let shared = |origin: Option<&str>, spec: &Spec| {
            origin.is_some_and(|o| {
                let rust = spec.rust_name(o);
                old_members.contains(&rust) && new_members.contains(&rust)
            })
        };
        let hpointer = head.at(h);
        for p in &old.props {
            if new.props.iter().any(|q| q.name == p.name) || shared(p.origin, base) {
                continue;
            }
            self.report(
                Rule::PropertyRemoved,
                pos.usage,
                &base.at(p.id),
                format!(
                    "`{}.{}` is removed ({} {} property): code using the field stops compiling",
                    pos.label,
                    p.name,
                    if p.required { "required" } else { "optional" },
                    pos.usage.describe()
                ),
            );
        }
        for q in &new.props {
            if old.props.iter().any(|p| p.name == q.name) || shared(q.origin, head) {
                continue;
            }
            let pointer = &head.at(q.id);
            if q.required {
                self.report(
                    Rule::RequiredPropertyAdded,
                    pos.usage,
                    pointer,
                    format!(
                        "`{}.{}` is added as a required {} property: {} takes one more argument",
                        pos.label,
                        q.name,
                        pos.usage.describe(),
                        constructor(&pos.label)
                    ),
                );
            } else {
                self.report(
                    Rule::OptionalPropertyAdded,
                    pos.usage,
                    pointer,
                    format!("`{}.{}` is added (optional)", pos.label, q.name),
                );
            }
        }
        for p in &old.props {
            let Some(q) = new.props.iter().find(|q| q.name == p.name) else {
                continue;
            };
            if shared(p.origin, base) && shared(q.origin, head) {
                continue;
            }
            let pointer = head.at(q.id);
            let label = format!("{}.{}", pos.label, p.name);
            match (p.required, q.required) {
                (false, true) => self.report(
                    Rule::PropertyBecameRequired,
                    pos.usage,
                    &pointer,
                    format!(
                        "`{label}` becomes required: its field changes from `Option<T>` to `T` and `new` takes it{}",
                        if pos.usage.request { "; an old client may omit it" } else { " (the wire stays compatible)" }
                    ),
                ),
                (true, false) => self.report(
                    Rule::PropertyBecameOptional,
                    pos.usage,
                    &pointer,
                    format!(
                        "`{label}` becomes optional: its field changes from `T` to `Option<T>`{}",
                        if pos.usage.response { "; an old client fails when it is absent" } else { "" }
                    ),
                ),
                _ => {}
            }
            self.schema(p.id, q.id, &pos.child(p.name, Place::Property));
        }
        self.argument_order(&old, &new, &hpointer, pos);
        // A struct keeps unknown properties as raw JSON whatever `additionalProperties` says:
        // its schema only shapes a map (an object without properties).
        let structs = !old.props.is_empty() && !new.props.is_empty();
        match (old.additional, new.additional) {
            _ if structs => {}
            (Some(x), Some(y)) => self.schema(x, y, &pos.child("*", Place::Other)),
            (None, None) => {}
            (x, _) => self.report(
                Rule::AdditionalPropertiesChanged,
                pos.usage,
                &hpointer,
                format!(
                    "`{}`: additional properties {}: the type of the map of other properties changes",
                    pos.label,
                    if x.is_some() { "lose their schema" } else { "gain a schema" }
                ),
            ),
        }
        if old.other.len() == new.other.len() {
            for (x, y) in old.other.iter().zip(&new.other) {
                self.schema(*x, *y, pos);
            }
        } else {
            self.type_changed(b, h, pos);
        }
    }

    /// The order of `new`'s arguments: the required properties in the order of the
    /// `required` list(s). The order of the `properties` keys is no change at all (the
    /// generator never reads it).
    fn argument_order(&mut self, old: &Flat, new: &Flat, pointer: &str, pos: &Pos) {
        let kept = |a: &Flat<'_>, other: &Flat<'_>| -> Vec<String> {
            a.new_args
                .iter()
                .filter(|name| other.new_args.contains(name))
                .map(|name| (*name).to_owned())
                .collect()
        };
        let (before, after) = (kept(old, new), kept(new, old));
        if before != after {
            self.report(
                Rule::RequiredPropertyOrderChanged,
                pos.usage,
                pointer,
                format!(
                    "`{}`: the `required` list is reordered, and {} takes its arguments in that order: ({}) becomes ({}); calls stop compiling or, where two arguments share a type, silently swap values",
                    pos.label,
                    constructor(&pos.label),
                    before.join(", "),
                    after.join(", ")
                ),
            );
        }
    }

    // ----- operations -----

    fn operations(&mut self) {
        let (base, head) = (self.base, self.head);
        let mut pairs: Vec<(&Operation, &Operation, bool)> = Vec::new();
        let mut removed = Vec::new();
        for (key, b) in &base.operations {
            match head.operations.get(key) {
                Some(h) => pairs.push((b, h, false)),
                None => removed.push(b),
            }
        }
        let mut added: Vec<&Operation> = head
            .operations
            .iter()
            .filter(|(key, _)| !base.operations.contains_key(*key))
            .map(|(_, op)| op)
            .collect();
        // The same route with its parameters renamed (`/a/{id}` → `/a/{name}`): the same
        // method, its positional arguments unchanged.
        removed.retain(|b| {
            let key = Operation::key(&b.method, &b.path);
            match added
                .iter()
                .position(|h| Operation::key(&h.method, &h.path) == key)
            {
                Some(i) => {
                    pairs.push((b, added.remove(i), false));
                    false
                }
                None => true,
            }
        });
        // Moved: same operationId at another path or method.
        removed.retain(|b| {
            let Some(id) = &b.operation_id else {
                return true;
            };
            match added
                .iter()
                .position(|h| h.operation_id.as_ref() == Some(id))
            {
                Some(i) => {
                    pairs.push((b, added.remove(i), true));
                    false
                }
                None => true,
            }
        });
        for b in removed {
            self.report(
                Rule::OperationRemoved,
                Usage::default(),
                &b.pointer,
                format!(
                    "operation `{}` is removed: `Client::{}` disappears",
                    b.label(),
                    b.method_name(self.config)
                ),
            );
        }
        for h in added {
            self.report(
                Rule::OperationAdded,
                Usage::default(),
                &h.pointer,
                format!(
                    "new operation `{}`: `Client::{}`",
                    h.label(),
                    h.method_name(self.config)
                ),
            );
        }
        for (b, h, moved) in pairs {
            if moved {
                self.report(
                    Rule::OperationPathChanged,
                    Usage::default(),
                    &h.pointer,
                    format!(
                        "operation `{}` moves to `{}`: every deployed client still calls `{}`, a route the new server no longer has, and fails; only the new client calls the new route",
                        b.label(),
                        h.label(),
                        b.label()
                    ),
                );
            }
            self.operation(b, h);
        }
    }

    fn operation(&mut self, b: &'a Operation, h: &'a Operation) {
        let label = h.label();
        let (old_name, new_name) = (b.method_name(self.config), h.method_name(self.config));
        if old_name != new_name {
            self.report(
                Rule::OperationRenamed,
                Usage::default(),
                &h.pointer,
                format!(
                    "`{label}`: method `Client::{old_name}` becomes `Client::{new_name}` (operationId {} → {}); its error and options types are renamed with it",
                    quoted(b.operation_id.as_deref()),
                    quoted(h.operation_id.as_deref())
                ),
            );
        } else if b.operation_id != h.operation_id {
            self.report(
                Rule::OperationIdChanged,
                Usage::default(),
                &h.pointer,
                format!(
                    "`{label}`: operationId {} → {}; the method stays `Client::{new_name}`",
                    quoted(b.operation_id.as_deref()),
                    quoted(h.operation_id.as_deref())
                ),
            );
        }
        match (b.deprecated, h.deprecated) {
            (false, true) => self.report(
                Rule::OperationDeprecated,
                Usage::default(),
                &h.pointer,
                format!("`{label}` is deprecated: `Client::{new_name}` gains `#[deprecated]`"),
            ),
            (true, false) => self.report(
                Rule::OperationUndeprecated,
                Usage::default(),
                &h.pointer,
                format!("`{label}` is no longer deprecated"),
            ),
            _ => {}
        }
        if b.docs != h.docs {
            self.note_docs(&h.pointer);
        }
        match (b.authenticated, h.authenticated) {
            (false, true) => self.report(
                Rule::OperationCredentialsRequired,
                Usage::default(),
                &h.pointer,
                format!(
                    "`{label}` now requires credentials: the new client sends them, old clients \
                     call it without and are refused"
                ),
            ),
            (true, false) => self.report(
                Rule::OperationSecurityChanged,
                Usage::default(),
                &h.pointer,
                format!("`{label}` no longer requires credentials: the client stops sending them"),
            ),
            _ => {}
        }
        self.params(b, h, &label);
        self.body(b.body.as_ref(), h.body.as_ref(), &label);
        self.responses(b, h, &label);
    }

    fn params(&mut self, b: &'a Operation, h: &'a Operation, label: &str) {
        let path = |op: &'a Operation| -> Vec<&'a Param> {
            op.params
                .iter()
                .filter(|p| p.location == Location::Path)
                .collect()
        };
        let (old_path, new_path) = (path(b), path(h));
        for i in 0..old_path.len().max(new_path.len()) {
            match (old_path.get(i), new_path.get(i)) {
                (Some(p), Some(q)) => {
                    if p.name != q.name {
                        self.report(
                            Rule::PathParameterRenamed,
                            Usage::default(),
                            &q.pointer,
                            format!(
                                "`{label}`: path parameter `{}` is renamed `{}` (positional: callers are unaffected)",
                                p.name, q.name
                            ),
                        );
                    }
                    self.param(p, q, label);
                }
                (Some(p), None) => self.param_removed(p, label),
                (None, Some(q)) => self.param_added(q, label),
                (None, None) => {}
            }
        }
        let others = |op: &'a Operation| -> Vec<&'a Param> {
            op.params
                .iter()
                .filter(|p| p.location != Location::Path)
                .collect()
        };
        let (old, new) = (others(b), others(h));
        let same = |p: &Param, q: &Param| {
            p.location == q.location
                && if p.location == Location::Header {
                    p.name.eq_ignore_ascii_case(&q.name)
                } else {
                    p.name == q.name
                }
        };
        for p in &old {
            match new.iter().find(|q| same(p, q)) {
                Some(q) => self.param(p, q, label),
                None => self.param_removed(p, label),
            }
        }
        for q in &new {
            if !old.iter().any(|p| same(p, q)) {
                self.param_added(q, label);
            }
        }
    }

    fn param_removed(&mut self, p: &Param, label: &str) {
        self.report(
            Rule::ParameterRemoved,
            Usage::default(),
            &p.pointer,
            format!(
                "`{label}`: {} {} parameter `{}` is removed: {}",
                if p.required { "required" } else { "optional" },
                p.location.name(),
                p.name,
                if p.required {
                    "a positional argument disappears"
                } else {
                    "a field of the options value disappears"
                }
            ),
        );
    }

    fn param_added(&mut self, q: &Param, label: &str) {
        let (rule, what) = if q.required {
            (
                Rule::RequiredParameterAdded,
                "required: a new positional argument",
            )
        } else {
            (
                Rule::OptionalParameterAdded,
                "optional: a new field of the options value",
            )
        };
        self.report(
            rule,
            Usage::default(),
            &q.pointer,
            format!(
                "`{label}`: new {} parameter `{}` ({what})",
                q.location.name(),
                q.name
            ),
        );
    }

    fn param(&mut self, p: &Param, q: &Param, label: &str) {
        let name = &q.name;
        let at = &q.pointer;
        match (p.required, q.required) {
            (false, true) => self.report(
                Rule::ParameterBecameRequired,
                Usage::default(),
                at,
                format!("`{label}`: parameter `{name}` becomes required: it moves from the options value to a positional argument"),
            ),
            (true, false) => self.report(
                Rule::ParameterBecameOptional,
                Usage::default(),
                at,
                format!("`{label}`: parameter `{name}` becomes optional: it moves from a positional argument to the options value"),
            ),
            _ => {}
        }
        match (p.deprecated, q.deprecated) {
            (false, true) => self.report(
                Rule::ParameterDeprecated,
                Usage::default(),
                at,
                format!("`{label}`: parameter `{name}` is deprecated"),
            ),
            (true, false) => self.report(
                Rule::ParameterUndeprecated,
                Usage::default(),
                at,
                format!("`{label}`: parameter `{name}` is no longer deprecated"),
            ),
            _ => {}
        }
        if p.style != q.style {
            self.report(
                Rule::ParameterStyleChanged,
                Usage::default(),
                at,
                format!("`{label}`: parameter `{name}` is serialized differently (style/explode)"),
            );
        }
        if p.docs != q.docs {
            self.note_docs(at);
        }
        let pos = Pos {
            usage: Usage::REQUEST,
            label: format!("{label} {} parameter {name}", q.location.name()),
            place: Place::Other,
        };
        self.optional_schemas(p.schema, q.schema, at, &pos);
    }

    /// Compares two optional schemas (a parameter's, a body's): one missing is a type change.
    fn optional_schemas(&mut self, x: Option<SchemaId>, y: Option<SchemaId>, at: &str, pos: &Pos) {
        match (x, y) {
            (Some(x), Some(y)) => self.schema(x, y, pos),
            (None, None) => {}
            (x, _) => self.report(
                Rule::TypeChanged,
                pos.usage,
                at,
                format!(
                    "`{}`: the schema is {}: its Rust type changes",
                    pos.label,
                    if x.is_some() { "removed" } else { "added" }
                ),
            ),
        }
    }

    fn body(&mut self, b: Option<&Body>, h: Option<&Body>, label: &str) {
        match (b, h) {
            (None, None) => {}
            (Some(b), None) => self.report(
                Rule::RequestBodyRemoved,
                Usage::default(),
                &b.pointer,
                format!("`{label}`: the request body is removed: the body argument disappears"),
            ),
            (None, Some(h)) => {
                let rule = if h.required {
                    Rule::RequiredRequestBodyAdded
                } else {
                    Rule::OptionalRequestBodyAdded
                };
                self.report(
                    rule,
                    Usage::default(),
                    &h.pointer,
                    format!(
                        "`{label}`: new {} request body: the method takes it as a new positional argument (optional or not), so calls stop compiling",
                        if h.required { "required" } else { "optional" }
                    ),
                );
            }
            (Some(b), Some(h)) => {
                match (b.required, h.required) {
                    (false, true) => self.report(
                        Rule::RequestBodyBecameRequired,
                        Usage::default(),
                        &h.pointer,
                        format!("`{label}`: the request body becomes required; the method already takes it as a positional argument, so nothing changes for callers"),
                    ),
                    (true, false) => self.report(
                        Rule::RequestBodyBecameOptional,
                        Usage::default(),
                        &h.pointer,
                        format!("`{label}`: the request body becomes optional; the method keeps taking it as a positional argument, so nothing changes for callers"),
                    ),
                    _ => {}
                }
                let pos = Pos {
                    usage: Usage::REQUEST,
                    label: format!("{label} body"),
                    place: Place::Other,
                };
                self.contents(
                    b.content.as_ref(),
                    h.content.as_ref(),
                    &h.pointer,
                    &pos,
                    Rule::RequestMediaTypeChanged,
                );
            }
        }
    }

    fn contents(
        &mut self,
        b: Option<&Content>,
        h: Option<&Content>,
        at: &str,
        pos: &Pos,
        media_rule: Rule,
    ) {
        let (Some(b), Some(h)) = (b, h) else {
            if b.is_some() != h.is_some() {
                self.report(
                    Rule::TypeChanged,
                    pos.usage,
                    at,
                    format!(
                        "`{}`: content is {}: its Rust type changes",
                        pos.label,
                        if b.is_some() { "removed" } else { "added" }
                    ),
                );
            }
            return;
        };
        if b.media != h.media && !(b.media.typed() && h.media.typed()) {
            self.report(
                Rule::TypeChanged,
                pos.usage,
                at,
                format!(
                    "`{}`: media type changes from `{}` to `{}`: its Rust type changes",
                    pos.label, b.media_type, h.media_type
                ),
            );
            return;
        }
        if b.media_type != h.media_type {
            self.report(
                media_rule,
                Usage::default(),
                at,
                format!(
                    "`{}`: media type changes from `{}` to `{}`; the Rust type stays",
                    pos.label, b.media_type, h.media_type
                ),
            );
        }
        if h.media.typed() {
            self.optional_schemas(b.schema, h.schema, at, pos);
        }
    }

    fn responses(&mut self, b: &'a Operation, h: &'a Operation, label: &str) {
        let result_stays = success_result_stays(self.base, b, h);
        for r in &b.responses {
            if h.responses.iter().any(|s| s.status == r.status) {
                continue;
            }
            let (rule, what) = if r.is_success() && result_stays {
                (
                    Rule::SuccessStatusRemoved,
                    "another success status with the same body remains, so the method's result stays",
                )
            } else if r.is_success() {
                (Rule::SuccessResponseRemoved, "the method's result changes")
            } else {
                (Rule::ErrorResponseRemoved, "its error variant disappears")
            };
            self.report(
                rule,
                Usage::default(),
                &r.pointer,
                format!("`{label}`: the {} response is removed: {what}", r.status),
            );
        }
        for s in &h.responses {
            let Some(r) = b.responses.iter().find(|r| r.status == s.status) else {
                let (rule, what) = if s.is_success() {
                    (
                        Rule::SuccessResponseAdded,
                        "an old client does not expect it and fails on it",
                    )
                } else {
                    (
                        Rule::ErrorResponseAdded,
                        "a new variant of the non-exhaustive error enum",
                    )
                };
                self.report(
                    rule,
                    Usage::default(),
                    &s.pointer,
                    format!("`{label}`: new {} response: {what}", s.status),
                );
                continue;
            };
            // Error statuses are documented on the method and the error variant; a success
            // status's description is rendered nowhere.
            if r.docs != s.docs && !s.is_success() {
                self.note_docs(&s.pointer);
            }
            let pos = Pos {
                usage: Usage::RESPONSE,
                label: format!("{label} {} response", s.status),
                place: Place::Other,
            };
            match (&r.content, &s.content) {
                (None, Some(_)) => self.report(
                    Rule::ResponseBodyAdded,
                    Usage::default(),
                    &s.pointer,
                    format!("`{}` now has a body: the result type changes", pos.label),
                ),
                (Some(_), None) => self.report(
                    Rule::ResponseBodyRemoved,
                    Usage::default(),
                    &s.pointer,
                    format!(
                        "`{}` no longer has a body: the result type changes",
                        pos.label
                    ),
                ),
                (x, y) => self.contents(
                    x.as_ref(),
                    y.as_ref(),
                    &s.pointer,
                    &pos,
                    Rule::ResponseMediaTypeChanged,
                ),
            }
        }
    }

    // ----- security, servers, info -----

    fn security(&mut self) {
        let (base, head) = (self.base, self.head);
        for (name, b) in &base.security_schemes {
            let Some(h) = head.security_schemes.get(name) else {
                self.report(
                    Rule::SecuritySchemeRemoved,
                    Usage::default(),
                    &b.pointer,
                    format!("security scheme `{name}` ({}) is removed; the client takes credentials through the runtime whatever the schemes, so the generated code does not change", b.kind),
                );
                continue;
            };
            if b.kind != h.kind {
                self.report(
                    Rule::SecuritySchemeTypeChanged,
                    Usage::default(),
                    &h.pointer,
                    format!(
                        "security scheme `{name}` changes from `{}` to `{}`; the client takes credentials through the runtime whatever the schemes, so the generated code does not change",
                        b.kind, h.kind
                    ),
                );
            } else if b.details != h.details {
                self.report(
                    Rule::SecuritySchemeChanged,
                    Usage::default(),
                    &h.pointer,
                    format!("security scheme `{name}`: how the credential is sent changes in the document; the client sends credentials as the runtime does, so the generated code does not change"),
                );
            }
        }
        for (name, h) in &head.security_schemes {
            if !base.security_schemes.contains_key(name) {
                self.report(
                    Rule::SecuritySchemeAdded,
                    Usage::default(),
                    &h.pointer,
                    format!("new security scheme `{name}` ({}); the client takes credentials through the runtime whatever the schemes, so the generated code does not change", h.kind),
                );
            }
        }
    }

    fn top(&mut self) {
        if self.base.default_server != self.head.default_server {
            self.report(
                Rule::ServerUrlChanged,
                Usage::default(),
                "/servers/0/url",
                format!(
                    "the default base URL changes from {} to {}",
                    quoted(self.base.default_server.as_deref()),
                    quoted(self.head.default_server.as_deref())
                ),
            );
        }
        if self.base.info_docs != self.head.info_docs {
            self.note_docs("/info");
        }
    }

    fn finish(mut self) -> Vec<Change> {
        for (owner, places) in std::mem::take(&mut self.docs) {
            let shown: Vec<&str> = places.iter().take(3).map(String::as_str).collect();
            let more = places.len().saturating_sub(shown.len());
            let message = format!(
                "documentation changed (descriptions, summaries, examples) at {}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
            self.report(Rule::DocsChanged, Usage::default(), &owner, message);
        }
        let mut changes = self.changes;
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        let mut unique: Vec<(Change, usize)> = Vec::new();
        for change in changes.drain(..) {
            let key = (change.id.clone(), change.pointer.clone());
            match seen.get(&key) {
                Some(&i) => unique[i].1 += 1,
                None => {
                    seen.insert(key, unique.len());
                    unique.push((change, 0));
                }
            }
        }
        let mut out: Vec<Change> = unique
            .into_iter()
            .map(|(mut change, more)| {
                if more > 0 {
                    change
                        .message
                        .push_str(&format!(" (seen from {} more places)", more));
                }
                change
            })
            .collect();
        out.sort_by(|a, b| {
            b.bump
                .cmp(&a.bump)
                .then_with(|| a.pointer.cmp(&b.pointer))
                .then_with(|| a.id.cmp(&b.id))
                .then_with(|| a.message.cmp(&b.message))
        });
        out
    }
}

/// The operation or component a pointer belongs to: where documentation changes are grouped.
fn owner(pointer: &str) -> String {
    let tokens: Vec<&str> = pointer.split('/').collect();
    let keep = match tokens.get(1) {
        Some(&"components") | Some(&"paths") => 4,
        _ => 2,
    };
    tokens[..keep.min(tokens.len())].join("/")
}

/// How a message names the constructor of the struct at `label`: `Partner::new` for a
/// named type; for one hoisted from where it stands (`Diff[*]`, `Repo.owner`), whose name
/// the generator makes up, `new` of the type at that place.
fn constructor(label: &str) -> String {
    if label.chars().all(|c| c.is_alphanumeric() || c == '_') {
        format!("`{label}::new`")
    } else {
        format!("`new` of the type at `{label}`")
    }
}

fn base_pointer(id: SchemaId, spec: &Spec) -> String {
    spec.at(id)
}

fn quoted(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| format!("`{v}`"))
}

/// A node's nullability, following a reference to the component's own.
fn effective_nullable(spec: &Spec, id: SchemaId) -> bool {
    let node = &spec.nodes[id];
    node.nullable
        || match &node.kind {
            Kind::Ref(name) => spec
                .component(name)
                .is_some_and(|c| spec.nodes[c.id].nullable),
            _ => false,
        }
}

/// Whether the generator renders a schema's documentation at this place: on a named type
/// (a component, or an inline struct, enum or union hoisted under a name of its own) and on
/// a field (an inline property schema; a `$ref` property takes no docs of its own).
fn renders_docs(spec: &Spec, id: SchemaId, place: Place) -> bool {
    let is_ref = matches!(spec.nodes[id].kind, Kind::Ref(_));
    match place {
        Place::Component | Place::Property => !is_ref,
        Place::Other => nominal(spec, id),
    }
}

/// Whether a schema generates a type of its own (struct, enum, union) rather than an alias
/// of a standard type: replacing it changes a type name users write.
fn nominal(spec: &Spec, id: SchemaId) -> bool {
    matches!(
        spec.nodes[id].kind,
        Kind::Struct(..) | Kind::Enum(..) | Kind::Union(_) | Kind::AllOf(_)
    )
}

/// An `allOf` that adds nothing but one non-object branch (`allOf: [{type: string},
/// {maxLength: 5}]`) means that branch.
fn single_branch(spec: &Spec, id: SchemaId) -> Option<SchemaId> {
    if !matches!(spec.nodes[id].kind, Kind::AllOf(_)) {
        return None;
    }
    let flat = flatten(spec, id);
    match (
        flat.props.is_empty(),
        flat.additional,
        flat.other.as_slice(),
    ) {
        (true, None, [only]) => Some(*only),
        _ => None,
    }
}

/// Whether a node is an object (a struct or an `allOf` of objects).
fn objectish(spec: &Spec, id: SchemaId) -> bool {
    match &spec.nodes[id].kind {
        Kind::Struct(..) => true,
        Kind::AllOf(_) => flatten(spec, id).other.is_empty(),
        _ => false,
    }
}

/// The kind of an inline union branch, to match branches across documents.
fn kind_tag(kind: &Kind) -> &'static str {
    match kind {
        Kind::Any => "any",
        Kind::Never => "never",
        Kind::Prim(p) => p.name(),
        Kind::Multi(_) => "multi",
        Kind::Enum(..) => "enum",
        Kind::Array(_) => "array",
        Kind::Map(_) => "map",
        Kind::FreeObject => "object",
        Kind::Struct(..) | Kind::AllOf(_) | Kind::Required(_) => "struct",
        Kind::Union(_) => "union",
        Kind::Ref(_) => "ref",
    }
}

/// A short description of a schema for messages.
fn describe(spec: &Spec, id: SchemaId) -> String {
    let node = &spec.nodes[id];
    match &node.kind {
        Kind::Any => "any value".to_owned(),
        Kind::Never => "no value".to_owned(),
        Kind::Prim(p) => match &node.format {
            Some(f) => format!("{} ({f})", p.name()),
            None => p.name().to_owned(),
        },
        Kind::Multi(ps) => ps.iter().map(|p| p.name()).collect::<Vec<_>>().join(" | "),
        Kind::Enum(_, values) => format!("enum {}", values.join(" | ")),
        Kind::Array(items) => format!("array of {}", describe(spec, *items)),
        Kind::Map(values) => format!("map of {}", describe(spec, *values)),
        Kind::FreeObject => "free-form object".to_owned(),
        Kind::Struct(props, ..) => format!("object with {} properties", props.len()),
        Kind::Union(u) => format!("union of {} branches", u.variants.len()),
        Kind::AllOf(parts) => format!("allOf of {} parts", parts.len()),
        Kind::Required(names) => format!("required names {}", names.join(", ")),
        Kind::Ref(name) => format!("`{}`", spec.rust_name(name)),
    }
}

// ----- flattening `allOf` -----

struct FlatProp<'s> {
    name: &'s str,
    id: SchemaId,
    required: bool,
    /// The component it comes from, when reached through an `allOf` branch `$ref`.
    origin: Option<&'s str>,
}

#[derive(Default)]
struct Flat<'s> {
    props: Vec<FlatProp<'s>>,
    additional: Option<SchemaId>,
    /// Components merged in through `allOf` (spec names).
    members: Vec<&'s str>,
    /// Branches that are not objects, compared pairwise.
    other: Vec<SchemaId>,
    /// The required properties in the order of `new`'s arguments.
    new_args: Vec<&'s str>,
}

/// The object an `allOf` means: the properties of all its branches, later ones winning, a
/// property required if any branch requires it.
fn flatten(spec: &Spec, id: SchemaId) -> Flat<'_> {
    let mut flat = Flat::default();
    let mut required = Vec::new();
    flatten_into(spec, id, None, &mut flat, &mut required, 0);
    for p in &mut flat.props {
        p.required |= required.contains(&p.name);
    }
    // `new` takes the required properties in the order the `required` lists name them (the
    // parts' lists one after another, each name where it first appears).
    let mut order: Vec<&str> = Vec::new();
    for name in required {
        if !order.contains(&name) && flat.props.iter().any(|p| p.name == name) {
            order.push(name);
        }
    }
    flat.new_args = order;
    flat
}

fn flatten_into<'s>(
    spec: &'s Spec,
    id: SchemaId,
    origin: Option<&'s str>,
    flat: &mut Flat<'s>,
    required: &mut Vec<&'s str>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    match &spec.nodes[id].kind {
        Kind::Struct(props, additional, listed) => {
            required.extend(listed.iter().map(String::as_str));
            for p in props {
                let prop = FlatProp {
                    name: &p.name,
                    id: p.id,
                    required: p.required,
                    origin,
                };
                match flat.props.iter_mut().find(|q| q.name == p.name) {
                    Some(existing) => *existing = prop,
                    None => flat.props.push(prop),
                }
            }
            if additional.is_some() {
                flat.additional = *additional;
            }
        }
        Kind::AllOf(parts) => {
            for part in parts {
                flatten_into(spec, *part, origin, flat, required, depth + 1);
            }
        }
        Kind::Ref(name) => match spec.component(name) {
            Some(c) if !flat.members.contains(&c.name.as_str()) => {
                flat.members.push(&c.name);
                flatten_into(spec, c.id, Some(&c.name), flat, required, depth + 1);
            }
            Some(_) => {}
            None => flat.other.push(id),
        },
        Kind::Map(values) => flat.additional = Some(*values),
        Kind::Required(names) => required.extend(names.iter().map(String::as_str)),
        Kind::FreeObject | Kind::Any => {}
        _ => flat.other.push(id),
    }
}

// ----- shapes: what a schema is on the wire, as a hash -----

/// A hash of what a schema accepts on the wire (documentation, deprecation and validation
/// keywords left out; references by Rust type name, not followed; `allOf` flattened;
/// property order ignored).
fn shape(spec: &Spec, id: SchemaId) -> u64 {
    let mut hasher = DefaultHasher::new();
    shape_into(spec, id, &mut hasher, 0);
    hasher.finish()
}

fn shape_into(spec: &Spec, id: SchemaId, hasher: &mut DefaultHasher, depth: usize) {
    if depth > 64 {
        return;
    }
    let node = &spec.nodes[id];
    node.nullable.hash(hasher);
    match &node.kind {
        Kind::Any => 0u8.hash(hasher),
        Kind::Never => 1u8.hash(hasher),
        Kind::Prim(p) => {
            2u8.hash(hasher);
            p.hash(hasher);
            // By the default mapping: the shape is what is on the wire, whatever the types.
            p.rust(node.format.as_deref(), &BTreeMap::new())
                .hash(hasher);
        }
        Kind::Multi(ps) => {
            3u8.hash(hasher);
            ps.hash(hasher);
        }
        Kind::Enum(p, values) => {
            4u8.hash(hasher);
            p.hash(hasher);
            let mut sorted: Vec<&String> = values.iter().collect();
            sorted.sort();
            sorted.hash(hasher);
        }
        Kind::Array(items) => {
            5u8.hash(hasher);
            shape_into(spec, *items, hasher, depth + 1);
        }
        Kind::Map(values) => {
            6u8.hash(hasher);
            shape_into(spec, *values, hasher, depth + 1);
        }
        Kind::FreeObject => 7u8.hash(hasher),
        Kind::Struct(..) | Kind::AllOf(_) => {
            8u8.hash(hasher);
            let flat = flatten(spec, id);
            let mut props: Vec<&FlatProp> = flat.props.iter().collect();
            props.sort_by_key(|p| p.name);
            for p in props {
                p.name.hash(hasher);
                p.required.hash(hasher);
                shape_into(spec, p.id, hasher, depth + 1);
            }
            if let Some(additional) = flat.additional {
                shape_into(spec, additional, hasher, depth + 1);
            }
            for other in flat.other {
                shape_into(spec, other, hasher, depth + 1);
            }
        }
        Kind::Union(u) => {
            9u8.hash(hasher);
            u.discriminator.hash(hasher);
            for v in &u.variants {
                shape_into(spec, *v, hasher, depth + 1);
            }
        }
        Kind::Ref(name) => {
            10u8.hash(hasher);
            spec.rust_name(name).hash(hasher);
        }
        Kind::Required(names) => {
            11u8.hash(hasher);
            names.hash(hasher);
        }
    }
}

/// Where each component is used: reachable from request parts, response parts, or both.
fn usage(spec: &Spec) -> HashMap<&str, Usage> {
    let mut out: HashMap<&str, Usage> = HashMap::new();
    let mut marks = vec![0u8; spec.nodes.len()];
    let mut stack: Vec<(SchemaId, u8)> = Vec::new();
    for op in spec.operations.values() {
        for p in &op.params {
            stack.extend(p.schema.map(|s| (s, 1)));
        }
        if let Some(body) = &op.body {
            stack.extend(body.content.as_ref().and_then(|c| c.schema).map(|s| (s, 1)));
        }
        for r in &op.responses {
            stack.extend(r.content.as_ref().and_then(|c| c.schema).map(|s| (s, 2)));
        }
    }
    while let Some((id, flag)) = stack.pop() {
        if marks[id] & flag != 0 {
            continue;
        }
        marks[id] |= flag;
        if let Kind::Ref(name) = &spec.nodes[id].kind {
            if let Some(c) = spec.component(name) {
                let entry = out.entry(c.name.as_str()).or_default();
                if flag == 1 {
                    entry.request = true;
                } else {
                    entry.response = true;
                }
            }
        }
        spec.each_child(id, |child| stack.push((child, flag)));
    }
    out
}

/// Whether the success statuses `base` documents and `head` no longer does leave the
/// method's result as it was: the generator makes the result from the distinct success
/// bodies in status order (one type, or a union of them, `Body1`, `Body2`, ...), and whether
/// one success has no body. When each removed status carries a body another remaining one
/// carries too (the same component, or the same schema node, the same encoding, in `base`),
/// that list is unchanged; changes to the remaining statuses are judged on their own.
fn success_result_stays<'a>(spec: &'a Spec, base: &'a Operation, head: &'a Operation) -> bool {
    /// What a success response gives the result: nothing, or a body of some encoding whose
    /// schema is a component (by name, and whether the reference is nullable) or a node.
    #[derive(PartialEq)]
    enum Schema<'s> {
        None,
        Component(&'s str, bool),
        Node(SchemaId),
    }
    let carried = |r: &'a Response| {
        r.content.as_ref().map(|c| {
            let schema = match c.schema {
                None => Schema::None,
                Some(id) => match spec.nodes.get(id) {
                    Some(node) => match &node.kind {
                        Kind::Ref(name) => Schema::Component(name, node.nullable),
                        _ => Schema::Node(id),
                    },
                    None => Schema::Node(id),
                },
            };
            (c.media, schema)
        })
    };
    let bodies = |responses: &mut dyn Iterator<Item = &'a Response>| {
        let mut seen = Vec::new();
        for r in responses.filter(|r| r.is_success()) {
            let body = carried(r);
            if !seen.contains(&body) {
                seen.push(body);
            }
        }
        seen
    };
    let mut kept = base
        .responses
        .iter()
        .filter(|r| head.responses.iter().any(|s| s.status == r.status));
    bodies(&mut base.responses.iter()) == bodies(&mut kept)
}
