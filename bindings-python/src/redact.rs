//! `redact`: the core's one rule for hiding card data, tokens and keys, for `repr`.

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
