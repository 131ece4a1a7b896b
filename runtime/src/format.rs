//! Typed string formats that never lose a byte.
//!
//! A schema's `format` (`date-time`, `uuid`, `url`, `byte`, ...) can be generated as a typed
//! field: [`Formatted<T>`] keeps the text exactly as the server sent it and, beside it, the
//! value parsed from it. Decoding never fails because the text does not parse (an empty
//! string, a date without an offset, a format newer than the client): the field then holds
//! the raw text and [`Formatted::get`] says why it is not a `T`. Serialization writes the raw
//! text back byte for byte; a value built from a `T` ([`Formatted::new`] or `From<T>`) is
//! written in its canonical form.
//!
//! Which Rust types are available depends on the runtime's features, one per format crate:
//!
//! | feature | `T` | format | parses | canonical form |
//! |---|---|---|---|---|
//! | `jiff` | `jiff::Timestamp` | `date-time` | RFC 3339 with an offset (`Z` or `±hh:mm`) | `2024-06-01T12:00:00Z` (UTC) |
//! | `jiff` | `jiff::civil::Date` | `date` | `YYYY-MM-DD` | `2024-06-01` |
//! | `chrono` | `chrono::DateTime<chrono::FixedOffset>` | `date-time` | RFC 3339 with an offset | RFC 3339, the offset kept (`Z` for UTC) |
//! | `chrono` | `chrono::NaiveDate` | `date` | `YYYY-MM-DD` | `2024-06-01` |
//! | `uuid` | `uuid::Uuid` | `uuid` | hyphenated, simple, braced or URN | lower-case hyphenated |
//! | `url` | `url::Url` | `uri`, `url` | an absolute URL (WHATWG) | the URL's serialization |
//! | `base64` | `Vec<u8>` | `byte` | standard or URL-safe base64, padded or not | standard, padded |
//!
//! In a generated union (`oneOf`/`anyOf`) a typed alternative fits only text that parses
//! ([`crate::model::try_valid`]); other text goes on to the next alternative, or whole to the
//! union's catch-all.
//!
//! Without any of these features this module holds only the wrapper and its trait.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::hash::{Hash, Hasher};

/// A Rust type a string `format` can be read as: how to parse it from the wire's text and
/// how to write a value built by the caller.
pub trait Format: Sized {
    /// The OpenAPI format name, for error messages (`date-time`, `uuid`, ...).
    const NAME: &'static str;

    /// Parses the text sent on the wire; the error says why it is not a `Self`.
    fn parse(raw: &str) -> Result<Self, String>;

    /// The canonical text of a value (what is sent for a value built from a `Self`).
    fn write(&self) -> String;
}

/// Why the raw text of a [`Formatted`] value is not a valid value of its format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    format: &'static str,
    raw: String,
    reason: String,
}

impl FormatError {
    /// The format the text was read as (`date-time`, `uuid`, ...).
    pub fn format(&self) -> &'static str {
        self.format
    }

    /// The text that did not parse.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// What the parser said.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a valid {}: {}",
            self.raw, self.format, self.reason
        )
    }
}

impl std::error::Error for FormatError {}

/// A string with a `format`: the text exactly as it came (or as the caller set it), and the
/// typed value parsed from it when it parses.
///
/// ```
/// # #[cfg(feature = "uuid")] {
/// use d360_runtime::model::Formatted;
/// let id: Formatted<uuid::Uuid> = serde_json::from_str(r#""not-a-uuid""#).unwrap();
/// assert!(id.get().is_err());
/// assert_eq!(id.raw(), "not-a-uuid");
/// assert_eq!(serde_json::to_string(&id).unwrap(), r#""not-a-uuid""#);
///
/// let id = Formatted::from(uuid::Uuid::nil());
/// assert_eq!(id.raw(), "00000000-0000-0000-0000-000000000000");
/// # }
/// ```
///
/// Equality and hashing compare the raw text: two values are equal when they are sent the
/// same way. There is no ordering and no default (the text's order is not the value's, and
/// no format has an obvious default value).
pub struct Formatted<T> {
    raw: String,
    parsed: Result<T, FormatError>,
}

impl<T: Format> Formatted<T> {
    /// A value set from text: it is sent as exactly this text, whether it parses or not.
    pub fn from_raw(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let parsed = T::parse(&raw).map_err(|reason| FormatError {
            format: T::NAME,
            raw: raw.clone(),
            reason,
        });
        Self { raw, parsed }
    }

    /// A value built from a `T`: sent in its canonical form ([`Format::write`]).
    pub fn new(value: T) -> Self {
        Self {
            raw: value.write(),
            parsed: Ok(value),
        }
    }
}

impl<T> Formatted<T> {
    /// The typed value, or why the text is not one.
    pub fn get(&self) -> Result<&T, &FormatError> {
        self.parsed.as_ref()
    }

