//! Lossless models: the pieces generated `Serialize`, `Deserialize` and `Debug` impls are made of.
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
use serde_json::Map;
use std::fmt::{self, Debug};

// Generated `types` modules import this module as `rt` and reach serde through it, so a
// generated crate needs no dependency but the runtime.
#[doc(no_inline)]
pub use serde::{Deserialize, Deserializer, Serialize, Serializer};
#[doc(no_inline)]
pub use serde_json::Value;

pub use crate::format::{Format, FormatError, Formatted};
// The format crates, for generated code to name their types (`rt::jiff::Timestamp`) with no
// dependency of its own.
#[cfg(feature = "base64")]
#[doc(no_inline)]
pub use base64;
#[cfg(feature = "chrono")]
#[doc(no_inline)]
pub use chrono;
#[cfg(feature = "jiff")]
#[doc(no_inline)]
pub use jiff;
#[cfg(feature = "url")]
#[doc(no_inline)]
pub use url;
#[cfg(feature = "uuid")]
#[doc(no_inline)]
pub use uuid;

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

/// The empty string, and only it: the `enum: [""]` alternative with which form APIs such as
/// Stripe's let a request clear a field (`anyOf: [X, {enum: [""]}]`). Any other value does
/// not deserialize as `EmptyString`, so a union tries its other alternatives.
///
/// ```
/// use d360_runtime::model::EmptyString;
/// assert_eq!(serde_json::to_string(&EmptyString).unwrap(), r#""""#);
/// assert!(serde_json::from_str::<EmptyString>(r#""""#).is_ok());
/// assert!(serde_json::from_str::<EmptyString>(r#""x""#).is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmptyString;

impl Serialize for EmptyString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("")
    }
}

impl<'de> Deserialize<'de> for EmptyString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        if value.is_empty() {
            Ok(Self)
        } else {
            Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&value),
                &"the empty string",
            ))
        }
    }
}

/// Implements `Display`, `Serialize` and `Deserialize` for a generated open enum, through the
/// enum's own `as_str` and `From<&str>`: the value is written as its wire string, and any
/// string reads (an unknown one as the catch-all variant).
///
/// With `, compare` it also implements `PartialEq`, `Eq`, `Hash`, `PartialOrd` and `Ord` by
/// the wire string: two values are equal when they are sent the same, and values sort as
/// their strings do, whatever order the API description lists them in. One comparison of
/// two strings per trait, rather than a derived match per enum, is what keeps a client with
/// thousands of enums quick to compile.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// enum Color { Red, Unknown(String) }
/// impl Color {
///     fn as_str(&self) -> &str {
///         match self { Self::Red => "red", Self::Unknown(v) => v }
///     }
/// }
/// impl From<&str> for Color {
///     fn from(v: &str) -> Self {
///         match v { "red" => Self::Red, other => Self::Unknown(other.to_owned()) }
///     }
/// }
/// d360_runtime::open_enum_impls!(Color);
///
/// assert_eq!(Color::Red.to_string(), "red");
/// assert_eq!(serde_json::from_str::<Color>(r#""teal""#).unwrap(), Color::Unknown("teal".into()));
/// assert_eq!(serde_json::to_string(&Color::Unknown("teal".into())).unwrap(), r#""teal""#);
/// ```
///
/// ```
/// #[derive(Clone, Debug)]
/// enum Size { Small, Large, Unknown(String) }
/// impl Size {
///     fn as_str(&self) -> &str {
///         match self { Self::Small => "small", Self::Large => "large", Self::Unknown(v) => v }
///     }
/// }
/// impl From<&str> for Size {
///     fn from(v: &str) -> Self {
///         match v { "small" => Self::Small, "large" => Self::Large, other => Self::Unknown(other.into()) }
///     }
/// }
/// d360_runtime::open_enum_impls!(Size, compare);
///
/// assert_eq!(Size::Small, Size::Unknown("small".into()));
/// assert_ne!(Size::Small, Size::Large);
/// let mut sizes = vec![Size::Small, Size::Unknown("medium".into()), Size::Large];
/// sizes.sort();
/// assert_eq!(sizes.iter().map(Size::as_str).collect::<Vec<_>>(), ["large", "medium", "small"]);
/// let set: std::collections::HashSet<Size> = [Size::Small, Size::Unknown("small".into())].into();
/// assert_eq!(set.len(), 1);
/// ```
#[macro_export]
macro_rules! open_enum_impls {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::model::read_open_enum(deserializer)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
    ($name:ident, compare) => {
        $crate::open_enum_impls!($name);

        impl ::std::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            #[inline]
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(self.as_str(), state)
            }
        }

        impl ::std::cmp::PartialOrd for $name {
            #[inline]
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
            }
        }

        impl ::std::cmp::Ord for $name {
            #[inline]
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }
    };
}

