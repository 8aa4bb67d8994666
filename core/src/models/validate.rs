//! Client-side validation of canonical (v2-named) request bodies, before anything is sent.
//!
//! Each failure is an [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest)
//! naming the dotted field path (`field()`) and Pike's `path.rule` description
//! (`pike_description()`), e.g. `amount_details.amount.positive`. The sandbox answers
//! with the same description. Unknown extra fields are allowed (Pike adds fields).

use serde_json::{Map, Value};

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

/// Payout instrument types Pike documents for requests.
const PAYOUT_TYPES: &[&str] = &["card", "bank_account", "recurrent"];
/// Payment instrument types Pike documents for requests.
const PAYMENT_TYPES: &[&str] = &[
    "card",
    "recurrent",
    "faster_payment_system",
    "internet_banking",
];
/// Card forms accepted in requests.
const CARD_TYPES: &[&str] = &["bank_card", "tokenized_card", "encrypted_card"];
/// Bank-account systems (FPS from Pike; the rest from the same API's sister documents).
const BANK_SYSTEMS: &[&str] = &[
    "faster_payment_system",
    "faster_payment_system_verification",
    "ru",
    "iban",
    "global",
    "upi",
];
/// Internet-banking payment types.
const INTERNET_BANKING_TYPES: &[&str] = &["sber_pay"];
/// SberPay channels.
const SBER_PAY_CHANNELS: &[&str] = &["app", "mobile_web", "web"];
/// Who starts a recurring payment.
const RECURRENT_INITIATORS: &[&str] = &["merchant", "client"];
/// `token/info` request types.
const TOKEN_INFO_TYPES: &[&str] = &["card", "public_token", "recurrent_token"];

/// Checks a canonical (v2-named) request body for `endpoint` against Pike's documented
/// rules: required fields, amounts (integer minor units > 0, 3-letter lowercase
/// currency), non-blank ids and references, known instrument types, card number form.
/// Returns the first problem found.
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
            optional(b, "", "acquiring_widget", |v, p| widget_session(v, p, true))?;
            optional(b, "", "fps_no_account_widget", |v, p| {
                widget_session(v, p, false)
            })?;
            optional(b, "", "tokenize_widget", |v, p| object(v, p).map(drop))
        }
        Endpoint::TokenInfo => token_info(b),
        Endpoint::TokenizeElements => card_elements(required(b, "", "card_elements")?),
        Endpoint::FpsBanks => Ok(()),
        Endpoint::FpsCustomerVerification => {
            payout_instrument(required(b, "", "payout_details")?, "payout_details")?;
            object(
                required(b, "", "participant_details")?,
                "participant_details",
            )?;
            optional(b, "", "session_id", not_blank)
        }
        Endpoint::WalletBalance => {
            not_blank(required(b, "", "request_datetime")?, "request_datetime")
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

/// A string that must be one of `known`; returns it.
fn one_of<'a>(v: &'a Value, path: &str, known: &[&str]) -> Result<&'a str> {
    let s = string(v, path)?;
    if s.trim().is_empty() {
        return Err(Error::invalid_rule(
            path,
            rule::NOT_BLANK,
            "must not be blank",
        ));
    }
    if !known.contains(&s) {
        return Err(Error::invalid_rule(
            path,
            rule::INVALID,
            format!("{} is not one of: {}", shown(s), known.join(", ")),
        ));
    }
    Ok(s)
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

