//! The intermediate representation: what the generated client is made of, with every node
//! carrying the JSON pointer it came from. `lower` builds it, `check` verifies it, `emit`
//! prints it. Names in the IR are final Rust identifiers (see [`crate::naming`]).

/// The whole API, ready to emit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version` (may be empty: some specs in the wild leave it out).
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server URL, the client's default base URL.
    pub default_base_url: Option<String>,
    /// Named types, in the order they are emitted (sorted by name: deterministic).
    pub types: Vec<TypeDef>,
    /// Operations, in the order they are emitted (sorted by method name).
    pub operations: Vec<Operation>,
    /// The Cargo features that enable types and operations (empty: everything is always
    /// compiled). Set by [`crate::select::features_per_tag`].
    pub features: Features,
    /// The types a selection left out (Rust name, JSON pointer): settings that name them
    /// (`derives`, `attributes`) have nothing to do, rather than naming no type.
    pub unselected: Vec<(String, String)>,
    /// The JSON pointers of the operations a selection left out.
    pub unselected_operations: Vec<String>,
}

/// Cargo features gating the generated items: one per tag of the operations (see
/// [`crate::select::features_per_tag`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// The features, sorted by name.
    pub list: Vec<Feature>,
    /// For each type, by Rust name: the names of the features that enable it (sorted).
    pub types: std::collections::BTreeMap<String, Vec<String>>,
    /// For each operation, by Rust method name: the names of the features that enable it
    /// (sorted).
    pub operations: std::collections::BTreeMap<String, Vec<String>>,
}

impl Features {
    /// Whether no item is gated.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// One Cargo feature of a generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name (a valid Cargo feature name).
    pub name: String,
    /// The tag it stands for, as the spec writes it (`None`: the operations without a tag).
    pub tag: Option<String>,
    /// How many operations it enables.
    pub operations: usize,
}

/// Documentation carried from the spec to rustdoc.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Docs {
    /// `summary` or `title`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `example` (as compact JSON).
    pub example: Option<String>,
    /// Set when `deprecated: true`: the note for `#[deprecated]`.
    pub deprecated: Option<String>,
}

/// A named type: one `pub struct` / `pub enum` / `pub type` in `types`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Rust name (UpperCamelCase, unique).
    pub name: String,
    /// The schema's name in the spec, or where an inline schema stood.
    pub original: String,
    /// JSON pointer of the schema.
    pub pointer: String,
    /// rustdoc.
    pub docs: Docs,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with known properties; unknown ones are kept in `additional_properties`.
    Struct(Struct),
    /// A string enum; unknown values are kept (open enum).
    Enum(Enum),
    /// `oneOf` / `anyOf`: the first variant the value fits, else the raw value.
    Union(Union),
    /// A plain alias (`pub type X = Y;`), for named schemas that are not objects or enums.
    Alias(Ty),
    /// A newtype (`pub struct X(pub Y);`, serialized as `Y`): an alias that refers to itself
    /// (`A: {type: array, items: {$ref: A}}`), which a Rust type alias cannot.
    Newtype(Ty),
}

/// An object type.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// Known properties: the required ones first, in the order of the schema's `required`
    /// list (the order of `new`'s arguments), then the optional ones by wire name. Never
    /// the order of the `properties` keys.
    pub fields: Vec<Field>,
    /// Rust name of the field that keeps unknown properties.
    pub extra_field: String,
    /// Type of the values of unknown properties (`additionalProperties` schema, else any JSON).
    pub extra_ty: Ty,
}

/// One property of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Rust field name (snake_case, valid identifier, unique in the struct).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// JSON pointer of the property schema.
    pub pointer: String,
    /// Type of a present, non-null value.
    pub ty: Ty,
    /// Whether it must be present, and whether `null` is allowed.
    pub presence: Presence,
    /// rustdoc and deprecation.
    pub docs: Docs,
}

/// Whether a property must be present and may be null: decides its Rust type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Presence {
    /// Required, not nullable: `T`.
    Required,
    /// Required and nullable: `Option<T>`, `None` is sent as `null`.
    RequiredNullable,
    /// Optional, not nullable: `Option<T>`, `None` is not sent.
    Optional,
    /// Optional and nullable: `Nullable<T>` (absent, null or a value: three states).
    OptionalNullable,
}

/// A string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// Rust name of the catch-all variant holding an unknown value.
    pub unknown_variant: String,
}

