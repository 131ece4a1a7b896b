//! The client: one async method per operation, its error enum and its options struct.

use super::ast::{
    self, Arm, Attr, Expr, FieldValue, FnArg, GenericArg, ImplItem, Item, Lit, Macro, Pat, Path,
    Stmt, Tok, UseTree,
};
use super::docs;
use super::ty::{self, ident, Scope};
use crate::ir::{
    Api, MediaKind, Operation, Param, ParamLocation, ParamStyle, Presence, Response, StatusMatch,
    Ty, TypeKind,
};
use std::collections::HashSet;

/// The `Client` type and its inherent items that do not depend on the operations. The
/// operations follow in `#[allow(deprecated)] impl Client { .. }` ([`methods`]), then their
/// error and options types ([`op_items`]).
pub(super) fn client_head(api: &Api) -> Vec<Item> {
    let base_url = api.default_base_url.clone().unwrap_or_default();
    let title = if api.version.is_empty() {
        format!(" Client for {}.", api.title)
    } else {
        format!(" Client for {} {}.", api.title, api.version)
    };
    let runtime_client = ast::Ty::path("::d360_runtime::Client");
    let builder = ImplItem::method(
        vec![Attr::doc(" A builder for a client of this API.")],
        "builder",
        Vec::new(),
        ast::Ty::generic("::d360_runtime::ClientBuilder", vec![ast::Ty::path("Self")]),
        vec![Stmt::Expr(
            call(
                "::d360_runtime::ClientBuilder::new",
                vec![Expr::path("Self::DEFAULT_BASE_URL")],
            ),
            false,
        )],
    );
    let runtime = ImplItem::method(
        vec![Attr::doc(
            " The runtime client underneath (transport, auth, retries).",
        )],
        "runtime",
        vec![FnArg::RefSelf],
        ast::Ty::reference(runtime_client.clone()),
        vec![Stmt::Expr(
            Expr::var("self").field("inner").reference(),
            false,
        )],
    );
    let with_request_options = ImplItem::method(
        [
            " This client, sending every call with `options`: extra headers, and a timeout",
            " per attempt instead of the client's. It is cheap (it shares the connections,",
            " credentials, token and retry policy), so make one for the call that needs it:",
            " `client.with_request_options(options).operation(..)`, with",
            " `options = RequestOptions::new().header(\"X-Request-Id\", id).timeout(Duration::from_secs(2))`.",
            "",
            " Headers replace those of the same name the operation sets, never the",
            " credentials; see [`d360_runtime::RequestOptions`].",
        ]
        .into_iter()
        .map(Attr::doc)
        .collect(),
        "with_request_options",
        vec![
            FnArg::RefSelf,
            FnArg::Typed(
                "options".to_owned(),
                ast::Ty::path("::d360_runtime::RequestOptions"),
            ),
        ],
        ast::Ty::path("Self"),
        vec![Stmt::Expr(
            Expr::Struct(
                Path::ident("Self"),
                vec![FieldValue {
                    member: "inner".to_owned(),
                    expr: Some(
                        Expr::var("self")
                            .field("inner")
                            .method("with_request_options", vec![Expr::var("options")]),
                    ),
                }],
            ),
            false,
        )],
    );
    let base = ImplItem::Const {
        attrs: vec![
            Attr::doc(
                " The base URL requests go to unless the builder sets another: the first server of",
            ),
            Attr::doc(" the API description."),
        ],
        public: true,
        name: "DEFAULT_BASE_URL".to_owned(),
        ty: ast::Ty::reference_static(ast::Ty::path("str")),
        expr: Expr::str(base_url),
    };
    let from = ImplItem::trait_fn(
        Vec::new(),
        "from",
        Vec::new(),
        vec![FnArg::Typed("inner".to_owned(), runtime_client.clone())],
        Some(ast::Ty::path("Self")),
        vec![Stmt::Expr(
            Expr::Struct(
                Path::ident("Self"),
                vec![FieldValue {
                    member: "inner".to_owned(),
                    expr: None,
                }],
            ),
            false,
        )],
    );
    vec![
        Item::Use {
            attrs: Vec::new(),
            public: true,
            tree: UseTree::Path(
                "d360_runtime".to_owned(),
                Box::new(UseTree::Group(vec![
                    UseTree::Name("Call".to_owned()),
                    UseTree::Name("ClientBuilder".to_owned()),
                    UseTree::Name("Error".to_owned()),
                    UseTree::Name("Nullable".to_owned()),
                ])),
            ),
        },
        Item::Struct {
            attrs: vec![
                Attr::doc(title),
                Attr::doc(""),
                Attr::doc(
                    " Build one with [`Client::builder`]; it is cheap to clone and shares its connections.",
                ),
                Attr::doc(
                    " Extra headers or a timeout for particular calls: [`Client::with_request_options`].",
                ),
                Attr::list("derive", &["Clone", "Debug"]),
            ],
            name: "Client".to_owned(),
            fields: vec![ast::Field {
                attrs: Vec::new(),
                public: false,
                name: Some("inner".to_owned()),
                ty: runtime_client.clone(),
            }],
        },
        Item::Impl {
            attrs: Vec::new(),
            generics: Vec::new(),
            trait_: None,
            self_ty: ast::Ty::path("Client"),
            items: vec![base, builder, runtime, with_request_options],
        },
        Item::Impl {
            attrs: Vec::new(),
            generics: Vec::new(),
            trait_: Some(
                Path::parse("::std::convert::From")
                    .with_args(vec![GenericArg::Type(runtime_client)]),
            ),
            self_ty: ast::Ty::path("Client"),
            items: vec![from],
        },
    ]
}

