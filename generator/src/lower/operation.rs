//! Operations → IR: one method per operation, its parameters, body and responses.

use super::{Lowerer, SchemaRef};
use crate::diag::join;
use crate::ir::{
    Body, Docs, MediaKind, Operation, Param, ParamLocation, ParamStyle, Response, StatusMatch, Ty,
    TypeKind, Union, UnionVariant,
};
use crate::naming::{self, Scope};
use crate::parse::targets::{Target, Targets};
use indexmap::IndexMap;
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, RequestBody,
    StatusCode,
};

/// How many references in a row lowering follows (the loader reports cycles of plain
/// references; this only bounds the work).
const MAX_CHAIN: usize = 64;

/// Names at the crate root that generated items must not take.
const ROOT_RESERVED: &[&str] = &["Client", "ClientBuilder", "Error", "Nullable", "types"];

impl<'a> Lowerer<'a> {
    /// Lowers every operation under `paths`.
    pub(crate) fn lower_operations(&mut self) -> Vec<Operation> {
        let mut methods = Scope::with_reserved(&[
            "new",
            "builder",
            "runtime",
            "from_env",
            "clone",
            "with_request_options",
        ]);
        let mut root = Scope::with_reserved(ROOT_RESERVED);
        let mut out = Vec::new();
        let api = self.api;
        for (path, item) in api.paths.iter() {
            let site = join("/paths", path);
            // A path item may be a reference to another (`/v2/x: {$ref: '#/paths/~1x'}`): its
            // operations are those of the target, at this path; their nodes point into the
            // target, where they stand.
            let Some((item, at)) = self.follow(item, &site, Targets::path_item, "path item") else {
                continue;
            };
            let item_pointer = at.unwrap_or(&site).to_owned();
            let (route, query_slots) = split_query_string(path);
            if path.contains('?') {
                self.warn(
                    &site,
                    format!(
                        "the path key carries a query string: the request goes to `{route}`; \
                         each `name={{slot}}` pair is sent as the query parameter `name`, and \
                         other pairs stay in the URL as written, their slots filled in"
                    ),
                );
            }
            for (method, op) in item.iter() {
                let pointer = join(&item_pointer, method);
                let method_upper = method.to_ascii_uppercase();
                // A name clash of an operation reached through a reference is this path's.
                let name_site = if at.is_some() { &site } else { &pointer };
                let name = self.method_name(
                    op.operation_id.as_deref(),
                    &method_upper,
                    &route,
                    name_site,
                    &mut methods,
                );
                let camel = naming::camel_ident(&name, "Call");
                let mut op_ir = self.lower_operation(OperationSite {
                    item,
                    op,
                    path: &route,
                    query_slots: &query_slots,
                    method: method_upper,
                    pointer,
                    name,
                    camel: camel.clone(),
                    error_type: root.claim(format!("{camel}Error")),
                    options_type: root.claim(format!("{camel}Options")),
                });
                if op_ir.params.iter().any(|p| !p.required) {
                    // `list_with` is a method too: an operation called `list_with` must not
                    // take it.
                    op_ir.with_name = methods.claim(format!("{}_with", naming::unraw(&op_ir.name)));
                }
                out.push(op_ir);
            }
        }
        out
    }

    fn method_name(
        &mut self,
        operation_id: Option<&str>,
        method: &str,
        path: &str,
        pointer: &str,
        scope: &mut Scope,
    ) -> String {
        let by_route = format!("{method} {path}");
        let configured = operation_id
            .and_then(|id| self.config.operation_names.get(id))
            .or_else(|| self.config.operation_names.get(&by_route));
        let wanted = match (configured, operation_id) {
            (Some(name), _) => naming::snake_ident(name, "call"),
            (None, Some(id)) => naming::snake_ident(id, "call"),
            (None, None) => naming::method_name_from_path(method, path),
        };
        let name = scope.claim(wanted.clone());
        if name != wanted {
            self.warn(
                pointer,
                format!(
                    "method name `{wanted}` is taken by another operation; this one is `{name}`"
                ),
            );
        }
        name
    }

