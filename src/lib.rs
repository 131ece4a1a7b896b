//! Typed async client for the 360dialog Partner API (Partners V2).
//!
//! The models ([`types`]) and one async method per operation on [`Client`] are generated at
//! build time from `spec/partners-v2.json`, the OpenAPI description 360dialog publishes.
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

#![warn(missing_docs)]

pub mod from_env;

include!(concat!(env!("OUT_DIR"), "/partners_v2.rs"));

pub use d360_runtime::{
    install_tls_provider, AuthError, BuildError, ResponseContext, RetryPolicy, TransportError,
};
pub use from_env::FromEnvError;
