//! `d360-codegen sweep DIR [--out DIR] [--jobs N] [--timeout SECS] [--sample N]
//! [--check N] [--expect FILE] [--report FILE] [--config FILE]`: the generator against a
//! directory of OpenAPI documents (the APIs.guru directory in the conformance tier).
//!
//! `--config FILE` generates every document with that configuration (`generate --config`),
//! for instance with every typed format on (`conformance/all-formats.json`); it is read
//! first, so a bad one fails the sweep at once, naming its pointer.
//!
//! Every `.json`/`.yaml`/`.yml` file under DIR is generated as a standalone crate by a child
//! process of this same binary (`generate`), `--jobs` at a time, each with a time limit, so a
//! panic, a stack overflow or a hang in one document is a classified outcome, not the end of
//! the sweep. Documents of 16 MiB or more go first, each alone, so that their time and peak
//! memory are one generation's on the whole machine. Each document ends as one of:
//!
//! - `generated`: the crate was written;
//! - `refused`: exit status 2 with an error that names the JSON pointer;
//! - `panic`: any other failure of the child (a panic, an abort, a signal);
//! - `timeout`: still running after `--timeout` seconds (then killed).
//!
//! The sweep prints a summary and the slowest documents, and writes a JSON report
//! (`--report`). `--check N` then compiles a deterministic sample of N generated crates with
//! `cargo check` in one workspace (one shared target directory); any warning or error counts
//! as a failure. `--expect FILE` compares the outcomes with a checked-in list of documents
//! known to be refused (`{"refused": {"path": "reason", ...}}`): the sweep fails on a panic,
//! a time-out, a refusal that is not on the list, or a listed document that no longer fails
//! (so the list stays true).
//!
//! Exit status: 0 when every document met the expectations (or, without `--expect`, when
//! none panicked or timed out) and the checked sample is clean, 1 otherwise, 2 on bad usage.

use super::{Failure, Outcome};
use lexopt::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

struct Args {
    dir: PathBuf,
    out: PathBuf,
    jobs: usize,
    timeout: Duration,
    sample: Option<usize>,
    check: usize,
    expect: Option<PathBuf>,
    report: Option<PathBuf>,
    /// The generator configuration every document is generated with.
    config: Option<PathBuf>,
}

/// How one document ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Generated,
    Refused,
    Panic,
    Timeout,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Generated => "generated",
            Kind::Refused => "refused",
            Kind::Panic => "panic",
            Kind::Timeout => "timeout",
        }
    }
}

/// One document's result.
struct Outcome1 {
    /// Path relative to the swept directory, with `/` separators.
    path: String,
    kind: Kind,
    seconds: f64,
    /// The child's peak resident memory, when it reported it.
    peak_mib: Option<f64>,
    /// The error (refused, panic) or the summary line (generated).
    message: String,
    /// Where the crate was written.
    crate_dir: PathBuf,
}

fn parse(mut parser: lexopt::Parser) -> Result<Args, Failure> {
    let mut dir = None;
    let mut out = None;
    let mut jobs = None;
    let mut timeout = Duration::from_secs(60);
    let mut sample = None;
    let mut check = 0;
    let mut expect = None;
    let mut report = None;
    let mut config = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("out") | Short('o') => out = Some(PathBuf::from(parser.value()?)),
            Long("jobs") | Short('j') => jobs = Some(parser.value()?.parse::<usize>()?),
            Long("timeout") => timeout = Duration::from_secs_f64(parser.value()?.parse()?),
            Long("sample") => sample = Some(parser.value()?.parse()?),
            Long("check") => check = parser.value()?.parse()?,
            Long("expect") => expect = Some(PathBuf::from(parser.value()?)),
            Long("report") => report = Some(PathBuf::from(parser.value()?)),
            Long("config") => config = Some(PathBuf::from(parser.value()?)),
            Value(v) if dir.is_none() => dir = Some(PathBuf::from(v)),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let dir =
        dir.ok_or_else(|| Failure("sweep: missing DIR (usage: d360-codegen sweep DIR)".into()))?;
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let out = out.unwrap_or_else(|| std::env::temp_dir().join("d360-sweep"));
    Ok(Args {
        dir,
        out,
        jobs,
        timeout,
        sample,
        check,
        expect,
        report,
        config,
    })
}

