//! `d360-codegen sweep` end to end on a small directory of our own: every outcome is
//! classified, the expectations list is enforced both ways, and the report says what the
//! summary says.

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
