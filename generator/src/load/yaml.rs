//! YAML → `serde_json::Value`, by hand: YAML allows what JSON does not (integer and
//! boolean keys, tags, NaN), and each of those needs a decision rather than a silent
//! `null`.

use super::pointer::Ptr;
use crate::diag::Errors;
use serde_json::{Map, Number, Value};
use serde_norway::Value as Yaml;

/// Deeper than the YAML reader allows (128), so this only guards values built elsewhere.
const MAX_DEPTH: usize = 256;

/// Parses YAML text and converts it.
pub(super) fn read(text: &str, origin: &str) -> Result<Value, Errors> {
    let mut yaml: Yaml = serde_norway::from_str(text).map_err(|e| yaml_error(origin, &e))?;
    yaml.apply_merge()
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

struct Convert<'a> {
    origin: &'a str,
    ptr: Ptr,
    errors: Errors,
}

impl Convert<'_> {
    fn error(&mut self, message: impl Into<String>) {
        self.errors.push(self.origin, self.ptr.as_str(), message);
    }

    fn value(&mut self, yaml: Yaml, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            self.error(format!("nested deeper than {MAX_DEPTH} levels"));
            return Value::Null;
        }
        match yaml {
            Yaml::Null => Value::Null,
            Yaml::Bool(b) => Value::Bool(b),
            Yaml::Number(n) => self.number(&n),
            Yaml::String(s) => Value::String(s),
            Yaml::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    let mark = self.ptr.push_index(i);
                    out.push(self.value(item, depth + 1));
                    self.ptr.truncate(mark);
                }
                Value::Array(out)
            }
            Yaml::Mapping(mapping) => {
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
            Yaml::Tagged(tagged) => self.value(tagged.value, depth),
        }
    }

    fn number(&mut self, n: &serde_norway::Number) -> Value {
        if let Some(u) = n.as_u64() {
            return Value::Number(u.into());
        }
        if let Some(i) = n.as_i64() {
            return Value::Number(i.into());
        }
        let f = n.as_f64().unwrap_or(f64::NAN);
        match Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None => {
                self.error(format!(
                    "`{n}` is not a JSON number; expected a finite number (NaN and infinity \
                     cannot be written in JSON)"
                ));
                Value::Null
            }
        }
    }

    /// JSON keys are strings; YAML keys are any scalar (`200:` is an integer).
    fn key(&mut self, key: Yaml) -> Option<String> {
        match key {
            Yaml::String(s) => Some(s),
            Yaml::Number(n) => Some(n.to_string()),
            Yaml::Bool(b) => Some(b.to_string()),
            Yaml::Null => Some("null".to_owned()),
            Yaml::Tagged(tagged) => self.key(tagged.value),
            Yaml::Sequence(_) | Yaml::Mapping(_) => {
                self.error("a mapping key is a sequence or a mapping; expected a string key");
                None
            }
        }
    }
}
