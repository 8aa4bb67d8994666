//! Keys and signatures against the shared vectors and the openssl CLI.

use std::path::PathBuf;
use std::process::Command;

use pikepay::{ErrorKind, PrivateKey, PublicKey};
use serde_json::Value;

fn vectors(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    serde_json::from_slice(&std::fs::read(&path).expect("vector file")).expect("vector JSON")
}

fn keys() -> Vec<Value> {
    vectors("keys.json")["keys"]
        .as_array()
        .expect("keys")
        .clone()
}

/// The `session/init/payout` request body byte for byte as in Pike's methods reference.
fn seed_body() -> Vec<u8> {
    let cases = vectors("signatures.json")["cases"].clone();
    let case = cases
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["name"] == "seed_init_payout_v2_as_documented__rsa2048")
        .expect("seed case")
        .clone();
    case["body"].as_str().expect("body").as_bytes().to_vec()
}

fn openssl(args: &[&str]) -> std::process::Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl CLI")
}

#[test]
fn a_seed_body_signed_in_both_private_formats_is_what_openssl_verifies_and_match_openssl_byte_for_byte()
 {
    let dir = tempfile::tempdir().expect("tmp");
    let body = dir.path().join("body.json");
    std::fs::write(&body, seed_body()).expect("write");
    for key in keys() {
        let pub_path = dir.path().join("pub.pem");
        std::fs::write(&pub_path, key["public_spki_pem"].as_str().expect("pem")).expect("write");
        for fmt in ["private_pkcs8_pem", "private_pkcs1_pem"] {
            let pem = key[fmt].as_str().expect("pem");
            let sk = PrivateKey::from_pem_or_der(pem).expect("private key loads");
            assert_eq!(sk.bits() as u64, key["bits"].as_u64().expect("bits"));
            let sig_b64 = sk.sign(&seed_body()).expect("sign");
            let sig_path = dir.path().join("sig.bin");
            use base64::Engine;
            let raw = base64::engine::general_purpose::STANDARD
                .decode(&sig_b64)
                .expect("b64");
            std::fs::write(&sig_path, &raw).expect("write");
            let out = openssl(&[
                "dgst",
                "-sha256",
                "-verify",
                pub_path.to_str().unwrap(),
                "-signature",
                sig_path.to_str().unwrap(),
                body.to_str().unwrap(),
            ]);
            assert!(
                out.status.success(),
                "openssl rejected our {fmt} signature: {out:?}"
            );

            // openssl's own signature: identical bytes (PKCS#1 v1.5 is deterministic), and we accept it.
            let key_path = dir.path().join("key.pem");
            std::fs::write(&key_path, pem).expect("write");
            let theirs = openssl(&[
                "dgst",
                "-sha256",
                "-sign",
                key_path.to_str().unwrap(),
                body.to_str().unwrap(),
            ]);
            assert!(theirs.status.success());
            assert_eq!(
                theirs.stdout, raw,
                "{fmt}: signature differs from openssl's"
            );
            let theirs_b64 = base64::engine::general_purpose::STANDARD.encode(&theirs.stdout);
            for pub_fmt in ["public_spki_pem", "public_pkcs1_pem"] {
                let pk =
                    PublicKey::from_pem_or_der(key[pub_fmt].as_str().expect("pem")).expect("pub");
                pk.verify(&seed_body(), &theirs_b64)
                    .expect("openssl signature verifies");
            }
        }
    }
}

#[test]
fn der_keys_load_too() {
    let key = &keys()[0];
    let pem_text = key["private_pkcs8_pem"].as_str().expect("pem");
    let der = pem::parse(pem_text).expect("pem").into_contents();
    let sk = PrivateKey::from_pem_or_der(&der).expect("pkcs8 der");
    let pkcs1 = pem::parse(key["private_pkcs1_pem"].as_str().expect("pem"))
        .expect("pem")
        .into_contents();
    let sk1 = PrivateKey::from_pem_or_der(&pkcs1).expect("pkcs1 der");
    assert_eq!(sk.sign(b"x").expect("sign"), sk1.sign(b"x").expect("sign"));
    let spki = pem::parse(key["public_spki_pem"].as_str().expect("pem"))
        .expect("pem")
        .into_contents();
    let pk = PublicKey::from_pem_or_der(&spki).expect("spki der");
    pk.verify(b"x", &sk.sign(b"x").expect("sign"))
        .expect("verify");
    assert_eq!(sk.public_key().expect("public").bits(), 2048);
}

#[test]
fn every_bad_key_is_rejected_with_its_own_message() {
    for case in vectors("keys.json")["bad_keys"]
        .as_array()
        .expect("bad keys")
    {
        let name = case["name"].as_str().expect("name");
        let pem = case["pem"].as_str().expect("pem");
        let err = match case["use"].as_str() {
            Some("private") => PrivateKey::from_pem_or_der(pem).map(|_| ()),
            _ => PublicKey::from_pem_or_der(pem).map(|_| ()),
        }
        .expect_err(name);
        assert_eq!(err.code(), case["error"].as_str().expect("code"), "{name}");
        let mentions = case["mentions"].as_str().expect("mentions");
        assert!(
            err.message().contains(mentions),
            "{name}: '{}' lacks '{mentions}'",
            err.message()
        );
    }
}

#[test]
fn wrong_signatures_are_rejected() {
    let key = &keys()[0];
    let sk =
        PrivateKey::from_pem_or_der(key["private_pkcs8_pem"].as_str().expect("pem")).expect("sk");
    let pk = PublicKey::from_pem_or_der(key["public_spki_pem"].as_str().expect("pem")).expect("pk");
    let body = seed_body();
    let sig = sk.sign(&body).expect("sign");
    let err = pk
        .verify(&body, "%%% not base64 %%%")
        .expect_err("not base64");
    assert_eq!(err.kind(), ErrorKind::SignatureVerification);
    assert!(err.message().contains("base64"));
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    let err = pk.verify(&tampered, &sig).expect_err("tampered");
    assert_eq!(err.kind(), ErrorKind::SignatureVerification);
    assert!(err.message().contains("does not match"));
    let other = PublicKey::from_pem_or_der(keys()[1]["public_spki_pem"].as_str().expect("pem"))
        .expect("pk");
    assert_eq!(
        other.verify(&body, &sig).expect_err("other key").kind(),
        ErrorKind::SignatureVerification
    );
}

#[test]
fn debug_of_a_private_key_shows_no_key_material() {
    let key = &keys()[0];
    let pem_text = key["private_pkcs8_pem"].as_str().expect("pem");
    let shown = format!("{:?}", PrivateKey::from_pem_or_der(pem_text).expect("sk"));
    assert_eq!(shown, "PrivateKey(RSA-2048, <redacted>)");
}
