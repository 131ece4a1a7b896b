//! Parse: a loaded, normalized document → `openapiv3::OpenAPI`.

use crate::diag::Errors;

/// Parses a normalized document. A mismatch is reported at the pointer `serde` stopped at,
/// with what it expected.
pub fn parse(doc: &serde_json::Value, origin: &str) -> Result<openapiv3::OpenAPI, Errors> {
    openapiv3::OpenAPI::deserialize_from(doc).map_err(|e| Errors::one(origin, "", e))
}

trait DeserializeFrom: Sized {
    fn deserialize_from(doc: &serde_json::Value) -> Result<Self, String>;
}

impl DeserializeFrom for openapiv3::OpenAPI {
    fn deserialize_from(doc: &serde_json::Value) -> Result<Self, String> {
        serde::Deserialize::deserialize(doc)
            .map_err(|e: serde_json::Error| format!("not an OpenAPI 3.x document: {e}"))
    }
}
