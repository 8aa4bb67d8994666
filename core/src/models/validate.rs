//! Validation of canonical (v2-named) request bodies: the one validator the client runs
//! before sending and the sandbox runs on what it receives.
//!
//! It refuses only what can never work: a missing required id or object, an amount that
//! is not an integer above 0, a blank or wrongly typed required scalar, a card number
//! that is not 12–19 digits. Unknown instrument, card, system and other type values pass
//! (logged at `debug`, target `pikepay::validate`), and so do extra fields: Pike adds
//! both. Currency codes are three ASCII letters in any case and are sent as given
//! (Pike's documents write them lowercase).
//!
//! Known type values are the enums' own lists ([`PayoutType::WIRE`], ...), never a copy.
//!
//! Each failure is an [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest)
//! naming the field path in Pike's style (`field()`: `card_elements.0.ref`) and Pike's
//! `path.rule` description (`pike_description()`), e.g. `amount_details.amount.positive`.

use serde_json::{Map, Value};

use super::{
    BankSystemType, CardType, InternetBankingType, PaymentType, PayoutType, RecurrentInitiator,
    SberPayChannel, TokenType,
};
use crate::endpoint::Endpoint;
use crate::error::{Error, Result};

/// Rule names used in `path.rule` descriptions.
mod rule {
    /// The field is missing or `null`.
    pub const REQUIRED: &str = "required";
    /// A string field is empty or only whitespace.
    pub const NOT_BLANK: &str = "not_blank";
    /// The field has the wrong JSON type (e.g. a number where a string belongs).
    pub const INVALID_TYPE: &str = "invalid_type";
    /// An amount is zero or negative.
    pub const POSITIVE: &str = "positive";
    /// A value has the wrong form or is not one of the known values.
    pub const INVALID: &str = "invalid";
}

/// Checks a canonical (v2-named) request body for `endpoint`: required ids and objects,
/// amounts (integer minor units > 0, a 3-letter currency), non-blank references, and the
/// inner objects of the instrument types Pike documents. Returns the first problem found.
pub fn validate_request(endpoint: Endpoint, body: &Value) -> Result<()> {
    let b = object(body, "body")?;
    match endpoint {
        Endpoint::SessionCreate => {
            optional(b, "", "payout_details", payout_instrument)?;
            optional(b, "", "payment_details", payment_instrument)?;
            optional(b, "", "amount_details", amount)?;
            common_optional(b)
        }
        Endpoint::SessionInitPayout => {
            payout_instrument(required(b, "", "payout_details")?, "payout_details")?;
            amount(required(b, "", "amount_details")?, "amount_details")?;
            common_optional(b)
        }
        Endpoint::SessionInitPayment => {
            payment_instrument(required(b, "", "payment_details")?, "payment_details")?;
            amount(required(b, "", "amount_details")?, "amount_details")?;
            customer(required(b, "", "customer")?, "customer")?;
            common_optional(b)
        }
        Endpoint::SessionStartPayout => {
            session_id(b)?;
            optional(b, "", "payout_details", payout_instrument)?;
            optional(b, "", "amount_details", amount)?;
            common_optional(b)
        }
        Endpoint::SessionStartPayment => {
            session_id(b)?;
            optional(b, "", "payment_details", payment_instrument)?;
            optional(b, "", "amount_details", amount)?;
            common_optional(b)
        }
        Endpoint::SessionConfirm | Endpoint::SessionCancel | Endpoint::SessionStatus => {
            session_id(b)
        }
        Endpoint::SessionCapture | Endpoint::SessionRefund => {
            session_id(b)?;
            optional(b, "", "amount_details", amount)
        }
        Endpoint::RecurrentDisable => {
            let r = object(required(b, "", "recurrent")?, "recurrent")?;
            not_blank(required(r, "recurrent", "token")?, "recurrent.token")
        }
        Endpoint::Token => {
            optional(b, "", "acquiring_widget", widget_session)?;
            optional(b, "", "fps_no_account_widget", widget_session)?;
            optional(b, "", "tokenize_widget", |v, p| object(v, p).map(drop))
        }
        Endpoint::TokenInfo => token_info(b),
        Endpoint::TokenizeElements => card_elements(required(b, "", "card_elements")?),
        Endpoint::FpsBanks => Ok(()),
        Endpoint::FpsCustomerVerification => {
            fps_verification(required(b, "", "payout_details")?, "payout_details")?;
            object(
                required(b, "", "participant_details")?,
                "participant_details",
            )?;
            optional(b, "", "session_id", not_blank)
        }
        Endpoint::WalletBalance => {
            datetime(required(b, "", "request_datetime")?, "request_datetime")
        }
        Endpoint::SberpayPush => {
            session_id(b)?;
            not_blank(required(b, "", "phone")?, "phone")
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object()
        .ok_or_else(|| Error::invalid_rule(path, rule::INVALID_TYPE, "must be a JSON object"))
}

/// The value at `parent.key`; missing or `null` is `required`.
fn required<'a>(m: &'a Map<String, Value>, parent: &str, key: &str) -> Result<&'a Value> {
    match m.get(key) {
        None | Some(Value::Null) => Err(Error::invalid_rule(
            join(parent, key),
            rule::REQUIRED,
            "is required",
        )),
        Some(v) => Ok(v),
    }
}

