//! signatures.json: pikepay signs byte-for-byte like the openssl CLI and verifies its output.

use pikepay::{PrivateKey, PublicKey};

use crate::{cases, private_pem, public_pem, text};

#[test]
fn signatures_match_openssl_and_rejections_fail() {
    let cases = cases("signatures.json");
    let (mut valid, mut rejected) = (0, 0);
    for case in &cases {
        let name = text(case, "name");
        let key = text(case, "key");
        let body = text(case, "body").as_bytes();
        let signature = text(case, "signature");
        let public = PublicKey::from_pem_or_der(public_pem(key)).expect("public key");
        if case["expected"]["valid"] == true {
            let sha = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, body);
            let hex: String = sha.as_ref().iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(hex, text(case, "body_sha256"), "{name}: body bytes");
            let private = PrivateKey::from_pem_or_der(private_pem(key)).expect("private key");
            assert_eq!(private.sign(body).expect("sign"), signature, "{name}");
            public
                .verify(body, signature)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            valid += 1;
        } else {
            let err = public
                .verify(body, signature)
                .expect_err(&format!("{name} must be rejected"));
            assert_eq!(err.code(), text(&case["expected"], "error_code"), "{name}");
            rejected += 1;
        }
    }
    assert!(
        valid >= 2 && rejected >= 2,
        "{valid} valid, {rejected} rejected"
    );
}
