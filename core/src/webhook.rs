//! Webhook verification: check the signature over the raw bytes, then parse.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::models::Session;
use crate::signing::PublicKey;
use crate::wire;

crate::models::string_enum::string_enum! {
    /// The webhook `type`: the five documented ones, or any other kept as its string.
    EventType {
        /// The user (or you) must act, e.g. 3-D Secure; see `customer_interaction`.
        ActionRequired => "action_required",
        /// Pike is ready to execute; answer with `session/confirm` or `session/cancel`.
        ReadyToConfirm => "ready_to_confirm",
        /// Funds are held; answer with `session/capture` or `session/cancel`.
        ReadyToCapture => "ready_to_capture",
        /// An operation reached its result; read the item's `status`.
        PaymentFinished => "payment_finished",
        /// A refund (or chargeback) completed.
        PaymentRefunded => "payment_refunded",
    }
}

/// A verified webhook: its type and the session it is about (canonical v2 names).
/// Serializes as `{"type": ..., "session": {...}}`, the session with every field it
/// arrived with (a known field sent as `null` reads as absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The webhook type.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// The session, renamed to canonical (v2) names.
    pub session: Session,
}

/// Verifies and parses webhooks signed with Pike's public key.
#[derive(Clone, Debug)]
pub struct Webhook {
    key: PublicKey,
}

impl Webhook {
    /// A verifier for webhooks signed by `pike_public_key`.
    pub fn new(pike_public_key: PublicKey) -> Self {
        Webhook {
            key: pike_public_key,
        }
    }

    /// A verifier from Pike's public key as PEM or DER.
    pub fn from_pem_or_der(pike_public_key: impl AsRef<[u8]>) -> Result<Self> {
        Ok(Webhook::new(PublicKey::from_pem_or_der(pike_public_key)?))
    }

    /// Verifies `signature` (the `X-PARTNER-SIGN` header) over the exact `raw_body`
    /// bytes, then parses the body into an [`Event`].
    pub fn construct_event(&self, raw_body: &[u8], signature: &str) -> Result<Event> {
        self.key.verify(raw_body, signature)?;
        parse_event(raw_body)
    }
}

/// A stable key for one webhook delivery: `whk_` and the hex SHA-256 of the raw body.
///
/// Pike signs only the body, so a delivery sent again (a retry, or a replay) is the same
/// bytes and verifies again: record this key when you act on a webhook, and skip a
/// webhook whose key you already have.
pub fn dedupe_key(raw_body: &[u8]) -> String {
    use std::fmt::Write as _;
    let hash = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, raw_body);
    hash.as_ref()
        .iter()
        .fold(String::from("whk_"), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

/// Parses a webhook body that was already verified.
pub fn parse_event(raw_body: &[u8]) -> Result<Event> {
    let mut body: Value = serde_json::from_slice(raw_body)
        .map_err(|e| Error::new(ErrorKind::Decode, format!("webhook body is not JSON: {e}")))?;
    wire::to_canonical(&mut body);
    let Value::Object(mut map) = body else {
        return Err(Error::new(
            ErrorKind::Decode,
            "webhook body is not a JSON object",
        ));
    };
    let event_type = match map.remove("type") {
        Some(Value::String(s)) => EventType::parse(&s),
        Some(_) => {
            return Err(Error::new(
                ErrorKind::Decode,
                "webhook field 'type' is not a string",
            ));
        }
        None => return Err(Error::new(ErrorKind::Decode, "webhook has no 'type' field")),
    };
    let session = match map.remove("session") {
        Some(s @ Value::Object(_)) => serde_json::from_value::<Session>(s)
            .map_err(|e| Error::from(e).context("webhook session could not be read"))?,
        Some(_) => {
            return Err(Error::new(
                ErrorKind::Decode,
                "webhook field 'session' is not an object",
            ));
        }
        None => {
            return Err(Error::new(
                ErrorKind::Decode,
                "webhook has no 'session' field",
            ));
        }
    };
    Ok(Event {
        event_type,
        session,
    })
}
