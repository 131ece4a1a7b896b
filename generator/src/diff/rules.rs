//! The rules: every kind of change the diff reports, its stable id and the semver bump it
//! needs, with the reasoning.
//!
//! The bump is judged against the generated client (see the architecture's stances):
//!
//! - **major**: code that compiled against the old client can fail to compile against the
//!   new one (a removed or renamed type, field, variant, method or argument; a field whose
//!   type changes), or the old client can fail on the new server's traffic (a response
//!   value it cannot decode, a route it calls that is gone).
//! - **minor**: the client only grows (operations, optional fields and parameters, enum
//!   values, error variants, deprecations). Structs and enums are `#[non_exhaustive]` and
//!   enums are open, so none of these breaks existing code or old clients.
//! - **patch**: the generated code changes but not its API (docs, how a value is sent).
//! - **none**: the generated code is byte-identical.
//!
//! A server-side change that the client does not take part in (the server now rejects a
//! value it accepted, or requires credentials the client is configured with anyway) is not
//! a reason to bump the client: when the new client differs only in how it sends, that is a
//! patch. A route that moves is different: the old client keeps calling the old route, and
//! every one of those calls fails; the new client is the fix, and the major bump is how its
//! users learn that the old one stopped working (see [`Rule::OperationPathChanged`]).
//!
//! Schema rules are *directional*: their id starts with `request-` when the schema is used
//! only in requests, `response-` when only in responses, and has no prefix when it is used in
//! both or by no operation (a component is a public type either way).

use super::Bump;

/// Where a schema is used, as seen from the operations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Usage {
    /// Reachable from a parameter or request body.
    pub(crate) request: bool,
    /// Reachable from a response body.
    pub(crate) response: bool,
}

impl Usage {
    pub(crate) const REQUEST: Self = Self {
        request: true,
        response: false,
    };
    pub(crate) const RESPONSE: Self = Self {
        request: false,
        response: true,
    };

    /// Both usages together.
    pub(crate) fn union(self, other: Self) -> Self {
        Self {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    fn prefix(self) -> &'static str {
        match (self.request, self.response) {
            (true, false) => "request-",
            (false, true) => "response-",
            _ => "",
        }
    }

    /// "request", "response", or "request and response", for messages.
    pub(crate) fn describe(self) -> &'static str {
        match (self.request, self.response) {
            (true, false) => "request",
            (false, true) => "response",
            (true, true) => "request and response",
            (false, false) => "unused",
        }
    }
}

