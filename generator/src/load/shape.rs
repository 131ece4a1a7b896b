//! Where things are in an OpenAPI document: which object a value at a given key is.
//!
//! One table drives the three walks that need it (reference checks, 3.1 normalization,
//! and locating a parse error), so they cannot disagree about what a schema position is.

/// An OpenAPI object kind, as far as the loader and the parser's error reports care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Node {
    Root,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Encoding,
    Callback,
    Components,
    Schema,
    Example,
    Link,
    SecurityScheme,
}

/// A plain field whose type `openapiv3` checks; only used to locate parse errors that
/// `serde` reports without a path (inside flattened or untagged types).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Bool,
    Str,
    Number,
    Usize,
    StrList,
    List,
    Discriminator,
    ExternalDocs,
}

/// What the value under a key is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One object of that kind (or a `$ref` to one).
    One(Node),
    /// A map from names to objects of that kind.
    MapOf(Node),
    /// An array of objects of that kind.
    ListOf(Node),
    /// A plain field.
    Field(Field),
}

use crate::openapi::METHODS;

/// The shape of the value at `key` inside a value of shape `parent`, when known.
pub(crate) fn child(parent: Shape, key: &str) -> Option<Shape> {
    match parent {
        Shape::One(node) => member(node, key),
        Shape::MapOf(node) => Some(Shape::One(node)),
        Shape::ListOf(_) | Shape::Field(_) => None,
    }
}

/// The shape of an array element inside a value of shape `parent`, when known.
pub(crate) fn element(parent: Shape) -> Option<Shape> {
    match parent {
        Shape::ListOf(node) => Some(Shape::One(node)),
        _ => None,
    }
}

fn member(node: Node, key: &str) -> Option<Shape> {
    use Field::*;
    use Node::*;
    use Shape::{Field as F, ListOf, MapOf, One};
    let shape = match (node, key) {
        (Root, "paths") => One(Paths),
        (Root, "webhooks") => MapOf(PathItem),
        (Root, "components") => One(Components),
        (Paths, k) if k.starts_with('/') => One(PathItem),
        (PathItem, "parameters") => ListOf(Parameter),
        (PathItem, k) if METHODS.contains(&k) => One(Operation),
        (PathItem, "summary" | "description") => F(Str),
        (Operation, "parameters") => ListOf(Parameter),
        (Operation, "requestBody") => One(RequestBody),
        (Operation, "responses") => One(Responses),
        (Operation, "callbacks") => MapOf(Callback),
        (Responses | Callback, k) if !k.starts_with("x-") => One(if node == Responses {
            Response
        } else {
            PathItem
        }),
        (Parameter | Header, "schema") => One(Schema),
        (Parameter | Header, "content") => MapOf(MediaType),
        (Parameter | Header | MediaType, "examples") => MapOf(Example),
        (Parameter, "name" | "in") => F(Str),
        (Parameter | Header, "description" | "style") => F(Str),
        (Parameter | Header, "required" | "deprecated" | "explode") => F(Bool),
        (Parameter | Header, "allowEmptyValue" | "allowReserved") => F(Bool),
        (RequestBody, "content") => MapOf(MediaType),
        (RequestBody | Response, "description") => F(Str),
        (RequestBody, "required") => F(Bool),
        (Response, "headers") | (Encoding, "headers") => MapOf(Header),
        (Response, "content") => MapOf(MediaType),
        (Response, "links") => MapOf(Link),
        (MediaType, "schema") => One(Schema),
        (MediaType, "encoding") => MapOf(Encoding),
        (Components, "schemas") => MapOf(Schema),
        (Components, "responses") => MapOf(Response),
        (Components, "parameters") => MapOf(Parameter),
        (Components, "examples") => MapOf(Example),
        (Components, "requestBodies") => MapOf(RequestBody),
        (Components, "headers") => MapOf(Header),
        (Components, "securitySchemes") => MapOf(SecurityScheme),
        (Components, "links") => MapOf(Link),
        (Components, "callbacks") => MapOf(Callback),
        (Components, "pathItems") => MapOf(PathItem),
        (Schema, k) => return schema_member(k),
        _ => return None,
    };
    Some(shape)
}

/// The subschema positions `openapiv3` reads, plus the plain fields it type-checks.
fn schema_member(key: &str) -> Option<Shape> {
    use Field::*;
    use Shape::{Field as F, ListOf, MapOf, One};
    let shape = match key {
        "properties" => MapOf(Node::Schema),
        "items" | "not" | "additionalProperties" => One(Node::Schema),
        "allOf" | "anyOf" | "oneOf" => ListOf(Node::Schema),
        "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems" => F(Bool),
        "exclusiveMinimum" | "exclusiveMaximum" => F(Bool),
        "title" | "description" | "type" | "pattern" | "format" => F(Str),
        "multipleOf" | "minimum" | "maximum" => F(Number),
        "minLength" | "maxLength" | "minItems" | "maxItems" => F(Usize),
        "minProperties" | "maxProperties" => F(Usize),
        "required" => F(StrList),
        "enum" => F(List),
        "discriminator" => F(Discriminator),
        "externalDocs" => F(ExternalDocs),
        _ => return None,
    };
    Some(shape)
}

