//! Emit: IR → syntax tree (`ast`) → formatted text (`pretty`): one file.
//!
//! The file holds `pub mod types` (the models), the client and its operations, and one error
//! enum (and options struct, where needed) per operation. Code at the root names everything
//! by full path (`::std::option::Option`, `::d360_runtime::...`), so the module that includes
//! it cannot change its meaning; inside `types` prelude names are safe (see `ty`).
//!
//! The text is what prettyplease prints for the same code: `pretty` is its printer, run
//! on a tree built directly rather than on tokens parsed by `syn`, which cost most of the
//! generator's time on big documents.

mod ast;
mod custom;
mod docs;
mod models;
mod ops;
mod pretty;
mod ty;

pub(crate) use custom::configured;

use crate::config::Config;
use crate::diag::Errors;
use crate::ir::{Api, Operation, TypeDef};
use ast::{Attr, ImplItem, Item, UseTree};
use pretty::Printer;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use custom::check_attribute;

/// Stack for emitting and formatting: printing recurses into nested types and expressions,
/// as deep as lowering allows. Emission runs on threads of its own with this stack, so the
/// caller's thread does not matter.
const EMIT_STACK: usize = 32 << 20;

/// Types printed together by a worker (see [`emit`]).
const FORMAT_BATCH: usize = 32;

/// Emits the formatted source for the IR.
///
/// The file is cut into small jobs (a few models, a few operations' methods, error enums or
/// options structs, the client's head) that worker threads (one per core, each with a
/// large stack) take from one queue, so every core prints until the end; the pieces are
/// joined in order. Items print independently of each other, so the result is byte for
/// byte what printing the whole file at once gives.
pub fn emit(api: &Api, config: &Config, origin: &str) -> Result<String, Errors> {
    let custom = &custom::plan(api, config)?;
    let deprecated = &ty::deprecated_types(api);
    let with_options: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| ops::has_options(op))
        .collect();
    let jobs = &jobs(api, &with_options);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let next = &AtomicUsize::new(0);
    let mut printed: Vec<String> = vec![String::new(); jobs.len()];
    std::thread::scope(|scope| {
        let handles = (0..workers)
            .map(|_| {
                spawn(scope, origin, move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else {
                            return done;
                        };
                        done.push((i, job.print(api, custom, deprecated)));
                    }
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for handle in handles {
            for (i, text) in join(handle) {
                if let Some(slot) = printed.get_mut(i) {
                    *slot = text;
                }
            }
        }
        Ok::<(), Errors>(())
    })?;
    // One allocation for the whole text: growing it would copy (and fault in) the
    // hundreds of megabytes of the biggest APIs several times.
    let mut out = String::with_capacity(printed.iter().map(String::len).sum());
    for piece in printed {
        out.push_str(&piece);
    }
    Ok(out)
}

/// A piece of the file (see [`emit`]), in file order.
enum Job<'a> {
    /// Text known before printing (the header, the lines around the client's methods).
    Text(String),
    /// A few models, inside `pub mod types`.
    Models(&'a [TypeDef]),
    /// The client struct, its constructor and conversions.
    ClientHead,
    /// The methods of a few operations, inside `impl Client`.
    Methods(&'a [Operation]),
    /// The error enums of a few operations.
    Errors(&'a [Operation]),
    /// The options structs of a few operations that have optional parameters.
    Options(&'a [&'a Operation]),
}

impl Job<'_> {
    fn print(
        &self,
        api: &Api,
        custom: &std::collections::HashMap<&str, Vec<Attr>>,
        deprecated: &std::collections::HashSet<&str>,
    ) -> String {
        match self {
            Job::Text(text) => text.clone(),
            Job::Models(part) => {
                let items: Vec<Item> = part
                    .iter()
                    .flat_map(|t| {
                        let added = custom.get(t.name.as_str());
                        type_items(api, t, deprecated, added.map_or(&[], Vec::as_slice))
                    })
                    .collect();
                module_body(format_module(&[], &items))
            }
            Job::ClientHead => format_items(&ops::client_head(api)),
            Job::Methods(part) => module_body(format_items(&[client_impl(
                Vec::new(),
                ops::methods_of(api, part),
            )])),
            Job::Errors(part) => format_items(&ops::error_items(api, part, deprecated)),
            Job::Options(part) => format_items(&ops::options_items(api, part, deprecated)),
        }
    }
}

/// The file's pieces, in order, a few items each.
fn jobs<'a>(api: &'a Api, with_options: &'a [&'a Operation]) -> Vec<Job<'a>> {
    let header = format_module(&types_inner_docs(), &[types_use()]);
    let mut jobs = vec![
        Job::Text(format!(
            "// Generated by d360-codegen {}. Do not edit: change the spec and rebuild.\n",
            env!("CARGO_PKG_VERSION")
        )),
        Job::Text(header.trim_end().trim_end_matches('}').to_owned()),
    ];
    // A few types at a time: the trees stay small enough for the cache.
    jobs.extend(api.types.chunks(FORMAT_BATCH).map(Job::Models));
    jobs.push(Job::Text("}\n".to_owned()));
    jobs.push(Job::ClientHead);
    // Each method reads its response in a closure returning `Result<T, Error<E>>`, and the
    // runtime's `Error` is larger than clippy's `result_large_err` threshold: its size is the
    // runtime's API, not something the generated code can change.
    let head = "#[allow(deprecated, clippy::result_large_err)]\nimpl Client {";
    if api.operations.is_empty() {
        jobs.push(Job::Text(format!("{head}}}\n")));
    } else {
        jobs.push(Job::Text(format!("{head}\n")));
        jobs.extend(api.operations.chunks(FORMAT_BATCH).map(Job::Methods));
        jobs.push(Job::Text("}\n".to_owned()));
    }
    jobs.extend(api.operations.chunks(FORMAT_BATCH).map(Job::Errors));
    jobs.extend(with_options.chunks(FORMAT_BATCH).map(Job::Options));
    jobs
}

