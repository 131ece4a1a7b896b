//! One schema object: 3.1 forms rewritten into what `openapiv3` reads, `type` and
//! `required` checked. Subschemas are visited afterwards by the walk, including the
//! branches made here.
//!
//! `openapiv3` recognizes `anyOf`/`allOf` only when no type-specific keyword sits beside
//! them (otherwise it falls back to an untyped schema), so splitting a type list moves
//! every type-specific keyword into the branch of its type.

use super::{describe, Cx, Version};
use serde_json::{json, Map, Number, Value};
use std::collections::HashSet;

const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];
const EXPECTED_TYPE: &str =
    "expected one of string, number, integer, boolean, array, object (or, in 3.1, an array of them with \"null\")";

const ARRAY_KEYWORDS: [&str; 10] = [
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "additionalItems",
];
const OBJECT_KEYWORDS: [&str; 10] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
];
const STRING_KEYWORDS: [&str; 6] = [
    "minLength",
    "maxLength",
    "pattern",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];
const NUMBER_KEYWORDS: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Rewrites the schema at `cx.ptr` in place.
pub(super) fn normalize(cx: &mut Cx, value: &mut Value) {
    // 3.1 allows `true` (anything) and `false` (nothing) wherever a schema goes.
    if let Value::Bool(b) = value {
        *value = if *b { json!({}) } else { json!({ "not": {} }) };
        return;
    }
    let Value::Object(map) = value else {
        cx.error(format!(
            "a schema is {}; expected a schema object",
            describe(value)
        ));
        return;
    };
    let has = Present::scan(map);
    if cx.version == Version::V31 && has.nullable && !cx.nullable_reported {
        cx.nullable_reported = true;
        cx.warn_at(
            "nullable",
            "`nullable` is an OpenAPI 3.0 keyword in a 3.1 document; read as in 3.0 \
             (here and wherever else the document uses it)",
        );
    }
    if has.reference {
        if map.get("nullable") != Some(&Value::Bool(true)) {
            return;
        }
        wrap_reference(map);
    }
    if !has.rewritable {
        // The common case on large specs: nothing to rewrite, only checks.
        if has.type_ {
            types(cx, map);
        }
        if has.required {
            required(cx, map);
        }
        if has.example {
            example_mismatch(cx, map);
        }
        return;
    }
    constant(map);
    examples(map);
    exclusive_bound(cx, map, "exclusiveMinimum", "minimum", |n, bound| {
        n >= bound
    });
    exclusive_bound(cx, map, "exclusiveMaximum", "maximum", |n, bound| {
        n <= bound
    });
    content(map);
    null_branches(map, "anyOf");
    null_branches(map, "oneOf");
    types(cx, map);
    required(cx, map);
    example_mismatch(cx, map);
}

/// Which keywords a schema has, from one pass over its keys: most schemas of a large
/// spec have none of the 3.1 forms, and a key scan is cheaper than a dozen lookups.
#[derive(Default)]
struct Present {
    nullable: bool,
    reference: bool,
    type_: bool,
    required: bool,
    example: bool,
    /// Any keyword a rewrite step looks at.
    rewritable: bool,
}

impl Present {
    fn scan(map: &Map<String, Value>) -> Self {
        let mut has = Present::default();
        for key in map.keys() {
            match key.as_str() {
                "nullable" => has.nullable = true,
                "$ref" => has.reference = true,
                "type" => has.type_ = true,
                "required" => has.required = true,
                "example" => has.example = true,
                "const" | "examples" | "exclusiveMinimum" | "exclusiveMaximum"
                | "contentEncoding" | "contentMediaType" | "anyOf" | "oneOf" => {
                    has.rewritable = true;
                }
                _ => {}
            }
        }
        has
    }
}

/// `{$ref, nullable: true}` → `{allOf: [{$ref}], nullable: true}`: a bare reference's
/// siblings are ignored in 3.0, so nullability has to sit on a schema of its own.
fn wrap_reference(map: &mut Map<String, Value>) {
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    let rest = std::mem::take(map);
    let mut inner = Map::new();
    inner.insert("$ref".to_owned(), reference);
    map.insert("allOf".to_owned(), Value::Array(vec![Value::Object(inner)]));
    map.extend(rest);
}

