//! `d360-codegen sweep --config FILE`: every document is generated with the configuration
//! (here every typed format on, `conformance/all-formats.json`), and the crates it writes
//! ask the runtime for the features the formats need. A bad configuration fails the sweep
//! at once, naming its pointer.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn sweep(dir: &Path, out: &Path, config: &Path) -> std::process::Output {
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
    let root = std::env::temp_dir().join(format!("d360-sweep-config-{}", std::process::id()));
    let specs = root.join("specs");
    std::fs::create_dir_all(&specs).expect("temp dir");
    std::fs::copy(
        repo().join("generator/tests/fixtures/formats.json"),
        specs.join("formats.json"),
    )
    .expect("copy fixture");
    let out = root.join("out");
    let config = repo().join("conformance/all-formats.json");
    let run = sweep(&specs, &out, &config);
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
    let run = sweep(&specs, &root.join("out2"), &bad);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("bad.json#/formats/uuid"), "{stderr}");
    assert!(!root.join("out2/crates").join("formats").exists());
    let _ = std::fs::remove_dir_all(&root);
}
