//! Prints [`super::ast`] trees as prettyplease prints the same code: the printing functions
//! of prettyplease (© David Tolnay, MIT OR Apache-2.0) for the constructs the generator
//! uses, ported from `syn`'s tree to ours with their layout decisions unchanged.
//!
//! Formatting is most of the generator's time on big documents, and most of that was
//! building tokens and parsing them back with `syn`. Printing our own tree directly gives
//! the same bytes for a fraction of the cost; the snapshot tests and the conformance sweep
//! compare with prettyplease's output.

mod algorithm;

pub(crate) use algorithm::Printer;

use super::ast::{
    Arm, Attr, Expr, Field, FieldValue, FnArg, GenericArg, GenericParam, ImplItem, Item, Lit,
    Macro, Member, Pat, Path, Segment, Signature, Stmt, Tok, Ty, UseTree, Variant,
};
use algorithm::{BreakToken, INDENT};

/// States of [`Printer::attr_group_tokens`]: after a word, a punctuation mark, or a
/// trailing comma.
const WORD: u8 = 0;
const PUNCT: u8 = 1;
const TRAILING_COMMA: u8 = 2;

/// How a path is written: `a::B` (attributes, macros), `a::B<T>` (types), `a::B::<T>`
/// (expressions).
#[derive(Copy, Clone, PartialEq)]
enum PathKind {
    Simple,
    Type,
    Expr,
}

impl<'a> Printer<'a> {
    // Items (prettyplease's item.rs, data.rs).

    pub(crate) fn item(&mut self, item: &'a Item) {
        match item {
            Item::Struct {
                attrs,
                name,
                fields,
            } => {
                self.outer_attrs(attrs);
                self.cbox(INDENT);
                self.word("pub struct ");
                self.word(name.as_str());
                self.nbsp();
                self.word("{");
                self.hardbreak_if_nonempty();
                for field in fields {
                    self.field(field);
                    self.word(",");
                    self.hardbreak();
                }
                self.offset(-INDENT);
                self.end();
                self.word("}");
                self.hardbreak();
            }
            Item::TupleStruct {
                attrs,
                name,
                fields,
            } => {
                self.outer_attrs(attrs);
                self.cbox(INDENT);
                self.word("pub struct ");
                self.word(name.as_str());
                self.word("(");
                self.zerobreak();
                let count = fields.len();
                for (i, field) in fields.iter().enumerate() {
                    self.field(field);
                    self.trailing_comma(i + 1 == count);
                }
                self.offset(-INDENT);
                self.word(")");
                self.word(";");
                self.end();
                self.hardbreak();
            }
            Item::Enum {
                attrs,
                name,
                variants,
            } => {
                self.outer_attrs(attrs);
                self.cbox(INDENT);
                self.word("pub enum ");
                self.word(name.as_str());
                self.nbsp();
                self.word("{");
                self.hardbreak_if_nonempty();
                for variant in variants {
                    self.variant(variant);
                    self.word(",");
                    self.hardbreak();
                }
                self.offset(-INDENT);
                self.end();
                self.word("}");
                self.hardbreak();
            }
            Item::Impl {
                attrs,
                generics,
                trait_,
                self_ty,
                items,
            } => {
                self.outer_attrs(attrs);
                self.cbox(INDENT);
                self.ibox(-INDENT);
                self.cbox(INDENT);
                self.word("impl");
                self.generics(generics);
                self.end();
                self.nbsp();
                if let Some(path) = trait_ {
                    self.path(path, PathKind::Type);
                    self.space();
                    self.word("for ");
                }
                self.ty(self_ty);
                self.end();
                self.nbsp();
                self.word("{");
                self.hardbreak_if_nonempty();
                for impl_item in items {
                    self.impl_item(impl_item);
                }
                self.offset(-INDENT);
                self.end();
                self.word("}");
                self.hardbreak();
            }
            Item::Type { attrs, name, ty } => {
                self.outer_attrs(attrs);
                self.cbox(INDENT);
                self.word("pub type ");
                self.word(name.as_str());
                self.nbsp();
                self.word("= ");
                self.neverbreak();
                self.ibox(-INDENT);
                self.ty(ty);
                self.end();
                self.word(";");
                self.end();
                self.hardbreak();
            }
            Item::Macro { attrs, mac } => {
                self.outer_attrs(attrs);
                self.mac(mac, true);
                self.hardbreak();
            }
            Item::ConstBlock { attrs, items } => {
                // prettyplease's item_const around an expr_block (a statement macro in the
                // block prints as an item macro does).
                self.outer_attrs(attrs);
                self.cbox(0);
                self.word("const _: () = ");
                self.neverbreak();
                self.cbox(INDENT);
                self.word("{");
                if !items.is_empty() {
                    self.space();
                    for inner in items {
                        self.item(inner);
                    }
                    self.offset(-INDENT);
                }
                self.word("}");
                self.end();
                self.word(";");
                self.end();
                self.hardbreak();
            }
            Item::Use {
                attrs,
                public,
                tree,
            } => {
                self.outer_attrs(attrs);
                if *public {
                    self.word("pub ");
                }
                self.word("use ");
                self.word("::");
                self.use_tree(tree);
                self.word(";");
                self.hardbreak();
            }
        }
    }

