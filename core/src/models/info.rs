//! Objects of the information endpoints: deposit wallets and FPS banks.

use serde::{Deserialize, Serialize};

use super::{AmountDetails, Extra, Field};

/// A Pike deposit wallet and its balance (`wallets[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Wallet {
    /// Wallet id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Field<String>>,
    /// Balance in minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_details: Option<Field<AmountDetails>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A Faster Payment System bank (`banks[]`); its `id` is the `bank_id` of FPS payouts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Bank {
    /// Bank id, e.g. `100000000243`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Field<String>>,
    /// English name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eng_name: Option<Field<String>>,
    /// Russian name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ru_name: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}
