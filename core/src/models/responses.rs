//! An answer type for each of the 18 endpoints (canonical v2 names).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{
    Bank, ErrorObject, Extra, Field, ResponseStatus, Secret, Session, TokenInfo, TokenizedElement,
    Wallet,
};
use crate::endpoint::Endpoint;

/// The answer of every `session/*` method and `fps/customer_verification`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionResponse {
    /// `ok` or `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<ResponseStatus>>,
    /// The session, on success.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Field<Session>>,
    /// What went wrong, on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Answer of `session/create`.
pub type SessionCreateResponse = SessionResponse;
/// Answer of `session/init/payout`.
pub type SessionInitPayoutResponse = SessionResponse;
/// Answer of `session/init/payment`.
pub type SessionInitPaymentResponse = SessionResponse;
/// Answer of `session/start/payout`.
pub type SessionStartPayoutResponse = SessionResponse;
/// Answer of `session/start/payment`.
pub type SessionStartPaymentResponse = SessionResponse;
/// Answer of `session/confirm`.
pub type SessionConfirmResponse = SessionResponse;
/// Answer of `session/cancel`.
pub type SessionCancelResponse = SessionResponse;
/// Answer of `session/capture`.
pub type SessionCaptureResponse = SessionResponse;
/// Answer of `session/refund`.
pub type SessionRefundResponse = SessionResponse;
/// Answer of `session/status`.
pub type SessionStatusResponse = SessionResponse;
/// Answer of `fps/customer_verification`.
pub type FpsCustomerVerificationResponse = SessionResponse;

/// Answer of `recurrent/disable`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecurrentDisableResponse {
    /// `ok` or `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<ResponseStatus>>,
    /// The disabled token (`is_active: false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrent: Option<Field<TokenInfo>>,
    /// What went wrong, on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Answer of `token`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenResponse {
    /// `ok` or `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<ResponseStatus>>,
    /// The public token for the widgets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_token: Option<Field<Secret>>,
    /// What went wrong, on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Answer of `token/info`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenInfoResponse {
    /// `ok` or `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<ResponseStatus>>,
    /// Card, public-token or recurring-token info, by the request's `type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub info: Option<Field<TokenInfo>>,
    /// What went wrong, on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Answer of `tokenize/elements`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenizeElementsResponse {
    /// `ok` or `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<ResponseStatus>>,
    /// One token per element, keyed by the element's `ref`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Field<BTreeMap<String, Field<TokenizedElement>>>>,
    /// What went wrong, on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Answer of `fps/banks` (Pike's example has no `status`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FpsBanksResponse {
    /// `ok` or `error`, when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<ResponseStatus>>,
    /// The banks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banks: Option<Field<Vec<Field<Bank>>>>,
    /// What went wrong, on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Answer of `wallet/balance`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WalletBalanceResponse {
    /// `ok` or `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<ResponseStatus>>,
    /// Your deposit wallets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallets: Option<Field<Vec<Field<Wallet>>>>,
    /// What went wrong, on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Answer of `sberpay/push`: only a status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SberpayPushResponse {
    /// `ok` or `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Field<ResponseStatus>>,
    /// What went wrong, on error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Field<ErrorObject>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A typed request body: the endpoint it goes to and the type of its answer
/// (implemented for each request type by the operation table in [`crate::endpoint`]).
pub trait ApiRequest: Serialize {
    /// The endpoint this body is sent to.
    const ENDPOINT: Endpoint;
    /// The answer's type.
    type Response: DeserializeOwned + Serialize;
}
