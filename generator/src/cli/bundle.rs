//! `d360-codegen bundle FRAGMENT... -o OUT`: merges fragment files (each one OpenAPI
//! document, or an array of them) into one document, written only when its bytes change.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Failure, Outcome};
use crate::bundle::{bundle, documents, to_pretty_json};
use crate::diag::Errors;
use crate::load::read_value;

const USAGE: &str = "usage: d360-codegen bundle FRAGMENT... -o OUT";

pub(super) fn run(mut parser: lexopt::Parser) -> Result<Outcome, Failure> {
    use lexopt::Arg::{Long, Short, Value as Free};
    let mut fragments = Vec::new();
    let mut output = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Short('o') | Long("output") => output = Some(PathBuf::from(parser.value()?)),
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(Outcome::Ok);
            }
            Free(path) => fragments.push(PathBuf::from(path)),
            _ => return Err(Failure(format!("{}\n{USAGE}", arg.unexpected()))),
        }
    }
    let Some(output) = output else {
        return Err(Failure(format!("bundle: missing -o OUT\n{USAGE}")));
    };
    if fragments.is_empty() {
        return Err(Failure(format!("bundle: no FRAGMENT given\n{USAGE}")));
    }

    let docs = read_all(&fragments)?;
    let bundled = bundle(&docs).map_err(|e| fail(&e, &output))?;
    let text = to_pretty_json(&bundled);
    let changed = write_if_changed(&output, text.as_bytes())?;
    eprintln!(
        "bundled {} files ({} documents): {} -> {}{}",
        fragments.len(),
        docs.len(),
        counts(&bundled),
        output.display(),
        if changed { "" } else { " (unchanged)" },
    );
    Ok(Outcome::Ok)
}

/// Reads and splits every fragment file, reporting every unreadable one together.
fn read_all(paths: &[PathBuf]) -> Result<Vec<(String, Value)>, Failure> {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let origin = path.display().to_string();
        let parsed =
            super::read(path).and_then(|bytes| read_value(&bytes, &origin).map_err(Failure::from));
        match parsed {
            Ok(value) => docs.extend(documents(&origin, value)),
            Err(Failure(message)) => errors.push(message),
        }
    }
    if errors.is_empty() {
        Ok(docs)
    } else {
        Err(Failure(errors.join("\n")))
    }
}

fn fail(errors: &Errors, output: &Path) -> Failure {
    let n = errors.0.len();
    let s = if n == 1 { "" } else { "s" };
    Failure(format!(
        "{errors}\nbundle: {n} error{s}, {} not written",
        output.display()
    ))
}

/// Writes `bytes` to `path` unless the file already holds exactly them; says whether it wrote.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, Failure> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    std::fs::write(path, bytes)
        .map_err(|e| Failure(format!("error: cannot write {}: {e}", path.display())))?;
    Ok(true)
}

/// `3 paths, 5 operations, 12 schemas`.
fn counts(spec: &Value) -> String {
    use crate::openapi::METHODS;
    let paths = spec.get("paths").and_then(Value::as_object);
    let operations = paths
        .into_iter()
        .flat_map(|p| p.values())
        .map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
        .sum::<usize>();
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map_or(0, |s| s.len());
    let paths = paths.map_or(0, |p| p.len());
    format!("{paths} paths, {operations} operations, {schemas} schemas")
}
