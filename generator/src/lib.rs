//! `d360-codegen`: turns an OpenAPI 3.0/3.1 document into a typed async Rust client.
//!
//! The pipeline reads like a table of contents:
//!
//! ```text
//! load   JSON or YAML → serde_json::Value, 3.1 forms normalized,
//!        keys sorted (the output never depends on key order)          (load)
//! parse  → openapiv3::OpenAPI                                          (parse)
//! lower  → IR: named types and operations, each with its JSON pointer (lower, ir)
//! check  names unique, references resolved                            (check)
//! select the configured operations and the types they reach; features (select)
//! emit   IR → syntax tree → text, as prettyplease formats it         (emit)
//! ```
//!
//! The core is pure: text in, code or [`Errors`] out. File I/O and `cargo:` lines live in
//! [`Builder`] (for build scripts) and the `d360-codegen` CLI.
//!
//! # Shaping the output
//!
//! A [`Config`] (or a JSON file: `--config FILE`, [`Builder::config_file`]) chooses:
//!
//! - `operation_names`: method names for operationIds;
//! - `formats`: the Rust type of string formats (default `String`);
//! - `replace`: a schema replaced by a type of the caller's everywhere it is used;
//! - `derives`, `attributes`: added to every generated type (`*`) or named ones, a derive
//!   that cannot hold being an error naming the field.
//!
//! The formats, their defaults and typed choices (see [`config`] for the details):
//!
//! | `format` | default | typed choice | Rust type (runtime feature) | a value that does not parse |
//! |---|---|---|---|---|
//! | `date-time` | `String` | `"jiff"` | `Formatted<jiff::Timestamp>` (`jiff`) | decodes; `.get()` errs saying why, `.raw()` is the text, written back byte for byte |
//! | `date-time` | `String` | `"chrono"` | `Formatted<chrono::DateTime<chrono::FixedOffset>>` (`chrono`) | the same |
//! | `date` | `String` | `"jiff"` | `Formatted<jiff::civil::Date>` (`jiff`) | the same |
//! | `date` | `String` | `"chrono"` | `Formatted<chrono::NaiveDate>` (`chrono`) | the same |
//! | `uuid` | `String` | `"uuid"` | `Formatted<uuid::Uuid>` (`uuid`) | the same |
//! | `uri`, `url` | `String` | `"url"` | `Formatted<url::Url>` (`url`) | the same |
//! | `byte` | `String` | `"base64"` | `Formatted<Vec<u8>>`, base64-decoded (`base64`) | the same |
//! | `email`, any other | `String` | none | `String` | kept as text |
//!
//! In a union (`oneOf`/`anyOf`), a typed alternative fits only text that parses; other text
//! goes to the next alternative, or whole to the union's catch-all variant.
//!
//! ```json
//! {
//!   "formats": {"date-time": "jiff", "uuid": "uuid", "url": "url"},
//!   "replace": {"Money": "my_crate::Money"},
//!   "derives": {"*": ["Eq", "Hash"], "Partner": ["schemars::JsonSchema"]}
//! }
//! ```
//!
//! ```no_run
//! // build.rs: `fn main()` of the build script
//! d360_codegen::Builder::new("spec/partners-v2.json")
//!     .operation_name("get_partner_management_docs_api_get_partner", "get_partner")
//!     .run_build_script("partners_v2.rs");
//! ```

#![warn(missing_docs)]

pub mod build;
pub mod bundle;
pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod diag;
#[cfg(feature = "cli")]
pub mod diff;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod openapi;
pub mod parse;
pub mod select;
pub mod standalone;

pub use build::Builder;
pub use config::Config;
pub use diag::{Diagnostic, Errors, Severity};

