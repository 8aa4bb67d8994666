//! API v1 <-> v2 naming at the edge.
//!
//! Canonical (user-facing) names are v2: `payout_details`, `payout_list`, `payment_list`.
//! Only known positions are renamed, so user data such as `metadata` is never touched.

use serde_json::{Map, Value};

use crate::endpoint::ApiVersion;

/// v1 name and v2 name of the payout instrument.
const INSTRUMENT: (&str, &str) = ("payment_method", "payout_details");
/// v1 name and v2 name of the session's payout array.
const PAYOUTS: (&str, &str) = ("payments", "payout_list");
/// v1 name and v2 name of the session's acquiring-payment array.
const PAYMENTS: (&str, &str) = ("acquiring_payments", "payment_list");

/// Renames `from` to `to` in place, keeping the key's position; does nothing when
/// `from` is absent or `to` is already present.
fn rename(map: &mut Map<String, Value>, from: &str, to: &str) {
    if !map.contains_key(from) || map.contains_key(to) {
        return;
    }
    let old = std::mem::take(map);
    for (k, v) in old {
        if k == from {
            map.insert(to.to_owned(), v);
        } else {
            map.insert(k, v);
        }
    }
}

#[derive(Clone, Copy)]
enum Direction {
    ToV1,
    ToV2,
}

fn apply(map: &mut Map<String, Value>, names: (&str, &str), dir: Direction) {
    match dir {
        Direction::ToV1 => rename(map, names.1, names.0),
        Direction::ToV2 => rename(map, names.0, names.1),
    }
}

fn session(session: &mut Value, dir: Direction) {
    let Some(map) = session.as_object_mut() else {
        return;
    };
    apply(map, PAYOUTS, dir);
    apply(map, PAYMENTS, dir);
    // The payouts are under the v2 name unless they were renamed to v1; when a session
    // has both names the v2 list is the payouts, and the other is kept untouched.
    let payouts = if map.contains_key(PAYOUTS.1) {
        PAYOUTS.1
    } else {
        PAYOUTS.0
    };
    if let Some(Value::Array(items)) = map.get_mut(payouts) {
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            apply(item, INSTRUMENT, dir);
        }
    }
}

fn message(body: &mut Value, dir: Direction) {
    if let Some(map) = body.as_object_mut() {
        apply(map, INSTRUMENT, dir);
        if let Some(s) = map.get_mut("session") {
            session(s, dir);
        }
    }
}

/// Renames a canonical (v2) request or response body to the naming of `version`.
pub fn to_version(body: &mut Value, version: ApiVersion) {
    if version == ApiVersion::V1 {
        message(body, Direction::ToV1);
    }
}

/// Renames a request, response or webhook body of either version to canonical (v2) names.
pub fn to_canonical(body: &mut Value) {
    message(body, Direction::ToV2);
}

/// Renames a bare session object of either version to canonical (v2) names.
pub fn session_to_canonical(value: &mut Value) {
    session(value, Direction::ToV2);
}

/// Renames a canonical bare session object to the naming of `version`.
pub fn session_to_version(value: &mut Value, version: ApiVersion) {
    if version == ApiVersion::V1 {
        session(value, Direction::ToV1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renames_known_positions_only_and_keeps_order() {
        let mut v1 = json!({"session": {"id": "ps_1", "payments": [{"id": "po_1",
            "payment_method": {"type": "card"}, "metadata": {"payment_method": "x"}}],
            "acquiring_payments": [], "status": "in_progress"}});
        to_canonical(&mut v1);
        let s = &v1["session"];
        let keys: Vec<_> = s.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["id", "payout_list", "payment_list", "status"]);
        assert_eq!(s["payout_list"][0]["payout_details"]["type"], "card");
        assert_eq!(s["payout_list"][0]["metadata"]["payment_method"], "x");
        let mut back = v1.clone();
        to_version(&mut back, ApiVersion::V1);
        assert!(back["session"]["payments"][0]["payment_method"].is_object());
    }

    #[test]
    fn canonical_to_v1_and_back_is_the_identity_when_a_session_has_both_list_names() {
        let bodies = [
            json!({"session": {"payout_list": [{"payout_details": {"type": "card"}}],
                "payments": [{"payout_details": {"type": "x"}}]}}),
            json!({"session": {"payments": [{"payment_method": {"type": "card"}}],
                "payout_list": [{"payment_method": {"type": "x"}}]}}),
            json!({"session": {"payments": [{"payout_details": {"type": "card"}}]}}),
        ];
        for body in bodies {
            let mut canonical = body.clone();
            to_canonical(&mut canonical);
            let mut round = canonical.clone();
            to_version(&mut round, ApiVersion::V1);
            to_canonical(&mut round);
            assert_eq!(round.to_string(), canonical.to_string(), "from {body}");
        }
    }
}
