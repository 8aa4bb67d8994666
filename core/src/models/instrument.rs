//! Payout instruments (`payout_details`, v1 `payment_method`) and payment instruments
//! (`payment_details`).
//!
//! Each is a tagged object, `{"type": t, t: {...}}`, modelled as a struct with one
//! optional field per known `t`; an unknown type keeps its object in `extra`.

use serde::{Deserialize, Serialize};

use super::field::known;
use super::{
    BankSystemType, CardType, Extra, Field, InternetBankingType, PaymentType, PayoutType,
    RecurrentInitiator, SberPayChannel, Secret,
};

/// Where a payout goes: a card, a bank account or a recurring-payment token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PayoutDetails {
    /// Which instrument follows.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Field<PayoutType>>,
    /// Card data, for `type = card`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<Field<Card>>,
    /// Bank account, for `type = bank_account`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_account: Option<Field<BankAccount>>,
    /// Recurring token, for `type = recurrent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrent: Option<Field<RecurrentToken>>,
    /// Fields this version does not model (e.g. the object of an unknown type).
    #[serde(flatten)]
    pub extra: Extra,
}

impl PayoutDetails {
    fn with_card(card: Card) -> Self {
        PayoutDetails {
            kind: known(PayoutType::Card),
            card: known(card),
            bank_account: None,
            recurrent: None,
            extra: Extra::default(),
        }
    }

    /// A payout to a raw card number (needs PCI DSS compliance).
    pub fn bank_card(number: impl Into<Secret>) -> Self {
        Self::with_card(Card::bank_card(BankCard::new(number)))
    }

    /// A payout to a card token from the widget or `tokenize/elements`.
    pub fn tokenized_card(token: impl Into<Secret>) -> Self {
        Self::with_card(Card::tokenized(token))
    }

    /// A payout to a card hash from an earlier payment.
    pub fn encrypted_card(number_hash: impl Into<Secret>) -> Self {
        Self::with_card(Card::encrypted(number_hash))
    }

    /// A payout with a recurring-payment token.
    pub fn recurrent(token: impl Into<Secret>) -> Self {
        PayoutDetails {
            kind: known(PayoutType::Recurrent),
            card: None,
            bank_account: None,
            recurrent: known(RecurrentToken::new(token)),
            extra: Extra::default(),
        }
    }

    /// A Faster Payment System payout to a phone number at bank `bank_id`
    /// (ids from `fps/banks`); `description` is the payout purpose.
    pub fn faster_payment_system(
        phone: impl Into<String>,
        bank_id: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        let fps = FpsAccount {
            phone: known(phone.into()),
            bank_id: known(bank_id.into()),
            description: known(description.into()),
            extra: Extra::default(),
        };
        Self::bank_account(BankSystemType::FasterPaymentSystem, fps)
    }

    /// The instrument for `fps/customer_verification`: is `phone` registered at `bank_id`?
    pub fn fps_verification(phone: impl Into<String>, bank_id: impl Into<String>) -> Self {
        let fps = FpsAccount {
            phone: known(phone.into()),
            bank_id: known(bank_id.into()),
            description: None,
            extra: Extra::default(),
        };
        Self::bank_account(BankSystemType::FasterPaymentSystemVerification, fps)
    }

    fn bank_account(system: BankSystemType, fps: FpsAccount) -> Self {
        let mut account = BankAccount {
            system_type: known(system.clone()),
            faster_payment_system: None,
            faster_payment_system_verification: None,
            extra: Extra::default(),
        };
        if system == BankSystemType::FasterPaymentSystem {
            account.faster_payment_system = known(fps);
        } else {
            account.faster_payment_system_verification = known(fps);
        }
        PayoutDetails {
            kind: known(PayoutType::BankAccount),
            card: None,
            bank_account: known(account),
            recurrent: None,
            extra: Extra::default(),
        }
    }
}

/// How a payment is made: a card, a recurring token, FPS (SBP QR) or internet banking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PaymentDetails {
    /// Which instrument follows.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Field<PaymentType>>,
    /// Card data, for `type = card` (masked in answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<Field<Card>>,
    /// Recurring token, for `type = recurrent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrent: Option<Field<RecurrentToken>>,
    /// Internet banking (SberPay), for `type = internet_banking`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_banking: Option<Field<InternetBanking>>,
    /// Fields this version does not model (e.g. the object of an unknown type).
    #[serde(flatten)]
    pub extra: Extra,
}

impl PaymentDetails {
    /// A payment with raw card data; months and years are 2-digit strings (`"05"`, `"26"`).
    pub fn bank_card(
        number: impl Into<Secret>,
        expiration_month: impl Into<String>,
        expiration_year: impl Into<String>,
        security_code: impl Into<Secret>,
    ) -> Self {
        let mut card = BankCard::new(number);
        card.expiration_month = known(expiration_month.into());
        card.expiration_year = known(expiration_year.into());
        card.security_code = known(security_code.into());
        PaymentDetails {
            kind: known(PaymentType::Card),
            card: known(Card::bank_card(card)),
            recurrent: None,
            internet_banking: None,
            extra: Extra::default(),
        }
    }