    /// The typed value, if the text parses.
    pub fn ok(&self) -> Option<&T> {
        self.parsed.as_ref().ok()
    }

    /// The typed value by value, or why the text is not one.
    pub fn into_value(self) -> Result<T, FormatError> {
        self.parsed
    }

    /// The text as it is sent: as received, or the canonical form of a value built from a `T`.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The text, by value.
    pub fn into_raw(self) -> String {
        self.raw
    }

    /// Whether the text parses as the format.
    pub fn is_valid(&self) -> bool {
        self.parsed.is_ok()
    }
}

impl<T: Format> From<T> for Formatted<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: Clone> Clone for Formatted<T> {
    fn clone(&self) -> Self {
        Self {
            raw: self.raw.clone(),
            parsed: self.parsed.clone(),
        }
    }
}

/// The raw text, and why it does not parse when it does not.
impl<T> fmt::Debug for Formatted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_tuple("Formatted");
        out.field(&self.raw);
        if let Err(e) = &self.parsed {
            out.field(&format_args!("invalid {}: {}", e.format, e.reason));
        }
        out.finish()
    }
}

/// The raw text.
impl<T> fmt::Display for Formatted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl<T> PartialEq for Formatted<T> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl<T> Eq for Formatted<T> {}

impl<T> Hash for Formatted<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}

/// Writes the raw text.
impl<T> Serialize for Formatted<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

/// Any JSON string reads; a value that is not a string is an error, as for `String`.
impl<'de, T: Format> Deserialize<'de> for Formatted<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from_raw)
    }
}

/// `format: date-time`: an instant, RFC 3339 with an offset.
#[cfg(feature = "jiff")]
impl Format for jiff::Timestamp {
    const NAME: &'static str = "date-time";

    fn parse(raw: &str) -> Result<Self, String> {
        raw.parse().map_err(|e: jiff::Error| e.to_string())
    }

    fn write(&self) -> String {
        self.to_string()
    }
}

/// `format: date`: a calendar date, `YYYY-MM-DD`.
#[cfg(feature = "jiff")]
impl Format for jiff::civil::Date {
    const NAME: &'static str = "date";

    fn parse(raw: &str) -> Result<Self, String> {
        raw.parse().map_err(|e: jiff::Error| e.to_string())
    }

    fn write(&self) -> String {
        self.to_string()
    }
}

/// `format: date-time`: an instant with its offset, RFC 3339.
#[cfg(feature = "chrono")]
impl Format for chrono::DateTime<chrono::FixedOffset> {
    const NAME: &'static str = "date-time";

    fn parse(raw: &str) -> Result<Self, String> {
        chrono::DateTime::parse_from_rfc3339(raw).map_err(|e| e.to_string())
    }

    fn write(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

/// `format: date`: a calendar date, `YYYY-MM-DD`.
#[cfg(feature = "chrono")]
impl Format for chrono::NaiveDate {
    const NAME: &'static str = "date";

    fn parse(raw: &str) -> Result<Self, String> {
        chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|e| e.to_string())
    }

    fn write(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

/// `format: uuid`.
#[cfg(feature = "uuid")]
impl Format for uuid::Uuid {
    const NAME: &'static str = "uuid";

    fn parse(raw: &str) -> Result<Self, String> {
        uuid::Uuid::parse_str(raw).map_err(|e| e.to_string())
    }

    fn write(&self) -> String {
        self.hyphenated().to_string()
    }
}

/// `format: uri` and `format: url`: an absolute URL.
#[cfg(feature = "url")]
impl Format for url::Url {
    const NAME: &'static str = "url";

    fn parse(raw: &str) -> Result<Self, String> {
        url::Url::parse(raw).map_err(|e| e.to_string())
    }

    fn write(&self) -> String {
        self.as_str().to_owned()
    }
}

/// `format: byte`: base64. Standard and URL-safe alphabets, with or without padding, read;
/// the standard alphabet with padding is written.
#[cfg(feature = "base64")]
impl Format for Vec<u8> {
    const NAME: &'static str = "byte";

    fn parse(raw: &str) -> Result<Self, String> {
        use base64::engine::{general_purpose, DecodePaddingMode, Engine, GeneralPurpose};
        let lenient = |alphabet| {
            GeneralPurpose::new(
                alphabet,
                general_purpose::PAD.with_decode_padding_mode(DecodePaddingMode::Indifferent),
            )
        };
        lenient(&base64::alphabet::STANDARD)
            .decode(raw)
            .or_else(|e| {
                lenient(&base64::alphabet::URL_SAFE)
                    .decode(raw)
                    .map_err(|_| e)
            })
            .map_err(|e| e.to_string())
    }

    fn write(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(self)
    }
}
