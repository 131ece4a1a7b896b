//! `d360-codegen generate SPEC --out DIR [--crate-name NAME] [--config FILE]
//! [--runtime-path PATH | --runtime-version VERSION] [--timings]`.
//!
//! `--timings` prints how long each stage took (read, normalize, parse, lower, check, emit,
//! write) to stderr.

use super::{read, Failure, Outcome};
use crate::standalone::{crate_files, crate_name_for, RuntimeSource};
use crate::Config;
use lexopt::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

pub(super) fn run(mut parser: lexopt::Parser) -> Result<Outcome, Failure> {
    let mut spec: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut crate_name: Option<String> = None;
    let mut config_file: Option<PathBuf> = None;
    let mut runtime = RuntimeSource::default_for_this_build();
    let mut timings = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("out") | Short('o') => out = Some(parser.value()?.into()),
            Long("crate-name") => crate_name = Some(parser.value()?.string()?),
            Long("config") => config_file = Some(parser.value()?.into()),
            Long("runtime-path") => runtime = RuntimeSource::Path(parser.value()?.string()?),
            Long("runtime-version") => runtime = RuntimeSource::Version(parser.value()?.string()?),
            Long("timings") => timings = true,
            Value(v) if spec.is_none() => spec = Some(v.into()),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let spec = spec.ok_or_else(|| {
        Failure("generate: missing SPEC (usage: d360-codegen generate SPEC --out DIR)".into())
    })?;
    let out = out.ok_or_else(|| Failure("generate: missing --out DIR".into()))?;
    let started = Instant::now();
    let config = match &config_file {
        Some(path) => Config::from_json(&read(path)?, &path.display().to_string())?,
        None => Config::default(),
    };
    let origin = spec.display().to_string();
    let mut phases: Vec<(&'static str, std::time::Duration)> = Vec::new();
    let generated = crate::generate_timed(&read(&spec)?, &origin, &config, &mut |name, took| {
        phases.push((name, took));
    })
    .map_err(|e| Failure(e.to_string()))?;
    let writing = Instant::now();
    let name = crate_name.unwrap_or_else(|| crate_name_for(&origin));
    let spec_name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| origin.clone());
    for (path, contents) in crate_files(&generated, &name, &spec_name, &runtime) {
        let target = out.join(path);
        crate::build::write_if_changed(&target, contents.as_bytes())
            .map_err(|e| Failure(format!("error: cannot write {}: {e}", target.display())))?;
    }
    phases.push(("write", writing.elapsed()));
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let peak = super::peak_rss_kib().map_or(String::new(), |kib| {
        format!(", peak {:.1} MiB", kib as f64 / 1024.0)
    });
    eprintln!(
        "generated {name}: {} models, {} operations, {} warnings in {:.1} ms{peak} -> {}",
        generated.models,
        generated.operations,
        generated.warnings.len(),
        started.elapsed().as_secs_f64() * 1000.0,
        out.display()
    );
    if timings {
        let shown: Vec<String> = phases
            .iter()
            .map(|(name, took)| format!("{name} {:.1} ms", took.as_secs_f64() * 1000.0))
            .collect();
        eprintln!("timings: {}", shown.join(", "));
    }
    Ok(Outcome::Ok)
}
