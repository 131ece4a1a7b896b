//! Every spec of the real-world corpus generates a client crate that compiles without a single
//! warning (clippy's included, when clippy is installed).
//!
//! The corpus is read from `../shared/corpus/` next to the project root, or from the directory
//! `D360_CORPUS_DIR` names; a missing directory fails the test with the path it looked at.
//! Each spec becomes a standalone crate under `target/corpus-check/crates/`, checked one
//! after another with one shared target directory (`target/corpus-check/target`), so the
//! runtime's dependencies compile once. The test fails listing every spec that did not
//! generate or did not check cleanly, with the diagnostics.

use d360_codegen::standalone::{crate_files, crate_name_for, RuntimeSource};
use d360_codegen::Config;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root")
}

fn corpus_dir() -> PathBuf {
    match std::env::var_os("D360_CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace().join("../shared/corpus"),
    }
}

/// The specs of the corpus, by file name.
fn specs(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| {
        panic!(
            "the OpenAPI corpus is missing: cannot read {} ({e}); put the corpus there or set \
             D360_CORPUS_DIR to its directory",
            dir.display()
        )
    });
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            )
        })
        .collect();
    specs.sort();
    assert!(
        !specs.is_empty(),
        "the OpenAPI corpus at {} holds no .json or .yaml file",
        dir.display()
    );
    specs
}

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
    let runtime = RuntimeSource::Path(workspace().join("runtime").display().to_string());
    let spec_name = spec.file_name().map(|n| n.to_string_lossy().into_owned());
    for (path, contents) in crate_files(
        &generated,
        &name,
        &spec_name.unwrap_or(name.clone()),
        &runtime,
    ) {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("mkdir: {e}"))?;
        }
        // Unchanged bytes keep their timestamp: cargo then has nothing to redo.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            std::fs::write(&path, contents).map_err(|e| format!("write: {e}"))?;
        }
    }
    // The workspace's lock file: the same dependency versions, and no registry look-up.
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| format!("copy Cargo.lock: {e}"))?;
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
    let specs = specs(&corpus);
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
