//! The line-breaking algorithm: prettyplease's `algorithm.rs`, `ring.rs` and
//! `convenience.rs` (© David Tolnay, MIT OR Apache-2.0), themselves adapted from rustc's
//! `pp.rs`, kept as they are so that the output is prettyplease's to the byte.

use std::borrow::Cow;
use std::cmp;
use std::collections::VecDeque;

/// Columns a line may take (after indentation, at least [`MIN_SPACE`]).
const MARGIN: isize = 89;
/// Columns a line keeps however deep the indentation.
const MIN_SPACE: isize = 60;
/// One level of indentation.
pub(super) const INDENT: isize = 4;
const SIZE_INFINITY: isize = 0xffff;

#[derive(Clone, Copy, PartialEq)]
enum Breaks {
    Consistent,
    Inconsistent,
}

#[derive(Clone, Copy, Default)]
pub(super) struct BreakToken {
    pub(super) offset: isize,
    pub(super) blank_space: usize,
    pub(super) pre_break: Option<char>,
    pub(super) post_break: &'static str,
    pub(super) no_break: Option<char>,
    pub(super) if_nonempty: bool,
    pub(super) never_break: bool,
}

#[derive(Clone, Copy)]
struct BeginToken {
    offset: isize,
    breaks: Breaks,
}

enum Token<'a> {
    String(Cow<'a, str>),
    Break(BreakToken),
    Begin(BeginToken),
    End,
}

#[derive(Copy, Clone)]
enum PrintFrame {
    Fits,
    Broken(usize, Breaks),
}

struct BufEntry<'a> {
    token: Token<'a>,
    size: isize,
}

/// A queue indexed by position in an infinite stream.
struct RingBuffer<'a> {
    data: VecDeque<BufEntry<'a>>,
    offset: usize,
}

impl<'a> RingBuffer<'a> {
    fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    fn len(&self) -> usize {
        self.data.len()
    }

    fn push(&mut self, value: BufEntry<'a>) -> usize {
        let index = self.offset + self.data.len();
        self.data.push_back(value);
        index
    }

    fn clear(&mut self) {
        self.data.clear();
    }

    fn start(&self) -> usize {
        self.offset
    }

    fn pop_first(&mut self) -> Option<BufEntry<'a>> {
        let first = self.data.pop_front()?;
        self.offset += 1;
        Some(first)
    }

    fn get_mut(&mut self, index: usize) -> Option<&mut BufEntry<'a>> {
        self.data.get_mut(index.checked_sub(self.offset)?)
    }

    fn get(&self, index: usize) -> Option<&BufEntry<'a>> {
        self.data.get(index.checked_sub(self.offset)?)
    }
}

/// Oppen's pretty printer: boxes, breaks and words in, lines out. Words borrow from what
/// is printed (`'a`) until they are written out.
pub(crate) struct Printer<'a> {
    out: String,
    space: isize,
    buf: RingBuffer<'a>,
    left_total: isize,
    right_total: isize,
    scan_stack: VecDeque<usize>,
    print_stack: Vec<PrintFrame>,
    indent: usize,
    pending_indentation: usize,
    /// Words not scanned yet: words that follow each other with no break or box between
    /// them print and measure as one, so they enter the queue as one (most words are a
    /// punctuation mark or a keyword; queueing each cost more than printing it).
    words: Cow<'a, str>,
}

impl<'a> Printer<'a> {
    pub(crate) fn new() -> Self {
        Printer {
            out: String::new(),
            space: MARGIN,
            buf: RingBuffer {
                data: VecDeque::new(),
                offset: 0,
            },
            left_total: 0,
            right_total: 0,
            scan_stack: VecDeque::new(),
            print_stack: Vec::new(),
            indent: 0,
            pending_indentation: 0,
            words: Cow::Borrowed(""),
        }
    }

    /// Scans the words waiting in [`Self::words`], as one.
    fn flush_words(&mut self) {
        if !self.words.is_empty() {
            let words = std::mem::replace(&mut self.words, Cow::Borrowed(""));
            self.scan_string(words);
        }
    }

    pub(crate) fn eof(mut self) -> String {
        self.flush_words();
        if !self.scan_stack.is_empty() {
            self.check_stack(0);
            self.advance_left();
        }
        self.out
    }

    fn scan_begin(&mut self, token: BeginToken) {
        self.flush_words();
        if self.scan_stack.is_empty() {
            self.left_total = 1;
            self.right_total = 1;
            self.buf.clear();
        }
        let right = self.buf.push(BufEntry {
            token: Token::Begin(token),
            size: -self.right_total,
        });
        self.scan_stack.push_back(right);
    }

