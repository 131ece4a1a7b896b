//! Lower: `openapiv3::OpenAPI` → IR.

use crate::config::Config;
use crate::diag::{Diagnostic, Errors};
use crate::ir::Api;

/// Lowers a parsed document into the IR.
pub fn lower(
    api: &openapiv3::OpenAPI,
    origin: &str,
    config: &Config,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Api, Errors> {
    let _ = (api, origin, config, warnings);
    Ok(Api::default())
}
