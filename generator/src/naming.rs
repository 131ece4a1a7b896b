//! Names in one place: every Rust identifier the generator emits is made here.
//!
//! Spec names can be anything: `360dialog_trace_id`, `_MetaSchemaError`, `type`, `self`,
//! `Option`, `123abc`, `x-rate-limit`, or empty. These functions turn them into valid,
//! readable identifiers, and report whether the result differs from the wire name.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Rust keywords (2015-2024 editions, strict and reserved) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers either (`r#self` is invalid).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names that generated code refers to unqualified inside `types`, and names from the
/// prelude that would confuse readers. Generated code uses fully qualified paths, so these
/// are legal, but a model named `Option` is renamed to keep user code readable.
const RESERVED_TYPES: &[&str] = &[
    "Client", "Error", "Result", "Option", "Box", "Vec", "String", "Into", "From", "Default",
];

/// Reduces a spec name to word characters, so heck sees word boundaries. A word character
/// is one an identifier may contain: `²` and `𝟘` are alphanumeric, but not in any identifier.
fn words(name: &str) -> String {
    name.chars()
        .map(|c| {
            let word = c.is_ascii_alphanumeric()
                || (c.is_alphanumeric() && !c.is_ascii() && is_ident(&format!("x{c}")));
            if word {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// Whether `text` is one Rust identifier (keywords included).
fn is_ident(text: &str) -> bool {
    use syn::ext::IdentExt;
    use syn::parse::Parser;
    syn::Ident::parse_any.parse_str(text).is_ok()
}

/// A snake_case identifier for a field, parameter or method.
///
/// Leading digits get a prefix (`123abc` → `_123abc`), keywords become raw identifiers
/// (`type` → `r#type`) or get a suffix when they cannot (`self` → `self_`), and an empty
/// name becomes `fallback`.
pub fn snake_ident(name: &str, fallback: &str) -> String {
    remembered(Case::Snake, name, fallback, || {
        snake_ident_uncached(name, fallback)
    })
}

fn snake_ident_uncached(name: &str, fallback: &str) -> String {
    let base = words(name).to_snake_case();
    let base = if base.is_empty() {
        fallback.to_owned()
    } else if base.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        // `_1` says nothing (and clippy says so): GitHub's reactions `+1` and `-1` read
        // `plus_1` and `minus_1`, a bare `1` `field_1`.
        let word = match name.trim_start().chars().next() {
            Some('+') => "plus",
            Some('-') => "minus",
            _ => fallback,
        };
        format!("{word}_{base}")
    } else {
        base
    };
    finish_ident(base)
}

/// An UpperCamelCase identifier for a type or variant.
///
/// `_MetaSchemaError` → `MetaSchemaError`, `360dialog` → `_360dialog`, `Self` → `Self_`.
pub fn camel_ident(name: &str, fallback: &str) -> String {
    remembered(Case::Camel, name, fallback, || {
        camel_ident_uncached(name, fallback)
    })
}

fn camel_ident_uncached(name: &str, fallback: &str) -> String {
    let base = words(name).to_upper_camel_case();
    let base = if base.is_empty() {
        fallback.to_owned()
    } else {
        base
    };
    finish_ident(base)
}

/// A type name: [`camel_ident`], and never a name generated code or users rely on.
pub fn type_ident(name: &str) -> String {
    let ident = camel_ident(name, "Type");
    if RESERVED_TYPES.contains(&ident.as_str()) {
        format!("{ident}Model")
    } else {
        ident
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Case {
    Snake,
    Camel,
}

/// Identifiers made on this thread so far. Big APIs name the same things over and over
/// (a property in every schema, the same enum values in every operation's `$select`), and
/// making an identifier (case conversion, keyword checks) costs more than looking it up.
type Made = HashMap<(Case, String, String), String>;

thread_local! {
    static MADE: std::cell::RefCell<Made> = std::cell::RefCell::new(HashMap::new());
}

/// Entries [`MADE`] keeps before it starts over (the identifiers of the biggest APIs fit).
const MADE_MAX: usize = 1 << 18;

/// `make()`, or what it gave before for the same `name` and `fallback`.
fn remembered(case: Case, name: &str, fallback: &str, make: impl FnOnce() -> String) -> String {
    let key = (case, name.to_owned(), fallback.to_owned());
    if let Some(found) = MADE.with(|made| made.borrow().get(&key).cloned()) {
        return found;
    }
    let ident = make();
    MADE.with(|made| {
        let mut made = made.borrow_mut();
        if made.len() >= MADE_MAX {
            made.clear();
        }
        made.insert(key, ident.clone());
    });
    ident
}

fn finish_ident(base: String) -> String {
    // Digits, and letters such as a combining mark, may continue an identifier but not start it.
    let starts_ident = base
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || (!c.is_ascii() && is_ident(&c.to_string())));
    let base = if starts_ident {
        base
    } else {
        format!("_{base}")
    };
    if NOT_RAW.contains(&base.as_str()) {
        format!("{base}_")
    } else if KEYWORDS.contains(&base.as_str()) {
        format!("r#{base}")
    } else {
        base
    }
}

/// The identifier as written in code, without a raw prefix (`r#type` → `type`).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Gives each name in a scope a unique identifier, deterministically.
///
/// Names are claimed in the order given; when two spec names map to the same identifier
/// (`fooBar` and `foo_bar`), the later one gets a numeric suffix (`foo_bar_2`). Callers
/// iterate in spec order, so the result depends only on the spec.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// For each stem that needed a suffix, the first suffix not tried yet: every smaller
    /// one is taken, so thousands of names that collide cost one try each, not a search
    /// from 2 each.
    next_suffix: HashMap<String, u64>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// Claims `ident`, or `ident_2`, `ident_3`, ... if taken (the first free one). Returns
    /// the claimed name.
    pub fn claim(&mut self, ident: String) -> String {
        if self.taken.insert(unraw(&ident).to_owned()) {
            return ident;
        }
        let stem = unraw(&ident).trim_end_matches('_').to_owned();
        let sep = if stem.chars().next().is_some_and(char::is_uppercase) {
            ""
        } else {
            "_"
        };
        let mut n = self.next_suffix.get(&stem).copied().unwrap_or(2);
        loop {
            let candidate = format!("{stem}{sep}{n}");
            n += 1;
            if self.taken.insert(candidate.clone()) {
                self.next_suffix.insert(stem, n);
                return candidate;
            }
        }
    }

    /// Whether `ident` is taken.
    pub fn contains(&self, ident: &str) -> bool {
        self.taken.contains(unraw(ident))
    }
}

/// Variant name for an HTTP status code, from its reason phrase (`404` → `NotFound`).
pub fn status_variant(code: u16) -> String {
    let reason = match code {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        423 => "Locked",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}

/// A method name for an operation without operationId: `GET /users/{id}/repos` →
/// `get_users_id_repos`.
pub fn method_name_from_path(method: &str, path: &str) -> String {
    snake_ident(&format!("{method} {path}"), "call")
}

/// A Cargo feature name for a tag: lower case ASCII letters, digits, `-` and `_`, every
/// other run of characters a `-` (`Code Scanning` → `code-scanning`, `Pets` → `pets`); a
/// name that would not start with a letter or `_` gets `tag-` in front (`2fa` → `tag-2fa`,
/// and an empty one is `tag`). Collisions are the caller's to resolve ([`crate::select::features_per_tag`]).
pub fn feature_name(tag: &str) -> String {
    let mut name = String::with_capacity(tag.len());
    for c in tag.chars() {
        match c {
            'a'..='z' | '0'..='9' | '_' => name.push(c),
            'A'..='Z' => name.push(c.to_ascii_lowercase()),
            _ if !name.ends_with('-') => name.push('-'),
            _ => {}
        }
    }
    let name = name.trim_matches('-');
    if name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
        name.to_owned()
    } else if name.is_empty() {
        "tag".to_owned()
    } else {
        format!("tag-{name}")
    }
}

/// Resolves names from a list of (key, wanted identifier) in order, claiming each in `scope`.
/// Returns key → identifier.
pub fn claim_all<'a>(
    scope: &mut Scope,
    wanted: impl IntoIterator<Item = (&'a str, String)>,
) -> BTreeMap<&'a str, String> {
    wanted
        .into_iter()
        .map(|(key, ident)| (key, scope.claim(ident)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names() {
        let cases = [
            ("repos", "repos"),
            ("enterprise-admin", "enterprise-admin"),
            ("Code Scanning", "code-scanning"),
            ("  Pets & Owners!", "pets-owners"),
            ("snake_case", "snake_case"),
            ("2fa", "tag-2fa"),
            ("", "tag"),
            ("!!", "tag"),
            ("größe", "gr-e"),
        ];
        for (tag, expected) in cases {
            assert_eq!(feature_name(tag), expected, "{tag}");
        }
    }

    #[test]
    fn snake_idents() {
        let cases = [
            ("360dialog_trace_id", "_360dialog_trace_id"),
            ("type", "r#type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("gen", "r#gen"),
            ("async", "r#async"),
            ("123abc", "_123abc"),
            ("brandName", "brand_name"),
            ("x-rate-limit", "x_rate_limit"),
            ("@odata.type", "odata_type"),
            ("", "field"),
            ("___", "field"),
            ("already_snake", "already_snake"),
            ("HTTPStatus", "http_status"),
            ("$ref", "r#ref"),
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("1", "field_1"),
            ("größe", "größe"),
            ("a²b", "a_b"),
            ("²", "field"),
            ("\u{345}x", "_\u{345}x"),
            ("٣x", "_٣x"),
            ("𝟘", "_𝟘"),
        ];
        for (input, want) in cases {
            assert_eq!(snake_ident(input, "field"), want, "input {input:?}");
        }
    }

    #[test]
    fn camel_idents() {
        let cases = [
            ("_MetaSchemaError", "MetaSchemaError"),
            ("PartnerOut", "PartnerOut"),
            ("partner-out", "PartnerOut"),
            ("360dialog", "_360dialog"),
            ("Self", "Self_"),
            ("self", "Self_"),
            ("", "Type"),
            ("enum", "Enum"),
            ("simple.dotted.name", "SimpleDottedName"),
        ];
        for (input, want) in cases {
            assert_eq!(camel_ident(input, "Type"), want, "input {input:?}");
        }
    }

    #[test]
    fn reserved_type_names_are_renamed() {
        assert_eq!(type_ident("Option"), "OptionModel");
        assert_eq!(type_ident("Result"), "ResultModel");
        assert_eq!(type_ident("Box"), "BoxModel");
        assert_eq!(type_ident("Client"), "ClientModel");
        assert_eq!(type_ident("Widget"), "Widget");
    }

    #[test]
    fn scope_resolves_collisions_in_order() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(snake_ident("fooBar", "f")), "foo_bar");
        assert_eq!(scope.claim(snake_ident("foo_bar", "f")), "foo_bar_2");
        assert_eq!(scope.claim(snake_ident("FOO-BAR", "f")), "foo_bar_3");
        let mut types = Scope::default();
        assert_eq!(types.claim(type_ident("widget")), "Widget");
        assert_eq!(types.claim(type_ident("Widget")), "Widget2");
    }

    /// Each collision takes the first free suffix, names claimed directly included, and
    /// 100,000 collisions of one name take one try each (they took a search from 2 each).
    #[test]
    fn many_collisions_take_the_first_free_suffix() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Empty".to_owned()), "Empty");
        assert_eq!(scope.claim("Empty".to_owned()), "Empty2");
        assert_eq!(scope.claim("Empty4".to_owned()), "Empty4");
        assert_eq!(scope.claim("Empty".to_owned()), "Empty3");
        assert_eq!(scope.claim("Empty".to_owned()), "Empty5");
        // A type stem takes its number without a separator: `Empty4` again is `Empty42`.
        assert_eq!(scope.claim("Empty4".to_owned()), "Empty42");
        for n in (6..100_000).filter(|&n| n != 42) {
            assert_eq!(scope.claim("Empty".to_owned()), format!("Empty{n}"));
        }
        let mut fields = Scope::default();
        assert_eq!(fields.claim("value_".to_owned()), "value_");
        assert_eq!(fields.claim("value".to_owned()), "value");
        assert_eq!(fields.claim("value_".to_owned()), "value_2");
        assert_eq!(fields.claim("value".to_owned()), "value_3");
    }

    #[test]
    fn scope_treats_raw_and_plain_alike() {
        let mut scope = Scope::with_reserved(&["type"]);
        assert_eq!(scope.claim("r#type".to_owned()), "type_2");
    }

    #[test]
    fn status_variants() {
        assert_eq!(status_variant(404), "NotFound");
        assert_eq!(status_variant(400), "BadRequest");
        assert_eq!(status_variant(418), "Status418");
    }

    #[test]
    fn path_method_names() {
        assert_eq!(
            method_name_from_path("GET", "/users/{id}/repos"),
            "get_users_id_repos"
        );
    }
}
