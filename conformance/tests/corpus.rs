//! Every spec of the real-world corpus generates a client crate that compiles without a single
//! warning (clippy's included, when clippy is installed).
//!
//! Also: every corpus document loads and parses, its quirks are warnings, YAML and JSON twins
//! load to the same value, and each document diffed against itself (and against itself with
//! every object's keys reversed) changes nothing: the diff reports no change and the
//! generated code is byte-identical.
//!
//! The corpus is read from `../shared/corpus/` next to the project root, or from the directory
//! `D360_CORPUS_DIR` names; a missing directory fails the test with the path it looked at.
//! Each spec becomes a standalone crate under `target/corpus-check/crates/`, checked one
//! after another with one shared target directory (`target/corpus-check/target`), so the
//! runtime's dependencies compile once. The test fails listing every spec that did not
//! generate or did not check cleanly, with the diagnostics.

use d360_codegen::diag::Diagnostic;
use d360_codegen::diag::Errors;
use d360_codegen::diff::{self, Bump, Report};
use d360_codegen::load::{self, Loaded};
use d360_codegen::parse;
use d360_codegen::standalone::{crate_files, crate_name_for};
use d360_codegen::Config;
use d360_conformance::{
    corpus_dir, corpus_documents, corpus_file, workspace_runtime, write_crate_files,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A crate name of its own for each file (`x.json` and `x.yaml` are twins).
fn crate_name(spec: &Path) -> String {
    let file = spec.file_name().map(|n| n.to_string_lossy().into_owned());
    crate_name_for(&file.unwrap_or_default().replace('.', "-"))
}

/// Where the crates and their shared target directory go.
fn check_root() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|target| target.join("corpus-check"))
        .expect("target directory")
}

