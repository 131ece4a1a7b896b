//! Spec prose → rustdoc that renders and passes `cargo doc` without warnings.
//!
//! Descriptions are Markdown written for other renderers: `[Deprecated]` reads as a broken
//! intra-doc link, bare URLs and HTML fragments warn, and fenced or indented code would run
//! as doctests. Everything is cleaned here.

use super::ast::Attr;
use crate::ir::Docs;

/// Doc attributes (and `#[deprecated]`) for an item: summary, description, example, then
/// `extra` lines (method and path, arguments, ...).
pub(super) fn item(docs: &Docs, extra: &[String]) -> Vec<Attr> {
    let mut lines: Vec<String> = Vec::new();
    let paragraph = |text: &str, lines: &mut Vec<String>| {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(clean(text));
    };
    if let Some(summary) = &docs.summary {
        paragraph(summary, &mut lines);
    }
    if let Some(description) = &docs.description {
        if docs.summary.as_deref().map(str::trim) != Some(description.trim()) {
            paragraph(description, &mut lines);
        }
    }
    if let Some(note) = &docs.deprecated {
        paragraph(&format!("**Deprecated**: {note}."), &mut lines);
    }
    if let Some(example) = &docs.example {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        if example.len() <= 80 && !example.contains('`') {
            lines.push(format!("Example: `{example}`"));
        } else {
            lines.push("Example:".to_owned());
            lines.push("```json".to_owned());
            lines.push(example.clone());
            lines.push("```".to_owned());
        }
    }
    for line in extra {
        if line.is_empty() && lines.last().is_none_or(String::is_empty) {
            continue;
        }
        lines.push(line.clone());
    }
    let mut attrs: Vec<Attr> = lines.iter().map(|l| Attr::doc(format!(" {l}"))).collect();
    if let Some(note) = &docs.deprecated {
        attrs.push(Attr::deprecated(note));
    }
    attrs
}

/// Cleans Markdown prose line by line.
///
/// A line that continues the paragraph or list item above it is joined to it: indentation is
/// dropped, so an unindented continuation of a list item would read as a lazy continuation
/// (which clippy rejects), and a link wrapped across lines would lose its brackets.
pub(crate) fn clean(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut joinable = false;
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            lines.push(if in_fence { "```" } else { "```text" }.to_owned());
            in_fence = !in_fence;
            joinable = false;
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
            continue;
        }
        match lines.last_mut() {
            Some(last) if joinable && !trimmed.is_empty() && !starts_block(trimmed) => {
                last.push(' ');
                last.push_str(trimmed);
            }
            _ => lines.push(trimmed.to_owned()),
        }
        joinable = !trimmed.is_empty() && !trimmed.starts_with(['#', '|']);
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    let mut in_fence = false;
    lines
        .into_iter()
        .map(|line| {
            if line.starts_with("```") {
                in_fence = !in_fence;
                line
            } else if in_fence {
                line
            } else {
                clean_line(&line)
            }
        })
        .collect()
}

/// Whether a line starts a Markdown block of its own (list item, heading, quote, table row,
/// HTML) rather than continuing a paragraph.
fn starts_block(line: &str) -> bool {
    let bullet =
        line.starts_with(['-', '*', '+']) && line.chars().nth(1).is_none_or(char::is_whitespace);
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let numbered = digits > 0 && line[digits..].starts_with(['.', ')']);
    bullet || numbered || line.starts_with(['#', '>', '|', '<'])
}

/// Cleans one prose line outside code fences; inline code spans are kept as they are.
fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (i, segment) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(segment);
        } else {
            out.push_str(&clean_prose(segment));
        }
    }
    if line.split('`').count() % 2 == 0 {
        // An unbalanced backtick would swallow the rest of the item's docs.
        out.push('`');
    }
    out
}

fn clean_prose(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '[' | ']' if !is_link_bracket(&chars, i) => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' if i == 0 => out.push('>'),
            '>' => out.push_str("&gt;"),
            'h' if starts_url(&chars, i) && !(i > 0 && matches!(chars[i - 1], '(' | '<')) => {
                let end = (i..chars.len())
                    .find(|&j| {
                        chars[j].is_whitespace() || matches!(chars[j], ')' | '"' | '\'' | '>' | '<')
                    })
                    .unwrap_or(chars.len());
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    trailing.insert(0, url.pop().unwrap_or_default());
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            '\\' => out.push_str("\\\\"),
            '*' | '_'
                if chars.get(i + 1).is_none_or(|n| n.is_whitespace())
                    && i > 0
                    && chars[i - 1].is_whitespace() =>
            {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Whether the bracket at `i` belongs to an inline Markdown link `[text](url)`.
fn is_link_bracket(chars: &[char], i: usize) -> bool {
    match chars[i] {
        '[' => {
            let close = chars[i..].iter().position(|&c| c == ']').map(|p| p + i);
            close.is_some_and(|j| chars.get(j + 1) == Some(&'('))
        }
        _ => chars.get(i + 1) == Some(&'(') && chars[..i].contains(&'['),
    }
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    rest.starts_with("https://") || rest.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn cleans_markdown_hazards() {
        let cases = [
            ("[Deprecated]", "\\[Deprecated\\]"),
            ("[Internal Field]", "\\[Internal Field\\]"),
            (
                "see [docs](https://x.io) now",
                "see [docs](https://x.io) now",
            ),
            ("go to https://x.io/a.", "go to <https://x.io/a>."),
            ("a <br> b", "a &lt;br&gt; b"),
            (
                "Values: [`ACTIVE`, `DRAFT`]",
                "Values: \\[`ACTIVE`, `DRAFT`\\]",
            ),
            ("    indented", "indented"),
            ("odd ` tick", "odd ` tick`"),
            ("back\\slash", "back\\\\slash"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), vec![want.to_owned()], "input {input:?}");
        }
    }

    #[test]
    fn wrapped_lines_join_their_paragraph_or_item() {
        assert_eq!(
            clean("*   This API has a limit. Use the [Git Trees\n    API](https://x.io/t).\n* next\nmore"),
            vec![
                "*   This API has a limit. Use the [Git Trees API](https://x.io/t).",
                "* next more",
            ]
        );
        assert_eq!(clean("a\n\nb\n# H\nc"), vec!["a", "", "b", "# H", "c"]);
        assert_eq!(clean("| a |\n| b |"), vec!["| a |", "| b |"]);
    }

    #[test]
    fn fences_become_text() {
        assert_eq!(
            clean("```\nfn x() {}\n```"),
            vec!["```text", "fn x() {}", "```"]
        );
        assert_eq!(clean("```js\nx\n"), vec!["```text", "x", "```"]);
    }
}
