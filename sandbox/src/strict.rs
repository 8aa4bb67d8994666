//! Strict mode: where Pike's documents allow two readings, the less forgiving one, and
//! request fields Pike does not document refused. Runs after the shared field checks, on
//! the canonical (v2-named) body.

use pikepay::Endpoint;
use serde_json::Value;

use crate::reply::PikeError;

const PAYMENT: &[&str] = &[
    "payment_details",
    "amount_details",
    "participant_details",
    "customer",
    "payment_options",
    "metadata",
];
const PAYOUT: &[&str] = &[
    "payout_details",
    "amount_details",
    "participant_details",
    "customer",
    "metadata",
];

/// The top-level request fields Pike documents for `endpoint` (canonical names).
fn documented(endpoint: Endpoint) -> Vec<&'static str> {
    let with_session = |fields: &[&'static str]| {
        let mut all = vec!["session_id"];
        all.extend_from_slice(fields);
        all
    };
    match endpoint {
        Endpoint::SessionCreate => {
            let mut all = PAYMENT.to_vec();
            all.push("payout_details");
            all
        }
        Endpoint::SessionInitPayment => PAYMENT.to_vec(),
        Endpoint::SessionInitPayout => PAYOUT.to_vec(),
        Endpoint::SessionStartPayment => with_session(PAYMENT),
        Endpoint::SessionStartPayout => with_session(PAYOUT),
        Endpoint::SessionCancel | Endpoint::SessionConfirm | Endpoint::SessionStatus => {
            vec!["session_id"]
        }
        Endpoint::SessionCapture => vec!["session_id", "amount_details"],
        Endpoint::SessionRefund => vec!["session_id", "amount_details", "metadata"],
        Endpoint::RecurrentDisable => vec!["recurrent"],
        Endpoint::Token => vec![
            "tokenize_widget",
            "acquiring_widget",
            "fps_no_account_widget",
        ],
        Endpoint::TokenInfo => vec!["type", "card", "public_token", "recurrent_token"],
        Endpoint::TokenizeElements => vec!["card_elements"],
        Endpoint::FpsBanks => vec![],
        Endpoint::FpsCustomerVerification => {
            vec!["session_id", "payout_details", "participant_details"]
        }
        Endpoint::WalletBalance => vec!["request_datetime"],
        Endpoint::SberpayPush => vec!["session_id", "phone"],
    }
}

/// Checks `body` for `endpoint` in strict mode.
pub fn check(endpoint: Endpoint, body: &Value) -> Result<(), PikeError> {
    let Some(fields) = body.as_object() else {
        return Ok(());
    };
    let allowed = documented(endpoint);
    if let Some(extra) = fields.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(PikeError::invalid(format!("{extra}.not_documented")));
    }
    let amount = fields.get("amount_details").and_then(Value::as_object);
    if let Some(extra) = amount.and_then(|a| a.keys().find(|k| *k != "amount" && *k != "currency"))
    {
        return Err(PikeError::invalid(format!(
            "amount_details.{extra}.not_documented"
        )));
    }
    // Pike's table leaves `session_id` out of `fps/customer_verification`; the sister
    // API requires it.
    if endpoint == Endpoint::FpsCustomerVerification && !fields.contains_key("session_id") {
        return Err(PikeError::required("session_id"));
    }
    // Documented as a bool; the sister API's examples send the string "true".
    let checkbox = body
        .get("acquiring_widget")
        .and_then(|w| w.get("show_recurrent_checkbox"));
    if checkbox.is_some_and(|c| !c.is_boolean()) {
        return Err(PikeError::invalid(
            "acquiring_widget.show_recurrent_checkbox.type",
        ));
    }
    Ok(())
}
