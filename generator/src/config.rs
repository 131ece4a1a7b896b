//! What a caller can choose about the generated code.
//!
//! # Formats
//!
//! A string schema's `format` is generated as `String` unless the configuration chooses a
//! typed Rust type for it (`"formats": {"date-time": "jiff"}`). A typed field is
//! `d360_runtime::Formatted<T>`: it keeps the text exactly as it came, so a value that does
//! not parse still decodes and is written back byte for byte, while `.get()` gives the `T`
//! or says why there is none. The generated crate needs the runtime feature named below.
//!
//! | `format` | default | typed choice (runtime feature) | Rust type | a value that does not parse |
//! |---|---|---|---|---|
//! | `date-time` | `String` | `"jiff"` | `Formatted<jiff::Timestamp>` | decodes; `.get()` errs (e.g. no offset), `.raw()` is the text, written back as it came |
//! | `date-time` | `String` | `"chrono"` | `Formatted<chrono::DateTime<chrono::FixedOffset>>` | the same |
//! | `date` | `String` | `"jiff"` | `Formatted<jiff::civil::Date>` | the same |
//! | `date` | `String` | `"chrono"` | `Formatted<chrono::NaiveDate>` | the same |
//! | `uuid` | `String` | `"uuid"` | `Formatted<uuid::Uuid>` | the same |
//! | `uri`, `url` | `String` | `"url"` | `Formatted<url::Url>` | the same (`""`, a relative reference) |
//! | `byte` | `String` | `"base64"` | `Formatted<Vec<u8>>` (base64-decoded) | the same |
//! | `email` and any other | `String` | none (`"string"` only) | `String` | kept as text |
//!
//! `"string"` is accepted for every format and is the default. A value built from a `T`
//! (`Formatted::from(t)`) is sent in its canonical form; one set from text
//! (`Formatted::from_raw(s)`) is sent as that text. In a union (`oneOf`/`anyOf`) a typed
//! alternative fits only text that parses, so `anyOf: [date, date-time]` picks the one the
//! value is; text that fits no alternative is kept whole in the union's catch-all variant.

use crate::diag::{join, Errors};
use std::collections::BTreeMap;

pub mod selection;

pub use selection::{Route, Selection, Selector, SelectorKind};

/// The Rust type chosen for a string `format` (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormatType {
    /// `String`: the default, for every format.
    String,
    /// `jiff`: `date-time` as `jiff::Timestamp`, `date` as `jiff::civil::Date`.
    Jiff,
    /// `chrono`: `date-time` as `chrono::DateTime<chrono::FixedOffset>` (keeps the offset),
    /// `date` as `chrono::NaiveDate`.
    Chrono,
    /// `uuid::Uuid`, for `uuid`.
    Uuid,
    /// `url::Url`, for `uri` and `url`.
    Url,
    /// Base64-decoded bytes (`Vec<u8>`), for `byte`.
    Base64,
}

impl FormatType {
    /// Every choice, as written in a config file.
    pub const ALL: [FormatType; 6] = [
        FormatType::String,
        FormatType::Jiff,
        FormatType::Chrono,
        FormatType::Uuid,
        FormatType::Url,
        FormatType::Base64,
    ];

    /// The name a config file gives it (`"jiff"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Jiff => "jiff",
            Self::Chrono => "chrono",
            Self::Uuid => "uuid",
            Self::Url => "url",
            Self::Base64 => "base64",
        }
    }

    /// The choice a config file names.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The `d360-runtime` feature the generated code needs for this choice (`None` for
    /// `String`).
    pub fn runtime_feature(self) -> Option<&'static str> {
        match self {
            Self::String => None,
            other => Some(other.name()),
        }
    }
}

/// The typed Rust type for `format` under `choice`, or `None` when the choice is `String`
/// or does not apply to the format.
pub fn typed_format(format: &str, choice: FormatType) -> Option<crate::ir::Typed> {
    use crate::ir::Typed;
    match (format, choice) {
        ("date-time", FormatType::Jiff) => Some(Typed::Timestamp),
        ("date", FormatType::Jiff) => Some(Typed::Date),
        ("date-time", FormatType::Chrono) => Some(Typed::ChronoDateTime),
        ("date", FormatType::Chrono) => Some(Typed::ChronoDate),
        ("uuid", FormatType::Uuid) => Some(Typed::Uuid),
        ("uri" | "url", FormatType::Url) => Some(Typed::Url),
        ("byte", FormatType::Base64) => Some(Typed::Base64),
        _ => None,
    }
}

