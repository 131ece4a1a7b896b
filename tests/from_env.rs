//! `Client::from_env` against the fake hub. Environment variables belong to the whole
//! process, so the cases run one after the other in a single test.

use d360_fake_hub::FakeHub;
use d360_partners::from_env::{FromEnvError, API_KEY_VAR, BASE_URL_VAR};
use d360_partners::Client;
use std::error::Error as _;

fn set(name: &str, value: Option<&str>) {
    match value {
        Some(value) => std::env::set_var(name, value),
        None => std::env::remove_var(name),
    }
}

/// Display, Debug and the source chain, for "no secret in here" checks.
fn everything_shown(error: &FromEnvError) -> String {
    let mut shown = format!("{error} {error:?}");
    let mut source = error.source();
    while let Some(e) = source {
        shown.push_str(&format!(" {e} {e:?}"));
        source = e.source();
    }
    shown
}

#[tokio::test]
async fn from_env_reads_the_key_and_the_base_url() {
    let hub = FakeHub::start().await.unwrap();

    // No key: an error naming the variable.
    set(API_KEY_VAR, None);
    set(BASE_URL_VAR, Some(hub.url()));
    let error = Client::from_env().unwrap_err();
    assert!(matches!(error, FromEnvError::MissingApiKey), "{error:?}");
    assert!(
        error.to_string().contains("D360_PARTNER_API_KEY"),
        "{error}"
    );

    // An empty key counts as none.
    set(API_KEY_VAR, Some("  "));
    assert!(matches!(
        Client::from_env(),
        Err(FromEnvError::MissingApiKey)
    ));

    // Key and base URL: a working client, sending that key.
    set(API_KEY_VAR, Some(hub.api_key()));
    let client = Client::from_env().unwrap();
    assert_eq!(client.runtime().base_url(), hub.url());
    let partner = client.get_partner("examplePA").await.unwrap();
    assert_eq!(partner.id.as_deref(), Some("examplePA"));
    assert_eq!(hub.requests()[0].header("x-api-key"), Some(hub.api_key()));

    // No base URL (or an empty one): the production hub.
    for unset in [None, Some("")] {
        set(BASE_URL_VAR, unset);
        let client = Client::from_env().unwrap();
        assert_eq!(client.runtime().base_url(), Client::DEFAULT_BASE_URL);
    }

    // A base URL that does not parse: a build error that does not show the key.
    set(API_KEY_VAR, Some("secret-key-7d1f"));
    set(BASE_URL_VAR, Some("not a url"));
    let error = Client::from_env().unwrap_err();
    assert!(matches!(error, FromEnvError::Build(_)), "{error:?}");
    assert!(error.source().is_some());
    assert!(error.to_string().contains("base URL"), "{error}");
    assert!(!everything_shown(&error).contains("secret-key-7d1f"));

    // A key that cannot be sent in a header: also an error without the key.
    set(BASE_URL_VAR, Some(hub.url()));
    set(API_KEY_VAR, Some("secret\u{7f}key-7d1f"));
    let error = Client::from_env().unwrap_err();
    assert!(matches!(error, FromEnvError::Build(_)), "{error:?}");
    assert!(!everything_shown(&error).contains("key-7d1f"), "{error:?}");

    set(API_KEY_VAR, None);
    set(BASE_URL_VAR, None);
}