pub(super) fn run(parser: lexopt::Parser) -> Result<Outcome, Failure> {
    let mut args = parse(parser)?;
    if let Some(path) = &args.config {
        // Read now: a bad configuration is one error, not a refusal of every document. The
        // children get its absolute path (they run wherever they like).
        crate::Config::from_json(&super::read(path)?, &path.display().to_string())?;
        args.config = Some(
            std::path::absolute(path)
                .map_err(|e| Failure(format!("error: cannot resolve {}: {e}", path.display())))?,
        );
    }
    let expected = match &args.expect {
        Some(path) => Some(read_expectations(path)?),
        None => None,
    };
    let mut documents = documents(&args.dir)?;
    if let Some(n) = args.sample {
        documents = sample(documents, n, |p| p.as_str());
        documents.sort();
    }
    if cfg!(debug_assertions) {
        eprintln!(
            "note: a debug build; timings are from `cargo run --release -p d360-codegen -- sweep`"
        );
    }
    let crates = args.out.join("crates");
    std::fs::create_dir_all(&crates)
        .map_err(|e| Failure(format!("error: cannot create {}: {e}", crates.display())))?;
    let started = Instant::now();
    let outcomes = generate_all(&args, &documents, &crates)?;
    let elapsed = started.elapsed();
    print_summary(&args.dir, &outcomes, elapsed);

    let mut problems = Vec::new();
    match &expected {
        Some(expected) => problems.extend(compare(&outcomes, expected, &documents)),
        None => problems.extend(
            outcomes
                .iter()
                .filter(|o| matches!(o.kind, Kind::Panic | Kind::Timeout))
                .map(|o| format!("{}: {}: {}", o.path, o.kind.name(), first_line(&o.message))),
        ),
    }

    let mut checked = Vec::new();
    if args.check > 0 {
        let generated: Vec<&Outcome1> = outcomes
            .iter()
            .filter(|o| o.kind == Kind::Generated)
            .collect();
        let chosen = sample(generated, args.check, |o| o.path.as_str());
        let check_started = Instant::now();
        checked = check_sample(&args.out, &chosen)?;
        let failed = checked.iter().filter(|(_, r)| r.is_err()).count();
        println!(
            "\ncargo check of {} generated crates: {} clean, {} with warnings or errors ({:.0} s)",
            checked.len(),
            checked.len() - failed,
            failed,
            check_started.elapsed().as_secs_f64()
        );
        for (path, result) in &checked {
            if let Err(diagnostics) = result {
                problems.push(format!("{path}: cargo check:\n{diagnostics}"));
            }
        }
    }

    if let Some(path) = &args.report {
        let report = report_json(&args, &outcomes, &checked, elapsed);
        let text = serde_json::to_string_pretty(&report).unwrap_or_default() + "\n";
        std::fs::write(path, text)
            .map_err(|e| Failure(format!("error: cannot write {}: {e}", path.display())))?;
        println!("report: {}", path.display());
    }

    // One line a test runner would print: documents (and checked crates) as expected or not.
    let failed = problems.len();
    println!(
        "sweep: {} passed, {failed} failed",
        (outcomes.len() + checked.len()).saturating_sub(failed)
    );
    if problems.is_empty() {
        Ok(Outcome::Ok)
    } else {
        Ok(Outcome::Found(format!(
            "sweep: {} problems:\n{}",
            problems.len(),
            problems.join("\n")
        )))
    }
}

/// Every OpenAPI document under `dir`, as sorted `/`-separated relative paths.
fn documents(dir: &Path) -> Result<Vec<String>, Failure> {
    fn walk(dir: &Path, root: &Path, found: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, root, found)?;
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            ) {
                if let Ok(relative) = path.strip_prefix(root) {
                    let parts: Vec<String> = relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    found.push(parts.join("/"));
                }
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found).map_err(|e| {
        Failure(format!(
            "error: cannot read the directory {}: {e}",
            dir.display()
        ))
    })?;
    if found.is_empty() {
        return Err(Failure(format!(
            "error: no .json or .yaml document under {}",
            dir.display()
        )));
    }
    found.sort();
    Ok(found)
}

/// A deterministic sample of `n` items: the ones whose key hashes lowest (FNV-1a), so the
/// sample is spread over the whole directory and stays the same from run to run.
fn sample<T>(items: Vec<T>, n: usize, key: impl Fn(&T) -> &str) -> Vec<T> {
    let mut keyed: Vec<(u64, T)> = items.into_iter().map(|t| (fnv1a(key(&t)), t)).collect();
    keyed.sort_by_key(|(h, _)| *h);
    keyed.into_iter().take(n).map(|(_, t)| t).collect()
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A crate name of its own per document: the relative path, made a crate name.
fn crate_name(path: &str, taken: &mut BTreeSet<String>) -> String {
    let base =
        crate::standalone::crate_name_for(&format!("{}.json", path.replace(['/', '.'], "-")));
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{}-{n}", base.trim_end_matches("-client")) + "-client";
        n += 1;
    }
    name
}

