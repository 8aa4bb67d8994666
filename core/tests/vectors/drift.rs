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
        let json = hook
            .construct_json(body.as_bytes(), Some(text(case, "signature")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            &json,
            event.raw(),
            "{name}: the bindings' path reads the same"
        );
        let sent: Value = serde_json::from_str(body).expect("body");
        assert_eq!(
            serde_json::to_value(&event).expect("event"),
            sent,
            "{name}: kept whole"
        );
        let path = text(case, "path");
        assert_eq!(at(event.raw(), path), at(&sent, path), "{name}: raw value");
        if let Some(number) = case.get("kept").and_then(Value::as_str) {
            let raw = at(event.raw(), path).expect("the number is there");
            assert_eq!(raw.to_string(), number, "{name}: the raw number as sent");
            // The typed view keeps it too: as a raw field, in the unknown fields of a
            // flattened object, or (an integer that fits in 64 bits) as its value.
            let typed = serde_json::to_value(&event.session).expect("typed view");
            let typed_at = path
                .strip_prefix("session.")
                .map_or(Some(raw), |inner| at(&typed, inner));
            let fits = number.parse::<i64>().is_ok();
            match typed_at {
                Some(v) if fits => assert_eq!(v.as_i64(), number.parse::<i64>().ok(), "{name}"),
                Some(v) => assert_eq!(v.to_string(), number, "{name}: typed view"),
                None => panic!("{name}: the typed view lost the number"),
            }
        }
        let drifted: Vec<&str> = event.drift().iter().map(|d| d.path.as_str()).collect();
        if case["expect_drift"] == true {
            assert_eq!(drifted, [path], "{name}");
        } else {
            assert!(drifted.iter().all(|p| *p == path), "{name}: {drifted:?}");
        }
    }
}
