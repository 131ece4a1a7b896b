//! `d360-codegen diff BASE HEAD`: what HEAD changes for the generated client's users.
//!
//! ```text
//! d360-codegen diff BASE HEAD [--format text|markdown|json] [--fail-on major|minor|patch]
//!     [--config CODEGEN_JSON] [--base-config CODEGEN_JSON] [--operation-name OPERATION_ID=METHOD]...
//!     [--released-version-file FILE [--manifest CARGO_TOML]]
//! ```
//!
//! The report goes to stdout. Exit status: 0 when the diff ran, whatever it found; 1 when
//! `--fail-on LEVEL` is given and the bump reaches LEVEL, or when `--released-version-file`
//! is given and the manifest's version (default `Cargo.toml`) does not carry the bump from
//! the released version; 2 when an input cannot be read or parsed.
//!
//! Method names matter (a renamed method is a breaking change): pass the generator's config
//! (`--config spec/codegen.json`) or the names one by one (`--operation-name`). A config
//! that selects operations (`select`) makes the diff one for that client: a change outside
//! the selected operations and the schemas they reach is `none` (see `diff::compare`). The
//! config's `formats` decide field types too: `--base-config` gives the base's own
//! configuration, so switching a format's Rust type is reported as the type change it is.

use super::{read, Failure, Outcome};
use crate::diff::{self, version, Bump};
use crate::Config;
use lexopt::prelude::*;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy)]
enum Format {
    Text,
    Markdown,
    Json,
}

struct Args {
    base: PathBuf,
    head: PathBuf,
    format: Format,
    fail_on: Option<Bump>,
    config: Config,
    /// The base's configuration, when it differs (`--base-config`).
    base_config: Option<Config>,
    released_version: Option<PathBuf>,
    manifest: Option<PathBuf>,
}

fn parse(mut parser: lexopt::Parser) -> Result<Args, Failure> {
    let mut files = Vec::new();
    let mut format = Format::Text;
    let mut fail_on = None;
    let mut config = Config::default();
    let mut base_config = None;
    let mut released_version = None;
    let mut manifest = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Value(file) => files.push(PathBuf::from(file)),
            Long("format") => {
                format = match parser.value()?.string()?.as_str() {
                    "text" => Format::Text,
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    other => {
                        return Err(Failure(format!(
                            "error: --format {other}: expected text, markdown or json"
                        )))
                    }
                }
            }
            Long("fail-on") => {
                let level = parser.value()?.string()?;
                fail_on = match Bump::parse(&level) {
                    Some(Bump::None) | None => {
                        return Err(Failure(format!(
                            "error: --fail-on {level}: expected major, minor or patch"
                        )))
                    }
                    bump => bump,
                };
            }
            Long("config") => {
                let path = PathBuf::from(parser.value()?);
                let loaded = Config::from_json(&read(&path)?, &path.display().to_string())?;
                config.merge(&loaded);
            }
            Long("base-config") => {
                let path = PathBuf::from(parser.value()?);
                base_config = Some(Config::from_json(
                    &read(&path)?,
                    &path.display().to_string(),
                )?);
            }
            Long("operation-name") => {
                let pair = parser.value()?.string()?;
                let Some((id, method)) = pair.split_once('=') else {
                    return Err(Failure(format!(
                        "error: --operation-name {pair}: expected OPERATION_ID=METHOD"
                    )));
                };
                config.operation_name(id, method);
            }
            Long("released-version-file") => released_version = Some(parser.value()?.into()),
            Long("manifest") => manifest = Some(parser.value()?.into()),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let [base, head]: [PathBuf; 2] = files.try_into().map_err(|_| {
        Failure("error: diff takes two documents: d360-codegen diff BASE HEAD".to_owned())
    })?;
    if manifest.is_some() && released_version.is_none() {
        return Err(Failure(
            "error: --manifest goes with --released-version-file".to_owned(),
        ));
    }
    Ok(Args {
        base,
        head,
        format,
        fail_on,
        config,
        base_config,
        released_version,
        manifest,
    })
}

pub(super) fn run(parser: lexopt::Parser) -> Result<Outcome, Failure> {
    let args = parse(parser)?;
    // As little in memory at a time as can be: each text and its tree are dropped once
    // modeled.
    let model = |path: &Path| -> Result<diff::Spec, Failure> {
        let origin = path.display().to_string();
        let spec = diff::model_owned(read(path)?, &origin)?;
        return_freed_memory();
        Ok(spec)
    };
    let (old, new) = match (model(&args.base), model(&args.head)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(a), Err(b)) => return Err(Failure(format!("{}\n{}", a.0, b.0))),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let base_config = args.base_config.as_ref().unwrap_or(&args.config);
    let mut report = diff::compare_configs(&old, &new, base_config, &args.config);
    drop((old, new));
    if diff::needs_codegen(&report) {
        let (base, head) = (read(&args.base)?, read(&args.head)?);
        diff::refine_configs(
            &mut report,
            (&base, &args.base.display().to_string()),
            (&head, &args.head.display().to_string()),
            base_config,
            &args.config,
        );
    }
    match args.format {
        Format::Text => print!("{}", report.to_text()),
        Format::Markdown => print!("{}", report.to_markdown()),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report.to_json()).unwrap_or_default()
        ),
    }
    let mut problems = Vec::new();
    if let Some(level) = args.fail_on {
        if report.bump >= level {
            problems.push(format!(
                "diff: the spec change needs a {} bump (--fail-on {level})",
                report.bump
            ));
        }
    }
    if let Some(released) = &args.released_version {
        let manifest = args
            .manifest
            .clone()
            .unwrap_or_else(|| PathBuf::from("Cargo.toml"));
        if let Err(problem) = check_version(released, &manifest, report.bump)? {
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        Ok(Outcome::Ok)
    } else {
        Ok(Outcome::Found(problems.join("\n")))
    }
}

/// Hands the memory of a document just modeled back to the system before the next one is
/// read. The CLI's allocator (mimalloc) keeps freed memory for a while (100 ms for large
/// blocks) in case it is asked again, and a second document slightly larger than the
/// first does not fit in the first's blocks: both would count in the peak.
fn return_freed_memory() {
    #[cfg(feature = "mimalloc")]
    // SAFETY: `mi_collect` takes no pointers; it only returns free pages to the system,
    // whichever allocator is the global one.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}

/// `Ok(Err(problem))` when the version does not carry the bump; `Err` when a file cannot be
/// read or understood (exit 2).
fn check_version(
    released: &Path,
    manifest: &Path,
    bump: Bump,
) -> Result<Result<(), String>, Failure> {
    let released_text = String::from_utf8_lossy(&read(released)?).into_owned();
    let released_version: version::Version = released_text
        .trim()
        .parse()
        .map_err(|e| Failure(format!("error: {}: {e}", released.display())))?;
    let manifest_text = String::from_utf8_lossy(&read(manifest)?).into_owned();
    let current: version::Version = version::manifest_version(&manifest_text)
        .and_then(|v| v.parse())
        .map_err(|e| Failure(format!("error: {}: {e}", manifest.display())))?;
    Ok(
        version::check(&released_version, &current, bump).map_err(|problem| {
            format!(
                "version check: {problem} (released version in {}, crate version in {})",
                released.display(),
                manifest.display()
            )
        }),
    )
}
