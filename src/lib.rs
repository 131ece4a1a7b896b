//! Typed async client for the 360dialog Partner API (Partners V2).
//!
//! The models ([`types`]) and one method per operation on [`Client`] are generated at
//! build time from `spec/partners-v2.json`, the OpenAPI description 360dialog publishes.
//! Each method returns an `impl` [`Call`], a future to `.await`: it owns what it needs, so it
//! can be kept or spawned, and nothing is sent until it is polled.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = d360_partners::Client::builder()
//!     .api_key("your-partner-api-key")
//!     .build()?;
//! let partner = client.get_partner("examplePA").await?;
//! println!("{:?}", partner.brand_name);
//! # Ok(())
//! # }
//! ```
//!
//! Extra headers or a timeout for one call go through a cheap handle that shares the
//! client's connections and token:
//!
//! ```no_run
//! # async fn run(client: d360_partners::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use d360_partners::RequestOptions;
//! use std::time::Duration;
//!
//! let options = RequestOptions::new()
//!     .header("X-Request-Id", "7f3c9a")
//!     .timeout(Duration::from_secs(2));
//! let partner = client.with_request_options(options).get_partner("examplePA").await?;
//! # let _ = partner;
//! # Ok(())
//! # }
//! ```
//!
//! # Typed URLs that never lose a byte
//!
//! The spec's `format: url` fields (`PartnerOut::webhook_url`, `partner_redirect_url`) are
//! [`Formatted<url::Url>`](Formatted): `.get()` is the parsed [`url::Url`] or, for text that
//! is not a URL (the hub sends `""` for a URL never set), an error saying why, while
//! `.raw()` is the text as it came and is what is written back.
//!
//! ```
//! use d360_partners::{types::PartnerOut, url::Url, Formatted};
//! let partner: PartnerOut = serde_json::from_str(r#"{"webhook_url": ""}"#).unwrap();
//! let url = partner.webhook_url.as_ref().unwrap();
//! assert!(url.get().is_err());
//! assert_eq!(url.raw(), "");
//!
//! let set = PartnerOut::new().with_webhook_url(Url::parse("https://example.com/hook").unwrap());
//! let raw = PartnerOut::new().with_webhook_url(Formatted::from_raw("example.com/hook"));
//! # let _ = (set, raw);
//! ```
//!
//! # Features
//!
//! - `tracing` (default): every call runs in a `tracing` span with the operation's name,
//!   method, path template, status, attempts and `360dialog_trace_id`, with events for
//!   retries, token renewals and refused redirects; never a credential, a body or a query
//!   value. See [`d360_runtime`'s documentation](d360_runtime#tracing).

#![warn(missing_docs)]

pub mod from_env;

include!(concat!(env!("OUT_DIR"), "/partners_v2.rs"));

/// The `url` crate, whose [`Url`](url::Url) the spec's `format: url` fields hold.
#[doc(no_inline)]
pub use d360_runtime::model::url;
pub use d360_runtime::{
    install_tls_provider, AuthError, BuildError, FormatError, Formatted, RequestOptions,
    ResponseContext, ResponseTooLarge, RetryPolicy, TransportError,
};
pub use from_env::FromEnvError;