fn constant(map: &mut Map<String, Value>) {
    if let Some(value) = map.shift_remove("const") {
        if value.is_null() {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
        map.insert("enum".to_owned(), Value::Array(vec![value]));
    }
}

/// Schema-level `examples` is a JSON Schema array of values (unlike the map of Example
/// objects in media types and parameters, which are not schema positions).
fn examples(map: &mut Map<String, Value>) {
    if !matches!(map.get("examples"), Some(Value::Array(_))) {
        return;
    }
    if let Some(Value::Array(list)) = map.shift_remove("examples") {
        if !map.contains_key("example") {
            if let Some(first) = list.into_iter().next() {
                map.insert("example".to_owned(), first);
            }
        }
    }
}

/// 3.1 `exclusiveMinimum: n` is a bound of its own; 3.0 `exclusiveMinimum: true` qualifies
/// `minimum`. When both bounds are given, the stricter one is kept.
fn exclusive_bound(
    cx: &mut Cx,
    map: &mut Map<String, Value>,
    exclusive: &str,
    bound: &str,
    stricter_or_equal: fn(f64, f64) -> bool,
) {
    let n = match map.get(exclusive) {
        None | Some(Value::Bool(_)) => return,
        Some(Value::Number(n)) => n.clone(),
        Some(other) => {
            let found = describe(other);
            cx.error_at(
                exclusive,
                format!("`{exclusive}` is {found}; expected a number (3.1) or a boolean (3.0)"),
            );
            return;
        }
    };
    let keep_inclusive = match map.get(bound) {
        Some(Value::Number(b)) => !stricter_or_equal(as_f64(&n), as_f64(b)),
        _ => false,
    };
    if keep_inclusive {
        map.shift_remove(exclusive);
    } else {
        map.insert(bound.to_owned(), Value::Number(n));
        map.insert(exclusive.to_owned(), Value::Bool(true));
    }
}

fn as_f64(n: &Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

fn content(map: &mut Map<String, Value>) {
    if map.contains_key("format") {
        return;
    }
    let format = if map.get("contentEncoding").and_then(Value::as_str) == Some("base64") {
        "byte"
    } else if map.contains_key("contentMediaType") && has_type(map, "string") {
        "binary"
    } else {
        return;
    };
    map.insert("format".to_owned(), Value::String(format.to_owned()));
}

fn has_type(map: &Map<String, Value>, name: &str) -> bool {
    match map.get("type") {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(list)) => list.iter().any(|t| t.as_str() == Some(name)),
        _ => false,
    }
}

/// `anyOf: [X, {type: "null"}]` → `{allOf: [X], nullable: true}`; with several non-null
/// branches left, they stay an `anyOf` and the schema becomes nullable.
fn null_branches(map: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(branches)) = map.get_mut(key) else {
        return;
    };
    if !branches.iter().any(is_null_schema) {
        return;
    }
    branches.retain(|b| !is_null_schema(b));
    let left = branches.len();
    map.insert("nullable".to_owned(), Value::Bool(true));
    match left {
        0 => {
            map.shift_remove(key);
            map.insert("enum".to_owned(), json!([null]));
        }
        1 => {
            if let Some(Value::Array(mut only)) = map.shift_remove(key) {
                if let Some(branch) = only.pop() {
                    push_all_of(map, branch);
                }
            }
        }
        _ => {}
    }
}

/// A branch that only allows `null`; it may carry a description or title.
fn is_null_schema(value: &Value) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    let only_null = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(list)) => list.len() == 1 && list.first() == Some(&json!("null")),
        _ => false,
    };
    only_null
        && map.keys().all(|k| {
            matches!(
                k.as_str(),
                "type" | "title" | "description" | "$comment" | "nullable"
            ) || k.starts_with("x-")
        })
}

fn push_all_of(map: &mut Map<String, Value>, branch: Value) {
    match map.get_mut("allOf") {
        Some(Value::Array(all)) => all.push(branch),
        _ => {
            map.insert("allOf".to_owned(), Value::Array(vec![branch]));
        }
    }
}