/// One or two methods per operation (`op` and `op_with`).
#[cfg(test)]
pub(super) fn methods(api: &Api) -> Vec<ImplItem> {
    methods_of(api, &api.operations)
}

/// The methods of `ops`, in order.
pub(super) fn methods_of(api: &Api, ops: &[Operation]) -> Vec<ImplItem> {
    ops.iter()
        .flat_map(|op| {
            let mut items = method(api, op);
            ast::gate(&mut items, op_cfg(api, op));
            items
        })
        .collect()
}

/// The `#[cfg(feature = ..)]` of an operation's items, when features gate them.
fn op_cfg(api: &Api, op: &Operation) -> Option<Attr> {
    Attr::cfg_features(api.features.operations.get(&op.name)?)
}

/// `items` behind the operation's `#[cfg]`, if any.
fn gated(api: &Api, op: &Operation, mut items: Vec<Item>) -> Vec<Item> {
    ast::gate(&mut items, op_cfg(api, op));
    items
}

/// Every operation's error enum, then every options struct.
#[cfg(test)]
pub(super) fn op_items(api: &Api) -> Vec<Item> {
    let deprecated = ty::deprecated_types(api);
    let mut items = error_items(api, &api.operations, &deprecated);
    let with_options: Vec<&Operation> =
        api.operations.iter().filter(|op| has_options(op)).collect();
    items.extend(options_items(api, &with_options, &deprecated));
    items
}

/// The error enums of `ops`, in order.
pub(super) fn error_items(api: &Api, ops: &[Operation], deprecated: &HashSet<&str>) -> Vec<Item> {
    ops.iter()
        .flat_map(|op| gated(api, op, vec![error_enum(op, deprecated)]))
        .collect()
}

/// The options structs of `ops` (each has optional parameters: [`has_options`]), in order.
pub(super) fn options_items(
    api: &Api,
    ops: &[&Operation],
    deprecated: &HashSet<&str>,
) -> Vec<Item> {
    ops.iter()
        .flat_map(|op| gated(api, op, options_struct(op, deprecated)))
        .collect()
}

/// Whether the operation has optional parameters, and so an options struct.
pub(super) fn has_options(op: &Operation) -> bool {
    op.params.iter().any(|p| !p.required)
}

/// `path(args)`, the path written as text.
fn call(path: &str, args: Vec<Expr>) -> Expr {
    Expr::call(Expr::path(path), args)
}

/// `Type::Variant` for a type named by an identifier.
fn variant_path(ty: &str, variant: &str) -> Expr {
    Expr::Path(Path::ident(ty).join(variant))
}

/// `::std::result::Result::Err(value)`.
fn err(value: Expr) -> Expr {
    call("::std::result::Result::Err", vec![value])
}

/// `::d360_runtime::model::param_string(&value)`.
fn param_string(value: Expr) -> Expr {
    call(
        "::d360_runtime::model::param_string",
        vec![value.reference()],
    )
}

