//! PEM/DER key loading: `PrivateKey::from_pem_or_der`, `PublicKey::from_pem_or_der` and
//! the PEM-taking `signing::sign` / `signing::verify`.
//!
//! Input: one mode byte, then
//! - mode 0–127: the key bytes as given (PEM text or DER);
//! - mode 128–255: DER, wrapped here in a PEM block whose label the next byte picks, so
//!   mutations reach the DER parsers behind every label.
//!
//! Checks: every failure is an `InvalidKey` error; a loaded private key has at least
//! 2048 bits, signs, and its public half verifies what it signed; a loaded public key has
//! 2048–8192 bits; the same bytes never load as both a private and a public key; the
//! PEM-taking functions agree with the loaders.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use libfuzzer_sys::fuzz_target;
use pikepay::signing::{self, MIN_KEY_BITS};
use pikepay::{ErrorKind, PrivateKey, PublicKey};

const LABELS: &[&str] = &[
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "ENCRYPTED PRIVATE KEY",
    "EC PRIVATE KEY",
    "CERTIFICATE",
];

fn pem(label: &str, der: &[u8]) -> Vec<u8> {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out.into_bytes()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let input = if mode < 128 {
        rest.to_vec()
    } else {
        let Some((&label, der)) = rest.split_first() else {
            return;
        };
        pem(LABELS[usize::from(label) % LABELS.len()], der)
    };
    let body = b"{\"session_id\":\"ps_1\"}";
    let private = PrivateKey::from_pem_or_der(&input);
    let public = PublicKey::from_pem_or_der(&input);
    match &private {
        Ok(key) => {
            assert!(key.bits() >= MIN_KEY_BITS, "{} bits accepted", key.bits());
            let signature = key.sign(body).expect("a loaded key signs");
            let half = key.public_key().expect("a loaded key has a public half");
            half.verify(body, &signature)
                .expect("its public half verifies");
            assert_eq!(
                signing::sign(body, &input).expect("sign with the same bytes"),
                signature
            );
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::InvalidKey, "{e}");
            let via_sign =
                signing::sign(body, &input).expect_err("sign() loads what the loader refuses");
            assert_eq!(via_sign.kind(), ErrorKind::InvalidKey);
        }
    }
    match &public {
        Ok(key) => {
            assert!(
                (MIN_KEY_BITS..=8192).contains(&key.bits()),
                "{} bits",
                key.bits()
            );
            assert!(
                private.is_err(),
                "the same bytes load as a private and a public key"
            );
            let err = signing::verify(body, "AAAA", &input).expect_err("a bogus signature");
            assert_eq!(err.kind(), ErrorKind::SignatureVerification, "{err}");
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::InvalidKey, "{e}");
            let via_verify = signing::verify(body, "AAAA", &input).expect_err("verify() loads");
            assert_eq!(via_verify.kind(), ErrorKind::InvalidKey, "{via_verify}");
        }
    }
});