/// Reads a JSON object (what [`StructReader::read`] does; code from d360-codegen 0.1.0
/// calls it directly).
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
/// no written field shadows. [`serialize_fields`] writes through it (code from d360-codegen
/// 0.1.0 calls it directly).
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

    fn entry<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.written.push(name);
        self.map.serialize_entry(name, value)
    }

    /// A required property (nullable ones are `Option`, `None` written as `null`).
    pub fn required<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.entry(name, value)
    }

    /// An optional property: left out when `None`.
    pub fn optional<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(v) => self.entry(name, v),
            None => Ok(()),
        }
    }

    /// An optional, nullable property: left out, `null`, or the value.
    pub fn nullable<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Nullable<T>,
    ) -> Result<(), M::Error> {
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
        self.rest(rest)?;
        self.map.end()
    }

    /// Writes the additional properties that no field was written for.
    fn rest<'a, T: Serialize + 'a>(
        &mut self,
        rest: impl IntoIterator<Item = (&'a String, &'a T)>,
    ) -> Result<(), M::Error> {
        for (key, value) in rest {
            if !self.written.contains(&key.as_str()) {
                self.map.serialize_entry(key, value)?;
            }
        }
        Ok(())
    }
}

/// Reads the properties of a generated struct in its `Deserialize` impl.
///
/// A required property is taken with `?` (its absence ends the read); an optional one is
/// taken as is, and the first error it meets is kept and returned by [`finish`](Self::finish),
/// so a struct's read is one expression, not a chain of early returns. Generated code gets
/// one from [`read_struct`], with a fixed error type; code from older generators
/// calls [`read`](Self::read) and [`finish`](Self::finish) itself.
///
/// ```
/// use d360_runtime::model::{self as rt, Nullable};
///
/// struct Pet { name: String, tag: Option<String>, owner: Nullable<String>, rest: rt::Object }
///
/// impl Pet {
///     fn read_fields(fields: &mut rt::StructReader<rt::ReadError>) -> Result<Self, rt::ReadError> {
///         Ok(Pet {
///             name: fields.required("name")?,
///             tag: fields.optional("tag"),
///             owner: fields.nullable("owner"),
///             rest: fields.rest(),
///         })
///     }
/// }
///
/// impl<'de> rt::Deserialize<'de> for Pet {
///     fn deserialize<D: rt::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         rt::read_struct(deserializer, Self::read_fields)
///     }
/// }
///
/// let read = serde_json::from_str::<Pet>;
///
/// let pet = read(r#"{"name": "Rex", "owner": null, "age": 3}"#).unwrap();
/// assert_eq!((pet.name.as_str(), pet.tag, pet.owner), ("Rex", None, Nullable::Null));
/// assert_eq!(pet.rest["age"], 3);
/// assert!(read(r#"{"name": "Rex", "tag": 7}"#).is_err());
/// assert!(read(r#"{"tag": "x"}"#).is_err());
/// ```
pub struct StructReader<E> {
    object: Object,
    error: Option<E>,
}

impl<E: serde::de::Error> StructReader<E> {
    /// Reads a JSON object, the first step of every generated struct `Deserialize`.
    pub fn read<'de, D: Deserializer<'de, Error = E>>(deserializer: D) -> Result<Self, E> {
        Ok(Self::over(read_object(deserializer)?))
    }

    /// A reader of `object`'s properties, with no error met yet.
    fn over(object: Object) -> Self {
        Self {
            object,
            error: None,
        }
    }

    /// The error an optional property met before, if any: it comes first.
    fn first_error(&mut self) -> Result<(), E> {
        self.error.take().map_or(Ok(()), Err)
    }

    /// The value, or `unset` with the error kept (the first one only).
    fn keep<T>(&mut self, result: Result<T, E>, unset: T) -> T {
        result.unwrap_or_else(|e| {
            self.error.get_or_insert(e);
            unset
        })
    }

    /// Takes a required, non-nullable property.
    pub fn required<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, E> {
        self.first_error()?;
        required(&mut self.object, name)
    }

    /// Takes a required, nullable property: `null` is `None`.
    pub fn required_nullable<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
    ) -> Result<Option<T>, E> {
        self.first_error()?;
        required_nullable(&mut self.object, name)
    }

    /// Takes an optional, non-nullable property, as [`optional`] does; an error is kept for
    /// [`finish`](Self::finish).
    pub fn optional<T: DeserializeOwned>(&mut self, name: &'static str) -> Option<T> {
        let result = optional(&mut self.object, name);
        self.keep(result, None)
    }

    /// Takes an optional, nullable property, as [`nullable`] does; an error is kept for
    /// [`finish`](Self::finish).
    pub fn nullable<T: DeserializeOwned>(&mut self, name: &'static str) -> Nullable<T> {
        let result = nullable(&mut self.object, name);
        self.keep(result, Nullable::Absent)
    }

    /// The properties left after the known ones were taken (`additional_properties`).
    pub fn rest(&mut self) -> Object {
        std::mem::take(&mut self.object)
    }

    /// The value read, or the first error an optional property met.
    pub fn finish<T>(self, value: T) -> Result<T, E> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }
}