fn success_type(op: &Operation) -> ast::Ty {
    let inner = match &op.success {
        Some(ty) => ty::tokens(ty, Scope::Root),
        None => ast::Ty::Tuple(Vec::new()),
    };
    if op.success_optional && op.success.is_some() {
        ast::Ty::generic("::std::option::Option", vec![inner])
    } else {
        inner
    }
}

fn method(api: &Api, op: &Operation) -> Vec<ImplItem> {
    let name = ident(&op.name);
    let error = ident(&op.error_type);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let mut args: Vec<FnArg> = required
        .iter()
        .map(|p| FnArg::Typed(ident(&p.name), ty::argument(&p.ty, Scope::Root)))
        .collect();
    let mut arg_names: Vec<Expr> = required.iter().map(|p| Expr::var(ident(&p.name))).collect();
    if let Some(body) = &op.body {
        args.push(FnArg::Typed(
            "body".to_owned(),
            ty::argument(&body.ty, Scope::Root),
        ));
        arg_names.push(Expr::var("body"));
    }
    let doc = docs::item(&op.docs, &method_doc_lines(op, &required));
    // `impl Call<T, E>`: the runtime's future with this operation's decoding in it, so that
    // decoding is compiled only where a call is awaited.
    let result = ast::Ty::ImplTrait(Path::parse("::d360_runtime::Call").with_args(vec![
        GenericArg::Type(success_type(op)),
        GenericArg::Type(ast::Ty::Path(Path::ident(error))),
    ]));
    let send = send_body(api, op);
    // `self` counts as an argument for clippy.
    let many = ty::allow_many_arguments(args.len() + 1);
    // `#[inline]`: a method is compiled in the crate that calls it, not in the client's, so
    // a program pays in build time only for the operations it uses (an `async fn` had
    // that property through its state machine, compiled where it was polled).
    let mut attrs = doc;
    attrs.push(Attr::word("inline"));
    attrs.extend(many);
    let mut inputs = vec![FnArg::RefSelf];
    if !has_options(op) {
        inputs.extend(args);
        return vec![ImplItem::method(attrs, name, inputs, result, send)];
    }
    let with_name = ident(&op.with_name);
    let options_ty = ident(&op.options_type);
    let with_doc = format!(
        " Like [`{0}`](Self::{0}), with the optional parameters in `options`.",
        crate::naming::unraw(&op.name)
    );
    let mut forwarded = arg_names;
    forwarded.push(
        Expr::call(
            Expr::Path(Path::ident(options_ty.clone()).join("default")),
            Vec::new(),
        )
        .reference(),
    );
    let forward = Expr::var("self").method(&with_name, forwarded);
    let mut with_inputs = vec![FnArg::RefSelf];
    with_inputs.extend(args.iter().map(|a| match a {
        FnArg::Typed(name, ty) => FnArg::Typed(name.clone(), ty.clone()),
        FnArg::RefSelf => FnArg::RefSelf,
        FnArg::MutSelf => FnArg::MutSelf,
    }));
    with_inputs.push(FnArg::Typed(
        "options".to_owned(),
        ast::Ty::reference(ast::Ty::Path(Path::ident(options_ty))),
    ));
    inputs.extend(args);
    let mut with_attrs = vec![Attr::doc(with_doc), Attr::word("inline")];
    if let Some(note) = &op.docs.deprecated {
        with_attrs.push(Attr::deprecated(note));
    }
    with_attrs.extend(ty::allow_many_arguments(with_inputs.len()));
    vec![
        ImplItem::method(
            attrs,
            name,
            inputs,
            result.clone(),
            vec![Stmt::Expr(forward, false)],
        ),
        ImplItem::method(with_attrs, with_name, with_inputs, result, send),
    ]
}