/// What one generator run produced.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The formatted Rust source: `pub mod types`, the operations' error types and `Client`.
    pub code: String,
    /// What the generator assumed about the input (accepted quirks).
    pub warnings: Vec<Diagnostic>,
    /// Number of model types emitted.
    pub models: usize,
    /// Number of operations emitted.
    pub operations: usize,
    /// The Cargo features the code's items are gated behind (empty unless
    /// [`Config::features_per_tag`]).
    pub features: Vec<ir::Feature>,
    /// The `d360-runtime` features the code needs (those of the typed formats chosen).
    pub runtime_features: Vec<&'static str>,
}

/// Generates the client source for one OpenAPI document.
///
/// `origin` names the document in diagnostics (usually its path).
pub fn generate(text: &[u8], origin: &str, config: &Config) -> Result<Generated, Errors> {
    generate_timed(text, origin, config, &mut |_, _| {})
}

/// [`generate`], telling `phase` how long each stage took (`read`, `normalize`, `parse`,
/// `lower`, `check`, `emit`), in order, for the CLI's `--timings`.
pub fn generate_timed(
    text: &[u8],
    origin: &str,
    config: &Config,
    phase: &mut dyn FnMut(&'static str, std::time::Duration),
) -> Result<Generated, Errors> {
    let started = std::time::Instant::now();
    let mut doc = load::read_document(text, origin)?;
    phase("read", started.elapsed());
    let started = std::time::Instant::now();
    let mut warnings = Vec::new();
    load::normalize(&mut doc, origin, &mut warnings)?;
    phase("normalize", started.elapsed());
    generate_phases(doc, warnings, origin, config, phase)
}

/// Generates from a document that is already loaded and normalized (see [`load::load`]).
/// Its keys are sorted first ([`load::canonicalize`]; a linear pass when `load` did it), so
/// the output never depends on the order of an object's keys.
pub fn generate_value(
    doc: serde_json::Value,
    warnings: Vec<Diagnostic>,
    origin: &str,
    config: &Config,
) -> Result<Generated, Errors> {
    generate_phases(doc, warnings, origin, config, &mut |_, _| {})
}

fn generate_phases(
    mut doc: serde_json::Value,
    mut warnings: Vec<Diagnostic>,
    origin: &str,
    config: &Config,
    phase: &mut dyn FnMut(&'static str, std::time::Duration),
) -> Result<Generated, Errors> {
    let started = std::time::Instant::now();
    load::canonicalize(&mut doc);
    let api = parse::parse(&doc, origin)?;
    // Big documents take much memory at every stage: each is freed once the next is built.
    drop(doc);
    phase("parse", started.elapsed());
    let started = std::time::Instant::now();
    // The loader's findings are about the document as a whole (one is reported for every
    // place alike); lowering's are about the place they name.
    let loader_findings = warnings.len();
    let mut ir = lower::lower(&api, origin, config, &mut warnings)?;
    drop(api);
    phase("lower", started.elapsed());
    let started = std::time::Instant::now();
    check::check(&ir, origin)?;
    select::select(&mut ir, &config.select)?;
    if !config.select.is_empty() {
        let lowering = warnings.split_off(loader_findings.min(warnings.len()));
        warnings.extend(
            lowering
                .into_iter()
                .filter(|w| !select::left_out(&ir, &w.pointer)),
        );
    }
    if config.share_identical_types {
        let keep = emit::configured(&ir, config);
        select::share_identical(&mut ir, &keep);
    }
    if config.features_per_tag {
        select::features_per_tag(&mut ir);
    }
    phase("check", started.elapsed());
    let started = std::time::Instant::now();
    let code = emit::emit(&ir, config, origin)?;
    phase("emit", started.elapsed());
    let generated = Generated {
        code,
        warnings,
        models: ir.types.len(),
        operations: ir.operations.len(),
        features: std::mem::take(&mut ir.features.list),
        runtime_features: config.runtime_features(),
    };
    // Freeing the IR's millions of nodes takes a while, and nothing waits for it.
    drop_aside(ir);
    Ok(generated)
}

/// Drops `value` on a thread of its own (or here, when no thread can be started: `spawn`
/// then drops the closure, and the value with it).
fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("d360-codegen-drop".to_owned())
        .spawn(move || drop(value));
}
