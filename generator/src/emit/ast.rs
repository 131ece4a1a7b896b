//! A small Rust syntax tree: the constructs the generated code is made of, built directly
//! (no tokens, no parsing) and printed by [`super::pretty`] exactly as prettyplease prints
//! the same code parsed by `syn`.
//!
//! Each node mirrors the `syn` node it stands for, so that the printer can follow
//! prettyplease's layout decisions, which look at the shape of the tree (a method call
//! whose receiver is a short name, an argument that is a block, ...).

/// An attribute: `///` docs, or `#[...]`.
#[derive(Clone)]
pub(crate) enum Attr {
    /// `#[doc = "text"]` (outer) or `#![doc = "text"]` (inner); `text` is the string's value.
    Doc { inner: bool, text: String },
    /// `#[path]`.
    Word(Path),
    /// `#[path(tokens)]`.
    List(Path, Vec<Tok>),
}

/// A token of an attribute's or a macro's arguments.
#[derive(Clone)]
pub(crate) enum Tok {
    Ident(String),
    /// A punctuation character; `joint` when it is glued to the next one (`::`).
    Punct(char, bool),
    /// A literal as written (`"text"` with its escapes, `200`).
    Lit(String),
    /// `( ... )`.
    Paren(Vec<Tok>),
}

/// A path: `a::b::<T>::c`, `::std::vec::Vec<T>`.
#[derive(Clone)]
pub(crate) struct Path {
    /// Starts with `::`.
    pub(crate) global: bool,
    pub(crate) segments: Vec<Segment>,
}

/// One segment of a path and its angle-bracketed arguments.
#[derive(Clone)]
pub(crate) struct Segment {
    pub(crate) ident: String,
    pub(crate) args: Vec<GenericArg>,
}

#[derive(Clone)]
pub(crate) enum GenericArg {
    Lifetime(String),
    Type(Ty),
}

/// A type.
#[derive(Clone)]
pub(crate) enum Ty {
    Path(Path),
    /// `&'lifetime T`.
    Ref(Option<String>, Box<Ty>),
    /// `&mut T`.
    RefMut(Box<Ty>),
    /// `[T]`.
    Slice(Box<Ty>),
    /// `()`, `(A, B)`.
    Tuple(Vec<Ty>),
    /// `impl Bound`.
    ImplTrait(Path),
}

/// A literal.
#[derive(Clone)]
pub(crate) enum Lit {
    /// A string literal, by value (escaped when printed).
    Str(String),
    /// An unsuffixed integer.
    Int(u64),
}

/// A pattern.
pub(crate) enum Pat {
    Ident {
        mutable: bool,
        name: String,
    },
    Wild,
    Lit(Lit),
    Path(Path),
    TupleStruct(Path, Vec<Pat>),
    Tuple(Vec<Pat>),
    Or(Vec<Pat>),
    /// `start..=end`.
    RangeInclusive(Lit, Lit),
    /// `pat: Ty`.
    Type(Box<Pat>, Ty),
}

/// An expression.
pub(crate) enum Expr {
    Path(Path),
    /// `<qself as trait_>::rest`.
    QPath {
        qself: Ty,
        trait_: Path,
        rest: Vec<Segment>,
    },
    Lit(Lit),
    Call(Box<Expr>, Vec<Expr>),
    MethodCall {
        receiver: Box<Expr>,
        method: String,
        turbofish: Vec<GenericArg>,
        args: Vec<Expr>,
    },
    /// `base.member`.
    Field(Box<Expr>, Member),
    /// `&expr`, `&mut expr`.
    Reference {
        mutable: bool,
        expr: Box<Expr>,
    },
    /// `!expr`, `*expr`.
    Unary(char, Box<Expr>),
    Try(Box<Expr>),
    Match {
        attrs: Vec<Attr>,
        expr: Box<Expr>,
        arms: Vec<Arm>,
    },
    /// `if cond { then }`.
    If(Box<Expr>, Vec<Stmt>),
    /// `let pat = expr` (an `if let` condition).
    Let(Box<Pat>, Box<Expr>),
    ForLoop(Box<Pat>, Box<Expr>, Vec<Stmt>),
    Block(Vec<Stmt>),
    /// `Path { member: expr, shorthand }`.
    Struct(Path, Vec<FieldValue>),
    Array(Vec<Expr>),
    Return(Option<Box<Expr>>),
    Assign(Box<Expr>, Box<Expr>),
    Macro(Macro),
    /// `|inputs| body`, without a return type or `move`.
    Closure(Vec<Pat>, Box<Expr>),
}