    fn lower_operation(&mut self, site: OperationSite<'a, '_>) -> Operation {
        let OperationSite {
            item,
            op,
            path,
            query_slots,
            pointer,
            camel,
            ..
        } = &site;
        let (item, op, path, pointer, camel) = (*item, *op, *path, pointer.clone(), camel.clone());
        let docs = Docs {
            summary: op.summary.clone(),
            description: op.description.clone(),
            example: None,
            deprecated: op
                .deprecated
                .then(|| "marked deprecated in the API description".to_owned()),
        };
        let params = self.lower_params(item, op, (path, query_slots), &pointer, &camel);
        let body = op
            .request_body
            .as_ref()
            .and_then(|b| self.lower_body(b, &join(&pointer, "requestBody"), &camel));
        let responses = self.lower_responses(&op.responses, &join(&pointer, "responses"), &camel);
        let (success, success_kind, success_optional) = self.success(&responses, &pointer, &camel);
        let authenticated = match &op.security {
            Some(reqs) => !reqs.is_empty(),
            None => self.api.security.as_ref().is_some_and(|r| !r.is_empty()),
        };
        Operation {
            name: site.name,
            with_name: String::new(),
            operation_id: op.operation_id.clone(),
            tags: op.tags.clone(),
            method: site.method,
            path: path.to_owned(),
            pointer,
            docs,
            params,
            body,
            responses,
            error_type: site.error_type,
            options_type: site.options_type,
            success,
            success_kind,
            success_optional,
            authenticated,
        }
    }

