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
            format!("'{s}' is not one of: {}", known.join(", ")),
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
        let problem = if a.is_number() {
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
            format!("'{c}' is not a 3-letter lowercase ISO 4217 code such as 'rub'"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use serde_json::json;

    fn fails(endpoint: Endpoint, body: Value, field: &str, description: &str) {
        let e = validate_request(endpoint, &body).expect_err(description);
        assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e:?}");
        assert_eq!(e.field(), Some(field), "{e:?}");
        assert_eq!(e.pike_description(), Some(description), "{e:?}");
        assert!(!e.message().contains("4242424242424242"), "{e:?}");
    }

    fn card_payout() -> Value {
        json!({"payout_details": {"type": "card", "card": {"type": "bank_card",
                "bank_card": {"number": "4242424242424242"}}},
               "amount_details": {"amount": 1000, "currency": "rub"}})
    }

    fn card_payment() -> Value {
        json!({"payment_details": {"type": "card", "card": {"type": "bank_card",
                "bank_card": {"number": "4242424242424242", "expiration_month": "05",
                              "expiration_year": "22", "security_code": "123"}}},
               "amount_details": {"amount": 10000, "currency": "rub"},
               "customer": {"reference": "lucky"},
               "payment_options": {"return_url": "https://shop.example/back"}})
    }

    #[test]
    fn documented_examples_pass() {
        validate_request(Endpoint::SessionInitPayout, &card_payout()).expect("payout");
        validate_request(Endpoint::SessionInitPayment, &card_payment()).expect("payment");
        validate_request(Endpoint::SessionCreate, &json!({})).expect("empty create");
        validate_request(Endpoint::FpsBanks, &json!({})).expect("banks");
        validate_request(Endpoint::SessionConfirm, &json!({"session_id": "ps_3230"}))
            .expect("confirm");
        validate_request(
            Endpoint::SessionStartPayout,
            &json!({"session_id": "3230", "payout_details": {"type": "recurrent",
                "recurrent": {"token": "9a8a"}}, "metadata": "good"}),
        )
        .expect("recurrent payout");
        validate_request(
            Endpoint::FpsCustomerVerification,
            &json!({"payout_details": {"type": "bank_account", "bank_account": {
                "system_type": "faster_payment_system_verification",
                "faster_payment_system_verification": {"phone": "79261234567", "bank_id": "100000000069"}}},
                "participant_details": {"recipient": {"first_name": "Ivan"}}}),
        )
        .expect("fps verification");
        validate_request(
            Endpoint::TokenizeElements,
            &json!({"card_elements": [{"ref": "number", "type": "card_number",
                "card_number": "4242424242424242"}]}),
        )
        .expect("tokenize");
        validate_request(
            Endpoint::TokenInfo,
            &json!({"type": "card", "card": {"type": "encrypted_card",
                "encrypted_card": {"number_hash": "064e"}}}),
        )
        .expect("token info");
        validate_request(
            Endpoint::SessionInitPayment,
            &json!({"payment_details": {"type": "internet_banking", "internet_banking": {
                "type": "sber_pay", "sber_pay": {"channel": "app"}}},
                "amount_details": {"amount": 100, "currency": "rub"},
                "customer": {"reference": "u1"}}),
        )
        .expect("sberpay");
    }

    #[test]
    fn required_and_blank() {
        fails(
            Endpoint::SessionConfirm,
            json!({}),
            "session_id",
            "session_id.required",
        );
        fails(
            Endpoint::SessionStatus,
            json!({"session_id": null}),
            "session_id",
            "session_id.required",
        );
        fails(
            Endpoint::SessionCancel,
            json!({"session_id": "  "}),
            "session_id",
            "session_id.not_blank",
        );
        fails(
            Endpoint::SessionCancel,
            json!({"session_id": 3230}),
            "session_id",
            "session_id.invalid_type",
        );
        let mut p = card_payment();
        p["customer"]["reference"] = json!("");
        fails(
            Endpoint::SessionInitPayment,
            p,
            "customer.reference",
            "customer.reference.not_blank",
        );
        let mut p = card_payment();
        p.as_object_mut().unwrap().remove("customer");
        fails(
            Endpoint::SessionInitPayment,
            p,
            "customer",
            "customer.required",
        );
        fails(
            Endpoint::SessionCreate,
            json!({"customer": {"reference": " "}}),
            "customer.reference",
            "customer.reference.not_blank",
        );
        let mut p = card_payout();
        p.as_object_mut().unwrap().remove("payout_details");
        fails(
            Endpoint::SessionInitPayout,
            p,
            "payout_details",
            "payout_details.required",
        );
        fails(
            Endpoint::SessionInitPayout,
            json!([1]),
            "body",
            "body.invalid_type",
        );
        fails(
            Endpoint::WalletBalance,
            json!({}),
            "request_datetime",
            "request_datetime.required",
        );
        fails(
            Endpoint::SberpayPush,
            json!({"session_id": "ps_1"}),
            "phone",
            "phone.required",
        );
        fails(
            Endpoint::RecurrentDisable,
            json!({"recurrent": {"token": ""}}),
            "recurrent.token",
            "recurrent.token.not_blank",
        );
    }

    #[test]
    fn amounts() {
        for (amount, rule) in [
            (json!(0), "positive"),
            (json!(-5), "positive"),
            (json!(10.5), "invalid_type"),
            (json!("1000"), "invalid_type"),
        ] {
            let mut p = card_payout();
            p["amount_details"]["amount"] = amount;
            fails(
                Endpoint::SessionInitPayout,
                p,
                "amount_details.amount",
                &format!("amount_details.amount.{rule}"),
            );
        }
        for currency in ["RUB", "rubl", "", "r1b"] {
            let mut p = card_payout();
            p["amount_details"]["currency"] = json!(currency);
            fails(
                Endpoint::SessionInitPayout,
                p,
                "amount_details.currency",
                "amount_details.currency.invalid",
            );
        }
        fails(
            Endpoint::SessionRefund,
            json!({"session_id": "ps_1", "amount_details": {"amount": 0, "currency": "rub"}}),
            "amount_details.amount",
            "amount_details.amount.positive",
        );
        fails(
            Endpoint::SessionCapture,
            json!({"session_id": "ps_1", "amount_details": {"currency": "rub"}}),
            "amount_details.amount",
            "amount_details.amount.required",
        );
    }

    #[test]
    fn instruments() {
        let mut p = card_payout();
        p["payout_details"]["type"] = json!("pigeon");
        fails(
            Endpoint::SessionInitPayout,
            p,
            "payout_details.type",
            "payout_details.type.invalid",
        );
        let mut p = card_payout();
        p["payout_details"]["card"]["type"] = json!("magic_card");
        fails(
            Endpoint::SessionInitPayout,
            p,
            "payout_details.card.type",
            "payout_details.card.type.invalid",
        );
        for number in [
            "4242 4242 4242 4242",
            "42424242424",
            "42424242424242424242",
            "4242-4242-4242-4242",
        ] {
            let mut p = card_payout();
            p["payout_details"]["card"]["bank_card"]["number"] = json!(number);
            fails(
                Endpoint::SessionInitPayout,
                p,
                "payout_details.card.bank_card.number",
                "payout_details.card.bank_card.number.invalid",
            );
        }
        let mut p = card_payment();
        p["payment_details"]["card"]["bank_card"]["security_code"] = json!("12a");
        fails(
            Endpoint::SessionInitPayment,
            p,
            "payment_details.card.bank_card.security_code",
            "payment_details.card.bank_card.security_code.invalid",
        );
        let mut p = card_payment();
        p["payment_details"]["card"]["bank_card"]["expiration_month"] = json!("13");
        fails(
            Endpoint::SessionInitPayment,
            p,
            "payment_details.card.bank_card.expiration_month",
            "payment_details.card.bank_card.expiration_month.invalid",
        );
        let mut p = card_payment();
        p["payment_details"]["card"]["bank_card"]
            .as_object_mut()
            .unwrap()
            .remove("expiration_year");
        fails(
            Endpoint::SessionInitPayment,
            p,
            "payment_details.card.bank_card.expiration_year",
            "payment_details.card.bank_card.expiration_year.required",
        );
        let mut p = card_payout();
        p["payout_details"] = json!({"type": "card", "card": {"type": "tokenized_card"}});
        fails(
            Endpoint::SessionInitPayout,
            p,
            "payout_details.card.tokenized_card",
            "payout_details.card.tokenized_card.required",
        );
        let mut p = card_payout();
        p["payout_details"] = json!({"type": "bank_account", "bank_account": {
            "system_type": "faster_payment_system", "faster_payment_system": {
                "phone": "79261234567", "bank_id": "100000000069"}}});
        fails(
            Endpoint::SessionInitPayout,
            p,
            "payout_details.bank_account.faster_payment_system.description",
            "payout_details.bank_account.faster_payment_system.description.required",
        );
        fails(
            Endpoint::TokenizeElements,
            json!({"card_elements": [{"ref": "n", "type": "card_number", "card_number": "4242x"}]}),
            "card_elements[0].card_number",
            "card_elements[0].card_number.invalid",
        );
        fails(
            Endpoint::TokenInfo,
            json!({"type": "public_token"}),
            "public_token",
            "public_token.required",
        );
        fails(
            Endpoint::Token,
            json!({"acquiring_widget": {}}),
            "acquiring_widget.session_id",
            "acquiring_widget.session_id.required",
        );
    }

    #[test]
    fn unknown_extra_fields_are_allowed() {
        let mut p = card_payout();
        p["brand_new_field"] = json!({"x": 1});
        p["metadata"] = json!({"merchant": "", "submerchant": "https://website"});
        validate_request(Endpoint::SessionInitPayout, &p).expect("extras allowed");
    }
}