/// One kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    // ----- operations -----
    /// An operation is gone: its method on `Client`, its error enum and options type go with
    /// it, and code calling it no longer compiles. Reported once, not once per part of it.
    OperationRemoved,
    /// A new operation is a new method (and new types): existing code is unaffected.
    OperationAdded,
    /// The Rust method name changes (its operationId changed and no configured name keeps
    /// the old one, or the configured name changed): callers no longer compile, and the
    /// error and options types, named after the method, are renamed too.
    OperationRenamed,
    /// The operationId changed but the method name does not (a configured name, or an id
    /// that cases to the same snake_case name): only documentation changes.
    OperationIdChanged,
    /// The path template (or the HTTP method) changed while the operationId stayed (matched
    /// by it). The method and its arguments stay, so code still compiles, but every deployed
    /// client keeps calling the old route, which the new server no longer has: each call
    /// fails. Old clients fail on the new server's traffic, which is major.
    ///
    /// Not visible to a Rust API checker (cargo-semver-checks): the signature is unchanged;
    /// the break is on the wire.
    OperationPathChanged,
    /// The operation is deprecated: the method gains `#[deprecated]`, which warns but
    /// compiles (a deprecation is a minor change under semver).
    OperationDeprecated,
    /// The deprecation is lifted: the attribute goes; nothing stops compiling.
    OperationUndeprecated,
    /// The operation no longer requires credentials: the client stops sending them; its API
    /// does not change, and old clients that still send them are served. Patch.
    OperationSecurityChanged,
    /// The operation now requires credentials: the new client sends the configured ones,
    /// but every deployed client calls it without and is refused. Major.
    ///
    /// Not visible to cargo-semver-checks: a break on the wire; no signature changes.
    OperationCredentialsRequired,

    // ----- parameters -----
    /// A parameter is gone: a positional argument disappears (callers no longer compile) or
    /// a field of the options value does (code setting it no longer compiles).
    ParameterRemoved,
    /// A new required parameter is a new positional argument: every call stops compiling.
    RequiredParameterAdded,
    /// A new optional parameter is a new field of the options value, which is
    /// `#[non_exhaustive]` with setters: existing calls still compile.
    OptionalParameterAdded,
    /// Optional → required: the parameter moves from the options value to a positional
    /// argument; every call stops compiling.
    ParameterBecameRequired,
    /// Required → optional: the positional argument moves into the options value; every call
    /// stops compiling.
    ParameterBecameOptional,
    /// A path parameter is renamed in the template and its definition: path parameters are
    /// positional, and argument names are not part of a Rust signature.
    PathParameterRenamed,
    /// `style`, `explode`, `allowReserved` or `allowEmptyValue` changed: the new client
    /// serializes the value differently; the API does not change.
    ParameterStyleChanged,
    /// The parameter is deprecated: docs and (for options fields) `#[deprecated]`; compiles.
    ParameterDeprecated,
    /// The parameter's deprecation is lifted.
    ParameterUndeprecated,

    // ----- request body -----
    /// A required body is a new positional argument: every call stops compiling.
    RequiredRequestBodyAdded,
    /// An optional body is a new positional argument too: the generated method takes the
    /// body positionally whether the document requires it or not (the client always sends
    /// the body it is given), so every call stops compiling. Major.
    OptionalRequestBodyAdded,
    /// The body argument disappears: calls passing it no longer compile.
    RequestBodyRemoved,
    /// Optional → required body. The method takes the body positionally either way, so the
    /// generated code does not change; the server now insists on a body the client always
    /// sends. A patch at most (none once the code is compared). The oracle found the
    /// earlier verdict, major, wrong: cargo-semver-checks saw no change, and the code was
    /// byte-identical.
    RequestBodyBecameRequired,
    /// Required → optional body: as [`Rule::RequestBodyBecameRequired`], the positional
    /// argument stays; nothing changes for callers.
    RequestBodyBecameOptional,
    /// The body's media type changed between encodings of the same typed model (JSON and
    /// form): the argument's type is the same, the new client encodes it differently.
    RequestMediaTypeChanged,

    // ----- responses -----
    /// A success response is gone: the method's return type changes (or the status it
    /// returned becomes an error): code using the result can stop compiling, and the old
    /// client's expectations no longer match.
    ///
    /// Not visible to cargo-semver-checks: the method keeps its name and arguments; only its
    /// return type changes, and its lints do not compare those.
    SuccessResponseRemoved,
    /// A success status is no longer documented, and another success status with the same
    /// body remains: the method's result type is the same (see `success-response-removed`
    /// for when it is not). The new client treats the removed status as unexpected, which
    /// the new server no longer sends. Patch.
    SuccessStatusRemoved,
    /// A new success status: the old client does not know it and fails (it is not one of
    /// its success statuses), and the return type can change. Major.
    ///
    /// Not visible to cargo-semver-checks: a break on the wire (the old client fails on the
    /// new status), and at most the return type changes, which its lints do not compare.
    SuccessResponseAdded,
    /// A new documented error status is a new variant of the operation's error enum, which
    /// is `#[non_exhaustive]`; the old client keeps such a response as an undocumented
    /// status with its raw body. Minor.
    ErrorResponseAdded,
    /// An error status is no longer documented: its variant disappears; `match` arms naming
    /// it stop compiling.
    ErrorResponseRemoved,
    /// A response that had no body now has one: the return type (or the error variant's
    /// payload) changes from nothing to a value.
    ///
    /// Not visible to cargo-semver-checks: the items keep their names and arities; only a
    /// type inside a signature changes, and its lints do not compare those.
    ResponseBodyAdded,
    /// A response that had a body now has none: the return type (or the error variant's
    /// payload) loses its value.
    ///
    /// Not visible to cargo-semver-checks: the items keep their names and arities; only a
    /// type inside a signature changes, and its lints do not compare those.
    ResponseBodyRemoved,
    /// The response's media type changed between encodings of the same typed model (JSON
    /// variants): decoding changes, the API does not.
    ResponseMediaTypeChanged,

    // ----- named schemas -----
    /// A new component schema is a new public type.
    SchemaAdded,
    /// A component schema is gone: its type disappears; code naming it stops compiling.
    SchemaRemoved,
    /// A component schema is renamed with the same content: identical on the wire, but the
    /// Rust type is renamed, and code naming it stops compiling.
    SchemaRenamed,
    /// A named component at some place was replaced by an inline schema that generates its
    /// own type (a struct, enum or union named from where it stands): even when the inline
    /// schema is identical (no wire change), the Rust type at that place is renamed.
    ///
    /// Not visible to cargo-semver-checks: the component's type stays (it is used
    /// elsewhere) and the items keep their names and arities; only a
    /// type inside a signature changes, and its lints do not compare those.
    SchemaInlined,
    /// The reverse: an inline struct, enum or union was replaced by a `$ref` to a component:
    /// the Rust type at that place is renamed to the component's.
    ///
    /// Not visible to cargo-semver-checks: the items keep their names and arities; only a
    /// type inside a signature changes, and its lints do not compare those.
    SchemaExtracted,
    /// A component schema is deprecated: `#[deprecated]` on its type; compiles with warnings.
    SchemaDeprecated,

    // ----- schema content (directional) -----
    /// A property is gone: its field disappears (code reading or setting it stops
    /// compiling). In a request, an old client may still send it; in a response, an old
    /// client that required it fails when it is absent. Optional or required alike: major.
    PropertyRemoved,
    /// A new required property is a new argument of the model's `new(...)`: code that builds
    /// the model stops compiling (for response models too: tests and fakes build them). In a
    /// request, the old client does not send it either.
    RequiredPropertyAdded,
    /// A new optional property is a new `Option` field with a setter; the struct is
    /// `#[non_exhaustive]` and built with `new`, so no code breaks, and an old client keeps the
    /// new response property among its unknown properties.
    OptionalPropertyAdded,
    /// Optional → required. In a request the old client may omit it (the server now rejects
    /// that) and the field's type changes from `Option<T>` to `T` with a new constructor
    /// argument. In a response the wire stays compatible (an old client accepts a property
    /// that is always there), but the field's type still changes from `Option<T>` to `T` and
    /// `new` takes it: code reading it with `if let Some(..)` or building the model stops
    /// compiling. So it is major in both directions: the generated API breaks.
    PropertyBecameRequired,
    /// Required → optional. In a response the old client fails when the property is absent;
    /// in both directions the field's type changes from `T` to `Option<T>`.
    PropertyBecameOptional,
    /// The value's Rust type changes (string → integer, boolean → string, int32 → int64,
    /// an object → a list, one named type → another): code using it stops compiling, and an
    /// old client cannot decode the new values.
    ///
    /// Not visible to cargo-semver-checks: the items keep their names and arities; only a
    /// type inside a signature changes, and its lints do not compare those.
    TypeChanged,
    /// `format` changed without changing the Rust type (date → date-time, url → uri): only
    /// documentation and validation change.
    FormatChanged,
    /// `null` is now allowed. In a response the old client fails on `null`; in both
    /// directions the Rust type gains a layer (`T` → `Option<T>`, `Option<T>` →
    /// `Nullable<T>`).
    ///
    /// Not visible to cargo-semver-checks: the items keep their names and arities; only a
    /// type inside a signature changes, and its lints do not compare those.
    NullableAdded,
    /// `null` is no longer allowed: the Rust type loses a layer (`Option<T>` → `T`,
    /// `Nullable<T>` → `Option<T>`), and in a request the old client may still send `null`.
    ///
    /// Not visible to cargo-semver-checks: the items keep their names and arities; only a
    /// type inside a signature changes, and its lints do not compare those.
    NullableRemoved,
    /// A new enum value: enums are open (an old client keeps an unknown value) and
    /// `#[non_exhaustive]` (no exhaustive `match` to break); in a request it is a new choice.
    EnumValueAdded,
    /// An enum value is gone: its variant disappears, code naming it stops compiling.
    EnumValueRemoved,
    /// The enum values were reordered: the variants' order changes in the generated code,
    /// not their names.
    EnumValueOrderChanged,
    /// A new `oneOf`/`anyOf` branch is a new variant of a `#[non_exhaustive]` union with a
    /// catch-all: an old client keeps an unexpected value in the catch-all.
    UnionVariantAdded,
    /// A union branch is gone: its variant disappears.
    UnionVariantRemoved,
    /// Union branches were reordered: values that fit several branches may decode into
    /// another variant; the variants themselves stay.
    UnionVariantOrderChanged,
    /// `oneOf` ↔ `anyOf`: the generator makes the same union of both.
    UnionKindChanged,
    /// `discriminator` changed: the new client dispatches differently; the API is the same.
    DiscriminatorChanged,
    /// The schema of additional properties was added, removed or changed where it is the
    /// type: a map (an object without properties) becomes a free-form object or a map of
    /// another value type. On an object with properties it is no change: the struct keeps
    /// unknown properties as raw JSON (`additional_properties: rt::Object`) whatever the
    /// schema says; the oracle found the earlier verdict, major, wrong there.
    ///
    /// Not visible to cargo-semver-checks: the items keep their names and arities; only a
    /// type inside a signature changes, and its lints do not compare those.
    AdditionalPropertiesChanged,
    /// The `required` list was reordered. `new` takes the required properties in the order
    /// of that list (the generator never reads the order of the `properties` keys, which
    /// JSON does not keep: reordering those is no change at all), so its arguments change
    /// order: calls stop compiling, or worse, silently swap two values of the same type.
    ///
    /// Not visible to cargo-semver-checks: `new` keeps its name and arity; its lints do not
    /// compare parameter types.
    RequiredPropertyOrderChanged,
    /// A property (or an inline schema) is deprecated: `#[deprecated]` on its field; compiles.
    PropertyDeprecated,
    /// A deprecation was lifted.
    Undeprecated,
    /// Validation keywords changed (minimum, maxLength, pattern, default, readOnly...): the
    /// generated types do not change; their docs may.
    ConstraintChanged,

    // ----- security, servers, docs -----
    /// A new security scheme. The generated client takes credentials through the runtime
    /// (an API key or bearer credentials), whatever schemes the document declares: a
    /// declaration never reaches the generated code, only whether an operation requires
    /// credentials does ([`Rule::OperationCredentialsRequired`],
    /// [`Rule::OperationSecurityChanged`]). Reported for reviewers; a patch at most (none
    /// once the code is compared).
    SecuritySchemeAdded,
    /// A security scheme is gone: as [`Rule::SecuritySchemeAdded`], the generated code does
    /// not change; the operations that stop requiring credentials are reported on their
    /// own. The oracle found the earlier verdict, major, wrong: cargo-semver-checks saw no
    /// change, and the code was byte-identical.
    SecuritySchemeRemoved,
    /// A scheme's kind changed (API key ↔ bearer ↔ OAuth): the generated code does not
    /// change (see [`Rule::SecuritySchemeAdded`]).
    SecuritySchemeTypeChanged,
    /// How a credential is sent changed (header name, bearer format): the generated code
    /// does not change (see [`Rule::SecuritySchemeAdded`]).
    SecuritySchemeChanged,
    /// The first server URL, the client's default base URL, changed: it is written into the
    /// code, so this settles patch without generating it.
    ServerUrlChanged,
    /// Descriptions, summaries, titles or examples that the generator renders changed: the
    /// generated docs change. Only rendered text counts: a named type's or a field's schema
    /// docs, an operation's summary and description, a parameter's description and example,
    /// an error response's description, the API's title and version. `externalDocs`, a
    /// request body's or a success response's description, a security scheme's description
    /// reach no generated code and are no change (whitespace alone neither: rustdoc gets
    /// the text cleaned). Settles patch without generating the code.
    DocsChanged,
    /// Something the diff does not model changed (tags, extensions, webhooks...): the
    /// generated code may change; reported so that "nothing changed" is never claimed for
    /// documents that differ.
    DocumentChanged,
    /// The generator's output differs although no rule saw an API change.
    GeneratedCodeChanged,
}

