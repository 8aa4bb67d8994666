//! Request signing from JS: `sign` and `verify` over exact bytes.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::boundary::guard;
use crate::convert::{Bytes, bytes};

/// Signs the exact `body` bytes with an RSA private key (PEM or DER); returns the
/// base64 RSASSA-PKCS1-v1_5 / SHA-256 signature (the `X-PARTNER-SIGN` value).
#[napi]
pub fn sign(env: &Env, body: Bytes, private_key: Bytes) -> Result<String> {
    guard(env, || {
        pikepay::signing::sign(bytes(&body), bytes(&private_key))
    })
}

/// Verifies a base64 `signature` over the exact `body` bytes with an RSA public key
/// (PEM or DER); throws `SignatureVerificationError` when it does not match.
#[napi]
pub fn verify(env: &Env, body: Bytes, signature: String, public_key: Bytes) -> Result<()> {
    guard(env, || {
        pikepay::signing::verify(bytes(&body), &signature, bytes(&public_key))
    })
}