/// A field access's member: `self.name` or `self.0`.
pub(crate) enum Member {
    Named(String),
    Unnamed(u32),
}

/// A field of a struct expression: `name: expr`, or `name` alone.
pub(crate) struct FieldValue {
    pub(crate) member: String,
    pub(crate) expr: Option<Expr>,
}

pub(crate) struct Arm {
    pub(crate) pat: Pat,
    pub(crate) body: Expr,
}

/// A macro invocation with parentheses: `path!(tokens)`.
pub(crate) struct Macro {
    pub(crate) path: Path,
    pub(crate) tokens: Vec<Tok>,
}

/// A statement.
pub(crate) enum Stmt {
    /// `let pat = init;`.
    Local(Pat, Expr),
    /// An expression, with or without `;`. (A macro in statement position is an
    /// expression too: `syn` makes only brace-delimited ones or ones with `;` statement
    /// macros, and the generator writes neither.)
    Expr(Expr, bool),
}

/// A generic parameter: `'de` or `D: Bound`.
pub(crate) enum GenericParam {
    Lifetime(String),
    Type(String, Vec<Path>),
}

/// An item.
pub(crate) enum Item {
    /// `pub struct Name { fields }`.
    Struct {
        attrs: Vec<Attr>,
        name: String,
        fields: Vec<Field>,
    },
    /// `pub struct Name(fields);`.
    TupleStruct {
        attrs: Vec<Attr>,
        name: String,
        fields: Vec<Field>,
    },
    /// `pub enum Name { variants }`.
    Enum {
        attrs: Vec<Attr>,
        name: String,
        variants: Vec<Variant>,
    },
    /// `impl<generics> Trait for SelfTy { items }`.
    Impl {
        attrs: Vec<Attr>,
        generics: Vec<GenericParam>,
        trait_: Option<Path>,
        self_ty: Ty,
        items: Vec<ImplItem>,
    },
    /// `pub type Name = Ty;`.
    Type {
        attrs: Vec<Attr>,
        name: String,
        ty: Ty,
    },
    /// `path!(tokens);`.
    Macro { attrs: Vec<Attr>, mac: Macro },
    /// `const _: () = { items };`: items that attributes reach as a whole (a lint level
    /// reaches into a macro's expansion only through an item that holds it).
    ConstBlock { attrs: Vec<Attr>, items: Vec<Item> },
    /// `vis use tree;`.
    Use {
        attrs: Vec<Attr>,
        public: bool,
        tree: UseTree,
    },
}

/// The tree of a `use` item (after its leading `::`).
pub(crate) enum UseTree {
    Path(String, Box<UseTree>),
    Name(String),
    Rename(String, String),
    Group(Vec<UseTree>),
}

/// A struct field (named or, with `name: None`, positional).
pub(crate) struct Field {
    pub(crate) attrs: Vec<Attr>,
    pub(crate) public: bool,
    pub(crate) name: Option<String>,
    pub(crate) ty: Ty,
}

/// An enum variant: unit, or with positional fields.
pub(crate) struct Variant {
    pub(crate) attrs: Vec<Attr>,
    pub(crate) name: String,
    pub(crate) fields: Option<Vec<Ty>>,
}

/// An item of an `impl` block.
pub(crate) enum ImplItem {
    Fn {
        attrs: Vec<Attr>,
        public: bool,
        sig: Signature,
        body: Vec<Stmt>,
    },
    Const {
        attrs: Vec<Attr>,
        public: bool,
        name: String,
        ty: Ty,
        expr: Expr,
    },
}

/// A function signature.
pub(crate) struct Signature {
    pub(crate) name: String,
    pub(crate) generics: Vec<GenericParam>,
    pub(crate) inputs: Vec<FnArg>,
    pub(crate) output: Option<Ty>,
}

/// A function parameter.
pub(crate) enum FnArg {
    /// `&self`.
    RefSelf,
    /// `mut self`.
    MutSelf,
    /// `name: Ty`.
    Typed(String, Ty),
}

// Constructors: short names for the shapes the emitters build again and again.

impl Path {
    /// A path from `::`-separated text without generic arguments (`::std::vec::Vec`).
    pub(crate) fn parse(text: &str) -> Path {
        let global = text.starts_with("::");
        let rest = text.strip_prefix("::").unwrap_or(text);
        Path {
            global,
            segments: rest
                .split("::")
                .map(|ident| Segment {
                    ident: ident.to_owned(),
                    args: Vec::new(),
                })
                .collect(),
        }
    }

