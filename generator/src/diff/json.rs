//! A compact, read-only JSON tree: what the diff models documents from.
//!
//! `serde_json::Value` (with `preserve_order`) spends about 150 bytes on every member of
//! every object, ten times the text it was read from: a 5.6 MB GitHub description becomes
//! 58 MB. Here a node is 12 bytes, an object member 12, and strings are spans of the text
//! they were read from (decoded once only when they hold escapes), so the tree costs about
//! twice the text. The diff reads a document once, top to bottom, and never changes it.
//!
//! JSON is parsed here (iteratively: any depth up to [`MAX_DEPTH`] without recursion);
//! anything else (YAML), and any text this parser refuses, goes through the generator's
//! own reader, which gives the error its exact wording, and is then converted.

use crate::diag::Errors;
use serde_json::Value;

/// Deepest nesting accepted, as the generator's reader.
const MAX_DEPTH: usize = 128;

/// Where a string's bytes are: a span of the text, or of the decoded buffer when the
/// string held escapes (high bit of `len`).
#[derive(Clone, Copy, Debug)]
struct Span {
    start: u32,
    len: u32,
}

const DECODED: u32 = 1 << 31;

#[derive(Clone, Copy, Debug)]
enum Node {
    Null,
    Bool(bool),
    /// The number as written.
    Num(Span),
    Str(Span),
    /// `items[first..first + len]`.
    Arr(u32, u32),
    /// `members[first..first + len]`.
    Obj(u32, u32),
}

#[derive(Clone, Copy, Debug)]
struct Member {
    key: Span,
    value: u32,
}

/// A parsed document.
pub(crate) struct Doc {
    text: String,
    decoded: String,
    nodes: Vec<Node>,
    members: Vec<Member>,
    items: Vec<u32>,
    root: u32,
}

/// One value of a [`Doc`]: a handle, cheap to copy.
#[derive(Clone, Copy)]
pub(crate) struct J<'d> {
    doc: &'d Doc,
    id: u32,
}

impl Doc {
    /// Reads a document: JSON here (the tree keeps the text: no copy), anything else
    /// (YAML) through the generator's reader. The top level must be an object; errors name
    /// `origin`.
    pub(crate) fn read(bytes: Vec<u8>, origin: &str) -> Result<Self, Errors> {
        let bytes = match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                if text.trim_start().starts_with('{') {
                    match Self::parse(text) {
                        Ok(doc) => return Ok(doc),
                        Err(text) => text.into_bytes(),
                    }
                } else {
                    text.into_bytes()
                }
            }
            Err(e) => e.into_bytes(),
        };
        // YAML, or text this parser refuses: the reader says exactly what is wrong.
        let value = crate::load::read_document(&bytes, origin)?;
        drop(bytes);
        Ok(Self::from_value(&value))
    }

    /// The tree of a value that is already in memory (its strings and numbers copied into
    /// the tree's own buffer).
    pub(crate) fn from_value(value: &Value) -> Self {
        let mut doc = Self {
            text: String::new(),
            decoded: String::new(),
            nodes: Vec::new(),
            members: Vec::new(),
            items: Vec::new(),
            root: 0,
        };
        doc.root = doc.add(value);
        doc
    }

    /// Adds `value` (children first, so that each container's children are contiguous);
    /// returns its id. Values come from the reader, at most 128 levels deep.
    fn add(&mut self, value: &Value) -> u32 {
        let node = match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Num(self.copy(&n.to_string())),
            Value::String(s) => Node::Str(self.copy(s)),
            Value::Array(values) => {
                let ids: Vec<u32> = values.iter().map(|v| self.add(v)).collect();
                let first = self.items.len() as u32;
                self.items.extend(&ids);
                Node::Arr(first, ids.len() as u32)
            }
            Value::Object(map) => {
                let members: Vec<Member> = map
                    .iter()
                    .map(|(k, v)| {
                        let value = self.add(v);
                        Member {
                            key: self.copy(k),
                            value,
                        }
                    })
                    .collect();
                let first = self.members.len() as u32;
                self.members.extend(&members);
                Node::Obj(first, members.len() as u32)
            }
        };
        self.nodes.push(node);
        (self.nodes.len() - 1) as u32
    }

    fn copy(&mut self, text: &str) -> Span {
        let start = self.decoded.len() as u32;
        self.decoded.push_str(text);
        Span {
            start,
            len: (text.len() as u32) | DECODED,
        }
    }

    /// The root value.
    pub(crate) fn root(&self) -> J<'_> {
        J {
            doc: self,
            id: self.root,
        }
    }

    /// Parses JSON text whose top level is an object; the text back on anything invalid (a
    /// syntax error, a duplicate key, nesting deeper than [`MAX_DEPTH`], a text over 2 GiB).
    fn parse(text: String) -> Result<Self, String> {
        match Self::parse_borrowed(&text) {
            Some(mut doc) => {
                doc.text = text;
                Ok(doc)
            }
            None => Err(text),
        }
    }

    /// The tree of `text`, without the text itself.
    fn parse_borrowed(text: &str) -> Option<Self> {
        if text.len() >= DECODED as usize {
            return None;
        }
        let mut parser = Parser {
            bytes: text.as_bytes(),
            at: 0,
            doc: Self {
                text: String::new(),
                decoded: String::new(),
                // About what a minified description needs (GitHub's: a node per 13 bytes, a
                // member per 16, an array item per 60), so that the lists rarely grow.
                nodes: Vec::with_capacity(text.len() / 12),
                members: Vec::with_capacity(text.len() / 15),
                items: Vec::with_capacity(text.len() / 50),
                root: 0,
            },
            frames: Vec::new(),
            open_members: Vec::new(),
            open_items: Vec::new(),
        };
        let root = parser.document()?;
        let mut doc = parser.doc;
        if !matches!(doc.nodes.get(root as usize), Some(Node::Obj(..))) {
            return None;
        }
        doc.root = root;
        Some(doc)
    }

    fn str_of(&self, span: Span) -> &str {
        let (buffer, len) = if span.len & DECODED != 0 {
            (&self.decoded, span.len & !DECODED)
        } else {
            (&self.text, span.len)
        };
        let start = span.start as usize;
        buffer.get(start..start + len as usize).unwrap_or_default()
    }
}

