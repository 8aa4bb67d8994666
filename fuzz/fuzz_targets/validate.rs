//! `validate_request` on arbitrary JSON for every endpoint.
//!
//! Input: one byte picking the endpoint, then the request body (inputs that are not JSON
//! are skipped).
//!
//! Checks: a refusal is an `InvalidRequest` error naming the field, with Pike's
//! `field.rule` description for one of the documented rules; its message, `Display` and
//! `Debug` never show a card number from the body; the result is the same for the body
//! as given and for the body renamed to v1 and back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pikepay::models::validate_request;
use pikepay::{ApiVersion, ErrorKind, wire};
use pikepay_fuzz::{card_number_from, endpoint};
use serde_json::Value;

const RULES: &[&str] = &[
    "required",
    "not_blank",
    "invalid_type",
    "positive",
    "invalid",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
        return;
    };
    let endpoint = endpoint(which);
    wire::to_canonical(&mut value);
    let result = validate_request(endpoint, &value);
    let mut round = value.clone();
    wire::to_version(&mut round, ApiVersion::V1);
    wire::to_canonical(&mut round);
    let again = validate_request(endpoint, &round);
    assert_eq!(
        result.as_ref().err().map(|e| e.to_string()),
        again.as_ref().err().map(|e| e.to_string()),
        "validation changes when the body is renamed to v1 and back"
    );
    let Err(e) = result else {
        return;
    };
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e}");
    let field = e.field().unwrap_or_else(|| panic!("no field named: {e}"));
    let description = e
        .pike_description()
        .unwrap_or_else(|| panic!("no description: {e}"));
    let rule = description
        .strip_prefix(field)
        .and_then(|r| r.strip_prefix('.'))
        .unwrap_or_else(|| panic!("description {description} is not {field}.<rule>"));
    assert!(RULES.contains(&rule), "unknown rule {rule}");
    for shown in [e.message().to_owned(), e.to_string(), format!("{e:?}")] {
        if let Some(card) = card_number_from(body, &shown) {
            panic!("validation error shows card number {card}: {shown}");
        }
    }
});