    /// A one-segment path.
    pub(crate) fn ident(name: impl Into<String>) -> Path {
        Path {
            global: false,
            segments: vec![Segment {
                ident: name.into(),
                args: Vec::new(),
            }],
        }
    }

    /// The path with `args` on its last segment (`Vec` → `Vec<T>`).
    pub(crate) fn with_args(mut self, args: Vec<GenericArg>) -> Path {
        if let Some(last) = self.segments.last_mut() {
            last.args = args;
        }
        self
    }

    /// The path with one more segment.
    pub(crate) fn join(mut self, ident: impl Into<String>) -> Path {
        self.segments.push(Segment {
            ident: ident.into(),
            args: Vec::new(),
        });
        self
    }
}

impl Ty {
    /// A path type from text (`::std::string::String`).
    pub(crate) fn path(text: &str) -> Ty {
        Ty::Path(Path::parse(text))
    }

    /// A path type with type arguments on its last segment (`Option<T>`).
    pub(crate) fn generic(text: &str, args: Vec<Ty>) -> Ty {
        Ty::Path(Path::parse(text).with_args(args.into_iter().map(GenericArg::Type).collect()))
    }

    /// `&T`.
    pub(crate) fn reference(ty: Ty) -> Ty {
        Ty::Ref(None, Box::new(ty))
    }

    /// `&'static T`.
    pub(crate) fn reference_static(ty: Ty) -> Ty {
        Ty::Ref(Some("static".to_owned()), Box::new(ty))
    }

    /// `&mut T`.
    pub(crate) fn reference_mut(ty: Ty) -> Ty {
        Ty::RefMut(Box::new(ty))
    }
}

impl Expr {
    /// A path expression from text.
    pub(crate) fn path(text: &str) -> Expr {
        Expr::Path(Path::parse(text))
    }

    /// A one-segment path expression (a variable).
    pub(crate) fn var(name: impl Into<String>) -> Expr {
        Expr::Path(Path::ident(name))
    }

    /// A string literal.
    pub(crate) fn str(value: impl Into<String>) -> Expr {
        Expr::Lit(Lit::Str(value.into()))
    }

    /// `func(args)`.
    pub(crate) fn call(func: Expr, args: Vec<Expr>) -> Expr {
        Expr::Call(Box::new(func), args)
    }

    /// `self.method(args)`.
    pub(crate) fn method(self, method: &str, args: Vec<Expr>) -> Expr {
        Expr::MethodCall {
            receiver: Box::new(self),
            method: method.to_owned(),
            turbofish: Vec::new(),
            args,
        }
    }

    /// `self.name`.
    pub(crate) fn field(self, name: &str) -> Expr {
        Expr::Field(Box::new(self), Member::Named(name.to_owned()))
    }

    /// `&self`.
    pub(crate) fn reference(self) -> Expr {
        Expr::Reference {
            mutable: false,
            expr: Box::new(self),
        }
    }

    /// `self?`.
    pub(crate) fn try_(self) -> Expr {
        Expr::Try(Box::new(self))
    }
}

impl Pat {
    /// A binding.
    pub(crate) fn ident(name: impl Into<String>) -> Pat {
        Pat::Ident {
            mutable: false,
            name: name.into(),
        }
    }

    /// A mutable binding.
    pub(crate) fn mutable(name: impl Into<String>) -> Pat {
        Pat::Ident {
            mutable: true,
            name: name.into(),
        }
    }
}

impl Attr {
    /// An outer doc line.
    pub(crate) fn doc(text: impl Into<String>) -> Attr {
        Attr::Doc {
            inner: false,
            text: text.into(),
        }
    }

    /// `#[name]`.
    pub(crate) fn word(name: &str) -> Attr {
        Attr::Word(Path::parse(name))
    }

    /// `#[name(args)]` where `args` are `,`-separated paths (`derive(Clone, Debug)`,
    /// `allow(clippy::too_many_arguments)`).
    pub(crate) fn list(name: &str, args: &[&str]) -> Attr {
        let mut tokens = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                tokens.push(Tok::Punct(',', false));
            }
            tokens.extend(path_tokens(arg));
        }
        Attr::List(Path::parse(name), tokens)
    }

    /// `#[deprecated(note = "...")]`.
    pub(crate) fn deprecated(note: &str) -> Attr {
        Attr::List(
            Path::ident("deprecated"),
            vec![
                Tok::Ident("note".to_owned()),
                Tok::Punct('=', false),
                Tok::Lit(string_literal(note)),
            ],
        )
    }
}

