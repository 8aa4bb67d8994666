//! webhooks.json: verification over the raw bytes, then parsing, with the expected outcome.

use pikepay::{EventType, Webhook};

use crate::{cases, public_pem, text};

#[test]
fn webhook_cases_give_the_expected_outcome() {
    for case in cases("webhooks.json") {
        let name = text(&case, "name");
        let hook = Webhook::from_pem_or_der(public_pem(text(&case, "public_key"))).expect("key");
        let result = hook.construct_event(text(&case, "body").as_bytes(), text(&case, "signature"));
        let expected = &case["expected"];
        match text(expected, "outcome") {
            "ok" => {
                let event = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(
                    event.kind().map(EventType::as_str),
                    expected["event_type"].as_str(),
                    "{name}"
                );
                assert_eq!(
                    event.session_id(),
                    expected["session_id"].as_str(),
                    "{name}"
                );
                let json = serde_json::to_value(&event).expect("event serializes");
                assert_eq!(json, expected["event"], "{name}: event JSON");
            }
            "error" => {
                let err = result.expect_err(&format!("{name} must fail"));
                assert_eq!(err.code(), text(expected, "error_code"), "{name}: {err}");
            }
            other => panic!("{name}: unknown outcome {other}"),
        }
    }
}
