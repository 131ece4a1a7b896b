//! The `formats` snapshot at run time: typed formats decode whether or not their text parses,
//! are written back byte for byte, and values built from typed values are sent canonically;
//! the replaced `Money` schema reads as the crate's own type; the added derives hold.

use d360_codegen_snapshots::formats::types::{Event, EventWhen};
use d360_codegen_snapshots::money::Money;
use d360_runtime::model::{Formatted, Nullable};
use serde_json::{json, Value};
use std::collections::HashSet;

/// Decodes `input` and checks that every property is written back as it came (the strings
/// compared as they are: byte for byte).
fn round_trip(input: &Value) -> Event {
    let text = serde_json::to_string(input).expect("serializes");
    let event: Event = serde_json::from_str(&text).expect("decodes");
    assert_eq!(&serde_json::to_value(&event).expect("serializes"), input);
    event
}

#[test]
fn valid_values_are_typed_and_written_back_as_sent() {
    let input = json!({
        "id": "67E55044-10B1-426F-9247-BB680E5FE0C8",
        "at": "2024-06-01T14:00:00.000+02:00",
        "callback": "https://hooks.example/a?b=1",
        "contact": "ops@example.com",
        "day": "2024-02-29",
        "kind": "created",
        "link": "HTTPS://Example.com:443/x",
        "payload": "aGVsbG8",
        "price": {"amount": 1.5, "currency": "EUR"},
        "tags": ["67e55044-10b1-426f-9247-bb680e5fe0c8"],
        "when": "2024-06-01T12:00:00Z"
    });
    let event = round_trip(&input);
    let id = event.id.get().expect("a uuid");
    assert_eq!(id.as_u128(), 0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
    assert_eq!(
        event.at.get().expect("a date-time").as_second(),
        1_717_243_200
    );
    assert_eq!(
        event
            .day
            .as_ref()
            .and_then(Formatted::ok)
            .map(|d| (d.month(), d.day())),
        Some((2, 29))
    );
    let link = event.link.as_ref().and_then(Formatted::ok).expect("a url");
    assert_eq!(link.host_str(), Some("example.com"));
    assert_eq!(
        event
            .callback
            .value()
            .and_then(Formatted::ok)
            .map(|u| u.path()),
        Some("/a")
    );
    assert_eq!(
        event.payload.as_ref().and_then(Formatted::ok),
        Some(&b"hello".to_vec())
    );
    assert_eq!(event.contact.as_deref(), Some("ops@example.com"));
    assert_eq!(
        event.price,
        Some(Money(json!({"amount": 1.5, "currency": "EUR"})))
    );
    assert!(matches!(&event.when, Some(EventWhen::DateTime(t)) if t.is_valid()));
}

#[test]
fn values_that_do_not_parse_still_decode_and_are_written_back_byte_for_byte() {
    let input = json!({
        "id": "",
        "at": "2024-06-01T12:00:00",
        "callback": null,
        "day": "2024-13-01",
        "link": "/relative",
        "payload": "not base64!",
        "tags": ["x"],
        "when": "tomorrow"
    });
    let event = round_trip(&input);
    let why = event.id.get().expect_err("empty is no uuid");
    assert_eq!(why.format(), "uuid");
    assert_eq!(event.id.raw(), "");
    assert!(event
        .at
        .get()
        .expect_err("no offset")
        .to_string()
        .contains("date-time"));
    assert_eq!(event.at.raw(), "2024-06-01T12:00:00");
    assert!(event.callback.is_null());
    assert!(event.day.as_ref().is_some_and(|d| d.get().is_err()));
    assert!(event.link.as_ref().is_some_and(|l| l.get().is_err()));
    assert!(event.payload.as_ref().is_some_and(|p| p.get().is_err()));
    assert!(event.tags.as_ref().is_some_and(|t| t[0].get().is_err()));
    // In a union, a typed alternative fits only text that parses: the rest is kept whole.
    assert_eq!(event.when, Some(EventWhen::Other(json!("tomorrow"))));
}

#[test]
fn typed_values_are_sent_canonically_and_raw_text_as_set() {
    let id = uuid::Uuid::from_u128(1);
    let at: jiff::Timestamp = "2024-06-01T14:00:00+02:00".parse().expect("valid");
    let event = Event::new(id.into(), at.into())
        .with_day(jiff::civil::date(2024, 2, 29))
        .with_link(url::Url::parse("HTTPS://Example.com:443/x").expect("valid"))
        .with_callback(Formatted::from_raw("not a url"))
        .with_payload(b"hello".to_vec());
    assert_eq!(
        serde_json::to_value(&event).expect("serializes"),
        json!({
            "id": "00000000-0000-0000-0000-000000000001",
            "at": "2024-06-01T12:00:00Z",
            "callback": "not a url",
            "day": "2024-02-29",
            "link": "https://example.com/x",
            "payload": "aGVsbG8="
        })
    );
    assert!(matches!(&event.callback, Nullable::Value(c) if c.get().is_err()));
}

#[test]
fn added_derives_hold() {
    let event = round_trip(&json!({"id": "a", "at": "b"}));
    let same = round_trip(&json!({"id": "a", "at": "b"}));
    let mut set = HashSet::new();
    set.insert(event);
    assert!(!set.insert(same));
    fn eq<T: Eq + std::hash::Hash>() {}
    eq::<Event>();
    eq::<EventWhen>();
}

/// Typed parameters go out as their text (a path segment, a query value), and a response
/// whose typed fields do not parse is still a response.
#[tokio::test]
async fn typed_parameters_are_sent_as_their_text() {
    use d360_codegen_snapshots::formats::{Client, GetEventOptions};
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events/67e55044-10b1-426f-9247-bb680e5fe0c8"))
        .and(query_param("since", "2024-06-01T14:00:00+02:00"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "", "at": "soon"})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("a client for the local server");
    let id = uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
    let options =
        GetEventOptions::new().with_since(Formatted::from_raw("2024-06-01T14:00:00+02:00"));
    let event = client
        .get_event_with(&id.into(), &options)
        .await
        .expect("the event");
    assert_eq!((event.id.raw(), event.at.raw()), ("", "soon"));
    assert!(event.at.get().is_err());
}

/// A union of typed formats picks the alternative the text parses as; text that parses as
/// none is kept whole.
#[test]
fn a_union_of_formats_picks_the_one_that_parses() {
    use d360_codegen_snapshots::formats::types::EventPeriod;
    let period = |text: &str| {
        let event = round_trip(&json!({"id": "a", "at": "b", "period": text}));
        event.period.expect("present")
    };
    assert!(matches!(period("2024-06-01"), EventPeriod::Date(d) if d.is_valid()));
    assert!(
        matches!(period("2024-06-01T12:00:00Z"), EventPeriod::DateTime(t) if t.raw() == "2024-06-01T12:00:00Z")
    );
    assert_eq!(period("June"), EventPeriod::Other(json!("June")));
}

/// Dates as chrono's types: the offset is kept, and text that does not parse still decodes.
#[test]
fn chrono_dates_keep_their_offset_and_their_text() {
    use d360_codegen_snapshots::formats_chrono::types::Event as ChronoEvent;
    let input = json!({"id": "x", "at": "2024-06-01T14:00:00+02:00", "day": "2024-02-30"});
    let event: ChronoEvent = serde_json::from_value(input.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&event).expect("serializes"), input);
    let at = event.at.get().expect("a date-time");
    assert_eq!(at.offset().local_minus_utc(), 7200);
    assert!(event.day.as_ref().is_some_and(|d| d.get().is_err()));
    let built = ChronoEvent::new("x".to_owned(), (*at).into());
    assert_eq!(
        serde_json::to_value(&built).expect("serializes")["at"],
        "2024-06-01T14:00:00+02:00"
    );
}
