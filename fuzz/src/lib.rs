//! Helpers shared by the fuzz targets: the test key from `tests/vectors/keys.json`,
//! the endpoint picked by an input byte, and the checks several targets make.

use std::sync::OnceLock;

use pikepay::redact::{is_sensitive_key, redact_json};
use pikepay::{Endpoint, PrivateKey, PublicKey};
use serde_json::Value;

/// `tests/vectors/keys.json`, built in so the targets need no files at run time.
const KEYS_JSON: &str = include_str!("../../tests/vectors/keys.json");

/// The first test key pair of `keys.json` (test keys only).
pub fn test_keys() -> &'static (PrivateKey, PublicKey) {
    static KEYS: OnceLock<(PrivateKey, PublicKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let json: Value = serde_json::from_str(KEYS_JSON).expect("keys.json is JSON");
        let key = &json["keys"][0];
        let private = key["private_pkcs8_pem"].as_str().expect("private PEM");
        let public = key["public_spki_pem"].as_str().expect("public PEM");
        (
            PrivateKey::from_pem_or_der(private).expect("test private key"),
            PublicKey::from_pem_or_der(public).expect("test public key"),
        )
    })
}

/// The endpoint an input byte selects (every endpoint is reachable).
pub fn endpoint(byte: u8) -> Endpoint {
    Endpoint::ALL[usize::from(byte) % Endpoint::ALL.len()]
}

/// The first run of 13–19 digits (a card number's length) in `text`, digits possibly
/// separated by single spaces or dashes as card numbers are written, that also occurs
/// (as the same digits) in `input`.
pub fn card_number_from(input: &[u8], text: &str) -> Option<String> {
    let input_digits = card_runs(&String::from_utf8_lossy(input));
    card_runs(text).into_iter().find_map(|run| {
        run.as_bytes()
            .windows(13)
            .find(|w| {
                input_digits
                    .iter()
                    .any(|i| i.as_bytes().windows(13).any(|x| x == *w))
            })
            .map(|w| String::from_utf8_lossy(w).into_owned())
    })
}

/// Digit runs of 13 or more digits, single spaces or dashes between digits skipped.
fn card_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            current.push(*c);
            continue;
        }
        let joins = (*c == ' ' || *c == '-')
            && !current.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if !joins {
            if current.len() >= 13 {
                runs.push(std::mem::take(&mut current));
            }
            current.clear();
        }
    }
    if current.len() >= 13 {
        runs.push(current);
    }
    runs
}

/// Panics when `shown` (a `Debug` text made from `value`) contains the value of a secret
/// field of `value` that is not also visible in the redacted JSON.
pub fn assert_no_secret_shown(value: &Value, shown: &str) {
    let visible = text(&redact_json(value));
    let mut hidden = Vec::new();
    secrets(value, &mut hidden);
    for secret in hidden.iter().filter(|s| !visible.contains(s.as_str())) {
        assert!(
            !shown.contains(secret.as_str()),
            "Debug shows secret {secret}: {shown}"
        );
    }
}

/// Scalars directly under a secret key (`number`, `token`, `*_hash`, ...), at any depth,
/// that could only come from there: 6 characters or more with a digit (names of types and
/// fields in `Debug` have none).
fn secrets(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) if is_sensitive_key(k) => out.push(s.clone()),
                    Value::Number(n) if is_sensitive_key(k) => out.push(n.to_string()),
                    _ => secrets(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| secrets(v, out)),
        _ => {}
    }
    out.retain(|s| s.chars().count() >= 6 && s.contains(|c: char| c.is_ascii_digit()));
}

/// The JSON text of `value` (key order kept), for exact comparisons.
pub fn text(value: &Value) -> String {
    serde_json::to_string(value).expect("a JSON value serializes")
}
