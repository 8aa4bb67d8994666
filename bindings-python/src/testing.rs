//! `pikepay.testing`'s native half: key pairs and webhooks signed as Pike signs them.

use pikepay::{ApiVersion, PrivateKey};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert::{bytes_arg, from_py};
use crate::errors::{guard, to_pyerr};

/// A fresh 2048-bit RSA key pair as `(private_pem, public_pem)`.
#[pyfunction]
pub fn generate_key_pair(py: Python<'_>) -> PyResult<(String, String)> {
    guard(|| {
        let pair = py
            .detach(pikepay::testing::generate_key_pair)
            .map_err(to_pyerr)?;
        Ok((pair.private_pem, pair.public_pem))
    })
}

/// The webhook Pike sends about `session` (canonical names) to a project on
/// `api_version`, signed with `private_key`: `(body, signature)`.
#[pyfunction]
#[pyo3(signature = (event_type, session, private_key, api_version))]
pub fn sign_event<'py>(
    py: Python<'py>,
    event_type: &str,
    session: &Bound<'py, PyAny>,
    private_key: &Bound<'py, PyAny>,
    api_version: u64,
) -> PyResult<(Bound<'py, PyBytes>, String)> {
    guard(|| {
        let session = from_py(session).map_err(to_pyerr)?;
        let key = PrivateKey::from_pem_or_der(bytes_arg(private_key, "private_key")?)
            .map_err(to_pyerr)?;
        let version = ApiVersion::from_number(api_version).map_err(to_pyerr)?;
        let signed =
            pikepay::testing::sign_event(event_type, session, version, &key).map_err(to_pyerr)?;
        Ok((PyBytes::new(py, &signed.body), signed.signature))
    })
}

/// `whk_` and the hex SHA-256 of `raw_body`: the same for a delivery sent again.
#[pyfunction]
pub fn webhook_dedupe_key(raw_body: &Bound<'_, PyAny>) -> PyResult<String> {
    guard(|| {
        Ok(pikepay::webhook::dedupe_key(&bytes_arg(
            raw_body, "raw_body",
        )?))
    })
}
