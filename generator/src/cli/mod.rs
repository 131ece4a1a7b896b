//! The `d360-codegen` command line: argument parsing and exit codes. Each verb has its own
//! module; the work itself is done by the library.
//!
//! Exit status: 0 success, 1 a check found something (stale output, `diff --fail-on`),
//! 2 an input could not be read, parsed or generated.

mod bench;
mod bundle;
mod check;
mod diff;
mod generate;
mod sweep;

use std::ffi::OsString;
use std::process::ExitCode;

/// What a verb ends with.
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: the command ran and found a problem it was asked to fail on.
    Found(String),
}

/// A failure: exit 2 with the message.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Self(e.to_string())
    }
}

const USAGE: &str = "\
d360-codegen: OpenAPI 3.0/3.1 to Rust client generator

USAGE:
    d360-codegen bundle FRAGMENT... -o OUT
    d360-codegen generate SPEC --out DIR [--crate-name NAME] [--config FILE] [--timings]
                              [--include-tag|--include-operation|--include-path PATTERN]...
                              [--exclude-tag|--exclude-operation|--exclude-path PATTERN]...
                              [--untyped-expansions] [--features-per-tag]
                              [--share-identical-types]
    d360-codegen check [--fix] [--root DIR]
    d360-codegen diff BASE HEAD [--format text|markdown|json] [--fail-on major|minor|patch]
    d360-codegen bench [SPEC...] [--runs N]
    d360-codegen sweep DIR [--out DIR] [--jobs N] [--timeout SECS] [--sample N] [--check N]
                           [--expect FILE] [--report FILE]
    d360-codegen help

Exit status: 0 success, 1 a check failed, 2 an input could not be read or generated.";

/// Runs the CLI with the process arguments.
pub fn main() -> ExitCode {
    run(std::env::args_os().skip(1).collect())
}

/// Runs the CLI with `args` (without the program name).
pub fn run(args: Vec<OsString>) -> ExitCode {
    let mut args = args.into_iter();
    let verb = args
        .next()
        .and_then(|v| v.into_string().ok())
        .unwrap_or_default();
    let parser = lexopt::Parser::from_args(args);
    let result = match verb.as_str() {
        "bundle" => bundle::run(parser),
        "generate" => generate::run(parser),
        "check" => check::run(parser),
        "bench" => bench::run(parser),
        "diff" => diff::run(parser),
        "sweep" => sweep::run(parser),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(Outcome::Ok)
        }
        "" => Err(Failure(format!("no command given\n\n{USAGE}"))),
        other => Err(Failure(format!("unknown command `{other}`\n\n{USAGE}"))),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Found(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Err(Failure(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// Reads a file, naming it in the error.
pub(crate) fn read(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure(format!("error: cannot read {}: {e}", path.display())))
}

/// The CPU time this process (all its threads) has used so far, where the system reports
/// it (Linux: `/proc/self/stat`, in clock ticks of 10 ms).
pub(crate) fn cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(std::time::Duration::from_millis((user + system) * 10))
}

/// This process's peak resident memory (`VmHWM`), where the system reports it (Linux).
pub(crate) fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
