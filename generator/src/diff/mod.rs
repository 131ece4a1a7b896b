//! Spec-diff: what a new spec changes for the generated client's users, and the semver bump
//! that needs.
//!
//! ```text
//! read     bytes → a compact JSON tree (YAML through the generator's reader)
//! model    → Spec: operations, schemas ($refs to components by name), docs as hashes
//! compare  base × head → changes, each by a [`Rule`] with a fixed bump
//! refine   no API change but the documents differ: generate both, compare the code
//! report   text, Markdown or JSON
//! ```
//!
//! ```
//! let base = br#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
//! let head = br#"{"openapi": "3.0.3", "paths": {}, "info": {"version": "1", "title": "t"}}"#;
//! let config = d360_codegen::Config::default();
//! let report = d360_codegen::diff::diff(base, "base.json", head, "head.json", &config).unwrap();
//! assert_eq!(report.bump, d360_codegen::diff::Bump::None);
//! ```

mod compare;
mod fingerprint;
mod json;
mod model;
mod report;
mod rules;
mod scope;
pub mod version;

pub use model::Spec;
pub use rules::Rule;

use crate::config::Config;
use crate::diag::Errors;
use std::fmt;

/// The semver bump a change needs, from nothing to breaking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// The generated code is byte-identical.
    #[default]
    None,
    /// The generated code changes, its API does not (docs, how values are sent).
    Patch,
    /// The API only grows (operations, optional fields, enum values, deprecations).
    Minor,
    /// Code written against the old client can stop compiling, or the old client can fail
    /// on the new server's valid responses.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }

    /// Parses [`Bump::name`]'s output.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "none" => Self::None,
            "patch" => Self::Patch,
            "minor" => Self::Minor,
            "major" => Self::Major,
            _ => return None,
        })
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One change, as reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The rule's stable kebab-case id (`response-property-removed`); see [`Rule`].
    pub id: String,
    /// The bump it needs.
    pub bump: Bump,
    /// JSON pointer of the place in the new document (in the old one for removals).
    pub pointer: String,
    /// What changed and what it does to the client's users.
    pub message: String,
}

/// The result of a diff: every change, most severe first, and the bump they need together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The largest bump among the changes ([`Bump::None`] when there are none).
    pub bump: Bump,
    /// The changes, most severe first, then by pointer.
    pub changes: Vec<Change>,
}

impl Report {
    fn new(changes: Vec<Change>) -> Self {
        let bump = changes.iter().map(|c| c.bump).max().unwrap_or(Bump::None);
        Self { bump, changes }
    }

    /// The changes with id `id`.
    pub fn with_id<'r>(&'r self, id: &'r str) -> impl Iterator<Item = &'r Change> + 'r {
        self.changes.iter().filter(move |c| c.id == id)
    }

    /// One line per change, grouped by bump: for terminals.
    pub fn to_text(&self) -> String {
        report::text(self)
    }

    /// Grouped tables: for a pull-request comment.
    pub fn to_markdown(&self) -> String {
        report::markdown(self)
    }

    /// `{"bump": ..., "changes": [{"id", "bump", "pointer", "message"}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        report::json(self)
    }
}

/// Reads and models one document. JSON is read into a compact tree of its own (about twice
/// the text, where a `serde_json::Value` takes ten times), YAML through the generator's
/// reader; the tree is dropped once modeled: the model is all the diff keeps.
///
/// The model reads the document as written, not through the generator's normalization: it
/// understands the 3.0 and 3.1 spellings itself (`nullable` and `type: [T, "null"]`,
/// `const`, boolean schemas), and where key order decides something for the generator
/// (names on a collision, the media type among equals) it takes keys in sorted order, as
/// the loader gives them to the generator.
pub fn model(text: &[u8], origin: &str) -> Result<Spec, Errors> {
    model_owned(text.to_vec(), origin)
}

/// [`model`] of a text the caller gives up: the tree keeps it instead of a copy.
pub fn model_owned(text: Vec<u8>, origin: &str) -> Result<Spec, Errors> {
    let doc = json::Doc::read(text, origin)?;
    Spec::build_doc(&doc, origin)
}

/// Compares two modeled documents by the rules alone (no code generation).
///
/// When no rule sees a change but the documents differ (outside what the model holds: tags,
/// extensions, webhooks), the report says so with a `document-changed` patch, so that
/// "none" is only claimed for documents that are equal up to key order.
///
/// With a selection in `config` (its `select`), changes outside the selected operations and
/// the schemas they reach (in either document) are left out: they are not in that client.
pub fn compare(base: &Spec, head: &Spec, config: &Config) -> Report {
    compare_configs(base, head, config, config)
}

