//! The session and what it holds: payout and payment items, refunds, transaction
//! and interaction details.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::extra::any_json;
use super::{
    AmountDetails, Customer, Extra, InteractionType, ItemStatus, NextAction, ParticipantDetails,
    PaymentDetails, PayoutDetails, RefundStatus, SessionStatus, TokenInfo,
};

/// A payment session: every operation (payout, payment, refund) happens inside one.
/// Field names are canonical (v2); [`crate::wire`] renames v1 answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Session id, e.g. `ps_3230`; opaque, send it back exactly.
    pub id: String,
    /// Session status.
    pub status: SessionStatus,
    /// When it was created (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it last changed (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// When it finished (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// What Pike waits for you to do, when it waits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_action: Option<NextAction>,
    /// Payouts (v1 `payments`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout_list: Option<Vec<PayoutItem>>,
    /// Incoming payments (v1 `acquiring_payments`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_list: Option<Vec<PaymentItem>>,
    /// What went wrong, for a session in `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorObject>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One payout in a session (`payout_list[]`, v1 `payments[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayoutItem {
    /// Payout id, e.g. `po_1313`.
    pub id: String,
    /// Payout status; `succeeded` means paid out.
    pub status: ItemStatus,
    /// When it was created (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it finished (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// The recipient's reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// Where the money goes (masked, or the token echoed); v1 `payment_method`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout_details: Option<PayoutDetails>,
    /// How much.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<AmountDetails>,
    /// Sender and recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_details: Option<ParticipantDetails>,
    /// Bank references (rrn, auth code, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_info: Option<TransactionInfo>,
    /// What the user must do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_interaction: Option<CustomerInteraction>,
    /// Refunds of this item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refunds: Option<Vec<Refund>>,
    /// Your data, echoed back (any JSON).
    #[serde(
        default,
        deserialize_with = "any_json",
        skip_serializing_if = "Option::is_none"
    )]
    pub metadata: Option<Value>,
    /// What went wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorObject>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One incoming payment in a session (`payment_list[]`, v1 `acquiring_payments[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentItem {
    /// Payment id, e.g. `pm_1313`.
    pub id: String,
    /// Payment status.
    pub status: ItemStatus,
    /// When it was created (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it finished (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// The payer's reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// How it was paid (masked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_details: Option<PaymentDetails>,
    /// How much.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<AmountDetails>,
    /// Options sent with the payment, echoed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_options: Option<PaymentOptions>,
    /// The recurring token obtained, when the payment saved the card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrent: Option<TokenInfo>,
    /// Sender and recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_details: Option<ParticipantDetails>,
    /// Refunds (and chargebacks) of this payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refunds: Option<Vec<Refund>>,
    /// What the user must do (3-D Secure, SberPay link, QR).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_interaction: Option<CustomerInteraction>,
    /// Bank references (rrn, auth code, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_info: Option<TransactionInfo>,
    /// Your data, echoed back (any JSON).
    #[serde(
        default,
        deserialize_with = "any_json",
        skip_serializing_if = "Option::is_none"
    )]
    pub metadata: Option<Value>,
    /// What went wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorObject>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Extra payment options (`payment_options`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PaymentOptions {
    /// Where the user returns after 3-D Secure or a bank page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    /// Ask for a recurring token (the user agreed to save the card).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrent: Option<bool>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A refund of a payment (`refunds[]`); chargebacks appear here with `is_chargeback`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Refund {
    /// Refund id, e.g. `rf_23`.
    pub id: String,
    /// Refund status.
    pub status: RefundStatus,
    /// When it was created (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it finished (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// How much.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<AmountDetails>,
    /// True when this is a chargeback (not requested by you).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_chargeback: Option<bool>,
    /// Bank references.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_info: Option<TransactionInfo>,
    /// Your data, echoed back (any JSON).
    #[serde(
        default,
        deserialize_with = "any_json",
        skip_serializing_if = "Option::is_none"
    )]
    pub metadata: Option<Value>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Bank references of an operation (`transaction_info`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TransactionInfo {
    /// Retrieval reference number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rrn: Option<String>,
    /// Authorization code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_code: Option<String>,
    /// Faster Payment System message id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fp_message_id: Option<String>,
    /// Acquirer reference number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What the user must do (`customer_interaction`): follow a redirect or see a QR code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerInteraction {
    /// Which of `redirect` / `inform` follows.
    #[serde(rename = "type")]
    pub kind: InteractionType,
    /// Where to send the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect: Option<Redirect>,
    /// What to show the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inform: Option<Inform>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A redirect for the user (3-D Secure page, SberPay or SBP link).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Redirect {
    /// Full URL to open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// URL without the query string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// HTTP method to use (`GET` or `POST`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Query-string parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qs: Option<Map<String, Value>>,
    /// Form parameters to post (e.g. `PaReq`, `MD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<Map<String, Value>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Something to show the user, e.g. a QR code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Inform {
    /// A QR code (`content`, `img`), kept as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qr: Option<Map<String, Value>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Pike's error object (`error`): a machine code and a description, which is often a
/// `path.rule` such as `customer.reference.not_blank`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorObject {
    /// Machine code, e.g. `invalid_request`.
    pub code: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fields this version does not model (e.g. `reject_reasons`).
    #[serde(flatten)]
    pub extra: Extra,
}