    /// `pub mod name { inner_attrs items }`.
    pub(crate) fn module(&mut self, name: &'a str, inner_attrs: &'a [Attr], items: &'a [Item]) {
        self.cbox(INDENT);
        self.word("pub ");
        self.word("mod ");
        self.word(name);
        self.word(" {");
        self.hardbreak_if_nonempty();
        self.inner_attrs(inner_attrs);
        for item in items {
            self.item(item);
        }
        self.offset(-INDENT);
        self.end();
        self.word("}");
        self.hardbreak();
    }

    fn use_tree(&mut self, tree: &'a UseTree) {
        match tree {
            UseTree::Path(ident, rest) => {
                self.word(ident.as_str());
                self.word("::");
                self.use_tree(rest);
            }
            UseTree::Name(ident) => self.word(ident.as_str()),
            UseTree::Rename(ident, rename) => {
                self.word(ident.as_str());
                self.word(" as ");
                self.word(rename.as_str());
            }
            UseTree::Group(items) => {
                if items.is_empty() {
                    self.word("{}");
                } else if items.len() == 1
                    && match &items[0] {
                        UseTree::Name(ident) => ident != "self",
                        UseTree::Rename(ident, _) => ident != "self",
                        _ => true,
                    }
                {
                    self.use_tree(&items[0]);
                } else {
                    self.cbox(INDENT);
                    self.word("{");
                    self.zerobreak();
                    self.ibox(0);
                    let count = items.len();
                    for (i, item) in items.iter().enumerate() {
                        self.use_tree(item);
                        if i + 1 < count {
                            self.word(",");
                            let mut inner = item;
                            while let UseTree::Path(_, rest) = inner {
                                inner = rest;
                            }
                            if let UseTree::Group(_) = inner {
                                self.hardbreak();
                            } else {
                                self.space();
                            }
                        }
                    }
                    self.end();
                    self.trailing_comma(true);
                    self.offset(-INDENT);
                    self.word("}");
                    self.end();
                }
            }
        }
    }

    fn impl_item(&mut self, item: &'a ImplItem) {
        match item {
            ImplItem::Fn {
                attrs,
                public,
                sig,
                body,
            } => {
                self.outer_attrs(attrs);
                self.cbox(INDENT);
                if *public {
                    self.word("pub ");
                }
                self.signature(sig);
                self.nbsp();
                self.word("{");
                self.hardbreak_if_nonempty();
                self.stmts(body);
                self.offset(-INDENT);
                self.end();
                self.word("}");
                self.hardbreak();
            }
            ImplItem::Const {
                attrs,
                public,
                name,
                ty,
                expr,
            } => {
                self.outer_attrs(attrs);
                self.cbox(0);
                if *public {
                    self.word("pub ");
                }
                self.word("const ");
                self.word(name.as_str());
                self.word(": ");
                self.ty(ty);
                self.word(" = ");
                self.neverbreak();
                self.expr(expr);
                self.word(";");
                self.end();
                self.hardbreak();
            }
        }
    }

    fn signature(&mut self, sig: &'a Signature) {
        self.word("fn ");
        self.word(sig.name.as_str());
        self.generics(&sig.generics);
        self.word("(");
        self.neverbreak();
        self.cbox(0);
        self.zerobreak();
        let count = sig.inputs.len();
        for (i, input) in sig.inputs.iter().enumerate() {
            match input {
                FnArg::RefSelf => self.word("&self"),
                FnArg::MutSelf => {
                    self.word("mut ");
                    self.word("self");
                }
                FnArg::Typed(name, ty) => {
                    self.word(name.as_str());
                    self.word(": ");
                    self.ty(ty);
                }
            }
            self.trailing_comma(i + 1 == count);
        }
        self.offset(-INDENT);
        self.end();
        self.word(")");
        self.cbox(-INDENT);
        if let Some(output) = &sig.output {
            self.word(" -> ");
            self.ty(output);
        }
        self.end();
    }

    fn generics(&mut self, params: &'a [GenericParam]) {
        if params.is_empty() {
            return;
        }
        self.word("<");
        self.cbox(0);
        self.zerobreak();
        // Lifetimes first, whatever the order written.
        let lifetimes = params
            .iter()
            .filter(|p| matches!(p, GenericParam::Lifetime(_)));
        let types = params
            .iter()
            .filter(|p| matches!(p, GenericParam::Type(..)));
        let count = params.len();
        for (i, param) in lifetimes.chain(types).enumerate() {
            match param {
                GenericParam::Lifetime(name) => self.lifetime(name),
                GenericParam::Type(name, bounds) => {
                    self.word(name.as_str());
                    self.ibox(INDENT);
                    for (j, bound) in bounds.iter().enumerate() {
                        if j == 0 {
                            self.word(": ");
                        } else {
                            self.space();
                            self.word("+ ");
                        }
                        self.trait_bound(bound);
                    }
                    self.end();
                }
            }
            self.trailing_comma(i + 1 == count);
        }
        self.offset(-INDENT);
        self.end();
        self.word(">");
    }

