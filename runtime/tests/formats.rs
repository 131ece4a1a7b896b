//! Every typed format: valid and invalid values decode, the raw text is written back byte
//! for byte, typed access says why a value does not parse, and a value built from the typed
//! value is written canonically.

use d360_runtime::model::{Format, Formatted};
use serde_json::json;

/// Decodes `raw` as a JSON string into `Formatted<T>` and checks it is written back exactly.
fn round_trip<T: Format>(raw: &str) -> Formatted<T> {
    let text = serde_json::to_string(raw).expect("a string serializes");
    let value: Formatted<T> = serde_json::from_str(&text).expect("any string decodes");
    assert_eq!(value.raw(), raw);
    assert_eq!(serde_json::to_string(&value).expect("serializes"), text);
    value
}

/// `raw` parses, and the typed value is `expected`.
fn valid<T: Format + PartialEq + std::fmt::Debug>(raw: &str, expected: &T) {
    let value = round_trip::<T>(raw);
    assert_eq!(value.get().ok(), Some(expected), "{raw:?}");
    assert!(value.is_valid());
}

/// `raw` does not parse: decoding still succeeds and `get` says why, naming the format.
fn invalid<T: Format + std::fmt::Debug>(raw: &str) {
    let value = round_trip::<T>(raw);
    let error = value.get().expect_err(raw);
    assert_eq!(error.format(), T::NAME);
    assert_eq!(error.raw(), raw);
    assert!(!error.reason().is_empty());
    assert!(error.to_string().contains(T::NAME), "{error}");
    assert!(value.ok().is_none());
}

/// A value built from `value` is written as `canonical` and reads back equal.
fn canonical<T: Format + Clone + PartialEq + std::fmt::Debug>(value: T, canonical: &str) {
    let built = Formatted::from(value.clone());
    assert_eq!(
        serde_json::to_value(&built).expect("serializes"),
        json!(canonical)
    );
    let back: Formatted<T> = serde_json::from_value(json!(canonical)).expect("decodes");
    assert_eq!(back.get().ok(), Some(&value));
    assert_eq!(back, built);
}

#[test]
fn date_time_as_jiff_timestamp() {
    let noon: jiff::Timestamp = "2024-06-01T12:00:00Z".parse().expect("valid");
    valid("2024-06-01T12:00:00Z", &noon);
    // Another offset and a precision the canonical form would not keep: still written as sent.
    valid("2024-06-01T14:00:00.000+02:00", &noon);
    valid("2024-06-01t12:00:00z", &noon);
    invalid::<jiff::Timestamp>("");
    invalid::<jiff::Timestamp>("2024-06-01T12:00:00");
    invalid::<jiff::Timestamp>("2024-06-01");
    invalid::<jiff::Timestamp>("yesterday");
    canonical(noon, "2024-06-01T12:00:00Z");
}

#[test]
fn date_as_jiff_date() {
    let day = jiff::civil::date(2024, 2, 29);
    valid("2024-02-29", &day);
    invalid::<jiff::civil::Date>("");
    invalid::<jiff::civil::Date>("2023-02-29");
    invalid::<jiff::civil::Date>("29/02/2024");
    invalid::<jiff::civil::Date>("2024-02-29T12:00:00Z");
    canonical(day, "2024-02-29");
}

#[test]
fn date_time_as_chrono_date_time() {
    type DateTime = chrono::DateTime<chrono::FixedOffset>;
    let noon = DateTime::parse_from_rfc3339("2024-06-01T14:00:00+02:00").expect("valid");
    valid("2024-06-01T14:00:00+02:00", &noon);
    valid("2024-06-01T12:00:00.000Z", &noon);
    invalid::<DateTime>("");
    invalid::<DateTime>("2024-06-01T12:00:00");
    invalid::<DateTime>("2024-06-01");
    // The offset is kept; UTC is written `Z`.
    canonical(noon, "2024-06-01T14:00:00+02:00");
    let utc = DateTime::parse_from_rfc3339("2024-06-01T12:00:00.5+00:00").expect("valid");
    canonical(utc, "2024-06-01T12:00:00.500Z");
}

