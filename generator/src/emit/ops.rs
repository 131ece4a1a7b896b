//! The client: one async method per operation, its error enum and its options struct.

use super::docs;
use super::ty::{self, ident, Scope};
use crate::ir::{
    Api, MediaKind, Operation, Param, ParamLocation, ParamStyle, Presence, Response, StatusMatch,
    Ty, TypeKind,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::HashSet;

/// `Client`, its operations, and their error and options types.
pub(super) fn client(api: &Api) -> TokenStream {
    let head = client_head(api);
    let methods = methods(api);
    let items = op_items(api);
    quote! {
        #head

        #[allow(deprecated)]
        impl Client {
            #(#methods)*
        }

        #(#items)*
    }
}

/// The `Client` type and its inherent items that do not depend on the operations. The
/// operations follow in `#[allow(deprecated)] impl Client { .. }` ([`methods`]), then their
/// error and options types ([`op_items`]).
pub(super) fn client_head(api: &Api) -> TokenStream {
    let base_url = api.default_base_url.clone().unwrap_or_default();
    let title = if api.version.is_empty() {
        format!(" Client for {}.", api.title)
    } else {
        format!(" Client for {} {}.", api.title, api.version)
    };
    quote! {
        pub use ::d360_runtime::{ClientBuilder, Error, Nullable};

        #[doc = #title]
        ///
        /// Build one with [`Client::builder`]; it is cheap to clone and shares its connections.
        /// Extra headers or a timeout for particular calls: [`Client::with_request_options`].
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: ::d360_runtime::Client,
        }

        impl Client {
            /// The base URL requests go to unless the builder sets another: the first server of
            /// the API description.
            pub const DEFAULT_BASE_URL: &'static str = #base_url;

            /// A builder for a client of this API.
            pub fn builder() -> ::d360_runtime::ClientBuilder<Self> {
                ::d360_runtime::ClientBuilder::new(Self::DEFAULT_BASE_URL)
            }

            /// The runtime client underneath (transport, auth, retries).
            pub fn runtime(&self) -> &::d360_runtime::Client {
                &self.inner
            }

            /// This client, sending every call with `options`: extra headers, and a timeout
            /// per attempt instead of the client's. It is cheap (it shares the connections,
            /// credentials, token and retry policy), so make one for the call that needs it:
            /// `client.with_request_options(options).operation(..)`, with
            /// `options = RequestOptions::new().header("X-Request-Id", id).timeout(Duration::from_secs(2))`.
            ///
            /// Headers replace those of the same name the operation sets, never the
            /// credentials; see [`d360_runtime::RequestOptions`].
            pub fn with_request_options(&self, options: ::d360_runtime::RequestOptions) -> Self {
                Self { inner: self.inner.with_request_options(options) }
            }
        }

        impl ::std::convert::From<::d360_runtime::Client> for Client {
            fn from(inner: ::d360_runtime::Client) -> Self {
                Self { inner }
            }
        }
    }
}

/// One or two methods per operation (`op` and `op_with`).
pub(super) fn methods(api: &Api) -> Vec<TokenStream> {
    api.operations.iter().map(|op| method(api, op)).collect()
}

/// Every operation's error enum, then every options struct.
pub(super) fn op_items(api: &Api) -> Vec<TokenStream> {
    let deprecated = ty::deprecated_types(api);
    let errors = api.operations.iter().map(|op| error_enum(op, &deprecated));
    let options = api
        .operations
        .iter()
        .filter(|op| has_options(op))
        .map(|op| options_struct(op, &deprecated));
    errors.chain(options).collect()
}

fn has_options(op: &Operation) -> bool {
    op.params.iter().any(|p| !p.required)
}

