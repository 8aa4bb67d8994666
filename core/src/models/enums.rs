//! Statuses and type tags. Each keeps a value it does not know as `Unknown(String)`.

use super::string_enum::string_enum;

string_enum! {
    /// Status of a session (`session.status`).
    SessionStatus {
        /// Created, waiting to be started or cancelled.
        Created => "created",
        /// Being processed.
        InProgress => "in_progress",
        /// Completed successfully (final).
        Accepted => "accepted",
        /// Cancelled, spelled `cancelled` (final).
        Cancelled => "cancelled",
        /// Cancelled, spelled `canceled` (final); Pike uses both spellings.
        Canceled => "canceled",
        /// An unexpected error; not final: wait for the final status.
        Error => "error",
    }
}

impl SessionStatus {
    /// True for `cancelled` in either spelling.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, SessionStatus::Cancelled | SessionStatus::Canceled)
    }

    /// True when the session will not change any more (`accepted` or cancelled).
    pub fn is_final(&self) -> bool {
        matches!(self, SessionStatus::Accepted) || self.is_cancelled()
    }
}

string_enum! {
    /// Status of a payout or payment item.
    ItemStatus {
        /// Being processed.
        InProgress => "in_progress",
        /// Waiting for `session/confirm`, `session/capture` or `session/cancel`.
        Pending => "pending",
        /// Completed successfully (final).
        Succeeded => "succeeded",
        /// Failed (final).
        Failed => "failed",
    }
}

impl ItemStatus {
    /// True for `succeeded` and `failed`.
    pub fn is_final(&self) -> bool {
        matches!(self, ItemStatus::Succeeded | ItemStatus::Failed)
    }
}

string_enum! {
    /// Status of a refund.
    RefundStatus {
        /// Being processed.
        InProgress => "in_progress",
        /// Completed.
        Accepted => "accepted",
        /// Declined.
        Declined => "declined",
        /// Failed with an error.
        Error => "error",
    }
}

string_enum! {
    /// What Pike waits for you to do (`session.next_action`).
    NextAction {
        /// Send `session/confirm` or `session/cancel`.
        Confirm => "confirm",
        /// Send `session/capture` or `session/cancel`.
        Capture => "capture",
    }
}

string_enum! {
    /// `status` of every answer.
    ResponseStatus {
        /// The call succeeded.
        Ok => "ok",
        /// The call failed; see `error`.
        Error => "error",
    }
}

string_enum! {
    /// Type of a payout instrument (`payout_details.type`).
    PayoutType {
        /// A bank card; see `card`.
        Card => "card",
        /// A bank account (including FPS); see `bank_account`.
        BankAccount => "bank_account",
        /// A recurring-payment token; see `recurrent`.
        Recurrent => "recurrent",
    }
}

string_enum! {
    /// Type of a payment instrument (`payment_details.type`).
    PaymentType {
        /// A bank card; see `card`.
        Card => "card",
        /// A recurring-payment token; see `recurrent`.
        Recurrent => "recurrent",
        /// A payment through the Faster Payment System (SBP QR).
        FasterPaymentSystem => "faster_payment_system",
        /// Internet banking such as SberPay; see `internet_banking`.
        InternetBanking => "internet_banking",
    }
}

string_enum! {
    /// Form of card data (`card.type`).
    CardType {
        /// Raw card data (PCI DSS).
        BankCard => "bank_card",
        /// A token from the widget or `tokenize/elements`.
        TokenizedCard => "tokenized_card",
        /// A card hash from an earlier payment.
        EncryptedCard => "encrypted_card",
    }
}

string_enum! {
    /// Bank-account system (`bank_account.system_type`).
    BankSystemType {
        /// Faster Payment System payout by phone number.
        FasterPaymentSystem => "faster_payment_system",
        /// Check that a phone number is registered in the Faster Payment System.
        FasterPaymentSystemVerification => "faster_payment_system_verification",
        /// Russian bank account (BIK + account).
        Ru => "ru",
        /// IBAN account.
        Iban => "iban",
        /// International account.
        Global => "global",
        /// UPI.
        Upi => "upi",
    }
}

string_enum! {
    /// Internet-banking method (`internet_banking.type`).
    InternetBankingType {
        /// SberPay; see `sber_pay`.
        SberPay => "sber_pay",
    }
}

string_enum! {
    /// Where SberPay sends the payer.
    SberPayChannel {
        /// The Sber mobile app.
        App => "app",
        /// The mobile web page.
        MobileWeb => "mobile_web",
        /// The desktop web page.
        Web => "web",
    }
}

string_enum! {
    /// Who starts a recurring payment.
    RecurrentInitiator {
        /// The merchant, without the user (MIT).
        Merchant => "merchant",
        /// The user, with 3-D Secure (CIT).
        Client => "client",
    }
}

string_enum! {
    /// What `token/info` is asked about, and the `type` of a token info.
    TokenType {
        /// A card behind a token or hash.
        Card => "card",
        /// A public token for the widgets.
        PublicToken => "public_token",
        /// A recurring-payment token.
        RecurrentToken => "recurrent_token",
    }
}

string_enum! {
    /// What the user must do (`customer_interaction.type`).
    InteractionType {
        /// Send the user to `redirect.url`.
        Redirect => "redirect",
        /// Show the user something, e.g. a QR code in `inform`.
        Inform => "inform",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_kept_and_both_cancel_spellings_read() {
        let s: SessionStatus = serde_json::from_str("\"frozen\"").expect("parse");
        assert_eq!(s, SessionStatus::Unknown("frozen".into()));
        assert_eq!(serde_json::to_string(&s).expect("ser"), "\"frozen\"");
        for spelling in ["cancelled", "canceled"] {
            let s = SessionStatus::parse(spelling);
            assert!(s.is_cancelled() && s.is_final() && !s.is_unknown());
            assert_eq!(s.as_str(), spelling);
        }
        assert!(!SessionStatus::Error.is_final());
        assert_eq!(SessionStatus::KNOWN.len(), 6);
        assert_eq!(PayoutType::parse("wallet").to_string(), "wallet");
    }
}