    fn lower_params(
        &mut self,
        item: &'a PathItem,
        op: &'a openapiv3::Operation,
        (path, query_slots): (&str, &[(String, String)]),
        pointer: &str,
        camel: &str,
    ) -> Vec<Param> {
        // Path-level parameters first, overridden by operation-level ones with the same name
        // and location.
        // Each parameter with the pointer of its place in the list, and the pointer of the
        // object it is (the target of its reference, where its schema stands).
        let mut merged: IndexMap<(String, &'static str), (&'a Parameter, String, String)> =
            IndexMap::new();
        let levels = [
            (
                &item.parameters,
                join(&pointer[..pointer.rfind('/').unwrap_or(0)], "parameters"),
            ),
            (&op.parameters, join(pointer, "parameters")),
        ];
        for (list, base) in levels {
            let mut seen: Vec<(String, &'static str)> = Vec::new();
            for (i, p) in list.iter().enumerate() {
                let p_pointer = join(&base, &i.to_string());
                if let Some((param, at)) = self.resolve_param(p, &p_pointer) {
                    let key = (
                        param.parameter_data_ref().name.clone(),
                        location_name(param),
                    );
                    if seen.contains(&key) {
                        // Two values on the wire under one name: no Rust name can tell them apart.
                        self.error(
                            &p_pointer,
                            format!("duplicate parameter `{}` in {}: expected each name once per location in one list", key.0, key.1),
                        );
                        continue;
                    }
                    seen.push(key.clone());
                    merged.insert(key, (param, p_pointer, at));
                }
            }
        }
        let slots = template_slots(path);
        // The path key's `name={slot}` query pairs: sent by a declared query parameter `name`,
        // else by the path parameter `slot` moved to the query, else by a string parameter
        // the document forgot to declare.
        let mut moved: IndexMap<String, String> = IndexMap::new();
        let mut undeclared: Vec<(String, String)> = Vec::new();
        for (name, slot) in query_slots {
            if merged.contains_key(&(name.clone(), "query")) {
                continue;
            }
            if merged.contains_key(&(slot.clone(), "path")) {
                moved.insert(slot.clone(), name.clone());
            } else {
                undeclared.push((name.clone(), slot.clone()));
            }
        }
        let query_slot = |name: &str| query_slots.iter().any(|(_, slot)| slot == name);
        let mut scope =
            Scope::with_reserved(&["options", "body", "self", "request", "response", "path"]);
        let mut out: Vec<Param> = Vec::new();
        for slot in &slots {
            if !merged.contains_key(&(slot.clone(), "path")) {
                self.error(
                    pointer,
                    format!(
                        "the path has a `{{{slot}}}` slot but no path parameter named `{slot}`"
                    ),
                );
            }
        }
        let mut ordered: Vec<&(&'a Parameter, String, String)> = merged.values().collect();
        // Path parameters in template order, then the rest as declared.
        ordered.sort_by_key(|(p, _, _)| match p {
            Parameter::Path { parameter_data, .. } => slots
                .iter()
                .position(|s| *s == parameter_data.name)
                .unwrap_or(usize::MAX - 1),
            _ => usize::MAX,
        });
        for (param, p_pointer, at) in ordered {
            let data = param.parameter_data_ref();
            let (location, style) = match param {
                Parameter::Path { .. } => (ParamLocation::Path, ParamStyle::Simple),
                Parameter::Query { style, .. } => (
                    ParamLocation::Query,
                    match style {
                        QueryStyle::Form => ParamStyle::Form {
                            explode: data.explode.unwrap_or(true),
                        },
                        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                    },
                ),
                Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
                Parameter::Cookie { .. } => (
                    ParamLocation::Cookie,
                    ParamStyle::Form {
                        explode: data.explode.unwrap_or(true),
                    },
                ),
            };
            let mut location = location;
            let mut style = style;
            let mut wire = data.name.clone();
            if location == ParamLocation::Path && !slots.contains(&data.name) {
                if let Some(query_name) = moved.get(&data.name) {
                    (location, style) = (ParamLocation::Query, ParamStyle::Form { explode: true });
                    wire = query_name.clone();
                } else if query_slot(&data.name) {
                    // Its query pair is sent by a declared query parameter.
                    continue;
                }
            }
            if location == ParamLocation::Path && !slots.contains(&data.name) {
                self.error(
                    p_pointer,
                    format!(
                        "path parameter `{}` has no `{{{}}}` slot in the path `{path}`",
                        data.name, data.name
                    ),
                );
                continue;
            }
            let hint = format!("{camel}{}", naming::camel_ident(&data.name, "Param"));
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(s) => {
                    self.ty_of(SchemaRef::from(s), &join(at, "schema"), &hint, 0)
                        .0
                }
                ParameterSchemaOrContent::Content(content) => content
                    .iter()
                    .next()
                    .and_then(|(media, m)| Some((media, m.schema.as_ref()?)))
                    .map(|(media, s)| {
                        let pointer = join(&join(&join(at, "content"), media), "schema");
                        self.ty_of(SchemaRef::from(s), &pointer, &hint, 0).0
                    })
                    .unwrap_or(Ty::String),
            };
            if location != ParamLocation::Query && self.is_object_like(&ty, 2) {
                // Query strings have styles for objects; paths, headers and cookies in this
                // client do not.
                self.warn(
                    p_pointer,
                    "an object-valued path, header or cookie parameter is sent as JSON text",
                );
            }
            out.push(Param {
                pointer: p_pointer.clone(),
                name: scope.claim(naming::snake_ident(&data.name, "param")),
                wire,
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                style,
                docs: Docs {
                    summary: None,
                    description: data.description.clone(),
                    example: data.example.as_ref().map(|e| e.to_string()),
                    deprecated: data
                        .deprecated
                        .unwrap_or(false)
                        .then(|| "marked deprecated in the API description".to_owned()),
                },
            });
        }
        let item_pointer = &pointer[..pointer.rfind('/').unwrap_or(0)];
        for (name, slot) in undeclared {
            self.warn(
                item_pointer,
                format!(
                    "the query string of the path key has a `{{{slot}}}` slot but no parameter \
                     declares it: sent as the required string query parameter `{name}`"
                ),
            );
            out.push(Param {
                pointer: item_pointer.to_owned(),
                name: scope.claim(naming::snake_ident(&slot, "param")),
                wire: name,
                location: ParamLocation::Query,
                ty: Ty::String,
                required: true,
                style: ParamStyle::Form { explode: true },
                docs: Docs {
                    summary: None,
                    description: Some(format!(
                        "The `{{{slot}}}` slot of the path key's query string (the API \
                         description declares no parameter for it)."
                    )),
                    example: None,
                    deprecated: None,
                },
            });
        }
        out
    }

    /// Whether values of `ty` can be JSON objects (looking `depth` levels into aliases and
    /// unions).
    fn is_object_like(&self, ty: &Ty, depth: usize) -> bool {
        match ty {
            Ty::Object | Ty::Map(_) => true,
            Ty::Named(n) | Ty::Boxed(n) => match self.types.get(n).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => true,
                Some(TypeKind::Union(u)) if depth > 0 => u
                    .variants
                    .iter()
                    .any(|v| self.is_object_like(&v.ty, depth - 1)),
                Some(TypeKind::Alias(t)) if depth > 0 => self.is_object_like(t, depth - 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// The parameter `p` (at `pointer`) is, following references, and the pointer of the
    /// object it is (where its schema stands).
    fn resolve_param(
        &mut self,
        p: &'a ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Option<(&'a Parameter, String)> {
        let (param, at) = self.follow(p, pointer, Targets::parameter, "parameter")?;
        Some((param, at.unwrap_or(pointer).to_owned()))
    }

    /// Follows `item` (at `site`) through references to the object they end at: that object
    /// and its pointer (`None` when `item` is not a reference, or the object was made up to
    /// stand for one of another kind). Reports what it assumed and where references lead
    /// nowhere, at `site`'s `$ref`.
    pub(crate) fn follow<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        site: &str,
        lookup: fn(&'a Targets, &str) -> Option<&'a Target<ReferenceOr<T>>>,
        noun: &str,
    ) -> Option<(&'a T, Option<&'a str>)> {
        let mut current = item;
        let mut at = None;
        let ref_pointer = join(site, "$ref");
        for _ in 0..MAX_CHAIN {
            let reference = match current {
                ReferenceOr::Item(item) => return Some((item, at)),
                ReferenceOr::Reference { reference } => reference,
            };
            match lookup(self.targets, reference) {
                Some(Target::Found(found)) => {
                    if let Some(note) = &found.note {
                        self.warn(&ref_pointer, note.clone());
                    }
                    at = found.pointer.as_deref();
                    current = &found.value;
                }
                Some(Target::Invalid(message)) => {
                    self.error(&ref_pointer, message.clone());
                    return None;
                }
                Some(Target::Component(_)) | None => {
                    self.error(&ref_pointer, format!("`{reference}` points to no {noun}"));
                    return None;
                }
            }
        }
        self.error(
            &ref_pointer,
            format!("more than {MAX_CHAIN} references in a row; expected them to end at a {noun}"),
        );
        None
    }

    fn lower_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        pointer: &str,
        camel: &str,
    ) -> Option<Body> {
        let (body, at) = self.follow(body, pointer, Targets::request_body, "request body")?;
        let (media_type, media, kind) = pick_media(&body.content)?;
        let content_pointer = join(&join(at.unwrap_or(pointer), "content"), media_type);
        self.binary_as_bytes = kind == MediaKind::Multipart;
        let ty = self.media_ty(
            media,
            kind,
            &content_pointer,
            &format!("{camel}RequestBody"),
        );
        self.binary_as_bytes = false;
        let deep_object = media
            .encoding
            .iter()
            .filter(|(_, e)| e.style == Some(QueryStyle::DeepObject))
            .map(|(name, _)| name.clone())
            .collect();
        Some(Body {
            pointer: content_pointer,
            ty,
            media_type: media_type.to_owned(),
            kind,
            required: body.required,
            deep_object,
        })
    }

    fn media_ty(&mut self, media: &'a MediaType, kind: MediaKind, pointer: &str, hint: &str) -> Ty {
        match kind {
            MediaKind::Text => Ty::String,
            MediaKind::Binary => Ty::Bytes,
            MediaKind::Empty => Ty::Any,
            MediaKind::Json | MediaKind::Form | MediaKind::Multipart => match &media.schema {
                Some(s) => {
                    self.ty_of(SchemaRef::from(s), &join(pointer, "schema"), hint, 0)
                        .0
                }
                None => Ty::Any,
            },
        }
    }

    fn lower_responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        pointer: &str,
        camel: &str,
    ) -> Vec<Response> {
        let mut variants = Scope::default();
        let mut out = Vec::new();
        let entries = responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => StatusMatch::Code(*c),
                    StatusCode::Range(r) => StatusMatch::Range(*r),
                };
                (status, code.to_string(), r)
            })
            .chain(
                responses
                    .default
                    .iter()
                    .map(|r| (StatusMatch::Default, "default".to_owned(), r)),
            );
        for (status, key, r) in entries {
            let r_pointer = join(pointer, &key);
            let Some((response, at)) = self.follow(r, &r_pointer, Targets::response, "response")
            else {
                continue;
            };
            let success = match status {
                StatusMatch::Code(c) => (200..300).contains(&c),
                StatusMatch::Range(r) => r == 2,
                StatusMatch::Default => false,
            };
            let variant = match status {
                _ if success => String::new(),
                StatusMatch::Code(c) => variants.claim(naming::status_variant(c)),
                StatusMatch::Range(4) => variants.claim("ClientError".to_owned()),
                StatusMatch::Range(5) => variants.claim("ServerError".to_owned()),
                StatusMatch::Range(r) => variants.claim(format!("Status{r}xx")),
                StatusMatch::Default => variants.claim("Default".to_owned()),
            };
            let hint = if success {
                format!("{camel}Response")
            } else {
                format!("{camel}{variant}")
            };
            let (ty, kind) = match pick_media(&response.content) {
                Some((media_type, media, kind)) => {
                    let base = at.unwrap_or(&r_pointer);
                    let content_pointer = join(&join(base, "content"), media_type);
                    (
                        Some(self.media_ty(media, kind, &content_pointer, &hint)),
                        kind,
                    )
                }
                None => (None, MediaKind::Empty),
            };
            out.push(Response {
                pointer: r_pointer.clone(),
                status,
                description: response.description.clone(),
                ty,
                kind,
                variant,
            });
        }
        out
    }

    /// The success type: one body type, a union of several, or none.
    fn success(
        &mut self,
        responses: &[Response],
        pointer: &str,
        camel: &str,
    ) -> (Option<Ty>, MediaKind, bool) {
        let typed: Vec<&Response> = responses
            .iter()
            .filter(|r| r.is_success() && r.ty.is_some())
            .collect();
        let untyped = responses.iter().any(|r| r.is_success() && r.ty.is_none());
        let Some(first) = typed.first() else {
            return (None, MediaKind::Empty, false);
        };
        if typed.iter().any(|r| r.kind != first.kind) {
            self.warn(
                pointer,
                "success responses use different media types; the body is returned as bytes",
            );
            return (Some(Ty::Bytes), MediaKind::Binary, untyped);
        }
        let mut tys: Vec<Ty> = Vec::new();
        for r in &typed {
            if let Some(ty) = &r.ty {
                if !tys.contains(ty) {
                    tys.push(ty.clone());
                }
            }
        }
        let ty = if tys.len() == 1 {
            tys.remove(0)
        } else {
            let mut scope = Scope::default();
            let variants = tys
                .into_iter()
                .enumerate()
                .map(|(i, ty)| UnionVariant {
                    pointer: join(pointer, "responses"),
                    name: scope.claim(format!("Body{}", i + 1)),
                    ty,
                    tags: Vec::new(),
                    expansion: false,
                })
                .collect();
            let union = Union {
                variants,
                discriminator: None,
                other_variant: scope.claim("Other".to_owned()),
                untyped: Vec::new(),
                shared_by: Vec::new(),
            };
            let docs = Docs {
                summary: Some("The success bodies this operation documents.".to_owned()),
                ..Docs::default()
            };
            let hint = format!("{camel}Response");
            self.add_type(
                &hint,
                &hint,
                &join(pointer, "responses"),
                docs,
                TypeKind::Union(union),
            )
        };
        (Some(ty), first.kind, untyped)
    }
}

