//! JSON → `serde_json::Value`, refusing duplicate keys: `serde_json` keeps the last of
//! two equal keys, which would silently drop a whole schema written twice.

use super::read::json_error;
use crate::diag::{escape_token, Errors};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{map::Entry, Map, Number, Value};
use std::fmt;

const DUPLICATE: &str = "duplicate key ";

/// Parses JSON text.
pub(super) fn read(text: &str, origin: &str) -> Result<Value, Errors> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    value.map_err(|e| json_error(origin, &duplicate_pointer(text, &e), &e))
}

/// The pointer of a duplicated key, found by parsing again with the path tracked (only
/// on this error path, so that a valid document pays nothing for it); `""` otherwise.
fn duplicate_pointer(text: &str, e: &serde_json::Error) -> String {
    let message = e.to_string();
    let Some(key) = message
        .strip_prefix(DUPLICATE)
        .and_then(|rest| {
            serde_json::Deserializer::from_str(rest)
                .into_iter::<String>()
                .next()
        })
        .and_then(Result::ok)
    else {
        return String::new();
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let mut track = serde_path_to_error::Track::new();
    if Strict
        .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
        .is_ok()
    {
        return String::new();
    }
    let mut pointer = String::new();
    for segment in track.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                pointer.push_str(&format!("/{index}"));
            }
            serde_path_to_error::Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_token(key));
            }
            _ => {}
        }
    }
    pointer.push('/');
    pointer.push_str(&escape_token(&key));
    pointer
}

/// Builds a `Value` like `serde_json` does, but fails on a key seen twice in one object.
#[derive(Clone, Copy)]
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        // JSON text cannot spell NaN or infinity; an overflowing literal is refused by the
        // reader before it gets here.
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Strict)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let value = access.next_value_seed(Strict)?;
            match map.entry(key) {
                Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                Entry::Occupied(slot) => {
                    let key = Value::String(slot.key().clone());
                    return Err(A::Error::custom(format!(
                        "{DUPLICATE}{key} in one object; expected each key once"
                    )));
                }
            }
        }
        Ok(Value::Object(map))
    }
}