    fn trait_bound(&mut self, path: &'a Path) {
        for (i, segment) in path.segments.iter().enumerate() {
            if i > 0 || path.global {
                self.word("::");
            }
            self.path_segment(segment, PathKind::Type);
        }
    }

    fn lifetime(&mut self, name: &'a str) {
        self.word("'");
        self.word(name);
    }

    fn variant(&mut self, variant: &'a Variant) {
        self.outer_attrs(&variant.attrs);
        self.word(variant.name.as_str());
        if let Some(fields) = &variant.fields {
            self.cbox(INDENT);
            self.word("(");
            self.zerobreak();
            let count = fields.len();
            for (i, ty) in fields.iter().enumerate() {
                self.ty(ty);
                self.trailing_comma(i + 1 == count);
            }
            self.offset(-INDENT);
            self.word(")");
            self.end();
        }
    }

    fn field(&mut self, field: &'a Field) {
        self.outer_attrs(&field.attrs);
        if field.public {
            self.word("pub ");
        }
        if let Some(name) = &field.name {
            self.word(name.as_str());
            self.word(": ");
        }
        self.ty(&field.ty);
    }

    // Attributes (attr.rs).

    pub(crate) fn outer_attrs(&mut self, attrs: &'a [Attr]) {
        for attr in attrs {
            if !matches!(attr, Attr::Doc { inner: true, .. }) {
                self.attr(attr);
            }
        }
    }

    pub(crate) fn inner_attrs(&mut self, attrs: &'a [Attr]) {
        for attr in attrs {
            if matches!(attr, Attr::Doc { inner: true, .. }) {
                self.attr(attr);
            }
        }
    }

    fn attr(&mut self, attr: &'a Attr) {
        match attr {
            Attr::Doc { inner, text } => {
                let inner = *inner;
                if !text.contains('\n') && (inner || !text.starts_with('/')) {
                    self.word(if inner { "//!" } else { "///" });
                    self.word(text.trim_end_matches(' '));
                    self.hardbreak();
                    return;
                }
                if can_be_block_comment(text) && (inner || !text.starts_with(['*', '/'])) {
                    self.word(if inner { "/*!" } else { "/**" });
                    self.word(trim_interior_trailing_spaces(text));
                    self.word("*/");
                    self.hardbreak();
                    return;
                }
                self.word(if inner { "#!" } else { "#" });
                self.word("[");
                self.word("doc");
                self.word(" = ");
                self.word(super::ast::string_literal(text));
                self.word("]");
                self.space();
            }
            Attr::Word(path) => {
                self.word("#");
                self.word("[");
                self.path(path, PathKind::Simple);
                self.word("]");
                self.space();
            }
            Attr::List(path, tokens) => {
                self.word("#");
                self.word("[");
                self.path(path, PathKind::Simple);
                self.attr_tokens(tokens);
                self.word("]");
                self.space();
            }
        }
    }

    /// `(tokens)` of an attribute: prettyplease's `attr_tokens` for a parenthesized group.
    fn attr_tokens(&mut self, tokens: &'a [Tok]) {
        self.word("(");
        self.cbox(INDENT);
        self.zerobreak();
        if self.attr_group_tokens(tokens) != TRAILING_COMMA {
            self.zerobreak();
        }
        self.offset(-INDENT);
        self.end();
        self.word(")");
    }

    /// The tokens inside an attribute's group; returns the state after the last one
    /// ([`WORD`], [`PUNCT`] or [`TRAILING_COMMA`]). Inside a group, spaces between words
    /// are breakable.
    fn attr_group_tokens(&mut self, tokens: &'a [Tok]) -> u8 {
        let mut state = PUNCT;
        let count = tokens.len();
        for (i, token) in tokens.iter().enumerate() {
            match token {
                Tok::Ident(ident) => {
                    if state == WORD {
                        self.space();
                    }
                    self.word(ident.as_str());
                    state = WORD;
                }
                Tok::Punct(ch, _) => {
                    let ch = *ch;
                    if state == WORD && ch == '=' {
                        self.nbsp();
                    }
                    if ch == ',' && i + 1 == count {
                        self.trailing_comma(true);
                        state = TRAILING_COMMA;
                    } else {
                        self.word(ch.to_string());
                        if ch == '=' {
                            self.nbsp();
                        } else if ch == ',' {
                            self.space();
                        }
                        state = PUNCT;
                    }
                }
                Tok::Lit(lit) => {
                    if state == WORD {
                        self.space();
                    }
                    self.word(lit.as_str());
                    state = WORD;
                }
                Tok::Paren(inner) => {
                    self.attr_tokens(inner);
                    state = PUNCT;
                }
            }
        }
        state
    }

