//! Webhook verification from JS: check the signature over the raw body, then parse.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::boundary::guard;
use crate::convert::{Bytes, bytes, json_text};

/// Verifies and parses webhooks signed with Pike's public key.
#[napi(js_name = "NativeWebhook")]
pub struct Webhook {
    inner: pikepay::Webhook,
}

#[napi]
impl Webhook {
    /// A verifier for Pike's public key (PEM or DER).
    #[napi(constructor)]
    pub fn new(env: Env, public_key: Bytes) -> Result<Self> {
        let inner = guard(&env, || {
            pikepay::Webhook::from_pem_or_der(bytes(&public_key))
        })?;
        Ok(Webhook { inner })
    }

    /// Verifies `signature` (the `X-PARTNER-SIGN` header) over the exact raw body and
    /// returns the event `{"type", "session"}` as JSON text (canonical v2 names).
    #[napi]
    pub fn construct_event(
        &self,
        env: &Env,
        raw_body: Bytes,
        signature: Option<String>,
    ) -> Result<String> {
        guard(env, || {
            let event = self
                .inner
                .construct_event_from_header(bytes(&raw_body), signature.as_deref())?;
            Ok(json_text(&serde_json::to_value(&event)?))
        })
    }
}
