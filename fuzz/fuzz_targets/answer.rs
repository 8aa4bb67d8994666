//! Answer decoding as the client does it: `Error::from_response`, then JSON, the v1 -> v2
//! renaming (`wire`), and the endpoint's answer model.
//!
//! Input: two bytes of HTTP status (mapped onto 100–599), one byte picking the endpoint,
//! then the answer body.
//!
//! Checks: an HTTP error status is always an error carrying that status; an error's
//! message, `Display` and `Debug` never show a card number from the body; a body taken
//! as a success is JSON; renaming to canonical names is idempotent and round-trips
//! through v1 (canonical -> v1 -> canonical and v1 -> canonical -> v1 are the identity,
//! key order included);
//! a decoded answer model serializes to JSON that decodes to the same model, and its
//! `Debug` shows no value of a secret field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pikepay::models::*;
use pikepay::{ApiVersion, Endpoint, Error, wire};
use pikepay_fuzz::{assert_no_secret_shown, card_number_from, endpoint, text};
use serde_json::Value;

/// Reads `value` as `R`'s answer model, as `Client::execute` does (a lenient view); checks
/// that a JSON object always reads and that the model serializes back to what was
/// received. Returns the model's `Debug` text.
fn decode<R: ApiRequest>(value: &Value) -> Option<String>
where
    R::Response: std::fmt::Debug,
{
    let read = view::<R::Response>(value, "");
    let (model, _drift) = match read {
        Ok(read) => read,
        Err(e) => {
            assert!(
                !value.is_object(),
                "a JSON object answer is refused: {e}\n{value}"
            );
            return None;
        }
    };
    let json = serde_json::to_value(&model).expect("an answer model serializes");
    assert_eq!(
        &json, value,
        "an answer model does not serialize to what was received"
    );
    Some(format!("{model:?}"))
}

fn decode_for(endpoint: Endpoint, value: &Value) -> Option<String> {
    match endpoint {
        Endpoint::SessionCreate => decode::<SessionCreateRequest>(value),
        Endpoint::SessionInitPayout => decode::<SessionInitPayoutRequest>(value),
        Endpoint::SessionInitPayment => decode::<SessionInitPaymentRequest>(value),
        Endpoint::SessionStartPayout => decode::<SessionStartPayoutRequest>(value),
        Endpoint::SessionStartPayment => decode::<SessionStartPaymentRequest>(value),
        Endpoint::SessionConfirm => decode::<SessionConfirmRequest>(value),
        Endpoint::SessionCancel => decode::<SessionCancelRequest>(value),
        Endpoint::SessionCapture => decode::<SessionCaptureRequest>(value),
        Endpoint::SessionRefund => decode::<SessionRefundRequest>(value),
        Endpoint::SessionStatus => decode::<SessionStatusRequest>(value),
        Endpoint::RecurrentDisable => decode::<RecurrentDisableRequest>(value),
        Endpoint::Token => decode::<TokenRequest>(value),
        Endpoint::TokenInfo => decode::<TokenInfoRequest>(value),
        Endpoint::TokenizeElements => decode::<TokenizeElementsRequest>(value),
        Endpoint::FpsBanks => decode::<FpsBanksRequest>(value),
        Endpoint::FpsCustomerVerification => decode::<FpsCustomerVerificationRequest>(value),
        Endpoint::WalletBalance => decode::<WalletBalanceRequest>(value),
        Endpoint::SberpayPush => decode::<SberpayPushRequest>(value),
    }
}

fn check_error(e: &Error, status: u16, body: &[u8]) {
    assert_eq!(e.http_status(), Some(status), "{e}");
    for shown in [e.message().to_owned(), e.to_string(), format!("{e:?}")] {
        if let Some(card) = card_number_from(body, &shown) {
            panic!("error shows card number {card}: {shown}");
        }
    }
}

/// canonical -> canonical is a no-op, canonical -> v2 too, canonical -> v1 -> canonical
/// gives back the same text, and so does v1 -> canonical -> v1.
fn check_renaming(
    canonical: &Value,
    to_canonical: fn(&mut Value),
    to_version: fn(&mut Value, ApiVersion),
) {
    let expected = text(canonical);
    let mut again = canonical.clone();
    to_canonical(&mut again);
    assert_eq!(
        text(&again),
        expected,
        "renaming to canonical names is not idempotent"
    );
    let mut v2 = canonical.clone();
    to_version(&mut v2, ApiVersion::V2);
    assert_eq!(
        text(&v2),
        expected,
        "renaming canonical to v2 changed the body"
    );
    let mut round = canonical.clone();
    to_version(&mut round, ApiVersion::V1);
    to_canonical(&mut round);
    assert_eq!(
        text(&round),
        expected,
        "canonical -> v1 -> canonical is not the identity"
    );
    let mut v1 = canonical.clone();
    to_version(&mut v1, ApiVersion::V1);
    let mut back = v1.clone();
    to_canonical(&mut back);
    to_version(&mut back, ApiVersion::V1);
    assert_eq!(
        text(&back),
        text(&v1),
        "v1 -> canonical -> v1 is not the identity"
    );
}

fuzz_target!(|data: &[u8]| {
    let [hi, lo, which, body @ ..] = data else {
        return;
    };
    let status = 100 + u16::from_be_bytes([*hi, *lo]) % 500;
    let endpoint = endpoint(*which);
    let answer_error = Error::from_response(status, body);
    match &answer_error {
        Some(e) => check_error(e, status, body),
        None => assert!(status < 400, "HTTP {status} taken as a success"),
    }
    let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
        assert!(
            answer_error.is_some(),
            "a body that is not JSON taken as a success"
        );
        return;
    };
    wire::to_canonical(&mut value);
    check_renaming(&value, wire::to_canonical, wire::to_version);
    let mut bare = value.clone();
    wire::session_to_canonical(&mut bare);
    check_renaming(&bare, wire::session_to_canonical, wire::session_to_version);
    if answer_error.is_some() {
        return;
    }
    if let Some(shown) = decode_for(endpoint, &value) {
        assert_no_secret_shown(&value, &shown);
    }
});