/// What is being built: an array or an object, with where its children start in the
/// open lists.
enum Frame {
    Arr(usize),
    Obj(usize, Option<Span>),
}

struct Parser<'t> {
    bytes: &'t [u8],
    at: usize,
    doc: Doc,
    frames: Vec<Frame>,
    open_members: Vec<Member>,
    open_items: Vec<u32>,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes.get(self.at).copied()
    }

    fn push(&mut self, node: Node) -> Option<u32> {
        let id = u32::try_from(self.doc.nodes.len()).ok()?;
        self.doc.nodes.push(node);
        Some(id)
    }

    /// The whole text: one value, then nothing but whitespace.
    fn document(&mut self) -> Option<u32> {
        let mut done: Option<u32> = None;
        loop {
            // A value starts here (or a container closes).
            let value = match self.peek()? {
                b'{' => {
                    self.at += 1;
                    if self.frames.len() >= MAX_DEPTH {
                        return None;
                    }
                    self.frames.push(Frame::Obj(self.open_members.len(), None));
                    if self.peek()? == b'}' {
                        self.at += 1;
                        Some(self.close()?)
                    } else {
                        self.key()?;
                        None
                    }
                }
                b'[' => {
                    self.at += 1;
                    if self.frames.len() >= MAX_DEPTH {
                        return None;
                    }
                    self.frames.push(Frame::Arr(self.open_items.len()));
                    if self.peek()? == b']' {
                        self.at += 1;
                        Some(self.close()?)
                    } else {
                        None
                    }
                }
                _ => Some(self.scalar()?),
            };
            let Some(mut value) = value else {
                continue;
            };
            // Hand the value to its container; close containers that end here.
            loop {
                match self.frames.last_mut() {
                    None => {
                        done = Some(value);
                        break;
                    }
                    Some(Frame::Arr(_)) => self.open_items.push(value),
                    Some(Frame::Obj(_, key)) => {
                        let key = key.take()?;
                        self.open_members.push(Member { key, value });
                    }
                }
                match self.peek()? {
                    b',' => {
                        self.at += 1;
                        if matches!(self.frames.last(), Some(Frame::Obj(..))) {
                            self.key()?;
                        }
                        break;
                    }
                    b'}' if matches!(self.frames.last(), Some(Frame::Obj(..))) => {
                        self.at += 1;
                        value = self.close()?;
                    }
                    b']' if matches!(self.frames.last(), Some(Frame::Arr(_))) => {
                        self.at += 1;
                        value = self.close()?;
                    }
                    _ => return None,
                }
            }
            if let Some(root) = done {
                self.skip_space();
                return (self.at == self.bytes.len()).then_some(root);
            }
        }
    }

    /// `"key":` inside an object.
    fn key(&mut self) -> Option<()> {
        if self.peek()? != b'"' {
            return None;
        }
        let key = self.string()?;
        if self.peek()? != b':' {
            return None;
        }
        self.at += 1;
        match self.frames.last_mut() {
            Some(Frame::Obj(_, slot)) => *slot = Some(key),
            _ => return None,
        }
        Some(())
    }

    /// Ends the innermost container: its children move to their final place.
    fn close(&mut self) -> Option<u32> {
        match self.frames.pop()? {
            Frame::Arr(start) => {
                let first = u32::try_from(self.doc.items.len()).ok()?;
                let len = u32::try_from(self.open_items.len() - start).ok()?;
                self.doc.items.extend(self.open_items.drain(start..));
                self.push(Node::Arr(first, len))
            }
            Frame::Obj(start, _) => {
                let first = u32::try_from(self.doc.members.len()).ok()?;
                let len = u32::try_from(self.open_members.len() - start).ok()?;
                if self.has_duplicate(start) {
                    return None;
                }
                self.doc.members.extend(self.open_members.drain(start..));
                self.push(Node::Obj(first, len))
            }
        }
    }

    /// Whether the open object's keys repeat (the reader refuses such a document).
    fn has_duplicate(&self, start: usize) -> bool {
        let members = &self.open_members[start..];
        let key = |m: &Member| self.key_str(m.key);
        if members.len() <= 16 {
            return members
                .iter()
                .enumerate()
                .any(|(i, m)| members[..i].iter().any(|n| key(n) == key(m)));
        }
        let mut seen = std::collections::HashSet::with_capacity(members.len());
        !members.iter().all(|m| seen.insert(key(m)))
    }

    fn key_str(&self, span: Span) -> &str {
        let (buffer, len) = if span.len & DECODED != 0 {
            (self.doc.decoded.as_bytes(), span.len & !DECODED)
        } else {
            (self.bytes, span.len)
        };
        let start = span.start as usize;
        buffer
            .get(start..start + len as usize)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    fn scalar(&mut self) -> Option<u32> {
        let rest = self.bytes.get(self.at..)?;
        let node = match rest.first()? {
            b'"' => Node::Str(self.string()?),
            b't' if rest.starts_with(b"true") => {
                self.at += 4;
                Node::Bool(true)
            }
            b'f' if rest.starts_with(b"false") => {
                self.at += 5;
                Node::Bool(false)
            }
            b'n' if rest.starts_with(b"null") => {
                self.at += 4;
                Node::Null
            }
            b'-' | b'0'..=b'9' => Node::Num(self.number()?),
            _ => return None,
        };
        self.push(node)
    }

    fn number(&mut self) -> Option<Span> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > from
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        match self.bytes.get(self.at) {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return None,
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        Some(Span {
            start: u32::try_from(start).ok()?,
            len: u32::try_from(self.at - start).ok()?,
        })
    }

    /// A string at `"`: a span of the text, or decoded when it holds escapes.
    fn string(&mut self) -> Option<Span> {
        self.at += 1;
        let start = self.at;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => {
                    let span = Span {
                        start: u32::try_from(start).ok()?,
                        len: u32::try_from(self.at - start).ok()?,
                    };
                    self.at += 1;
                    return Some(span);
                }
                b'\\' => return self.escaped(start),
                0..=0x1f => return None,
                _ => self.at += 1,
            }
        }
    }

    fn escaped(&mut self, start: usize) -> Option<Span> {
        let mut out = String::from(std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?);
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    break;
                }
                b'\\' => {
                    self.at += 1;
                    let c = match *self.bytes.get(self.at)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4()?;
                            match high {
                                0xD800..=0xDBFF => {
                                    if self.bytes.get(self.at + 1..self.at + 3)? != b"\\u" {
                                        return None;
                                    }
                                    self.at += 2;
                                    let low = self.hex4()?;
                                    if !(0xDC00..=0xDFFF).contains(&low) {
                                        return None;
                                    }
                                    char::from_u32(
                                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00),
                                    )?
                                }
                                0xDC00..=0xDFFF => return None,
                                _ => char::from_u32(high)?,
                            }
                        }
                        _ => return None,
                    };
                    out.push(c);
                    self.at += 1;
                }
                0..=0x1f => return None,
                _ => {
                    // Copy the run up to the next quote or backslash.
                    let from = self.at;
                    while self
                        .bytes
                        .get(self.at)
                        .is_some_and(|b| !matches!(b, b'"' | b'\\' | 0..=0x1f))
                    {
                        self.at += 1;
                    }
                    out.push_str(std::str::from_utf8(self.bytes.get(from..self.at)?).ok()?);
                }
            }
        }
        let begin = self.doc.decoded.len();
        self.doc.decoded.push_str(&out);
        Some(Span {
            start: u32::try_from(begin).ok()?,
            len: u32::try_from(out.len()).ok()? | DECODED,
        })
    }

    /// The four hex digits after `\u` (the cursor is on the `u`; it ends on the last digit).
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at + 1..self.at + 5)?;
        let text = std::str::from_utf8(digits).ok()?;
        let value = u32::from_str_radix(text, 16).ok()?;
        self.at += 4;
        Some(value)
    }
}

