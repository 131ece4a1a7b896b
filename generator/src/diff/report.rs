//! Rendering a [`Report`]: text for terminals, Markdown for a pull-request comment, JSON for
//! tools.

use super::{Bump, Change, Report};
use serde_json::json;
use std::fmt::Write;

const GROUPS: [(Bump, &str); 4] = [
    (
        Bump::Major,
        "breaks code written against the old client, or the old client on new responses",
    ),
    (
        Bump::Minor,
        "additions: existing code and old clients keep working",
    ),
    (Bump::Patch, "the generated code changes, its API does not"),
    (Bump::None, "the generated code is identical"),
];

fn summary(report: &Report) -> String {
    let counts: Vec<String> = GROUPS
        .iter()
        .filter_map(|(bump, _)| {
            let n = report.changes.iter().filter(|c| c.bump == *bump).count();
            (n > 0).then(|| format!("{n} {bump}"))
        })
        .collect();
    if counts.is_empty() {
        "no changes".to_owned()
    } else {
        counts.join(", ")
    }
}

fn group(report: &Report, bump: Bump) -> Vec<&Change> {
    report.changes.iter().filter(|c| c.bump == bump).collect()
}

fn location(change: &Change) -> &str {
    if change.pointer.is_empty() {
        "(document)"
    } else {
        &change.pointer
    }
}

pub(super) fn text(report: &Report) -> String {
    let mut out = format!("spec diff: {} bump ({})\n", report.bump, summary(report));
    for (bump, meaning) in GROUPS {
        let changes = group(report, bump);
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{bump} ({meaning}):");
        for c in changes {
            let _ = writeln!(out, "  {}  #{}  {}", c.id, location(c), c.message);
        }
    }
    out
}

/// Escapes what would break a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub(super) fn markdown(report: &Report) -> String {
    let mut out = format!(
        "### Spec diff: **{}** bump required\n\n{}.\n",
        report.bump,
        summary(report)
    );
    for (bump, meaning) in GROUPS {
        let changes = group(report, bump);
        if changes.is_empty() {
            continue;
        }
        let title = format!("{}{}", bump.name()[..1].to_uppercase(), &bump.name()[1..]);
        let _ = writeln!(out, "\n#### {title} ({})\n_{meaning}_\n", changes.len());
        out.push_str("| Rule | Where | What |\n|---|---|---|\n");
        for c in changes {
            let _ = writeln!(
                out,
                "| `{}` | `#{}` | {} |",
                c.id,
                cell(location(c)).replace('`', "'"),
                cell(&c.message)
            );
        }
    }
    out
}

pub(super) fn json(report: &Report) -> serde_json::Value {
    json!({
        "bump": report.bump.name(),
        "changes": report.changes.iter().map(|c| json!({
            "id": c.id,
            "bump": c.bump.name(),
            "pointer": c.pointer,
            "message": c.message,
        })).collect::<Vec<_>>(),
    })
}