fn method_doc_lines(op: &Operation, required: &[&Param]) -> Vec<String> {
    let mut lines = vec![String::new(), format!("Sends `{} {}`.", op.method, op.path)];
    let described: Vec<&&Param> = required
        .iter()
        .filter(|p| p.docs.description.is_some())
        .collect();
    if !described.is_empty() || op.body.is_some() {
        lines.push(String::new());
        lines.push("# Arguments".to_owned());
        lines.push(String::new());
        for p in described {
            let text = docs::clean(p.docs.description.as_deref().unwrap_or_default()).join(" ");
            lines.push(format!("- `{}`: {text}", crate::naming::unraw(&p.name)));
        }
        if let Some(body) = &op.body {
            lines.push(format!(
                "- `body`: the request body, sent as `{}`.",
                body.media_type
            ));
        }
    }
    let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.is_success()).collect();
    lines.push(String::new());
    lines.push("# Errors".to_owned());
    lines.push(String::new());
    for r in errors {
        let status = status_text(r.status);
        let description = docs::clean(&r.description).join(" ");
        lines.push(format!(
            "- {status}: [`{}::{}`] ({description})",
            op.error_type, r.variant
        ));
    }
    lines.push(
        "- any other status, a transport failure or a body that does not decode: the other variants of [`d360_runtime::Error`].".to_owned(),
    );
    lines
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => format!("`{c}`"),
        StatusMatch::Range(r) => format!("`{r}XX`"),
        StatusMatch::Default => "any other status (`default`)".to_owned(),
    }
}

/// Builds the request, sends it and decodes the response by status.
fn send_body(api: &Api, op: &Operation) -> Vec<Stmt> {
    let error = ident(&op.error_type);
    let mut stmts = vec![Stmt::Local(Pat::ident("path"), path_expr(op))];
    let mut params: Vec<Stmt> = op
        .params
        .iter()
        .filter_map(|p| param_stmt(api, p))
        .collect();
    params.extend(cookie_stmts(op));
    let new_request = call(
        "::d360_runtime::Request::new",
        vec![
            Expr::Path(Path::parse("::d360_runtime::Method").join(op.method.clone())),
            Expr::var("path"),
        ],
    )
    // The name and path template are for the runtime's tracing spans (never the filled-in
    // path, which holds ids).
    .method(
        "operation",
        vec![
            Expr::str(crate::naming::unraw(&op.name)),
            Expr::str(op.path.clone()),
        ],
    );
    let request = if params.is_empty() {
        Pat::ident("request")
    } else {
        Pat::mutable("request")
    };
    stmts.push(Stmt::Local(request, new_request));
    stmts.extend(params);
    if !op.authenticated {
        stmts.push(Stmt::Local(
            Pat::ident("request"),
            Expr::var("request").method("without_auth", Vec::new()),
        ));
    }
    if let Some(b) = &op.body {
        let media = &b.media_type;
        // Numbers and booleans are taken by value (see `ty::argument`), the rest by reference.
        let body = || match b.ty {
            Ty::Bool | Ty::Int(_) | Ty::F64 => Expr::var("body").reference(),
            _ => Expr::var("body"),
        };
        // Bodies that do not encode are kept in the request and fail the call when it is
        // polled (`Request::json_body`): building a request never returns early.
        match b.kind {
            MediaKind::Json | MediaKind::Empty => {
                stmts.push(let_request(
                    Expr::var("request").method("json_body", vec![body()]),
                ));
            }
            MediaKind::Form => {
                let deep = b.deep_object.iter().map(|d| Expr::str(d.clone())).collect();
                stmts.push(let_request(
                    Expr::var("request")
                        .method("form_body", vec![body(), Expr::Array(deep).reference()]),
                ));
            }
            MediaKind::Multipart => stmts.extend(multipart_form(api, &b.ty, body())),
            MediaKind::Text => {
                stmts.push(let_request(Expr::var("request").method(
                    "text",
                    vec![
                        call("::std::string::ToString::to_string", vec![body()]),
                        Expr::str(media.clone()),
                    ],
                )));
            }
            MediaKind::Binary => {
                stmts.push(let_request(Expr::var("request").method(
                    "body_bytes",
                    vec![
                        Expr::var("body").method("to_vec", Vec::new()),
                        Expr::str(media.clone()),
                    ],
                )));
            }
        }
    }
    // The response is read by a closure that captures nothing: the call's future is the
    // runtime's, not a state machine per operation, and the closure is compiled only where
    // the call is polled.
    let decode = Expr::Closure(
        vec![Pat::ident("response")],
        Box::new(Expr::Match {
            attrs: Vec::new(),
            expr: Box::new(Expr::var("response").method("status", Vec::new())),
            arms: response_arms(op, &error),
        }),
    );
    stmts.push(Stmt::Expr(
        Expr::var("self")
            .field("inner")
            .method("call", vec![Expr::var("request"), decode]),
        false,
    ));
    stmts
}

