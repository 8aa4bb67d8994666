//! Tokens: token infos, public-token widgets and card tokenization.

use serde::{Deserialize, Serialize};

use super::{Extra, Field, Secret, TokenType};

/// What Pike knows about a token or card (`token/info` `info`, `recurrent/disable`
/// `recurrent`, a payment's `recurrent`): which fields are present depends on `type`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenInfo {
    /// `card`, `public_token` or `recurrent_token`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Field<TokenType>>,
    /// The token (public and recurring tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<Field<Secret>>,
    /// When it was issued (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Field<String>>,
    /// When it expires or was disabled (ISO 8601; ignore a date around 2000 after disabling).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Field<String>>,
    /// Whether it can still be used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_active: Option<Field<bool>>,
    /// Card info: hash of the card number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_hash: Option<Field<Secret>>,
    /// Card info: brand, e.g. `visa`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<Field<String>>,
    /// Card info: last four digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last4: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A token named in a request (`{"token": ...}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenRef {
    /// The token.
    pub token: Secret,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl TokenRef {
    /// A reference to `token`.
    pub fn new(token: impl Into<Secret>) -> Self {
        TokenRef {
            token: token.into(),
            extra: Extra::default(),
        }
    }
}

/// Settings of the payment-form widget (`acquiring_widget`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AcquiringWidget {
    /// The session the payment belongs to (required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// Show the "enable automatic payments" checkbox.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show_recurrent_checkbox: Option<bool>,
    /// Where to go after success.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_return_url: Option<String>,
    /// Where to go after an error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_return_url: Option<String>,
    /// Show success already when the money is held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_on_hold: Option<bool>,
    /// How the redirect opens, e.g. `top`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_target: Option<String>,
    /// Widget language, `en` or `ru`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Settings of the card tokenization widget (`tokenize_widget`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenizeWidget {
    /// Grant access to the widget.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<bool>,
    /// Widget language, `en` or `ru`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Settings of the money-transfer payment form (`fps_no_account_widget`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FpsNoAccountWidget {
    /// The session of the transfer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One card number to tokenize (`card_elements[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CardElement {
    /// Your key for this element; the answer's `data` is keyed by it.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Element type: `card_number`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The card number.
    pub card_number: Secret,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CardElement {
    /// A card number to tokenize under the key `reference`.
    pub fn card_number(reference: impl Into<String>, number: impl Into<Secret>) -> Self {
        CardElement {
            reference: reference.into(),
            kind: "card_number".to_owned(),
            card_number: number.into(),
            extra: Extra::default(),
        }
    }
}

/// The token made for one card element (`data.<ref>`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenizedElement {
    /// Token to use as `tokenized_card.token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<Field<Secret>>,
    /// What the card is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub info: Option<Field<CardElementInfo>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Card info of a tokenized element.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CardElementInfo {
    /// Masked number, e.g. `424242******4242`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masked_card_number: Option<Field<String>>,
    /// Card network, e.g. `visa`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_network: Option<Field<String>>,
    /// Card type, e.g. `visa`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_type: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}
