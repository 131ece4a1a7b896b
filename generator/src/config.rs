//! What a caller can choose about the generated code.

use std::collections::BTreeMap;

/// Options for one generator run. Build one with [`Config::default`] and the setters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Rust method names for operations, keyed by operationId (or by `METHOD /path`).
    pub operation_names: BTreeMap<String, String>,
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
}
