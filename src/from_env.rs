//! A client configured from environment variables: [`Client::from_env`].

use crate::Client;
use std::env::{self, VarError};
use std::fmt;

/// The variable holding the Partner API key (required).
pub const API_KEY_VAR: &str = "D360_PARTNER_API_KEY";

/// The variable holding the base URL (optional; default [`Client::DEFAULT_BASE_URL`]).
pub const BASE_URL_VAR: &str = "D360_PARTNER_BASE_URL";

impl Client {
    /// A client authenticated with the API key in `D360_PARTNER_API_KEY`, sending requests
    /// to `D360_PARTNER_BASE_URL` when it is set (and not empty), else to
    /// [`DEFAULT_BASE_URL`](Self::DEFAULT_BASE_URL). Everything else is the builder's
    /// default; use [`Client::builder`] for more control.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), d360_partners::from_env::FromEnvError> {
    /// // D360_PARTNER_API_KEY=... cargo run
    /// let client = d360_partners::Client::from_env()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`FromEnvError`] when the API key is missing or empty, when a variable is not
    /// valid Unicode, or when the values do not make a valid client (for instance a base
    /// URL that does not parse). The error never shows the key.
    pub fn from_env() -> Result<Self, FromEnvError> {
        let api_key = match env::var(API_KEY_VAR) {
            Ok(key) if !key.trim().is_empty() => key,
            Ok(_) | Err(VarError::NotPresent) => return Err(FromEnvError::MissingApiKey),
            Err(VarError::NotUnicode(_)) => {
                return Err(FromEnvError::NotUnicode {
                    variable: API_KEY_VAR,
                })
            }
        };
        let mut builder = Self::builder().api_key(api_key.trim());
        match env::var(BASE_URL_VAR) {
            Ok(url) if !url.trim().is_empty() => builder = builder.base_url(url.trim()),
            Ok(_) | Err(VarError::NotPresent) => {}
            Err(VarError::NotUnicode(_)) => {
                return Err(FromEnvError::NotUnicode {
                    variable: BASE_URL_VAR,
                })
            }
        }
        builder.build().map_err(FromEnvError::Build)
    }
}

/// Why [`Client::from_env`] could not make a client. Neither its `Display` nor its `Debug`
/// output contains the API key.
#[derive(Debug)]
#[non_exhaustive]
pub enum FromEnvError {
    /// `D360_PARTNER_API_KEY` is not set, or empty.
    MissingApiKey,
    /// A variable is set to something that is not valid Unicode.
    NotUnicode {
        /// The variable's name.
        variable: &'static str,
    },
    /// The values do not make a valid client (for instance, a base URL that does not
    /// parse, or a key that cannot be sent in a header).
    Build(d360_runtime::BuildError),
}

impl fmt::Display for FromEnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingApiKey => write!(
                f,
                "{API_KEY_VAR} is not set: set it to your Partner API key \
                 (Partner Hub, API Keys section)"
            ),
            Self::NotUnicode { variable } => write!(f, "{variable} is not valid Unicode"),
            Self::Build(e) => write!(f, "cannot configure the client from the environment: {e}"),
        }
    }
}

impl std::error::Error for FromEnvError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Build(e) => Some(e),
            _ => None,
        }
    }
}
