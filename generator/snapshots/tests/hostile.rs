//! The hostile-names snapshot at run time: keyword fields, collisions, open enums, unions and
//! recursive types (de)serialize under their wire names, and nothing is lost.

use d360_codegen_snapshots::hostile::types::{
    Forest, Kind, Node, OptionModel, OptionModelChoice, Self_, Tree,
};
use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(input: Value) -> (T, Value) {
    let value: T = serde_json::from_value(input).expect("deserializes");
    let back = serde_json::to_value(&value).expect("serializes");
    (value, back)
}

#[test]
fn keyword_and_colliding_fields_use_their_wire_names() {
    let input = json!({
        "type": "t", "self": "s", "123abc": 7, "fooBar": "camel", "foo_bar": "snake",
        "_leading": 1.5, "360dialog_trace_id": "trace", "async": null, "gen": "g",
        "additional_properties": "a field, not the map", "kind": "a-b",
        "choice": 42, "tags": ["x"], "labels": {"a": 1}, "unknown": {"kept": true}
    });
    let (m, back): (OptionModel, Value) = round_trip(input.clone());
    assert_eq!(m.r#type, "t");
    assert_eq!(m.self_, "s");
    assert_eq!(m._123abc, 7);
    assert_eq!(m.foo_bar.as_deref(), Some("camel"));
    assert_eq!(m.foo_bar_2.as_deref(), Some("snake"));
    assert_eq!(m._360dialog_trace_id.as_deref(), Some("trace"));
    assert!(m.r#async.is_null());
    assert_eq!(
        m.additional_properties.as_deref(),
        Some("a field, not the map")
    );
    assert_eq!(
        m.additional_properties_2.get("unknown"),
        Some(&json!({"kept": true}))
    );
    assert_eq!(m.kind, Some(Kind::AB));
    assert_eq!(m.choice.value().and_then(|c| c.as_integer()), Some(&42));
    assert_eq!(back, input);
}

#[test]
fn open_enum_keeps_unknown_values() {
    let (k, back): (Kind, Value) = round_trip(json!("brand-new"));
    assert_eq!(k, Kind::Unknown2("brand-new".to_owned()));
    assert_eq!(back, json!("brand-new"));
    let (k, _): (Kind, Value) = round_trip(json!("Unknown"));
    assert_eq!(k, Kind::Unknown, "a known value named Unknown stays known");
    assert_eq!(Kind::from("a_b").as_str(), "a_b");
    assert_eq!(Kind::from("").to_string(), "");
}

#[test]
fn union_tries_alternatives_in_order_and_keeps_misfits() {
    let (c, _): (OptionModelChoice, Value) = round_trip(json!({"Box": "b"}));
    assert_eq!(c.as_box_model().map(|b| b.r#box.as_str()), Some("b"));
    let (c, _): (OptionModelChoice, Value) = round_trip(json!("text"));
    assert_eq!(c.as_string().map(String::as_str), Some("text"));
    let (c, back): (OptionModelChoice, Value) = round_trip(json!([1, 2]));
    assert_eq!(c, OptionModelChoice::Other(json!([1, 2])));
    assert_eq!(back, json!([1, 2]));
}

#[test]
fn recursive_types_nest() {
    let input = json!({"id": "root", "children": [{"id": "a", "parent": {"id": "root"}}],
                       "partner": {"back": {"id": "b"}}});
    let (n, back): (Node, Value) = round_trip(input.clone());
    assert_eq!(n.children.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        n.partner
            .as_ref()
            .and_then(|p| p.back.as_ref())
            .map(|b| b.id.as_str()),
        Some("b")
    );
    assert_eq!(back, input);
    let (s, _): (Self_, Value) = round_trip(json!({"me": {"me": {}}}));
    assert!(s.me.and_then(|m| m.me).is_some());
}

#[test]
fn required_fields_are_checked_and_models_build_outside_the_crate() {
    let err =
        serde_json::from_value::<OptionModel>(json!({"type": "t"})).expect_err("self is required");
    assert!(err.to_string().contains("self"), "{err}");
    let built = OptionModel::new("t".into(), "s".into(), 1)
        .with_tags(vec!["a".to_owned()])
        .with_kind(Kind::from("self"));
    assert_eq!(
        serde_json::to_value(&built).expect("serializes"),
        json!({"type": "t", "self": "s", "123abc": 1, "tags": ["a"], "kind": "self"})
    );
}

#[test]
fn schemas_that_contain_themselves_through_arrays_and_maps_are_newtypes() {
    let (tree, back): (Tree, Value) = round_trip(json!([[[]], []]));
    assert_eq!(tree.0.len(), 2);
    assert_eq!(tree.0[0].0[0].0.len(), 0);
    assert_eq!(back, json!([[[]], []]));
    let input = json!({"oak": [{"elm": []}], "pine": []});
    let (forest, back): (Forest, Value) = round_trip(input.clone());
    assert_eq!(forest.0["oak"].0.len(), 1);
    assert_eq!(back, input);
}
