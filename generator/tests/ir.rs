//! Every IR node keeps the JSON pointer it came from, and the pointer resolves in the
//! document: what an error or a diff names is a place a person can find.

use d360_codegen::ir::{Api, Presence, Ty, TypeDef, TypeKind};
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
        "generator/tests/fixtures/lower/allof_self_copy.json",
        "generator/tests/fixtures/lower/allof_mutual_copies.json",
        "generator/tests/fixtures/lower/allof_diamonds.json",
        "generator/tests/fixtures/refs.json",
    ] {
        let (doc, api) = lowered(spec);
        let all = pointers(&api);
        let least = if spec.contains("/lower/") { 15 } else { 20 };
        assert!(all.len() > least, "{spec}: only {} nodes", all.len());
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

// ---------------------------------------------------------------------------------------
// `allOf` copies: an `allOf` that merges a referenced object makes a new struct with the
// referenced schema's properties, lowered again in its place. AWS writes every property as
// `allOf: [{$ref: X}, {description: ...}]`, so a schema that contains itself (Cost
// Explorer's `Expression.Not`, WAF's statements) used to be copied into itself until the
// depth limit: refused at 96 levels for one way back, never finishing for several.

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name} among {:?}", type_names(api)))
}

fn type_names(api: &Api) -> Vec<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

/// (wire name, type, presence) of a struct's fields.
fn fields(def: &TypeDef) -> Vec<(&str, &Ty, Presence)> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire.as_str(), &f.ty, f.presence))
            .collect(),
        other => panic!("{} is not a struct: {other:?}", def.name),
    }
}

fn field_ty<'a>(def: &'a TypeDef, wire: &str) -> &'a Ty {
    fields(def)
        .into_iter()
        .find(|f| f.0 == wire)
        .map(|f| f.1)
        .unwrap_or_else(|| panic!("{} has no field {wire}", def.name))
}

/// Generates a fixture end to end; the code must parse.
fn generates(relative: &str) -> d360_codegen::Generated {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let generated = d360_codegen::generate(&text, relative, &Config::default())
        .unwrap_or_else(|e| panic!("{relative}: expected it to generate, got:\n{e}"));
    syn::parse_file(&generated.code).unwrap_or_else(|e| panic!("{relative}: {e}"));
    generated
}

#[test]
fn an_allof_copy_that_contains_itself_refers_to_itself() {
    let relative = "generator/tests/fixtures/lower/allof_self_copy.json";
    let (_, api) = lowered(relative);
    // The component keeps its copy of itself under the property's name; the copy's own
    // `not` is that same type (boxed: it contains itself by value), not a further copy.
    let expression = def(&api, "Expression");
    assert_eq!(
        field_ty(expression, "not"),
        &Ty::Named("ExpressionNot".into())
    );
    let copy = def(&api, "ExpressionNot");
    assert_eq!(field_ty(copy, "not"), &Ty::Boxed("ExpressionNot".into()));
    assert_eq!(
        copy.pointer,
        "/components/schemas/Expression/properties/not"
    );
    // The other properties are copied as before: the copy has all of Expression's fields.
    let wires = |d| fields(d).into_iter().map(|f| f.0).collect::<Vec<_>>();
    assert_eq!(wires(copy), wires(expression));
    assert_eq!(
        type_names(&api),
        [
            "Dimension",
            "Expression",
            "ExpressionDimension",
            "ExpressionNot",
            "ExpressionNotDimension"
        ]
    );
    assert_eq!(generates(relative).models, 5);
}

#[test]
fn a_web_of_allof_copies_is_one_type_per_schema() {
    // Five schemas that reach each other through eight `allOf` copies, several ways at every
    // level: copied once per path, that is more paths than can be counted.
    let relative = "generator/tests/fixtures/lower/allof_mutual_copies.json";
    let (_, api) = lowered(relative);
    assert_eq!(api.types.len(), 18, "{:?}", type_names(&api));
    // Every copy of a statement property that leads back is one type, whoever holds it.
    let named = |ty: &Ty| match ty {
        Ty::Named(n) | Ty::Boxed(n) => n.clone(),
        other => panic!("expected a named type, got {other:?}"),
    };
    let statement = def(&api, "Statement");
    let not = named(field_ty(statement, "not"));
    let negated = named(field_ty(def(&api, &not), "statement"));
    assert_eq!(named(field_ty(def(&api, &negated), "not")), not);
    let rate = named(field_ty(statement, "rate"));
    assert_eq!(named(field_ty(def(&api, &negated), "rate")), rate);
    let scope = named(field_ty(def(&api, &rate), "scope"));
    let fallback = named(field_ty(def(&api, &rate), "fallback"));
    assert_ne!(scope, fallback, "two properties, two copies");
    assert_eq!(named(field_ty(def(&api, &scope), "rate")), rate);
    assert_eq!(generates(relative).models, 18);
}

#[test]
fn an_allof_hierarchy_that_shares_ancestors_is_merged_once_per_schema() {
    // Each of 40 levels includes the next twice: 2^40 merges when every path is walked.
    let relative = "generator/tests/fixtures/lower/allof_diamonds.json";
    let (_, api) = lowered(relative);
    let merged = fields(def(&api, "Level0"));
    let mut expected: Vec<String> = (0..=40).map(|i| format!("p{i}")).collect();
    expected.sort();
    let mut got: Vec<&str> = merged.iter().map(|f| f.0).collect();
    got.sort_unstable();
    assert_eq!(got, expected, "every level's property, each once");
    let deepest = merged.iter().find(|f| f.0 == "p40").expect("p40");
    assert_eq!(deepest.1, &Ty::Int(d360_codegen::ir::Int::I64));
    assert_eq!(deepest.2, Presence::Optional);
    assert!(merged
        .iter()
        .filter(|f| f.0 != "p40")
        .all(|f| f.2 == Presence::Required));
    assert_eq!(generates(relative).models, 41);
}

