//! Inputs the fuzz targets (fuzz/) found breaking a promise, kept as ordinary tests.

use pikepay::Endpoint;
use pikepay::models::validate_request;
use serde_json::json;

/// A card number put in the wrong field must not reach the error message, which users log.
#[test]
fn validation_errors_do_not_echo_card_numbers_from_misplaced_fields() {
    let cases = [
        (
            Endpoint::WalletBalance,
            json!({"request_datetime": "4242 4242 4242 4242"}),
        ),
        (
            Endpoint::SessionInitPayout,
            json!({"payout_details": {"type": "card", "card": {"type": "bank_card",
                       "bank_card": {"number": "4242424242424242"}}},
                   "amount_details": {"amount": 100, "currency": "4242424242424242"}}),
        ),
    ];
    for (endpoint, body) in cases {
        let e = validate_request(endpoint, &body).expect_err("invalid");
        for shown in [e.message().to_owned(), e.to_string(), format!("{e:?}")] {
            let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
            assert!(!digits.contains("4242424242424"), "{shown}");
        }
        assert!(e.field().is_some(), "{e}");
    }
}

/// A short value without digits is still shown: it is the typo the user has to find.
#[test]
fn validation_errors_still_show_a_mistyped_name() {
    let body = json!({"payout_details": {"type": "wallet"},
                      "amount_details": {"amount": 100, "currency": "rubles"}});
    let e = validate_request(Endpoint::SessionInitPayout, &body).expect_err("invalid");
    assert!(e.message().contains("'rubles'"), "{e}");
}

/// A card number glued to a word in an error page is still masked.
#[test]
fn error_text_masks_a_card_number_right_after_letters() {
    let e = pikepay::Error::from_response(429, b"To4242424242424242 later").expect("an error");
    for shown in [e.message().to_owned(), e.to_string(), format!("{e:?}")] {
        assert!(!shown.contains("424242424242"), "{shown}");
    }
    let masked = pikepay::redact::mask_text("card4242-4242-4242-4242 declined");
    assert!(!masked.contains("4242-4242-4242"), "{masked}");
    assert!(masked.ends_with("4242 declined"), "{masked}");
}