/// [`compare`] of documents whose clients are generated with different configurations: a
/// format switched to another Rust type (`"formats"`) is the type change it is for every
/// field with that format. The selection is `config`'s (the client being released).
pub fn compare_configs(base: &Spec, head: &Spec, base_config: &Config, config: &Config) -> Report {
    let mut changes = compare::compare_configs(base, head, base_config, config);
    // Whether a change (or a section of the document) at a pointer is in the client.
    let scopes = (!config.select.is_empty()).then(|| {
        (
            scope::Scope::of(base, &config.select),
            scope::Scope::of(head, &config.select),
        )
    });
    let in_client = |pointer: &str, section: bool| match &scopes {
        None => true,
        Some((a, b)) if section => {
            !scope::selectable(pointer) || a.touches(pointer) || b.touches(pointer)
        }
        Some((a, b)) => !scope::selectable(pointer) || a.contains(pointer) || b.contains(pointer),
    };
    changes.retain(|c| in_client(&c.pointer, false));
    if changes.is_empty() && base.sections != head.sections {
        let differing: Vec<&str> = base
            .sections
            .iter()
            .filter(|(k, v)| head.sections.get(*k) != Some(*v))
            .map(|(k, _)| k.as_str())
            .chain(
                head.sections
                    .keys()
                    .filter(|k| !base.sections.contains_key(*k))
                    .map(String::as_str),
            )
            .filter(|k| in_client(k, true))
            .collect();
        if differing.is_empty() {
            return Report::new(changes);
        }
        let shown: Vec<&str> = differing.iter().take(5).copied().collect();
        changes.push(Change {
            id: Rule::DocumentChanged.id(rules::Usage::default()),
            bump: Rule::DocumentChanged.bump(),
            pointer: shown.first().copied().unwrap_or("").to_owned(),
            message: format!(
                "the documents differ at {}{} in ways no rule covers (equivalent forms, tags, extensions)",
                shown.join(", "),
                if differing.len() > shown.len() {
                    format!(" and {} more", differing.len() - shown.len())
                } else {
                    String::new()
                }
            ),
        });
    }
    Report::new(changes)
}

/// Whether [`refine`] can change the verdict: no API-level change was found, the documents
/// are not equal, and no change already proves that the generated code differs (rendered
/// documentation and the default base URL are written into the code: either settles patch
/// without generating anything, which is what keeps a description-only diff of a large
/// document fast).
pub fn needs_codegen(report: &Report) -> bool {
    report.bump == Bump::Patch
        && !report.changes.iter().any(|c| {
            [Rule::DocsChanged, Rule::ServerUrlChanged]
                .iter()
                .any(|r| c.id == r.name())
        })
}

/// Settles patch against none by generating the client from both documents and comparing
/// the code: byte-identical code is `none` whatever the documents say. When the generator
/// cannot produce code for either document, the rules' verdict stands.
pub fn refine(report: &mut Report, base: (&[u8], &str), head: (&[u8], &str), config: &Config) {
    refine_configs(report, base, head, config, config);
}

/// [`refine`] with the base generated with `base_config` and the head with `config`.
pub fn refine_configs(
    report: &mut Report,
    base: (&[u8], &str),
    head: (&[u8], &str),
    base_config: &Config,
    config: &Config,
) {
    if !needs_codegen(report) {
        return;
    }
    let generate = |(text, origin): (&[u8], &str), config: &Config| {
        crate::generate(text, origin, config)
            .ok()
            .map(|g| g.code)
            .filter(|code| !code.is_empty())
    };
    let (Some(old), Some(new)) = (generate(base, base_config), generate(head, config)) else {
        return;
    };
    if old == new {
        for change in &mut report.changes {
            change.bump = Bump::None;
            change
                .message
                .push_str(" (the generated code is identical)");
        }
        report.bump = Bump::None;
        return;
    }
    let only_document = report
        .changes
        .iter()
        .all(|c| c.id == Rule::DocumentChanged.name());
    if only_document {
        let line = old
            .lines()
            .zip(new.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| old.lines().count().min(new.lines().count()))
            + 1;
        report.changes = vec![Change {
            id: Rule::GeneratedCodeChanged.name().to_owned(),
            bump: Rule::GeneratedCodeChanged.bump(),
            pointer: String::new(),
            message: format!(
                "the generated code differs (first at line {line}) although no API change was found"
            ),
        }];
    }
}

/// The whole diff of two documents given as bytes: model both, compare, refine.
///
/// Errors name the document and the JSON pointer (both documents' errors are reported).
pub fn diff(
    base: &[u8],
    base_origin: &str,
    head: &[u8],
    head_origin: &str,
    config: &Config,
) -> Result<Report, Errors> {
    let (old, new) = match (model(base, base_origin), model(head, head_origin)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(mut a), Err(b)) => {
            a.0.extend(b.0);
            return Err(a);
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let mut report = compare(&old, &new, config);
    refine(
        &mut report,
        (base, base_origin),
        (head, head_origin),
        config,
    );
    Ok(report)
}