    // Paths and types (path.rs, ty.rs).

    fn path(&mut self, path: &'a Path, kind: PathKind) {
        for (i, segment) in path.segments.iter().enumerate() {
            if i > 0 || path.global {
                self.word("::");
            }
            self.path_segment(segment, kind);
        }
    }

    fn path_segment(&mut self, segment: &'a Segment, kind: PathKind) {
        self.word(segment.ident.as_str());
        self.generic_args(&segment.args, kind);
    }

    fn generic_args(&mut self, args: &'a [GenericArg], kind: PathKind) {
        if args.is_empty() || kind == PathKind::Simple {
            return;
        }
        if kind == PathKind::Expr {
            self.word("::");
        }
        self.word("<");
        self.cbox(INDENT);
        self.zerobreak();
        // Lifetimes first; the last one printed gets the trailing comma.
        let lifetimes = args.iter().filter(|a| matches!(a, GenericArg::Lifetime(_)));
        let types = args.iter().filter(|a| matches!(a, GenericArg::Type(_)));
        let count = args.len();
        for (i, arg) in lifetimes.chain(types).enumerate() {
            match arg {
                GenericArg::Lifetime(name) => self.lifetime(name),
                GenericArg::Type(ty) => self.ty(ty),
            }
            self.trailing_comma(i + 1 == count);
        }
        self.offset(-INDENT);
        self.end();
        self.word(">");
    }

    fn ty(&mut self, ty: &'a Ty) {
        match ty {
            Ty::Path(path) => self.path(path, PathKind::Type),
            Ty::Ref(lifetime, elem) => {
                self.word("&");
                if let Some(lifetime) = lifetime {
                    self.lifetime(lifetime);
                    self.nbsp();
                }
                self.ty(elem);
            }
            Ty::RefMut(elem) => {
                self.word("&mut ");
                self.ty(elem);
            }
            Ty::Slice(elem) => {
                self.word("[");
                self.ty(elem);
                self.word("]");
            }
            Ty::Tuple(elems) => {
                self.word("(");
                self.cbox(INDENT);
                self.zerobreak();
                let count = elems.len();
                for (i, elem) in elems.iter().enumerate() {
                    self.ty(elem);
                    if count == 1 {
                        self.word(",");
                        self.zerobreak();
                    } else {
                        self.trailing_comma(i + 1 == count);
                    }
                }
                self.offset(-INDENT);
                self.end();
                self.word(")");
            }
            Ty::ImplTrait(bound) => {
                self.word("impl ");
                self.trait_bound(bound);
            }
        }
    }

    // Statements (stmt.rs).

    fn stmts(&mut self, stmts: &'a [Stmt]) {
        for stmt in stmts {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Local(pat, init) => {
                self.ibox(0);
                self.word("let ");
                self.pat(pat);
                self.word(" = ");
                self.neverbreak();
                self.expr(init);
                self.end();
                self.word(";");
                self.hardbreak();
            }
            Stmt::Expr(expr, false) => {
                self.ibox(0);
                self.expr_beginning_of_line(expr, true);
                if add_semi(expr) {
                    self.word(";");
                }
                self.end();
                self.hardbreak();
            }
            Stmt::Expr(expr, true) => {
                self.ibox(0);
                self.expr_beginning_of_line(expr, true);
                if !remove_semi(expr) {
                    self.word(";");
                }
                self.end();
                self.hardbreak();
            }
        }
    }

    // Macros (mac.rs, without the `verbatim` feature: tokens as they come).

    fn mac(&mut self, mac: &'a Macro, semicolon: bool) {
        self.path(&mac.path, PathKind::Simple);
        self.word("!");
        self.word("(");
        if !mac.tokens.is_empty() {
            self.cbox(INDENT);
            self.zerobreak();
            self.ibox(0);
            self.macro_tokens(&mac.tokens);
            self.end();
            self.zerobreak();
            self.offset(-INDENT);
            self.end();
        }
        self.word(")");
        if semicolon {
            self.word(";");
        }
    }