/// `let request = value;`.
fn let_request(value: Expr) -> Stmt {
    Stmt::Local(Pat::ident("request"), value)
}

/// Binds each path parameter to its encoded segment, then `format!`s the path template.
fn path_expr(op: &Operation) -> Expr {
    let slots = crate::lower::template_slots(&op.path);
    if slots.is_empty() {
        return call(
            "::std::string::String::from",
            vec![Expr::str(op.path.clone())],
        );
    }
    let mut stmts = Vec::new();
    let mut template = String::new();
    let mut rest = op.path.as_str();
    let mut index = 0;
    while let Some(start) = rest.find('{') {
        template.push_str(&rest[..start].replace('}', "}}"));
        let Some(end) = rest[start..].find('}') else {
            template.push_str(&rest[start..].replace('{', "{{"));
            rest = "";
            break;
        };
        let slot = &rest[start + 1..start + end];
        let param = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire == slot);
        let segment = match param {
            Some(p) if !p.name.starts_with("r#") => p.name.clone(),
            _ => format!("segment_{index}"),
        };
        let value = match param {
            Some(p) => call(
                "::d360_runtime::encode_path",
                vec![param_string(Expr::var(ident(&p.name))).reference()],
            ),
            None => call("::std::string::String::new", Vec::new()),
        };
        stmts.push(Stmt::Local(Pat::ident(ident(&segment)), value));
        template.push('{');
        template.push_str(&segment);
        template.push('}');
        rest = &rest[start + end + 1..];
        index += 1;
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    stmts.push(Stmt::Expr(
        Expr::Macro(Macro {
            path: Path::parse("::std::format"),
            tokens: vec![Tok::Lit(ast::string_literal(&template))],
        }),
        false,
    ));
    Expr::Block(stmts)
}

/// The `multipart/form-data` body as a `form` binding: one part per field of a body struct
/// that holds bytes (file parts), else one part per property of the serialized body.
fn multipart_form(api: &Api, ty: &Ty, body: Expr) -> Vec<Stmt> {
    let fields = match ty {
        Ty::Named(name) => find_type(api, name).and_then(|t| match &t.kind {
            TypeKind::Struct(s) if s.fields.iter().any(|f| holds_bytes(&f.ty)) => Some(s),
            _ => None,
        }),
        _ => None,
    };
    let Some(s) = fields else {
        return vec![let_request(
            Expr::var("request").method("multipart_body", vec![body]),
        )];
    };
    let mut stmts = vec![Stmt::Local(
        Pat::mutable("form"),
        call("::d360_runtime::model::Multipart::new", Vec::new()),
    )];
    let form_call = |method: &str, wire: &str, value: Expr| {
        Stmt::Expr(
            Expr::var("form").method(method, vec![Expr::str(wire.to_owned()), value]),
            true,
        )
    };
    for f in &s.fields {
        let fname = ident(&f.name);
        let wire = f.wire.as_str();
        let field = || Expr::var("body").field(&fname);
        let present = match f.presence {
            Presence::Required => None,
            Presence::Optional | Presence::RequiredNullable => {
                Some(field().method("as_ref", Vec::new()))
            }
            Presence::OptionalNullable => Some(field().method("value", Vec::new())),
        };
        let bytes = holds_bytes(&f.ty);
        let stmt = match (&f.ty, present) {
            (Ty::Bytes, None) => form_call("bytes", wire, field().reference()),
            (Ty::Bytes, Some(present)) => Stmt::Expr(
                Expr::If(
                    Box::new(Expr::Let(
                        Box::new(Pat::TupleStruct(
                            Path::parse("::std::option::Option::Some"),
                            vec![Pat::ident("value")],
                        )),
                        Box::new(present),
                    )),
                    vec![form_call("bytes", wire, Expr::var("value"))],
                ),
                false,
            ),
            (_, None) if bytes => Stmt::Expr(
                Expr::ForLoop(
                    Box::new(Pat::ident("value")),
                    Box::new(field().reference()),
                    vec![form_call("bytes", wire, Expr::var("value"))],
                ),
                false,
            ),
            (_, Some(present)) if bytes => Stmt::Expr(
                Expr::ForLoop(
                    Box::new(Pat::ident("value")),
                    Box::new(
                        present
                            .method("into_iter", Vec::new())
                            .method("flatten", Vec::new()),
                    ),
                    vec![form_call("bytes", wire, Expr::var("value"))],
                ),
                false,
            ),
            _ => {
                let method = match f.presence {
                    Presence::Optional => "optional",
                    Presence::OptionalNullable => "nullable",
                    Presence::Required | Presence::RequiredNullable => "value",
                };
                form_call(method, wire, field().reference())
            }
        };
        stmts.push(stmt);
    }
    stmts.push(Stmt::Expr(
        Expr::var("form").method(
            "rest",
            vec![Expr::var("body").field(&ident(&s.extra_field)).reference()],
        ),
        true,
    ));
    stmts.push(Stmt::Local(
        Pat::Tuple(vec![Pat::ident("bytes"), Pat::ident("content_type")]),
        Expr::var("form").method("encode", Vec::new()),
    ));
    stmts.push(let_request(Expr::var("request").method(
        "body_bytes",
        vec![Expr::var("bytes"), Expr::var("content_type").reference()],
    )));
    stmts
}