/// One known enum value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// Value on the wire.
    pub wire: String,
    /// JSON pointer of the value in the schema's `enum`.
    pub pointer: String,
}

/// A `oneOf`/`anyOf` union.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// Alternatives, tried in order when there is no discriminator.
    pub variants: Vec<UnionVariant>,
    /// `discriminator.propertyName`, when the spec gives one.
    pub discriminator: Option<String>,
    /// Rust name of the catch-all variant holding a value no alternative fits.
    pub other_variant: String,
    /// The types of the expansions a selection left untyped (see [`UnionVariant::expansion`]):
    /// such an object, expanded, is kept in the catch-all variant.
    pub untyped: Vec<String>,
    /// The aliases that name this union, one per expandable field with these alternatives
    /// (see [`crate::select`]; empty: the union is its field's own).
    pub shared_by: Vec<String>,
}

/// One alternative of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// JSON pointer of the alternative (or of the responses it stands for).
    pub pointer: String,
    /// Whether the alternative is an expansion: a reference the schema's
    /// `x-expansionResources` lists (Stripe's expandable fields, which hold an ID unless a
    /// request asks to expand them into the object).
    pub expansion: bool,
}

/// A type reference: what a field, parameter or body is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// An integer of the given width and signedness.
    Int(Int),
    /// `f64`.
    F64,
    /// Any JSON value.
    Any,
    /// A free-form JSON object.
    Object,
    /// Raw bytes (`format: binary`, octet-stream bodies).
    Bytes,
    /// The empty string and only it (`enum: [""]` as a union alternative: "clear the field").
    EmptyString,
    /// A named type from `types`.
    Named(String),
    /// A named type behind a `Box` (breaks a recursive cycle).
    Boxed(String),
    /// `Vec<T>`.
    Array(Box<Ty>),
    /// A map from string keys to `T`.
    Map(Box<Ty>),
    /// A string with a `format` the configuration types: `d360_runtime::Formatted<T>`.
    Formatted(Typed),
    /// A type of the caller's that replaces a schema (`"replace"` in the configuration): a
    /// Rust path, used as written.
    Extern(String),
}

/// The Rust type of a typed string `format` (see [`crate::config`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Typed {
    /// `date-time` as `jiff::Timestamp`.
    Timestamp,
    /// `date` as `jiff::civil::Date`.
    Date,
    /// `date-time` as `chrono::DateTime<chrono::FixedOffset>`.
    ChronoDateTime,
    /// `date` as `chrono::NaiveDate`.
    ChronoDate,
    /// `uuid` as `uuid::Uuid`.
    Uuid,
    /// `uri`/`url` as `url::Url`.
    Url,
    /// `byte` as base64-decoded `Vec<u8>`.
    Base64,
}

impl Typed {
    /// The type's path under `d360_runtime::model` (which re-exports the format crates), as
    /// text (`Vec<u8>` and `chrono::DateTime<chrono::FixedOffset>` have type arguments).
    pub fn model_path(self) -> &'static str {
        match self {
            Self::Timestamp => "jiff::Timestamp",
            Self::Date => "jiff::civil::Date",
            Self::ChronoDateTime => "chrono::DateTime<chrono::FixedOffset>",
            Self::ChronoDate => "chrono::NaiveDate",
            Self::Uuid => "uuid::Uuid",
            Self::Url => "url::Url",
            Self::Base64 => "Vec<u8>",
        }
    }

    /// The field's type as a user reads it (`Formatted<url::Url>`), for messages.
    pub fn display(self) -> &'static str {
        match self {
            Self::Timestamp => "Formatted<jiff::Timestamp>",
            Self::Date => "Formatted<jiff::civil::Date>",
            Self::ChronoDateTime => "Formatted<chrono::DateTime<chrono::FixedOffset>>",
            Self::ChronoDate => "Formatted<chrono::NaiveDate>",
            Self::Uuid => "Formatted<uuid::Uuid>",
            Self::Url => "Formatted<url::Url>",
            Self::Base64 => "Formatted<Vec<u8>>",
        }
    }

    /// The `d360-runtime` feature that provides it.
    pub fn runtime_feature(self) -> &'static str {
        match self {
            Self::Timestamp | Self::Date => "jiff",
            Self::ChronoDateTime | Self::ChronoDate => "chrono",
            Self::Uuid => "uuid",
            Self::Url => "url",
            Self::Base64 => "base64",
        }
    }
}