    /// prettyplease's `macro_rules_tokens` outside a matcher, for the tokens the generator
    /// puts in macros (paths, literals, `&`, `,`, parenthesized groups).
    fn macro_tokens(&mut self, tokens: &'a [Tok]) {
        #[derive(PartialEq, Clone, Copy)]
        enum State {
            Start,
            Dot,
            Colon,
            Colon2,
            Ident,
            Delim,
            Other,
        }
        let mut state = State::Start;
        let mut previous_is_joint = true;
        for token in tokens {
            let (needs_space, next_state) = match (state, token) {
                (State::Ident, Tok::Paren(_)) => (false, State::Delim),
                (State::Colon, Tok::Punct(':', _)) => (false, State::Colon2),
                (_, Tok::Paren(_)) => (true, State::Delim),
                (_, Tok::Ident(ident)) if !is_keyword(ident) => {
                    (state != State::Dot && state != State::Colon2, State::Ident)
                }
                (_, Tok::Ident(_)) => (true, State::Other),
                (_, Tok::Lit(lit)) if lit.ends_with('.') => (state != State::Dot, State::Other),
                (_, Tok::Lit(_)) => (state != State::Dot, State::Ident),
                (_, Tok::Punct(',' | ';', _)) => (false, State::Other),
                (_, Tok::Punct('.', _)) => {
                    (state != State::Ident && state != State::Delim, State::Dot)
                }
                (_, Tok::Punct(':', true)) => (state != State::Ident, State::Colon),
                (_, _) => (true, State::Other),
            };
            if !previous_is_joint {
                if needs_space {
                    self.space();
                } else if let Tok::Punct('.', _) = token {
                    self.zerobreak();
                }
            }
            previous_is_joint = matches!(token, Tok::Punct(_, true));
            match token {
                Tok::Ident(ident) => self.word(ident.as_str()),
                Tok::Punct(ch, _) => self.word(ch.to_string()),
                Tok::Lit(lit) => self.word(lit.as_str()),
                Tok::Paren(inner) => {
                    self.word("(");
                    if !inner.is_empty() {
                        self.macro_tokens(inner);
                    }
                    self.word(")");
                }
            }
            state = next_state;
        }
    }

    // Patterns (pat.rs).

    fn pat(&mut self, pat: &'a Pat) {
        match pat {
            Pat::Ident { mutable, name } => {
                if *mutable {
                    self.word("mut ");
                }
                self.word(name.as_str());
            }
            Pat::Wild => self.word("_"),
            Pat::Lit(lit) => self.lit(lit),
            Pat::Path(path) => self.path(path, PathKind::Expr),
            Pat::TupleStruct(path, elems) => {
                self.path(path, PathKind::Expr);
                self.word("(");
                self.cbox(INDENT);
                self.zerobreak();
                let count = elems.len();
                for (i, elem) in elems.iter().enumerate() {
                    self.pat(elem);
                    self.trailing_comma(i + 1 == count);
                }
                self.offset(-INDENT);
                self.end();
                self.word(")");
            }
            Pat::Tuple(elems) => {
                self.word("(");
                self.cbox(INDENT);
                self.zerobreak();
                let count = elems.len();
                for (i, elem) in elems.iter().enumerate() {
                    self.pat(elem);
                    if count == 1 {
                        self.zerobreak();
                    } else {
                        self.trailing_comma(i + 1 == count);
                    }
                }
                self.offset(-INDENT);
                self.end();
                self.word(")");
            }
            Pat::Or(cases) => {
                let consistent = cases
                    .iter()
                    .any(|case| !matches!(case, Pat::Lit(_) | Pat::Wild));
                if consistent {
                    self.cbox(0);
                } else {
                    self.ibox(0);
                }
                for (i, case) in cases.iter().enumerate() {
                    if i > 0 {
                        self.space();
                        self.word("| ");
                    }
                    self.pat(case);
                }
                self.end();
            }
            Pat::RangeInclusive(start, end) => {
                self.lit(start);
                self.word("..=");
                self.lit(end);
            }
            Pat::Type(pat, ty) => {
                self.pat(pat);
                self.word(": ");
                self.ty(ty);
            }
        }
    }

    fn lit(&mut self, lit: &'a Lit) {
        match lit {
            Lit::Str(value) => self.word(super::ast::string_literal(value)),
            Lit::Int(value) => self.word(value.to_string()),
        }
    }

    // Expressions (expr.rs).