fn holds_bytes(ty: &Ty) -> bool {
    match ty {
        Ty::Bytes => true,
        Ty::Array(inner) => **inner == Ty::Bytes,
        _ => false,
    }
}

/// `if let ::std::option::Option::Some(value) = &options.name { stmts }`.
fn if_option_set(name: &str, stmts: Vec<Stmt>) -> Stmt {
    Stmt::Expr(
        Expr::If(
            Box::new(Expr::Let(
                Box::new(Pat::TupleStruct(
                    Path::parse("::std::option::Option::Some"),
                    vec![Pat::ident("value")],
                )),
                Box::new(Expr::var("options").field(name).reference()),
            )),
            stmts,
        ),
        false,
    )
}

/// `request = request.method(args);`.
fn set_request(method: &str, args: Vec<Expr>) -> Stmt {
    Stmt::Expr(
        Expr::Assign(
            Box::new(Expr::var("request")),
            Box::new(Expr::var("request").method(method, args)),
        ),
        true,
    )
}

/// Query and header parameters, each added to `request` (cookies: see [`cookie_stmts`]).
fn param_stmt(api: &Api, p: &Param) -> Option<Stmt> {
    let pname = ident(&p.name);
    let wire = || Expr::str(p.wire.clone());
    let value = || {
        if p.required {
            Expr::var(pname.clone())
        } else {
            Expr::var("value")
        }
    };
    let add = match p.location {
        ParamLocation::Path | ParamLocation::Cookie => return None,
        ParamLocation::Query if is_scalar(api, &p.ty, 4) => {
            set_request("query", vec![wire(), param_string(value())])
        }
        ParamLocation::Query => {
            let style = match p.style {
                ParamStyle::Form { explode: false } => "Form",
                ParamStyle::SpaceDelimited => "SpaceDelimited",
                ParamStyle::PipeDelimited => "PipeDelimited",
                ParamStyle::DeepObject => "DeepObject",
                ParamStyle::Form { explode: true } | ParamStyle::Simple => "FormExploded",
            };
            set_request(
                "query_param",
                vec![
                    wire(),
                    value().reference(),
                    Expr::Path(Path::parse("::d360_runtime::model::QueryStyle").join(style)),
                ],
            )
        }
        ParamLocation::Header => set_request("header", vec![wire(), param_string(value())]),
    };
    Some(if p.required {
        add
    } else {
        if_option_set(&pname, vec![add])
    })
}