/// The Rust integer a schema's `format` asks for (see [`crate::lower`] for the mapping).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Int {
    /// `i8` (`int8`).
    I8,
    /// `i16` (`int16`).
    I16,
    /// `i32` (`int32`).
    I32,
    /// `i64` (`int64`, and integers without a known format).
    I64,
    /// `u8` (`uint8`).
    U8,
    /// `u16` (`uint16`).
    U16,
    /// `u32` (`uint32`).
    U32,
    /// `u64` (`uint64`, `uint`).
    U64,
}

impl Int {
    /// The Rust type's name.
    pub fn rust_name(self) -> &'static str {
        match self {
            Self::I8 => "i8",
            Self::I16 => "i16",
            Self::I32 => "i32",
            Self::I64 => "i64",
            Self::U8 => "u8",
            Self::U16 => "u16",
            Self::U32 => "u32",
            Self::U64 => "u64",
        }
    }
}

/// One HTTP operation: one method on `Client`.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// Rust method name (snake_case).
    pub name: String,
    /// Rust name of the method taking the optional parameters (`list_widgets_with`), used only
    /// when there are optional parameters.
    pub with_name: String,
    /// The operationId, if the spec gives one.
    pub operation_id: Option<String>,
    /// The operation's `tags`, as the spec lists them.
    pub tags: Vec<String>,
    /// HTTP method, upper case (`GET`).
    pub method: String,
    /// Path template (`/api/v2/partners/{partner_id}`).
    pub path: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// rustdoc and deprecation.
    pub docs: Docs,
    /// Parameters (path parameters first, in template order).
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// Documented responses.
    pub responses: Vec<Response>,
    /// Rust name of the per-operation error enum (`GetPartnerError`).
    pub error_type: String,
    /// Rust name of the options struct holding the optional parameters (`ListWidgetsOptions`),
    /// used only when there are optional parameters.
    pub options_type: String,
    /// The success body type (`None`: no body).
    pub success: Option<Ty>,
    /// How the success body is decoded.
    pub success_kind: MediaKind,
    /// Some success statuses have a body and others do not: the result is an `Option`.
    pub success_optional: bool,
    /// Whether the operation is sent with the client's credentials.
    pub authenticated: bool,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// One parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Rust argument name.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: Ty,
    /// Required parameters are positional arguments; optional ones go in the options value.
    pub required: bool,
    /// How an array or object value is written (`style` and `explode`).
    pub style: ParamStyle,
    /// rustdoc and deprecation.
    pub docs: Docs,
    /// JSON pointer of the parameter.
    pub pointer: String,
}

/// How a parameter's array or object value is serialized: its OpenAPI `style` and `explode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (query, cookie): `id=3&id=4` when exploded, `id=3,4` when not.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `simple` (path, header): `3,4`.
    Simple,
    /// `spaceDelimited` (query): `id=3 4`.
    SpaceDelimited,
    /// `pipeDelimited` (query): `id=3|4`.
    PipeDelimited,
    /// `deepObject` (query): `id[a]=1&id[b]=2`.
    DeepObject,
}

/// How a body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json` and `+json` types.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`.
    Text,
    /// Anything else: raw bytes.
    Binary,
    /// No content.
    Empty,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: Ty,
    /// The media type as written in the spec.
    pub media_type: String,
    /// How it is encoded.
    pub kind: MediaKind,
    /// Whether the spec requires it.
    pub required: bool,
    /// Form bodies: properties whose `encoding` says `style: deepObject` (arrays written with
    /// indices, `expand[0]=a`, rather than repeated).
    pub deep_object: Vec<String>,
    /// JSON pointer of the chosen media type of the request body.
    pub pointer: String,
}

/// Which statuses a response entry covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class: `2XX` is `Range(2)`.
    Range(u16),
    /// `default`: any status not listed.
    Default,
}

/// One documented response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Statuses it covers.
    pub status: StatusMatch,
    /// The response's description.
    pub description: String,
    /// The body type (`None`: no content).
    pub ty: Option<Ty>,
    /// How the body is decoded.
    pub kind: MediaKind,
    /// For error responses: the Rust variant name in the operation's error enum.
    pub variant: String,
    /// JSON pointer of the response.
    pub pointer: String,
}

impl Response {
    /// Whether this entry describes success (2xx).
    pub fn is_success(&self) -> bool {
        match self.status {
            StatusMatch::Code(c) => (200..300).contains(&c),
            StatusMatch::Range(r) => r == 2,
            StatusMatch::Default => false,
        }
    }
}
