//! An independent check of the spec-diff's verdicts: for every spec pair of the diff's test
//! suite (`generator/tests/fixtures/diff/CASE/`), both clients are generated as standalone
//! crates and `cargo-semver-checks` compares their public Rust APIs. The diff's bump must
//! never be lower than the break the oracle finds.
//!
//! Where the diff says major and the oracle finds no major break, the diff's major changes
//! must all be by rules that say, in their doc comment and in [`Rule::api_checker_blind`],
//! why an API checker cannot see them (a break on the wire, or a signature change its lints
//! do not cover). Anything else is a bug in one of the two, and fails the test.
//!
//! Needs `cargo-semver-checks` (`cargo install --locked cargo-semver-checks`); the test
//! fails naming where it looked when it is not installed. The crates go to
//! `target/oracle/CASE/{base,head}` and share one target directory (`target/oracle/target`),
//! so the runtime's dependencies compile once. Run it alone with
//! `cargo test -p d360-conformance --features outside-data --test oracle -- --nocapture`.

use d360_codegen::diff::{self, Bump, Report, Rule};
use d360_codegen::standalone::crate_files;
use d360_codegen::Config;
use d360_conformance::{workspace, workspace_runtime, write_crate_files};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One spec pair of the diff's suite.
struct Case {
    name: String,
    base: PathBuf,
    head: PathBuf,
}

fn fixtures() -> PathBuf {
    workspace().join("generator/tests/fixtures/diff")
}

/// Every case directory with a `head.json`, sorted; the base is the case's own
/// `base.json` or the shared one.
fn cases() -> Vec<Case> {
    let dir = fixtures();
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("head.json").is_file())
        .map(|path| {
            let own = path.join("base.json");
            Case {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                base: if own.is_file() {
                    own
                } else {
                    dir.join("base.json")
                },
                head: path.join("head.json"),
            }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// `cargo-semver-checks`, from `PATH` or cargo's bin directory; panics naming both places
/// and the install command when it is not there.
fn semver_checks() -> PathBuf {
    let exe = format!("cargo-semver-checks{}", std::env::consts::EXE_SUFFIX);
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let mut places: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join(&exe)).collect())
        .unwrap_or_default();
    places.extend(cargo_home.map(|h| h.join("bin").join(&exe)));
    match places.iter().find(|p| p.is_file()) {
        Some(found) => found.clone(),
        None => panic!(
            "cargo-semver-checks is not installed: looked for {exe} in PATH and at {}; \
             install it with `cargo install --locked cargo-semver-checks` (scripts/conformance \
             does)",
            places
                .last()
                .map_or_else(|| "$CARGO_HOME/bin".to_owned(), |p| p.display().to_string())
        ),
    }
}

