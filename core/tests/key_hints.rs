//! A PEM pasted from an environment variable with literal `\n` gets a hint saying so.

use pikepay::{ErrorKind, PrivateKey, PublicKey};
use serde_json::Value;

#[test]
fn a_pem_with_literal_backslash_n_says_how_to_fix_it() {
    let keys: Value = serde_json::from_str(include_str!("../../tests/vectors/keys.json")).unwrap();
    let private = keys["keys"][0]["private_pkcs8_pem"].as_str().unwrap();
    let public = keys["keys"][0]["public_spki_pem"].as_str().unwrap();
    let flat = |pem: &str| pem.trim_end().replace('\n', "\\n");
    let errors = [
        PrivateKey::from_pem_or_der(flat(private)).unwrap_err(),
        PublicKey::from_pem_or_der(flat(public)).unwrap_err(),
    ];
    for e in errors {
        assert_eq!(e.kind(), ErrorKind::InvalidKey);
        assert!(e.message().contains("literal \\n"), "{e}");
        assert!(e.message().contains("environment variable"), "{e}");
    }
    // The same key with real line breaks loads.
    PrivateKey::from_pem_or_der(private).unwrap();
}