    /// A recurring payment started by `initiator` with a saved token.
    pub fn recurrent(token: impl Into<Secret>, initiator: RecurrentInitiator) -> Self {
        let mut recurrent = RecurrentToken::new(token);
        recurrent.initiator = known(initiator);
        PaymentDetails {
            kind: known(PaymentType::Recurrent),
            card: None,
            recurrent: known(recurrent),
            internet_banking: None,
            extra: Extra::default(),
        }
    }

    /// A SberPay payment through `channel`.
    pub fn sber_pay(channel: SberPayChannel) -> Self {
        PaymentDetails {
            kind: known(PaymentType::InternetBanking),
            card: None,
            recurrent: None,
            internet_banking: known(InternetBanking {
                kind: known(InternetBankingType::SberPay),
                sber_pay: known(SberPay {
                    channel: known(channel),
                    phone: None,
                    extra: Extra::default(),
                }),
                extra: Extra::default(),
            }),
            extra: Extra::default(),
        }
    }
}

/// A card: in requests one of `bank_card` / `tokenized_card` / `encrypted_card` named by
/// `type`; in answers often the masked form (`last4`, `brand`, `bin`, `country_iso3`)
/// without `type`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Card {
    /// Which card form follows; absent in the masked form.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Field<CardType>>,
    /// Raw card data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_card: Option<Field<BankCard>>,
    /// A card token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokenized_card: Option<Field<TokenizedCard>>,
    /// A card hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted_card: Option<Field<EncryptedCard>>,
    /// Masked form: last four digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last4: Option<Field<String>>,
    /// Masked form: card brand, e.g. `visa`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<Field<String>>,
    /// Masked form: first six digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bin: Option<Field<String>>,
    /// Masked form: issuing country, ISO 3166 alpha-3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_iso3: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Card {
    fn bank_card(card: BankCard) -> Self {
        Card {
            kind: known(CardType::BankCard),
            bank_card: known(card),
            ..Card::default()
        }
    }

    fn tokenized(token: impl Into<Secret>) -> Self {
        Card {
            kind: known(CardType::TokenizedCard),
            tokenized_card: known(TokenizedCard {
                token: known(token.into()),
                extra: Extra::default(),
            }),
            ..Card::default()
        }
    }

    fn encrypted(number_hash: impl Into<Secret>) -> Self {
        Card {
            kind: known(CardType::EncryptedCard),
            encrypted_card: known(EncryptedCard {
                number_hash: known(number_hash.into()),
                extra: Extra::default(),
            }),
            ..Card::default()
        }
    }
}

/// Raw card data. Payouts need only `number`; payments also the expiry and usually
/// the security code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BankCard {
    /// Card number, 12–19 digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<Field<Secret>>,
    /// Expiry month, 2 digits (`"05"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_month: Option<Field<String>>,
    /// Expiry year, 2 digits (`"26"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_year: Option<Field<String>>,
    /// CVV/CVC, 3 or 4 digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_code: Option<Field<Secret>>,
    /// Name on the card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cardholder_name: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl BankCard {
    /// Card data with only the number.
    pub fn new(number: impl Into<Secret>) -> Self {
        BankCard {
            number: known(number.into()),
            expiration_month: None,
            expiration_year: None,
            security_code: None,
            cardholder_name: None,
            extra: Extra::default(),
        }
    }
}

/// A card token (`tokenized_card`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenizedCard {
    /// The token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<Field<Secret>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A card hash from an earlier payment (`encrypted_card`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EncryptedCard {
    /// Hash of the card number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_hash: Option<Field<Secret>>,
    /// Fields this version does not model (other hashes pass through here, redacted in `Debug`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A recurring-payment token used as an instrument (`recurrent`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecurrentToken {
    /// The token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<Field<Secret>>,
    /// For payments: who starts it (`merchant` = MIT, `client` = CIT with 3-D Secure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiator: Option<Field<RecurrentInitiator>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl RecurrentToken {
    /// The token alone.
    pub fn new(token: impl Into<Secret>) -> Self {
        RecurrentToken {
            token: known(token.into()),
            initiator: None,
            extra: Extra::default(),
        }
    }
}

/// A bank account (`bank_account`): `system_type` names the object that follows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BankAccount {
    /// Which account system follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_type: Option<Field<BankSystemType>>,
    /// FPS payout by phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faster_payment_system: Option<Field<FpsAccount>>,
    /// FPS registration check by phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub faster_payment_system_verification: Option<Field<FpsAccount>>,
    /// Fields this version does not model (`ru`, `iban`, `global`, ... objects).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A Faster Payment System recipient: phone number and bank.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FpsAccount {
    /// Phone number, e.g. `79261234567`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Field<String>>,
    /// Bank id from `fps/banks`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_id: Option<Field<String>>,
    /// Payout purpose (payouts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Internet banking (`internet_banking`): `type` names the object that follows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InternetBanking {
    /// Which method follows.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Field<InternetBankingType>>,
    /// SberPay settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sber_pay: Option<Field<SberPay>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// SberPay settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SberPay {
    /// Where the payer confirms: `app`, `mobile_web` or `web`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Field<SberPayChannel>>,
    /// Payer's phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Field<String>>,
    /// Fields this version does not model.
    #[serde(flatten)]
    pub extra: Extra,
}
