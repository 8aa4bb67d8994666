//! Helpers for testing webhook handlers without Pike or a sandbox: a fresh RSA key pair
//! (stand in for Pike's, and give your handler the public half) and webhook bodies
//! signed exactly as Pike signs them.

use std::fmt;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use serde_json::{Value, json};

use crate::endpoint::ApiVersion;
use crate::error::{Error, ErrorKind, Result};
use crate::signing::PrivateKey;
use crate::wire;

/// A private key (PKCS#8 PEM) and its public half (SPKI PEM).
#[derive(Clone)]
pub struct KeyPair {
    /// `-----BEGIN PRIVATE KEY-----` text; never print it.
    pub private_pem: String,
    /// `-----BEGIN PUBLIC KEY-----` text.
    pub public_pem: String,
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("private_pem", &"<redacted>")
            .field("public_pem", &self.public_pem)
            .finish()
    }
}

fn failed(what: &str) -> Error {
    Error::new(ErrorKind::Internal, format!("could not {what}"))
}

/// Generates a 2048-bit RSA key pair, the size Pike uses.
pub fn generate_key_pair() -> Result<KeyPair> {
    let pair = RsaKeyPair::generate(KeySize::Rsa2048).map_err(|_| failed("generate an RSA key"))?;
    let private = pair
        .as_der()
        .map_err(|_| failed("encode the private key"))?;
    let public = pair
        .public_key()
        .as_der()
        .map_err(|_| failed("encode the public key"))?;
    Ok(KeyPair {
        private_pem: pem::encode(&pem::Pem::new("PRIVATE KEY", private.as_ref())),
        public_pem: pem::encode(&pem::Pem::new("PUBLIC KEY", public.as_ref())),
    })
}

/// A webhook as Pike sends it: the exact body bytes and the `X-PARTNER-SIGN` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedEvent {
    /// The body, compact JSON `{"type":…,"session":…}` in the project's API version.
    pub body: Vec<u8>,
    /// Base64 RSA-SHA256 signature of `body`.
    pub signature: String,
}

/// The body Pike sends for a webhook of `event_type` about `session` (given with
/// canonical v2 names) to a project on `version`, signed with `key`.
///
/// ```
/// use pikepay::{ApiVersion, PrivateKey, Webhook};
/// use serde_json::json;
///
/// let pike = pikepay::testing::generate_key_pair()?;
/// let key = PrivateKey::from_pem_or_der(&pike.private_pem)?;
/// let delivery = pikepay::testing::sign_event(
///     "ready_to_confirm",
///     json!({"id": "s-1", "status": "in_progress"}),
///     ApiVersion::V2,
///     &key,
/// )?;
/// // Your handler, given Pike's public key, accepts it as it would Pike's own.
/// let event = Webhook::from_pem_or_der(&pike.public_pem)?
///     .construct_event(&delivery.body, &delivery.signature)?;
/// assert_eq!(event.session_id(), Some("s-1"));
/// # Ok::<(), pikepay::Error>(())
/// ```
pub fn sign_event(
    event_type: &str,
    session: Value,
    version: ApiVersion,
    key: &PrivateKey,
) -> Result<SignedEvent> {
    if !session.is_object() {
        return Err(Error::invalid_field(
            "session",
            "must be a JSON object (the session the webhook is about)",
        ));
    }
    let mut body = json!({"type": event_type, "session": session});
    wire::to_version(&mut body, version);
    let body = serde_json::to_vec(&body).map_err(Error::from)?;
    let signature = key.sign(&body)?;
    Ok(SignedEvent { body, signature })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::Webhook;

    #[test]
    fn a_signed_event_verifies_with_the_public_half() {
        let pair = generate_key_pair().unwrap();
        assert!(!format!("{pair:?}").contains("PRIVATE KEY"));
        let key = PrivateKey::from_pem_or_der(&pair.private_pem).unwrap();
        let session = json!({"id": "s-1", "status": "in_progress",
                             "payout_list": [{"id": "p-1", "status": "pending"}]});
        let signed = sign_event("ready_to_confirm", session, ApiVersion::V1, &key).unwrap();
        let text = String::from_utf8(signed.body.clone()).unwrap();
        assert!(
            text.starts_with(r#"{"type":"ready_to_confirm","session":{"#),
            "{text}"
        );
        let webhook = Webhook::from_pem_or_der(&pair.public_pem).unwrap();
        let event = webhook
            .construct_event(&signed.body, &signed.signature)
            .unwrap();
        assert_eq!(event.raw()["session"]["id"], "s-1");
        assert!(sign_event("x", json!([1]), ApiVersion::V2, &key).is_err());
    }

    #[test]
    fn a_delivery_sent_again_has_the_same_dedupe_key() {
        use crate::webhook::dedupe_key;
        let pair = generate_key_pair().unwrap();
        let key = PrivateKey::from_pem_or_der(&pair.private_pem).unwrap();
        let session = json!({"id": "s-1", "status": "in_progress"});
        let first = sign_event("ready_to_confirm", session.clone(), ApiVersion::V2, &key).unwrap();
        let again = sign_event("ready_to_confirm", session, ApiVersion::V2, &key).unwrap();
        let k = dedupe_key(&first.body);
        assert_eq!(k, dedupe_key(&again.body));
        assert_eq!(k.len(), 4 + 64);
        assert!(k.starts_with("whk_"));
        let other = sign_event(
            "payment_finished",
            json!({"id": "s-1"}),
            ApiVersion::V2,
            &key,
        );
        assert_ne!(k, dedupe_key(&other.unwrap().body));
    }
}