/// The error a generated struct's properties are read with, by [`read_struct`]: the
/// deserializer's own is made from its message.
pub type ReadError = serde_json::Error;

/// Reads a generated struct: the JSON object, then its properties through `read`. Every
/// generated struct's `Deserialize` is one call to it (see [`StructReader`] for an example).
///
/// `read` works on a [`StructReader`] whose error type is fixed ([`ReadError`]), not the
/// deserializer's, so it need not be generic over the deserializer (generated code passes a
/// plain function); an error it returns reaches the caller as the deserializer's own, with
/// the same message.
pub fn read_struct<'de, D, T>(
    deserializer: D,
    read: fn(&mut StructReader<ReadError>) -> Result<T, ReadError>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let mut fields = StructReader::over(read_object(deserializer)?);
    read(&mut fields)
        .and_then(|value| fields.finish(value))
        .map_err(serde::de::Error::custom)
}

/// The fields of a generated struct, visited in order: its `Serialize` and `Debug` impls are
/// one call each into the runtime ([`serialize_fields`], [`debug_fields`]), and the struct
/// lists its fields once, here, rather than once per impl.
///
/// ```
/// use d360_runtime::model::{self as rt, Nullable};
///
/// struct Pet { name: String, tag: Option<String>, owner: Nullable<String>, rest: rt::Object }
///
/// impl rt::Fields for Pet {
///     const NAME: &'static str = "Pet";
///     fn visit<V: rt::FieldVisitor>(&self, visitor: &mut V) {
///         visitor.required("name", "name", &self.name);
///         visitor.optional("tag", "tag", &self.tag);
///         visitor.nullable("owner", "owner", &self.owner);
///         visitor.rest("rest", &self.rest);
///     }
/// }
/// impl std::fmt::Debug for Pet {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         rt::debug_fields(self, f)
///     }
/// }
/// impl rt::Serialize for Pet {
///     fn serialize<S: rt::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
///         rt::serialize_fields(self, serializer)
///     }
/// }
///
/// let pet = Pet { name: "Rex".into(), tag: None, owner: Nullable::Null, rest: rt::Object::new() };
/// assert_eq!(serde_json::to_string(&pet).unwrap(), r#"{"name":"Rex","owner":null}"#);
/// assert_eq!(
///     format!("{pet:?}"),
///     r#"Pet { name: "Rex", tag: None, owner: Null, rest: {} }"#,
/// );
/// ```
pub trait Fields {
    /// The struct's name, as `Debug` writes it.
    const NAME: &'static str;

    /// Calls `visitor` once per field, in the order of declaration, and then once with the
    /// additional properties.
    fn visit<V: FieldVisitor>(&self, visitor: &mut V);
}

/// What [`Fields::visit`] calls: one method per kind of field, each given the field's Rust
/// name (for `Debug`), its name on the wire (for serialization) and its value.
pub trait FieldVisitor {
    /// A required field (a nullable one is an `Option`, `None` written as `null`).
    fn required<T: Serialize + Debug + ?Sized>(
        &mut self,
        name: &'static str,
        wire: &'static str,
        value: &T,
    );

    /// An optional field: left out when `None`.
    fn optional<T: Serialize + Debug>(
        &mut self,
        name: &'static str,
        wire: &'static str,
        value: &Option<T>,
    );

    /// An optional, nullable field: left out, `null`, or the value.
    fn nullable<T: Serialize + Debug>(
        &mut self,
        name: &'static str,
        wire: &'static str,
        value: &Nullable<T>,
    );