/// Where one operation stands, and the names already chosen for it.
struct OperationSite<'a, 's> {
    item: &'a PathItem,
    op: &'a openapiv3::Operation,
    /// The path template the request goes to (a path key's query string taken apart).
    path: &'s str,
    /// `name={slot}` pairs taken out of the path key's query string.
    query_slots: &'s [(String, String)],
    method: String,
    pointer: String,
    name: String,
    camel: String,
    error_type: String,
    options_type: String,
}

fn location_name(p: &Parameter) -> &'static str {
    match p {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// A path key with a query string (`/search?q={q}&sort=new`), taken apart: the path the
/// request goes to, with the pairs that are not `name={slot}` kept in its query string
/// (`/search?sort=new`), and the `(name, slot)` pairs. A key without `?` comes back whole.
pub(crate) fn split_query_string(key: &str) -> (String, Vec<(String, String)>) {
    let Some((route, query)) = key.split_once('?') else {
        return (key.to_owned(), Vec::new());
    };
    let mut kept = Vec::new();
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let slot = pair.split_once('=').and_then(|(name, value)| {
            let slot = value.strip_prefix('{')?.strip_suffix('}')?;
            let plain = |t: &str| !t.is_empty() && !t.contains(['{', '}']);
            (plain(name) && plain(slot)).then(|| (name.to_owned(), slot.to_owned()))
        });
        match slot {
            Some(pair) => pairs.push(pair),
            None => kept.push(pair),
        }
    }
    let route = match kept.is_empty() {
        true => route.to_owned(),
        false => format!("{route}?{}", kept.join("&")),
    };
    (route, pairs)
}

