//! `redact`: the core's one rule for hiding card data, tokens and keys, for `repr`.

use pikepay::redact::Sensitivity;
use pyo3::prelude::*;

use crate::convert::{Json, from_py};
use crate::errors::{guard, to_pyerr};

/// A copy of a JSON-like value with every card number, security code, token, hash and
/// private key replaced by `"[redacted]"`.
#[pyfunction]
pub fn redact(value: &Bound<'_, PyAny>) -> PyResult<Json> {
    guard(|| {
        let value = from_py(value).map_err(to_pyerr)?;
        Ok(Json(pikepay::redact::redact_json(&value)))
    })
}

/// What the core's table of secret fields says of a JSON object key: `"secret"`,
/// `"public"` (`public_token`) or `"plain"`.
#[pyfunction]
pub fn classify_key(key: &str) -> &'static str {
    match pikepay::redact::classify_key(key) {
        Sensitivity::Secret => "secret",
        Sensitivity::Public => "public",
        Sensitivity::Plain => "plain",
    }
}