    fn expr(&mut self, expr: &'a Expr) {
        let beginning_of_line = false;
        match expr {
            Expr::Call(func, args) => self.expr_call(func, args, beginning_of_line),
            Expr::Field(base, member) => self.expr_field(base, member, beginning_of_line),
            Expr::MethodCall { .. } => self.expr_method_call(expr, beginning_of_line),
            Expr::Try(e) => self.expr_try(e, beginning_of_line),
            Expr::Path(path) => self.path(path, PathKind::Expr),
            Expr::QPath {
                qself,
                trait_,
                rest,
            } => {
                self.word("<");
                self.ty(qself);
                self.word(" as ");
                let count = trait_.segments.len();
                for (i, segment) in trait_.segments.iter().enumerate() {
                    if i > 0 || trait_.global {
                        self.word("::");
                    }
                    self.path_segment(segment, PathKind::Type);
                    if i + 1 == count {
                        self.word(">");
                    }
                }
                for segment in rest {
                    self.word("::");
                    self.path_segment(segment, PathKind::Expr);
                }
            }
            Expr::Lit(lit) => self.lit(lit),
            Expr::Reference { mutable, expr } => {
                self.word("&");
                if *mutable {
                    self.word("mut ");
                }
                self.expr(expr);
            }
            Expr::Unary(op, expr) => {
                self.word(op.to_string());
                self.expr(expr);
            }
            Expr::Closure(inputs, body) => self.expr_closure(inputs, body),
            Expr::Match { attrs, expr, arms } => {
                self.outer_attrs(attrs);
                self.ibox(0);
                self.word("match ");
                self.expr_condition(expr);
                self.word("{");
                self.neverbreak();
                self.cbox(INDENT);
                self.hardbreak_if_nonempty();
                for arm in arms {
                    self.arm(arm);
                    self.hardbreak();
                }
                self.offset(-INDENT);
                self.end();
                self.word("}");
                self.end();
            }
            Expr::If(cond, then) => {
                self.cbox(INDENT);
                self.word("if ");
                self.cbox(-INDENT);
                self.expr_condition(cond);
                self.end();
                if then.is_empty() {
                    self.word("{}");
                } else {
                    self.word("{");
                    self.hardbreak();
                    self.stmts(then);
                    self.offset(-INDENT);
                    self.word("}");
                }
                self.end();
            }
            Expr::Let(pat, expr) => {
                self.ibox(0);
                self.word("let ");
                self.ibox(0);
                self.pat(pat);
                self.end();
                self.word(" = ");
                self.neverbreak();
                self.ibox(0);
                self.expr(expr);
                self.end();
                self.end();
            }
            Expr::ForLoop(pat, iter, body) => {
                self.ibox(0);
                self.word("for ");
                self.pat(pat);
                self.word(" in ");
                self.neverbreak();
                self.expr_condition(iter);
                self.word("{");
                self.neverbreak();
                self.cbox(INDENT);
                self.hardbreak_if_nonempty();
                self.stmts(body);
                self.offset(-INDENT);
                self.end();
                self.word("}");
                self.end();
            }
            Expr::Block(stmts) => {
                self.cbox(INDENT);
                self.small_block(stmts);
                self.end();
            }
            Expr::Struct(path, fields) => {
                self.cbox(INDENT);
                self.ibox(-INDENT);
                self.path(path, PathKind::Expr);
                self.end();
                self.word(" {");
                self.space_if_nonempty();
                let count = fields.len();
                for (i, field) in fields.iter().enumerate() {
                    self.field_value(field);
                    self.trailing_comma_or_space(i + 1 == count);
                }
                self.offset(-INDENT);
                self.end_with_max_width(34);
                self.word("}");
            }
            Expr::Array(elems) => {
                if elems.is_empty() {
                    self.word("[]");
                } else {
                    // No element the generator writes is a simple literal array.
                    self.word("[");
                    self.cbox(INDENT);
                    self.zerobreak();
                    let count = elems.len();
                    for (i, elem) in elems.iter().enumerate() {
                        self.expr(elem);
                        self.trailing_comma(i + 1 == count);
                    }
                    self.offset(-INDENT);
                    self.end();
                    self.word("]");
                }
            }
            Expr::Return(value) => {
                self.word("return");
                if let Some(value) = value {
                    self.nbsp();
                    self.expr(value);
                }
            }
            Expr::Assign(left, right) => {
                self.ibox(0);
                self.expr(left);
                self.word(" = ");
                self.neverbreak();
                self.expr(right);
                self.end();
            }
            Expr::Macro(mac) => self.mac(mac, false),
        }
    }

    fn expr_beginning_of_line(&mut self, expr: &'a Expr, beginning_of_line: bool) {
        match expr {
            Expr::Field(base, member) => self.expr_field(base, member, beginning_of_line),
            Expr::MethodCall { .. } => self.expr_method_call(expr, beginning_of_line),
            Expr::Try(e) => self.expr_try(e, beginning_of_line),
            _ => self.expr(expr),
        }
    }

    fn prefix_subexpr(&mut self, expr: &'a Expr, beginning_of_line: bool) {
        match expr {
            Expr::Call(func, args) => {
                self.prefix_subexpr(func, false);
                self.word("(");
                self.call_args(args);
                self.word(")");
            }
            Expr::Field(base, member) => {
                self.prefix_subexpr_field(base, member, beginning_of_line);
            }
            Expr::MethodCall { .. } => {
                self.prefix_subexpr_method_call(expr, beginning_of_line, false);
            }
            Expr::Try(e) => {
                self.prefix_subexpr(e, beginning_of_line);
                self.word("?");
            }
            _ => {
                self.cbox(-INDENT);
                self.expr(expr);
                self.end();
            }
        }
    }

    fn expr_condition(&mut self, expr: &'a Expr) {
        self.cbox(0);
        self.expr(expr);
        if needs_newline_if_wrap(expr) {
            self.space();
        } else {
            self.nbsp();
        }
        self.end();
    }

    /// The break before `.member`, unless the receiver is a short name at the start of a
    /// line.
    fn break_before_dot(&mut self, receiver: &'a Expr, beginning_of_line: bool) {
        if !(beginning_of_line && is_short_ident(receiver)) {
            self.scan_break(BreakToken {
                no_break: self.ends_with('.').then_some(' '),
                ..BreakToken::default()
            });
        }
    }

    fn expr_call(&mut self, func: &'a Expr, args: &'a [Expr], beginning_of_line: bool) {
        self.expr_beginning_of_line(func, beginning_of_line);
        self.word("(");
        self.call_args(args);
        self.word(")");
    }

