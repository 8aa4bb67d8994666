//! The core's client-side request validation, for checking a body without sending it.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use pikepay::Endpoint;

use crate::boundary::guard;
use crate::convert::parse_json;

/// Checks the JSON text `body` (canonical v2 names) for the method at `endpoint` the way
/// the client does before sending; throws `InvalidRequestError` naming the field.
#[napi]
pub fn validate_request(env: &Env, endpoint: String, body: String) -> Result<()> {
    guard(env, || {
        let endpoint: Endpoint = endpoint.parse()?;
        pikepay::models::validate_request(endpoint, &parse_json(&body, "body")?)
    })
}