fn types(cx: &mut Cx, map: &mut Map<String, Value>) {
    let Some(ty) = map.get("type") else { return };
    match ty {
        Value::String(t) if t == "null" => {
            map.shift_remove("type");
            map.insert("nullable".to_owned(), Value::Bool(true));
            map.insert("enum".to_owned(), json!([null]));
        }
        Value::String(t) if TYPES.contains(&t.as_str()) => {}
        Value::String(t) => {
            let message = format!("unknown type `{t}`; {EXPECTED_TYPE}");
            cx.error_at("type", message);
        }
        Value::Array(list) => {
            if let Some((names, nullable)) = type_list(cx, list) {
                apply_type_list(cx, map, &names, nullable);
            }
        }
        other => {
            let message = format!("`type` is {}; {EXPECTED_TYPE}", describe(other));
            cx.error_at("type", message);
        }
    }
}

/// The distinct non-null type names of a `type` array, and whether it had `"null"`;
/// `None` after reporting an invalid entry.
fn type_list(cx: &mut Cx, list: &[Value]) -> Option<(Vec<&'static str>, bool)> {
    let mut names = Vec::new();
    let mut nullable = false;
    let mut valid = true;
    let type_mark = cx.ptr.push("type");
    for (i, entry) in list.iter().enumerate() {
        let known = entry
            .as_str()
            .and_then(|t| TYPES.iter().find(|k| **k == t).copied());
        match (entry.as_str(), known) {
            (Some("null"), _) => nullable = true,
            (_, Some(name)) => {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            (Some(t), None) => {
                let mark = cx.ptr.push_index(i);
                cx.error(format!("unknown type `{t}`; {EXPECTED_TYPE}"));
                cx.ptr.truncate(mark);
                valid = false;
            }
            (None, _) => {
                let mark = cx.ptr.push_index(i);
                cx.error(format!("a type is {}; {EXPECTED_TYPE}", describe(entry)));
                cx.ptr.truncate(mark);
                valid = false;
            }
        }
    }
    if valid && names.is_empty() && !nullable {
        cx.error(format!("`type` is an empty array; {EXPECTED_TYPE}"));
        valid = false;
    }
    cx.ptr.truncate(type_mark);
    valid.then_some((names, nullable))
}

fn apply_type_list(cx: &mut Cx, map: &mut Map<String, Value>, names: &[&str], nullable: bool) {
    if nullable {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    match names {
        [] => {
            map.shift_remove("type");
            map.insert("enum".to_owned(), json!([null]));
        }
        [one] => {
            map.insert("type".to_owned(), Value::String((*one).to_owned()));
        }
        several => split(cx, map, several, nullable),
    }
}

/// Which of `types` a keyword constrains; empty for annotations and unknown keywords,
/// which stay on the outer schema.
fn owners<'t>(key: &str, value: &Value, types: &[&'t str]) -> Vec<&'t str> {
    let claims = |t: &str| -> bool {
        match key {
            "format" => match value.as_str() {
                Some("int32" | "int64" | "float" | "double") => t == "integer" || t == "number",
                _ => t == "string",
            },
            k if ARRAY_KEYWORDS.contains(&k) => t == "array",
            k if OBJECT_KEYWORDS.contains(&k) => t == "object",
            k if STRING_KEYWORDS.contains(&k) => t == "string",
            k if NUMBER_KEYWORDS.contains(&k) => t == "integer" || t == "number",
            _ => false,
        }
    };
    types.iter().copied().filter(|t| claims(t)).collect()
}

fn is_type_keyword(key: &str) -> bool {
    key == "format"
        || ARRAY_KEYWORDS.contains(&key)
        || OBJECT_KEYWORDS.contains(&key)
        || STRING_KEYWORDS.contains(&key)
        || NUMBER_KEYWORDS.contains(&key)
}