/// Writes the generated crate; returns its directory.
fn write_crate(spec: &Path, root: &Path) -> Result<PathBuf, String> {
    let text = std::fs::read(spec).map_err(|e| format!("cannot read: {e}"))?;
    let origin = spec.display().to_string();
    let generated =
        std::panic::catch_unwind(|| d360_codegen::generate(&text, &origin, &Config::default()))
            .map_err(|_| "the generator panicked".to_owned())?
            .map_err(|e| format!("generation failed:\n{e}"))?;
    let name = crate_name(spec);
    let dir = root.join("crates").join(&name);
    let spec_name = spec.file_name().map(|n| n.to_string_lossy().into_owned());
    let files = crate_files(
        &generated,
        &name,
        &spec_name.unwrap_or(name.clone()),
        &workspace_runtime(),
    );
    write_crate_files(&dir, files)?;
    Ok(dir)
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn has_clippy() -> bool {
    cargo()
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `cargo clippy -- -D warnings` (or `cargo check` with `-D warnings`) in the crate.
fn check_crate(dir: &Path, target: &Path, clippy: bool) -> Result<(), String> {
    let mut command = cargo();
    if clippy {
        command.args(["clippy", "--offline", "--quiet", "--", "-D", "warnings"]);
    } else {
        command
            .args(["check", "--offline", "--quiet"])
            .env("RUSTFLAGS", "-D warnings");
    }
    let output = command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The first diagnostics say what is wrong; thousands of lines would bury them.
    let shown: Vec<&str> = stderr.lines().take(60).collect();
    Err(format!(
        "{} failed:\n{}",
        if clippy {
            "cargo clippy"
        } else {
            "cargo check"
        },
        shown.join("\n")
    ))
}

#[test]
fn every_corpus_spec_generates_a_client_that_checks_without_warnings() {
    let corpus = corpus_dir();
    let specs = corpus_documents();
    let root = check_root();
    let target = root.join("target");
    let clippy = has_clippy();
    let mut failures = Vec::new();
    let started = Instant::now();
    for spec in &specs {
        let file = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let one = Instant::now();
        let result = write_crate(spec, &root).and_then(|dir| check_crate(&dir, &target, clippy));
        let status = match &result {
            Ok(()) => "ok",
            Err(_) => "FAILED",
        };
        eprintln!(
            "corpus: {file}: {status} in {:.1} s",
            one.elapsed().as_secs_f64()
        );
        if let Err(reason) = result {
            failures.push(format!("{file}: {reason}"));
        }
    }
    eprintln!(
        "corpus: {} specs from {} in {:.1} s ({})",
        specs.len(),
        corpus.display(),
        started.elapsed().as_secs_f64(),
        if clippy {
            "cargo clippy"
        } else {
            "cargo check"
        }
    );
    assert!(
        failures.is_empty(),
        "{} of {} corpus specs failed:\n\n{}",
        failures.len(),
        specs.len(),
        failures.join("\n\n")
    );
}

fn assert_has(diagnostics: &[Diagnostic], pointer: &str, parts: &[&str]) {
    let found = diagnostics
        .iter()
        .any(|d| d.pointer == pointer && parts.iter().all(|p| d.message.contains(p)));
    assert!(
        found,
        "no diagnostic at {pointer:?} containing {parts:?}; got:\n{}",
        diagnostics
            .iter()
            .map(|d| format!("  {d}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every object's keys in reverse order (`properties` included), arrays as they are.
fn reverse_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .rev()
                .map(|(k, v)| (k.clone(), reverse_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(reverse_keys).collect()),
        other => other.clone(),
    }
}

fn load_file(path: &Path) -> Result<Loaded, Errors> {
    load::load(&read(path), &path.display().to_string())
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------
// load, parse and diff

#[test]
fn every_corpus_document_loads_and_parses() {
    let mut failures = Vec::new();
    let docs = corpus_documents();
    for path in &docs {
        match load_file(path) {
            Err(e) => failures.push(format!("load {}:\n{e}", path.display())),
            Ok(loaded) => {
                if let Err(e) = parse::parse(&loaded.value, &path.display().to_string()) {
                    failures.push(format!("parse {}:\n{e}", path.display()));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        docs.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_quirks_are_warnings() {
    let loaded = load_file(&corpus_file("meta-whatsapp-business-messaging-v23.0.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_has(
        &loaded.warnings,
        "/components/parameterGroups",
        &["not a standard component section"],
    );
    assert_has(
        &loaded.warnings,
        "/components/schemas/LocationMessage/allOf/1/properties/location/properties/latitude/example",
        &["not a string"],
    );
    // The 3.0 keyword in a 3.1 document.
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.pointer.ends_with("/nullable")),
        "{:?}",
        loaded.warnings
    );
    let loaded =
        load_file(&corpus_file("readme-schema-types-3.1.json")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("no `responses`")),
        "{:?}",
        loaded.warnings
    );
    let loaded =
        load_file(&corpus_file("webhook-example-3.1.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.value["paths"], json!({}));
}

#[test]
fn yaml_and_json_twins_load_to_equal_values() {
    let yaml = load_file(&corpus_file("meta-whatsapp-business-messaging-v23.0.yaml"));
    let json = load_file(&corpus_file("meta-whatsapp-business-messaging-v23.0.json"));
    let (yaml, json) = match (yaml, json) {
        (Ok(y), Ok(j)) => (y, j),
        (y, j) => panic!("{:?}\n{:?}", y.err(), j.err()),
    };
    assert!(yaml.value["paths"]
        .as_object()
        .is_some_and(|p| p.len() > 50));
    assert_eq!(yaml.value, json.value);
    let pointers = |w: &[Diagnostic]| w.iter().map(|d| d.pointer.clone()).collect::<Vec<_>>();
    assert_eq!(pointers(&yaml.warnings), pointers(&json.warnings));
}

/// `cargo test --release -p d360-conformance --features outside-data --test corpus -- --ignored --nocapture load_time`: the best of 10
/// runs of reading and of normalizing, each timed alone (the machine may be shared).
#[test]
#[ignore = "timing: run in release"]
fn load_time_of_the_largest_corpus_documents() {
    use std::time::Duration;
    for name in [
        "progenitor-api.github.com.json",
        "stripe-spec3-2022-04.json",
        "meta-whatsapp-business-messaging-v23.0.yaml",
    ] {
        let bytes = std::fs::read(corpus_file(name)).unwrap_or_default();
        let (mut read, mut normalize) = (Duration::MAX, Duration::MAX);
        for _ in 0..10 {
            let start = Instant::now();
            let value = load::read_document(&bytes, name);
            read = read.min(start.elapsed());
            let mut value = value.unwrap_or_else(|e| panic!("{e}"));
            let start = Instant::now();
            let result = load::normalize(&mut value, name, &mut Vec::new());
            normalize = normalize.min(start.elapsed());
            assert!(result.is_ok(), "{name}");
        }
        println!(
            "{name} ({} bytes): read {read:?} + normalize {normalize:?} = {:?}",
            bytes.len(),
            read + normalize
        );
    }
}

#[test]
fn corpus_documents_against_themselves_are_none() {
    // Every document, JSON or YAML, large or small: key order must never reach the API.
    let files = corpus_documents();
    let mut failures = Vec::new();
    for file in files {
        let text = read(&file);
        let origin = file.display().to_string();
        // A document the generator cannot read is an error, never a panic.
        let Ok(model) = diff::model(&text, &origin) else {
            continue;
        };
        let report = diff::compare(&model, &model, &Config::default());
        assert_eq!(report, Report::default(), "{origin}");
        drop(model);
        // The document as written (YAML read as JSON), every object's keys reversed.
        let Ok(raw) = load::read_document(&text, &origin) else {
            continue;
        };
        let reversed = reverse_keys(&raw).to_string();
        let report = diff::diff(
            &text,
            &origin,
            reversed.as_bytes(),
            &origin,
            &Config::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        if report.bump != Bump::None || report != Report::default() {
            failures.push(format!(
                "{origin}: key order alone is reported as a change: {}",
                report.to_text()
            ));
        }
        // Independently of the diff: the generated code is byte-identical.
        let config = Config::default();
        let old = d360_codegen::generate(&text, &origin, &config).map(|g| g.code);
        let new = d360_codegen::generate(reversed.as_bytes(), &origin, &config).map(|g| g.code);
        match (old, new) {
            (Ok(a), Ok(b)) if a == b => {}
            (Ok(a), Ok(b)) => {
                let line = a
                    .lines()
                    .zip(b.lines())
                    .position(|(x, y)| x != y)
                    .unwrap_or(0);
                failures.push(format!(
                    "{origin}: the generated code differs from line {}: {:?} / {:?}",
                    line + 1,
                    a.lines().nth(line),
                    b.lines().nth(line)
                ));
            }
            (Err(_), Err(_)) => {}
            (a, b) => failures.push(format!(
                "{origin}: generates {} as written and {} reversed",
                if a.is_ok() { "fine" } else { "nothing" },
                if b.is_ok() { "fine" } else { "nothing" },
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