/// The `{name}` slots of a path template, in order.
pub(crate) fn template_slots(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// The media type the client uses: JSON first, then forms, text, anything else.
fn pick_media(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType, MediaKind)> {
    let kinds = content
        .iter()
        .map(|(name, media)| (name.as_str(), media, media_kind(name, media)));
    let rank = |k: MediaKind| match k {
        MediaKind::Json => 0,
        MediaKind::Form => 1,
        MediaKind::Multipart => 2,
        MediaKind::Text => 3,
        MediaKind::Binary => 4,
        MediaKind::Empty => 5,
    };
    kinds.min_by_key(|(_, _, k)| rank(*k))
}

fn media_kind(name: &str, media: &MediaType) -> MediaKind {
    let essence = name
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => MediaKind::Json,
        e if e.ends_with("+json") || e.ends_with("/json") => MediaKind::Json,
        "application/x-www-form-urlencoded" => MediaKind::Form,
        "multipart/form-data" | "multipart/mixed" => MediaKind::Multipart,
        "*/*" if media.schema.is_some() => MediaKind::Json,
        e if e.starts_with("text/") => MediaKind::Text,
        _ => MediaKind::Binary,
    }
}

#[cfg(test)]
mod tests {
    use super::{split_query_string, template_slots};

    #[test]
    fn query_strings_in_path_keys() {
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(split_query_string("/a/{x}"), ("/a/{x}".to_owned(), vec![]));
        assert_eq!(
            split_query_string("/s/{c}/?q={query}&sort=new&n={n}"),
            (
                "/s/{c}/?sort=new".to_owned(),
                vec![pair("q", "query"), pair("n", "n")]
            )
        );
        // A slot as the name stays in the template, filled like a path slot.
        assert_eq!(
            split_query_string("/n?{search}=1"),
            ("/n?{search}=1".to_owned(), vec![])
        );
    }

    #[test]
    fn slots() {
        assert_eq!(template_slots("/a/{x}/b/{y_z}"), vec!["x", "y_z"]);
        assert!(template_slots("/a").is_empty());
    }
}
