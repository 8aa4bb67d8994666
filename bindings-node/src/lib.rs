//! The `pikepay` Node addon (work in progress).

use napi::bindgen_prelude::*;
use napi_derive::napi;

/// Signs `body` with a PEM/DER private key; returns the base64 signature.
#[napi]
pub fn sign(body: Buffer, private_key: String) -> Result<String> {
    pikepay::signing::sign(&body, private_key.as_bytes())
        .map_err(|e| Error::new(Status::InvalidArg, e.to_string()))
}
