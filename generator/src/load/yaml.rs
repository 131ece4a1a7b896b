//! YAML → `serde_json::Value`, by hand: YAML allows what JSON does not (integer and
//! boolean keys, tags, NaN, integers beyond 64 bits), and each of those needs a decision
//! rather than a silent `null` or a refusal.
//!
//! The text is read into [`Node`], a YAML value of our own: `serde_norway`'s `Value` refuses
//! integers that do not fit 64 bits (`maximum: 18446744073709552000`), which JSON readers
//! accept as floating-point numbers, so a YAML document and its JSON twin would disagree.

use super::pointer::Ptr;
use crate::diag::Errors;
use serde::de::{
    self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

/// Deeper than the YAML reader allows (128), so this only guards values built elsewhere.
const MAX_DEPTH: usize = 256;

/// Parses YAML text and converts it.
pub(super) fn read(text: &str, origin: &str) -> Result<Value, Errors> {
    let mut yaml: Node = serde_norway::from_str(text).map_err(|e| yaml_error(origin, &e))?;
    yaml.apply_merge(0)
        .map_err(|e| Errors::one(origin, "", format!("invalid YAML merge key (`<<`): {e}")))?;
    let mut cx = Convert {
        origin,
        ptr: Ptr::default(),
        errors: Errors::default(),
    };
    let value = cx.value(yaml, 0);
    cx.errors.into_result(value)
}

fn yaml_error(origin: &str, e: &serde_norway::Error) -> Errors {
    let message = e.to_string();
    let message = super::read::yaml_location_message(&message);
    let text = match e.location() {
        Some(at) => format!(
            "invalid YAML at line {}, column {}: {message}",
            at.line(),
            at.column()
        ),
        None => format!("invalid YAML: {message}"),
    };
    Errors::one(origin, "", text)
}

/// A YAML value as the reader hands it over.
#[derive(Debug, PartialEq)]
enum Node {
    Null,
    Bool(bool),
    /// An integer, of any size YAML writes.
    Int(i128),
    Float(f64),
    String(String),
    Sequence(Vec<Node>),
    Mapping(Vec<(Node, Node)>),
    /// A value with a custom tag (`!include x`): the tag carries no meaning for OpenAPI.
    Tagged(Box<Node>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Node, E> {
        Ok(Node::Int(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Node, E> {
        Ok(Node::Int(n.into()))
    }
    fn visit_i128<E>(self, n: i128) -> Result<Node, E> {
        Ok(Node::Int(n))
    }
    fn visit_u128<E>(self, n: u128) -> Result<Node, E> {
        // Past i128 only as a float, as a JSON reader would read it.
        Ok(i128::try_from(n).map_or(Node::Float(n as f64), Node::Int))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Node, E> {
        Ok(Node::Float(n))
    }
    fn visit_str<E>(self, s: &str) -> Result<Node, E> {
        Ok(Node::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Node, E> {
        Ok(Node::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Mapping(entries))
    }
    /// The reader hands a tagged value over as an enum whose variant is the tag.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (_tag, contents): (de::IgnoredAny, _) = data.variant()?;
        Ok(Node::Tagged(Box::new(contents.newtype_variant()?)))
    }
}

impl Node {
    /// Resolves merge keys (`<<: *base`, `<<: [*a, *b]`): the merged mappings' entries
    /// are added where the mapping does not have the key itself, first mapping first.
    fn apply_merge(&mut self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        match self {
            Node::Sequence(items) => items.iter_mut().try_for_each(|n| n.apply_merge(depth + 1)),
            Node::Tagged(inner) => inner.apply_merge(depth + 1),
            Node::Mapping(entries) => {
                let merge_key = |k: &Node| matches!(k, Node::String(s) if s == "<<");
                while let Some(at) = entries.iter().position(|(k, _)| merge_key(k)) {
                    let (_, merged) = entries.remove(at);
                    let sources = match merged {
                        Node::Mapping(m) => vec![m],
                        Node::Sequence(items) => items
                            .into_iter()
                            .map(|item| match item {
                                Node::Mapping(m) => Ok(m),
                                _ => Err("expected a mapping in the list of mappings to merge"),
                            })
                            .collect::<Result<_, _>>()?,
                        _ => return Err("expected a mapping or a list of mappings to merge".into()),
                    };
                    for source in sources {
                        for (key, value) in source {
                            if !entries.iter().any(|(k, _)| *k == key) {
                                entries.push((key, value));
                            }
                        }
                    }
                }
                entries
                    .iter_mut()
                    .try_for_each(|(_, value)| value.apply_merge(depth + 1))
            }
            _ => Ok(()),
        }
    }
}

struct Convert<'a> {
    origin: &'a str,
    ptr: Ptr,
    errors: Errors,
}

impl Convert<'_> {
    fn error(&mut self, message: impl Into<String>) {
        self.errors.push(self.origin, self.ptr.as_str(), message);
    }

    fn value(&mut self, yaml: Node, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            self.error(format!("nested deeper than {MAX_DEPTH} levels"));
            return Value::Null;
        }
        match yaml {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Int(n) => Self::integer(n),
            Node::Float(f) => self.float(f),
            Node::String(s) => Value::String(s),
            Node::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    let mark = self.ptr.push_index(i);
                    out.push(self.value(item, depth + 1));
                    self.ptr.truncate(mark);
                }
                Value::Array(out)
            }
            Node::Mapping(mapping) => {
                let mut out = Map::with_capacity(mapping.len());
                for (key, item) in mapping {
                    let Some(key) = self.key(key) else { continue };
                    let mark = self.ptr.push(&key);
                    let item = self.value(item, depth + 1);
                    if out.contains_key(&key) {
                        self.error(
                            "duplicate key (YAML keys `200` and `\"200\"` are the same \
                             JSON key); expected each key once",
                        );
                    } else {
                        out.insert(key, item);
                    }
                    self.ptr.truncate(mark);
                }
                Value::Object(out)
            }
            // Custom tags (`!include`, `!!binary`) carry no meaning for OpenAPI: keep the value.
            Node::Tagged(tagged) => self.value(*tagged, depth),
        }
    }

    /// An integer as JSON keeps it: exactly within 64 bits, else as the nearest float (what
    /// a JSON reader makes of `18446744073709552000`).
    fn integer(n: i128) -> Value {
        if let Ok(u) = u64::try_from(n) {
            return Value::Number(u.into());
        }
        if let Ok(i) = i64::try_from(n) {
            return Value::Number(i.into());
        }
        Number::from_f64(n as f64).map_or(Value::Null, Value::Number)
    }

    fn float(&mut self, f: f64) -> Value {
        match Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None => {
                self.error(format!(
                    "`{f}` is not a JSON number; expected a finite number (NaN and infinity \
                     cannot be written in JSON)"
                ));
                Value::Null
            }
        }
    }

    /// JSON keys are strings; YAML keys are any scalar (`200:` is an integer).
    fn key(&mut self, key: Node) -> Option<String> {
        match key {
            Node::String(s) => Some(s),
            Node::Int(n) => Some(n.to_string()),
            Node::Float(f) => Some(float_key(f)),
            Node::Bool(b) => Some(b.to_string()),
            Node::Null => Some("null".to_owned()),
            Node::Tagged(tagged) => self.key(*tagged),
            Node::Sequence(_) | Node::Mapping(_) => {
                self.error("a mapping key is a sequence or a mapping; expected a string key");
                None
            }
        }
    }
}

/// A float mapping key as YAML writes it back: `1.5`, `2.0`, `.inf`.
fn float_key(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}
