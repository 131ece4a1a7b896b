//! Rendering a [`Report`]: text for terminals, Markdown for a pull-request comment, JSON for
//! tools.

use super::{Bump, Change, Report, Rule};
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

/// Changes of documentation only: one per operation or type, often hundreds between two
/// releases of a large API (a regenerated example, a versioned link), so the text and
/// Markdown reports list them apart, after the changes that say something about the API.
fn is_docs(change: &Change) -> bool {
    change.id == Rule::DocsChanged.name()
}

fn summary(report: &Report) -> String {
    let mut counts: Vec<String> = GROUPS
        .iter()
        .filter_map(|(bump, _)| {
            let n = report
                .changes
                .iter()
                .filter(|c| c.bump == *bump && !is_docs(c))
                .count();
            (n > 0).then(|| format!("{n} {bump}"))
        })
        .collect();
    let docs = report.changes.iter().filter(|c| is_docs(c)).count();
    if docs > 0 {
        counts.push(format!(
            "rendered documentation changed for {docs} operation(s) and type(s)"
        ));
    }
    if counts.is_empty() {
        "no changes".to_owned()
    } else {
        counts.join(", ")
    }
}

/// The changes of one level, documentation last.
fn group(report: &Report, bump: Bump) -> Vec<&Change> {
    let (docs, api): (Vec<&Change>, Vec<&Change>) = report
        .changes
        .iter()
        .filter(|c| c.bump == bump)
        .partition(|c| is_docs(c));
    api.into_iter().chain(docs).collect()
}

/// In text, documentation changes beyond this many are counted, not listed (JSON lists all).
const DOCS_SHOWN: usize = 10;

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
        let docs = changes.iter().filter(|c| is_docs(c)).count();
        for (i, c) in changes.iter().enumerate() {
            if is_docs(c) && i >= changes.len() - docs + DOCS_SHOWN {
                let _ = writeln!(
                    out,
                    "  {}  and {} more (--format json lists them)",
                    c.id,
                    changes.len() - i
                );
                break;
            }
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
        let (docs, api): (Vec<&Change>, Vec<&Change>) =
            changes.into_iter().partition(|c| is_docs(c));
        let table = |out: &mut String, rows: &[&Change]| {
            out.push_str("| Rule | Where | What |\n|---|---|---|\n");
            for c in rows {
                let _ = writeln!(
                    out,
                    "| `{}` | `#{}` | {} |",
                    c.id,
                    cell(location(c)).replace('`', "'"),
                    cell(&c.message)
                );
            }
        };
        if !api.is_empty() {
            table(&mut out, &api);
        }
        if !docs.is_empty() {
            if !api.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "<details><summary>Rendered documentation changed for {} operation(s) and type(s)</summary>\n",
                docs.len()
            );
            table(&mut out, &docs);
            out.push_str("\n</details>\n");
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
