//! A crate with one Cargo feature per tag, from a real document: the corpus's GitHub API
//! (767 operations under 31 tags) generates with `features_per_tag`, and builds without a
//! warning with one tag's feature alone, with no feature, and with `full` (the default).
//!
//! The crate goes to `target/features-check/crates/`, built with its own target directory
//! (`target/features-check/target`, `RUSTFLAGS=-D warnings`), so the runtime's dependencies
//! compile once. Each build's time is printed.

use d360_codegen::standalone::crate_files;
use d360_codegen::Config;
use d360_conformance::{corpus_file, workspace_runtime, write_crate_files};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const GITHUB: &str = "progenitor-api.github.com.json";

/// The tag built alone: a middle-sized one (39 operations).
const ONE_TAG: &str = "issues";

fn check_root() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|target| target.join("features-check"))
        .expect("target directory")
}

/// Generates the per-tag crate; returns its directory and the features it has.
fn write_crate(spec: &Path, root: &Path) -> (PathBuf, Vec<String>) {
    let text = std::fs::read(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let config = Config {
        features_per_tag: true,
        ..Config::default()
    };
    let generated = d360_codegen::generate(&text, &spec.display().to_string(), &config)
        .unwrap_or_else(|e| panic!("{e}"));
    let name = "github-per-tag";
    let dir = root.join("crates").join(name);
    let files = crate_files(&generated, name, GITHUB, &workspace_runtime());
    write_crate_files(&dir, files).unwrap_or_else(|e| panic!("{e}"));
    let features = generated.features.iter().map(|f| f.name.clone()).collect();
    (dir, features)
}

/// `cargo build` of the crate with `args`, every warning an error; returns how long it took.
fn build(dir: &Path, target: &Path, args: &[&str]) -> f64 {
    let started = Instant::now();
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--offline", "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo");
    let took = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown: Vec<&str> = stderr.lines().take(60).collect();
    assert!(
        output.status.success(),
        "cargo build {args:?} of {} failed:\n{}",
        dir.display(),
        shown.join("\n")
    );
    took
}

#[test]
fn github_per_tag_crate_builds_warning_free_with_one_tag_and_with_full() {
    let spec = corpus_file(GITHUB);
    let root = check_root();
    let started = Instant::now();
    let (dir, features) = write_crate(&spec, &root);
    eprintln!(
        "features: generated {} features in {:.1} s",
        features.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(features.len() >= 31, "{features:?}");
    assert!(features.iter().any(|f| f == ONE_TAG), "{features:?}");
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README.md");
    for feature in &features {
        assert!(readme.contains(&format!("| `{feature}` |")), "{feature}");
    }
    let target = root.join("target");
    for args in [
        &["--no-default-features", "--features", ONE_TAG][..],
        &["--no-default-features"][..],
        &[][..],
    ] {
        let took = build(&dir, &target, args);
        eprintln!("features: cargo build {args:?}: {took:.1} s");
    }
}