/// Runs `check` on `parent.key` when it is present and not `null`.
fn optional(
    m: &Map<String, Value>,
    parent: &str,
    key: &str,
    check: impl FnOnce(&Value, &str) -> Result<()>,
) -> Result<()> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(()),
        Some(v) => check(v, &join(parent, key)),
    }
}

fn string<'a>(v: &'a Value, path: &str) -> Result<&'a str> {
    v.as_str()
        .ok_or_else(|| Error::invalid_rule(path, rule::INVALID_TYPE, "must be a string"))
}

fn not_blank(v: &Value, path: &str) -> Result<()> {
    if string(v, path)?.trim().is_empty() {
        return Err(Error::invalid_rule(
            path,
            rule::NOT_BLANK,
            "must not be blank",
        ));
    }
    Ok(())
}

/// A refused value as an error message shows it: quoted when short and free of digits
/// (a mistyped name), otherwise left out, since it may be card data in the wrong field.
fn shown(value: &str) -> String {
    if value.chars().count() <= 32 && !value.chars().any(|c| c.is_ascii_digit() || c.is_control()) {
        format!("'{value}'")
    } else {
        "the value".to_owned()
    }
}

/// A type tag: a non-blank string. A value this version does not know passes (Pike adds
/// types); it is logged at `debug` so a typo can still be found.
fn tag<'a>(v: &'a Value, path: &str, known: &[&str]) -> Result<&'a str> {
    let s = string(v, path)?;
    if s.trim().is_empty() {
        return Err(Error::invalid_rule(
            path,
            rule::NOT_BLANK,
            "must not be blank",
        ));
    }
    if !known.contains(&s) {
        tracing::debug!(
            target: "pikepay::validate",
            path,
            value = s,
            known = %known.join(", "),
            "unknown type value sent as given"
        );
    }
    Ok(s)
}

/// An ISO 8601 date and time, e.g. `2024-05-27T02:03:00Z`.
fn datetime(v: &Value, path: &str) -> Result<()> {
    not_blank(v, path)?;
    let s = string(v, path)?;
    let iso = time::format_description::well_known::Iso8601::DEFAULT;
    if time::OffsetDateTime::parse(s, &iso).is_err()
        && time::PrimitiveDateTime::parse(s, &iso).is_err()
    {
        return Err(Error::invalid_rule(
            path,
            rule::INVALID,
            format!(
                "{} is not an ISO 8601 date and time such as 2024-05-27T02:03:00Z",
                shown(s)
            ),
        ));
    }
    Ok(())
}