    fn scan_end(&mut self) {
        self.flush_words();
        if self.scan_stack.is_empty() {
            self.print_end();
            return;
        }
        let len = self.buf.len();
        if len > 0 {
            if let Some(BufEntry {
                token: Token::Break(break_token),
                ..
            }) = self.buf.data.back()
            {
                let break_token = *break_token;
                if len >= 2 {
                    if let Some(BufEntry {
                        token: Token::Begin(_),
                        ..
                    }) = self.buf.data.get(len - 2)
                    {
                        self.buf.data.pop_back();
                        self.buf.data.pop_back();
                        self.scan_stack.pop_back();
                        self.scan_stack.pop_back();
                        self.right_total -= break_token.blank_space as isize;
                        return;
                    }
                }
                if break_token.if_nonempty {
                    self.buf.data.pop_back();
                    self.scan_stack.pop_back();
                    self.right_total -= break_token.blank_space as isize;
                }
            }
        }
        let right = self.buf.push(BufEntry {
            token: Token::End,
            size: -1,
        });
        self.scan_stack.push_back(right);
    }

    pub(super) fn scan_break(&mut self, token: BreakToken) {
        self.flush_words();
        if self.scan_stack.is_empty() {
            self.left_total = 1;
            self.right_total = 1;
            self.buf.clear();
        } else {
            self.check_stack(0);
        }
        let right = self.buf.push(BufEntry {
            token: Token::Break(token),
            size: -self.right_total,
        });
        self.scan_stack.push_back(right);
        self.right_total += token.blank_space as isize;
    }

    fn scan_string(&mut self, string: Cow<'a, str>) {
        if self.scan_stack.is_empty() {
            self.print_string(&string);
        } else {
            let len = string.len() as isize;
            self.buf.push(BufEntry {
                token: Token::String(string),
                size: len,
            });
            self.right_total += len;
            self.check_stream();
        }
    }

    /// Moves the last break (if the last token is one) by `offset` columns.
    pub(super) fn offset(&mut self, offset: isize) {
        self.flush_words();
        if let Some(BufEntry {
            token: Token::Break(token),
            ..
        }) = self.buf.data.back_mut()
        {
            token.offset += offset;
        }
    }

    pub(super) fn end_with_max_width(&mut self, max: isize) {
        self.flush_words();
        let mut depth = 1;
        let mut too_wide = false;
        for &index in self.scan_stack.iter().rev() {
            let Some(entry) = self.buf.get(index) else {
                break;
            };
            match entry.token {
                Token::Begin(_) => {
                    depth -= 1;
                    if depth == 0 {
                        if entry.size < 0 {
                            let actual_width = entry.size + self.right_total;
                            too_wide = actual_width > max;
                        }
                        break;
                    }
                }
                Token::End => depth += 1,
                Token::Break(_) | Token::String(_) => {}
            }
        }
        if too_wide {
            self.buf.push(BufEntry {
                token: Token::String(Cow::Borrowed("")),
                size: SIZE_INFINITY,
            });
            self.right_total += SIZE_INFINITY;
        }
        self.scan_end();
    }

    pub(super) fn ends_with(&self, ch: char) -> bool {
        if !self.words.is_empty() {
            return self.words.ends_with(ch);
        }
        for entry in self.buf.data.iter().rev() {
            if let Token::String(token) = &entry.token {
                return token.ends_with(ch);
            }
        }
        self.out.ends_with(ch)
    }

    fn check_stream(&mut self) {
        while self.right_total - self.left_total > self.space {
            if self.scan_stack.front() == Some(&self.buf.start()) {
                self.scan_stack.pop_front();
                if let Some(first) = self.buf.data.front_mut() {
                    first.size = SIZE_INFINITY;
                }
            }
            self.advance_left();
            if self.buf.is_empty() {
                break;
            }
        }
    }

    fn advance_left(&mut self) {
        while self.buf.data.front().is_some_and(|first| first.size >= 0) {
            let Some(left) = self.buf.pop_first() else {
                break;
            };
            match left.token {
                Token::String(string) => {
                    self.left_total += left.size;
                    self.print_string(&string);
                }
                Token::Break(token) => {
                    self.left_total += token.blank_space as isize;
                    self.print_break(token, left.size);
                }
                Token::Begin(token) => self.print_begin(token, left.size),
                Token::End => self.print_end(),
            }
            if self.buf.is_empty() {
                break;
            }
        }
    }

    fn check_stack(&mut self, mut depth: usize) {
        while let Some(&index) = self.scan_stack.back() {
            let right_total = self.right_total;
            let Some(entry) = self.buf.get_mut(index) else {
                break;
            };
            match entry.token {
                Token::Begin(_) => {
                    if depth == 0 {
                        break;
                    }
                    self.scan_stack.pop_back();
                    entry.size += right_total;
                    depth -= 1;
                }
                Token::End => {
                    self.scan_stack.pop_back();
                    entry.size = 1;
                    depth += 1;
                }
                Token::Break(_) => {
                    self.scan_stack.pop_back();
                    entry.size += right_total;
                    if depth == 0 {
                        break;
                    }
                }
                Token::String(_) => break,
            }
        }
    }