/// The typed choices a format has (besides `string`).
pub fn format_choices(format: &str) -> Vec<FormatType> {
    FormatType::ALL
        .into_iter()
        .filter(|c| typed_format(format, *c).is_some())
        .collect()
}

/// Options for one generator run. Build one with [`Config::default`] and the setters, or
/// read one from a JSON file with [`Config::from_json`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Rust method names for operations, keyed by operationId (or by `METHOD /path`).
    pub operation_names: BTreeMap<String, String>,
    /// The Rust type of each string `format` (a format left out is `String`).
    pub formats: BTreeMap<String, FormatType>,
    /// Schemas replaced by a type of the caller's (`my_crate::Money`), keyed by schema name
    /// or by pointer (`#/components/schemas/Money`). The schema's own type is not generated.
    pub replace: BTreeMap<String, String>,
    /// Derives added to generated types, keyed by Rust type name or schema name, `*` for all.
    pub derives: BTreeMap<String, Vec<String>>,
    /// Attributes added to generated types (`serde(deny_unknown_fields)` is not useful, but
    /// `cfg_attr(feature = "x", derive(Y))` is), keyed as `derives`; written without `#[ ]`.
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Where the settings came from, for error messages (the config file's path).
    pub origin: String,

    // What to generate (`select`, `features_per_tag`): see `selection`.
    /// Which operations to generate (default: all), and with them the types they reach.
    pub select: Selection,
    /// Gates each operation and type behind a Cargo feature per tag
    /// (see [`crate::select::features_per_tag`]).
    pub features_per_tag: bool,
    /// Gives the types that come out alike (the same values, fields or alternatives) one
    /// definition, each keeping its name as an alias (see
    /// [`crate::select::share_identical`]).
    pub share_identical_types: bool,
}

const SETTINGS: &str =
    "`operation_names`, `formats`, `replace`, `derives`, `attributes`, `select`, `features_per_tag` \
     or `share_identical_types`";

impl Config {
    /// Names the method generated for the operation `operation_id` (or `"GET /path"`).
    ///
    /// ```
    /// let mut config = d360_codegen::Config::default();
    /// config.operation_name("get_partner_management_docs_api_get_partner", "get_partner");
    /// ```
    pub fn operation_name(&mut self, operation_id: &str, method_name: &str) -> &mut Self {
        self.operation_names
            .insert(operation_id.to_owned(), method_name.to_owned());
        self
    }

    /// Generates string schemas with `format` as `choice` (see the [module docs](self)).
    ///
    /// ```
    /// use d360_codegen::config::{Config, FormatType};
    /// let mut config = Config::default();
    /// config.format("date-time", FormatType::Jiff).format("uuid", FormatType::Uuid);
    /// ```
    pub fn format(&mut self, format: &str, choice: FormatType) -> &mut Self {
        self.formats.insert(format.to_owned(), choice);
        self
    }

    /// Uses the caller's type `rust_path` wherever the schema `schema` (a name under
    /// `#/components/schemas`, or its pointer) is used; the schema's type is not generated.
    /// The type must implement `Clone`, `Debug`, `PartialEq`, `serde::Serialize` and
    /// `serde::de::DeserializeOwned`.
    ///
    /// ```
    /// let mut config = d360_codegen::Config::default();
    /// config.replace("Money", "my_crate::Money");
    /// ```
    pub fn replace(&mut self, schema: &str, rust_path: &str) -> &mut Self {
        self.replace.insert(schema.to_owned(), rust_path.to_owned());
        self
    }

    /// Adds `derive` to the generated type `type_name` (Rust or schema name; `*`: all).
    /// `Eq`, `Hash`, `PartialOrd`, `Ord`, `Default` and `Copy` are checked: a type they
    /// cannot hold for is an error naming the field, not code that does not compile.
    ///
    /// ```
    /// let mut config = d360_codegen::Config::default();
    /// config.derive("*", "Eq").derive("Partner", "schemars::JsonSchema");
    /// ```
    pub fn derive(&mut self, type_name: &str, derive: &str) -> &mut Self {
        self.derives
            .entry(type_name.to_owned())
            .or_default()
            .push(derive.to_owned());
        self
    }

