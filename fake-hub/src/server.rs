//! The request handler: record, apply a fault, check credentials, route.

use crate::fault::{Action, FaultBody};
use crate::record::RecordedRequest;
use crate::state::Shared;
use crate::wire::{parse_body, Kind, Reply, Schema};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, Response};
use d360_partners::types::{PartnerOut, PatchPartnerIn, TokenIn, WebhookUrlIn, WebhookUrlOut};
use d360_partners::Formatted;
use percent_encoding::percent_decode_str;
use std::sync::Arc;

/// The largest request body the hub reads.
const MAX_BODY: usize = 1 << 20;

const TOKEN_IN: Schema = Schema {
    fields: &[("username", Kind::String), ("password", Kind::String)],
    required: &["username", "password"],
};

const PATCH_PARTNER_IN: Schema = Schema {
    fields: &[
        ("webhook_url", Kind::Url),
        ("partner_redirect_url", Kind::Url),
        ("allow_client_to_add_phone_no", Kind::Boolean),
    ],
    required: &[],
};

const WEBHOOK_URL_IN: Schema = Schema {
    fields: &[("webhook_url", Kind::Url)],
    required: &["webhook_url"],
};

/// Every request comes here: the router has no routes of its own.
pub(crate) async fn handle(State(hub): State<Arc<Shared>>, request: Request) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Reply::http_error(413, "The request body is too large or could not be read")
            .into_response();
    };
    let fault = hub.record(RecordedRequest::new(&parts, &body));
    let Some(fault) = fault else {
        let reply = route(&hub, &parts.method, parts.uri.path(), &parts.headers, &body);
        hub.count_answer(reply.status);
        return reply.into_response();
    };
    if !fault.delay.is_zero() {
        tokio::time::sleep(fault.delay).await;
    }
    let mut reply = match &fault.action {
        Action::Pass | Action::Truncate => {
            route(&hub, &parts.method, parts.uri.path(), &parts.headers, &body)
        }
        Action::Respond { status, body } => injected(*status, body),
        Action::LargeBody(bytes) => Reply::bytes(200, "application/json", large_json(*bytes)),
        Action::EndlessBody => Reply::bytes(200, "application/json", Vec::new()),
    };
    reply.headers.extend(fault.headers.iter().cloned());
    hub.count_answer(reply.status);
    match fault.action {
        Action::Truncate => reply.into_truncated_response(),
        Action::EndlessBody => reply.into_endless_response(),
        _ => reply.into_streamed_response(!fault.chunked),
    }
}

/// A JSON string of exactly `bytes` bytes (`""` when fewer than 2 are asked for: the
/// shortest JSON text that is a string).
fn large_json(bytes: usize) -> Vec<u8> {
    let mut body = vec![b'x'; bytes.max(2)];
    body[0] = b'"';
    if let Some(last) = body.last_mut() {
        *last = b'"';
    }
    body
}

fn injected(status: u16, body: &FaultBody) -> Reply {
    match body {
        FaultBody::HttpError => Reply::http_error(status, "Injected failure"),
        FaultBody::Html => Reply::html(status),
        FaultBody::Empty => Reply::empty(status),
        FaultBody::Raw {
            content_type,
            bytes,
        } => Reply::bytes(status, content_type, bytes.clone()),
    }
}

