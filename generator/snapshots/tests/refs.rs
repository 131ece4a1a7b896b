//! The references snapshot at run time: types reached through references to places other
//! than `#/components/schemas/NAME` read and write their values, and the recursive ones nest.

use d360_codegen_snapshots::refs::types::{
    Channel, ChannelTo, Folder, FolderEntries, Snapshot, Transfer, TransferAccountCurrency,
    VolumeRegion,
};
use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(input: Value) -> (T, Value) {
    let value: T = serde_json::from_value(input).expect("deserializes");
    let back = serde_json::to_value(&value).expect("serializes");
    (value, back)
}

#[test]
fn a_schema_that_refers_into_others_reads_their_types() {
    let input = json!({"size": 10, "region": "eu", "currency": "GBP",
                       "detail": {"code": 7, "hint": "retry"}});
    let (s, back): (Snapshot, Value) = round_trip(input.clone());
    assert_eq!(s.size, Some(10));
    assert_eq!(s.region, Some(VolumeRegion::Eu));
    assert_eq!(s.currency, Some(TransferAccountCurrency::Gbp));
    assert_eq!(s.detail.as_ref().and_then(|d| d.code), Some(7));
    assert_eq!(back, input);
}

#[test]
fn definitions_and_union_branches_are_types_of_their_own() {
    let input = json!({"from": {"currency": "EUR", "name": "a"}, "to": {"currency": "GBP"}});
    let (t, back): (Transfer, Value) = round_trip(input.clone());
    assert_eq!(
        t.from.as_ref().map(|a| &a.currency),
        Some(&TransferAccountCurrency::Eur)
    );
    assert_eq!(back, input);
    let input = json!({"from": {"number": "+44"}, "to": {"user": "u1"}});
    let (c, back): (Channel, Value) = round_trip(input.clone());
    let to = c.to.expect("to");
    assert_eq!(
        to.as_channel_from_app().map(|a| a.user.as_str()),
        Some("u1")
    );
    assert!(!matches!(to, ChannelTo::Other(_)));
    assert_eq!(back, input);
}

#[test]
fn recursion_through_references_nests() {
    let input = json!({"entries": [[], [[]]], "next": {"name": "a", "next": {"name": "b"}}});
    let (f, back): (Folder, Value) = round_trip(input.clone());
    let entries: &FolderEntries = f.entries.as_ref().expect("entries");
    assert_eq!(entries.0.len(), 2);
    assert_eq!(entries.0[1].0.len(), 1);
    let second = f.next.as_ref().and_then(|n| n.next.as_ref());
    assert_eq!(second.and_then(|n| n.name.as_deref()), Some("b"));
    assert_eq!(back, input);
}