/// Generates `spec` as the crate `oracle-client` version 1.0.0 in `dir` (the same name and
/// version on both sides: the checker compares like with like, and 1.0 keeps 0.x rules out).
fn write_crate(spec: &Path, dir: &Path) -> Result<(), String> {
    let text = std::fs::read(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let origin = spec.display().to_string();
    let generated = d360_codegen::generate(&text, &origin, &Config::default())
        .map_err(|e| format!("generation failed:\n{e}"))?;
    let files = crate_files(
        &generated,
        "oracle-client",
        "spec.json",
        &workspace_runtime(),
    )
    .into_iter()
    .map(|(path, contents)| {
        let contents = if path == "Cargo.toml" {
            contents.replace("\nversion = \"0.1.0\"\n", "\nversion = \"1.0.0\"\n")
        } else {
            contents
        };
        (path, contents)
    })
    .collect();
    write_crate_files(dir, files)
}

/// What the oracle found: the bump its failed lints require, and their names.
struct Found {
    bump: Bump,
    lints: Vec<String>,
}

/// Runs the checker on one pair: `--release-type patch`, so that any lint that needs a
/// minor or major release fails and is listed.
fn check(tool: &Path, base: &Path, head: &Path, target: &Path) -> Result<Found, String> {
    let output = Command::new(tool)
        .args(["semver-checks", "check-release", "--release-type", "patch"])
        .arg("--baseline-root")
        .arg(base)
        .arg("--manifest-path")
        .arg(head.join("Cargo.toml"))
        .args(["--color", "never"])
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", tool.display()))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("Summary "))
        .map(str::to_owned);
    let bump = match summary.as_deref() {
        Some(s) if s.contains("requires new major version") => Bump::Major,
        Some(s) if s.contains("requires new minor version") => Bump::Minor,
        Some(s) if s.contains("no semver update required") => Bump::None,
        _ => {
            let tail: Vec<&str> = text.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            return Err(format!(
                "cargo-semver-checks gave no verdict (exit {:?}):\n{}",
                output.status.code(),
                tail.join("\n")
            ));
        }
    };
    let lints = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--- failure "))
        .map(|l| l.split(':').next().unwrap_or(l).trim().to_owned())
        .collect();
    Ok(Found { bump, lints })
}

fn ids(report: &Report) -> Vec<&str> {
    report.changes.iter().map(|c| c.id.as_str()).collect()
}

/// The rule of a reported id (`response-property-removed` → `PropertyRemoved`).
fn rule_of(id: &str) -> Option<Rule> {
    let bare = id
        .strip_prefix("request-")
        .or_else(|| id.strip_prefix("response-"))
        .unwrap_or(id);
    Rule::ALL
        .iter()
        .copied()
        .find(|r| r.name() == id || (r.directional() && r.name() == bare))
}

#[test]
fn the_diff_is_never_below_what_cargo_semver_checks_finds() {
    let tool = semver_checks();
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|target| target.join("oracle"))
        .expect("target directory");
    let target = root.join("target");
    let cases = cases();
    assert!(
        cases.len() >= 42,
        "only {} spec pairs under {}",
        cases.len(),
        fixtures().display()
    );
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut table = Vec::new();
    for case in &cases {
        let one = Instant::now();
        let report = diff::diff(
            &std::fs::read(&case.base).unwrap_or_default(),
            "base.json",
            &std::fs::read(&case.head).unwrap_or_default(),
            "head.json",
            &Config::default(),
        );
        let report = match report {
            Ok(report) => report,
            Err(e) => {
                failures.push(format!("{}: the diff failed: {e}", case.name));
                continue;
            }
        };
        let (base_dir, head_dir) = (
            root.join(&case.name).join("base"),
            root.join(&case.name).join("head"),
        );
        let found = write_crate(&case.base, &base_dir)
            .and_then(|()| write_crate(&case.head, &head_dir))
            .and_then(|()| check(&tool, &base_dir, &head_dir, &target));
        let found = match found {
            Ok(found) => found,
            Err(e) => {
                failures.push(format!("{}: {e}", case.name));
                continue;
            }
        };
        eprintln!(
            "oracle: {}: diff {} [{}], cargo-semver-checks {} [{}] in {:.1} s",
            case.name,
            report.bump,
            ids(&report).join(", "),
            found.bump,
            found.lints.join(", "),
            one.elapsed().as_secs_f64()
        );
        if found.bump > report.bump {
            failures.push(format!(
                "{}: cargo-semver-checks finds a {} break ({}) but the diff says {}:\n{}",
                case.name,
                found.bump,
                found.lints.join(", "),
                report.bump,
                report.to_text()
            ));
        }
        if report.bump == Bump::Major && found.bump < Bump::Major {
            let unexplained: Vec<&str> = report
                .changes
                .iter()
                .filter(|c| c.bump == Bump::Major)
                .map(|c| c.id.as_str())
                .filter(|id| !rule_of(id).is_some_and(Rule::api_checker_blind))
                .collect();
            if !unexplained.is_empty() {
                failures.push(format!(
                    "{}: the diff says major ({}) and cargo-semver-checks finds {}; those rules \
                     do not say why an API checker cannot see them (Rule::api_checker_blind): a \
                     bug in the diff or an undocumented blind spot",
                    case.name,
                    unexplained.join(", "),
                    found.bump
                ));
            }
        }
        table.push((case.name.clone(), report.bump, found.bump));
    }
    // The oracle cannot tell patch from none, nor see additions (they need no release of
    // their own under its lints): those count as agreeing.
    let agree = table
        .iter()
        .filter(|(_, d, o)| d == o || (*o == Bump::None && *d <= Bump::Minor))
        .count();
    let blind: Vec<&str> = table
        .iter()
        .filter(|(_, d, o)| *d == Bump::Major && *o < Bump::Major)
        .map(|(name, _, _)| name.as_str())
        .collect();
    eprintln!(
        "oracle: {} pairs in {:.0} s: {agree} agree; {} major where the checker is blind (a break on the wire or a type inside a signature: {}); {} failures",
        table.len(),
        started.elapsed().as_secs_f64(),
        blind.len(),
        blind.join(", "),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
