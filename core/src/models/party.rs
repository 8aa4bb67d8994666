//! Who is paying or being paid: `customer` and `participant_details`.

use serde::{Deserialize, Serialize};

use super::field::known;
use super::{Extra, Field};

/// Your reference for the user (`customer`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Customer {
    /// Your id for the user; must not be blank where a customer is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Field<String>>,
    /// Ways to reach the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Field<Vec<Field<Contact>>>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Customer {
    /// A customer with only a reference.
    pub fn new(reference: impl Into<String>) -> Self {
        Customer {
            reference: known(reference.into()),
            ..Customer::default()
        }
    }
}

/// One contact of a customer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Contact {
    /// E-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Field<String>>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Sender and recipient information (`participant_details`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ParticipantDetails {
    /// Who sends the money.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<Field<Participant>>,
    /// Who receives the money.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Field<Participant>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A sender or recipient. Pike documents the name fields; others (address, documents,
/// bank details) pass through in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Participant {
    /// Full name, e.g. `Ivanov Ivan`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<Field<String>>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<Field<String>>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<Field<String>>,
    /// Middle name (patronymic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<Field<String>>,
    /// Company name, for legal entities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<Field<String>>,
    /// Payer's IPv4 address (FPS QR payments).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<Field<String>>,
    /// Country, ISO 3166 alpha-3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_iso3: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}