#[test]
fn date_as_chrono_naive_date() {
    let day = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).expect("a leap day");
    valid("2024-02-29", &day);
    invalid::<chrono::NaiveDate>("");
    invalid::<chrono::NaiveDate>("2023-02-29");
    invalid::<chrono::NaiveDate>("2024-02-29T12:00:00Z");
    canonical(day, "2024-02-29");
}

#[test]
fn uuid_as_uuid() {
    let id = uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
    valid("67e55044-10b1-426f-9247-bb680e5fe0c8", &id);
    valid("67E55044-10B1-426F-9247-BB680E5FE0C8", &id);
    valid("67e5504410b1426f9247bb680e5fe0c8", &id);
    valid("urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8", &id);
    invalid::<uuid::Uuid>("");
    invalid::<uuid::Uuid>("67e55044-10b1-426f-9247");
    invalid::<uuid::Uuid>("not-a-uuid");
    canonical(id, "67e55044-10b1-426f-9247-bb680e5fe0c8");
}

#[test]
fn url_as_url() {
    let url = url::Url::parse("https://example.com/hook?a=1").expect("valid");
    valid("https://example.com/hook?a=1", &url);
    // The parser would write `https://example.com/hook?a=1` for these; the raw text is kept.
    valid("HTTPS://EXAMPLE.com/hook?a=1", &url);
    valid("https://example.com:443/hook?a=1", &url);
    invalid::<url::Url>("");
    invalid::<url::Url>("/relative/path");
    invalid::<url::Url>("http://");
    canonical(url, "https://example.com/hook?a=1");
}

#[test]
fn byte_as_base64_bytes() {
    let data = b"\x00\xfbhello?".to_vec();
    valid("APtoZWxsbz8=", &data);
    // No padding, and the URL-safe alphabet, read too; the text is kept as it came.
    valid("APtoZWxsbz8", &data);
    valid("APtoZWxsbz8=", &data);
    let urlsafe = b"\xfb\xff".to_vec();
    valid("-_8=", &urlsafe);
    valid("+/8=", &urlsafe);
    valid("", &Vec::new());
    invalid::<Vec<u8>>("not base64!");
    invalid::<Vec<u8>>("A");
    canonical(data, "APtoZWxsbz8=");
    canonical(urlsafe, "+/8=");
}

#[test]
fn a_value_set_from_text_is_sent_as_that_text() {
    let set = Formatted::<url::Url>::from_raw("example.com/not-absolute");
    assert!(set.get().is_err());
    assert_eq!(
        serde_json::to_value(&set).expect("serializes"),
        json!("example.com/not-absolute")
    );
    let set = Formatted::<uuid::Uuid>::from_raw("{67E55044-10B1-426F-9247-BB680E5FE0C8}");
    assert!(set.is_valid());
    assert_eq!(
        serde_json::to_value(&set).expect("serializes"),
        json!("{67E55044-10B1-426F-9247-BB680E5FE0C8}")
    );
    assert_eq!(set.to_string(), "{67E55044-10B1-426F-9247-BB680E5FE0C8}");
    assert_eq!(set.into_raw(), "{67E55044-10B1-426F-9247-BB680E5FE0C8}");
}

#[test]
fn a_value_that_is_not_a_string_is_an_error() {
    assert!(serde_json::from_value::<Formatted<uuid::Uuid>>(json!(12)).is_err());
    assert!(serde_json::from_value::<Formatted<jiff::Timestamp>>(json!(null)).is_err());
}

#[test]
fn equality_is_the_text_sent() {
    let a = Formatted::<uuid::Uuid>::from_raw("67e55044-10b1-426f-9247-bb680e5fe0c8");
    let b = Formatted::<uuid::Uuid>::from_raw("67E55044-10B1-426F-9247-BB680E5FE0C8");
    assert_eq!(a.get().ok(), b.get().ok());
    assert_ne!(a, b);
    assert_eq!(a.clone(), a);
    let debug = format!("{:?}", Formatted::<uuid::Uuid>::from_raw("x"));
    assert!(debug.contains("invalid uuid"), "{debug}");
}