/// A string of `min..=max` ASCII digits (the value is never echoed: it may be a card number).
fn digits(v: &Value, path: &str, min: usize, max: usize) -> Result<()> {
    let s = string(v, path)?;
    if s.is_empty() {
        return Err(Error::invalid_rule(
            path,
            rule::NOT_BLANK,
            "must not be blank",
        ));
    }
    if s.len() < min || s.len() > max || !s.bytes().all(|c| c.is_ascii_digit()) {
        let what = if min == max {
            format!("must be {min} digits")
        } else {
            format!("must be {min} to {max} digits, with no spaces or dashes")
        };
        return Err(Error::invalid_rule(path, rule::INVALID, what));
    }
    Ok(())
}

fn session_id(b: &Map<String, Value>) -> Result<()> {
    not_blank(required(b, "", "session_id")?, "session_id")
}

/// Optional fields shared by the session-starting methods.
fn common_optional(b: &Map<String, Value>) -> Result<()> {
    optional(b, "", "customer", customer)?;
    optional(b, "", "participant_details", |v, p| object(v, p).map(drop))?;
    optional(b, "", "payment_options", payment_options)
}

/// `amount_details`: integer minor units > 0 and a 3-letter currency, in any case.
fn amount(v: &Value, path: &str) -> Result<()> {
    let m = object(v, path)?;
    let amount_path = join(path, "amount");
    let a = required(m, path, "amount")?;
    let Some(n) = a.as_i64() else {
        let problem = if a.is_f64() {
            "must be an integer number of minor units (10000 = 100.00), not a decimal number"
        } else {
            "must be an integer number of minor units (10000 = 100.00)"
        };
        return Err(Error::invalid_rule(
            amount_path,
            rule::INVALID_TYPE,
            problem,
        ));
    };
    if n <= 0 {
        return Err(Error::invalid_rule(
            amount_path,
            rule::POSITIVE,
            "must be greater than 0",
        ));
    }
    let currency_path = join(path, "currency");
    let c = string(required(m, path, "currency")?, &currency_path)?;
    if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::invalid_rule(
            currency_path,
            rule::INVALID,
            format!("{} is not a 3-letter ISO 4217 code such as 'rub'", shown(c)),
        ));
    }
    Ok(())
}

/// `customer`: `reference` is required and not blank.
fn customer(v: &Value, path: &str) -> Result<()> {
    let m = object(v, path)?;
    not_blank(required(m, path, "reference")?, &join(path, "reference"))?;
    optional(m, path, "contacts", |v, p| {
        v.as_array().map(drop).ok_or_else(|| {
            Error::invalid_rule(p, rule::INVALID_TYPE, "must be an array of contacts")
        })
    })
}

fn payment_options(v: &Value, path: &str) -> Result<()> {
    let m = object(v, path)?;
    optional(m, path, "return_url", not_blank)
}

/// The tag of a tagged object, `{"type": t, t: {...}}`, and its inner object when the
/// tag is one of `checked` (then the inner object is required). `known` are the values
/// of the tag's enum (a value outside it is logged); any other tag gives no inner
/// object: nothing more is checked.
fn tagged<'a>(
    m: &'a Map<String, Value>,
    path: &str,
    tag_key: &str,
    known: &[&str],
    checked: &[&str],
) -> Result<(&'a str, Option<&'a Map<String, Value>>)> {
    let t = tag(required(m, path, tag_key)?, &join(path, tag_key), known)?;
    if !checked.contains(&t) {
        return Ok((t, None));
    }
    let inner = object(required(m, path, t)?, &join(path, t))?;
    Ok((t, Some(inner)))
}

/// `payout_details`: card (bank_card / tokenized_card / encrypted_card), bank_account,
/// recurrent, or a type this version does not know (e.g. `wallet`).
fn payout_instrument(v: &Value, path: &str) -> Result<()> {
    let m = object(v, path)?;
    let (t, inner) = tagged(m, path, "type", PayoutType::WIRE, PayoutType::WIRE)?;
    let Some(inner) = inner else { return Ok(()) };
    let inner_path = join(path, t);
    match t {
        "card" => card(inner, &inner_path, false),
        "bank_account" => bank_account(inner, &inner_path),
        _ => recurrent(inner, &inner_path),
    }
}

