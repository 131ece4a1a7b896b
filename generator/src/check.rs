//! Check: the IR is consistent (names unique, references resolved) before anything is emitted.
//!
//! Lowering is written to produce a consistent IR from any input; these checks make a slip
//! there an error naming the schema or operation it is about, instead of generated code that
//! does not compile. Every check is one pass with hash sets: linear in the size of the IR.

use crate::diag::Errors;
use crate::ir::{Api, Ty, TypeKind};
use std::collections::HashSet;

/// Verifies the IR; collects every problem.
pub fn check(api: &Api, origin: &str) -> Result<(), Errors> {
    let mut cx = Cx {
        origin,
        names: api.types.iter().map(|t| t.name.as_str()).collect(),
        errors: Errors::default(),
    };
    if cx.names.len() != api.types.len() {
        cx.unique(
            api.types.iter().map(|t| t.name.as_str()),
            "/components/schemas",
        );
    }
    for t in &api.types {
        match &t.kind {
            TypeKind::Struct(s) => {
                cx.unique(s.fields.iter().map(|f| f.name.as_str()), &t.pointer);
                s.fields.iter().for_each(|f| cx.defined(&f.ty, &f.pointer));
            }
            TypeKind::Union(u) => {
                cx.unique(u.variants.iter().map(|v| v.name.as_str()), &t.pointer);
                u.variants
                    .iter()
                    .for_each(|v| cx.defined(&v.ty, &t.pointer));
            }
            TypeKind::Enum(e) => cx.unique(e.variants.iter().map(|v| v.name.as_str()), &t.pointer),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => cx.defined(ty, &t.pointer),
        }
    }
    let methods = api.operations.iter().flat_map(|op| {
        let with = (!op.with_name.is_empty()).then_some(op.with_name.as_str());
        std::iter::once(op.name.as_str()).chain(with)
    });
    cx.unique(methods, "/paths");
    for op in &api.operations {
        cx.unique(op.params.iter().map(|p| p.name.as_str()), &op.pointer);
        let body = op.body.iter().map(|b| &b.ty);
        let responses = op.responses.iter().filter_map(|r| r.ty.as_ref());
        let params = op.params.iter().map(|p| &p.ty);
        for ty in params.chain(body).chain(responses) {
            cx.defined(ty, &op.pointer);
        }
    }
    cx.errors.into_result(())
}

struct Cx<'a> {
    origin: &'a str,
    names: HashSet<&'a str>,
    errors: Errors,
}

impl Cx<'_> {
    fn report(&mut self, pointer: &str, message: String) {
        self.errors
            .push(self.origin, pointer, format!("internal error: {message}"));
    }

    /// Reports every name that occurs twice.
    fn unique<'n>(&mut self, names: impl Iterator<Item = &'n str>, pointer: &str) {
        let mut seen = HashSet::new();
        for name in names {
            if !seen.insert(crate::naming::unraw(name)) {
                self.report(pointer, format!("the name `{name}` is used twice"));
            }
        }
    }

    /// Reports the named types `ty` refers to that are not defined.
    fn defined(&mut self, ty: &Ty, pointer: &str) {
        for name in named(ty) {
            if !self.names.contains(name) {
                self.report(pointer, format!("`{name}` is used but never defined"));
            }
        }
    }
}

/// The named types `ty` refers to.
fn named(ty: &Ty) -> Vec<&str> {
    match ty {
        Ty::Named(name) | Ty::Boxed(name) => vec![name.as_str()],
        Ty::Array(inner) | Ty::Map(inner) => named(inner),
        _ => Vec::new(),
    }
}
