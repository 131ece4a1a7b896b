//! Derives and attributes the configuration adds to generated types (`"derives"`,
//! `"attributes"`), checked before any code is written: a derive that cannot hold for a type
//! (`Eq` on a struct with an `f64` field, directly or through another generated type) is an
//! error naming the config entry and the field, not code that does not compile.

use super::ast::{Attr, Path, Tok};
use crate::config::Config;
use crate::diag::{join, Errors};
use crate::ir::{Api, Presence, Ty, TypeDef, TypeKind};
use std::collections::{HashMap, HashSet};

/// The standard derives whose bounds the generator checks.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Std {
    Clone,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Copy,
}

impl Std {
    const ALL: [Std; 9] = [
        Std::Clone,
        Std::Debug,
        Std::PartialEq,
        Std::Eq,
        Std::Hash,
        Std::PartialOrd,
        Std::Ord,
        Std::Default,
        Std::Copy,
    ];

    fn name(self) -> &'static str {
        match self {
            Std::Clone => "Clone",
            Std::Debug => "Debug",
            Std::PartialEq => "PartialEq",
            Std::Eq => "Eq",
            Std::Hash => "Hash",
            Std::PartialOrd => "PartialOrd",
            Std::Ord => "Ord",
            Std::Default => "Default",
            Std::Copy => "Copy",
        }
    }

    /// The standard derive a path names: `Eq`, `std::cmp::Eq`, `::core::hash::Hash`.
    fn of(path: &str) -> Option<Std> {
        let rest = path.strip_prefix("::").unwrap_or(path);
        let mut segments: Vec<&str> = rest.split("::").collect();
        let last = segments.pop()?;
        let std_path = segments.is_empty() || matches!(segments.first(), Some(&"std" | &"core"));
        Self::ALL.into_iter().find(|d| std_path && d.name() == last)
    }
}

/// What every generated type of a kind derives already.
fn base_derives(def: &TypeDef) -> &'static [Std] {
    match &def.kind {
        TypeKind::Struct(s) if !s.fields.iter().any(|f| is_required(f.presence)) => {
            &[Std::Clone, Std::Debug, Std::Default, Std::PartialEq]
        }
        TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Newtype(_) => {
            &[Std::Clone, Std::Debug, Std::PartialEq]
        }
        TypeKind::Enum(_) => &[
            Std::Clone,
            Std::Debug,
            Std::PartialEq,
            Std::Eq,
            Std::Hash,
            Std::PartialOrd,
            Std::Ord,
        ],
        TypeKind::Alias(_) => &[],
    }
}

fn is_required(presence: Presence) -> bool {
    matches!(presence, Presence::Required | Presence::RequiredNullable)
}

/// The extra attributes of each generated type (by Rust name), or every error found.
pub(super) fn plan<'a>(
    api: &'a Api,
    config: &Config,
) -> Result<HashMap<&'a str, Vec<Attr>>, Errors> {
    let origin = if config.origin.is_empty() {
        "config"
    } else {
        config.origin.as_str()
    };
    let mut errors = Errors::default();
    let mut derives: HashMap<&str, Vec<(String, String)>> = HashMap::new();
    let mut attributes: HashMap<&str, Vec<Attr>> = HashMap::new();
    for (key, list) in &config.derives {
        let at = join("/derives", key);
        let Some(targets) = targets(api, key) else {
            errors.push(origin, &at, no_type(key));
            continue;
        };
        for (i, derive) in list.iter().enumerate() {
            for t in &targets {
                derives
                    .entry(t.name.as_str())
                    .or_default()
                    .push((derive.clone(), format!("{at}/{i}")));
            }
        }
    }
    for (key, list) in &config.attributes {
        let at = join("/attributes", key);
        let Some(targets) = targets(api, key) else {
            errors.push(origin, &at, no_type(key));
            continue;
        };
        for (i, text) in list.iter().enumerate() {
            match parse_attribute(text) {
                Ok(attr) => {
                    for t in &targets {
                        attributes
                            .entry(t.name.as_str())
                            .or_default()
                            .push(attr.clone());
                    }
                }
                Err(why) => errors.push(origin, &format!("{at}/{i}"), why),
            }
        }
    }
    let checker = Checker {
        api,
        derives: &derives,
    };
    let mut out: HashMap<&str, Vec<Attr>> = HashMap::new();
    for def in &api.types {
        let mut added: Vec<String> = Vec::new();
        for (derive, at) in derives.get(def.name.as_str()).into_iter().flatten() {
            if let TypeKind::Alias(_) = def.kind {
                errors.push(
                    origin,
                    at,
                    format!(
                        "`{derive}` cannot be derived for `{}` (#{}): it is a type alias; give it to the type it names",
                        def.name, def.pointer
                    ),
                );
                continue;
            }
            let std = Std::of(derive);
            if let Some(std) = std {
                if base_derives(def).contains(&std) || added.iter().any(|a| Std::of(a) == Some(std))
                {
                    continue;
                }
                if let Some(why) = checker.why_not_type(std, def, &mut HashSet::new()) {
                    errors.push(
                        origin,
                        at,
                        format!(
                            "`{derive}` cannot be derived for `{}` (#{}): {why}",
                            def.name, def.pointer
                        ),
                    );
                    continue;
                }
            } else if added.contains(derive) {
                continue;
            }
            added.push(derive.clone());
        }
        let mut attrs = Vec::new();
        if !added.is_empty() {
            let names: Vec<&str> = added.iter().map(String::as_str).collect();
            attrs.push(Attr::list("derive", &names));
        }
        attrs.extend(attributes.remove(def.name.as_str()).unwrap_or_default());
        if !attrs.is_empty() {
            out.insert(def.name.as_str(), attrs);
        }
    }
    errors.into_result(out)
}