impl Attr {
    /// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]` for more
    /// than one feature; `None` for none.
    pub(crate) fn cfg_features(features: &[String]) -> Option<Attr> {
        let feature = |name: &String| {
            [
                Tok::Ident("feature".to_owned()),
                Tok::Punct('=', false),
                Tok::Lit(string_literal(name)),
            ]
        };
        let tokens = match features {
            [] => return None,
            [one] => feature(one).to_vec(),
            many => {
                let mut inner = Vec::new();
                for (i, name) in many.iter().enumerate() {
                    if i > 0 {
                        inner.push(Tok::Punct(',', false));
                    }
                    inner.extend(feature(name));
                }
                vec![Tok::Ident("any".to_owned()), Tok::Paren(inner)]
            }
        };
        Some(Attr::List(Path::ident("cfg"), tokens))
    }
}

/// Items that carry attributes.
pub(crate) trait HasAttrs {
    /// The item's attributes.
    fn attrs_mut(&mut self) -> &mut Vec<Attr>;
}

/// Puts `cfg` (when there is one) first on each of `items`: they compile only with it.
pub(crate) fn gate<T: HasAttrs>(items: &mut [T], cfg: Option<Attr>) {
    if let Some(cfg) = cfg {
        for item in items {
            item.attrs_mut().insert(0, cfg.clone());
        }
    }
}

impl HasAttrs for Item {
    fn attrs_mut(&mut self) -> &mut Vec<Attr> {
        match self {
            Item::Struct { attrs, .. }
            | Item::TupleStruct { attrs, .. }
            | Item::Enum { attrs, .. }
            | Item::Impl { attrs, .. }
            | Item::Type { attrs, .. }
            | Item::Macro { attrs, .. }
            | Item::ConstBlock { attrs, .. }
            | Item::Use { attrs, .. } => attrs,
        }
    }
}

impl ImplItem {
    /// A method `pub fn name(inputs) -> output { body }` (not async, not generic).
    pub(crate) fn method(
        attrs: Vec<Attr>,
        name: impl Into<String>,
        inputs: Vec<FnArg>,
        output: Ty,
        body: Vec<Stmt>,
    ) -> ImplItem {
        ImplItem::Fn {
            attrs,
            public: true,
            sig: Signature {
                name: name.into(),
                generics: Vec::new(),
                inputs,
                output: Some(output),
            },
            body,
        }
    }

    /// A trait's method `fn name<generics>(inputs) -> output { body }` (not `pub`, not async).
    pub(crate) fn trait_fn(
        attrs: Vec<Attr>,
        name: &str,
        generics: Vec<GenericParam>,
        inputs: Vec<FnArg>,
        output: Option<Ty>,
        body: Vec<Stmt>,
    ) -> ImplItem {
        ImplItem::Fn {
            attrs,
            public: false,
            sig: Signature {
                name: name.to_owned(),
                generics,
                inputs,
                output,
            },
            body,
        }
    }
}

/// The tokens of a `::`-separated path.
pub(crate) fn path_tokens(text: &str) -> Vec<Tok> {
    let mut tokens = Vec::new();
    let global = text.starts_with("::");
    let rest = text.strip_prefix("::").unwrap_or(text);
    for (i, ident) in rest.split("::").enumerate() {
        if i > 0 || global {
            tokens.push(Tok::Punct(':', true));
            tokens.push(Tok::Punct(':', false));
        }
        tokens.push(Tok::Ident(ident.to_owned()));
    }
    tokens
}

/// A string literal as `proc_macro2` writes it: escaped with `char::escape_debug`, except
/// `'`, and `\0` as `\x00` before an octal digit.
pub(crate) fn string_literal(value: &str) -> String {
    let mut repr = String::with_capacity(value.len() + 2);
    repr.push('"');
    let mut chars = value.chars();
    while let Some(ch) = chars.next() {
        if ch == '\0' {
            repr.push_str(
                if chars
                    .as_str()
                    .starts_with(|next| ('0'..='7').contains(&next))
                {
                    r"\x00"
                } else {
                    r"\0"
                },
            );
        } else if ch == '\'' {
            repr.push(ch);
        } else {
            repr.extend(ch.escape_debug());
        }
    }
    repr.push('"');
    repr
}

impl HasAttrs for ImplItem {
    fn attrs_mut(&mut self) -> &mut Vec<Attr> {
        match self {
            ImplItem::Fn { attrs, .. } | ImplItem::Const { attrs, .. } => attrs,
        }
    }
}
