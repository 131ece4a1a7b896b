//! What to generate: the `select`, `features_per_tag` and `share_identical_types` settings.
//!
//! ```json
//! {
//!   "select": {
//!     "include": {"tags": ["customers"], "operations": ["GetCharges"], "paths": ["GET /v1/charges/*"]},
//!     "exclude": {"operations": ["DeleteCustomersCustomer"]},
//!     "untyped_expansions": true
//!   },
//!   "features_per_tag": true,
//!   "share_identical_types": true
//! }
//! ```
//!
//! An operation is generated when an `include` entry matches it (every operation, when
//! there is none) and no `exclude` entry does; the types generated are exactly those the
//! generated operations reach (see [`crate::select`]). Each entry is a pattern in which `*`
//! stands for any run of characters (none included, `/` included); every other character
//! stands for itself, case-sensitively:
//!
//! - `tags`: matches an operation when one of its `tags` matches (`"repos"`, `"enterprise-*"`);
//! - `operations`: matches an operation whose `operationId` matches (`"GetCustomers*"`);
//! - `paths`: matches an operation whose path template (as the spec's `paths` key writes it,
//!   without a query string) matches (`"/v1/customers/{customer}"`, `"/v1/charges*"`); a
//!   leading HTTP method and a space restrict it to that method (`"GET /v1/charges"`,
//!   case-insensitive).
//!
//! An entry that matches no operation of the document is an error naming the entry (its
//! JSON pointer in the config file, `/select/include/tags/0`): it is a typo or a stale
//! entry, and silently generating less than asked would hide it.
//!
//! `untyped_expansions` (default `false`) is for documents with expandable fields, as
//! Stripe's: a field that holds an object's ID, or the object itself when a request asks to
//! expand it, is a union whose object alternatives the schema's `x-expansionResources`
//! lists. Such an alternative does not make its type reached; when nothing else reaches the
//! type, the alternative is left out and an expanded object is kept, as JSON, in the
//! union's catch-all variant (`Other`). Nothing is lost, and a client of a few operations
//! does not compile the hundreds of types its expandable fields lead to. An expansion whose
//! type a selected operation reaches otherwise stays typed. Expandable fields with the same
//! alternatives then share one union (`Expandable` for an ID or JSON,
//! `ExpandableCustomerOrDeletedCustomer` where those stay typed), and each field's type is
//! an alias of it under the name and docs it has without the setting: code that handles an
//! expandable customer is written once, and compiled once.
//!
//! `share_identical_types` (default `false`) gives the generated types that come out alike
//! one definition: open enums with the same values, unions with the same alternatives,
//! structs with the same fields (docs included). The first of them by name is the type; each
//! other keeps its name and docs as an alias of it. Stripe's document repeats inline enums
//! (eleven `setup_future_usage` enums of `none`, `off_session` and `on_session` in six
//! operations), and sharing them makes that client's build an eighth shorter (counted in
//! rustc's instructions). Two such names are one type only while their schemas are alike:
//! a spec in which one of them changes makes it a type of its own, which the spec-diff does
//! not count as a break. A deprecated type, and a type that `derives` or `attributes` name,
//! keeps its own definition.

use super::Config;
use crate::diag::{join, Errors};
use crate::ir::Operation;
use serde_json::Value;

/// What a [`Selector`] matches an operation by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SelectorKind {
    /// One of the operation's `tags`.
    Tag,
    /// The operation's `operationId`.
    Operation,
    /// The operation's path template, optionally with its method (`GET /v1/charges`).
    Path,
}

impl SelectorKind {
    /// Every kind, in the order the config file lists them.
    pub const ALL: [SelectorKind; 3] = [Self::Tag, Self::Operation, Self::Path];

    /// The key of the kind's list in the config file: `tags`, `operations`, `paths`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Tag => "tags",
            Self::Operation => "operations",
            Self::Path => "paths",
        }
    }

    /// What the pattern is matched against, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Self::Tag => "tag",
            Self::Operation => "operationId",
            Self::Path => "path",
        }
    }
}

/// One `include` or `exclude` entry: a pattern, and where it was written (errors name it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    /// What the pattern is matched against.
    pub kind: SelectorKind,
    /// The pattern: `*` stands for any run of characters (see the [module docs](self)).
    pub pattern: String,
    /// Where the entry was given: the config file's path, `command line`, or `Config` for
    /// entries set in code.
    pub origin: String,
    /// JSON pointer of the entry in its config file (`/select/include/tags/0`); empty for
    /// an entry given on the command line.
    pub pointer: String,
}

impl Selector {
    /// Whether the entry matches the operation.
    pub fn matches(&self, op: &Operation) -> bool {
        self.matches_route(Route {
            tags: &op.tags,
            operation_id: op.operation_id.as_deref(),
            method: &op.method,
            path: &op.path,
        })
    }