/// What is at a place, as far as the table and references tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Location {
    /// An object of a kind, a map or list of them, or a plain field.
    pub(crate) shape: Shape,
    /// Whether the walks reach it from where the search started. JSON Schema's
    /// `definitions` and `$defs` hold schemas that `openapiv3` does not read and the walks do
    /// not enter (OpenAPI 3.0 does not define them, and many documents keep drafts there);
    /// a schema inside them is only looked at when a reference points to it.
    pub(crate) walked: bool,
}

impl Location {
    /// The kind of object there, when it is one object.
    pub(crate) fn node(self) -> Option<Node> {
        match self.shape {
            Shape::One(node) => Some(node),
            _ => None,
        }
    }
}

/// What is at `tokens` (the unescaped tokens of a JSON pointer) below an object of kind
/// `start`, when the table knows the place: from the root, `/components/responses/A` is a
/// response, `/paths/~1a/get/parameters/0` a parameter, `/components/schemas` a map of
/// schemas. `None` for places outside the table (extensions, examples).
pub(crate) fn locate<S: AsRef<str>>(start: Node, tokens: &[S]) -> Option<Location> {
    let mut shape = Shape::One(start);
    let mut walked = true;
    for token in tokens {
        let token = token.as_ref();
        shape = match shape {
            Shape::ListOf(node) => {
                token.parse::<usize>().ok()?;
                Shape::One(node)
            }
            Shape::One(Node::Schema) if token == "definitions" || token == "$defs" => {
                walked = false;
                Shape::MapOf(Node::Schema)
            }
            _ => child(shape, token)?,
        };
    }
    Some(Location { shape, walked })
}

/// What a place of this shape is, for messages: `a map of schemas`.
pub(crate) fn describe(shape: Shape) -> String {
    match shape {
        Shape::One(node) => with_article(node),
        Shape::MapOf(node) => format!("a map of {}s", noun(node)),
        Shape::ListOf(node) => format!("a list of {}s", noun(node)),
        Shape::Field(_) => "a plain value, not an object".to_owned(),
    }
}

/// What an object of this kind is called in messages.
pub(crate) fn noun(node: Node) -> &'static str {
    match node {
        Node::Schema => "schema",
        Node::Parameter => "parameter",
        Node::Response => "response",
        Node::RequestBody => "request body",
        Node::Header => "header",
        Node::MediaType => "media type",
        Node::Example => "example",
        Node::Link => "link",
        Node::SecurityScheme => "security scheme",
        Node::Callback => "callback",
        Node::PathItem => "path item",
        Node::Operation => "operation",
        Node::Responses => "responses object",
        Node::Paths => "paths object",
        Node::Components => "components object",
        Node::Encoding => "encoding",
        Node::Root => "whole document",
    }
}

/// The noun with its article: `a schema`, `an operation`, `the whole document`.
pub(crate) fn with_article(node: Node) -> String {
    if node == Node::Root {
        return "the whole document".to_owned();
    }
    let noun = noun(node);
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// Whether `key` inside a schema is `additionalProperties`, whose boolean form is not a
/// schema to walk into.
pub(crate) fn is_additional_properties(parent: Shape, key: &str) -> bool {
    parent == Shape::One(Node::Schema) && key == "additionalProperties"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_positions_are_found_through_responses_and_callbacks() {
        let mut shape = Shape::One(Node::Root);
        for key in [
            "paths",
            "/pets",
            "post",
            "callbacks",
            "onEvent",
            "{$request.body#/url}",
            "put",
            "responses",
            "200",
            "content",
            "application/json",
            "schema",
            "properties",
            "name",
        ] {
            shape = child(shape, key).unwrap_or_else(|| panic!("no shape under {key}"));
        }
        assert_eq!(shape, Shape::One(Node::Schema));
    }

    #[test]
    fn locations_name_the_object_at_a_pointer() {
        let at = |p: &[&str]| {
            let l = locate(Node::Root, p)?;
            Some((l.node()?, l.walked))
        };
        assert_eq!(
            at(&["components", "responses", "A"]),
            Some((Node::Response, true))
        );
        assert_eq!(
            at(&["paths", "/a/{id}", "get", "parameters", "0"]),
            Some((Node::Parameter, true))
        );
        assert_eq!(
            at(&[
                "components",
                "schemas",
                "A",
                "definitions",
                "b",
                "oneOf",
                "1"
            ]),
            Some((Node::Schema, false))
        );
        assert_eq!(at(&["paths", "/a"]), Some((Node::PathItem, true)));
        assert_eq!(at(&["paths", "/a", "get", "parameters", "x"]), None);
        assert_eq!(at(&["components", "schemas"]), None);
        assert_eq!(
            locate(Node::Root, &["components", "schemas"]).map(|l| l.shape),
            Some(Shape::MapOf(Node::Schema))
        );
        assert_eq!(at(&["x-defs", "A"]), None);
        assert_eq!(at(&[]), Some((Node::Root, true)));
        assert_eq!(
            locate(Node::Schema, &["properties", "a", "items"]).map(|l| l.walked),
            Some(true)
        );
    }

    #[test]
    fn extensions_are_not_objects() {
        let responses = Shape::One(Node::Responses);
        assert_eq!(child(responses, "x-note"), None);
        assert_eq!(child(Shape::One(Node::Paths), "x-note"), None);
        assert_eq!(
            child(responses, "default"),
            Some(Shape::One(Node::Response))
        );
    }
}