// ---------------------------------------------------------------------------------------
// Long chains of aliases: finding the ones that lead back to themselves walked every chain
// from every alias, keeping what it had seen in a list (cubic): 3,000 took 12 s, 5,000
// about a minute.

/// `count` component schemas, `Alias{i}` made by `link(i + 1)`, the last one `last`.
fn chain_doc(count: usize, link: impl Fn(usize) -> Value, last: Value) -> Value {
    let mut schemas = serde_json::Map::new();
    for i in 0..count {
        schemas.insert(format!("Alias{i}"), link(i + 1));
    }
    schemas.insert(format!("Alias{count}"), last);
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "Chain", "version": "1"},
        "paths": {}, "components": {"schemas": schemas}})
}

fn lower_value(doc: &Value) -> Result<Api, d360_codegen::Errors> {
    let api = parse::parse(doc, "chain.json").unwrap_or_else(|e| panic!("{e}"));
    lower::lower(&api, "chain.json", &Config::default(), &mut Vec::new())
}

fn reference(i: usize) -> Value {
    serde_json::json!({"$ref": format!("#/components/schemas/Alias{i}")})
}

#[test]
fn five_thousand_chained_aliases_lower() {
    const N: usize = 5_000;
    let doc = chain_doc(N, reference, serde_json::json!({"type": "string"}));
    let api = lower_value(&doc).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.types.len(), N + 1);
    assert_eq!(
        def(&api, "Alias0").kind,
        TypeKind::Alias(Ty::Named("Alias1".into()))
    );
    // Through arrays, the aliases are plain aliases as long as the chain ends.
    let doc = chain_doc(
        N,
        |i| serde_json::json!({"type": "array", "items": reference(i)}),
        serde_json::json!({"type": "string"}),
    );
    let api = lower_value(&doc).unwrap_or_else(|e| panic!("{e}"));
    assert!(api
        .types
        .iter()
        .all(|t| matches!(t.kind, TypeKind::Alias(_))));
}

#[test]
fn five_thousand_aliases_in_a_cycle_are_each_reported_or_made_newtypes() {
    const N: usize = 5_000;
    // `$ref` all the way round: no type at the end, an error per alias, each naming its
    // cycle (shortened).
    let doc = chain_doc(N, reference, reference(0));
    let errors = match lower_value(&doc) {
        Ok(_) => panic!("a cycle of references lowered"),
        Err(errors) => errors,
    };
    assert_eq!(errors.0.len(), N + 1);
    let first = &errors.0[0];
    assert!(
        first.message.starts_with("`$ref` cycle Alias0 → Alias1 → ")
            && first.message.contains("(4986 more)")
            && first.message.contains("→ Alias5000 → Alias0:"),
        "{}",
        first.message
    );
    // Through arrays the cycle is a type (`Vec<Vec<...>>` of itself): every alias on it
    // becomes a newtype, which may refer to itself.
    let doc = chain_doc(
        N,
        |i| serde_json::json!({"type": "array", "items": reference(i)}),
        serde_json::json!({"type": "array", "items": reference(0)}),
    );
    let api = lower_value(&doc).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.types.len(), N + 1);
    assert!(api
        .types
        .iter()
        .all(|t| matches!(t.kind, TypeKind::Newtype(_))));
}

/// An enum of 50,000 values and a union of 3,000 branches: each value and branch was
/// compared with every one before it (3 s to lower).
#[test]
fn big_enums_and_unions_lower_once_per_value() {
    let values: Vec<String> = (0..50_000)
        .map(|i| format!("value-{}", i % 40_000))
        .collect();
    let branches: Vec<Value> = (0..3_000)
        .map(|i| {
            serde_json::json!({"type": "object", "title": format!("T{}", i % 2_000),
                "properties": {format!("p{}", i % 2_000): {"type": "string"}}})
        })
        .chain((0..3).map(|_| serde_json::json!({"type": "string"})))
        .collect();
    let doc = serde_json::json!({"openapi": "3.0.3", "info": {"title": "Big", "version": "1"},
        "paths": {}, "components": {"schemas": {
            "Big": {"type": "string", "enum": values},
            "Many": {"oneOf": branches}}}});
    let api = lower_value(&doc).unwrap_or_else(|e| panic!("{e}"));
    let TypeKind::Enum(big) = &def(&api, "Big").kind else {
        panic!("Big is not an enum")
    };
    // Repeated values count once.
    assert_eq!(big.variants.len(), 40_000);
    assert_eq!(big.variants[39_999].wire, "value-39999");
    let TypeKind::Union(many) = &def(&api, "Many").kind else {
        panic!("Many is not a union")
    };
    // Every object branch is a type of its own (hoisted under its title, the repeated
    // titles numbered); the three `string` branches are one.
    assert_eq!(many.variants.len(), 3_001);
    assert_eq!(many.variants[3_000].ty, Ty::String);
}