    fn expr_field(&mut self, base: &'a Expr, member: &'a Member, beginning_of_line: bool) {
        self.cbox(INDENT);
        self.prefix_subexpr_field(base, member, beginning_of_line);
        self.end();
    }

    fn prefix_subexpr_field(
        &mut self,
        base: &'a Expr,
        member: &'a Member,
        beginning_of_line: bool,
    ) {
        self.prefix_subexpr(base, beginning_of_line);
        self.break_before_dot(base, beginning_of_line);
        self.word(".");
        match member {
            Member::Named(name) => self.word(name.as_str()),
            Member::Unnamed(index) => self.word(index.to_string()),
        }
    }

    fn expr_method_call(&mut self, expr: &'a Expr, beginning_of_line: bool) {
        let Expr::MethodCall { receiver, .. } = expr else {
            return;
        };
        self.cbox(INDENT);
        let unindent_call_args = beginning_of_line && is_short_ident(receiver);
        self.prefix_subexpr_method_call(expr, beginning_of_line, unindent_call_args);
        self.end();
    }

    fn prefix_subexpr_method_call(
        &mut self,
        expr: &'a Expr,
        beginning_of_line: bool,
        unindent_call_args: bool,
    ) {
        let Expr::MethodCall {
            receiver,
            method,
            turbofish,
            args,
        } = expr
        else {
            return;
        };
        self.prefix_subexpr(receiver, beginning_of_line);
        self.break_before_dot(receiver, beginning_of_line);
        self.word(".");
        self.word(method.as_str());
        self.generic_args(turbofish, PathKind::Expr);
        self.cbox(if unindent_call_args { -INDENT } else { 0 });
        self.word("(");
        self.call_args(args);
        self.word(")");
        self.end();
    }

    fn expr_try(&mut self, inner: &'a Expr, beginning_of_line: bool) {
        self.expr_beginning_of_line(inner, beginning_of_line);
        self.word("?");
    }

    fn field_value(&mut self, field: &'a FieldValue) {
        self.word(field.member.as_str());
        if let Some(expr) = &field.expr {
            self.word(": ");
            self.ibox(0);
            self.expr(expr);
            self.end();
        }
    }

    fn arm(&mut self, arm: &'a Arm) {
        self.ibox(0);
        self.pat(&arm.pat);
        self.word(" => ");
        let mut body = &arm.body;
        while let Expr::Block(stmts) = body {
            if let [Stmt::Expr(inner, false)] = stmts.as_slice() {
                body = inner;
                continue;
            }
            break;
        }
        if let Expr::Block(stmts) = body {
            self.word("{");
            self.neverbreak();
            self.cbox(INDENT);
            self.hardbreak_if_nonempty();
            self.stmts(stmts);
            self.offset(-INDENT);
            self.end();
            self.word("}");
        } else {
            self.neverbreak();
            self.cbox(INDENT);
            let okay_to_brace = parseable_as_stmt(body);
            self.scan_break(BreakToken {
                pre_break: Some(if okay_to_brace { '{' } else { '(' }),
                ..BreakToken::default()
            });
            self.expr_beginning_of_line(body, true);
            self.scan_break(BreakToken {
                offset: -INDENT,
                pre_break: (okay_to_brace && add_semi(body)).then_some(';'),
                post_break: if okay_to_brace { "}" } else { ")," },
                no_break: requires_comma_to_be_match_arm(body).then_some(','),
                ..BreakToken::default()
            });
            self.end();
        }
        self.end();
    }

    /// prettyplease's `expr_closure`, for a closure without a return type, attributes or
    /// `move`.
    fn expr_closure(&mut self, inputs: &'a [Pat], body: &'a Expr) {
        self.ibox(0);
        self.cbox(INDENT);
        self.word("|");
        let count = inputs.len();
        for (i, pat) in inputs.iter().enumerate() {
            if i == 0 {
                self.zerobreak();
            }
            self.pat(pat);
            if i + 1 != count {
                self.word(",");
                self.space();
            }
        }
        self.word("|");
        self.space();
        self.offset(-INDENT);
        self.end();
        self.neverbreak();
        let wrap_in_brace = match body {
            Expr::Match { attrs, .. } => !attrs.is_empty(),
            Expr::Call(..) => false,
            body => !is_blocklike(body),
        };
        if wrap_in_brace {
            self.cbox(INDENT);
            let okay_to_brace = parseable_as_stmt(body);
            self.scan_break(BreakToken {
                pre_break: Some(if okay_to_brace { '{' } else { '(' }),
                ..BreakToken::default()
            });
            self.expr(body);
            self.scan_break(BreakToken {
                offset: -INDENT,
                pre_break: (okay_to_brace && add_semi(body)).then_some(';'),
                post_break: if okay_to_brace { "}" } else { ")" },
                ..BreakToken::default()
            });
            self.end();
        } else {
            self.expr(body);
        }
        self.end();
    }

