//! Lossless models: the pieces generated `Serialize`/`Deserialize` impls are made of.
//!
//! Generated structs keep every property the server sent: known ones in typed fields,
//! unknown ones in an `additional_properties` map that is written back on serialization.
//! A `null` the schema does not allow for an optional property is kept there too, so
//! deserialize → serialize gives back the same JSON value.
//!
//! Generated code calls these helpers; they are public so that it can, and documented
//! because they are the whole serialization logic of every model.

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A JSON object: what a free-form schema or unknown properties are kept in.
pub type Object = Map<String, Value>;

/// An optional property that may also be `null`: three states, each sent as it is.
///
/// | state | on the wire |
/// |---|---|
/// | `Absent` | the property is left out |
/// | `Null` | `"property": null` |
/// | `Value(v)` | `"property": v` |
///
/// In a PATCH body, `Absent` leaves the server's value as it is and `Null` clears it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// Not present.
    #[default]
    Absent,
    /// Present and `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, if there is one (`Absent` and `Null` are both `None`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Self::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Whether the property is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the property is present and `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// A reference to the value inside.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Value(v) => Nullable::Value(v),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some(v)` is a value, `None` is `null` (use [`Nullable::Absent`] to leave it out).
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

/// Reads a JSON object, the first step of every generated struct `Deserialize`.
pub fn read_object<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Object, D::Error> {
    Object::deserialize(deserializer)
}

fn decode<T: DeserializeOwned, E: serde::de::Error>(name: &str, value: Value) -> Result<T, E> {
    T::deserialize(value).map_err(|e| E::custom(format_args!("field `{name}`: {e}")))
}

/// Takes a required, non-nullable property out of `object`.
pub fn required<T: DeserializeOwned, E: serde::de::Error>(
    object: &mut Object,
    name: &'static str,
) -> Result<T, E> {
    match object.remove(name) {
        Some(value) => decode(name, value),
        None => Err(E::missing_field(name)),
    }
}

/// Takes a required, nullable property: `null` is `None`.
pub fn required_nullable<T: DeserializeOwned, E: serde::de::Error>(
    object: &mut Object,
    name: &'static str,
) -> Result<Option<T>, E> {
    match object.remove(name) {
        Some(Value::Null) => Ok(None),
        Some(value) => decode(name, value).map(Some),
        None => Err(E::missing_field(name)),
    }
}

/// Takes an optional, non-nullable property. A `null` the schema does not allow is left in
/// `object` (so it is written back as it came) and the field is `None`.
pub fn optional<T: DeserializeOwned, E: serde::de::Error>(
    object: &mut Object,
    name: &'static str,
) -> Result<Option<T>, E> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => match object.remove(name) {
            Some(value) => decode(name, value).map(Some),
            None => Ok(None),
        },
    }
}

/// Takes an optional, nullable property: absent, `null` and a value are three states.
pub fn nullable<T: DeserializeOwned, E: serde::de::Error>(
    object: &mut Object,
    name: &'static str,
) -> Result<Nullable<T>, E> {
    match object.remove(name) {
        None => Ok(Nullable::Absent),
        Some(Value::Null) => Ok(Nullable::Null),
        Some(value) => decode(name, value).map(Nullable::Value),
    }
}

/// Decodes the properties left after the known ones were taken (`additionalProperties`).
pub fn rest<T: DeserializeOwned, E: serde::de::Error>(
    object: Object,
) -> Result<std::collections::BTreeMap<String, T>, E> {
    object
        .into_iter()
        .map(|(k, v)| decode(&k, v).map(|v| (k, v)))
        .collect()
}

/// Writes a struct as a JSON object: known fields first, then additional properties that
/// no written field shadows. Generated `Serialize` impls are a chain of its calls.
pub struct ObjectWriter<M> {
    map: M,
    written: Vec<&'static str>,
}

impl<M: SerializeMap> ObjectWriter<M> {
    /// Starts an object.
    pub fn new<S: Serializer<SerializeMap = M>>(serializer: S) -> Result<Self, S::Error> {
        Ok(Self {
            map: serializer.serialize_map(None)?,
            written: Vec::new(),
        })
    }

    fn entry<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), M::Error> {
        self.written.push(name);
        self.map.serialize_entry(name, value)
    }

    /// A required property (nullable ones are `Option`, `None` written as `null`).
    pub fn required<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), M::Error> {
        self.entry(name, value)
    }

    /// An optional property: left out when `None`.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(v) => self.entry(name, v),
            None => Ok(()),
        }
    }

    /// An optional, nullable property: left out, `null`, or the value.
    pub fn nullable<T: Serialize>(&mut self, name: &'static str, value: &Nullable<T>) -> Result<(), M::Error> {
        match value {
            Nullable::Absent => Ok(()),
            Nullable::Null => self.entry(name, &Value::Null),
            Nullable::Value(v) => self.entry(name, v),
        }
    }

    /// Writes the additional properties that no field was written for, and ends the object.
    pub fn finish<'a, T: Serialize + 'a>(
        mut self,
        rest: impl IntoIterator<Item = (&'a String, &'a T)>,
    ) -> Result<M::Ok, M::Error> {
        for (key, value) in rest {
            if !self.written.contains(&key.as_str()) {
                self.map.serialize_entry(key, value)?;
            }
        }
        self.map.end()
    }
}