/// Documents of this many bytes or more are generated alone (see [`generate_all`]): today the
/// two Microsoft Graph documents of the APIs.guru directory (20 and 47 MB).
const ALONE_FROM: u64 = 16 << 20;

fn generate_all(
    args: &Args,
    documents: &[String],
    crates: &Path,
) -> Result<Vec<Outcome1>, Failure> {
    let exe = std::env::current_exe()
        .map_err(|e| Failure(format!("error: cannot find this program's path: {e}")))?;
    let mut taken = BTreeSet::new();
    let names: Vec<String> = documents
        .iter()
        .map(|d| crate_name(d, &mut taken))
        .collect();
    // The biggest documents go first, one at a time with nothing else generating, so that
    // their time and memory are what the machine gives one generation; the rest share the
    // jobs.
    let size = |path: &String| std::fs::metadata(args.dir.join(path)).map_or(0, |m| m.len());
    let (alone, shared): (Vec<usize>, Vec<usize>) =
        (0..documents.len()).partition(|&i| size(&documents[i]) >= ALONE_FROM);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Outcome1>> = Mutex::new(Vec::with_capacity(documents.len()));
    let total = documents.len();
    let started = Instant::now();
    let run = |i: usize| {
        let (Some(path), Some(name)) = (documents.get(i), names.get(i)) else {
            return;
        };
        let outcome = generate_one(&exe, args, path, name, crates);
        let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
        if finished % 250 == 0 || finished == total {
            eprintln!(
                "sweep: {finished}/{total} documents ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
        if let Ok(mut results) = results.lock() {
            results.push(outcome);
        }
    };
    for &i in &alone {
        run(i);
    }
    std::thread::scope(|scope| {
        for _ in 0..args.jobs.min(shared.len()) {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = shared.get(k) else {
                    break;
                };
                run(i);
            });
        }
    });
    let mut results = results
        .into_inner()
        .map_err(|_| Failure("error: a sweep worker failed".into()))?;
    results.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(results)
}

/// Generates one document in a child process, within the time limit.
fn generate_one(exe: &Path, args: &Args, path: &str, name: &str, crates: &Path) -> Outcome1 {
    let (dir, timeout) = (&args.dir, args.timeout);
    let crate_dir = crates.join(name);
    let started = Instant::now();
    let mut outcome = Outcome1 {
        path: path.to_owned(),
        kind: Kind::Panic,
        seconds: 0.0,
        peak_mib: None,
        message: String::new(),
        crate_dir: crate_dir.clone(),
    };
    let mut command = Command::new(exe);
    command
        .arg("generate")
        .arg(dir.join(path))
        .arg("--out")
        .arg(&crate_dir)
        .arg("--crate-name")
        .arg(name);
    if let Some(config) = &args.config {
        command.arg("--config").arg(config);
    }
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0")
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            outcome.message = format!("cannot start {}: {e}", exe.display());
            return outcome;
        }
    };
    // Read stderr on a thread of its own, so a chatty child never blocks on a full pipe.
    let reader = child.stderr.take().map(|mut stderr| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        })
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    outcome.seconds = started.elapsed().as_secs_f64();
    let stderr = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    match status {
        None => {
            outcome.kind = Kind::Timeout;
            outcome.message = format!("still running after {:.0} s", timeout.as_secs_f64());
        }
        Some(status) if status.success() => {
            outcome.kind = Kind::Generated;
            let summary = stderr
                .lines()
                .rfind(|l| l.starts_with("generated "))
                .unwrap_or("");
            outcome.peak_mib = summary
                .split("peak ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|mib| mib.parse().ok());
            outcome.message = summary.to_owned();
        }
        Some(status) if status.code() == Some(2) && !stderr.contains("panicked") => {
            outcome.kind = Kind::Refused;
            outcome.message = stderr.trim().to_owned();
        }
        Some(status) => {
            outcome.kind = Kind::Panic;
            let tail: Vec<&str> = stderr.lines().rev().take(6).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            outcome.message = format!("{status}: {}", tail.join("\n"));
        }
    }
    outcome
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

fn print_summary(dir: &Path, outcomes: &[Outcome1], elapsed: Duration) {
    let count = |kind| outcomes.iter().filter(|o| o.kind == kind).count();
    println!(
        "sweep of {} documents in {}: {:.0} s",
        outcomes.len(),
        dir.display(),
        elapsed.as_secs_f64()
    );
    for kind in [Kind::Generated, Kind::Refused, Kind::Panic, Kind::Timeout] {
        println!("  {:<10} {:>5}", kind.name(), count(kind));
    }
    let mut slowest: Vec<&Outcome1> = outcomes.iter().collect();
    slowest.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
    println!("slowest:");
    for o in slowest.iter().take(10) {
        let peak = o
            .peak_mib
            .map_or(String::new(), |p| format!(", peak {p:.0} MiB"));
        println!(
            "  {:>7.2} s  {} ({}{peak})",
            o.seconds,
            o.path,
            o.kind.name()
        );
    }
    let not_generated: Vec<&Outcome1> = outcomes
        .iter()
        .filter(|o| o.kind != Kind::Generated)
        .collect();
    if !not_generated.is_empty() {
        println!("not generated:");
        for o in not_generated {
            println!("  {} {}: {}", o.kind.name(), o.path, first_line(&o.message));
        }
    }
}

/// `{"refused": {"path": "reason"}}` from the checked-in list.
fn read_expectations(path: &Path) -> Result<BTreeMap<String, String>, Failure> {
    let text = super::read(path)?;
    let value: Value = serde_json::from_slice(&text)
        .map_err(|e| Failure(format!("error: {} is not JSON: {e}", path.display())))?;
    let refused = value
        .get("refused")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            Failure(format!(
                "error: {}#/refused: expected an object of document path to reason",
                path.display()
            ))
        })?;
    refused
        .iter()
        .map(|(doc, reason)| match reason.as_str() {
            Some(reason) if !reason.trim().is_empty() => Ok((doc.clone(), reason.to_owned())),
            _ => Err(Failure(format!(
                "error: {}#/refused/{}: expected the reason as a non-empty string",
                path.display(),
                doc.replace('~', "~0").replace('/', "~1")
            ))),
        })
        .collect()
}

