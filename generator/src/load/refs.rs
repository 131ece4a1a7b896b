//! `$ref` checks, on the document as written: every reference in an object position points
//! into this document, resolves, and does not loop through plain references.
//!
//! Only positions the shape table knows are looked at, so a `$ref` inside an example value
//! or an extension (which is data, not a reference) is left alone.
//!
//! A reference may point to a place the walks from the root do not reach: into JSON Schema
//! `definitions` or `$defs`, or into an extension. What it points to is then an object of the
//! kind the reference calls for, and is checked (and, by the rewriting walk, normalized) as
//! one: [`check`] returns these places.

use super::pointer::{self, FragmentError, Ptr};
use super::shape::{self, Node, Shape};
use super::{describe, Cx, Depth};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Checks every reference under `root`, reporting into `cx`. Returns the places outside the
/// walk from the root that references point to, each with the kind of object it is, for the
/// rewriting walk (none of them inside another).
pub(super) fn check(cx: &mut Cx, root: &Value) -> Vec<(String, Node)> {
    let mut refs = Refs {
        root,
        resolved: HashMap::new(),
        settled: HashSet::new(),
        extras: Vec::new(),
    };
    refs.visit(cx, root, Shape::One(Node::Root), Depth::default());
    let mut done = 0;
    while let Some((pointer, node)) = refs.extras.get(done).cloned() {
        done += 1;
        if let Some(value) = root.pointer(&pointer) {
            cx.ptr.reset(&pointer);
            refs.visit_node(cx, value, node, Depth::default());
        }
    }
    cx.ptr.reset("");
    let extras = std::mem::take(&mut refs.extras);
    extras
        .iter()
        .filter(|(pointer, _)| !extras.iter().any(|outer| covers(outer, pointer)))
        .cloned()
        .collect()
}

/// Whether walking the object at `outer` reaches `pointer`.
fn covers((outer, node): &(String, Node), pointer: &str) -> bool {
    let Some(rest) = pointer.strip_prefix(outer.as_str()) else {
        return false;
    };
    if !rest.starts_with('/') {
        return false;
    }
    let tokens: Vec<String> = pointer::tokens(rest).collect();
    shape::locate(*node, &tokens).is_some_and(|l| l.walked)
}

/// Where a reference leads: the target's pointer and value.
type Target<'v> = (String, &'v Value);

/// Why a reference leads nowhere.
enum Unresolved {
    /// A local pointer with nothing there; says which step fails.
    Missing(String),
    /// Not a local pointer at all; the whole message.
    Invalid(String),
}

struct Refs<'v> {
    root: &'v Value,
    /// Each distinct `$ref` text resolved once: large specs repeat the same few hundred
    /// references thousands of times.
    resolved: HashMap<&'v str, Result<Target<'v>, Unresolved>>,
    /// Pointers whose chain of references has been followed (and any cycle on it
    /// reported), so that each chain is followed once.
    settled: HashSet<String>,
    /// Places outside the walk from the root that references point to, in the order found.
    extras: Vec<(String, Node)>,
}