fn has_instance_type(value: &Value, name: &str) -> bool {
    match name {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// `type: [A, B]` → `anyOf: [{type: A, ...A's keywords}, {type: B, ...}]`.
fn split(cx: &mut Cx, map: &mut Map<String, Value>, names: &[&str], nullable: bool) {
    map.shift_remove("type");
    let mut branches: Vec<Map<String, Value>> = names
        .iter()
        .map(|t| {
            let mut b = Map::new();
            b.insert("type".to_owned(), Value::String((*t).to_owned()));
            b
        })
        .collect();
    let keys: Vec<String> = map.keys().filter(|k| is_type_keyword(k)).cloned().collect();
    for key in keys {
        let Some(value) = map.shift_remove(&key) else {
            continue;
        };
        let targets = owners(&key, &value, names);
        if targets.is_empty() {
            cx.warn_at(
                &key,
                format!("`{key}` applies to none of the types in `type`; dropped"),
            );
        }
        for branch in branches.iter_mut() {
            if branch
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| targets.contains(&t))
            {
                branch.insert(key.clone(), value.clone());
            }
        }
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        for branch in branches.iter_mut() {
            let t = branch.get("type").and_then(Value::as_str).unwrap_or("");
            let mine: Vec<Value> = values
                .iter()
                .filter(|v| has_instance_type(v, t))
                .cloned()
                .collect();
            branch.insert("enum".to_owned(), Value::Array(mine));
        }
        map.shift_remove("enum");
        // A branch none of whose values has its type allows nothing.
        branches.retain(|b| !matches!(b.get("enum"), Some(Value::Array(v)) if v.is_empty()));
    }
    match branches.len() {
        0 if nullable => {
            map.insert("enum".to_owned(), json!([null]));
        }
        0 => cx.error_at(
            "enum",
            "no value of `enum` has one of the types in `type`; expected at least one",
        ),
        1 => {
            for branch in branches {
                map.extend(branch);
            }
        }
        _ => {
            let any_of = Value::Array(branches.into_iter().map(Value::Object).collect());
            let combined = ["anyOf", "oneOf", "allOf", "not"]
                .iter()
                .any(|k| map.contains_key(*k));
            if combined {
                push_all_of(map, json!({ "anyOf": any_of }));
            } else {
                map.insert("anyOf".to_owned(), any_of);
            }
        }
    }
}

fn required(cx: &mut Cx, map: &mut Map<String, Value>) {
    const EXPECTED: &str = "expected an array of property names (strings)";
    match map.get_mut("required") {
        None => {}
        Some(Value::Array(items)) => {
            let mut valid = true;
            let mark = cx.ptr.push("required");
            for (i, item) in items.iter().enumerate() {
                if !item.is_string() {
                    let at = cx.ptr.push_index(i);
                    cx.error(format!(
                        "a required property name is {}; expected a string",
                        describe(item)
                    ));
                    cx.ptr.truncate(at);
                    valid = false;
                }
            }
            if valid {
                let duplicates = remove_duplicates(items);
                if !duplicates.is_empty() {
                    cx.warn(format!(
                        "{} listed more than once; duplicates removed",
                        duplicates.join(", ")
                    ));
                }
            }
            cx.ptr.truncate(mark);
        }
        Some(Value::Bool(_)) => cx.error_at(
            "required",
            format!(
                "`required` is a boolean (Swagger 2.0 style); {EXPECTED}, listed on the \
                 object schema that has the property"
            ),
        ),
        Some(other) => {
            let message = format!("`required` is {}; {EXPECTED}", describe(other));
            cx.error_at("required", message);
        }
    }
}

/// Removes later copies of a name; returns the removed names, quoted. Every item is a
/// string here.
fn remove_duplicates(items: &mut Vec<Value>) -> Vec<String> {
    let mut seen = HashSet::with_capacity(items.len());
    if items.iter().all(|v| seen.insert(v.as_str())) {
        return Vec::new();
    }
    let mut seen = HashSet::with_capacity(items.len());
    let mut removed = Vec::new();
    items.retain(|v| {
        let name = v.as_str().unwrap_or_default();
        if seen.insert(name.to_owned()) {
            true
        } else {
            removed.push(format!("`{name}`"));
            false
        }
    });
    removed
}

/// Real specs give a number as the example of a string (`latitude: {type: string,
/// example: 37.48}`) or of a string enum; an example is documentation only, so it is kept
/// as written.
fn example_mismatch(cx: &mut Cx, map: &Map<String, Value>) {
    let Some(example) = map.get("example") else {
        return;
    };
    if !(example.is_number() || example.is_boolean()) {
        return;
    }
    let string_type = map.get("type").and_then(Value::as_str) == Some("string");
    let string_enum = match map.get("enum") {
        Some(Value::Array(values)) => {
            !values.is_empty() && values.iter().all(|v| v.is_string() || v.is_null())
        }
        _ => false,
    };
    let expected = match (string_enum, string_type) {
        (true, _) => "one of the enum's strings",
        (false, true) => "a string, as the schema's type says",
        (false, false) => return,
    };
    cx.warn_at(
        "example",
        format!("example `{example}` is not {expected}; kept as written"),
    );
}
