//! A diff for a client generated from a selection of operations (the config's `select`):
//! what lies outside the selected operations and the schemas they reach is not in that
//! client, so changing it is `none` for it.
//!
//! The scope of one document is every place the selected operations stand or lead to: the
//! operations themselves, their parameters (path-level ones included), request bodies and
//! responses, wherever a reference put them, and every schema node reached from those,
//! through properties, items, map values, union and `allOf` branches and references to
//! components, transitively (with `untyped_expansions`, not through a union's expansions:
//! a schema only they lead to is not in that client). An operation selected in either
//! document counts (an added or a removed one is a change of the selection). A change is
//! dropped when its pointer is under `/paths` or `/components` (security schemes excepted:
//! they shape every client) and in neither document's scope; document-wide places
//! (`/info`, `/servers`, security) always count.

use super::model::{SchemaId, Spec};
use crate::config::{Route, Selection};
use std::collections::HashSet;

/// The places of one document a selection reaches.
pub(crate) struct Scope {
    /// Pointers whose subtrees are in scope.
    places: HashSet<String>,
    /// Every proper ancestor of those (a path item holding a selected operation).
    ancestors: HashSet<String>,
}

impl Scope {
    /// The scope of `selection` in `spec`.
    pub(crate) fn of(spec: &Spec, selection: &Selection) -> Self {
        let mut places = HashSet::new();
        let mut stack: Vec<SchemaId> = Vec::new();
        for op in spec.operations.values() {
            let route = Route {
                tags: &op.tags,
                operation_id: op.operation_id.as_deref(),
                method: &op.method,
                path: &op.path,
            };
            if !selection.selects_route(route) {
                continue;
            }
            places.insert(op.pointer.clone());
            for param in &op.params {
                places.insert(param.pointer.clone());
                stack.extend(param.schema);
            }
            if let Some(body) = &op.body {
                places.insert(body.pointer.clone());
                stack.extend(body.content.as_ref().and_then(|c| c.schema));
            }
            for response in &op.responses {
                places.insert(response.pointer.clone());
                stack.extend(response.content.as_ref().and_then(|c| c.schema));
            }
        }
        let mut seen = vec![false; spec.nodes.len()];
        while let Some(id) = stack.pop() {
            let Some(node) = spec.nodes.get(id) else {
                continue;
            };
            if std::mem::replace(&mut seen[id], true) {
                continue;
            }
            places.insert(spec.pointers.get(node.pointer));
            spec.each_child_but(id, selection.untyped(), |child| stack.push(child));
        }
        let mut ancestors = HashSet::new();
        for place in &places {
            let mut at = place.as_str();
            while let Some(i) = at.rfind('/') {
                at = &at[..i];
                if !ancestors.insert(at.to_owned()) {
                    break;
                }
            }
        }
        Self { places, ancestors }
    }

    /// Whether `pointer` is in scope: at or under one of its places.
    pub(crate) fn contains(&self, pointer: &str) -> bool {
        let mut at = pointer;
        loop {
            if self.places.contains(at) {
                return true;
            }
            match at.rfind('/') {
                Some(i) => at = &at[..i],
                None => return false,
            }
        }
    }

    /// Whether the section `pointer` (a path item, a component) holds anything in scope.
    pub(crate) fn touches(&self, pointer: &str) -> bool {
        self.contains(pointer) || self.ancestors.contains(pointer)
    }
}

/// Whether a selection can leave `pointer` out: places under `/paths` and `/components`,
/// except security schemes, which every client uses.
pub(crate) fn selectable(pointer: &str) -> bool {
    (pointer.starts_with("/paths/") || pointer.starts_with("/components/"))
        && !pointer.starts_with("/components/securitySchemes")
}