impl<'v> Refs<'v> {
    fn visit(&mut self, cx: &mut Cx, value: &'v Value, shape: Shape, depth: Depth) {
        match (shape, value) {
            (Shape::One(node), value) => self.visit_node(cx, value, node, depth),
            (Shape::MapOf(node), Value::Object(map)) => {
                for (key, item) in map {
                    let mark = cx.ptr.push(key);
                    self.visit_node(cx, item, node, depth);
                    cx.ptr.truncate(mark);
                }
            }
            (Shape::ListOf(node), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let mark = cx.ptr.push_index(i);
                    self.visit_node(cx, item, node, depth);
                    cx.ptr.truncate(mark);
                }
            }
            _ => {}
        }
    }

    fn visit_node(&mut self, cx: &mut Cx, value: &'v Value, node: Node, depth: Depth) {
        // The rewriting walk reports depth errors; this one only stops.
        let Some(depth) = depth.enter(node) else {
            return;
        };
        let Value::Object(map) = value else { return };
        if let Some(reference) = map.get("$ref") {
            self.reference(cx, reference, node);
            return;
        }
        let parent = Shape::One(node);
        for (key, item) in map {
            let Some(child) = shape::child(parent, key) else {
                continue;
            };
            if shape::is_additional_properties(parent, key) && !item.is_object() {
                continue;
            }
            let mark = cx.ptr.push(key);
            self.visit(cx, item, child, depth);
            cx.ptr.truncate(mark);
        }
    }

    /// Checks the `$ref` of the object at `cx.ptr`.
    fn reference(&mut self, cx: &mut Cx, reference: &'v Value, node: Node) {
        let Value::String(text) = reference else {
            let message = format!("`$ref` is {}; expected a string", describe(reference));
            cx.error_at("$ref", message);
            return;
        };
        let root = self.root;
        match self
            .resolved
            .entry(text)
            .or_insert_with(|| resolve(root, text))
        {
            Err(Unresolved::Invalid(message)) => cx.error_at("$ref", message.clone()),
            Err(Unresolved::Missing(detail)) => {
                let message = format!("`{text}` points to no {}: {detail}", shape::noun(node));
                cx.error_at("$ref", message);
            }
            // Only a target that is itself a reference can lead back here.
            Ok((pointer, target)) if target.get("$ref").is_some_and(Value::is_string) => {
                let first = (pointer.clone(), *target);
                self.extra(&first.0, node);
                self.cycle(cx, first);
            }
            Ok((pointer, _)) => {
                let pointer = pointer.clone();
                self.extra(&pointer, node);
            }
        }
    }

    /// Notes the target of a reference from a position of kind `node` when the walk from the
    /// root does not reach it.
    fn extra(&mut self, pointer: &str, node: Node) {
        let tokens: Vec<String> = pointer::tokens(pointer).collect();
        let node = match shape::locate(Node::Root, &tokens) {
            Some(l) if l.walked => return,
            Some(l) => match l.node() {
                Some(node) => node,
                // A map of schemas inside `definitions`: not an object to check as one
                // (lowering reports the reference).
                None => return,
            },
            None => node,
        };
        let entry = (pointer.to_owned(), node);
        if self
            .extras
            .iter()
            .any(|e| *e == entry || covers(e, pointer))
        {
            return;
        }
        self.extras.push(entry);
    }

    /// The target of a reference, if it resolves.
    fn lookup(&mut self, text: &'v str) -> Option<Target<'v>> {
        let root = self.root;
        let resolved = self
            .resolved
            .entry(text)
            .or_insert_with(|| resolve(root, text));
        resolved.as_ref().ok().map(|(p, v)| (p.clone(), *v))
    }

    /// Follows plain references from the object at `cx.ptr` (whose reference leads to
    /// `first`); a chain that comes back on itself is a cycle no type can be made of.
    fn cycle(&mut self, cx: &mut Cx, first: Target<'v>) {
        let start = cx.ptr.as_str().to_owned();
        if self.settled.contains(&start) {
            return;
        }
        // The chain so far, and where each pointer stands in it.
        let mut on_chain: std::collections::HashMap<String, usize> =
            std::collections::HashMap::from([(start.clone(), 0)]);
        let mut chain = vec![start];
        let (mut at, mut value) = first;
        loop {
            if let Some(&i) = on_chain.get(&at) {
                report_cycle(cx, chain.get(i..).unwrap_or_default());
                break;
            }
            if self.settled.contains(&at) {
                break;
            }
            let next = value
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|text| self.lookup(text));
            on_chain.insert(at.clone(), chain.len());
            chain.push(at);
            match next {
                Some((pointer, target)) => (at, value) = (pointer, target),
                None => break,
            }
        }
        self.settled.extend(chain);
    }
}

/// Reports a cycle once, at the object where the chain first came back.
fn report_cycle(cx: &mut Cx, members: &[String]) {
    let Some(first) = members.first() else { return };
    let shown: Vec<String> = members
        .iter()
        .chain(std::iter::once(first))
        .map(|p| format!("#{p}"))
        .collect();
    let message = format!(
        "reference cycle: {}; expected references to end at an object that is not itself \
         a reference",
        shown.join(" → ")
    );
    cx.errors.push(cx.origin, first, message);
}

/// The pointer a reference names and the value there, if it resolves in this document.
fn resolve<'v>(root: &'v Value, text: &str) -> Result<Target<'v>, Unresolved> {
    let Some(fragment) = text.strip_prefix('#') else {
        return Err(Unresolved::Invalid(format!(
            "`{text}` refers to another document; references to other documents are not \
             supported; bundle first (expected a local reference like \
             `#/components/schemas/Name`)"
        )));
    };
    let target = match pointer::decode_fragment(fragment) {
        Ok(target) => target,
        Err(FragmentError::PlainName) => {
            return Err(Unresolved::Invalid(format!(
                "`{text}` is a plain-name fragment; expected a JSON pointer like \
                 `#/components/schemas/Name`"
            )))
        }
        Err(FragmentError::BadPercentEncoding) => {
            return Err(Unresolved::Invalid(format!(
                "`{text}` has an invalid percent-encoding; expected `%` and two hex digits \
                 forming UTF-8"
            )))
        }
    };
    match root.pointer(&target) {
        Some(value) => Ok((target, value)),
        None => Err(Unresolved::Missing(missing_part(root, &target))),
    }
}

/// Says which step of an unresolvable pointer fails.
fn missing_part(root: &Value, target: &str) -> String {
    let mut at = root;
    let mut path = Ptr::default();
    for token in pointer::tokens(target) {
        let next = match at {
            Value::Object(map) => map.get(&token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(next) => {
                at = next;
                path.push(&token);
            }
            None => {
                let place = if path.as_str().is_empty() {
                    "the document".to_owned()
                } else {
                    format!("#{}", path.as_str())
                };
                return format!("{place} has no `{token}` (expected #{target} to exist)");
            }
        }
    }
    format!("expected #{target} to exist")
}