impl<'d> J<'d> {
    fn node(self) -> Node {
        self.doc
            .nodes
            .get(self.id as usize)
            .copied()
            .unwrap_or(Node::Null)
    }

    fn at(self, id: u32) -> Self {
        Self { doc: self.doc, id }
    }

    /// The member `key` of an object.
    pub(crate) fn get(self, key: &str) -> Option<Self> {
        self.entries()?.find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The members of an object, in document order.
    pub(crate) fn entries(self) -> Option<impl Iterator<Item = (&'d str, J<'d>)> + Clone> {
        let Node::Obj(first, len) = self.node() else {
            return None;
        };
        let doc = self.doc;
        let members = doc
            .members
            .get(first as usize..(first + len) as usize)
            .unwrap_or_default();
        Some(
            members
                .iter()
                .map(move |m| (doc.str_of(m.key), J { doc, id: m.value })),
        )
    }

    /// The items of an array.
    pub(crate) fn items(self) -> Option<impl Iterator<Item = J<'d>> + Clone> {
        let Node::Arr(first, len) = self.node() else {
            return None;
        };
        let doc = self.doc;
        let items = doc
            .items
            .get(first as usize..(first + len) as usize)
            .unwrap_or_default();
        Some(items.iter().map(move |&id| J { doc, id }))
    }

