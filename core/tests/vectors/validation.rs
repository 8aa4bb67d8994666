//! validation.json: client-side validation of request bodies, field path and rule.

use pikepay::Endpoint;
use pikepay::models::validate_request;
use pikepay::redact::is_sensitive_key;
use serde_json::Value;

use crate::{cases, text};

/// Every scalar value under a sensitive key of `v`, as text.
fn secrets(v: &Value, under_sensitive: bool, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                secrets(v, under_sensitive || is_sensitive_key(k), out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| secrets(v, under_sensitive, out)),
        Value::String(s) if under_sensitive && s.len() >= 3 => out.push(s.clone()),
        _ => {}
    }
}

#[test]
fn validation_cases() {
    let (mut accepted, mut refused) = (0, 0);
    for case in cases("validation.json") {
        let name = text(&case, "name");
        let endpoint: Endpoint = text(&case, "endpoint").parse().expect("endpoint");
        let result = validate_request(endpoint, &case["body"]);
        let expected = &case["expected"];
        if expected["valid"] == true {
            result.unwrap_or_else(|e| panic!("{name}: {e:?}"));
            accepted += 1;
            continue;
        }
        let err = result.expect_err(name);
        assert_eq!(err.code(), text(expected, "error_code"), "{name}");
        assert_eq!(
            err.field(),
            Some(text(expected, "field")),
            "{name}: {err:?}"
        );
        assert_eq!(
            err.pike_description(),
            Some(text(expected, "pike_description")),
            "{name}: {err:?}"
        );
        if let Some(part) = expected["message_contains"].as_str() {
            assert!(err.message().contains(part), "{name}: {err}");
        }
        let mut hidden = Vec::new();
        secrets(&case["body"], false, &mut hidden);
        for s in hidden {
            assert!(!err.message().contains(&s), "{name}: {err}");
            assert!(!format!("{err:?}").contains(&s), "{name}: {err:?}");
        }
        refused += 1;
    }
    assert!(
        accepted >= 10 && refused >= 40,
        "{accepted} accepted, {refused} refused"
    );
}