/// Cookie parameters, all in one `Cookie` header (a request may carry only one).
fn cookie_stmts(op: &Operation) -> Vec<Stmt> {
    let cookies: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .collect();
    if cookies.is_empty() {
        return Vec::new();
    }
    let string = ast::Ty::path("::std::string::String");
    let mut stmts = vec![Stmt::Local(
        Pat::Type(
            Box::new(Pat::mutable("cookies")),
            ast::Ty::generic("::std::vec::Vec", vec![string]),
        ),
        call("::std::vec::Vec::new", Vec::new()),
    )];
    for p in cookies {
        let pname = ident(&p.name);
        let push = |value: &str| {
            let mut tokens = vec![
                Tok::Lit(ast::string_literal("{}={}")),
                Tok::Punct(',', false),
                Tok::Lit(ast::string_literal(&p.wire)),
                Tok::Punct(',', false),
            ];
            tokens.extend(ast::path_tokens("::d360_runtime::model::param_string"));
            tokens.push(Tok::Paren(vec![
                Tok::Punct('&', false),
                Tok::Ident(value.to_owned()),
            ]));
            let format = Expr::Macro(Macro {
                path: Path::parse("::std::format"),
                tokens,
            });
            Stmt::Expr(Expr::var("cookies").method("push", vec![format]), true)
        };
        stmts.push(if p.required {
            push(&pname)
        } else {
            if_option_set(&pname, vec![push("value")])
        });
    }
    stmts.push(Stmt::Expr(
        Expr::If(
            Box::new(Expr::Unary(
                '!',
                Box::new(Expr::var("cookies").method("is_empty", Vec::new())),
            )),
            vec![set_request(
                "header",
                vec![
                    Expr::str("cookie"),
                    Expr::var("cookies").method("join", vec![Expr::str("; ")]),
                ],
            )],
        ),
        false,
    ));
    stmts
}

/// Types whose query value is one text (`param_string`): strings, numbers, booleans and
/// enums, also behind up to `depth` aliases.
fn is_scalar(api: &Api, ty: &Ty, depth: usize) -> bool {
    match ty {
        Ty::String | Ty::Bool | Ty::Int(_) | Ty::F64 | Ty::Formatted(_) => true,
        Ty::Named(name) => match find_type(api, name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(target)) if depth > 0 => is_scalar(api, target, depth - 1),
            _ => false,
        },
        _ => false,
    }
}

/// A named type (`api.types` is sorted by name).
fn find_type<'a>(api: &'a Api, name: &str) -> Option<&'a crate::ir::TypeDef> {
    api.types
        .binary_search_by(|t| t.name.as_str().cmp(name))
        .ok()
        .and_then(|i| api.types.get(i))
}

fn response_arms(op: &Operation, error: &str) -> Vec<Arm> {
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| r.status);
    let range = |class: u16| {
        Pat::RangeInclusive(
            Lit::Int(u64::from(class) * 100),
            Lit::Int(u64::from(class) * 100 + 99),
        )
    };
    let mut arms: Vec<Arm> = ordered
        .iter()
        .map(|r| {
            let pat = match r.status {
                StatusMatch::Code(c) => Pat::Lit(Lit::Int(u64::from(c))),
                StatusMatch::Range(class) => range(class),
                StatusMatch::Default => Pat::Wild,
            };
            let body = if r.is_success() {
                success_value(op, r)
            } else {
                let method = match (&r.ty, r.kind) {
                    (Some(_), MediaKind::Json) => "error",
                    _ => "error_empty",
                };
                err(Expr::var("response")
                    .method(method, vec![variant_path(error, &ident(&r.variant))]))
            };
            Arm { pat, body }
        })
        .collect();
    let has_success = op.responses.iter().any(Response::is_success);
    let has_default = op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default);
    if !has_success {
        let any_success = if op.success.is_none() {
            Expr::var("response").method("empty", Vec::new())
        } else {
            Expr::var("response").method("json", Vec::new())
        };
        // Insert before a `default` arm so that 2xx stays a success.
        let arm = Arm {
            pat: range(2),
            body: any_success,
        };
        let at = if has_default {
            arms.len() - 1
        } else {
            arms.len()
        };
        arms.insert(at, arm);
    }
    if !has_default {
        arms.push(Arm {
            pat: Pat::Wild,
            body: err(Expr::var("response").method("unexpected", Vec::new())),
        });
    }
    arms
}

fn success_value(op: &Operation, r: &Response) -> Expr {
    match (&r.ty, &op.success) {
        (Some(_), Some(_)) => {
            let decode = match op.success_kind {
                MediaKind::Text => "text",
                MediaKind::Binary => "bytes",
                _ => "json",
            };
            let decode = Expr::var("response").method(decode, Vec::new());
            if op.success_optional {
                decode.method("map", vec![Expr::path("::std::option::Option::Some")])
            } else {
                decode
            }
        }
        (None, Some(_)) => call(
            "::std::result::Result::Ok",
            vec![Expr::path("::std::option::Option::None")],
        ),
        (_, None) => Expr::var("response").method("empty", Vec::new()),
    }
}

