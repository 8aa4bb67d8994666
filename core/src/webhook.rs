//! Webhook verification: check the signature over the raw bytes, then parse.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::HEADER_SIGN;
use crate::error::{Error, ErrorKind, Result};
use crate::models::{Drift, Field, Session};
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

/// A verified webhook. The received JSON (renamed to canonical v2 names) is the source
/// of truth and is kept whole: [`Event::raw`], and what the event serializes as. The
/// typed fields are a view over it that never fails: a field of an unexpected type is
/// a [`Field::Raw`], a missing one `None`.
#[derive(Clone, PartialEq)]
pub struct Event {
    /// The webhook type (`type`).
    pub event_type: Option<Field<EventType>>,
    /// The session, with canonical (v2) names.
    pub session: Option<Field<Session>>,
    raw: Value,
    drift: Vec<Drift>,
}

/// A webhook: what happened, and the session it happened to.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Event"))]
struct EventView {
    /// The webhook type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    event_type: Option<Field<EventType>>,
    /// The session the webhook is about, with canonical (API v2) names.
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<Field<Session>>,
}

/// The JSON schema of a webhook body (named `Event`), its definitions added to
/// `generator`.
#[cfg(feature = "schema")]
pub fn event_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    generator.subschema_for::<EventView>()
}

impl Event {
    /// The webhook type, when it is a string.
    pub fn kind(&self) -> Option<&EventType> {
        self.event_type.as_ref().and_then(Field::known)
    }

    /// The session, when it is an object.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref().and_then(Field::known)
    }

    /// The session id, when it is a string.
    pub fn session_id(&self) -> Option<&str> {
        self.raw
            .get("session")
            .and_then(|s| s.get("id"))
            .and_then(Value::as_str)
    }

    /// The whole body as received, with canonical (v2) names.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// The fields that arrived with a type this version does not expect.
    pub fn drift(&self) -> &[Drift] {
        &self.drift
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("event_type", &self.event_type)
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

/// Serializes as the body was received (canonical names), unknown fields and `null`s
/// included.
impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
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
    /// bytes, then reads the body as an [`Event`]. Once the signature verifies, this
    /// fails only when the body is not a JSON object: fields of unexpected types are
    /// kept raw and logged (see [`crate::models::view`]), never refused.
    pub fn construct_event(&self, raw_body: &[u8], signature: &str) -> Result<Event> {
        self.construct_event_from_header(raw_body, Some(signature))
    }

    /// [`Webhook::construct_event`] with the signature header as received: `None` when
    /// it is absent. An absent, empty or blank signature is a missing one, a
    /// `SignatureVerification` error naming the header.
    pub fn construct_event_from_header(
        &self,
        raw_body: &[u8],
        signature: Option<&str>,
    ) -> Result<Event> {
        let Some(signature) = signature.filter(|s| !s.trim().is_empty()) else {
            return Err(Error::new(
                ErrorKind::SignatureVerification,
                format!("the webhook has no signature (header {HEADER_SIGN})"),
            ));
        };
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

/// Reads a webhook body that was already verified; fails only when it is not a JSON
/// object.
pub fn parse_event(raw_body: &[u8]) -> Result<Event> {
    let mut body: Value = serde_json::from_slice(raw_body)
        .map_err(|e| Error::new(ErrorKind::Decode, format!("webhook body is not JSON: {e}")))?;
    if !body.is_object() {
        return Err(Error::new(
            ErrorKind::Decode,
            format!(
                "webhook body is a JSON {}, not an object",
                crate::models::json_type(&body)
            ),
        ));
    }
    wire::to_canonical(&mut body);
    let (view, drift) = crate::models::view::<EventView>(&body, "")
        .map_err(|e| Error::new(ErrorKind::Decode, format!("webhook body: {e}")))?;
    Ok(Event {
        event_type: view.event_type,
        session: view.session,
        raw: body,
        drift,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_signature_names_the_header() {
        let keys: Value =
            serde_json::from_str(include_str!("../../tests/vectors/keys.json")).unwrap();
        let hook =
            Webhook::from_pem_or_der(keys["keys"][0]["public_spki_pem"].as_str().unwrap()).unwrap();
        for missing in [None, Some(""), Some("  ")] {
            let e = hook
                .construct_event_from_header(b"{}", missing)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::SignatureVerification);
            assert!(
                e.message().contains("no signature (header X-PARTNER-SIGN)"),
                "{e}"
            );
        }
        let e = hook.construct_event(b"{}", "").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::SignatureVerification);
    }
}
