//! The hub's state: partners, credentials, issued tokens, pending faults and records.

use crate::fault::Fault;
use crate::record::RecordedRequest;
use crate::wire::{random_hex, Reply};
use axum::http::HeaderMap;
use d360_partners::types::{PartnerOut, TokenOut};
use serde_json::json;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How many requests the hub remembers; older records are dropped first, so that a hub
/// left running does not grow without bound.
pub(crate) const MAX_RECORDS: usize = 100_000;

/// How long after expiry a token is still recognised as one the hub issued.
const FORGET_EXPIRED_AFTER: Duration = Duration::from_secs(3600);

/// The credentials the hub accepts, all for one partner.
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    pub(crate) partner_id: String,
    pub(crate) api_key: String,
    pub(crate) username: String,
    pub(crate) password: String,
}

/// What every request handler shares.
pub(crate) struct Shared {
    pub(crate) identity: Identity,
    state: Mutex<State>,
}

pub(crate) struct State {
    pub(crate) partners: BTreeMap<String, PartnerOut>,
    /// Access token → when it stops being accepted.
    tokens: HashMap<String, Instant>,
    pub(crate) token_lifetime: Duration,
    pub(crate) tokens_issued: usize,
    pub(crate) faults: Vec<Fault>,
    pub(crate) records: VecDeque<RecordedRequest>,
    /// Requests received per path, all of them (records keep only the last ones).
    pub(crate) received: HashMap<String, usize>,
    /// Answers per status, faults included.
    pub(crate) answered: BTreeMap<u16, usize>,
}

impl Shared {
    pub(crate) fn new(identity: Identity, token_lifetime: Duration) -> Self {
        let mut partners = BTreeMap::new();
        partners.insert(
            identity.partner_id.clone(),
            demo_partner(&identity.partner_id),
        );
        Self {
            identity,
            state: Mutex::new(State {
                partners,
                tokens: HashMap::new(),
                token_lifetime,
                tokens_issued: 0,
                faults: Vec::new(),
                records: VecDeque::new(),
                received: HashMap::new(),
                answered: BTreeMap::new(),
            }),
        }
    }

    /// The state, also after a panic in another handler (the data stays usable).
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records the request and uses up the first fault that applies to it. Every fault that
    /// matches counts the request (see [`Fault::every`]).
    pub(crate) fn record(&self, record: RecordedRequest) -> Option<Fault> {
        let mut state = self.lock();
        let mut position = None;
        for (index, fault) in state.faults.iter_mut().enumerate() {
            if fault.matches(&record.method, &record.path)
                && fault.count_match()
                && position.is_none()
            {
                position = Some(index);
            }
        }
        match state.received.get_mut(&record.path) {
            Some(count) => *count += 1,
            None => {
                state.received.insert(record.path.clone(), 1);
            }
        }
        if state.records.len() >= MAX_RECORDS {
            state.records.pop_front();
        }
        state.records.push_back(record);
        let index = position?;
        match state.faults[index].use_once() {
            true => Some(state.faults.remove(index)),
            false => Some(state.faults[index].clone()),
        }
    }

    /// Counts an answer with `status`.
    pub(crate) fn count_answer(&self, status: u16) {
        *self.lock().answered.entry(status).or_insert(0) += 1;
    }

    /// The partner the request's credentials belong to: `X-API-Key` when sent, else a
    /// bearer token. Otherwise the hub's 401.
    pub(crate) fn authenticate(&self, headers: &HeaderMap) -> Result<String, Reply> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(key) = header("x-api-key") {
            return match key == self.identity.api_key {
                true => Ok(self.identity.partner_id.clone()),
                false => Err(Reply::http_error(401, "Invalid API key")),
            };
        }
        let Some(authorization) = header("authorization") else {
            return Err(Reply::http_error(
                401,
                "Missing authentication: send an X-API-Key or an Authorization: Bearer header",
            ));
        };
        let Some(token) = authorization
            .strip_prefix("Bearer ")
            .or_else(|| authorization.strip_prefix("bearer "))
        else {
            return Err(Reply::http_error(
                401,
                "Unsupported authorization scheme: use Bearer",
            ));
        };
        let mut state = self.lock();
        match state.tokens.get(token.trim()) {
            Some(expires) if Instant::now() < *expires => Ok(self.identity.partner_id.clone()),
            Some(_) => {
                state.tokens.remove(token.trim());
                Err(Reply::http_error(401, "Token has expired"))
            }
            None => Err(Reply::http_error(401, "Invalid token")),
        }
    }

    /// A new access token, valid for the configured lifetime.
    pub(crate) fn issue_token(&self) -> TokenOut {
        let mut state = self.lock();
        let now = Instant::now();
        // Forget tokens long expired (an expired one still gets "Token has expired" for a
        // while, as it would from the real hub).
        state
            .tokens
            .retain(|_, expires| now.saturating_duration_since(*expires) < FORGET_EXPIRED_AFTER);
        state.tokens_issued += 1;
        let access = format!("fake-access-{}-{}", state.tokens_issued, random_hex());
        let refresh = format!("fake-refresh-{}-{}", state.tokens_issued, random_hex());
        let lifetime = state.token_lifetime;
        let expires = now
            .checked_add(lifetime)
            .or_else(|| now.checked_add(Duration::from_secs(86_400 * 365)))
            .unwrap_or(now);
        state.tokens.insert(access.clone(), expires);
        let expires_in = i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX);
        TokenOut::new(access, refresh, "Bearer".to_owned(), expires_in)
    }

    /// Forgets every issued token: the next request with one gets 401.
    pub(crate) fn revoke_tokens(&self) {
        self.lock().tokens.clear();
    }
}

/// The demo partner, as the Partner API page shows its `GET /partners/{partner_id}` answer.
/// `settings.standard_tiered_pricing_enabled` is not in the spec: it shows that unknown
/// fields travel through the client unharmed.
pub(crate) fn demo_partner(id: &str) -> PartnerOut {
    let example = json!({
        "allow_client_to_add_phone_no": true,
        "billing_system": "partner",
        "blocked_new_submission": false,
        "brand_name": "Example Partner",
        "country": "US",
        "id": id,
        "logo_url": "https://example.com/logo.png",
        "onboarding_deeplink_add_params": false,
        "partner_redirect_url": "https://360dialog.com",
        "payment_plan": {},
        "payment_required": false,
        "settings": {
            "account_sharing": {
                "business_manager_id": "123456789012345",
                "solution_id": "987654321098765"
            },
            "default_data_localization_region": "DE",
            "partner_change_request": {
                "auto_approve": false
            },
            "standard_tiered_pricing_enabled": true
        },
        "webhook_url": "https://example.com/360dialog/partner-events"
    });
    // The example fits the model (a unit test says so); should it ever not, the hub still
    // serves a partner with its id.
    serde_json::from_value(example).unwrap_or_else(|_| PartnerOut::new().with_id(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_partner_fits_the_model_and_keeps_unknown_fields() {
        let partner = demo_partner("examplePA");
        assert_eq!(partner.id.as_deref(), Some("examplePA"));
        assert_eq!(partner.brand_name.as_deref(), Some("Example Partner"));
        let settings = partner.settings.value().unwrap();
        let settings = settings.as_partner_settings_public_out().unwrap();
        assert_eq!(
            settings.additional_properties["standard_tiered_pricing_enabled"],
            json!(true)
        );
        let again = serde_json::to_value(&partner).unwrap();
        assert_eq!(
            again["settings"]["standard_tiered_pricing_enabled"],
            json!(true)
        );
        assert_eq!(again["payment_plan"], json!({}));
    }
}