    /// The properties the schema does not describe.
    fn rest(&mut self, name: &'static str, value: &Object);
}

/// Serializes a generated struct: its fields in order (an optional one left out when unset),
/// then the additional properties that no field shadows. The first error a field meets is
/// kept, the fields after it are skipped, and it is returned.
pub fn serialize_fields<F: Fields + ?Sized, S: Serializer>(
    value: &F,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    struct Writing<M: SerializeMap> {
        writer: ObjectWriter<M>,
        error: Option<M::Error>,
    }
    impl<M: SerializeMap> Writing<M> {
        fn keep(&mut self, write: impl FnOnce(&mut ObjectWriter<M>) -> Result<(), M::Error>) {
            if self.error.is_none() {
                if let Err(e) = write(&mut self.writer) {
                    self.error = Some(e);
                }
            }
        }
    }
    impl<M: SerializeMap> FieldVisitor for Writing<M> {
        fn required<T: Serialize + Debug + ?Sized>(
            &mut self,
            _: &'static str,
            wire: &'static str,
            value: &T,
        ) {
            self.keep(|w| w.required(wire, value));
        }
        fn optional<T: Serialize + Debug>(
            &mut self,
            _: &'static str,
            wire: &'static str,
            value: &Option<T>,
        ) {
            self.keep(|w| w.optional(wire, value));
        }
        fn nullable<T: Serialize + Debug>(
            &mut self,
            _: &'static str,
            wire: &'static str,
            value: &Nullable<T>,
        ) {
            self.keep(|w| w.nullable(wire, value));
        }
        fn rest(&mut self, _: &'static str, value: &Object) {
            self.keep(|w| w.rest(value));
        }
    }
    let mut writing = Writing {
        writer: ObjectWriter::new(serializer)?,
        error: None,
    };
    value.visit(&mut writing);
    match writing.error {
        Some(e) => Err(e),
        None => writing.writer.map.end(),
    }
}

/// Formats a generated struct as `#[derive(Debug)]` would: `Name { field: value, .. }`, with
/// the Rust names of the fields, the additional properties last.
pub fn debug_fields<F: Fields + ?Sized>(value: &F, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    struct Debugging<'a, 'b> {
        out: fmt::DebugStruct<'a, 'b>,
    }
    impl FieldVisitor for Debugging<'_, '_> {
        fn required<T: Serialize + Debug + ?Sized>(
            &mut self,
            name: &'static str,
            _: &'static str,
            value: &T,
        ) {
            self.out.field(name, &value);
        }
        fn optional<T: Serialize + Debug>(
            &mut self,
            name: &'static str,
            _: &'static str,
            value: &Option<T>,
        ) {
            self.out.field(name, value);
        }
        fn nullable<T: Serialize + Debug>(
            &mut self,
            name: &'static str,
            _: &'static str,
            value: &Nullable<T>,
        ) {
            self.out.field(name, value);
        }
        fn rest(&mut self, name: &'static str, value: &Object) {
            self.out.field(name, value);
        }
    }
    let mut debugging = Debugging {
        out: f.debug_struct(F::NAME),
    };
    value.visit(&mut debugging);
    debugging.out.finish()
}

/// Deserializes a union: the first alternative a value fits, else the catch-all. Generated
/// union `Deserialize` impls chain one [`fit`](Self::fit) per alternative, each given the
/// alternative's constructor, and end with [`or`](Self::or):
///
/// ```
/// use d360_runtime::model as rt;
///
/// #[derive(Debug, PartialEq)]
/// enum IdOrCount { Id(String), Count(u32), Other(rt::Value) }
///
/// let read = |value: rt::Value| {
///     rt::Alternatives::of(value).fit(IdOrCount::Id).fit(IdOrCount::Count).or(IdOrCount::Other)
/// };
/// assert_eq!(read("a".into()), IdOrCount::Id("a".into()));
/// assert_eq!(read(7.into()), IdOrCount::Count(7));
/// assert_eq!(read(true.into()), IdOrCount::Other(true.into()));
/// ```
pub struct Alternatives<U> {
    value: Value,
    found: Option<U>,
}

impl<U> Alternatives<U> {
    /// Starts with the value read.
    pub fn of(value: Value) -> Self {
        Self { value, found: None }
    }

    /// Tries the alternative `T` (made into `U` by `make`), if none before it fit.
    pub fn fit<T: DeserializeOwned>(mut self, make: fn(T) -> U) -> Self {
        if self.found.is_none() {
            self.found = try_as(&self.value).map(make);
        }
        self
    }

    /// Tries a typed format, which fits only text that parses (see [`try_valid`]).
    pub fn fit_valid<T: Format>(mut self, make: fn(Formatted<T>) -> U) -> Self {
        if self.found.is_none() {
            self.found = try_valid(&self.value).map(make);
        }
        self
    }

    /// The alternative that fit, or `other` with the value as it came.
    pub fn or(self, other: fn(Value) -> U) -> U {
        match self.found {
            Some(found) => found,
            None => other(self.value),
        }
    }
}

/// Deserializes a union: the first alternative `value` fits, else `other(value)`.
/// Code from d360-codegen 0.1.0 calls this with one closure per alternative; newer code
/// chains [`Alternatives`].
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

/// Tries a typed format on a borrowed value (for [`first_fit`]): in a union, a typed
/// alternative fits only text that parses, so `oneOf: [date, date-time]` picks the one the
/// value is, and text that is neither goes on to the next alternative (or the union's
/// catch-all, as it came).
pub fn try_valid<T: Format>(value: &Value) -> Option<Formatted<T>> {
    try_as::<String>(value)
        .map(Formatted::from_raw)
        .filter(Formatted::is_valid)
}

/// Reads the string a discriminated union dispatches on.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(Value::as_str)
}

/// Reads any JSON value (the first step of a union `Deserialize`).
pub fn read_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    Value::deserialize(deserializer)
}

/// Reads an open enum: a string, made a variant by its `From<&str>`.
pub fn read_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    Ok(T::from(&read_string(deserializer)?))
}

/// Reads a string (what [`read_open_enum`] starts with; the open enum macro of 0.1.0 called
/// it, and it stays public for code that does).
pub fn read_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer)
}