/// What does not match the expectations, one line each.
fn compare(
    outcomes: &[Outcome1],
    expected: &BTreeMap<String, String>,
    swept: &[String],
) -> Vec<String> {
    let mut problems = Vec::new();
    for o in outcomes {
        let listed = expected.get(&o.path);
        match (o.kind, listed) {
            (Kind::Generated, None) => {}
            (Kind::Refused, Some(_)) => {}
            (Kind::Generated, Some(reason)) => problems.push(format!(
                "{}: generates now, but is listed as refused ({reason}): take it off the list",
                o.path
            )),
            (Kind::Refused, None) => problems.push(format!(
                "{}: refused, and not on the list: {}",
                o.path,
                first_line(&o.message)
            )),
            (kind, _) => problems.push(format!(
                "{}: {}: {}",
                o.path,
                kind.name(),
                first_line(&o.message)
            )),
        }
    }
    let swept: BTreeSet<&str> = swept.iter().map(String::as_str).collect();
    let whole = expected.keys().all(|k| swept.contains(k.as_str()));
    if !whole && swept.len() > expected.len() {
        // A full sweep must find every listed document; a sample may not contain them.
        for listed in expected.keys().filter(|k| !swept.contains(k.as_str())) {
            problems.push(format!(
                "{listed}: listed as refused, but not in the directory"
            ));
        }
    }
    problems
}

/// A checked crate: its document's path, and its diagnostics when it has any.
type Checked = (String, Result<(), String>);