/// Deserializes a union: the first alternative `value` fits, else `other(value)`.
/// Generated union `Deserialize` impls call this with one closure per alternative.
pub fn first_fit<T>(
    value: Value,
    alternatives: &[fn(&Value) -> Option<T>],
    other: fn(Value) -> T,
) -> T {
    alternatives
        .iter()
        .find_map(|try_one| try_one(&value))
        .unwrap_or_else(|| other(value))
}

/// Tries `T` on a borrowed value (for [`first_fit`]).
pub fn try_as<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// Reads the string a discriminated union dispatches on.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(Value::as_str)
}

/// Reads any JSON value (the first step of a union `Deserialize`).
pub fn read_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    Value::deserialize(deserializer)
}

/// Reads a string (the first step of an open enum `Deserialize`).
pub fn read_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer)
}

/// Turns a value back into `D::Error` context (for unions whose alternatives all failed
/// and which have no catch-all).
pub fn no_fit<E: serde::de::Error>(type_name: &str) -> E {
    E::custom(format_args!("the value fits no alternative of `{type_name}`"))
}

/// A parameter value as text for a path segment, query or header: strings as they are,
/// numbers and booleans as JSON writes them, arrays comma-separated, objects as JSON.
pub fn param_string<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::Array(items)) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
        Ok(other) => scalar_text(&other),
        Err(_) => String::new(),
    }
}

/// A parameter value as one text per array element (exploded query parameters).
pub fn param_values<T: Serialize + ?Sized>(value: &T) -> Vec<String> {
    match serde_json::to_value(value) {
        Ok(Value::Array(items)) => items.iter().map(scalar_text).collect(),
        Ok(other) => vec![scalar_text(&other)],
        Err(_) => Vec::new(),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Partner {
        id: Option<String>,
        brand_name: Option<String>,
        logo_url: Nullable<String>,
        http_code: i64,
        extra: Object,
    }

    impl<'de> Deserialize<'de> for Partner {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let mut o = read_object(d)?;
            Ok(Self {
                id: optional(&mut o, "id")?,
                brand_name: optional(&mut o, "brand_name")?,
                logo_url: nullable(&mut o, "logo_url")?,
                http_code: required(&mut o, "http_code")?,
                extra: o,
            })
        }
    }

    impl Serialize for Partner {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut w = ObjectWriter::new(s)?;
            w.optional("id", &self.id)?;
            w.optional("brand_name", &self.brand_name)?;
            w.nullable("logo_url", &self.logo_url)?;
            w.required("http_code", &self.http_code)?;
            w.finish(&self.extra)
        }
    }

    #[test]
    fn round_trip_keeps_unknown_and_disallowed_null() {
        let input = json!({"id": "p", "brand_name": null, "logo_url": null, "http_code": 1, "new": {"a": [1]}});
        let p: Partner = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(p.brand_name, None);
        assert_eq!(p.logo_url, Nullable::Null);
        assert_eq!(serde_json::to_value(&p).unwrap(), input);
    }

    #[test]
    fn set_field_shadows_kept_null() {
        let mut p: Partner =
            serde_json::from_value(json!({"brand_name": null, "http_code": 1})).unwrap();
        p.brand_name = Some("x".into());
        let out = serde_json::to_string(&p).unwrap();
        assert_eq!(out.matches("brand_name").count(), 1, "{out}");
        assert_eq!(serde_json::to_value(&p).unwrap(), json!({"brand_name": "x", "http_code": 1}));
    }

    #[test]
    fn absent_null_value_are_distinct() {
        for (input, want) in [
            (json!({"http_code": 1}), Nullable::Absent),
            (json!({"http_code": 1, "logo_url": null}), Nullable::Null),
            (json!({"http_code": 1, "logo_url": "u"}), Nullable::Value("u".to_owned())),
        ] {
            let p: Partner = serde_json::from_value(input.clone()).unwrap();
            assert_eq!(p.logo_url, want);
            assert_eq!(serde_json::to_value(&p).unwrap(), input);
        }
    }

    #[test]
    fn missing_required_and_wrong_type_are_errors() {
        let e = serde_json::from_value::<Partner>(json!({})).unwrap_err();
        assert!(e.to_string().contains("missing field `http_code`"), "{e}");
        let e = serde_json::from_value::<Partner>(json!({"http_code": "x"})).unwrap_err();
        assert!(e.to_string().contains("field `http_code`"), "{e}");
    }

    #[test]
    fn parameter_text() {
        assert_eq!(param_string("a b"), "a b");
        assert_eq!(param_string(&42), "42");
        assert_eq!(param_string(&true), "true");
        assert_eq!(param_string(&["a", "b"]), "a,b");
        assert_eq!(param_values(&[1, 2]), vec!["1", "2"]);
        assert_eq!(param_string(&json!({"k": 1})), r#"{"k":1}"#);
    }

    #[test]
    fn first_fit_falls_back_to_other() {
        #[derive(Debug, PartialEq)]
        enum U {
            Num(i64),
            Other(Value),
        }
        let alts: &[fn(&Value) -> Option<U>] = &[|v| try_as(v).map(U::Num)];
        assert_eq!(first_fit(json!(3), alts, U::Other), U::Num(3));
        assert_eq!(first_fit(json!("x"), alts, U::Other), U::Other(json!("x")));
    }
}
