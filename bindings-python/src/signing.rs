//! `sign` and `verify`: request-body signatures (RSA PKCS#1 v1.5, SHA-256, base64).

use pyo3::prelude::*;

use crate::convert::bytes_arg;
use crate::errors::{guard, to_pyerr};
use crate::runtime;

/// Signs `body` with a PEM or DER RSA private key; returns the base64 signature.
#[pyfunction]
#[pyo3(signature = (body, private_key))]
pub fn sign(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    private_key: &Bound<'_, PyAny>,
) -> PyResult<String> {
    guard(|| {
        let body = bytes_arg(body, "body")?;
        let key = bytes_arg(private_key, "private_key")?;
        runtime::detach(py, move || pikepay::signing::sign(&body, &key)).map_err(to_pyerr)
    })
}

/// Checks that `signature` (base64) was made over `body` by the holder of `public_key`;
/// raises `SignatureVerificationError` when it was not.
#[pyfunction]
#[pyo3(signature = (body, signature, public_key))]
pub fn verify(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    signature: &str,
    public_key: &Bound<'_, PyAny>,
) -> PyResult<()> {
    guard(|| {
        let body = bytes_arg(body, "body")?;
        let key = bytes_arg(public_key, "public_key")?;
        let signature = signature.to_owned();
        runtime::detach(py, move || {
            pikepay::signing::verify(&body, &signature, &key)
        })
        .map_err(to_pyerr)
    })
}

/// Forgets the private and public keys `sign` and `verify` keep parsed; a private key's
/// bytes are wiped from memory once nothing else uses it.
#[pyfunction]
pub fn clear_key_cache() {
    pikepay::signing::clear_key_cache();
}
