//! Field checks of a canonical request body: the core's one validator, the same rules
//! the client applies before sending, answered in Pike's envelope.

use pikepay::Endpoint;
use pikepay::models::{validate_request, validate_started};
use serde_json::Value;

use crate::reply::PikeError;

/// Checks `body` for `endpoint`; the description is Pike's `path.rule`
/// (e.g. `amount_details.amount.positive`).
pub fn validate(endpoint: Endpoint, body: &Value) -> Result<(), PikeError> {
    validate_request(endpoint, body).map_err(answer)
}

/// Checks what a session is started with in the end (the fields of `session/create`
/// overlaid with those of the start call), e.g. a payment's customer.
pub fn validate_start(endpoint: Endpoint, merged: &Value) -> Result<(), PikeError> {
    validate_started(endpoint, merged).map_err(answer)
}

/// The core's refusal as Pike's envelope.
fn answer(e: pikepay::Error) -> PikeError {
    let description = e
        .pike_description()
        .map(str::to_owned)
        .or_else(|| e.field().map(|f| format!("{f}.invalid")))
        .unwrap_or_else(|| e.message().to_owned());
    PikeError::invalid(description)
}
