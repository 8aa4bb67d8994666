//! One rule for what must never be shown: card numbers, security codes, tokens,
//! hashes and private keys. Used by `Debug` of the models and by the bindings'
//! `repr`/`inspect`.

use serde_json::{Map, Value};

/// What a sensitive value is shown as.
pub const REDACTED: &str = "[redacted]";

/// Keys whose values are secret wherever they appear.
const EXACT: &[&str] = &[
    "number",
    "card_number",
    "pan",
    "security_code",
    "cvv",
    "cvc",
    "cvv2",
    "token",
    "secret",
    "password",
    "private_key",
];

/// True when a JSON object key names a secret: a card number, security code, token,
/// hash or private key (`number`, `security_code`, `token`, `*_token`, `*_hash`,
/// `private_key*`, ...). Case-insensitive.
pub fn is_sensitive_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    EXACT.contains(&key.as_str())
        || key.ends_with("_token")
        || key.ends_with("_hash")
        || key.starts_with("private_key")
}

/// A copy of `value` in which every scalar under a sensitive key (see
/// [`is_sensitive_key`]) is replaced by [`REDACTED`]; objects and arrays under such
/// keys are walked the same way, `null` stays `null`, everything else is kept.
pub fn redact_json(value: &Value) -> Value {
    walk(value, false)
}

fn walk(value: &Value, sensitive: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), walk(v, sensitive || is_sensitive_key(k))))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| walk(v, sensitive)).collect()),
        Value::Null => Value::Null,
        _ if sensitive => Value::String(REDACTED.to_owned()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_redacted_everything_else_kept() {
        let body = json!({
            "payout_details": {"type": "card", "card": {"type": "bank_card",
                "bank_card": {"number": "4242424242424242", "security_code": "123",
                              "expiration_month": "05"}}},
            "recurrent": {"token": "9741abc", "type": "recurrent_token"},
            "public_token": {"token": "pt_1"},
            "card": {"type": "encrypted_card", "encrypted_card": {"number_hash": "064e"}},
            "amount_details": {"amount": 1000, "currency": "rub"},
            "card_elements": [{"ref": "number", "type": "card_number", "card_number": "4242424242424242"}],
            "metadata": null
        });
        let out = redact_json(&body);
        let text = out.to_string();
        for secret in ["4242424242424242", "\"123\"", "9741abc", "pt_1", "064e"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        assert_eq!(
            out["payout_details"]["card"]["bank_card"]["number"],
            REDACTED
        );
        assert_eq!(
            out["payout_details"]["card"]["bank_card"]["expiration_month"],
            "05"
        );
        assert_eq!(out["recurrent"]["type"], "recurrent_token");
        assert_eq!(out["public_token"]["token"], REDACTED);
        assert_eq!(out["card_elements"][0]["ref"], "number");
        assert_eq!(out["card_elements"][0]["type"], "card_number");
        assert_eq!(out["amount_details"], body["amount_details"]);
        assert!(out["metadata"].is_null());
    }

    #[test]
    fn key_rule() {
        for k in [
            "number",
            "Security_Code",
            "token",
            "public_token",
            "number_hash",
            "private_key_pem",
        ] {
            assert!(is_sensitive_key(k), "{k}");
        }
        for k in [
            "type",
            "last4",
            "brand",
            "bin",
            "reference",
            "amount",
            "masked_card_number",
            "id",
        ] {
            assert!(!is_sensitive_key(k), "{k}");
        }
    }
}