/// `payment_details`: card, recurrent, faster_payment_system (SBP QR; no inner object
/// needed), internet_banking (SberPay), or a type this version does not know (e.g.
/// `secured_card`).
fn payment_instrument(v: &Value, path: &str) -> Result<()> {
    let m = object(v, path)?;
    let known = PaymentType::WIRE;
    let t = tag(required(m, path, "type")?, &join(path, "type"), known)?;
    let inner_path = join(path, t);
    if t == FPS {
        return optional(m, path, t, |v, p| object(v, p).map(drop));
    }
    if !known.contains(&t) {
        return Ok(());
    }
    let inner = object(required(m, path, t)?, &inner_path)?;
    match t {
        "card" => card(inner, &inner_path, true),
        "recurrent" => {
            recurrent(inner, &inner_path)?;
            optional(inner, &inner_path, "initiator", |v, p| {
                tag(v, p, RecurrentInitiator::WIRE).map(drop)
            })
        }
        _ => {
            let banking = InternetBankingType::WIRE;
            let (_, sber) = tagged(inner, &inner_path, "type", banking, banking)?;
            let Some(sber) = sber else { return Ok(()) };
            let sber_path = join(&inner_path, "sber_pay");
            tag(
                required(sber, &sber_path, "channel")?,
                &join(&sber_path, "channel"),
                SberPayChannel::WIRE,
            )
            .map(drop)
        }
    }
}

/// `card`: for payments a raw card also needs its expiry; the security code is checked
/// when given.
fn card(m: &Map<String, Value>, path: &str, payment: bool) -> Result<()> {
    let known = CardType::WIRE;
    let (t, Some(inner)) = tagged(m, path, "type", known, known)? else {
        return Ok(());
    };
    let p = join(path, t);
    match t {
        "bank_card" => {
            digits(required(inner, &p, "number")?, &join(&p, "number"), 12, 19)?;
            let month = join(&p, "expiration_month");
            let year = join(&p, "expiration_year");
            if payment {
                required(inner, &p, "expiration_month")?;
                required(inner, &p, "expiration_year")?;
            }
            optional(inner, &p, "expiration_month", |v, _| {
                let ok = v
                    .as_str()
                    .filter(|s| s.len() == 2)
                    .and_then(|s| s.parse::<u8>().ok())
                    .is_some_and(|n| (1..=12).contains(&n));
                if ok {
                    Ok(())
                } else {
                    Err(Error::invalid_rule(
                        &month,
                        rule::INVALID,
                        "must be a 2-digit month, \"01\" to \"12\"",
                    ))
                }
            })?;
            optional(inner, &p, "expiration_year", |v, _| digits(v, &year, 2, 2))?;
            optional(inner, &p, "security_code", |v, sp| digits(v, sp, 3, 4))
        }
        "tokenized_card" => not_blank(required(inner, &p, "token")?, &join(&p, "token")),
        _ => not_blank(
            required(inner, &p, "number_hash")?,
            &join(&p, "number_hash"),
        ),
    }
}

fn recurrent(m: &Map<String, Value>, path: &str) -> Result<()> {
    not_blank(required(m, path, "token")?, &join(path, "token"))
}

/// FPS systems (values of [`BankSystemType`] and [`PaymentType`]): a phone and a bank
/// are needed; a payout also needs a description.
const FPS: &str = "faster_payment_system";
const FPS_VERIFICATION: &str = "faster_payment_system_verification";

/// `bank_account`: FPS payouts need phone, bank_id and (for a payout) a description;
/// other systems (`ru`, `iban`, ... and unknown ones) pass as sent.
fn bank_account(m: &Map<String, Value>, path: &str) -> Result<()> {
    let known = BankSystemType::WIRE;
    let (t, inner) = tagged(m, path, "system_type", known, &[FPS, FPS_VERIFICATION])?;
    let Some(inner) = inner else { return Ok(()) };
    let p = join(path, t);
    not_blank(required(inner, &p, "phone")?, &join(&p, "phone"))?;
    not_blank(required(inner, &p, "bank_id")?, &join(&p, "bank_id"))?;
    if t == FPS {
        not_blank(
            required(inner, &p, "description")?,
            &join(&p, "description"),
        )?;
    }
    Ok(())
}