    /// Whether it is an object / an array / `null`.
    pub(crate) fn is_object(self) -> bool {
        matches!(self.node(), Node::Obj(..))
    }

    pub(crate) fn is_array(self) -> bool {
        matches!(self.node(), Node::Arr(..))
    }

    pub(crate) fn is_null(self) -> bool {
        matches!(self.node(), Node::Null)
    }

    /// Number of members or items (0 for scalars).
    pub(crate) fn len(self) -> usize {
        match self.node() {
            Node::Obj(_, len) | Node::Arr(_, len) => len as usize,
            _ => 0,
        }
    }

    pub(crate) fn as_str(self) -> Option<&'d str> {
        match self.node() {
            Node::Str(span) => Some(self.doc.str_of(span)),
            _ => None,
        }
    }

    pub(crate) fn as_bool(self) -> Option<bool> {
        match self.node() {
            Node::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// Whether it is `true`.
    pub(crate) fn is_true(self) -> bool {
        self.as_bool() == Some(true)
    }

    /// A number's text as written.
    fn number_text(self) -> Option<&'d str> {
        match self.node() {
            Node::Num(span) => Some(self.doc.str_of(span)),
            _ => None,
        }
    }

    /// Whether it is a number without fraction or exponent that fits 64 bits.
    pub(crate) fn is_integer(self) -> bool {
        self.number_text()
            .is_some_and(|t| t.parse::<i64>().is_ok() || t.parse::<u64>().is_ok())
    }

    pub(crate) fn is_number(self) -> bool {
        matches!(self.node(), Node::Num(_))
    }

    /// A number in one spelling per value (`1.0` and `1.00` alike), as `serde_json` writes
    /// it.
    pub(crate) fn number_key(self) -> Option<String> {
        let text = self.number_text()?;
        if let Ok(i) = text.parse::<i64>() {
            return Some(i.to_string());
        }
        if let Ok(u) = text.parse::<u64>() {
            return Some(u.to_string());
        }
        let n = serde_json::Number::from_f64(text.parse::<f64>().ok()?)?;
        Some(n.to_string())
    }

    /// The value as compact JSON, object keys sorted (as the generator sees and renders
    /// values: the loader sorts keys).
    pub(crate) fn to_json(self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(self, out: &mut String) {
        match self.node() {
            Node::Null => out.push_str("null"),
            Node::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            Node::Num(_) => out.push_str(&self.number_key().unwrap_or_default()),
            Node::Str(span) => {
                out.push_str(&serde_json::to_string(self.doc.str_of(span)).unwrap_or_default())
            }
            Node::Arr(..) => {
                out.push('[');
                for (i, item) in self.items().into_iter().flatten().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Node::Obj(..) => {
                out.push('{');
                let mut entries: Vec<(&str, J<'_>)> =
                    self.entries().into_iter().flatten().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (i, (key, value)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).unwrap_or_default());
                    out.push(':');
                    value.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// A copy of the value as a `serde_json::Value` (object keys in document order).
    pub(crate) fn to_value(self) -> Value {
        match self.node() {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Num(span) => serde_json::from_str(self.doc.str_of(span)).unwrap_or(Value::Null),
            Node::Str(span) => Value::String(self.doc.str_of(span).to_owned()),
            Node::Arr(..) => Value::Array(
                self.items()
                    .into_iter()
                    .flatten()
                    .map(J::to_value)
                    .collect(),
            ),
            Node::Obj(..) => Value::Object(
                self.entries()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.to_owned(), v.to_value()))
                    .collect(),
            ),
        }
    }

    /// Whether both values belong to the same tree.
    pub(crate) fn same_doc(self, other: J<'_>) -> bool {
        std::ptr::eq(self.doc, other.doc)
    }

    /// The value at a JSON pointer (RFC 6901) below this one.
    pub(crate) fn pointer(self, pointer: &str) -> Option<Self> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut current = self;
        for token in rest.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            current = match current.node() {
                Node::Obj(..) => current.get(&token)?,
                Node::Arr(first, len) => {
                    let index: u32 = token.parse().ok()?;
                    if index >= len || (token.len() > 1 && token.starts_with('0')) {
                        return None;
                    }
                    current.at(*current.doc.items.get((first + index) as usize)?)
                }
                _ => return None,
            };
        }
        Some(current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(value: &Value) {
        let text = value.to_string();
        let doc = Doc::parse(text.clone()).unwrap_or_else(|t| panic!("refused {t}"));
        let back: Value = serde_json::from_str(&doc.root().to_json()).unwrap_or_default();
        assert_eq!(&back, value);
        // Built from the value, the tree is the same.
        let built = Doc::from_value(value);
        assert_eq!(built.root().to_json(), doc.root().to_json());
    }

    #[test]
    fn values_read_back_as_they_were() {
        round_trip(&json!({}));
        round_trip(&json!({"a": [1, -2.5, 3e2, true, false, null, "x"], "b": {"c": {}}}));
        round_trip(&json!({"esc": "q\"uo\\te\n\t\u{1F600} é \u{0001}", "k\"ey": []}));
        round_trip(&json!({"deep": [[[[{"x": [[]]}]]]]}));
    }

    #[test]
    fn escapes_surrogates_and_pointers() {
        let doc =
            Doc::parse(r#"{"s": "\ud83d\ude00 \u00e9 \/", "a~b": {"c/d": [10, 20]}}"#.to_owned())
                .unwrap_or_else(|t| panic!("refused {t}"));
        let root = doc.root();
        assert_eq!(root.get("s").and_then(J::as_str), Some("😀 é /"));
        assert_eq!(
            root.pointer("/a~0b/c~1d/1").and_then(J::number_key),
            Some("20".to_owned())
        );
        assert!(root.pointer("/a~0b/c~1d/2").is_none());
        assert!(root.pointer("/a~0b/c~1d/01").is_none());
        assert_eq!(root.get("a~b").map(J::len), Some(1));
    }

    #[test]
    fn invalid_text_is_refused() {
        for text in [
            "",
            "[]",
            "{",
            "{\"a\": 1,}",
            "{\"a\" 1}",
            "{\"a\": 01}",
            "{\"a\": 1.}",
            "{\"a\": tru}",
            "{\"a\": \"\\x\"}",
            "{\"a\": \"\\ud800\"}",
            "{\"a\": \"line\nbreak\"}",
            "{\"a\": 1} x",
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": [1, 2}",
            "{\"a\": {\"b\": 1]}",
        ] {
            assert!(Doc::parse(text.to_owned()).is_err(), "{text:?}");
        }
        let deep = format!("{{\"a\": {}{}}}", "[".repeat(200), "]".repeat(200));
        assert!(Doc::parse(deep).is_err());
        let ok = format!("{{\"a\": {}{}}}", "[".repeat(100), "]".repeat(100));
        assert!(Doc::parse(ok).is_ok());
    }

    #[test]
    fn numbers_have_one_spelling_per_value() {
        let doc = Doc::parse(r#"{"a": 1.0, "b": 1.00, "c": 10, "d": 1e1, "e": -0}"#.to_owned())
            .unwrap_or_else(|t| panic!("refused {t}"));
        let key = |k: &str| doc.root().get(k).and_then(J::number_key);
        assert_eq!(key("a"), key("b"));
        assert_eq!(key("c"), Some("10".to_owned()));
        assert_eq!(key("d"), Some("10.0".to_owned()));
        assert!(doc.root().get("c").is_some_and(J::is_integer));
        assert!(!doc.root().get("a").is_some_and(J::is_integer));
    }
}
