//! wire.json: API v1 <-> v2 renaming both ways.

use pikepay::ApiVersion;
use pikepay::wire::{session_to_canonical, session_to_version, to_canonical, to_version};
use serde_json::Value;

use crate::{cases, text};

fn apply(scope: &str, op: &str, input: &Value) -> Value {
    let mut v = input.clone();
    match (scope, op) {
        ("message", "to_canonical") => to_canonical(&mut v),
        ("message", "to_v1") => to_version(&mut v, ApiVersion::V1),
        ("message", "to_v2") => to_version(&mut v, ApiVersion::V2),
        ("session", "to_canonical") => session_to_canonical(&mut v),
        ("session", "to_v1") => session_to_version(&mut v, ApiVersion::V1),
        ("session", "to_v2") => session_to_version(&mut v, ApiVersion::V2),
        other => panic!("unknown scope/operation {other:?}"),
    }
    v
}

#[test]
fn renaming_cases() {
    let mut checked = 0;
    for case in cases("wire.json") {
        let name = text(&case, "name");
        let scope = text(&case, "scope");
        for (op, expected) in case["expected"].as_object().expect("expected") {
            assert_eq!(apply(scope, op, &case["input"]), *expected, "{name}: {op}");
            checked += 1;
        }
    }
    assert!(checked > 20);
}
