//! The generator's output, compared with committed snapshots. The snapshots are compiled
//! under `#![deny(warnings, missing_docs)]` by the `d360-codegen-snapshots` crate and used
//! by its tests, so a change in output is reviewed as a diff and proven to compile.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test -p d360-codegen --test snapshots` rewrites them.

use d360_codegen::{Builder, Config};
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn assert_snapshot(path: &Path, fresh: &str) {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, fresh).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed != fresh {
        let first = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "{} differs from the generator's output from line {}:\n  committed: {:?}\n  generated: {:?}\n\
             review and run UPDATE_SNAPSHOTS=1 cargo test -p d360-codegen --test snapshots",
            path.display(),
            first + 1,
            committed.lines().nth(first),
            fresh.lines().nth(first),
        );
    }
}

#[test]
fn hostile_names_snapshot() {
    let root = workspace();
    let spec = root.join("generator/tests/fixtures/hostile.json");
    let text = std::fs::read(&spec).expect("fixture");
    let generated = d360_codegen::generate(&text, "hostile.json", &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_snapshot(
        &root.join("generator/snapshots/src/hostile.rs"),
        &generated.code,
    );
    // What the fixture is for: every hostile name became something else, deterministically.
    for expected in [
        "pub struct OptionModel",
        "pub struct ResultModel",
        "pub struct BoxModel",
        "pub struct ClientModel",
        "pub enum ErrorModel",
        "pub struct Self_",
        "pub r#type: String,",
        "pub self_: String,",
        "pub _123abc: i64",
        "pub foo_bar_2:",
        "pub _360dialog_trace_id:",
        "pub r#async: rt::Nullable<bool>",
        "pub additional_properties_2: rt::Object",
        "pub fn clone_2(",
        "pub parent: Option<Box<Node>>",
        "pub children: Option<Vec<Node>>",
        // Inside `types` prelude names are safe because no type may take them.
        "use ::d360_runtime::model as rt;",
    ] {
        assert!(generated.code.contains(expected), "missing `{expected}`");
    }
    assert_eq!(generated.warnings.len(), 2, "{:?}", generated.warnings);
}

/// Documents that are sloppy but clear generate, with a warning that names each place.
#[test]
fn sloppy_documents_snapshot() {
    let root = workspace();
    let text = std::fs::read(root.join("generator/tests/fixtures/sloppy.json")).expect("fixture");
    let generated = d360_codegen::generate(&text, "sloppy.json", &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_snapshot(
        &root.join("generator/snapshots/src/sloppy.rs"),
        &generated.code,
    );
    let warned = |pointer: &str, part: &str| {
        assert!(
            generated
                .warnings
                .iter()
                .any(|w| w.pointer == pointer && w.message.contains(part)),
            "no warning at {pointer} containing {part:?}: {:#?}",
            generated.warnings
        );
    };
    for key in [
        "/paths/~1search~1users?query={query}",
        "/paths/~1lists~1{list_id}~1export?filename={filename}",
        "/paths/~1rides?page={page}&per_page={per_page}",
        "/paths/~1numbers~1{country}?{search}=1",
    ] {
        warned(key, "query string");
    }
    warned(
        "/paths/~1rides?page={page}&per_page={per_page}",
        "`{per_page}` slot",
    );
    warned("/info/description", "the number `7`");
    warned(
        "/components/schemas/Users/properties/names/items/pattern",
        "\"0\"",
    );
    warned("/components/schemas/Users/description", "ignored");
    // What the requests look like is checked at run time (generator/snapshots/tests/sloppy.rs).
    assert!(generated
        .code
        .contains(r#"::std::format!("/numbers/{country}?{search}=1")"#));
}

/// Deprecated schemas used everywhere a type can be used: the snapshot crate compiles it under
/// `deny(warnings)`, so generated code that uses its own deprecated items never warns.
#[test]
fn deprecated_schemas_snapshot() {
    let root = workspace();
    let text =
        std::fs::read(root.join("generator/tests/fixtures/deprecated.json")).expect("fixture");
    let generated = d360_codegen::generate(&text, "deprecated.json", &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_snapshot(
        &root.join("generator/snapshots/src/deprecated.rs"),
        &generated.code,
    );
    for expected in [
        "pub enum OldMode",
        "pub struct Old ",
        "pub enum OldUnion",
        "pub type OldAlias",
    ] {
        assert!(generated.code.contains(expected), "missing `{expected}`");
    }
    assert!(generated.code.matches("#[deprecated(").count() >= 8);
}

/// A selection of operations (two tags of the selection fixture): the snapshot crate
/// compiles it under `deny(warnings)`; only what the operations reach is there.
#[test]
fn selected_operations_snapshot() {
    let root = workspace();
    let text = std::fs::read(root.join("generator/tests/fixtures/select.json")).expect("fixture");
    let mut config = Config::default();
    config
        .include(d360_codegen::config::SelectorKind::Tag, "pets")
        .include(d360_codegen::config::SelectorKind::Tag, "owners");
    let generated =
        d360_codegen::generate(&text, "select.json", &config).unwrap_or_else(|e| panic!("{e}"));
    assert_snapshot(
        &root.join("generator/snapshots/src/selected.rs"),
        &generated.code,
    );
    assert_eq!((generated.operations, generated.models), (4, 16));
    for absent in ["Orphan", "Stock", "Health", "struct Animal", "place_order"] {
        assert!(!generated.code.contains(absent), "{absent}");
    }
}

#[test]
fn references_snapshot() {
    let root = workspace();
    let text = std::fs::read(root.join("generator/tests/fixtures/refs.json")).expect("fixture");
    let generated = d360_codegen::generate(&text, "refs.json", &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_snapshot(
        &root.join("generator/snapshots/src/refs.rs"),
        &generated.code,
    );
    let again = d360_codegen::generate(&text, "refs.json", &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.code, again.code, "same spec, same bytes");
    let code = &generated.code;
    let count = |needle: &str| code.matches(needle).count();
    // A place a reference points to is one type, however it is reached: the reference may
    // come first (Snapshot precedes Volume) and the type is still named after its place.
    assert_eq!(count("pub enum VolumeRegion {"), 1);
    assert_eq!(count("pub region: Option<VolumeRegion>,"), 2);
    assert_eq!(count("pub currency: TransferAccountCurrency,"), 1);
    assert_eq!(count("pub currency: Option<TransferAccountCurrency>,"), 1);
    assert_eq!(count("pub from: Option<TransferAccount>,"), 1);
    assert_eq!(count("pub to: Option<TransferAccount>,"), 1);
    assert_eq!(count("pub detail: Option<CreatedDetail>,"), 2);
    assert_eq!(count("pub company: Option<CompanyId>,"), 1);
    assert_eq!(
        count("(ChannelFromPhone),"),
        2,
        "both unions hold the one branch type"
    );
    // Into another operation's response, percent-encoded, and its parts.
    assert_eq!(count("pub jobs: Option<Vec<GetJobResponse>>,"), 1);
    assert_eq!(count("pub paging: Option<GetJobResponsePaging>,"), 2);
    assert_eq!(count("pub state: Option<GetJobResponseState>,"), 2);
    // Responses and parameters of another operation, and a path item that is a reference.
    assert_eq!(count("Unauthorized(types::ListJobsUnauthorized),"), 3);
    assert_eq!(
        count("pub verbose: ::std::option::Option<types::ListJobsVerbose>,"),
        3
    );
    assert_eq!(count("::std::string::String::from(\"/v2/jobs\")"), 2);
    assert_eq!(
        count("struct ListJobs2"),
        1,
        "only the options: the path item's types are reused"
    );
    // The sloppy ones: a response named by its schema, a schema named by its response.
    assert_eq!(count("BadRequest(types::Problem),"), 2);
    assert_eq!(count("pub struct Created {"), 1);
    // Recursion through references: boxed, or a newtype for an array of itself.
    assert!(code.contains("pub next: Option<Box<FolderNext>>,"));
    assert!(code.contains(
        "pub struct FolderEntries(\n        /// The value.\n        pub Vec<FolderEntries>,"
    ));
    let warnings: Vec<(&str, &str)> = generated
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    let expected = [
        ("/paths/~1jobs/post/callbacks/onFail", "is the string \"#/components/callbacks/jobDone\"; read as a reference"),
        ("/paths/~1jobs/get/responses/400/$ref", "`#/components/schemas/Problem` names a schema, not a response; read as a response whose JSON body is that schema"),
        ("/paths/~1jobs/post/responses/201/content/application~1json/schema/$ref", "`#/components/responses/Created` names a response, not a schema; read as its schema, #/components/responses/Created/content/application~1json/schema"),
        ("/paths/~1v2~1jobs", "method name `list_jobs` is taken"),
        ("/paths/~1v2~1jobs", "method name `create_job` is taken"),
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for ((pointer, message), (want_pointer, want)) in warnings.iter().zip(expected) {
        assert_eq!(*pointer, want_pointer);
        assert!(message.contains(want), "{message}");
    }
}

#[test]
fn serde_renames_only_where_the_name_changed() {
    let text =
        std::fs::read(workspace().join("generator/tests/fixtures/hostile.json")).expect("fixture");
    let code = d360_codegen::generate(&text, "hostile.json", &Config::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .code;
    // The wire name is written once per direction, whatever the Rust name; `Debug` shows the
    // Rust name as `#[derive(Debug)]` would (without `r#`).
    assert!(code.contains(r#"_123abc: fields.required("123abc")?"#));
    assert!(code.contains(r#"visitor.required("_123abc", "123abc", &self._123abc)"#));
    assert!(code.contains(r#""_360dialog_trace_id","#));
    assert!(code.contains(r#""360dialog_trace_id","#));
    assert!(code.contains(r#"visitor.required("type", "type", &self.r#type)"#));
}

#[test]
fn partners_snapshot_is_what_build_rs_generates() {
    let root = workspace();
    let generated = Builder::new(root.join("spec/partners-v2.json"))
        .config_file(root.join("spec/codegen.json"))
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    // The one quirk of the published spec worth a warning: 3.0's `nullable` under a 3.1
    // header, reported once.
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    assert!(generated.warnings[0].message.contains("`nullable`"));
    assert_snapshot(
        &root.join("generated-client/partners_v2.rs"),
        &generated.code,
    );
}

#[test]
fn same_spec_same_bytes() {
    let root = workspace();
    let builder = Builder::new(root.join("spec/partners-v2.json"))
        .config_file(root.join("spec/codegen.json"));
    let a = builder.generate().expect("first");
    let b = builder.generate().expect("second");
    assert_eq!(a.code, b.code);
}

#[test]
fn check_verb_passes_on_the_committed_tree_and_fails_on_a_stale_copy() {
    let root = workspace();
    let bin = env!("CARGO_BIN_EXE_d360-codegen");
    let ok = Command::new(bin)
        .args(["check", "--root"])
        .arg(&root)
        .output()
        .expect("run check");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    // A copy whose fragment gained a property: both outputs are stale.
    let dir = std::env::temp_dir().join(format!("d360-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for file in [
        "spec/partners-v2.json",
        "spec/codegen.json",
        "generated-client/partners_v2.rs",
    ] {
        let to = dir.join(file);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(root.join(file), &to).expect("copy");
    }
    std::fs::create_dir_all(dir.join("spec/fragments")).expect("mkdir");
    for entry in std::fs::read_dir(root.join("spec/fragments")).expect("fragments") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let text = text.replace(
            r#""country": {"#,
            r#""region": {"type": "string", "description": "Region"}, "country": {"#,
        );
        std::fs::write(
            dir.join("spec/fragments")
                .join(path.file_name().expect("name")),
            text,
        )
        .expect("write");
    }
    let stale = Command::new(bin)
        .args(["check", "--root"])
        .arg(&dir)
        .output()
        .expect("run check");
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("spec/partners-v2.json is stale"),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with('+') && l.contains("\"region\"")),
        "{stderr}"
    );

    let fix = Command::new(bin)
        .args(["check", "--fix", "--root"])
        .arg(&dir)
        .output()
        .expect("run fix");
    assert!(
        fix.status.success(),
        "{}",
        String::from_utf8_lossy(&fix.stderr)
    );
    let regenerated =
        std::fs::read_to_string(dir.join("generated-client/partners_v2.rs")).expect("read");
    assert!(regenerated.contains("pub region: Option<String>,"));
    let again = Command::new(bin)
        .args(["check", "--root"])
        .arg(&dir)
        .output()
        .expect("run check");
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Typed formats, a replaced schema, added derives and attributes: the config's settings all
/// show in the code, and the snapshot crate compiles it (and its tests use it).
#[test]
fn formats_snapshot() {
    let root = workspace();
    let generated = formats_generated(&root);
    assert_snapshot(
        &root.join("generator/snapshots/src/formats.rs"),
        &generated.code,
    );
    for expected in [
        "pub id: rt::Formatted<rt::uuid::Uuid>,",
        "pub at: rt::Formatted<rt::jiff::Timestamp>,",
        "pub day: Option<rt::Formatted<rt::jiff::civil::Date>>,",
        "pub link: Option<rt::Formatted<rt::url::Url>>,",
        "pub callback: rt::Nullable<rt::Formatted<rt::url::Url>>,",
        "pub payload: Option<rt::Formatted<Vec<u8>>>,",
        "pub contact: Option<String>,",
        "pub price: Option<crate::money::Money>,",
        "#[derive(Eq, Hash)]",
        "#[doc(alias = \"happening\")]\n    #[non_exhaustive]\n    pub struct Event",
        "event_id: &::d360_runtime::model::Formatted<::d360_runtime::model::uuid::Uuid>,",
    ] {
        assert!(generated.code.contains(expected), "missing `{expected}`");
    }
    assert!(
        !generated.code.contains("pub struct Money"),
        "a replaced schema has no type"
    );
    assert_eq!(
        generated.runtime_features,
        ["base64", "jiff", "url", "uuid"]
    );
}

/// The same fixture with dates as chrono's types.
#[test]
fn formats_chrono_snapshot() {
    let root = workspace();
    let generated = Builder::new(root.join("generator/tests/fixtures/formats.json"))
        .config_file(root.join("generator/tests/fixtures/formats-chrono.json"))
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_snapshot(
        &root.join("generator/snapshots/src/formats_chrono.rs"),
        &generated.code,
    );
    for expected in [
        "pub at: rt::Formatted<rt::chrono::DateTime<rt::chrono::FixedOffset>>,",
        "pub day: Option<rt::Formatted<rt::chrono::NaiveDate>>,",
        "pub id: String,",
    ] {
        assert!(generated.code.contains(expected), "missing `{expected}`");
    }
    assert_eq!(generated.runtime_features, ["chrono"]);
    let (_, code) = generated.code.split_once('\n').expect("header line");
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("formats_chrono: {e}"));
    assert_eq!(
        prettyplease::unparse(&file),
        code,
        "differs from prettyplease"
    );
}

fn formats_generated(root: &Path) -> d360_codegen::Generated {
    Builder::new(root.join("generator/tests/fixtures/formats.json"))
        .config_file(root.join("generator/tests/fixtures/formats-codegen.json"))
        .generate()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The generator prints the code itself (no `syn`, no prettyplease at run time) and must
/// print what prettyplease prints: formatting its output again with prettyplease changes
/// nothing. The fixtures cover every template, long names that force line breaks, and
/// docs that need block comments or `#[doc]`, deprecated items (allows, `const _` blocks),
/// shared references, and `#[cfg(feature = ..)]` gates.
#[test]
fn output_is_what_prettyplease_prints() {
    let root = workspace();
    for fixture in [
        "spec/partners-v2.json",
        "generator/tests/fixtures/hostile.json",
        "generator/tests/fixtures/format_stress.json",
        "generator/tests/fixtures/lower/allof_mutual_copies.json",
        "generator/tests/fixtures/deprecated.json",
        "generator/tests/fixtures/refs.json",
        "generator/tests/fixtures/sloppy.json",
        // With a feature per tag: `#[cfg(..)]` on every item, long ones broken over lines.
        "generator/tests/fixtures/select.json",
    ] {
        let text = std::fs::read(root.join(fixture)).expect("fixture");
        let config = Config {
            features_per_tag: fixture.ends_with("select.json"),
            ..Config::default()
        };
        let generated =
            d360_codegen::generate(&text, fixture, &config).unwrap_or_else(|e| panic!("{e}"));
        // The first line is a plain comment, which `syn` does not keep.
        let (_, code) = generated.code.split_once('\n').expect("header line");
        let file = syn::parse_file(code).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        let formatted = prettyplease::unparse(&file);
        if formatted != code {
            let line = formatted
                .lines()
                .zip(code.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{fixture}: line {} differs from prettyplease:\n  prettyplease: {:?}\n  generated:    {:?}",
                line + 1,
                formatted.lines().nth(line),
                code.lines().nth(line)
            );
        }
    }
    // The configured fixture: typed formats, replaced types, added derives and attributes.
    let generated = formats_generated(&root);
    let (_, code) = generated.code.split_once('\n').expect("header line");
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("formats: {e}"));
    assert_eq!(
        prettyplease::unparse(&file),
        code,
        "formats: differs from prettyplease"
    );
}

/// `generate` writes the crate's `lib.rs` (header and code, written in pieces) as one text,
/// leaves it alone when it has not changed, and `--timings` names every stage.
#[test]
fn generate_writes_the_crate_and_reports_timings() {
    let root = workspace();
    let spec = root.join("generator/tests/fixtures/hostile.json");
    let out = std::env::temp_dir().join(format!("d360-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let run = || {
        let output = Command::new(env!("CARGO_BIN_EXE_d360-codegen"))
            .arg("generate")
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .arg("--timings")
            .output()
            .expect("run generate");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{stderr}");
        stderr
    };
    let stderr = run();
    let timings = stderr
        .lines()
        .find(|l| l.starts_with("timings: "))
        .unwrap_or_else(|| panic!("no timings in:\n{stderr}"));
    for stage in [
        "read",
        "normalize",
        "parse",
        "lower",
        "check",
        "emit",
        "write",
    ] {
        assert!(timings.contains(&format!("{stage} ")), "{timings}");
    }
    let text = std::fs::read(&spec).expect("fixture");
    let generated = d360_codegen::generate(&text, "hostile.json", &Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let lib = out.join("src/lib.rs");
    let written = std::fs::read_to_string(&lib).expect("lib.rs");
    assert_eq!(
        written,
        format!(
            "//! Client generated by d360-codegen from `hostile.json`.\n\n{}",
            generated.code
        )
    );
    let modified = || std::fs::metadata(&lib).and_then(|m| m.modified()).ok();
    let before = modified();
    run();
    assert_eq!(modified(), before, "an unchanged lib.rs was written again");
    let _ = std::fs::remove_dir_all(&out);
}
