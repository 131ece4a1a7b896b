//! Percent-encoding of path segments.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters left as they are in a path segment: RFC 3986 unreserved.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment, so `a/b?c` stays one segment (`a%2Fb%3Fc`).
///
/// `.` and `..` are encoded too (`%2E%2E`): as bare segments, URL parsers would resolve them
/// and send the request to another path.
pub fn encode_path(segment: &str) -> String {
    match segment {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(segment, SEGMENT).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::encode_path;

    #[test]
    fn encodes_reserved_characters() {
        assert_eq!(encode_path("examplePA"), "examplePA");
        assert_eq!(encode_path("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(encode_path("x y%"), "x%20y%25");
        assert_eq!(encode_path(".."), "%2E%2E");
        assert_eq!(encode_path("a..b"), "a..b");
        assert_eq!(encode_path("ü"), "%C3%BC");
    }
}
