//! `Webhook`: verifies a webhook's signature over the raw body, then parses it.

use pyo3::prelude::*;

use crate::convert::{Json, bytes_arg};
use crate::errors::{guard, to_pyerr};

/// A verifier for webhooks signed with Pike's public key.
#[pyclass(module = "pikepay._native", frozen)]
pub struct Webhook {
    inner: pikepay::webhook::Webhook,
}

#[pymethods]
impl Webhook {
    /// Loads Pike's public key (PEM or DER, as `str` or `bytes`).
    #[new]
    #[pyo3(signature = (public_key))]
    fn new(public_key: &Bound<'_, PyAny>) -> PyResult<Self> {
        guard(|| {
            let key = bytes_arg(public_key, "public_key")?;
            let inner = pikepay::webhook::Webhook::from_pem_or_der(key).map_err(to_pyerr)?;
            Ok(Webhook { inner })
        })
    }

    /// Verifies `signature` (`None` when the header is absent) over the exact
    /// `raw_body`, then returns `{"type": ..., "session": {...}}` with canonical (API v2)
    /// names.
    #[pyo3(signature = (raw_body, signature))]
    fn construct_event(
        &self,
        py: Python<'_>,
        raw_body: &Bound<'_, PyAny>,
        signature: Option<String>,
    ) -> PyResult<Json> {
        guard(|| {
            let body = bytes_arg(raw_body, "raw_body")?;
            let inner = self.inner.clone();
            let event = py
                .detach(move || inner.construct_event_from_header(&body, signature.as_deref()))
                .map_err(to_pyerr)?;
            let value =
                serde_json::to_value(&event).map_err(|e| to_pyerr(pikepay::Error::from(e)))?;
            Ok(Json(value))
        })
    }
}
