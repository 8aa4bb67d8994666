//! `pikepay/testing`'s native half: key pairs and webhooks signed as Pike signs them.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use pikepay::{ApiVersion, PrivateKey};

use crate::boundary::guard;
use crate::convert::{Bytes, bytes, parse_json, whole};

/// An RSA key pair as PEM text.
#[napi(object)]
pub struct NativeKeyPair {
    /// PKCS#8 PEM.
    pub private_key: String,
    /// SPKI PEM.
    pub public_key: String,
}

/// A webhook as Pike delivers it.
#[napi(object)]
pub struct NativeSignedEvent {
    /// The exact body bytes.
    pub body: Buffer,
    /// The `X-PARTNER-SIGN` value.
    pub signature: String,
}

/// A fresh 2048-bit RSA key pair.
#[napi]
pub fn generate_key_pair(env: Env) -> Result<NativeKeyPair> {
    guard(&env, || {
        let pair = pikepay::testing::generate_key_pair()?;
        Ok(NativeKeyPair {
            private_key: pair.private_pem,
            public_key: pair.public_pem,
        })
    })
}

/// The webhook Pike sends about `session` (JSON text, canonical names) to a project on
/// `api_version`, signed with `private_key`.
#[napi]
pub fn sign_event(
    env: Env,
    event_type: String,
    session: String,
    private_key: Bytes,
    api_version: f64,
) -> Result<NativeSignedEvent> {
    guard(&env, || {
        let session = parse_json(&session, "session")?;
        let key = PrivateKey::from_pem_or_der(bytes(&private_key))?;
        let version = ApiVersion::from_number(u64::from(whole(api_version, "apiVersion")?))?;
        let signed = pikepay::testing::sign_event(&event_type, session, version, &key)?;
        Ok(NativeSignedEvent {
            body: signed.body.into(),
            signature: signed.signature,
        })
    })
}

/// `whk_` and the hex SHA-256 of `raw_body`: the same for a delivery sent again.
#[napi]
pub fn webhook_dedupe_key(raw_body: Bytes) -> String {
    pikepay::webhook::dedupe_key(bytes(&raw_body))
}
