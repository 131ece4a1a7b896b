//! JSON pointers (RFC 6901): a growable buffer for walks, and `$ref` fragment decoding.

use std::fmt::Write as _;

/// The pointer of the value a walk is at. Pushing and truncating one buffer keeps a walk
/// over a multi-megabyte document from allocating a string per node.
#[derive(Debug, Default)]
pub(crate) struct Ptr {
    buf: String,
}

impl Ptr {
    /// Appends one (unescaped) key; returns the length to truncate back to.
    pub(crate) fn push(&mut self, key: &str) -> usize {
        let mark = self.buf.len();
        self.buf.push('/');
        if !key.bytes().any(|b| b == b'~' || b == b'/') {
            self.buf.push_str(key);
            return mark;
        }
        for c in key.chars() {
            match c {
                '~' => self.buf.push_str("~0"),
                '/' => self.buf.push_str("~1"),
                c => self.buf.push(c),
            }
        }
        mark
    }

    /// Appends one array index; returns the length to truncate back to.
    pub(crate) fn push_index(&mut self, index: usize) -> usize {
        let mark = self.buf.len();
        // Writing to a String cannot fail.
        let _ = write!(self.buf, "/{index}");
        mark
    }

    /// Goes back to a length returned by [`Ptr::push`] or [`Ptr::push_index`].
    pub(crate) fn truncate(&mut self, mark: usize) {
        self.buf.truncate(mark);
    }

    /// Starts over at `pointer` (already escaped).
    pub(crate) fn reset(&mut self, pointer: &str) {
        self.buf.clear();
        self.buf.push_str(pointer);
    }

    /// The pointer so far.
    pub(crate) fn as_str(&self) -> &str {
        &self.buf
    }
}

/// Why a `$ref` fragment is not a usable JSON pointer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FragmentError {
    /// `#name`: a plain-name fragment (`$anchor`), not a pointer.
    PlainName,
    /// A `%` not followed by two hex digits, or bytes that are not UTF-8 once decoded.
    BadPercentEncoding,
}

/// Turns the fragment of a local reference (the text after `#`) into a JSON pointer.
///
/// Fragments are URI-encoded (`#/paths/~1users~1%7Bid%7D`), so percent-decoding comes
/// first; `~0`/`~1` stay escaped, as `serde_json::Value::pointer` expects.
pub(crate) fn decode_fragment(fragment: &str) -> Result<String, FragmentError> {
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Err(FragmentError::PlainName);
    }
    if !fragment.contains('%') {
        return Ok(fragment.to_owned());
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .ok_or(FragmentError::BadPercentEncoding)?;
            let hex = std::str::from_utf8(hex).map_err(|_| FragmentError::BadPercentEncoding)?;
            let byte =
                u8::from_str_radix(hex, 16).map_err(|_| FragmentError::BadPercentEncoding)?;
            out.push(byte);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| FragmentError::BadPercentEncoding)
}

/// The unescaped tokens of a JSON pointer (`/a~1b/0` → `["a/b", "0"]`).
pub(crate) fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_escapes_and_truncate_restores() {
        let mut p = Ptr::default();
        let a = p.push("paths");
        let b = p.push("/pets/{id}");
        p.push_index(3);
        p.push("a~b");
        assert_eq!(p.as_str(), "/paths/~1pets~1{id}/3/a~0b");
        p.truncate(b);
        assert_eq!(p.as_str(), "/paths");
        p.truncate(a);
        assert_eq!(p.as_str(), "");
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(
            decode_fragment("/paths/~1users~1%7Bid%7D").as_deref(),
            Ok("/paths/~1users~1{id}")
        );
        assert_eq!(decode_fragment("/a%20b").as_deref(), Ok("/a b"));
        assert_eq!(decode_fragment(""), Ok(String::new()));
        assert_eq!(decode_fragment("Pet"), Err(FragmentError::PlainName));
        assert_eq!(
            decode_fragment("/a%2"),
            Err(FragmentError::BadPercentEncoding)
        );
        assert_eq!(
            decode_fragment("/a%zz"),
            Err(FragmentError::BadPercentEncoding)
        );
        assert_eq!(
            decode_fragment("/a%ff"),
            Err(FragmentError::BadPercentEncoding)
        );
    }

    #[test]
    fn tokens_unescape() {
        let t: Vec<String> = tokens("/a~1b/~01/0").collect();
        assert_eq!(t, ["a/b", "~1", "0"]);
    }
}
