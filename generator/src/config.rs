//! What a caller can choose about the generated code.

use crate::diag::Errors;
use std::collections::BTreeMap;

pub mod selection;

pub use selection::{Route, Selection, Selector, SelectorKind};

/// Options for one generator run. Build one with [`Config::default`] and the setters, or
/// read one from a JSON file with [`Config::from_json`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Rust method names for operations, keyed by operationId (or by `METHOD /path`).
    pub operation_names: BTreeMap<String, String>,

    // What to generate (`select`, `features_per_tag`): see `selection`.
    /// Which operations to generate (default: all), and with them the types they reach.
    pub select: Selection,
    /// Gates each operation and type behind a Cargo feature per tag
    /// (see [`crate::select::features_per_tag`]).
    pub features_per_tag: bool,
}

impl Config {
    /// Names the method generated for the operation `operation_id` (or `"GET /path"`).
    ///
    /// ```
    /// let mut config = d360_codegen::Config::default();
    /// config.operation_name("get_partner_management_docs_api_get_partner", "get_partner");
    /// ```
    pub fn operation_name(&mut self, operation_id: &str, method_name: &str) -> &mut Self {
        self.operation_names
            .insert(operation_id.to_owned(), method_name.to_owned());
        self
    }

    /// Reads a config file: `{"operation_names": {"operationId": "method_name", ...}}`,
    /// and what to generate, `select` and `features_per_tag` (see [`selection`]).
    ///
    /// ```
    /// let config = d360_codegen::Config::from_json(
    ///     br#"{"operation_names": {"listPets": "pets"}}"#,
    ///     "codegen.json",
    /// )
    /// .unwrap();
    /// assert_eq!(config.operation_names["listPets"], "pets");
    /// ```
    pub fn from_json(text: &[u8], origin: &str) -> Result<Self, Errors> {
        let value: serde_json::Value = serde_json::from_slice(text)
            .map_err(|e| Errors::one(origin, "", format!("invalid JSON: {e}")))?;
        let mut config = Self::default();
        let Some(object) = value.as_object() else {
            return Err(Errors::one(origin, "", "expected a JSON object"));
        };
        let mut errors = Errors::default();
        for (key, value) in object {
            match key.as_str() {
                "operation_names" => match value.as_object() {
                    Some(names) => {
                        for (id, name) in names {
                            match name.as_str() {
                                Some(name) => {
                                    config.operation_name(id, name);
                                }
                                None => errors.push(
                                    origin,
                                    &crate::diag::join("/operation_names", id),
                                    "expected a method name (string)",
                                ),
                            }
                        }
                    }
                    None => errors.push(origin, "/operation_names", "expected an object"),
                },
                "$comment" => {}
                key if selection::KEYS.contains(&key) => {
                    selection::read(&mut config, key, value, origin, &mut errors)
                }
                other => errors.push(
                    origin,
                    &crate::diag::join("", other),
                    format!("unknown setting `{other}`: expected `operation_names`, `select` or `features_per_tag`"),
                ),
            }
        }
        errors.into_result(config)
    }
}