/// `fps/customer_verification` checks an FPS account: the instrument must be a
/// `bank_account` of an FPS system, whatever else it could be elsewhere.
fn fps_verification(v: &Value, path: &str) -> Result<()> {
    let m = object(v, path)?;
    let type_path = join(path, "type");
    if tag(required(m, path, "type")?, &type_path, PayoutType::WIRE)? != "bank_account" {
        return Err(Error::invalid_rule(
            type_path,
            rule::INVALID,
            "must be 'bank_account' (an FPS account) for fps/customer_verification",
        ));
    }
    let inner_path = join(path, "bank_account");
    let inner = object(required(m, path, "bank_account")?, &inner_path)?;
    let system_path = join(&inner_path, "system_type");
    let system = tag(
        required(inner, &inner_path, "system_type")?,
        &system_path,
        BankSystemType::WIRE,
    )?;
    if system != FPS_VERIFICATION && system != FPS {
        return Err(Error::invalid_rule(
            system_path,
            rule::INVALID,
            format!("must be '{FPS_VERIFICATION}' for fps/customer_verification"),
        ));
    }
    bank_account(inner, &inner_path)
}

/// A widget for a session (`acquiring_widget`, `fps_no_account_widget`): the session id
/// is required.
fn widget_session(v: &Value, path: &str) -> Result<()> {
    let m = object(v, path)?;
    not_blank(required(m, path, "session_id")?, &join(path, "session_id"))
}

/// `token/info`: `type` names which of `card`, `public_token`, `recurrent_token` is sent.
fn token_info(b: &Map<String, Value>) -> Result<()> {
    let known = TokenType::WIRE;
    let (t, Some(inner)) = tagged(b, "", "type", known, known)? else {
        return Ok(());
    };
    if t == "card" {
        card(inner, "card", false)
    } else {
        not_blank(required(inner, t, "token")?, &join(t, "token"))
    }
}

/// `tokenize/elements`: an array of elements, each with a `ref`, a `type` and, for
/// `card_number`, the number.
fn card_elements(v: &Value) -> Result<()> {
    let path = "card_elements";
    let Value::Array(items) = v else {
        return Err(Error::invalid_rule(
            path,
            rule::INVALID_TYPE,
            "must be an array of card elements, e.g. [{\"ref\": \"a\", \"type\": \"card_number\", \"card_number\": \"...\"}]",
        ));
    };
    if items.is_empty() {
        return Err(Error::invalid_rule(
            path,
            rule::NOT_BLANK,
            "must not be empty",
        ));
    }
    for (i, item) in items.iter().enumerate() {
        let p = join(path, &i.to_string());
        let m = object(item, &p)?;
        not_blank(required(m, &p, "ref")?, &join(&p, "ref"))?;
        let t = tag(
            required(m, &p, "type")?,
            &join(&p, "type"),
            &["card_number"],
        )?;
        if t == "card_number" {
            digits(
                required(m, &p, "card_number")?,
                &join(&p, "card_number"),
                12,
                19,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_fps_switches_are_known_values() {
        assert!(BankSystemType::WIRE.contains(&FPS));
        assert!(BankSystemType::WIRE.contains(&FPS_VERIFICATION));
        assert!(PaymentType::WIRE.contains(&FPS));
    }

    #[test]
    fn a_whole_decimal_amount_is_not_minor_units() {
        let body = json!({"payout_details": {"type": "wallet"},
            "amount_details": {"amount": 100.0, "currency": "rub"}});
        let e = validate_request(Endpoint::SessionInitPayout, &body).unwrap_err();
        assert_eq!(e.field(), Some("amount_details.amount"));
        assert!(
            e.message()
                .contains("must be an integer number of minor units"),
            "{e}"
        );
    }
}