    fn get_top(&self) -> PrintFrame {
        const OUTER: PrintFrame = PrintFrame::Broken(0, Breaks::Inconsistent);
        self.print_stack.last().map_or(OUTER, PrintFrame::clone)
    }

    fn print_begin(&mut self, token: BeginToken, size: isize) {
        if size > self.space {
            self.print_stack
                .push(PrintFrame::Broken(self.indent, token.breaks));
            self.indent = (self.indent as isize + token.offset).max(0) as usize;
        } else {
            self.print_stack.push(PrintFrame::Fits);
        }
    }

    fn print_end(&mut self) {
        if let Some(PrintFrame::Broken(indent, _)) = self.print_stack.pop() {
            self.indent = indent;
        }
    }

    fn print_break(&mut self, token: BreakToken, size: isize) {
        let fits = token.never_break
            || match self.get_top() {
                PrintFrame::Fits => true,
                PrintFrame::Broken(.., Breaks::Consistent) => false,
                PrintFrame::Broken(.., Breaks::Inconsistent) => size <= self.space,
            };
        if fits {
            self.pending_indentation += token.blank_space;
            self.space -= token.blank_space as isize;
            if let Some(no_break) = token.no_break {
                self.out.push(no_break);
                self.space -= no_break.len_utf8() as isize;
            }
        } else {
            if let Some(pre_break) = token.pre_break {
                self.print_indent();
                self.out.push(pre_break);
            }
            self.out.push('\n');
            let indent = self.indent as isize + token.offset;
            self.pending_indentation = indent.max(0) as usize;
            self.space = cmp::max(MARGIN - indent, MIN_SPACE);
            if !token.post_break.is_empty() {
                self.print_indent();
                self.out.push_str(token.post_break);
                self.space -= token.post_break.len() as isize;
            }
        }
    }

    fn print_string(&mut self, string: &str) {
        self.print_indent();
        self.out.push_str(string);
        self.space -= string.len() as isize;
    }

    fn print_indent(&mut self) {
        self.out.reserve(self.pending_indentation);
        self.out
            .extend(std::iter::repeat_n(' ', self.pending_indentation));
        self.pending_indentation = 0;
    }

    // Convenience: prettyplease's `convenience.rs`.

    pub(super) fn ibox(&mut self, indent: isize) {
        self.scan_begin(BeginToken {
            offset: indent,
            breaks: Breaks::Inconsistent,
        });
    }

    pub(crate) fn cbox(&mut self, indent: isize) {
        self.scan_begin(BeginToken {
            offset: indent,
            breaks: Breaks::Consistent,
        });
    }

    pub(crate) fn end(&mut self) {
        self.scan_end();
    }

    pub(super) fn word<S: Into<Cow<'a, str>>>(&mut self, wrd: S) {
        let word = wrd.into();
        if word.is_empty() {
            // An empty word is a token of its own (`ends_with` sees it).
            self.flush_words();
            self.scan_string(word);
        } else if self.words.is_empty() {
            self.words = word;
        } else {
            self.words.to_mut().push_str(&word);
        }
    }

    fn spaces(&mut self, n: usize) {
        self.scan_break(BreakToken {
            blank_space: n,
            ..BreakToken::default()
        });
    }

    pub(super) fn zerobreak(&mut self) {
        self.spaces(0);
    }

    pub(super) fn space(&mut self) {
        self.spaces(1);
    }

    pub(super) fn nbsp(&mut self) {
        self.word(" ");
    }

    pub(super) fn hardbreak(&mut self) {
        self.spaces(SIZE_INFINITY as usize);
    }

    pub(super) fn space_if_nonempty(&mut self) {
        self.scan_break(BreakToken {
            blank_space: 1,
            if_nonempty: true,
            ..BreakToken::default()
        });
    }

    pub(super) fn hardbreak_if_nonempty(&mut self) {
        self.scan_break(BreakToken {
            blank_space: SIZE_INFINITY as usize,
            if_nonempty: true,
            ..BreakToken::default()
        });
    }

    pub(super) fn trailing_comma(&mut self, is_last: bool) {
        if is_last {
            self.scan_break(BreakToken {
                pre_break: Some(','),
                ..BreakToken::default()
            });
        } else {
            self.word(",");
            self.space();
        }
    }

    pub(super) fn trailing_comma_or_space(&mut self, is_last: bool) {
        if is_last {
            self.scan_break(BreakToken {
                blank_space: 1,
                pre_break: Some(','),
                ..BreakToken::default()
            });
        } else {
            self.word(",");
            self.space();
        }
    }

    pub(super) fn neverbreak(&mut self) {
        self.scan_break(BreakToken {
            never_break: true,
            ..BreakToken::default()
        });
    }
}
