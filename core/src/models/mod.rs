//! The Pike API's objects as serde types, with canonical (API v2) names; the
//! [`crate::wire`] module renames v1 bodies at the edge.
//!
//! Every object keeps the fields it does not model in `extra` and serializes them back
//! unchanged; every status and type tag keeps an unknown value as `Unknown(String)`.
//! Card numbers, security codes, tokens and hashes are [`Secret`]s: sent as is, never
//! shown by `Debug`. [`validate_request`] checks a request body before it is sent.

mod amount;
mod enums;
mod extra;
mod field;
mod info;
mod instrument;
mod party;
mod requests;
mod responses;
mod secret;
mod session;
pub(crate) mod string_enum;
mod tokens;
mod validate;

pub use amount::AmountDetails;
pub use enums::{
    BankSystemType, CardType, InteractionType, InternetBankingType, ItemStatus, NextAction,
    PaymentType, PayoutType, RecurrentInitiator, RefundStatus, ResponseStatus, SberPayChannel,
    SessionStatus, TokenType,
};
pub use extra::Extra;
pub(crate) use field::FIELD_TOKEN;
pub use field::{Drift, Field, FieldItems, FieldValue, json_type, report_drift, view};
pub use info::{Bank, Wallet};
pub use instrument::{
    BankAccount, BankCard, Card, EncryptedCard, FpsAccount, InternetBanking, PaymentDetails,
    PayoutDetails, RecurrentToken, SberPay, TokenizedCard,
};
pub use party::{Contact, Customer, Participant, ParticipantDetails};
pub use requests::*;
pub use responses::*;
pub use secret::Secret;
pub use session::{
    CustomerInteraction, ErrorObject, Inform, PaymentItem, PaymentOptions, PayoutItem, Redirect,
    Refund, Session, TransactionInfo,
};
pub use tokens::{
    AcquiringWidget, CardElement, CardElementInfo, FpsNoAccountWidget, TokenInfo, TokenRef,
    TokenizeWidget, TokenizedElement,
};
pub use validate::validate_request;
