//! `d360-codegen generate SPEC --out DIR [--crate-name NAME] [--config FILE]
//! [--runtime-path PATH | --runtime-version VERSION] [--timings]
//! [--include-tag P] [--include-operation P] [--include-path P]
//! [--exclude-tag P] [--exclude-operation P] [--exclude-path P] [--untyped-expansions]
//! [--features-per-tag] [--share-identical-types]`.
//!
//! The `--include-*` and `--exclude-*` flags (each may repeat) add entries to the config
//! file's `select` (see [`crate::config::selection`]): only the operations they select
//! and the types those reach are generated; `--untyped-expansions` (`"untyped_expansions":
//! true` in `select`) leaves out the types only expandable fields reach, keeping such an
//! expanded object as JSON, and gives expandable fields alike one shared union.
//! `--features-per-tag` (or `"features_per_tag": true` in the config) gates them behind one
//! Cargo feature per tag, plus `full`, the default, which enables all (see
//! [`crate::standalone`]). `--share-identical-types` (`"share_identical_types": true`)
//! gives the types that come out alike one definition, the others aliases of it.
//!
//! `--timings` prints how long each stage took (read, normalize, parse, lower, check, emit,
//! write) to stderr, with the CPU time the process used in it (all threads).

use super::{read, Failure, Outcome};
use crate::config::{Selection, Selector, SelectorKind};
use crate::standalone::{crate_file_pieces, crate_name_for, RuntimeSource};
use crate::Config;
use lexopt::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub(super) fn run(mut parser: lexopt::Parser) -> Result<Outcome, Failure> {
    let mut spec: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut crate_name: Option<String> = None;
    let mut config_file: Option<PathBuf> = None;
    let mut runtime = RuntimeSource::default_for_this_build();
    let mut timings = false;
    let mut flags = Selection::default();
    let mut features_per_tag = false;
    let mut share_identical_types = false;
    while let Some(arg) = parser.next()? {
        if let Some((side, kind)) = selection_flag(&arg) {
            let selector = Selector {
                kind,
                pattern: parser.value()?.string()?,
                origin: "command line".to_owned(),
                pointer: String::new(),
            };
            match side {
                Side::Include => flags.include.push(selector),
                Side::Exclude => flags.exclude.push(selector),
            }
            continue;
        }
        match arg {
            Long("features-per-tag") => features_per_tag = true,
            Long("share-identical-types") => share_identical_types = true,
            Long("untyped-expansions") => flags.untyped_expansions = Some(true),
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
    let mut config = match &config_file {
        Some(path) => Config::from_json(&read(path)?, &path.display().to_string())?,
        None => Config::default(),
    };
    config.select.extend(&flags);
    config.features_per_tag |= features_per_tag;
    config.share_identical_types |= share_identical_types;
    let origin = spec.display().to_string();
    // Each stage's wall time and the CPU time the process used in it (on a busy machine
    // the wall time says little).
    let mut phases: Vec<(&'static str, Duration, Option<Duration>)> = Vec::new();
    let mut cpu = super::cpu_time();
    let mut cpu_since = |now: Option<Duration>| {
        let used = now.zip(cpu).map(|(now, before)| now.saturating_sub(before));
        cpu = now;
        used
    };
    let text = read(&spec)?;
    let generated = crate::generate_timed(&text, &origin, &config, &mut |name, took| {
        phases.push((name, took, cpu_since(super::cpu_time())));
    })
    .map_err(|e| Failure(e.to_string()))?;
    let writing = Instant::now();
    let name = crate_name.unwrap_or_else(|| crate_name_for(&origin));
    let spec_name = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| origin.clone());
    for (path, pieces) in crate_file_pieces(&generated, &name, &spec_name, &runtime) {
        let target = out.join(path);
        let pieces: Vec<&[u8]> = pieces.iter().map(|p| p.as_bytes()).collect();
        crate::build::write_pieces_if_changed(&target, &pieces)
            .map_err(|e| Failure(format!("error: cannot write {}: {e}", target.display())))?;
    }
    phases.push(("write", writing.elapsed(), cpu_since(super::cpu_time())));
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
        let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
        let shown: Vec<String> = phases
            .iter()
            .map(|(name, took, cpu)| match cpu {
                Some(cpu) => format!("{name} {:.0} ms (cpu {:.0})", ms(took), ms(cpu)),
                None => format!("{name} {:.0} ms", ms(took)),
            })
            .collect();
        let total = super::cpu_time().map_or(String::new(), |cpu| {
            format!("; process cpu {:.0} ms", ms(&cpu))
        });
        eprintln!("timings: {}{total}", shown.join(", "));
    }
    Ok(Outcome::Ok)
}

enum Side {
    Include,
    Exclude,
}

/// `--include-tag` → (include, tag), and so on for each side and kind.
fn selection_flag(arg: &lexopt::Arg<'_>) -> Option<(Side, SelectorKind)> {
    let Long(flag) = arg else {
        return None;
    };
    let (side, kind) = flag.split_once('-')?;
    let side = match side {
        "include" => Side::Include,
        "exclude" => Side::Exclude,
        _ => return None,
    };
    let kind = match kind {
        "tag" => SelectorKind::Tag,
        "operation" => SelectorKind::Operation,
        "path" => SelectorKind::Path,
        _ => return None,
    };
    Some((side, kind))
}
