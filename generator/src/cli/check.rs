//! `d360-codegen check [--fix] [--root DIR]`: are the committed outputs fresh?
//!
//! Two outputs are committed so that a spec change is reviewable as a diff:
//! `spec/partners-v2.json` (the bundle of `spec/fragments/*.json`) and
//! `generated-client/partners_v2.rs` (what build.rs generates from it, byte for byte).
//! `check` regenerates both in memory and fails with a readable diff when either differs;
//! `--fix` writes them.

use super::{read, Failure, Outcome};
use crate::{bundle, Builder};
use lexopt::prelude::*;
use std::path::{Path, PathBuf};

/// Where the project keeps its inputs and committed outputs, relative to its root.
const FRAGMENTS: &str = "spec/fragments";
const BUNDLE: &str = "spec/partners-v2.json";
const CONFIG: &str = "spec/codegen.json";
const GENERATED: &str = "generated-client/partners_v2.rs";

pub(super) fn run(mut parser: lexopt::Parser) -> Result<Outcome, Failure> {
    let mut fix = false;
    let mut root = PathBuf::from(".");
    while let Some(arg) = parser.next()? {
        match arg {
            Long("fix") => fix = true,
            Long("root") => root = parser.value()?.into(),
            _ => return Err(arg.unexpected().into()),
        }
    }
    // The client is generated from the fresh bundle, so one `--fix` makes both fresh.
    let bundle = bundled(&root)?;
    let code = generated(&root, &bundle)?;
    let outputs = [(root.join(BUNDLE), bundle), (root.join(GENERATED), code)];
    let mut stale = Vec::new();
    for (path, fresh) in &outputs {
        let current = std::fs::read(path).unwrap_or_default();
        if current == fresh.as_bytes() {
            continue;
        }
        if fix {
            crate::build::write_if_changed(path, fresh.as_bytes())
                .map_err(|e| Failure(format!("error: cannot write {}: {e}", path.display())))?;
            eprintln!("updated {}", path.display());
        } else {
            let old = String::from_utf8_lossy(&current);
            stale.push(format!(
                "{} is stale:\n{}",
                path.display(),
                line_diff(&old, fresh, 40)
            ));
        }
    }
    if stale.is_empty() {
        if !fix {
            eprintln!("check: {BUNDLE} and {GENERATED} are fresh");
        }
        Ok(Outcome::Ok)
    } else {
        Ok(Outcome::Found(format!(
            "{}\nrun `d360-codegen check --fix` (or `cargo run -p d360-codegen -- check --fix`) and commit the result",
            stale.join("\n")
        )))
    }
}

/// The bundle of the fragments, sorted by file name.
fn bundled(root: &Path) -> Result<String, Failure> {
    let dir = root.join(FRAGMENTS);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Failure(format!("error: cannot read {}: {e}", dir.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    files.sort();
    let mut documents = Vec::new();
    for file in &files {
        let origin = file
            .strip_prefix(root)
            .unwrap_or(file)
            .display()
            .to_string();
        let value =
            crate::load::read_value(&read(file)?, &origin).map_err(|e| Failure(e.to_string()))?;
        documents.extend(bundle::documents(&origin, value));
    }
    let merged = bundle::bundle(&documents).map_err(|e| Failure(e.to_string()))?;
    Ok(bundle::to_pretty_json(&merged))
}

/// What build.rs generates from `bundle` (with the project's config file).
fn generated(root: &Path, bundle: &str) -> Result<String, Failure> {
    let config = Builder::new(root.join(BUNDLE))
        .config_file(root.join(CONFIG))
        .config()
        .map_err(|e| Failure(e.to_string()))?;
    crate::generate(bundle.as_bytes(), BUNDLE, &config)
        .map(|g| g.code)
        .map_err(|e| Failure(e.to_string()))
}

/// A short line diff: the differing middle after the common prefix and suffix, at most
/// `limit` lines.
fn line_diff(old: &str, new: &str, limit: usize) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let removed = &old[prefix..old.len() - suffix];
    let added = &new[prefix..new.len() - suffix];
    let mut out = vec![format!("@@ line {} @@", prefix + 1)];
    out.extend(removed.iter().map(|l| format!("-{l}")));
    out.extend(added.iter().map(|l| format!("+{l}")));
    let total = out.len();
    if total > limit {
        out.truncate(limit);
        out.push(format!("... ({} more lines)", total - limit));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::line_diff;

    #[test]
    fn diff_shows_changed_middle() {
        let d = line_diff("a\nb\nc\n", "a\nx\nc\n", 10);
        assert_eq!(d, "@@ line 2 @@\n-b\n+x");
    }
}
