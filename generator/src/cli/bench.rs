//! `d360-codegen bench [SPEC...] [--runs N]`: generation time (load → formatted output) and
//! peak memory per spec, for the performance figures. Run it from a release build:
//! `cargo run --release -p d360-codegen -- bench`.
//!
//! With no SPEC, it measures `spec/partners-v2.json` and every document in the corpus
//! directory (`$D360_CORPUS_DIR`, default `../shared/corpus`). Peak memory is the child
//! process's high-water mark (`VmHWM`), one child per spec, so specs do not inflate each other.

use super::{read, Failure, Outcome};
use crate::Config;
use lexopt::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub(super) fn run(mut parser: lexopt::Parser) -> Result<Outcome, Failure> {
    let mut specs: Vec<PathBuf> = Vec::new();
    let mut runs: Option<usize> = None;
    let mut one = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("runs") => runs = Some(parser.value()?.parse()?),
            // Internal: generate once and print the peak memory (used per spec by the parent).
            Long("one") => one = true,
            Value(v) => specs.push(v.into()),
            _ => return Err(arg.unexpected().into()),
        }
    }
    if one {
        let spec = specs
            .first()
            .ok_or_else(|| Failure("bench --one: missing SPEC".into()))?;
        generate_once(spec)?;
        println!("{}", super::peak_rss_kib().unwrap_or(0));
        return Ok(Outcome::Ok);
    }
    if specs.is_empty() {
        specs = default_specs()?;
    }
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build; measure with `cargo run --release -p d360-codegen -- bench`");
    }
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    for spec in &specs {
        match measure(spec, runs) {
            Ok(row) => rows.push(row),
            Err(Failure(message)) => failed.push(format!("{}: {message}", spec.display())),
        }
    }
    rows.sort_by_key(|r| r.bytes);
    println!(
        "{:<48} {:>10} {:>7} {:>5} {:>10} {:>10} {:>8} {:>10}",
        "spec", "bytes", "models", "ops", "median ms", "min ms", "MB/s", "peak MiB"
    );
    for r in &rows {
        println!(
            "{:<48} {:>10} {:>7} {:>5} {:>10.2} {:>10.2} {:>8.1} {:>10}",
            r.name,
            r.bytes,
            r.models,
            r.operations,
            ms(r.median),
            ms(r.min),
            r.bytes as f64 / 1e6 / r.median.as_secs_f64(),
            r.peak_kib
                .map_or("n/a".to_owned(), |k| format!("{:.1}", k as f64 / 1024.0)),
        );
    }
    if failed.is_empty() {
        Ok(Outcome::Ok)
    } else {
        Ok(Outcome::Found(format!(
            "{} specs did not generate:\n{}",
            failed.len(),
            failed.join("\n")
        )))
    }
}

struct Row {
    name: String,
    bytes: usize,
    models: usize,
    operations: usize,
    median: Duration,
    min: Duration,
    peak_kib: Option<u64>,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn default_specs() -> Result<Vec<PathBuf>, Failure> {
    let corpus = std::env::var_os("D360_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus"));
    let mut specs = vec![PathBuf::from("spec/partners-v2.json")];
    let entries = std::fs::read_dir(&corpus).map_err(|e| {
        Failure(format!(
            "error: cannot read the corpus at {}: {e} (set D360_CORPUS_DIR or name specs)",
            corpus.display()
        ))
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    found.sort();
    specs.extend(found);
    Ok(specs)
}

fn generate_once(spec: &Path) -> Result<crate::Generated, Failure> {
    let text = read(spec)?;
    crate::generate(&text, &spec.display().to_string(), &Config::default())
        .map_err(|e| Failure(e.to_string()))
}

fn measure(spec: &Path, runs: Option<usize>) -> Result<Row, Failure> {
    let text = read(spec)?;
    let origin = spec.display().to_string();
    // Warm up once (page cache, allocator), then time whole runs: load → formatted output.
    let generated =
        crate::generate(&text, &origin, &Config::default()).map_err(|e| Failure(e.to_string()))?;
    let mut times = Vec::new();
    let budget = Instant::now();
    let wanted = runs.unwrap_or(usize::MAX);
    while times.len() < wanted
        && (runs.is_some() || times.len() < 5 || budget.elapsed() < Duration::from_secs(2))
    {
        let started = Instant::now();
        let out = crate::generate(&text, &origin, &Config::default())
            .map_err(|e| Failure(e.to_string()))?;
        times.push(started.elapsed());
        drop(out);
        if times.len() >= 200 {
            break;
        }
    }
    times.sort();
    let peak_kib = child_peak(spec);
    Ok(Row {
        name: spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(origin),
        bytes: text.len(),
        models: generated.models,
        operations: generated.operations,
        median: times.get(times.len() / 2).copied().unwrap_or_default(),
        min: times.first().copied().unwrap_or_default(),
        peak_kib,
    })
}

/// Peak RSS of a child process that generates `spec` once.
fn child_peak(spec: &Path) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .args(["bench", "--one"])
        .arg(spec)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .ok()
        .filter(|&k| k > 0)
}
