//! drift.json: validly signed webhooks of every odd shape verify, parse, and keep the
//! received JSON whole; the typed view reports drift only where the shape drifted.

use pikepay::Webhook;
use serde_json::Value;

use crate::{load, public_pem, text};

/// The value at a dotted path (`session.payment_list.0.id`), if present.
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, step| match v {
        Value::Array(items) => items.get(step.parse::<usize>().ok()?),
        _ => v.get(step),
    })
}

#[test]
fn every_drifted_webhook_verifies_parses_and_keeps_the_raw_value() {
    let file = load("drift.json");
    let hook = Webhook::from_pem_or_der(public_pem(text(&file, "public_key"))).expect("key");
    let cases = file["cases"].as_array().expect("cases");
    assert!(cases.len() > 500, "the drift set is generated per field");
    for case in cases {
        let name = text(case, "name");
        let body = text(case, "body");
        let event = hook
            .construct_event(body.as_bytes(), text(case, "signature"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let sent: Value = serde_json::from_str(body).expect("body");
        assert_eq!(
            serde_json::to_value(&event).expect("event"),
            sent,
            "{name}: kept whole"
        );
        let path = text(case, "path");
        assert_eq!(at(event.raw(), path), at(&sent, path), "{name}: raw value");
        let drifted: Vec<&str> = event.drift().iter().map(|d| d.path.as_str()).collect();
        if case["expect_drift"] == true {
            assert_eq!(drifted, [path], "{name}");
        } else {
            assert!(drifted.iter().all(|p| *p == path), "{name}: {drifted:?}");
        }
    }
}