    fn call_args(&mut self, args: &'a [Expr]) {
        match args {
            [only] if is_blocklike(only) => self.expr(only),
            _ => {
                self.cbox(INDENT);
                self.zerobreak();
                let count = args.len();
                for (i, arg) in args.iter().enumerate() {
                    self.expr(arg);
                    self.trailing_comma(i + 1 == count);
                }
                self.offset(-INDENT);
                self.end();
            }
        }
    }

    fn small_block(&mut self, stmts: &'a [Stmt]) {
        self.word("{");
        if !stmts.is_empty() {
            self.space();
            match stmts {
                [Stmt::Expr(expr, false)] => {
                    self.ibox(0);
                    self.expr_beginning_of_line(expr, true);
                    self.end();
                    self.space();
                }
                _ => self.stmts(stmts),
            }
            self.offset(-INDENT);
        }
        self.word("}");
    }
}

fn needs_newline_if_wrap(expr: &Expr) -> bool {
    match expr {
        Expr::Array(_)
        | Expr::Block(_)
        | Expr::Closure(..)
        | Expr::ForLoop(..)
        | Expr::If(..)
        | Expr::Lit(_)
        | Expr::Macro(_)
        | Expr::Match { .. }
        | Expr::Path(_)
        | Expr::QPath { .. }
        | Expr::Return(None)
        | Expr::Struct(..) => false,
        Expr::Assign(..) | Expr::Field(..) | Expr::MethodCall { .. } => true,
        Expr::Call(e, _)
        | Expr::Let(_, e)
        | Expr::Reference { expr: e, .. }
        | Expr::Return(Some(e))
        | Expr::Try(e)
        | Expr::Unary(_, e) => needs_newline_if_wrap(e),
    }
}

fn is_short_ident(expr: &Expr) -> bool {
    match expr {
        Expr::Path(path) => {
            !path.global
                && path.segments.len() == 1
                && path.segments[0].args.is_empty()
                && path.segments[0].ident.len() as isize <= INDENT
        }
        _ => false,
    }
}

fn is_blocklike(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Array(_) | Expr::Block(_) | Expr::Closure(..) | Expr::Struct(..)
    )
}

/// Expressions for which `$expr` and `{ $expr }` mean the same thing.
fn parseable_as_stmt(mut expr: &Expr) -> bool {
    loop {
        match expr {
            Expr::Array(_)
            | Expr::Block(_)
            | Expr::Closure(..)
            | Expr::ForLoop(..)
            | Expr::If(..)
            | Expr::Lit(_)
            | Expr::Macro(_)
            | Expr::Match { .. }
            | Expr::Path(_)
            | Expr::QPath { .. }
            | Expr::Reference { .. }
            | Expr::Return(_)
            | Expr::Struct(..)
            | Expr::Unary(..) => return true,
            Expr::Let(..) => return false,
            Expr::Assign(left, _) => {
                if !requires_semi_to_be_stmt(left) {
                    return false;
                }
                expr = left;
            }
            Expr::Call(func, _) => {
                if !requires_semi_to_be_stmt(func) {
                    return false;
                }
                expr = func;
            }
            Expr::Field(base, _) => expr = base,
            Expr::MethodCall { receiver, .. } => expr = receiver,
            Expr::Try(inner) => expr = inner,
        }
    }
}

fn requires_semi_to_be_stmt(expr: &Expr) -> bool {
    match expr {
        Expr::Macro(_) => true,
        _ => requires_comma_to_be_match_arm(expr),
    }
}

fn requires_comma_to_be_match_arm(expr: &Expr) -> bool {
    !matches!(
        expr,
        Expr::If(..) | Expr::Match { .. } | Expr::Block(_) | Expr::ForLoop(..)
    )
}

fn add_semi(expr: &Expr) -> bool {
    matches!(expr, Expr::Assign(..) | Expr::Return(_))
}

fn remove_semi(expr: &Expr) -> bool {
    matches!(expr, Expr::ForLoop(..) | Expr::If(..))
}

fn is_keyword(ident: &str) -> bool {
    matches!(
        ident,
        "as" | "async"
            | "await"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
    )
}

fn trim_interior_trailing_spaces(doc: &str) -> String {
    if !doc.contains(" \n") {
        return doc.to_owned();
    }
    let mut trimmed = String::with_capacity(doc.len());
    let mut lines = doc.split('\n').peekable();
    while let Some(line) = lines.next() {
        if lines.peek().is_some() {
            trimmed.push_str(line.trim_end_matches(' '));
            trimmed.push('\n');
        } else {
            trimmed.push_str(line);
        }
    }
    trimmed
}

fn can_be_block_comment(value: &str) -> bool {
    let mut depth = 0usize;
    let bytes = value.as_bytes();
    let mut i = 0usize;
    let upper = bytes.len().saturating_sub(1);
    while i < upper {
        if bytes[i] == b'/' && bytes[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes[i + 1] == b'/' {
            if depth == 0 {
                return false;
            }
            depth -= 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    depth == 0 && !value.ends_with('/')
}
