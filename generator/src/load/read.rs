//! Bytes → `serde_json::Value`: JSON, or YAML with the `yaml` feature.

use crate::diag::Errors;
use serde_json::Value;

/// See [`super::read_document`].
pub(super) fn read(bytes: &[u8], origin: &str) -> Result<Value, Errors> {
    let value = read_value(bytes, origin)?;
    match value {
        Value::Object(_) => Ok(value),
        Value::Null => Err(Errors::one(
            origin,
            "",
            "the document has no content; expected an OpenAPI document (an object)",
        )),
        other => Err(Errors::one(
            origin,
            "",
            format!(
                "the top level is {}; expected an OpenAPI document (an object)",
                describe(&other)
            ),
        )),
    }
}

/// See [`super::read_value`].
pub(super) fn read_value(bytes: &[u8], origin: &str) -> Result<Value, Errors> {
    let text = decode(bytes, origin)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(first) = text.trim_start().chars().next() else {
        return Err(Errors::one(
            origin,
            "",
            "the document is empty; expected an OpenAPI document (a JSON or YAML object)",
        ));
    };
    if first == '{' || first == '[' {
        super::json::read(text, origin)
    } else {
        from_yaml(text, origin)
    }
}

fn decode<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, Errors> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let (line, column) = line_column(bytes.get(..at).unwrap_or_default());
        Errors::one(
            origin,
            "",
            format!(
                "not valid UTF-8 at byte {at} (line {line}, column {column}); \
                 expected a UTF-8 JSON or YAML document"
            ),
        )
    })
}

/// 1-based line and column (in characters) just after `before`.
fn line_column(before: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(before);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

pub(super) fn json_error(origin: &str, pointer: &str, e: &serde_json::Error) -> Errors {
    let hint = if e.to_string().starts_with("recursion limit exceeded") {
        " (nested deeper than 128 levels)"
    } else {
        ""
    };
    Errors::one(
        origin,
        pointer,
        format!(
            "invalid JSON at line {}, column {}: {}{hint}",
            e.line(),
            e.column(),
            strip_location(&e.to_string())
        ),
    )
}

/// serde_json and serde_norway end their messages with the location we already give.
fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message),
        None => message,
    }
}

#[cfg(feature = "yaml")]
fn from_yaml(text: &str, origin: &str) -> Result<Value, Errors> {
    super::yaml::read(text, origin)
}

#[cfg(not(feature = "yaml"))]
fn from_yaml(_text: &str, origin: &str) -> Result<Value, Errors> {
    Err(Errors::one(
        origin,
        "",
        "the document does not start with `{`, so it is not JSON; reading YAML needs the \
         `yaml` feature of d360-codegen (enabled by default)",
    ))
}

/// What a value of the wrong kind is, for messages: scalars are shown (`the string "id"`),
/// containers named with both their JSON and YAML names.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) if s.chars().count() > 40 => {
            let head: String = s.chars().take(40).collect();
            format!("the string {:?}", format!("{head}..."))
        }
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array (sequence)".to_owned(),
        Value::Object(_) => "an object (map)".to_owned(),
    }
}

#[cfg(feature = "yaml")]
pub(super) fn yaml_location_message(message: &str) -> &str {
    strip_location(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_column(b""), (1, 1));
        assert_eq!(line_column(b"ab\ncd"), (2, 3));
        assert_eq!(line_column("é".as_bytes()), (1, 2));
    }

    #[test]
    fn descriptions_show_scalars() {
        assert_eq!(describe(&serde_json::json!("id")), "the string \"id\"");
        assert_eq!(describe(&serde_json::json!(7)), "the number `7`");
        assert_eq!(describe(&serde_json::json!([])), "an array (sequence)");
        let long = describe(&serde_json::json!("x".repeat(100)));
        assert!(long.len() < 70 && long.ends_with("...\""), "{long}");
    }

    #[test]
    fn location_suffix_is_stripped_once() {
        assert_eq!(strip_location("EOF at line 1 column 2"), "EOF");
        assert_eq!(strip_location("no location"), "no location");
    }
}