/// Turns a value back into `D::Error` context (for unions whose alternatives all failed
/// and which have no catch-all).
pub fn no_fit<E: serde::de::Error>(type_name: &str) -> E {
    E::custom(format_args!(
        "the value fits no alternative of `{type_name}`"
    ))
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

/// How a query parameter that is not a plain scalar goes into the query string: the
/// OpenAPI `style` and `explode` of the parameter.
///
/// | style | `[3, 4]` as `id` | `{"a": 1, "b": 2}` as `id` |
/// |---|---|---|
/// | `FormExploded` (the default) | `id=3&id=4` | `a=1&b=2` |
/// | `Form` | `id=3,4` | `id=a,1,b,2` |
/// | `SpaceDelimited` | `id=3 4` | `id=a,1,b,2` |
/// | `PipeDelimited` | `id=3\|4` | `id=a,1,b,2` |
/// | `DeepObject` | `id[0]=3&id[1]=4` | `id[a]=1&id[b]=2` |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QueryStyle {
    /// `style: form, explode: true`.
    FormExploded,
    /// `style: form, explode: false`.
    Form,
    /// `style: spaceDelimited`.
    SpaceDelimited,
    /// `style: pipeDelimited`.
    PipeDelimited,
    /// `style: deepObject`: nested objects and arrays in brackets, as Stripe and Rails read them.
    DeepObject,
}

/// The `(name, value)` pairs of one query parameter in the given style. Scalars give one
/// pair (`null` none); see [`QueryStyle`] for arrays and objects.
pub fn query_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: QueryStyle,
) -> Vec<(String, String)> {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    let mut out = Vec::new();
    match (style, value) {
        (_, Value::Null) => {}
        (QueryStyle::DeepObject, value) => flatten(name.to_owned(), &value, true, &mut out),
        (QueryStyle::FormExploded, Value::Array(items)) => {
            out.extend(items.iter().map(|v| (name.to_owned(), scalar_text(v))));
        }
        (QueryStyle::FormExploded, Value::Object(map)) => {
            out.extend(map.iter().map(|(k, v)| (k.clone(), scalar_text(v))));
        }
        (style, Value::Array(items)) => {
            let sep = match style {
                QueryStyle::SpaceDelimited => " ",
                QueryStyle::PipeDelimited => "|",
                _ => ",",
            };
            let joined: Vec<String> = items.iter().map(scalar_text).collect();
            out.push((name.to_owned(), joined.join(sep)));
        }
        (_, Value::Object(map)) => {
            let joined: Vec<String> = map
                .iter()
                .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
                .collect();
            out.push((name.to_owned(), joined.join(",")));
        }
        (_, scalar) => out.push((name.to_owned(), scalar_text(&scalar))),
    }
    out
}

/// Writes `value` as bracketed pairs under `key`: `key[a][0]=x`. A `null` is written as an
/// empty value when `keep_null` (a form field set to `null` clears it), else left out.
fn flatten(key: String, value: &Value, keep_null: bool, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(format!("{key}[{k}]"), v, keep_null, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(format!("{key}[{i}]"), v, keep_null, out);
            }
        }
        Value::Null if !keep_null => {}
        scalar => out.push((key, scalar_text(scalar))),
    }
}

/// The pairs of an `application/x-www-form-urlencoded` body: each property of `body` (an
/// object) is one field. Nested objects are written in brackets (`card[number]=4242`),
/// arrays of objects with indices (`items[0][price]=p`); an array of scalars repeats the
/// field (`tag=a&tag=b`) unless the property is listed in `deep` (its `encoding` says
/// `style: deepObject`), which writes indices (`expand[0]=a`). A `null` is sent as an empty
/// value, which is how form APIs clear a field.
///
/// ```
/// # use d360_runtime::model::form_pairs;
/// let body = serde_json::json!({"amount": 5, "expand": ["a"], "metadata": {"k": "v"}, "tag": ["x", "y"]});
/// let pairs = form_pairs(&body, &["expand"]).unwrap();
/// let text: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
/// assert_eq!(text, ["amount=5", "expand[0]=a", "metadata[k]=v", "tag=x", "tag=y"]);
/// ```
pub fn form_pairs<T: Serialize + ?Sized>(
    body: &T,
    deep: &[&str],
) -> Result<Vec<(String, String)>, String> {
    let value = serde_json::to_value(body)
        .map_err(|e| format!("the body does not serialize as a form: {e}"))?;
    let Value::Object(map) = value else {
        return Err("the body does not serialize as a form: expected an object".to_owned());
    };
    let mut out = Vec::with_capacity(map.len());
    for (key, value) in map {
        match value {
            Value::Array(items) if !deep.contains(&key.as_str()) => {
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Object(_) | Value::Array(_) => {
                            flatten(format!("{key}[{i}]"), item, true, &mut out)
                        }
                        scalar => out.push((key.clone(), scalar_text(scalar))),
                    }
                }
            }
            value => flatten(key, &value, true, &mut out),
        }
    }
    Ok(out)
}

