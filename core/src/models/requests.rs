//! A request body type for each of the 18 endpoints (canonical v2 names).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::extra::any_json;
use super::{
    AcquiringWidget, AmountDetails, Card, CardElement, Customer, Extra, FpsNoAccountWidget,
    ParticipantDetails, PaymentDetails, PaymentOptions, PayoutDetails, RecurrentToken, TokenRef,
    TokenType, TokenizeWidget,
};

/// `session/create`: a session, empty or pre-filled for a payout or a payment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionCreateRequest {
    /// Payout instrument (v1 `payment_method`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout_details: Option<PayoutDetails>,
    /// Payment instrument.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_details: Option<PaymentDetails>,
    /// Amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<AmountDetails>,
    /// Sender and recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_details: Option<ParticipantDetails>,
    /// Your reference for the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// Extra payment options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_options: Option<PaymentOptions>,
    /// Your data, echoed in answers and webhooks (any JSON).
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

/// `session/init/payout`: create a session and start a payout in one call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionInitPayoutRequest {
    /// Where the money goes (v1 `payment_method`).
    pub payout_details: PayoutDetails,
    /// How much.
    pub amount_details: AmountDetails,
    /// Sender and recipient (e.g. `recipient.full_name`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_details: Option<ParticipantDetails>,
    /// Your reference for the recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// Your data, echoed in answers and webhooks (any JSON).
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

impl SessionInitPayoutRequest {
    /// A payout of `amount_details` to `payout_details`.
    pub fn new(payout_details: PayoutDetails, amount_details: AmountDetails) -> Self {
        SessionInitPayoutRequest {
            payout_details,
            amount_details,
            participant_details: None,
            customer: None,
            metadata: None,
            extra: Extra::default(),
        }
    }
}

/// `session/init/payment`: create a session and start a payment in one call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionInitPaymentRequest {
    /// How the user pays.
    pub payment_details: PaymentDetails,
    /// How much.
    pub amount_details: AmountDetails,
    /// Your reference for the payer (`reference` must not be blank).
    pub customer: Customer,
    /// Sender and recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_details: Option<ParticipantDetails>,
    /// Extra options, e.g. `return_url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_options: Option<PaymentOptions>,
    /// Your data, echoed in answers and webhooks (any JSON).
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

impl SessionInitPaymentRequest {
    /// A payment of `amount_details` with `payment_details` by `customer`.
    pub fn new(
        payment_details: PaymentDetails,
        amount_details: AmountDetails,
        customer: Customer,
    ) -> Self {
        SessionInitPaymentRequest {
            payment_details,
            amount_details,
            customer,
            participant_details: None,
            payment_options: None,
            metadata: None,
            extra: Extra::default(),
        }
    }
}

/// `session/start/payout`: start a payout in an existing session (fields not sent in
/// `session/create` become required).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionStartPayoutRequest {
    /// Session id.
    pub session_id: String,
    /// Where the money goes (v1 `payment_method`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout_details: Option<PayoutDetails>,
    /// How much.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<AmountDetails>,
    /// Sender and recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_details: Option<ParticipantDetails>,
    /// Your reference for the recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// Your data, echoed in answers and webhooks (any JSON).
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

/// `session/start/payment`: start a payment in an existing session (fields not sent in
/// `session/create` become required).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionStartPaymentRequest {
    /// Session id.
    pub session_id: String,
    /// How the user pays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_details: Option<PaymentDetails>,
    /// How much.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<AmountDetails>,
    /// Your reference for the payer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// Sender and recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_details: Option<ParticipantDetails>,
    /// Extra options, e.g. `return_url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_options: Option<PaymentOptions>,
    /// Your data, echoed in answers and webhooks (any JSON).
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

/// Defines a request that carries only `session_id`.
macro_rules! session_id_request {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub struct $name {
            /// Session id, exactly as Pike returned it.
            pub session_id: String,
            /// Fields this version does not model.
            #[serde(flatten)]
            pub extra: Extra,
        }

        impl $name {
            /// The request for session `session_id`.
            pub fn new(session_id: impl Into<String>) -> Self {
                $name { session_id: session_id.into(), extra: Extra::default() }
            }
        }
    };
}

session_id_request! {
    /// `session/confirm`: approve the operation Pike is waiting on (`ready_to_confirm`).
    SessionConfirmRequest
}

session_id_request! {
    /// `session/cancel`: abort the operation Pike is waiting on, or release a hold.
    SessionCancelRequest
}

session_id_request! {
    /// `session/status`: the full state of a session.
    SessionStatusRequest
}

/// `session/capture`: debit held money, all of it or `amount_details`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionCaptureRequest {
    /// Session id.
    pub session_id: String,
    /// How much to capture; absent captures everything held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<AmountDetails>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `session/refund`: return money of a successful payment, all of it or `amount_details`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionRefundRequest {
    /// Session holding the successful payment.
    pub session_id: String,
    /// How much to refund; absent refunds in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<AmountDetails>,
    /// Your data (any JSON).
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

/// `recurrent/disable`: turn a recurring token off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecurrentDisableRequest {
    /// The token to disable.
    pub recurrent: RecurrentToken,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `token`: a public token (24 h, single use) for Pike's widgets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenRequest {
    /// Card tokenization widget settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokenize_widget: Option<TokenizeWidget>,
    /// Payment-form widget settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acquiring_widget: Option<AcquiringWidget>,
    /// Money-transfer payment-form settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fps_no_account_widget: Option<FpsNoAccountWidget>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `token/info`: what is behind a card token/hash, a public token or a recurring token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenInfoRequest {
    /// Which of `card`, `public_token`, `recurrent_token` is sent.
    #[serde(rename = "type")]
    pub kind: TokenType,
    /// The card (`encrypted_card` or `tokenized_card`), for `type = card`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// The public token, for `type = public_token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_token: Option<TokenRef>,
    /// The recurring token, for `type = recurrent_token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrent_token: Option<TokenRef>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `tokenize/elements`: tokenize card numbers stored at Pike.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenizeElementsRequest {
    /// The card numbers, each under your `ref`.
    pub card_elements: Vec<CardElement>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `fps/banks`: the Faster Payment System banks (an empty body, sent with GET).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FpsBanksRequest {
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `fps/customer_verification`: is a phone number registered in the Faster Payment System?
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FpsCustomerVerificationRequest {
    /// `bank_account` with `faster_payment_system_verification` (v1 `payment_method`).
    pub payout_details: PayoutDetails,
    /// The recipient's names.
    pub participant_details: ParticipantDetails,
    /// Session id (optional; some deployments ask for it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `wallet/balance`: the balance of your Pike deposit wallets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WalletBalanceRequest {
    /// When the request is made, ISO 8601 (e.g. `2019-10-14T19:53:00+03:00`).
    pub request_datetime: String,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `sberpay/push`: ask Sber to send the payer a push or SMS for a SberPay payment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SberpayPushRequest {
    /// Session id.
    pub session_id: String,
    /// The payer's phone number.
    pub phone: String,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}