    /// Whether the entry matches an operation described by its parts.
    pub fn matches_route(&self, op: Route<'_>) -> bool {
        match self.kind {
            SelectorKind::Tag => op.tags.iter().any(|tag| glob(&self.pattern, tag)),
            SelectorKind::Operation => op.operation_id.is_some_and(|id| glob(&self.pattern, id)),
            SelectorKind::Path => match split_method(&self.pattern) {
                (Some(method), pattern) => {
                    method.eq_ignore_ascii_case(op.method) && glob(pattern, op.path)
                }
                (None, pattern) => glob(pattern, op.path),
            },
        }
    }
}

/// What selectors look at in an operation: for callers that have no IR
/// ([`crate::diff`] reads documents its own way).
#[derive(Clone, Copy, Debug)]
pub struct Route<'a> {
    /// Its `tags`.
    pub tags: &'a [String],
    /// Its `operationId`.
    pub operation_id: Option<&'a str>,
    /// Its HTTP method (any case).
    pub method: &'a str,
    /// Its path template.
    pub path: &'a str,
}

/// `GET /x` → (`GET`, `/x`); a pattern without a leading method word is all path.
fn split_method(pattern: &str) -> (Option<&str>, &str) {
    match pattern.split_once(' ') {
        Some((method, path))
            if !method.is_empty() && method.chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            (Some(method), path.trim_start())
        }
        _ => (None, pattern),
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters. Linear in
/// practice: on a mismatch only the last `*` is retried one character further.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Which operations to generate: see the [module docs](self).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Entries that add operations (none: every operation is included).
    pub include: Vec<Selector>,
    /// Entries that take operations out again.
    pub exclude: Vec<Selector>,
    /// Whether an expansion alternative is left untyped unless something else reaches its
    /// type (see the [module docs](self)); `None` where it is not set (then it does reach
    /// its type). A setting that comes later ([`extend`](Self::extend)) wins.
    pub untyped_expansions: Option<bool>,
}

impl Selection {
    /// Whether it leaves the document whole: no entry at all, and expansions typed.
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty() && !self.untyped()
    }

    /// Whether expansions are left untyped unless reached otherwise (not set: `false`).
    pub fn untyped(&self) -> bool {
        self.untyped_expansions.unwrap_or(false)
    }

    /// Whether the operation is selected.
    pub fn selects(&self, op: &Operation) -> bool {
        (self.include.is_empty() || self.include.iter().any(|s| s.matches(op)))
            && !self.exclude.iter().any(|s| s.matches(op))
    }

    /// Whether the operation described by `route` is selected.
    pub fn selects_route(&self, route: Route<'_>) -> bool {
        (self.include.is_empty() || self.include.iter().any(|s| s.matches_route(route)))
            && !self.exclude.iter().any(|s| s.matches_route(route))
    }

    /// Appends the entries of `other` (a config file's, then the command line's).
    pub fn extend(&mut self, other: &Selection) {
        self.include.extend(other.include.iter().cloned());
        self.exclude.extend(other.exclude.iter().cloned());
        self.untyped_expansions = other.untyped_expansions.or(self.untyped_expansions);
    }
}

impl Config {
    /// Generates the operations `pattern` matches (by tag, operationId or path; see
    /// [`selection`](crate::config::selection)) and the types they reach.
    ///
    /// ```
    /// use d360_codegen::config::SelectorKind;
    /// let mut config = d360_codegen::Config::default();
    /// config
    ///     .include(SelectorKind::Operation, "GetCustomers")
    ///     .include(SelectorKind::Path, "GET /v1/charges/*");
    /// ```
    pub fn include(&mut self, kind: SelectorKind, pattern: &str) -> &mut Self {
        let selector = in_code(&self.select.include, "include", kind, pattern);
        self.select.include.push(selector);
        self
    }

    /// Leaves out the operations `pattern` matches, even when an include matches them.
    ///
    /// ```
    /// use d360_codegen::config::SelectorKind;
    /// let mut config = d360_codegen::Config::default();
    /// config.exclude(SelectorKind::Tag, "enterprise-*");
    /// ```
    pub fn exclude(&mut self, kind: SelectorKind, pattern: &str) -> &mut Self {
        let selector = in_code(&self.select.exclude, "exclude", kind, pattern);
        self.select.exclude.push(selector);
        self
    }

