//! Whole-process benchmark of `d360-codegen diff`: wall time, CPU time and peak RSS, measured
//! with `/usr/bin/time -v` around the release binary.
//!
//! ```text
//! cargo bench -p d360-codegen --bench diff [-- RUNS]
//! ```
//!
//! Two workloads, each against a variant written to a temporary directory:
//!
//! - the bundled `spec/partners-v2.json` against a copy with a few changes
//!   (target: under 20 ms);
//! - `../shared/corpus/stripe-spec3-2022-04.json` against a copy with 20 changes scattered
//!   over its components (target: under 1 s, peak RSS under 10× the input size).
//!
//! A workload whose input is missing is skipped. The figures are printed with the targets;
//! the process exits 0 either way (a loaded machine is not a regression).

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One measured run.
#[derive(Clone, Copy, Debug, Default)]
struct Sample {
    wall_ms: f64,
    cpu_ms: f64,
    rss_kb: u64,
}

/// A name, the base document, how to make the head from it (returns the number of edits),
/// and the wall-time target in milliseconds.
type Workload = (&'static str, PathBuf, fn(&mut Value) -> usize, f64);

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(15);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_d360-codegen"));
    let dir = std::env::temp_dir().join(format!("d360-diff-bench-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return;
    }
    let workloads: [Workload; 2] = [
        (
            "partners-v2 vs variant",
            root.join("spec/partners-v2.json"),
            partners_variant,
            20.0,
        ),
        (
            "stripe-2022-04 vs 20 changes",
            root.join("../shared/corpus/stripe-spec3-2022-04.json"),
            scattered_variant,
            1000.0,
        ),
    ];
    println!("d360-codegen diff, whole process, {runs} runs each (median / max)");
    for (name, base, mutate, target_ms) in workloads {
        let Ok(text) = std::fs::read(&base) else {
            println!("{name}: {} not found, skipped", base.display());
            continue;
        };
        let Ok(mut doc) = serde_json::from_slice::<Value>(&text) else {
            println!("{name}: {} is not JSON, skipped", base.display());
            continue;
        };
        let changes = mutate(&mut doc);
        let head = dir.join(format!("{}.json", name.split(' ').next().unwrap_or("head")));
        if let Err(e) = std::fs::write(&head, doc.to_string()) {
            println!("{name}: cannot write {}: {e}", head.display());
            continue;
        }
        let found = reported_changes(&bin, &base, &head);
        let samples: Vec<Sample> = (0..runs)
            .filter_map(|_| measure(&bin, &base, &head))
            .collect();
        if samples.is_empty() {
            println!("{name}: no successful run");
            continue;
        }
        let input_kb = (text.len() as u64).div_ceil(1024);
        let median = |f: fn(&Sample) -> f64| {
            let mut v: Vec<f64> = samples.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            (v[v.len() / 2], v[v.len() - 1])
        };
        let (wall, wall_max) = median(|s| s.wall_ms);
        let (cpu, cpu_max) = median(|s| s.cpu_ms);
        let (rss, rss_max) = median(|s| s.rss_kb as f64);
        println!("\n{name}: {changes} edits, {found} changes reported, input {input_kb} KiB");
        println!(
            "  wall  {wall:8.1} ms / {wall_max:8.1} ms   target < {target_ms} ms: {}",
            verdict(wall < target_ms)
        );
        println!("  cpu   {cpu:8.1} ms / {cpu_max:8.1} ms   (user + sys, 10 ms resolution)");
        if rss > 0.0 {
            let ratio = rss / input_kb as f64;
            println!(
                "  rss   {:8.1} MiB / {:8.1} MiB  = {ratio:.1}x the input{}",
                rss / 1024.0,
                rss_max / 1024.0,
                if name.starts_with("stripe") {
                    format!(" (target < 10x: {})", verdict(ratio < 10.0))
                } else {
                    String::new()
                }
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

/// Runs the diff twice: directly, timed here (wall time with microsecond resolution,
/// process start and exit included), and under `/usr/bin/time -v` for the peak RSS and the
/// CPU time (10 ms resolution). Without `/usr/bin/time`, only the wall time is reported.
fn measure(bin: &Path, base: &Path, head: &Path) -> Option<Sample> {
    let start = Instant::now();
    let direct = Command::new(bin)
        .args(["diff", "--format", "json"])
        .args([base, head])
        .output()
        .ok()?;
    let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
    if !direct.status.success() {
        return None;
    }
    let mut sample = Sample {
        wall_ms,
        ..Sample::default()
    };
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return Some(sample);
    }
    let out = Command::new(time)
        .arg("-v")
        .arg(bin)
        .args(["diff", "--format", "json"])
        .args([base, head])
        .output()
        .ok()?;
    let report = String::from_utf8_lossy(&out.stderr);
    let field = |label: &str| {
        report.lines().find_map(|l| {
            l.trim()
                .strip_prefix(label)
                .map(str::trim)
                .map(str::to_owned)
        })
    };
    let seconds = |label: &str| {
        field(label)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    sample.cpu_ms = (seconds("User time (seconds):") + seconds("System time (seconds):")) * 1000.0;
    sample.rss_kb = field("Maximum resident set size (kbytes):")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some(sample)
}

fn reported_changes(bin: &Path, base: &Path, head: &Path) -> usize {
    Command::new(bin)
        .args(["diff", "--format", "json"])
        .args([base, head])
        .output()
        .ok()
        .and_then(|o| serde_json::from_slice::<Value>(&o.stdout).ok())
        .and_then(|v| v["changes"].as_array().map(Vec::len))
        .unwrap_or(0)
}

/// A few changes of different kinds to the bundled spec.
fn partners_variant(doc: &mut Value) -> usize {
    let mut edits = scatter(doc, 4);
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        paths.insert(
            "/api/v2/partners/{partner_id}/bench".into(),
            json!({"get": {"operationId": "bench_added", "responses": {"204": {"description": "none"}}}}),
        );
        edits += 1;
    }
    edits
}

/// 20 edits spread evenly over the components that have properties.
fn scattered_variant(doc: &mut Value) -> usize {
    scatter(doc, 20)
}

fn scatter(doc: &mut Value, count: usize) -> usize {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return 0;
    };
    let names: Vec<String> = schemas
        .iter()
        .filter(|(_, s)| {
            s.get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty())
        })
        .map(|(name, _)| name.clone())
        .collect();
    if names.is_empty() {
        return 0;
    }
    let step = (names.len() / count).max(1);
    let mut edits = 0;
    for (i, name) in names.iter().step_by(step).take(count).enumerate() {
        let Some(props) = schemas
            .get_mut(name)
            .and_then(|s| s.get_mut("properties"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let Some(first) = props.keys().next().cloned() else {
            continue;
        };
        match i % 5 {
            0 => {
                props.shift_remove(&first);
            }
            1 => {
                props.insert("bench_added".into(), json!({"type": "string"}));
            }
            2 => {
                props.insert(first, json!({"type": "integer"}));
            }
            3 => {
                if let Some(p) = props.get_mut(&first).and_then(Value::as_object_mut) {
                    p.insert("deprecated".into(), Value::Bool(true));
                }
            }
            _ => {
                if let Some(p) = props.get_mut(&first).and_then(Value::as_object_mut) {
                    p.insert(
                        "description".into(),
                        Value::from("changed by the benchmark"),
                    );
                }
            }
        }
        edits += 1;
    }
    edits
}
