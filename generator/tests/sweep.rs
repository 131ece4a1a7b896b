//! `d360-codegen sweep` end to end on a small directory of our own: every outcome is
//! classified, the expectations list is enforced both ways, the report says what the
//! summary says, and `--config` reaches every generation.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// A fresh directory under the target dir (no temp-file crate needed).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Two documents that generate (one in a subfolder) and one that refers to nothing.
fn directory(root: &Path) -> PathBuf {
    let api = root.join("api");
    std::fs::create_dir_all(api.join("vendor")).expect("api dir");
    let ws = workspace();
    std::fs::copy(ws.join("spec/partners-v2.json"), api.join("partners.json")).expect("copy");
    std::fs::copy(
        ws.join("generator/tests/fixtures/refs.json"),
        api.join("vendor/refs.json"),
    )
    .expect("copy");
    std::fs::write(
        api.join("broken.json"),
        r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"A": {"$ref": "#/components/schemas/Missing"}}}}"##,
    )
    .expect("write");
    api
}

fn sweep(root: &Path, api: &Path, expect: &str) -> (std::process::Output, serde_json::Value) {
    let list = root.join("expect.json");
    std::fs::write(&list, expect).expect("write list");
    let report = root.join("report.json");
    let output = Command::new(env!("CARGO_BIN_EXE_d360-codegen"))
        .arg("sweep")
        .arg(api)
        .arg("--out")
        .arg(root.join("out"))
        .args(["--jobs", "2", "--timeout", "60", "--expect"])
        .arg(&list)
        .arg("--report")
        .arg(&report)
        .output()
        .expect("run sweep");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report written"))
            .expect("report is JSON");
    (output, report)
}

fn outcome<'a>(report: &'a serde_json::Value, path: &str) -> &'a str {
    report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["path"] == path)
        .and_then(|d| d["outcome"].as_str())
        .unwrap_or_else(|| panic!("{path} not in the report: {report}"))
}

#[test]
fn a_listed_refusal_passes_and_the_report_classifies_every_document() {
    let root = scratch("sweep-listed");
    let api = directory(&root);
    let (output, report) = sweep(
        &root,
        &api,
        r#"{"refused": {"broken.json": "refers to a schema that is not there"}}"#,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(report["documents_total"], 3);
    assert_eq!(report["counts"]["generated"], 2, "{report}");
    assert_eq!(report["counts"]["refused"], 1, "{report}");
    assert_eq!(report["counts"]["panic"], 0);
    assert_eq!(report["counts"]["timeout"], 0);
    assert_eq!(outcome(&report, "partners.json"), "generated");
    assert_eq!(outcome(&report, "vendor/refs.json"), "generated");
    assert_eq!(outcome(&report, "broken.json"), "refused");
    // The refusal names the pointer of the bad reference.
    let broken = report["documents"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["path"] == "broken.json"))
        .expect("broken.json");
    let message = broken["message"].as_str().expect("message");
    assert!(message.contains("#/components/schemas/A"), "{message}");
    // Each generated document is a crate on disk.
    let crates = std::fs::read_dir(root.join("out/crates"))
        .expect("crates dir")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .count();
    assert_eq!(crates, 2);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("generated      2") && stdout.contains("refused        1"),
        "{stdout}"
    );
}

#[test]
fn an_unlisted_refusal_and_a_stale_entry_both_fail() {
    let root = scratch("sweep-unlisted");
    let api = directory(&root);
    let (output, _) = sweep(
        &root,
        &api,
        r#"{"refused": {"vendor/refs.json": "listed, but it generates"}}"#,
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("broken.json: refused, and not on the list"),
        "{said}"
    );
    assert!(
        said.contains("vendor/refs.json: generates now, but is listed as refused"),
        "{said}"
    );
}

// `--config FILE`: every document is generated with the configuration (here every typed
// format on, `conformance/all-formats.json`), and the crates it writes ask the runtime for
// the features the formats need. A bad configuration fails the sweep at once, naming its
// pointer.

fn sweep_with_config(dir: &Path, out: &Path, config: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_d360-codegen"))
        .arg("sweep")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .arg("--jobs")
        .arg("1")
        .arg("--config")
        .arg(config)
        .output()
        .expect("the CLI runs")
}

#[test]
fn the_sweep_generates_with_the_config_it_is_given() {
    let root = scratch("sweep-config");
    let specs = root.join("specs");
    std::fs::create_dir_all(&specs).expect("specs dir");
    std::fs::copy(
        workspace().join("generator/tests/fixtures/formats.json"),
        specs.join("formats.json"),
    )
    .expect("copy fixture");
    let out = root.join("out");
    let config = workspace().join("conformance/all-formats.json");
    let run = sweep_with_config(&specs, &out, &config);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "{stderr}\n{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let crates = out.join("crates");
    let generated: Vec<PathBuf> = std::fs::read_dir(&crates)
        .expect("crates written")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(generated.len(), 1, "{generated:?}");
    let manifest = std::fs::read_to_string(generated[0].join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains(r#"features = ["base64", "jiff", "url", "uuid"]"#),
        "{manifest}"
    );
    let code = std::fs::read_to_string(generated[0].join("src/lib.rs")).expect("code");
    for typed in [
        "rt::Formatted<rt::uuid::Uuid>",
        "rt::Formatted<rt::jiff::Timestamp>",
        "rt::Formatted<rt::jiff::civil::Date>",
        "rt::Formatted<rt::url::Url>",
        "rt::Formatted<Vec<u8>>",
    ] {
        assert!(code.contains(typed), "missing {typed}");
    }

    // A bad configuration: refused before any document, with its pointer.
    let bad = root.join("bad.json");
    std::fs::write(&bad, r#"{"formats": {"uuid": "jiff"}}"#).expect("write");
    let run = sweep_with_config(&specs, &root.join("out2"), &bad);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("bad.json#/formats/uuid"), "{stderr}");
    assert!(!root.join("out2/crates").join("formats").exists());
}
