//! The core's one redaction rule, for the JS layer's `inspect`/`toJSON` of results.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::convert::{json_text, parse_json};
use crate::errors::guard;

/// JSON text of `json` with card numbers, security codes, tokens, hashes and private
/// keys replaced by `"[redacted]"`.
#[napi]
pub fn redact_json(env: &Env, json: String) -> Result<String> {
    guard(env, || {
        let value = parse_json(&json, "value to redact")?;
        Ok(json_text(&pikepay::redact::redact_json(&value)))
    })
}