    /// Leaves an expandable field's expanded objects untyped (kept as JSON in its union's
    /// `Other`) unless the selected operations reach their types otherwise (see the
    /// [`selection`](crate::config::selection) docs).
    ///
    /// ```
    /// use d360_codegen::config::SelectorKind;
    /// let mut config = d360_codegen::Config::default();
    /// config
    ///     .include(SelectorKind::Operation, "GetCustomers")
    ///     .untyped_expansions(true);
    /// ```
    pub fn untyped_expansions(&mut self, on: bool) -> &mut Self {
        self.select.untyped_expansions = Some(on);
        self
    }
}

/// The origin of entries set in code.
const IN_CODE: &str = "Config";

/// An entry set in code, pointed to as its place among those set in code.
fn in_code(list: &[Selector], side: &str, kind: SelectorKind, pattern: &str) -> Selector {
    let index = list
        .iter()
        .filter(|s| s.kind == kind && s.origin == IN_CODE)
        .count();
    Selector {
        kind,
        pattern: pattern.to_owned(),
        origin: IN_CODE.to_owned(),
        pointer: format!("/select/{side}/{}/{index}", kind.key()),
    }
}

/// The settings this module reads, for [`Config::from_json`].
pub(super) const KEYS: [&str; 3] = ["select", "features_per_tag", "share_identical_types"];

/// Reads the setting `key` (one of [`KEYS`]) of a config file into `config`.
pub(super) fn read(
    config: &mut Config,
    key: &str,
    value: &Value,
    origin: &str,
    errors: &mut Errors,
) {
    let pointer = join("", key);
    match key {
        "features_per_tag" => match value.as_bool() {
            Some(on) => config.features_per_tag = on,
            None => errors.push(origin, &pointer, "expected `true` or `false`"),
        },
        "share_identical_types" => match value.as_bool() {
            Some(on) => config.share_identical_types = on,
            None => errors.push(origin, &pointer, "expected `true` or `false`"),
        },
        _ => read_select(&mut config.select, value, origin, &pointer, errors),
    }
}

/// `{"include": {...}, "exclude": {...}}`.
fn read_select(select: &mut Selection, value: &Value, origin: &str, at: &str, errors: &mut Errors) {
    let Some(object) = value.as_object() else {
        return errors.push(
            origin,
            at,
            "expected an object with `include`, `exclude` and/or `untyped_expansions`",
        );
    };
    for (side, lists) in object {
        let pointer = join(at, side);
        let target = match side.as_str() {
            "include" => &mut select.include,
            "exclude" => &mut select.exclude,
            "untyped_expansions" => {
                match lists.as_bool() {
                    Some(on) => select.untyped_expansions = Some(on),
                    None => errors.push(origin, &pointer, "expected `true` or `false`"),
                }
                continue;
            }
            "$comment" => continue,
            other => {
                errors.push(
                    origin,
                    &pointer,
                    format!(
                        "unknown key `{other}`: expected `include`, `exclude` or \
                         `untyped_expansions`"
                    ),
                );
                continue;
            }
        };
        read_lists(target, lists, origin, &pointer, errors);
    }
}

/// `{"tags": [...], "operations": [...], "paths": [...]}`.
fn read_lists(out: &mut Vec<Selector>, value: &Value, origin: &str, at: &str, errors: &mut Errors) {
    let Some(object) = value.as_object() else {
        return errors.push(
            origin,
            at,
            "expected an object with `tags`, `operations` and/or `paths`",
        );
    };
    for (key, list) in object {
        let pointer = join(at, key);
        let Some(kind) = SelectorKind::ALL.into_iter().find(|k| k.key() == key) else {
            errors.push(
                origin,
                &pointer,
                format!("unknown key `{key}`: expected `tags`, `operations` or `paths`"),
            );
            continue;
        };
        let Some(items) = list.as_array() else {
            errors.push(origin, &pointer, "expected a list of patterns (strings)");
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let pointer = join(&pointer, &i.to_string());
            match item.as_str() {
                Some(pattern) if !pattern.trim().is_empty() => out.push(Selector {
                    kind,
                    pattern: pattern.to_owned(),
                    origin: origin.to_owned(),
                    pointer,
                }),
                Some(_) => errors.push(origin, &pointer, "expected a pattern, not an empty string"),
                None => errors.push(origin, &pointer, "expected a pattern (string)"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn a_star_stands_for_any_run_of_characters() {
        let cases = [
            ("/v1/charges", "/v1/charges", true),
            ("/v1/charges", "/v1/charges/x", false),
            ("/v1/charges*", "/v1/charges/{charge}/refunds", true),
            ("/v1/*/refunds", "/v1/charges/{charge}/refunds", true),
            ("/v1/*/refunds", "/v1/charges/{charge}/refunds/x", false),
            ("*", "", true),
            ("", "", true),
            ("", "a", false),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("**a", "bba", true),
            ("Get*", "get_x", false),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(glob(pattern, text), expected, "{pattern} ~ {text}");
        }
    }
}