    /// Adds the attribute `#[attribute]` to the generated type `type_name` (`*`: all).
    ///
    /// ```
    /// let mut config = d360_codegen::Config::default();
    /// config.attribute("*", "cfg_attr(feature = \"schema\", derive(schemars::JsonSchema))");
    /// ```
    pub fn attribute(&mut self, type_name: &str, attribute: &str) -> &mut Self {
        self.attributes
            .entry(type_name.to_owned())
            .or_default()
            .push(attribute.to_owned());
        self
    }

    /// The settings of `other` added to these (`other` wins where both set one thing).
    pub fn merge(&mut self, other: &Config) {
        self.operation_names.extend(other.operation_names.clone());
        self.select.extend(&other.select);
        self.features_per_tag |= other.features_per_tag;
        self.share_identical_types |= other.share_identical_types;
        self.formats.extend(other.formats.clone());
        self.replace.extend(other.replace.clone());
        for (key, list) in &other.derives {
            self.derives
                .entry(key.clone())
                .or_default()
                .extend(list.clone());
        }
        for (key, list) in &other.attributes {
            self.attributes
                .entry(key.clone())
                .or_default()
                .extend(list.clone());
        }
    }

    /// The runtime features the chosen formats need, sorted, each once.
    pub fn runtime_features(&self) -> Vec<&'static str> {
        let mut features: Vec<&'static str> = self
            .formats
            .values()
            .filter_map(|c| c.runtime_feature())
            .collect();
        features.sort_unstable();
        features.dedup();
        features
    }

    /// Reads a config file:
    ///
    /// ```json
    /// {
    ///   "operation_names": {"operationId": "method_name"},
    ///   "formats": {"date-time": "jiff", "uuid": "uuid", "url": "url", "byte": "base64"},
    ///   "replace": {"Money": "my_crate::Money"},
    ///   "derives": {"*": ["Eq", "Hash"], "Partner": ["schemars::JsonSchema"]},
    ///   "attributes": {"Partner": ["doc(alias = \"account\")"]},
    ///   "select": {"include": {"tags": ["partners"]}, "untyped_expansions": false},
    ///   "features_per_tag": false,
    ///   "share_identical_types": false
    /// }
    /// ```
    ///
    /// `select`, `features_per_tag` and `share_identical_types` choose what to generate (see
    /// [`selection`]).
    ///
    /// Every unknown key and bad value is an error naming its JSON pointer.
    ///
    /// ```
    /// let config = d360_codegen::Config::from_json(
    ///     br#"{"operation_names": {"listPets": "pets"}, "formats": {"uuid": "uuid"}}"#,
    ///     "codegen.json",
    /// )
    /// .unwrap();
    /// assert_eq!(config.operation_names["listPets"], "pets");
    /// assert_eq!(config.runtime_features(), ["uuid"]);
    ///
    /// let error = d360_codegen::Config::from_json(br#"{"formats": {"uuid": "url"}}"#, "c.json")
    ///     .unwrap_err();
    /// assert_eq!(error.0[0].pointer, "/formats/uuid");
    /// ```
    pub fn from_json(text: &[u8], origin: &str) -> Result<Self, Errors> {
        let value: serde_json::Value = serde_json::from_slice(text)
            .map_err(|e| Errors::one(origin, "", format!("invalid JSON: {e}")))?;
        let mut config = Self {
            origin: origin.to_owned(),
            ..Self::default()
        };
        let Some(object) = value.as_object() else {
            return Err(Errors::one(origin, "", "expected a JSON object"));
        };
        let mut errors = Errors::default();
        let mut cx = Reader {
            origin,
            errors: &mut errors,
        };
        for (key, value) in object {
            let pointer = join("", key);
            match key.as_str() {
                "operation_names" => {
                    for (id, name) in cx.strings(value, &pointer, "a method name") {
                        config.operation_name(id, name);
                    }
                }
                "formats" => {
                    for (format, name) in cx.strings(value, &pointer, "a format choice") {
                        if let Some(choice) =
                            cx.format_choice(format, name, &join(&pointer, format))
                        {
                            config.format(format, choice);
                        }
                    }
                }
                "replace" => {
                    for (schema, path) in cx.strings(value, &pointer, "a Rust type path") {
                        let at = join(&pointer, schema);
                        if let Err(why) = check_path(path) {
                            cx.error(&at, format!("`{path}` is not a Rust type path: {why}"));
                        } else {
                            config.replace(schema, path);
                        }
                    }
                }
                "derives" => {
                    for key in value.as_object().into_iter().flat_map(|o| o.keys()) {
                        // Named even with an empty list: a key that names no type is an error.
                        config.derives.entry(key.clone()).or_default();
                    }
                    for (target, at, derive) in cx.lists(value, &pointer) {
                        match check_path(derive) {
                            Ok(()) => {
                                config.derive(target, derive);
                            }
                            Err(why) => {
                                cx.error(&at, format!("`{derive}` is not a derive path: {why}"));
                            }
                        }
                    }
                }
                "attributes" => {
                    for key in value.as_object().into_iter().flat_map(|o| o.keys()) {
                        config.attributes.entry(key.clone()).or_default();
                    }
                    for (target, at, attribute) in cx.lists(value, &pointer) {
                        match crate::emit::check_attribute(attribute) {
                            Ok(()) => {
                                config.attribute(target, attribute);
                            }
                            Err(why) => cx.error(
                                &at,
                                format!("`{attribute}` is not an attribute the generator can write: {why}"),
                            ),
                        }
                    }
                }
                "$comment" => {}
                key if selection::KEYS.contains(&key) => {
                    selection::read(&mut config, key, value, origin, &mut *cx.errors)
                }
                other => cx.error(
                    &pointer,
                    format!("unknown setting `{other}`: expected {SETTINGS}"),
                ),
            }
        }
        errors.into_result(config)
    }
}

