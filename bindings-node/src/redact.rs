//! The core's one redaction rule and its table of secret fields, for the JS layer's
//! `inspect`/`toJSON` of results at every depth.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use pikepay::redact::Match;

use crate::boundary::guard;
use crate::convert::{json_text, parse_json};

/// JSON text of `json` with card numbers, security codes, tokens, hashes and private
/// keys replaced by `"[redacted]"`.
#[napi]
pub fn redact_json(env: &Env, json: String) -> Result<String> {
    guard(env, || {
        let value = parse_json(&json, "value to redact")?;
        Ok(json_text(&pikepay::redact::redact_json(&value)))
    })
}

/// One row of the core's table of secret fields.
#[napi(object)]
pub struct SecretFieldInfo {
    /// The key, suffix or prefix, lower case.
    pub name: String,
    /// `"exact"`, `"suffix"` or `"prefix"`.
    pub matches: String,
    /// What the field holds.
    pub what: String,
}

/// The core's table of secret fields ([`pikepay::redact::SECRET_FIELDS`]).
#[napi]
pub fn secret_fields() -> Vec<SecretFieldInfo> {
    pikepay::redact::SECRET_FIELDS
        .iter()
        .map(|f| SecretFieldInfo {
            name: f.name.to_owned(),
            matches: match f.matches {
                Match::Exact => "exact",
                Match::Suffix => "suffix",
                Match::Prefix => "prefix",
            }
            .to_owned(),
            what: f.what.to_owned(),
        })
        .collect()
}

/// The fields made to be shown although they look secret (`public_token`).
#[napi]
pub fn public_fields() -> Vec<String> {
    pikepay::redact::PUBLIC_FIELDS
        .iter()
        .map(|f| (*f).to_owned())
        .collect()
}
