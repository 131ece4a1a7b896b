//! Every IR node keeps the JSON pointer it came from, and the pointer resolves in the
//! document: what an error or a diff names is a place a person can find.

use d360_codegen::ir::{Api, TypeKind};
use d360_codegen::{load, lower, parse, Config};
use serde_json::Value;
use std::path::Path;

fn lowered(relative: &str) -> (Value, Api) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let loaded = load::load(&text, relative).unwrap_or_else(|e| panic!("{e}"));
    let api = parse::parse(&loaded.value, relative).unwrap_or_else(|e| panic!("{e}"));
    let ir = lower::lower(&api, relative, &Config::default(), &mut Vec::new())
        .unwrap_or_else(|e| panic!("{e}"));
    (loaded.value, ir)
}

fn pointers(api: &Api) -> Vec<String> {
    let mut out = Vec::new();
    for t in &api.types {
        out.push(t.pointer.clone());
        match &t.kind {
            TypeKind::Struct(s) => out.extend(s.fields.iter().map(|f| f.pointer.clone())),
            TypeKind::Enum(e) => out.extend(e.variants.iter().map(|v| v.pointer.clone())),
            TypeKind::Union(u) => out.extend(u.variants.iter().map(|v| v.pointer.clone())),
            TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
        }
    }
    for op in &api.operations {
        out.push(op.pointer.clone());
        out.extend(op.params.iter().map(|p| p.pointer.clone()));
        out.extend(op.body.iter().map(|b| b.pointer.clone()));
        out.extend(op.responses.iter().map(|r| r.pointer.clone()));
    }
    out
}

#[test]
fn every_node_pointer_resolves_in_the_document() {
    for spec in [
        "spec/partners-v2.json",
        "generator/tests/fixtures/hostile.json",
        "generator/tests/fixtures/refs.json",
    ] {
        let (doc, api) = lowered(spec);
        let all = pointers(&api);
        assert!(all.len() > 20, "{spec}: only {} nodes", all.len());
        for pointer in all {
            assert!(
                doc.pointer(&pointer).is_some(),
                "{spec}: `{pointer}` does not resolve"
            );
        }
    }
}

#[test]
fn partner_operation_nodes_point_where_they_stand() {
    let (_, api) = lowered("spec/partners-v2.json");
    let op = api
        .operations
        .iter()
        .find(|o| o.operation_id.as_deref() == Some("get_partner_management_docs_api_get_partner"))
        .expect("GET partner");
    assert_eq!(op.pointer, "/paths/~1api~1v2~1partners~1{partner_id}/get");
    assert_eq!(op.params[0].pointer, format!("{}/parameters/0", op.pointer));
    let not_found = op
        .responses
        .iter()
        .find(|r| r.variant == "NotFound")
        .expect("404");
    assert_eq!(not_found.pointer, format!("{}/responses/404", op.pointer));
}