/// `cargo check` of the chosen crates as members of one workspace; per crate, the
/// warnings and errors it got (rendered), or nothing.
fn check_sample(out: &Path, chosen: &[&Outcome1]) -> Result<Vec<Checked>, Failure> {
    let root = out.join("check");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root)
        .map_err(|e| Failure(format!("error: cannot create {}: {e}", root.display())))?;
    let mut members = Vec::new();
    let mut by_name = BTreeMap::new();
    for o in chosen {
        let Some(name) = o
            .crate_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
        else {
            continue;
        };
        let manifest = std::fs::read_to_string(o.crate_dir.join("Cargo.toml"))
            .map_err(|e| Failure(format!("error: {}: {e}", o.crate_dir.display())))?;
        // The generated crate is its own workspace; here it is a member of the check's.
        let manifest = manifest
            .strip_suffix(crate::standalone::OWN_WORKSPACE)
            .ok_or_else(|| {
                Failure(format!(
                    "error: {}/Cargo.toml does not end as a generated manifest does",
                    o.crate_dir.display()
                ))
            })?
            .to_owned();
        let dir = root.join(&name);
        std::fs::create_dir_all(dir.join("src"))
            .and_then(|()| std::fs::write(dir.join("Cargo.toml"), manifest))
            .and_then(|()| {
                std::fs::copy(o.crate_dir.join("src/lib.rs"), dir.join("src/lib.rs")).map(drop)
            })
            .map_err(|e| Failure(format!("error: cannot write {}: {e}", dir.display())))?;
        members.push(Value::from(name.clone()));
        by_name.insert(name, o.path.clone());
    }
    let workspace = format!(
        "[workspace]\nresolver = \"2\"\nmembers = {}\n",
        Value::Array(members)
    );
    std::fs::write(root.join("Cargo.toml"), workspace)
        .map_err(|e| Failure(format!("error: cannot write the check workspace: {e}")))?;
    // This checkout's lock file, where there is one: the versions its tests use.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    if lock.is_file() {
        let _ = std::fs::copy(&lock, root.join("Cargo.lock"));
    }
    let target = out.join("check-target");
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Failure(format!("error: cannot run cargo: {e}")))?;
    let mut diagnostics: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let level = message["message"]["level"].as_str().unwrap_or("");
        if !matches!(level, "warning" | "error") {
            continue;
        }
        let Some(name) = package_name(&message, &by_name) else {
            continue;
        };
        let rendered = message["message"]["rendered"]
            .as_str()
            .unwrap_or("")
            .trim_end();
        let list = diagnostics.entry(name).or_default();
        if list.len() < 5 {
            list.push(rendered.to_owned());
        }
    }
    let mut results = Vec::new();
    for (name, path) in by_name {
        let result = match diagnostics.remove(&name) {
            Some(found) => Err(found.join("\n")),
            None => Ok(()),
        };
        results.push((path, result));
    }
    if !output.status.success() && results.iter().all(|(_, r)| r.is_ok()) {
        return Err(Failure(format!(
            "error: cargo check failed ({}) without a diagnostic for a generated crate",
            output.status
        )));
    }
    Ok(results)
}

/// The member crate a compiler message belongs to (its manifest path names the folder).
fn package_name(message: &Value, members: &BTreeMap<String, String>) -> Option<String> {
    let manifest = message["manifest_path"].as_str()?;
    let folder = Path::new(manifest).parent()?.file_name()?.to_string_lossy();
    members
        .contains_key(folder.as_ref())
        .then(|| folder.into_owned())
}

fn report_json(
    args: &Args,
    outcomes: &[Outcome1],
    checked: &[Checked],
    elapsed: Duration,
) -> Value {
    let mut counts = Map::new();
    for kind in [Kind::Generated, Kind::Refused, Kind::Panic, Kind::Timeout] {
        counts.insert(
            kind.name().to_owned(),
            Value::from(outcomes.iter().filter(|o| o.kind == kind).count()),
        );
    }
    let documents: Vec<Value> = outcomes
        .iter()
        .map(|o| {
            json!({
                "path": o.path,
                "outcome": o.kind.name(),
                "seconds": (o.seconds * 1000.0).round() / 1000.0,
                "peak_mib": o.peak_mib,
                "message": if o.kind == Kind::Generated { Value::Null } else { Value::from(o.message.as_str()) },
            })
        })
        .collect();
    let checks: Vec<Value> = checked
        .iter()
        .map(|(path, result)| {
            json!({
                "path": path,
                "clean": result.is_ok(),
                "diagnostics": result.as_ref().err(),
            })
        })
        .collect();
    json!({
        "directory": args.dir.display().to_string(),
        "documents_total": outcomes.len(),
        "timeout_seconds": args.timeout.as_secs_f64(),
        "jobs": args.jobs,
        "seconds": (elapsed.as_secs_f64() * 10.0).round() / 10.0,
        "counts": counts,
        "check": {
            "crates": checks.len(),
            "clean": checked.iter().filter(|(_, r)| r.is_ok()).count(),
            "results": checks,
        },
        "documents": documents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_deterministic_and_spread() {
        let items: Vec<String> = (0..100).map(|i| format!("api/doc{i}.json")).collect();
        let a = sample(items.clone(), 10, |s| s.as_str());
        let mut reversed = items.clone();
        reversed.reverse();
        let b = sample(reversed, 10, |s| s.as_str());
        assert_eq!(a, b);
        assert_eq!(a.len(), 10);
        assert_ne!(a, items[..10].to_vec(), "not simply the first ten");
    }

    #[test]
    fn crate_names_are_unique_per_document() {
        let mut taken = BTreeSet::new();
        let a = crate_name("amazonaws.com/ce.json", &mut taken);
        let b = crate_name("amazonaws-com/ce.json", &mut taken);
        assert_eq!(a, "amazonaws-com-ce-json-client");
        assert_ne!(a, b);
    }
}