/// `amount_details`: integer minor units > 0 and a 3-letter lowercase currency.
fn amount(v: &Value, path: &str) -> Result<()> {
    let m = object(v, path)?;
    let amount_path = join(path, "amount");
    let a = required(m, path, "amount")?;
    let Some(n) = a.as_i64() else {
        let problem = if a.is_f64() {
            "must be an integer number of minor units (10000 = 100.00), not a fraction"
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
    if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(Error::invalid_rule(
            currency_path,
            rule::INVALID,
            format!(
                "{} is not a 3-letter lowercase ISO 4217 code such as 'rub'",
                shown(c)
            ),
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

/// The inner object of a tagged instrument: `{"type": t, t: {...}}` gives `(t, inner)`.
fn tagged<'a>(
    m: &'a Map<String, Value>,
    path: &str,
    tag: &str,
    known: &[&str],
) -> Result<(&'a str, &'a Map<String, Value>)> {
    let t = one_of(required(m, path, tag)?, &join(path, tag), known)?;
    let inner = object(required(m, path, t)?, &join(path, t))?;
    Ok((t, inner))
}

/// `payout_details`: card (bank_card / tokenized_card / encrypted_card), bank_account
/// or recurrent.
fn payout_instrument(v: &Value, path: &str) -> Result<()> {
    let m = object(v, path)?;
    let (t, inner) = tagged(m, path, "type", PAYOUT_TYPES)?;
    let inner_path = join(path, t);
    match t {
        "card" => card(inner, &inner_path, false),
        "bank_account" => bank_account(inner, &inner_path),
        _ => recurrent(inner, &inner_path),
    }
}

/// `payment_details`: card, recurrent, faster_payment_system or internet_banking (SberPay).
fn payment_instrument(v: &Value, path: &str) -> Result<()> {
    let m = object(v, path)?;
    let t = one_of(
        required(m, path, "type")?,
        &join(path, "type"),
        PAYMENT_TYPES,
    )?;
    let inner_path = join(path, t);
    match t {
        "faster_payment_system" => optional(m, path, t, |v, p| object(v, p).map(drop)),
        "card" => card(
            object(required(m, path, t)?, &inner_path)?,
            &inner_path,
            true,
        ),
        "recurrent" => {
            let inner = object(required(m, path, t)?, &inner_path)?;
            recurrent(inner, &inner_path)?;
            optional(inner, &inner_path, "initiator", |v, p| {
                one_of(v, p, RECURRENT_INITIATORS).map(drop)
            })
        }
        _ => {
            let inner = object(required(m, path, t)?, &inner_path)?;
            let (_, sber) = tagged(inner, &inner_path, "type", INTERNET_BANKING_TYPES)?;
            let sber_path = join(&inner_path, "sber_pay");
            one_of(
                required(sber, &sber_path, "channel")?,
                &join(&sber_path, "channel"),
                SBER_PAY_CHANNELS,
            )
            .map(drop)
        }
    }
}

/// `card`: for payments a raw card also needs its expiry; the security code is checked
/// when given.
fn card(m: &Map<String, Value>, path: &str, payment: bool) -> Result<()> {
    let (t, inner) = tagged(m, path, "type", CARD_TYPES)?;
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

/// `bank_account`: FPS payouts need phone, bank_id and (for a payout) a description.
fn bank_account(m: &Map<String, Value>, path: &str) -> Result<()> {
    let (t, inner) = tagged(m, path, "system_type", BANK_SYSTEMS)?;
    let p = join(path, t);
    if t == "faster_payment_system" || t == "faster_payment_system_verification" {
        not_blank(required(inner, &p, "phone")?, &join(&p, "phone"))?;
        not_blank(required(inner, &p, "bank_id")?, &join(&p, "bank_id"))?;
    }
    if t == "faster_payment_system" {
        not_blank(
            required(inner, &p, "description")?,
            &join(&p, "description"),
        )?;
    }
    Ok(())
}

/// `acquiring_widget` needs a session id; `fps_no_account_widget` may carry one.
fn widget_session(v: &Value, path: &str, needs_session: bool) -> Result<()> {
    let m = object(v, path)?;
    if needs_session {
        not_blank(required(m, path, "session_id")?, &join(path, "session_id"))
    } else {
        optional(m, path, "session_id", not_blank)
    }
}

/// `token/info`: `type` names which of `card`, `public_token`, `recurrent_token` is sent.
fn token_info(b: &Map<String, Value>) -> Result<()> {
    let t = one_of(required(b, "", "type")?, "type", TOKEN_INFO_TYPES)?;
    let inner = object(required(b, "", t)?, t)?;
    if t == "card" {
        card(inner, "card", false)
    } else {
        not_blank(required(inner, t, "token")?, &join(t, "token"))
    }
}

/// `tokenize/elements`: each element has a `ref`, `type: "card_number"` and the number.
fn card_elements(v: &Value) -> Result<()> {
    let path = "card_elements";
    let items: Vec<&Value> = match v {
        Value::Array(items) => items.iter().collect(),
        Value::Object(m) => m.values().collect(),
        _ => {
            return Err(Error::invalid_rule(
                path,
                rule::INVALID_TYPE,
                "must be an array of card elements",
            ));
        }
    };
    if items.is_empty() {
        return Err(Error::invalid_rule(
            path,
            rule::NOT_BLANK,
            "must not be empty",
        ));
    }
    for (i, item) in items.into_iter().enumerate() {
        let p = format!("{path}[{i}]");
        let m = object(item, &p)?;
        not_blank(required(m, &p, "ref")?, &join(&p, "ref"))?;
        one_of(
            required(m, &p, "type")?,
            &join(&p, "type"),
            &["card_number"],
        )?;
        digits(
            required(m, &p, "card_number")?,
            &join(&p, "card_number"),
            12,
            19,
        )?;
    }
    Ok(())
}
