//! The shared vectors in tests/vectors/, read exactly as the Python and Node suites read them.

mod behaviour;
mod drift;
mod errors;
mod seeds;
mod signatures;
mod validation;
mod webhooks;
mod wire;

use std::path::PathBuf;

use serde_json::Value;

/// A vector file, parsed.
pub fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// The cases of a vector file; each file and each case describes itself.
pub fn cases(name: &str) -> Vec<Value> {
    let file = load(name);
    assert!(
        file["description"].as_str().is_some_and(|d| !d.is_empty()),
        "{name} has no description"
    );
    let cases = file["cases"].as_array().expect("cases").clone();
    assert!(!cases.is_empty(), "{name} has no cases");
    for c in &cases {
        assert!(
            c["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{name}: case without description: {c}"
        );
    }
    cases
}

/// A string field of a case.
pub fn text<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("case has no string '{key}': {case}"))
}

/// The public key named `name` in keys.json, as SPKI PEM.
pub fn public_pem(name: &str) -> String {
    key(name)["public_spki_pem"]
        .as_str()
        .expect("pem")
        .to_owned()
}

/// The private key named `name` in keys.json, as PKCS#8 PEM.
pub fn private_pem(name: &str) -> String {
    key(name)["private_pkcs8_pem"]
        .as_str()
        .expect("pem")
        .to_owned()
}

fn key(name: &str) -> Value {
    load("keys.json")["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["name"] == name)
        .unwrap_or_else(|| panic!("no key {name} in keys.json"))
        .clone()
}