/// The items of one model, behind its `#[cfg(feature = ..)]` when features gate them.
fn type_items(
    api: &Api,
    def: &crate::ir::TypeDef,
    deprecated: &std::collections::HashSet<&str>,
    added: &[Attr],
) -> Vec<Item> {
    let mut items = models::type_def(def, deprecated, added);
    let cfg = api.features.types.get(&def.name);
    ast::gate(
        &mut items,
        cfg.and_then(|features| Attr::cfg_features(features)),
    );
    items
}

/// What a worker printed: each job's index and text.
type Printed = Vec<(usize, String)>;

type Worker<'scope> = std::thread::ScopedJoinHandle<'scope, Printed>;

fn spawn<'scope, 'env, F>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    origin: &str,
    job: F,
) -> Result<Worker<'scope>, Errors>
where
    F: FnOnce() -> Printed + Send + 'scope,
{
    std::thread::Builder::new()
        .name("d360-codegen-emit".to_owned())
        .stack_size(EMIT_STACK)
        .spawn_scoped(scope, job)
        .map_err(|e| Errors::one(origin, "", format!("cannot start the emitter: {e}")))
}

fn join(worker: Worker<'_>) -> Printed {
    worker
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// `impl Client { items }`.
fn client_impl(attrs: Vec<Attr>, items: Vec<ImplItem>) -> Item {
    Item::Impl {
        attrs,
        generics: Vec::new(),
        trait_: None,
        self_ty: ast::Ty::path("Client"),
        items,
    }
}

/// The lines between the first line (`pub mod types {`, `impl Client {`) and the closing
/// brace.
fn module_body(mut formatted: String) -> String {
    let start = formatted.find('\n').map_or(formatted.len(), |i| i + 1);
    let body = &formatted[start..];
    let end = start
        + body
            .trim_end()
            .strip_suffix('}')
            .map_or(body.len(), str::len);
    formatted.truncate(end);
    formatted.drain(..start);
    formatted
}

/// The docs of `pub mod types`.
fn types_inner_docs() -> Vec<Attr> {
    [
        " Models: one type per schema of the API description.",
        "",
        " Every struct keeps the properties it does not know in `additional_properties`,",
        " so nothing the server sends is lost, and can be built with `new` and the `with_` setters.",
    ]
    .into_iter()
    .map(|text| Attr::Doc {
        inner: true,
        text: text.to_owned(),
    })
    .collect()
}

/// `#[allow(unused_imports)] use ::d360_runtime::model as rt;`: the runtime's model module
/// inside `types`.
fn types_use() -> Item {
    Item::Use {
        attrs: vec![Attr::list("allow", &["unused_imports"])],
        public: false,
        tree: UseTree::Path(
            "d360_runtime".to_owned(),
            Box::new(UseTree::Rename("model".to_owned(), "rt".to_owned())),
        ),
    }
}

/// Items printed as a file.
fn format_items(items: &[Item]) -> String {
    let mut p = Printer::new();
    p.cbox(0);
    for item in items {
        p.item(item);
    }
    p.end();
    p.eof()
}

/// `pub mod types { inner_attrs items }` printed as a file.
fn format_module(inner_attrs: &[Attr], items: &[Item]) -> String {
    let mut p = Printer::new();
    p.cbox(0);
    p.module("types", inner_attrs, items);
    p.end();
    p.eof()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// Printing in batches and threads gives the bytes printing the whole file gives.
    #[test]
    fn batched_formatting_is_whole_file_formatting() {
        let mut schemas = serde_json::Map::new();
        let mut paths = serde_json::Map::new();
        for i in 0..(2 * super::FORMAT_BATCH + 3) {
            schemas.insert(
                format!("Model{i}"),
                json!({"type": "object", "properties": {"a": {"type": "string", "enum": ["x", "y"]}}}),
            );
            paths.insert(
                format!("/m{i}"),
                json!({"get": {"operationId": format!("get{i}"),
                    "parameters": [{"in": "query", "name": "q", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json":
                        {"schema": {"$ref": format!("#/components/schemas/Model{i}")}}}},
                        "404": {"description": "missing"}}}}),
            );
        }
        for (paths, schemas) in [(paths, schemas), Default::default()] {
            let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                "paths": paths, "components": {"schemas": schemas}});
            let api = crate::parse::parse(&doc, "t.json").unwrap_or_else(|e| panic!("{e}"));
            let ir =
                crate::lower::lower(&api, "t.json", &crate::Config::default(), &mut Vec::new())
                    .unwrap_or_else(|e| panic!("{e}"));
            let batched = super::emit(&ir, &crate::Config::default(), "t.json");
            assert_eq!(batched, Ok(whole_file(&ir)));
        }
    }

    /// The whole file printed in one go.
    fn whole_file(api: &crate::ir::Api) -> String {
        use super::{ops, ty};
        let deprecated = ty::deprecated_types(api);
        let mut types = vec![super::types_use()];
        types.extend(
            api.types
                .iter()
                .flat_map(|t| super::type_items(api, t, &deprecated, &[])),
        );
        let mut items = ops::client_head(api);
        let allow = vec![super::ast::Attr::list(
            "allow",
            &["deprecated", "clippy::result_large_err"],
        )];
        items.push(super::client_impl(allow, ops::methods(api)));
        items.extend(ops::op_items(api));
        let inner = super::types_inner_docs();
        let mut p = super::Printer::new();
        p.cbox(0);
        p.module("types", &inner, &types);
        for item in &items {
            p.item(item);
        }
        p.end();
        format!(
            "// Generated by d360-codegen {}. Do not edit: change the spec and rebuild.\n{}",
            env!("CARGO_PKG_VERSION"),
            p.eof()
        )
    }
}
