//! Money: integer minor units plus a currency code.

use serde::{Deserialize, Serialize};

use super::field::known;
use super::{Extra, Field};

/// An amount in minor units (`10000` with `rub` is 100.00 RUB) and a lowercase
/// ISO 4217 currency code. Never a float.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AmountDetails {
    /// Minor units; must be greater than 0 in requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Field<i64>>,
    /// Lowercase ISO 4217 code, e.g. `rub`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AmountDetails {
    /// `amount` minor units of `currency` (lowercased).
    pub fn new(amount: i64, currency: &str) -> Self {
        AmountDetails {
            amount: known(amount),
            currency: known(currency.to_ascii_lowercase()),
            extra: Extra::default(),
        }
    }
}