fn no_type(key: &str) -> String {
    format!("no generated type `{key}`: expected `*`, a Rust type name, a schema name or `#/components/schemas/NAME`")
}

/// The names of the types that `derives` or `attributes` name one by one (not through `*`):
/// [`crate::select::share_identical`] leaves them their own definitions.
pub(crate) fn configured(api: &Api, config: &Config) -> std::collections::BTreeSet<String> {
    let keys = config.derives.keys().chain(config.attributes.keys());
    keys.filter(|key| key.as_str() != "*")
        .filter_map(|key| targets(api, key))
        .flatten()
        .map(|t| t.name.clone())
        .collect()
}

/// The types a config key names: `*`, a Rust type name, a schema name or its pointer.
fn targets<'a>(api: &'a Api, key: &str) -> Option<Vec<&'a TypeDef>> {
    if key == "*" {
        return Some(api.types.iter().collect());
    }
    let pointer = key.strip_prefix('#');
    let names = |name: &str, at: &str| {
        name == key || pointer.is_some_and(|p| at == p) || at == join("/components/schemas", key)
    };
    let found: Vec<&TypeDef> = api
        .types
        .iter()
        .filter(|t| names(&t.name, &t.pointer))
        .collect();
    // A type the selection left out is a type of the document: nothing to add it to.
    let unselected = || api.unselected.iter().any(|(name, at)| names(name, at));
    (!found.is_empty() || unselected()).then_some(found)
}

/// Decides whether a derive holds for a type, from what each field's type implements.
struct Checker<'a> {
    api: &'a Api,
    derives: &'a HashMap<&'a str, Vec<(String, String)>>,
}

impl Checker<'_> {
    /// Why `std` cannot be derived for `def` (`None`: it can).
    fn why_not_type(&self, std: Std, def: &TypeDef, seen: &mut HashSet<String>) -> Option<String> {
        if !seen.insert(def.name.clone()) {
            return None;
        }
        match &def.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    let why = match f.presence {
                        Presence::Required => self.why_not(std, &f.ty, seen),
                        // `Option` and `Nullable` have a default whatever they hold.
                        _ if std == Std::Default => None,
                        _ => self.why_not(std, &f.ty, seen),
                    };
                    if let Some(why) = why {
                        return Some(format!("field `{}` {why}", f.name));
                    }
                }
                if matches!(std, Std::PartialOrd | Std::Ord | Std::Copy) {
                    return Some(format!(
                        "field `{}` is `rt::Object` (the properties the schema does not describe), which is not `{}`",
                        s.extra_field,
                        std.name()
                    ));
                }
                None
            }
            TypeKind::Enum(_) => match std {
                Std::Default => Some("an open enum has no default value".to_owned()),
                Std::Copy => Some("an open enum keeps an unknown value as a `String`".to_owned()),
                _ => None,
            },
            TypeKind::Union(u) => {
                match std {
                    Std::Default => {
                        return Some("a union (`oneOf`/`anyOf`) has no default value".to_owned())
                    }
                    Std::PartialOrd | Std::Ord | Std::Copy => {
                        return Some(format!(
                            "its variant `{}` holds a `serde_json::Value`, which is not `{}`",
                            u.other_variant,
                            std.name()
                        ))
                    }
                    _ => {}
                }
                u.variants.iter().find_map(|v| {
                    self.why_not(std, &v.ty, seen)
                        .map(|why| format!("variant `{}` {why}", v.name))
                })
            }
            TypeKind::Newtype(ty) | TypeKind::Alias(ty) => self.why_not(std, ty, seen),
        }
    }

    /// Why a value of type `ty` does not implement `std` ("is `f64`, which is not `Eq`").
    fn why_not(&self, std: Std, ty: &Ty, seen: &mut HashSet<String>) -> Option<String> {
        // `Some(reason)` when `fails`.
        let not = |fails: bool, what: &str| {
            fails.then(|| format!("is {what}, which is not `{}`", std.name()))
        };
        let unordered = matches!(std, Std::PartialOrd | Std::Ord | Std::Copy);
        match ty {
            Ty::Bool | Ty::Int(_) | Ty::EmptyString => None,
            Ty::F64 => not(matches!(std, Std::Eq | Std::Hash | Std::Ord), "`f64`"),
            Ty::String | Ty::Bytes => not(std == Std::Copy, "an owned `String` or `Vec`"),
            Ty::Any => not(unordered, "`serde_json::Value`"),
            Ty::Object => not(unordered, "`rt::Object` (a JSON object)"),
            Ty::Formatted(_) => not(
                unordered || std == Std::Default,
                "`rt::Formatted` (a typed format, compared by its text)",
            ),
            // The caller's type: what it implements is the caller's to know.
            Ty::Extern(_) => None,
            Ty::Array(inner) | Ty::Map(inner) => {
                if std == Std::Copy {
                    return not(true, "a `Vec` or map");
                }
                if std == Std::Default {
                    return None;
                }
                self.why_not(std, inner, seen)
                    .map(|why| format!("holds a value that {why}"))
            }
            Ty::Named(name) | Ty::Boxed(name) => {
                if std == Std::Copy && matches!(ty, Ty::Boxed(_)) {
                    return not(true, "a `Box`");
                }
                // `api.types` is sorted by name.
                let found = self
                    .api
                    .types
                    .binary_search_by(|t| t.name.as_str().cmp(name));
                let def = self.api.types.get(found.ok()?)?;
                if base_derives(def).contains(&std) {
                    return None;
                }
                let asked = self
                    .derives
                    .get(name.as_str())
                    .is_some_and(|list| list.iter().any(|(d, _)| Std::of(d) == Some(std)));
                if !asked && !matches!(def.kind, TypeKind::Alias(_)) {
                    return Some(format!(
                        "is `{name}`, which does not derive `{}` (add it for `{name}` too, or for `*`)",
                        std.name()
                    ));
                }
                self.why_not_type(std, def, seen)
                    .map(|why| format!("is `{name}`, whose {why}"))
            }
        }
    }
}