fn error_enum(op: &Operation, deprecated: &HashSet<&str>) -> Item {
    let allow = ty::allow_deprecated(
        op.responses
            .iter()
            .filter_map(|r| r.ty.as_ref())
            .any(|t| ty::mentions(t, deprecated)),
    );
    let doc = format!(
        " Error responses documented for [`Client::{}`]: the HTTP status chooses the variant.",
        crate::naming::unraw(&op.name)
    );
    let variants = op
        .responses
        .iter()
        .filter(|r| !r.is_success())
        .map(|r| {
            let text = format!(
                " {}: {}",
                status_text(r.status),
                docs::clean(&r.description).join(" ")
            );
            let fields = match (&r.ty, r.kind) {
                (Some(t), MediaKind::Json) => Some(vec![ty::tokens(t, Scope::Root)]),
                _ => None,
            };
            ast::Variant {
                attrs: vec![Attr::doc(text)],
                name: ident(&r.variant),
                fields,
            }
        })
        .collect();
    let mut attrs = vec![
        Attr::doc(doc),
        Attr::list("derive", &["Clone", "Debug", "PartialEq"]),
        Attr::word("non_exhaustive"),
    ];
    attrs.extend(allow);
    Item::Enum {
        attrs,
        name: ident(&op.error_type),
        variants,
    }
}

fn options_struct(op: &Operation, deprecated: &HashSet<&str>) -> Vec<Item> {
    let name = ident(&op.options_type);
    let doc = format!(
        " Optional parameters of [`Client::{}`].",
        crate::naming::unraw(&op.with_name)
    );
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    let allow = ty::allow_deprecated(optional.iter().any(|p| ty::mentions(&p.ty, deprecated)));
    let fields = optional
        .iter()
        .map(|p| {
            let mut d = p.docs.clone();
            if d.description.is_none() {
                d.description = Some(format!("The `{}` parameter.", p.wire));
            }
            ast::Field {
                attrs: docs::item(&d, &[]),
                public: true,
                name: Some(ident(&p.name)),
                ty: ast::Ty::generic(
                    "::std::option::Option",
                    vec![ty::tokens(&p.ty, Scope::Root)],
                ),
            }
        })
        .collect();
    let mut setter_names = crate::naming::Scope::default();
    let setters = optional.iter().map(|p| {
        let pname = ident(&p.name);
        let method = ident(&setter_names.claim(format!(
            "with_{}",
            crate::naming::unraw(&p.name).trim_start_matches('_')
        )));
        let pty = ty::tokens(&p.ty, Scope::Root);
        let sdoc = format!(" Sets [`{0}`](Self::{0}).", crate::naming::unraw(&p.name));
        let mut attrs = vec![Attr::doc(sdoc)];
        if let Some(note) = &p.docs.deprecated {
            attrs.push(Attr::deprecated(note));
        }
        attrs.push(Attr::word("must_use"));
        let into = Path::parse("::std::convert::Into").with_args(vec![GenericArg::Type(pty)]);
        let assign = Expr::Assign(
            Box::new(Expr::var("self").field(&pname)),
            Box::new(call(
                "::std::option::Option::Some",
                vec![Expr::var("value").method("into", Vec::new())],
            )),
        );
        ImplItem::method(
            attrs,
            method,
            vec![
                FnArg::MutSelf,
                FnArg::Typed("value".to_owned(), ast::Ty::ImplTrait(into)),
            ],
            ast::Ty::path("Self"),
            vec![
                Stmt::Expr(assign, true),
                Stmt::Expr(Expr::var("self"), false),
            ],
        )
    });
    let new = ImplItem::method(
        vec![Attr::doc(" No optional parameter set.")],
        "new",
        Vec::new(),
        ast::Ty::path("Self"),
        vec![Stmt::Expr(call("Self::default", Vec::new()), false)],
    );
    let mut attrs = vec![
        Attr::doc(doc),
        Attr::list("derive", &["Clone", "Debug", "Default", "PartialEq"]),
        Attr::word("non_exhaustive"),
    ];
    attrs.extend(allow);
    vec![
        Item::Struct {
            attrs,
            name: name.clone(),
            fields,
        },
        Item::Impl {
            attrs: vec![Attr::list("allow", &["deprecated"])],
            generics: Vec::new(),
            trait_: None,
            self_ty: ast::Ty::Path(Path::ident(name)),
            items: std::iter::once(new).chain(setters).collect(),
        },
    ]
}
