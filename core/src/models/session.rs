//! The session and what it holds: payout and payment items, refunds, transaction
//! and interaction details.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::extra::any_json;
use super::{
    AmountDetails, Customer, Extra, Field, InteractionType, ItemStatus, NextAction,
    ParticipantDetails, PaymentDetails, PayoutDetails, RefundStatus, SessionStatus, TokenInfo,
};

/// A payment session: every operation (payout, payment, refund) happens inside one.
/// Field names are canonical (v2); [`crate::wire`] renames v1 answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Session {
    /// Session id, e.g. `ps_3230`; opaque, send it back exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Field<String>>,
    /// Session status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<SessionStatus>>,
    /// When it was created (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Field<String>>,
    /// When it last changed (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Field<String>>,
    /// When it finished (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Field<String>>,
    /// What Pike waits for you to do, when it waits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_action: Option<Field<NextAction>>,
    /// Payouts (v1 `payments`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout_list: Option<Field<Vec<Field<PayoutItem>>>>,
    /// Incoming payments (v1 `acquiring_payments`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_list: Option<Field<Vec<Field<PaymentItem>>>>,
    /// What went wrong, for a session in `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One payout in a session (`payout_list[]`, v1 `payments[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PayoutItem {
    /// Payout id, e.g. `po_1313`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Field<String>>,
    /// Payout status; `succeeded` means paid out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<ItemStatus>>,
    /// When it was created (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Field<String>>,
    /// When it finished (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Field<String>>,
    /// The recipient's reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Field<Customer>>,
    /// Where the money goes (masked, or the token echoed); v1 `payment_method`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout_details: Option<Field<PayoutDetails>>,
    /// How much.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<Field<AmountDetails>>,
    /// Sender and recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_details: Option<Field<ParticipantDetails>>,
    /// Bank references (rrn, auth code, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_info: Option<Field<TransactionInfo>>,
    /// What the user must do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_interaction: Option<Field<CustomerInteraction>>,
    /// Refunds of this item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refunds: Option<Field<Vec<Field<Refund>>>>,
    /// Your data, echoed back (any JSON).
    #[serde(
        default,
        deserialize_with = "any_json",
        skip_serializing_if = "Option::is_none"
    )]
    pub metadata: Option<Value>,
    /// What went wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One incoming payment in a session (`payment_list[]`, v1 `acquiring_payments[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PaymentItem {
    /// Payment id, e.g. `pm_1313`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Field<String>>,
    /// Payment status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<ItemStatus>>,
    /// When it was created (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Field<String>>,
    /// When it finished (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Field<String>>,
    /// The payer's reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Field<Customer>>,
    /// How it was paid (masked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_details: Option<Field<PaymentDetails>>,
    /// How much.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<Field<AmountDetails>>,
    /// Options sent with the payment, echoed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_options: Option<Field<PaymentOptions>>,
    /// The recurring token obtained, when the payment saved the card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrent: Option<Field<TokenInfo>>,
    /// Sender and recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_details: Option<Field<ParticipantDetails>>,
    /// Refunds (and chargebacks) of this payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refunds: Option<Field<Vec<Field<Refund>>>>,
    /// What the user must do (3-D Secure, SberPay link, QR).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_interaction: Option<Field<CustomerInteraction>>,
    /// Bank references (rrn, auth code, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_info: Option<Field<TransactionInfo>>,
    /// Your data, echoed back (any JSON).
    #[serde(
        default,
        deserialize_with = "any_json",
        skip_serializing_if = "Option::is_none"
    )]
    pub metadata: Option<Value>,
    /// What went wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Extra payment options (`payment_options`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PaymentOptions {
    /// Where the user returns after 3-D Secure or a bank page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<Field<String>>,
    /// Ask for a recurring token (the user agreed to save the card).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrent: Option<Field<bool>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A refund of a payment (`refunds[]`); chargebacks appear here with `is_chargeback`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Refund {
    /// Refund id, e.g. `rf_23`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Field<String>>,
    /// Refund status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<RefundStatus>>,
    /// When it was created (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Field<String>>,
    /// When it finished (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Field<String>>,
    /// How much.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<Field<AmountDetails>>,
    /// True when this is a chargeback (not requested by you).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_chargeback: Option<Field<bool>>,
    /// Bank references.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_info: Option<Field<TransactionInfo>>,
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TransactionInfo {
    /// Retrieval reference number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rrn: Option<Field<String>>,
    /// Authorization code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_code: Option<Field<String>>,
    /// Faster Payment System message id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fp_message_id: Option<Field<String>>,
    /// Acquirer reference number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What the user must do (`customer_interaction`): follow a redirect or see a QR code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomerInteraction {
    /// Which of `redirect` / `inform` follows.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Field<InteractionType>>,
    /// Where to send the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect: Option<Field<Redirect>>,
    /// What to show the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inform: Option<Field<Inform>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A redirect for the user (3-D Secure page, SberPay or SBP link).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Redirect {
    /// Full URL to open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Field<String>>,
    /// URL without the query string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<Field<String>>,
    /// HTTP method to use (`GET` or `POST`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Field<String>>,
    /// Query-string parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qs: Option<Field<Map<String, Value>>>,
    /// Form parameters to post (e.g. `PaReq`, `MD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<Field<Map<String, Value>>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Something to show the user, e.g. a QR code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Inform {
    /// A QR code (`content`, `img`), kept as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qr: Option<Field<Map<String, Value>>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Pike's error object (`error`): a machine code and a description, which is often a
/// `path.rule` such as `customer.reference.not_blank`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorObject {
    /// Machine code, e.g. `invalid_request`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Field<String>>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Field<String>>,
    /// Fields this version does not model (e.g. `reject_reasons`).
    #[serde(flatten)]
    pub extra: Extra,
}
