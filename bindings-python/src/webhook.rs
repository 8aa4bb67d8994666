//! `Webhook`: verifies a webhook's signature over the raw body, then parses it.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{bytes_arg, to_py};
use crate::errors::{guard, to_pyerr};
use crate::runtime;

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

    /// Verifies `signature` (`None` when the header is absent) over the exact `raw_body`,
    /// then returns the body as received (canonical API v2 names), every number exact
    /// (see `convert::to_py`).
    #[pyo3(signature = (raw_body, signature))]
    fn construct_event<'py>(
        &self,
        py: Python<'py>,
        raw_body: &Bound<'py, PyAny>,
        signature: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            // `bytes` is immutable: read in place while the GIL is released. A
            // `bytearray` may change meanwhile, and a `str` is encoded: both are copied.
            let copied;
            let body: &[u8] = if let Ok(b) = raw_body.cast::<PyBytes>() {
                b.as_bytes()
            } else {
                copied = bytes_arg(raw_body, "raw_body")?;
                &copied
            };
            let inner = &self.inner;
            let event =
                runtime::detach(py, || inner.construct_json(body, signature)).map_err(to_pyerr)?;
            to_py(py, &event)
        })
    }
}