fn success_type(op: &Operation) -> TokenStream {
    let inner = match &op.success {
        Some(ty) => ty::tokens(ty, Scope::Root),
        None => quote! { () },
    };
    if op.success_optional && op.success.is_some() {
        quote! { ::std::option::Option<#inner> }
    } else {
        inner
    }
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let error = ident(&op.error_type);
    let success = success_type(op);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let pname = ident(&p.name);
            let pty = ty::argument(&p.ty, Scope::Root);
            quote! { #pname: #pty }
        })
        .collect();
    let mut arg_names: Vec<Ident> = required.iter().map(|p| ident(&p.name)).collect();
    if let Some(body) = &op.body {
        let bty = ty::argument(&body.ty, Scope::Root);
        args.push(quote! { body: #bty });
        arg_names.push(format_ident!("body"));
    }
    let doc = docs::item(&op.docs, &method_doc_lines(op, &required));
    let result = quote! { ::std::result::Result<#success, ::d360_runtime::Error<#error>> };
    let send = send_body(api, op);
    // `self` counts as an argument for clippy.
    let many = ty::allow_many_arguments(args.len() + 1);
    if !has_options(op) {
        return quote! {
            #doc
            #many
            pub async fn #name(&self, #(#args),*) -> #result {
                #send
            }
        };
    }
    let with_name = ident(&op.with_name);
    let options_ty = ident(&op.options_type);
    let with_doc = format!(
        " Like [`{0}`](Self::{0}), with the optional parameters in `options`.",
        crate::naming::unraw(&op.name)
    );
    let deprecated = op
        .docs
        .deprecated
        .as_ref()
        .map(|note| quote! { #[deprecated(note = #note)] });
    let many_with = ty::allow_many_arguments(args.len() + 2);
    quote! {
        #doc
        #many
        pub async fn #name(&self, #(#args),*) -> #result {
            self.#with_name(#(#arg_names,)* &#options_ty::default()).await
        }

        #[doc = #with_doc]
        #deprecated
        #many_with
        pub async fn #with_name(&self, #(#args,)* options: &#options_ty) -> #result {
            #send
        }
    }
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
fn send_body(api: &Api, op: &Operation) -> TokenStream {
    let error = ident(&op.error_type);
    let method = format_ident!("{}", op.method);
    let path = path_expr(op);
    let mut params: Vec<TokenStream> = op
        .params
        .iter()
        .filter_map(|p| param_stmt(api, p))
        .collect();
    params.extend(cookie_stmt(op));
    // The name and path template are for the runtime's tracing spans (never the filled-in
    // path, which holds ids).
    let op_name = crate::naming::unraw(&op.name);
    let template = &op.path;
    let new_request = quote! {
        ::d360_runtime::Request::new(::d360_runtime::Method::#method, path)
            .operation(#op_name, #template)
    };
    let request_decl = if params.is_empty() {
        quote! { let request = #new_request; }
    } else {
        quote! { let mut request = #new_request; }
    };
    let auth = (!op.authenticated).then(|| quote! { let request = request.without_auth(); });
    let body = op.body.as_ref().map(|b| {
        let media = &b.media_type;
        // Numbers and booleans are taken by value (see `ty::argument`), the rest by reference.
        let body = match b.ty {
            Ty::Bool | Ty::Int(_) | Ty::F64 => quote! { &body },
            _ => quote! { body },
        };
        match b.kind {
            MediaKind::Json | MediaKind::Empty => {
                quote! { let request = request.json::<_, #error>(#body)?; }
            }
            MediaKind::Form => {
                let deep = &b.deep_object;
                quote! {
                    let fields = ::d360_runtime::model::form_pairs(#body, &[#(#deep),*])
                        .map_err(::d360_runtime::Error::<#error>::Request)?;
                    let request = request.form::<_, #error>(&fields)?;
                }
            }
            MediaKind::Multipart => {
                let form = multipart_form(api, &b.ty, &body, &error);
                quote! {
                    #form
                    let (bytes, content_type) = form.encode();
                    let request = request.body_bytes(bytes, &content_type);
                }
            }
            MediaKind::Text => {
                quote! { let request = request.text(::std::string::ToString::to_string(#body), #media); }
            }
            MediaKind::Binary => {
                quote! { let request = request.body_bytes(body.to_vec(), #media); }
            }
        }
    });
    let arms = response_arms(op, &error);
    quote! {
        let path = #path;
        #request_decl
        #(#params)*
        #auth
        #body
        let response = self.inner.execute::<#error>(request).await?;
        match response.status() {
            #(#arms)*
        }
    }
}

/// Binds each path parameter to its encoded segment, then `format!`s the path template.
fn path_expr(op: &Operation) -> TokenStream {
    let slots = crate::lower::template_slots(&op.path);
    if slots.is_empty() {
        let path = &op.path;
        return quote! { ::std::string::String::from(#path) };
    }
    let mut bindings = Vec::new();
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
        let binding = ident(&segment);
        let value = match param {
            Some(p) => {
                let pname = ident(&p.name);
                quote! { ::d360_runtime::encode_path(&::d360_runtime::model::param_string(&#pname)) }
            }
            None => quote! { ::std::string::String::new() },
        };
        bindings.push(quote! { let #binding = #value; });
        template.push('{');
        template.push_str(&segment);
        template.push('}');
        rest = &rest[start + end + 1..];
        index += 1;
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    quote! {
        {
            #(#bindings)*
            ::std::format!(#template)
        }
    }
}

/// The `multipart/form-data` body as a `form` binding: one part per field of a body struct
/// that holds bytes (file parts), else one part per property of the serialized body.
fn multipart_form(api: &Api, ty: &Ty, body: &TokenStream, error: &Ident) -> TokenStream {
    let fields = match ty {
        Ty::Named(name) => find_type(api, name).and_then(|t| match &t.kind {
            TypeKind::Struct(s) if s.fields.iter().any(|f| holds_bytes(&f.ty)) => Some(s),
            _ => None,
        }),
        _ => None,
    };
    let Some(s) = fields else {
        return quote! {
            let form = ::d360_runtime::model::Multipart::from_fields(#body)
                .map_err(::d360_runtime::Error::<#error>::Request)?;
        };
    };
    let parts = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        let present = match f.presence {
            Presence::Required => None,
            Presence::Optional | Presence::RequiredNullable => {
                Some(quote! { body.#fname.as_ref() })
            }
            Presence::OptionalNullable => Some(quote! { body.#fname.value() }),
        };
        let bytes = holds_bytes(&f.ty);
        match (&f.ty, present) {
            (Ty::Bytes, None) => quote! { form.bytes(#wire, &body.#fname); },
            (Ty::Bytes, Some(present)) => quote! {
                if let ::std::option::Option::Some(value) = #present {
                    form.bytes(#wire, value);
                }
            },
            (_, None) if bytes => quote! {
                for value in &body.#fname {
                    form.bytes(#wire, value);
                }
            },
            (_, Some(present)) if bytes => quote! {
                for value in #present.into_iter().flatten() {
                    form.bytes(#wire, value);
                }
            },
            _ => match f.presence {
                Presence::Optional => quote! { form.optional(#wire, &body.#fname); },
                Presence::OptionalNullable => quote! { form.nullable(#wire, &body.#fname); },
                Presence::Required | Presence::RequiredNullable => {
                    quote! { form.value(#wire, &body.#fname); }
                }
            },
        }
    });
    let extra = ident(&s.extra_field);
    quote! {
        let mut form = ::d360_runtime::model::Multipart::new();
        #(#parts)*
        form.rest(&body.#extra);
    }
}

fn holds_bytes(ty: &Ty) -> bool {
    match ty {
        Ty::Bytes => true,
        Ty::Array(inner) => **inner == Ty::Bytes,
        _ => false,
    }
}

/// Query and header parameters, each added to `request` (cookies: see [`cookie_stmt`]).
fn param_stmt(api: &Api, p: &Param) -> Option<TokenStream> {
    let pname = ident(&p.name);
    let wire = &p.wire;
    let value = if p.required {
        quote! { #pname }
    } else {
        quote! { value }
    };
    let add = match p.location {
        ParamLocation::Path | ParamLocation::Cookie => return None,
        ParamLocation::Query if is_scalar(api, &p.ty, 4) => {
            quote! { request = request.query(#wire, ::d360_runtime::model::param_string(&#value)); }
        }
        ParamLocation::Query => {
            let style = match p.style {
                ParamStyle::Form { explode: false } => quote! { Form },
                ParamStyle::SpaceDelimited => quote! { SpaceDelimited },
                ParamStyle::PipeDelimited => quote! { PipeDelimited },
                ParamStyle::DeepObject => quote! { DeepObject },
                ParamStyle::Form { explode: true } | ParamStyle::Simple => quote! { FormExploded },
            };
            quote! {
                request = request.query_param(#wire, &#value, ::d360_runtime::model::QueryStyle::#style);
            }
        }
        ParamLocation::Header => quote! {
            request = request.header(#wire, ::d360_runtime::model::param_string(&#value));
        },
    };
    Some(if p.required {
        add
    } else {
        quote! {
            if let ::std::option::Option::Some(value) = &options.#pname {
                #add
            }
        }
    })
}

/// Cookie parameters, all in one `Cookie` header (a request may carry only one).
fn cookie_stmt(op: &Operation) -> Option<TokenStream> {
    let cookies: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .collect();
    if cookies.is_empty() {
        return None;
    }
    let pushes = cookies.iter().map(|p| {
        let pname = ident(&p.name);
        let wire = &p.wire;
        let push = |value: TokenStream| {
            quote! {
                cookies.push(::std::format!("{}={}", #wire, ::d360_runtime::model::param_string(&#value)));
            }
        };
        if p.required {
            push(quote! { #pname })
        } else {
            let add = push(quote! { value });
            quote! {
                if let ::std::option::Option::Some(value) = &options.#pname {
                    #add
                }
            }
        }
    });
    Some(quote! {
        let mut cookies: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
        #(#pushes)*
        if !cookies.is_empty() {
            request = request.header("cookie", cookies.join("; "));
        }
    })
}

/// Types whose query value is one text (`param_string`): strings, numbers, booleans and
/// enums, also behind up to `depth` aliases.
fn is_scalar(api: &Api, ty: &Ty, depth: usize) -> bool {
    match ty {
        Ty::String | Ty::Bool | Ty::Int(_) | Ty::F64 => true,
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

fn response_arms(op: &Operation, error: &Ident) -> Vec<TokenStream> {
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| r.status);
    let mut arms: Vec<TokenStream> = ordered
        .iter()
        .map(|r| {
            let pattern = match r.status {
                StatusMatch::Code(c) => {
                    let c = proc_macro2::Literal::u16_unsuffixed(c);
                    quote! { #c }
                }
                StatusMatch::Range(class) => {
                    let lo = proc_macro2::Literal::u16_unsuffixed(class * 100);
                    let hi = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
                    quote! { #lo..=#hi }
                }
                StatusMatch::Default => quote! { _ },
            };
            let value = if r.is_success() {
                success_value(op, r)
            } else {
                let variant = ident(&r.variant);
                match (&r.ty, r.kind) {
                    (Some(_), MediaKind::Json) => {
                        quote! { ::std::result::Result::Err(response.error(#error::#variant)) }
                    }
                    _ => quote! { ::std::result::Result::Err(response.error_empty(#error::#variant)) },
                }
            };
            quote! { #pattern => #value, }
        })
        .collect();
    let has_success = op.responses.iter().any(Response::is_success);
    let has_default = op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default);
    if !has_success {
        let any_success = if op.success.is_none() {
            quote! { response.empty() }
        } else {
            quote! { response.json() }
        };
        // Insert before a `default` arm so that 2xx stays a success.
        let arm = quote! { 200..=299 => #any_success, };
        let at = if has_default {
            arms.len() - 1
        } else {
            arms.len()
        };
        arms.insert(at, arm);
    }
    if !has_default {
        arms.push(quote! { _ => ::std::result::Result::Err(response.unexpected()), });
    }
    arms
}

fn success_value(op: &Operation, r: &Response) -> TokenStream {
    match (&r.ty, &op.success) {
        (Some(_), Some(_)) => {
            let decode = match op.success_kind {
                MediaKind::Text => quote! { response.text() },
                MediaKind::Binary => quote! { response.bytes() },
                _ => quote! { response.json() },
            };
            if op.success_optional {
                quote! { #decode.map(::std::option::Option::Some) }
            } else {
                decode
            }
        }
        (None, Some(_)) => quote! { ::std::result::Result::Ok(::std::option::Option::None) },
        (_, None) => quote! { response.empty() },
    }
}

fn error_enum(op: &Operation, deprecated: &HashSet<&str>) -> TokenStream {
    let name = ident(&op.error_type);
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
    let variants = op.responses.iter().filter(|r| !r.is_success()).map(|r| {
        let vname = ident(&r.variant);
        let text = format!(
            " {}: {}",
            status_text(r.status),
            docs::clean(&r.description).join(" ")
        );
        match (&r.ty, r.kind) {
            (Some(t), MediaKind::Json) => {
                let t = ty::tokens(t, Scope::Root);
                quote! { #[doc = #text] #vname(#t), }
            }
            _ => quote! { #[doc = #text] #vname, },
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #allow
        pub enum #name {
            #(#variants)*
        }
    }
}

fn options_struct(op: &Operation, deprecated: &HashSet<&str>) -> TokenStream {
    let name = ident(&op.options_type);
    let doc = format!(
        " Optional parameters of [`Client::{}`].",
        crate::naming::unraw(&op.with_name)
    );
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    let allow = ty::allow_deprecated(optional.iter().any(|p| ty::mentions(&p.ty, deprecated)));
    let fields = optional.iter().map(|p| {
        let pname = ident(&p.name);
        let pty = ty::tokens(&p.ty, Scope::Root);
        let mut d = p.docs.clone();
        if d.description.is_none() {
            d.description = Some(format!("The `{}` parameter.", p.wire));
        }
        let doc = docs::item(&d, &[]);
        quote! { #doc pub #pname: ::std::option::Option<#pty>, }
    });
    let mut setter_names = crate::naming::Scope::default();
    let setters: Vec<TokenStream> = optional
        .iter()
        .map(|p| {
            let pname = ident(&p.name);
            let method = ident(&setter_names.claim(format!(
                "with_{}",
                crate::naming::unraw(&p.name).trim_start_matches('_')
            )));
            let pty = ty::tokens(&p.ty, Scope::Root);
            let sdoc = format!(" Sets [`{0}`](Self::{0}).", crate::naming::unraw(&p.name));
            let deprecated = p
                .docs
                .deprecated
                .as_ref()
                .map(|note| quote! { #[deprecated(note = #note)] });
            quote! {
                #[doc = #sdoc]
                #deprecated
                #[must_use]
                pub fn #method(mut self, value: impl ::std::convert::Into<#pty>) -> Self {
                    self.#pname = ::std::option::Option::Some(value.into());
                    self
                }
            }
        })
        .collect();
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        #allow
        pub struct #name {
            #(#fields)*
        }

        #[allow(deprecated)]
        impl #name {
            /// No optional parameter set.
            pub fn new() -> Self {
                Self::default()
            }
            #(#setters)*
        }
    }
}
