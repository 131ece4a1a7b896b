//! Build-time regeneration, end to end: a probe crate with a build script like the client's
//! is built with cargo against a copy of the Partners spec.
//!
//! - a no-op `cargo build` does not run the generator again and leaves its output alone;
//! - a property added to the spec is exposed by the next `cargo build`, nothing else touched;
//! - a broken spec fails the build with the file, the JSON pointer and the reason, no panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root")
}

struct Probe {
    dir: PathBuf,
    target: PathBuf,
}

impl Probe {
    fn new() -> Self {
        let ws = workspace();
        let dir = std::env::temp_dir().join(format!("d360-regen-probe-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).expect("mkdir");
        let manifest = format!(
            r#"[package]
name = "regen-probe"
version = "0.0.0"
edition = "2021"
publish = false

[features]
use-region = []

[dependencies]
# `url`: the Partners config types `format: url` fields as `url::Url`.
d360-runtime = {{ path = "{runtime}", features = ["url"] }}

[build-dependencies]
d360-codegen = {{ path = "{generator}", default-features = false }}

[workspace]
"#,
            runtime = ws.join("runtime").display(),
            generator = ws.join("generator").display(),
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
        std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock");
        std::fs::copy(ws.join("spec/partners-v2.json"), dir.join("spec.json")).expect("spec");
        std::fs::copy(ws.join("spec/codegen.json"), dir.join("codegen.json")).expect("config");
        std::fs::write(
            dir.join("build.rs"),
            "fn main() {\n    d360_codegen::Builder::new(\"spec.json\")\n        .config_file(\"codegen.json\")\n        .run_build_script(\"client.rs\");\n}\n",
        )
        .expect("build.rs");
        std::fs::write(
            dir.join("src/lib.rs"),
            "include!(concat!(env!(\"OUT_DIR\"), \"/client.rs\"));\n\n\
             #[cfg(feature = \"use-region\")]\n\
             pub fn region(partner: &types::PartnerOut) -> Option<&str> {\n    partner.region.as_deref()\n}\n",
        )
        .expect("lib.rs");
        // A target directory of its own, kept between runs: the first build compiles the
        // runtime's dependencies, later ones only the probe.
        let target = ws.join("target/regen-probe");
        Self { dir, target }
    }

    fn cargo(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("RUSTFLAGS")
            .output()
            .expect("run cargo")
    }

    fn generated(&self) -> Vec<PathBuf> {
        let build = self.target.join("debug/build");
        std::fs::read_dir(&build)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path().join("out/client.rs"))
                    .filter(|p| p.exists())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn newest(paths: &[PathBuf]) -> Option<(PathBuf, SystemTime)> {
    paths
        .iter()
        .filter_map(|p| Some((p.clone(), std::fs::metadata(p).ok()?.modified().ok()?)))
        .max_by_key(|(_, t)| *t)
}

#[test]
fn cargo_build_regenerates_when_and_only_when_the_spec_changes() {
    let probe = Probe::new();
    let first = probe.cargo(&["build"]);
    assert!(first.status.success(), "first build:\n{}", stderr(&first));
    let (generated, stamp) = newest(&probe.generated()).expect("the build script wrote client.rs");

    // No-op build: nothing runs again, the output file is not touched.
    let noop = probe.cargo(&["build", "-v"]);
    let log = stderr(&noop);
    assert!(noop.status.success(), "{log}");
    assert!(
        log.contains("Fresh regen-probe"),
        "the probe was rebuilt:\n{log}"
    );
    assert!(
        !log.contains("build-script-build`"),
        "the generator ran again:\n{log}"
    );
    assert_eq!(
        std::fs::metadata(&generated)
            .and_then(|m| m.modified())
            .ok(),
        Some(stamp)
    );

    // The field does not exist yet: code using it does not compile.
    let before = probe.cargo(&["build", "--features", "use-region"]);
    assert!(
        !before.status.success(),
        "`region` existed before the spec had it"
    );

    // Add a property to PartnerOut in the spec only.
    let spec_path = probe.dir.join("spec.json");
    let mut spec: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&spec_path).expect("spec")).expect("json");
    spec["components"]["schemas"]["PartnerOut"]["properties"]["region"] =
        serde_json::json!({"type": "string", "description": "Region of the partner"});
    std::fs::write(&spec_path, serde_json::to_vec_pretty(&spec).expect("json")).expect("write");
    let after = probe.cargo(&["build", "--features", "use-region"]);
    assert!(
        after.status.success(),
        "after the spec change:\n{}",
        stderr(&after)
    );
    let (generated, _) = newest(&probe.generated()).expect("client.rs");
    let code = std::fs::read_to_string(generated).expect("read");
    assert!(code.contains("/// Region of the partner"));

    // A broken spec: the build fails with the generator's message, not a backtrace.
    spec["components"]["schemas"]["PartnerOut"]["properties"]["region"] =
        serde_json::json!({"$ref": "#/components/schemas/Missing"});
    std::fs::write(&spec_path, serde_json::to_vec_pretty(&spec).expect("json")).expect("write");
    let broken = probe.cargo(&["build"]);
    let log = stderr(&broken);
    assert!(!broken.status.success(), "a broken spec built");
    assert!(
        log.contains("spec.json#/components/schemas/PartnerOut/properties/region"),
        "{log}"
    );
    assert!(log.contains("Missing"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
}