/// The Partner API's endpoints.
fn route(hub: &Shared, method: &Method, path: &str, headers: &HeaderMap, body: &[u8]) -> Reply {
    let Some(rest) = path.strip_prefix("/api/v2/") else {
        return not_found();
    };
    let segments: Vec<&str> = rest.split('/').collect();
    match segments.as_slice() {
        ["token"] => match *method {
            Method::POST => token(hub, body),
            _ => method_not_allowed(),
        },
        ["partners", id] => {
            let Some(id) = decode(id) else {
                return not_found();
            };
            match *method {
                Method::GET => with_partner(hub, headers, &id, |p| Ok(Reply::json(200, p))),
                Method::PATCH => with_partner(hub, headers, &id, |p| update_partner(p, body)),
                _ => method_not_allowed(),
            }
        }
        ["partners", id, "webhook_url"] => {
            let Some(id) = decode(id) else {
                return not_found();
            };
            match *method {
                Method::GET => with_partner(hub, headers, &id, |p| {
                    let mut out = WebhookUrlOut::new();
                    // The text as stored, whether or not it is a URL.
                    out.webhook_url = p.webhook_url.as_ref().map(|u| u.raw().to_owned());
                    Ok(Reply::json(200, &out))
                }),
                Method::POST => with_partner(hub, headers, &id, |p| set_webhook_url(p, body)),
                _ => method_not_allowed(),
            }
        }
        _ => not_found(),
    }
}

fn decode(segment: &str) -> Option<String> {
    let decoded = percent_decode_str(segment).decode_utf8().ok()?;
    (!decoded.is_empty()).then(|| decoded.into_owned())
}

/// `POST /api/v2/token`: username and password for an access token.
fn token(hub: &Shared, body: &[u8]) -> Reply {
    let login: TokenIn = match parse_body(body, &TOKEN_IN) {
        Ok(login) => login,
        Err(details) => return Reply::validation_error(details),
    };
    let identity = &hub.identity;
    if login.username != identity.username || login.password != identity.password {
        return Reply::http_error(401, "Invalid username or password");
    }
    Reply::json(200, &hub.issue_token())
}

/// Authenticates, finds the partner and checks it belongs to the caller, then runs `apply`
/// on it (changes are kept only when `apply` succeeds).
fn with_partner(
    hub: &Shared,
    headers: &HeaderMap,
    id: &str,
    apply: impl FnOnce(&mut PartnerOut) -> Result<Reply, Reply>,
) -> Reply {
    let caller = match hub.authenticate(headers) {
        Ok(caller) => caller,
        Err(reply) => return reply,
    };
    let mut state = hub.lock();
    let Some(stored) = state.partners.get_mut(id) else {
        return Reply::http_error(404, &format!("Partner {id} not found"));
    };
    if caller != id {
        return Reply::http_error(403, "You are not allowed to access this partner");
    }
    let mut changed = stored.clone();
    match apply(&mut changed) {
        Ok(reply) => {
            *stored = changed;
            reply
        }
        Err(reply) => reply,
    }
}

/// `PATCH /api/v2/partners/{partner_id}`: only the fields sent change.
fn update_partner(partner: &mut PartnerOut, body: &[u8]) -> Result<Reply, Reply> {
    let patch: PatchPartnerIn =
        parse_body(body, &PATCH_PARTNER_IN).map_err(Reply::validation_error)?;
    if let Some(url) = patch.webhook_url {
        partner.webhook_url = Some(Formatted::from_raw(url));
    }
    if let Some(url) = patch.partner_redirect_url {
        partner.partner_redirect_url = Some(Formatted::from_raw(url));
    }
    if let Some(allow) = patch.allow_client_to_add_phone_no {
        partner.allow_client_to_add_phone_no = Some(allow);
    }
    Ok(Reply::json(200, partner))
}

/// `POST /api/v2/partners/{partner_id}/webhook_url`.
fn set_webhook_url(partner: &mut PartnerOut, body: &[u8]) -> Result<Reply, Reply> {
    let input: WebhookUrlIn = parse_body(body, &WEBHOOK_URL_IN).map_err(Reply::validation_error)?;
    partner.webhook_url = Some(Formatted::from_raw(input.webhook_url));
    Ok(Reply::json(200, partner))
}

fn not_found() -> Reply {
    Reply::http_error(404, "The requested URL was not found on the server")
}

fn method_not_allowed() -> Reply {
    Reply::http_error(405, "The method is not allowed for the requested URL")
}
