//! A machine without a system CA store: plain-http clients still work, https clients
//! say what is missing and how to fix it. A test binary of its own, since it points
//! the process's CA environment at empty paths.

use pikepay::client::Client;
use pikepay::{ApiVersion, Endpoint, ErrorKind};
use pikepay_client_tests::{Env, card_payout, key_pair, opts};
use serde_json::json;

#[tokio::test]
async fn no_system_roots() {
    let dir = tempfile::tempdir().unwrap();
    let empty_file = dir.path().join("empty.pem");
    std::fs::write(&empty_file, "").unwrap();
    // SAFETY: the only test of this binary sets the variables before any thread reads them.
    unsafe {
        std::env::set_var("SSL_CERT_FILE", &empty_file);
        std::env::set_var("SSL_CERT_DIR", dir.path());
    }
    let env = Env::start();
    let reply = env
        .client(ApiVersion::V2)
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap();
    assert_eq!(reply.body["status"], json!("ok"));

    let e = Client::builder()
        .project("shop")
        .private_key(key_pair(0).0)
        .base_url("https://127.0.0.1:9")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration, "{e:?}");
    for hint in ["SSL_CERT_FILE", "root_certificates", "CA"] {
        assert!(e.message().contains(hint), "{hint} missing: {e}");
    }

    // Roots given by the caller are enough.
    let cert = dir.path().join("root.pem");
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args([
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=pikepay test root",
            "-keyout",
        ])
        .arg(dir.path().join("root.key"))
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    Client::builder()
        .project("shop")
        .private_key(key_pair(0).0)
        .base_url("https://127.0.0.1:9")
        .add_root_certificate_pem(std::fs::read(&cert).unwrap())
        .build()
        .unwrap();
}