impl Rule {
    /// The stable kebab-case id, without the direction prefix.
    pub fn name(self) -> &'static str {
        use Rule::*;
        match self {
            OperationRemoved => "operation-removed",
            OperationAdded => "operation-added",
            OperationRenamed => "operation-renamed",
            OperationIdChanged => "operation-id-changed",
            OperationPathChanged => "operation-path-changed",
            OperationDeprecated => "operation-deprecated",
            OperationUndeprecated => "operation-undeprecated",
            OperationSecurityChanged => "operation-security-changed",
            OperationCredentialsRequired => "operation-credentials-required",
            ParameterRemoved => "parameter-removed",
            RequiredParameterAdded => "required-parameter-added",
            OptionalParameterAdded => "optional-parameter-added",
            ParameterBecameRequired => "parameter-became-required",
            ParameterBecameOptional => "parameter-became-optional",
            PathParameterRenamed => "path-parameter-renamed",
            ParameterStyleChanged => "parameter-style-changed",
            ParameterDeprecated => "parameter-deprecated",
            ParameterUndeprecated => "parameter-undeprecated",
            RequiredRequestBodyAdded => "required-request-body-added",
            OptionalRequestBodyAdded => "optional-request-body-added",
            RequestBodyRemoved => "request-body-removed",
            RequestBodyBecameRequired => "request-body-became-required",
            RequestBodyBecameOptional => "request-body-became-optional",
            RequestMediaTypeChanged => "request-media-type-changed",
            SuccessResponseRemoved => "success-response-removed",
            SuccessStatusRemoved => "success-status-removed",
            SuccessResponseAdded => "success-response-added",
            ErrorResponseAdded => "error-response-added",
            ErrorResponseRemoved => "error-response-removed",
            ResponseBodyAdded => "response-body-added",
            ResponseBodyRemoved => "response-body-removed",
            ResponseMediaTypeChanged => "response-media-type-changed",
            SchemaAdded => "schema-added",
            SchemaRemoved => "schema-removed",
            SchemaRenamed => "schema-renamed",
            SchemaInlined => "schema-inlined",
            SchemaExtracted => "schema-extracted",
            SchemaDeprecated => "schema-deprecated",
            PropertyRemoved => "property-removed",
            RequiredPropertyAdded => "required-property-added",
            OptionalPropertyAdded => "optional-property-added",
            PropertyBecameRequired => "property-became-required",
            PropertyBecameOptional => "property-became-optional",
            TypeChanged => "type-changed",
            FormatChanged => "format-changed",
            NullableAdded => "nullable-added",
            NullableRemoved => "nullable-removed",
            EnumValueAdded => "enum-value-added",
            EnumValueRemoved => "enum-value-removed",
            EnumValueOrderChanged => "enum-value-order-changed",
            UnionVariantAdded => "union-variant-added",
            UnionVariantRemoved => "union-variant-removed",
            UnionVariantOrderChanged => "union-variant-order-changed",
            UnionKindChanged => "union-kind-changed",
            DiscriminatorChanged => "discriminator-changed",
            AdditionalPropertiesChanged => "additional-properties-changed",
            RequiredPropertyOrderChanged => "required-property-order-changed",
            PropertyDeprecated => "property-deprecated",
            Undeprecated => "undeprecated",
            ConstraintChanged => "constraint-changed",
            SecuritySchemeAdded => "security-scheme-added",
            SecuritySchemeRemoved => "security-scheme-removed",
            SecuritySchemeTypeChanged => "security-scheme-type-changed",
            SecuritySchemeChanged => "security-scheme-changed",
            ServerUrlChanged => "server-url-changed",
            DocsChanged => "docs-changed",
            DocumentChanged => "document-changed",
            GeneratedCodeChanged => "generated-code-changed",
        }
    }

    /// The bump this kind of change needs (fixed per rule).
    pub fn bump(self) -> Bump {
        use Rule::*;
        match self {
            OperationRemoved
            | OperationRenamed
            | ParameterRemoved
            | RequiredParameterAdded
            | ParameterBecameRequired
            | ParameterBecameOptional
            | RequiredRequestBodyAdded
            | RequestBodyRemoved
            | SuccessResponseRemoved
            | SuccessResponseAdded
            | ErrorResponseRemoved
            | ResponseBodyAdded
            | ResponseBodyRemoved
            | SchemaRemoved
            | SchemaRenamed
            | SchemaInlined
            | SchemaExtracted
            | PropertyRemoved
            | RequiredPropertyAdded
            | PropertyBecameRequired
            | PropertyBecameOptional
            | TypeChanged
            | NullableAdded
            | NullableRemoved
            | EnumValueRemoved
            | UnionVariantRemoved
            | AdditionalPropertiesChanged
            | RequiredPropertyOrderChanged
            | OperationPathChanged
            | OperationCredentialsRequired
            | OptionalRequestBodyAdded => Bump::Major,
            OperationAdded
            | OperationDeprecated
            | OptionalParameterAdded
            | ParameterDeprecated
            | ErrorResponseAdded
            | SchemaAdded
            | SchemaDeprecated
            | OptionalPropertyAdded
            | EnumValueAdded
            | UnionVariantAdded
            | PropertyDeprecated => Bump::Minor,
            OperationIdChanged
            | OperationUndeprecated
            | OperationSecurityChanged
            | PathParameterRenamed
            | ParameterStyleChanged
            | ParameterUndeprecated
            | RequestMediaTypeChanged
            | ResponseMediaTypeChanged
            | SuccessStatusRemoved
            | FormatChanged
            | EnumValueOrderChanged
            | UnionVariantOrderChanged
            | UnionKindChanged
            | DiscriminatorChanged
            | Undeprecated
            | ConstraintChanged
            | SecuritySchemeAdded
            | SecuritySchemeRemoved
            | SecuritySchemeTypeChanged
            | SecuritySchemeChanged
            | RequestBodyBecameRequired
            | RequestBodyBecameOptional
            | ServerUrlChanged
            | DocsChanged
            | DocumentChanged
            | GeneratedCodeChanged => Bump::Patch,
        }
    }

    /// Whether a change by this rule can break users while leaving nothing that an API
    /// checker such as cargo-semver-checks lints (see each rule's doc comment for why): a
    /// break on the wire, with every signature unchanged, or a change of the types inside
    /// a signature, which its lints do not compare. The conformance tier's oracle accepts a
    /// major verdict it cannot confirm only from these rules.
    pub fn api_checker_blind(self) -> bool {
        use Rule::*;
        matches!(
            self,
            OperationPathChanged
                | OperationCredentialsRequired
                | SuccessResponseRemoved
                | SuccessResponseAdded
                | ResponseBodyAdded
                | ResponseBodyRemoved
                | SchemaInlined
                | SchemaExtracted
                | TypeChanged
                | NullableAdded
                | NullableRemoved
                | AdditionalPropertiesChanged
                | RequiredPropertyOrderChanged
        )
    }

    /// Whether the id carries the schema's direction (`request-`/`response-`).
    pub fn directional(self) -> bool {
        use Rule::*;
        matches!(
            self,
            SchemaInlined
                | SchemaExtracted
                | PropertyRemoved
                | RequiredPropertyAdded
                | OptionalPropertyAdded
                | PropertyBecameRequired
                | PropertyBecameOptional
                | TypeChanged
                | FormatChanged
                | NullableAdded
                | NullableRemoved
                | EnumValueAdded
                | EnumValueRemoved
                | EnumValueOrderChanged
                | UnionVariantAdded
                | UnionVariantRemoved
                | UnionVariantOrderChanged
                | UnionKindChanged
                | DiscriminatorChanged
                | AdditionalPropertiesChanged
                | RequiredPropertyOrderChanged
                | PropertyDeprecated
                | Undeprecated
                | ConstraintChanged
        )
    }

    /// The id as reported for a schema used as `usage`.
    pub(crate) fn id(self, usage: Usage) -> String {
        if self.directional() {
            format!("{}{}", usage.prefix(), self.name())
        } else {
            self.name().to_owned()
        }
    }

    /// Every rule, for documentation and tests.
    pub const ALL: &'static [Rule] = &[
        Rule::OperationRemoved,
        Rule::OperationAdded,
        Rule::OperationRenamed,
        Rule::OperationIdChanged,
        Rule::OperationPathChanged,
        Rule::OperationDeprecated,
        Rule::OperationUndeprecated,
        Rule::OperationSecurityChanged,
        Rule::OperationCredentialsRequired,
        Rule::ParameterRemoved,
        Rule::RequiredParameterAdded,
        Rule::OptionalParameterAdded,
        Rule::ParameterBecameRequired,
        Rule::ParameterBecameOptional,
        Rule::PathParameterRenamed,
        Rule::ParameterStyleChanged,
        Rule::ParameterDeprecated,
        Rule::ParameterUndeprecated,
        Rule::RequiredRequestBodyAdded,
        Rule::OptionalRequestBodyAdded,
        Rule::RequestBodyRemoved,
        Rule::RequestBodyBecameRequired,
        Rule::RequestBodyBecameOptional,
        Rule::RequestMediaTypeChanged,
        Rule::SuccessResponseRemoved,
        Rule::SuccessStatusRemoved,
        Rule::SuccessResponseAdded,
        Rule::ErrorResponseAdded,
        Rule::ErrorResponseRemoved,
        Rule::ResponseBodyAdded,
        Rule::ResponseBodyRemoved,
        Rule::ResponseMediaTypeChanged,
        Rule::SchemaAdded,
        Rule::SchemaRemoved,
        Rule::SchemaRenamed,
        Rule::SchemaInlined,
        Rule::SchemaExtracted,
        Rule::SchemaDeprecated,
        Rule::PropertyRemoved,
        Rule::RequiredPropertyAdded,
        Rule::OptionalPropertyAdded,
        Rule::PropertyBecameRequired,
        Rule::PropertyBecameOptional,
        Rule::TypeChanged,
        Rule::FormatChanged,
        Rule::NullableAdded,
        Rule::NullableRemoved,
        Rule::EnumValueAdded,
        Rule::EnumValueRemoved,
        Rule::EnumValueOrderChanged,
        Rule::UnionVariantAdded,
        Rule::UnionVariantRemoved,
        Rule::UnionVariantOrderChanged,
        Rule::UnionKindChanged,
        Rule::DiscriminatorChanged,
        Rule::AdditionalPropertiesChanged,
        Rule::RequiredPropertyOrderChanged,
        Rule::PropertyDeprecated,
        Rule::Undeprecated,
        Rule::ConstraintChanged,
        Rule::SecuritySchemeAdded,
        Rule::SecuritySchemeRemoved,
        Rule::SecuritySchemeTypeChanged,
        Rule::SecuritySchemeChanged,
        Rule::ServerUrlChanged,
        Rule::DocsChanged,
        Rule::DocumentChanged,
        Rule::GeneratedCodeChanged,
    ];
}
