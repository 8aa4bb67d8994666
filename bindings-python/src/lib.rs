//! `pikepay._native`: the Python extension module (work in progress).

use pyo3::prelude::*;

/// Signs `body` with a PEM/DER private key; returns the base64 signature.
#[pyfunction]
fn sign(py: Python<'_>, body: Vec<u8>, private_key: Vec<u8>) -> PyResult<String> {
    py.detach(move || pikepay::signing::sign(&body, &private_key))
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    Ok(())
}