/// A `multipart/form-data` body, built part by part. Generated code adds one part per
/// property of the body; [`encode`](Self::encode) gives the bytes and content type that
/// [`Request::body_bytes`](crate::Request::body_bytes) sends.
///
/// Text and numbers become text parts, objects JSON parts (`application/json`), arrays one
/// part per element, and bytes a file part (`application/octet-stream`, the property name as
/// file name).
///
/// ```
/// # use d360_runtime::model::Multipart;
/// let mut form = Multipart::new();
/// form.value("messaging_product", "whatsapp");
/// form.bytes("file", b"\x89PNG");
/// let (body, content_type) = form.encode();
/// assert!(content_type.starts_with("multipart/form-data; boundary="));
/// assert!(body.windows(8).any(|w| w == b"whatsapp"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<&'static str>,
    data: Vec<u8>,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// A form with one part per property of `body`, which must serialize as a JSON object
    /// (see [`value`](Self::value) for how each property is written).
    pub fn from_fields<T: Serialize + ?Sized>(body: &T) -> Result<Self, String> {
        match serde_json::to_value(body) {
            Ok(Value::Object(fields)) => {
                let mut form = Self::new();
                form.rest(&fields);
                Ok(form)
            }
            Ok(_) => Err("a multipart body must serialize as an object".to_owned()),
            Err(e) => Err(format!("the body does not serialize as multipart: {e}")),
        }
    }

    /// Adds a text part.
    pub fn text(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            data: value.into().into_bytes(),
        });
        self
    }

    /// Adds a file part holding `data`.
    pub fn bytes(&mut self, name: &str, data: &[u8]) -> &mut Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(name.to_owned()),
            content_type: Some("application/octet-stream"),
            data: data.to_vec(),
        });
        self
    }

    /// Adds a value: a text part for a scalar, a JSON part for an object, one part per
    /// element for an array, nothing for `null`.
    pub fn value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        self.json_value(name, &value)
    }

    /// Adds an optional value: nothing when `None`.
    pub fn optional<T: Serialize>(&mut self, name: &str, value: &Option<T>) -> &mut Self {
        match value {
            Some(v) => self.value(name, v),
            None => self,
        }
    }

    /// Adds an optional, nullable value: nothing when absent, an empty text part for `null`.
    pub fn nullable<T: Serialize>(&mut self, name: &str, value: &Nullable<T>) -> &mut Self {
        match value {
            Nullable::Absent => self,
            Nullable::Null => self.text(name, ""),
            Nullable::Value(v) => self.value(name, v),
        }
    }

    /// Adds every property of `object` (a body's additional properties) as a value.
    pub fn rest(&mut self, object: &Object) -> &mut Self {
        for (name, value) in object {
            self.json_value(name, value);
        }
        self
    }

    fn json_value(&mut self, name: &str, value: &Value) -> &mut Self {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                for item in items {
                    self.json_value(name, item);
                }
            }
            Value::Object(_) => self.parts.push(Part {
                name: name.to_owned(),
                file_name: None,
                content_type: Some("application/json"),
                data: value.to_string().into_bytes(),
            }),
            scalar => {
                self.text(name, scalar_text(scalar));
            }
        }
        self
    }

    /// The encoded body and its content type (`multipart/form-data; boundary=...`). The
    /// boundary is chosen so that no part contains it.
    pub fn encode(&self) -> (Vec<u8>, String) {
        let boundary = (0u64..)
            .map(|n| format!("d360-form-boundary-{n:x}"))
            .find(|b| !self.parts.iter().any(|p| contains(&p.data, b.as_bytes())))
            .unwrap_or_default();
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(b"--");
            body.extend_from_slice(boundary.as_bytes());
            body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            body.extend_from_slice(quoted(&part.name).as_bytes());
            body.push(b'"');
            if let Some(file_name) = &part.file_name {
                body.extend_from_slice(b"; filename=\"");
                body.extend_from_slice(quoted(file_name).as_bytes());
                body.push(b'"');
            }
            if let Some(content_type) = part.content_type {
                body.extend_from_slice(b"\r\nContent-Type: ");
                body.extend_from_slice(content_type.as_bytes());
            }
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"--\r\n");
        (body, format!("multipart/form-data; boundary={boundary}"))
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A part name as a quoted-string: quotes and line breaks percent-encoded, as browsers do.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A model in the shape d360-codegen generates (see the snapshot crates for the real ones).
    #[derive(PartialEq)]
    struct Partner {
        id: Option<String>,
        brand_name: Option<String>,
        logo_url: Nullable<String>,
        http_code: i64,
        extra: Object,
    }

    impl Fields for Partner {
        const NAME: &'static str = "Partner";
        fn visit<V: FieldVisitor>(&self, visitor: &mut V) {
            visitor.optional("id", "id", &self.id);
            visitor.optional("brand_name", "brand_name", &self.brand_name);
            visitor.nullable("logo_url", "logo_url", &self.logo_url);
            visitor.required("http_code", "http_code", &self.http_code);
            visitor.rest("extra", &self.extra);
        }
    }

    impl Debug for Partner {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            debug_fields(self, f)
        }
    }

    impl Partner {
        fn read_fields(fields: &mut StructReader<ReadError>) -> Result<Self, ReadError> {
            Ok(Self {
                id: fields.optional("id"),
                brand_name: fields.optional("brand_name"),
                logo_url: fields.nullable("logo_url"),
                http_code: fields.required("http_code")?,
                extra: fields.rest(),
            })
        }
    }

    impl<'de> Deserialize<'de> for Partner {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            read_struct(d, Self::read_fields)
        }
    }

    /// `Partner` read as older generated code reads it: generic over the
    /// deserializer's error all through.
    #[derive(Debug, PartialEq)]
    struct PartnerBefore(Partner);

    impl<'de> Deserialize<'de> for PartnerBefore {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let mut fields = StructReader::read(d)?;
            let value = Partner {
                id: fields.optional("id"),
                brand_name: fields.optional("brand_name"),
                logo_url: fields.nullable("logo_url"),
                http_code: fields.required("http_code")?,
                extra: fields.rest(),
            };
            fields.finish(value).map(PartnerBefore)
        }
    }

    #[test]
    fn read_struct_reads_and_fails_as_the_generic_reader_does() {
        let inputs = [
            r#"{"http_code": 200, "id": "p1", "logo_url": null, "x": [1]}"#,
            r#"{}"#,
            r#"{"http_code": "x"}"#,
            r#"{"id": 1, "brand_name": 2, "http_code": 3}"#,
            r#"{"logo_url": 5}"#,
            r#"[1, 2]"#,
            r#"{"http_code": 1,"#,
        ];
        for input in inputs {
            // From text (a response's body) and from a value (how nested models are read).
            let now = serde_json::from_str::<Partner>(input);
            let before = serde_json::from_str::<PartnerBefore>(input);
            match (now, before) {
                (Ok(now), Ok(before)) => assert_eq!(now, before.0, "{input}"),
                (Err(now), Err(before)) => assert_eq!(now.to_string(), before.to_string()),
                (now, before) => panic!("{input}: {now:?} against {before:?}"),
            }
            let Ok(value) = serde_json::from_str::<Value>(input) else {
                continue;
            };
            let now = serde_json::from_value::<Partner>(value.clone());
            let before = serde_json::from_value::<PartnerBefore>(value);
            match (now, before) {
                (Ok(now), Ok(before)) => assert_eq!(now, before.0, "{input}"),
                (Err(now), Err(before)) => assert_eq!(now.to_string(), before.to_string()),
                (now, before) => panic!("{input}: {now:?} against {before:?}"),
            }
        }
        let e = serde_json::from_str::<Partner>("{\n\"http_code\": \"x\"}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "field `http_code`: invalid type: string \"x\", expected i64"
        );
    }

    impl Serialize for Partner {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize_fields(self, s)
        }
    }

    #[test]
    fn the_first_error_is_the_one_returned() {
        // An optional field's error, kept, comes before a later required field's.
        let e = serde_json::from_value::<Partner>(json!({"id": 1})).unwrap_err();
        assert!(e.to_string().contains("field `id`"), "{e}");
        let e =
            serde_json::from_value::<Partner>(json!({"id": 1, "brand_name": 2, "http_code": 3}))
                .unwrap_err();
        assert!(e.to_string().contains("field `id`"), "{e}");
        let e =
            serde_json::from_value::<Partner>(json!({"logo_url": 5, "http_code": 3})).unwrap_err();
        assert!(e.to_string().contains("field `logo_url`"), "{e}");
    }

    #[test]
    fn debug_reads_as_derived() {
        let p: Partner =
            serde_json::from_value(json!({"id": "p", "logo_url": null, "http_code": 1, "x": 2}))
                .unwrap();
        assert_eq!(
            format!("{p:?}"),
            r#"Partner { id: Some("p"), brand_name: None, logo_url: Null, http_code: 1, extra: {"x": Number(2)} }"#
        );
    }

    #[test]
    fn a_field_that_fails_to_write_ends_the_object_with_its_error() {
        struct Refused;
        impl Serialize for Refused {
            fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("refused"))
            }
        }
        impl Debug for Refused {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Refused")
            }
        }
        struct Three {
            a_refused: bool,
            b: Option<Refused>,
            c: i64,
            rest: Object,
        }
        impl Fields for Three {
            const NAME: &'static str = "Three";
            fn visit<V: FieldVisitor>(&self, visitor: &mut V) {
                if self.a_refused {
                    visitor.required("a", "a", &Refused);
                } else {
                    visitor.required("a", "a", &1);
                }
                visitor.optional("b", "b", &self.b);
                visitor.required("c", "c", &self.c);
                visitor.rest("rest", &self.rest);
            }
        }
        fn write(a_refused: bool) -> (Result<(), String>, String) {
            let mut rest = Object::new();
            rest.insert("d".into(), json!(4));
            let three = Three {
                a_refused,
                b: Some(Refused),
                c: 3,
                rest,
            };
            let mut out = Vec::new();
            let mut serializer = serde_json::Serializer::new(&mut out);
            let result = serialize_fields(&three, &mut serializer).map_err(|e| e.to_string());
            (result, String::from_utf8(out).unwrap())
        }
        let (result, out) = write(false);
        assert_eq!(result, Err("refused".to_owned()));
        assert!(
            out.contains("\"a\"") && !out.contains("\"c\"") && !out.contains("\"d\""),
            "the fields before the error are written, nothing after it: {out}"
        );
        let (result, out) = write(true);
        assert_eq!(result, Err("refused".to_owned()));
        assert!(!out.contains("\"c\""), "{out}");
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
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            json!({"brand_name": "x", "http_code": 1})
        );
    }

    #[test]
    fn absent_null_value_are_distinct() {
        for (input, want) in [
            (json!({"http_code": 1}), Nullable::Absent),
            (json!({"http_code": 1, "logo_url": null}), Nullable::Null),
            (
                json!({"http_code": 1, "logo_url": "u"}),
                Nullable::Value("u".to_owned()),
            ),
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

    #[test]
    fn query_styles() {
        let pairs = |v: Value, style| {
            query_pairs("id", &v, style)
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
        };
        use QueryStyle::*;
        assert_eq!(pairs(json!([3, 4]), FormExploded), ["id=3", "id=4"]);
        assert_eq!(pairs(json!([3, 4]), Form), ["id=3,4"]);
        assert_eq!(pairs(json!([3, 4]), SpaceDelimited), ["id=3 4"]);
        assert_eq!(pairs(json!([3, 4]), PipeDelimited), ["id=3|4"]);
        assert_eq!(pairs(json!([3, 4]), DeepObject), ["id[0]=3", "id[1]=4"]);
        assert_eq!(
            pairs(json!({"a": 1, "b": "x"}), FormExploded),
            ["a=1", "b=x"]
        );
        assert_eq!(pairs(json!({"a": 1, "b": "x"}), Form), ["id=a,1,b,x"]);
        assert_eq!(
            pairs(json!({"gte": 1, "r": {"lt": 2}}), DeepObject),
            ["id[gte]=1", "id[r][lt]=2"]
        );
        assert_eq!(pairs(json!("s"), DeepObject), ["id=s"]);
        assert_eq!(pairs(json!(null), FormExploded), Vec::<String>::new());
    }

    #[test]
    fn form_bodies_nest_in_brackets() {
        let body = json!({
            "a": 1,
            "card": {"number": "4242", "exp": {"month": 1}},
            "items": [{"price": "p"}],
            "tag": ["x", "y"],
            "expand": ["e"],
            "clear": null,
        });
        let mut text: Vec<String> = form_pairs(&body, &["expand"])
            .unwrap()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        // Property order depends on serde_json's `preserve_order`; nesting order does not.
        text.sort();
        assert_eq!(
            text,
            [
                "a=1",
                "card[exp][month]=1",
                "card[number]=4242",
                "clear=",
                "expand[0]=e",
                "items[0][price]=p",
                "tag=x",
                "tag=y",
            ]
        );
        assert!(form_pairs(&json!([1]), &[]).is_err());
    }

    #[test]
    fn multipart_parts_and_boundary() {
        let mut form = Multipart::new();
        form.value("name", "d360-form-boundary-0")
            .optional("skip", &None::<String>)
            .optional("n", &Some(3))
            .nullable("cleared", &Nullable::<String>::Null)
            .value("meta", &json!({"k": [1]}))
            .value("tags", &["a", "b"])
            .bytes("file", &[0, 159, 146, 150])
            .rest(
                &json!({"extra": true})
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
            );
        assert_eq!(
            Multipart::from_fields(&json!({"n": 3})),
            Ok(Multipart::new().value("n", &3).clone())
        );
        assert!(Multipart::from_fields(&json!([1])).is_err());
        let (body, content_type) = form.encode();
        // The first candidate boundary occurs in a part, so another is chosen.
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=d360-form-boundary-1"
        );
        let text = String::from_utf8_lossy(&body);
        let b = "--d360-form-boundary-1";
        let expected = format!(
            "{b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nd360-form-boundary-0\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n3\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"cleared\"\r\n\r\n\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":[1]}}\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{0}\u{FFFD}\u{FFFD}\u{FFFD}\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"extra\"\r\n\r\ntrue\r\n\
             {b}--\r\n"
        );
        assert_eq!(text, expected);
        assert!(body.windows(4).any(|w| w == [0, 159, 146, 150]));
    }
}