/// Checks an attribute from the configuration: `path` or `path(tokens)`, where the tokens are
/// identifiers, punctuation, string and number literals and nested `( )` groups.
pub fn check_attribute(text: &str) -> Result<(), String> {
    parse_attribute(text).map(drop)
}

/// An attribute written without `#[ ]`: `path` or `path(tokens)`, where the tokens are
/// identifiers, punctuation, string and number literals and nested `( )` groups.
pub(super) fn parse_attribute(text: &str) -> Result<Attr, String> {
    let text = text.trim();
    let (head, args) = match text.find('(') {
        Some(open) => (text[..open].trim_end(), Some(&text[open..])),
        None => (text, None),
    };
    if crate::config::check_path(head).is_err() {
        return Err("expected `path` or `path(...)`".to_owned());
    }
    let Some(args) = args else {
        return Ok(Attr::Word(Path::parse(head)));
    };
    let mut chars = args.chars().peekable();
    let tokens = tokenize(&mut chars, 0)?;
    let [Tok::Paren(inner)] = tokens.as_slice() else {
        return Err("expected one `( ... )` group after the path".to_owned());
    };
    Ok(Attr::List(Path::parse(head), inner.clone()))
}

const PUNCT: &str = "=,:!<>&*-+./|?;@%^~";

/// The run of ASCII letters, digits and `_` at the front of `chars` (an identifier or a
/// number with its suffix).
fn word(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut word = String::new();
    while let Some(c) = chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_') {
        word.push(c);
    }
    word
}

fn tokenize(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    depth: usize,
) -> Result<Vec<Tok>, String> {
    if depth > 16 {
        return Err("groups nested too deeply".to_owned());
    }
    let mut out = Vec::new();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Tok::Paren(tokenize(chars, depth + 1)?));
            }
            ')' if depth > 0 => {
                chars.next();
                return Ok(out);
            }
            ')' => return Err("unbalanced `)`".to_owned()),
            '[' | ']' | '{' | '}' => {
                return Err(format!("`{c}` groups are not supported, only `( )`"))
            }
            '"' => {
                let mut lit = String::from('"');
                chars.next();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    lit.push(c);
                    if c == '\\' {
                        let escaped = chars.next().ok_or("unterminated string")?;
                        lit.push(escaped);
                    } else if c == '"' {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return Err("unterminated string".to_owned());
                }
                out.push(Tok::Lit(lit));
            }
            c if c.is_ascii_digit() => out.push(Tok::Lit(word(chars))),
            c if c.is_ascii_alphabetic() || c == '_' => out.push(Tok::Ident(word(chars))),
            c if PUNCT.contains(c) => {
                chars.next();
                let joint = chars.peek().is_some_and(|n| PUNCT.contains(*n));
                out.push(Tok::Punct(c, joint));
            }
            other => return Err(format!("unexpected character `{other}`")),
        }
    }
    if depth > 0 {
        return Err("unbalanced `(`".to_owned());
    }
    Ok(out)
}