/// Reads the parts of a config file, collecting errors.
struct Reader<'e> {
    origin: &'e str,
    errors: &'e mut Errors,
}

impl Reader<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.errors.push(self.origin, pointer, message);
    }

    /// An object of strings; other values are errors.
    fn strings<'v>(
        &mut self,
        value: &'v serde_json::Value,
        pointer: &str,
        what: &str,
    ) -> Vec<(&'v str, &'v str)> {
        let Some(object) = value.as_object() else {
            self.error(pointer, "expected an object");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in object {
            match value.as_str() {
                Some(text) => out.push((key.as_str(), text)),
                None => self.error(&join(pointer, key), format!("expected {what} (string)")),
            }
        }
        out
    }

    /// An object of lists of strings, each item with its pointer.
    fn lists<'v>(
        &mut self,
        value: &'v serde_json::Value,
        pointer: &str,
    ) -> Vec<(&'v str, String, &'v str)> {
        let Some(object) = value.as_object() else {
            self.error(
                pointer,
                "expected an object: type name (or `*`) → list of strings",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in object {
            let at = join(pointer, key);
            let Some(items) = value.as_array() else {
                self.error(&at, "expected a list of strings");
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                let item_at = format!("{at}/{i}");
                match item.as_str() {
                    Some(text) => out.push((key.as_str(), item_at, text)),
                    None => self.error(&item_at, "expected a string"),
                }
            }
        }
        out
    }

    fn format_choice(&mut self, format: &str, name: &str, pointer: &str) -> Option<FormatType> {
        let typed = format_choices(format);
        let allowed = || {
            std::iter::once("`string`".to_owned())
                .chain(typed.iter().map(|c| format!("`{}`", c.name())))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        match FormatType::parse(name) {
            Some(choice) if choice == FormatType::String || typed.contains(&choice) => Some(choice),
            Some(_) => {
                self.error(
                    pointer,
                    format!(
                        "`{name}` is no choice for format `{format}`: expected {}",
                        allowed()
                    ),
                );
                None
            }
            None => {
                self.error(
                    pointer,
                    format!("unknown format choice `{name}`: expected {}", allowed()),
                );
                None
            }
        }
    }
}

/// Whether `text` is a plain Rust path (`a::b::C`, `::a::B`): identifiers separated by `::`.
pub(crate) fn check_path(text: &str) -> Result<(), String> {
    let rest = text.strip_prefix("::").unwrap_or(text);
    if rest.is_empty() {
        return Err("it is empty".to_owned());
    }
    for segment in rest.split("::") {
        let mut chars = segment.chars();
        let starts = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if !starts || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') || segment == "_" {
            return Err(format!("`{segment}` is not an identifier"));
        }
    }
    Ok(())
}
