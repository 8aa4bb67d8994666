//! Client behaviour that needs no server: configuration checks and a refused port.

use std::time::Duration;

use pikepay::client::{CallOptions, Client};
use pikepay::{Endpoint, ErrorKind, PrivateKey};
use serde_json::json;

fn key() -> PrivateKey {
    let keys: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/vectors/keys.json")).unwrap();
    PrivateKey::from_pem_or_der(keys["keys"][0]["private_pkcs8_pem"].as_str().unwrap()).unwrap()
}

/// A loopback port nobody listens on (bound, then released).
fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[test]
fn builder_names_what_is_wrong() {
    let e = Client::builder().private_key(key()).build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.message().contains("project"));

    let e = Client::builder().project("p").build().unwrap_err();
    assert!(e.message().contains("private key"));

    let e = Client::builder()
        .project("p")
        .private_key(key())
        .base_url("http://pike.example.com")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.message().contains("plain http"));
    // The hint names the setting in every language the message reaches.
    for spelling in [
        "allow_insecure_http=True",
        "allowInsecureHttp: true",
        "allow_insecure_http(true)",
    ] {
        assert!(e.message().contains(spelling), "{}", e.message());
    }

    let ok = Client::builder()
        .project("p")
        .private_key(key())
        .base_url("http://pike.example.com/")
        .allow_insecure_http(true)
        .build()
        .unwrap();
    assert_eq!(ok.base_url(), "http://pike.example.com");

    let e = Client::builder()
        .project("p")
        .private_key(key())
        .deadline(Duration::ZERO)
        .build()
        .unwrap_err();
    assert!(e.message().contains("total timeout"), "{}", e.message());

    let e = Client::builder()
        .project("p")
        .private_key(key())
        .add_root_certificate_pem("not a certificate")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);

    let debug = format!("{ok:?}");
    assert!(!debug.contains("PRIVATE"));
}

#[tokio::test]
async fn refused_port_is_a_network_error_with_the_generated_key() {
    let client = Client::builder()
        .project("p")
        .private_key(key())
        .base_url(refused_url())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap();
    let body = json!({"session_id": "ps_1"});
    let e = client
        .call(
            Endpoint::SessionConfirm,
            body.clone(),
            &CallOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network);
    assert!(e.retryable());
    let key = e.idempotency_key().expect("key on the error");
    assert!((4..=64).contains(&key.len()));

    // The caller's key is used as given; a read carries none.
    let opts = CallOptions {
        idempotency_key: Some("order-42-confirm".into()),
        max_retries: Some(0),
        ..CallOptions::default()
    };
    let e = client
        .call(Endpoint::SessionConfirm, body.clone(), &opts)
        .await
        .unwrap_err();
    assert_eq!(e.idempotency_key(), Some("order-42-confirm"));
    let e = client
        .call(Endpoint::SessionStatus, body, &CallOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network);
    assert_eq!(e.idempotency_key(), None);
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let client = Client::builder()
        .project("p")
        .private_key(key())
        .base_url(refused_url())
        .build()
        .unwrap();
    let short = CallOptions {
        idempotency_key: Some("abc".into()),
        ..CallOptions::default()
    };
    let e = client
        .call(
            Endpoint::SessionConfirm,
            json!({"session_id": "ps_1"}),
            &short,
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert_eq!(e.field(), Some("idempotency_key"));

    let e = client
        .call(
            Endpoint::SessionStatus,
            json!([1, 2]),
            &CallOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);

    let e = client
        .request(
            pikepay::HttpMethod::Post,
            "../x",
            json!({}),
            &CallOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("path"));
}

#[test]
fn proxy_and_root_certificates_are_checked() {
    let e = Client::builder()
        .project("p")
        .private_key(key())
        .proxy("::not a url::")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.message().contains("proxy"));

    // A real certificate made by the openssl CLI is accepted.
    let dir = tempfile::tempdir().unwrap();
    let (cert, pkey) = (dir.path().join("ca.pem"), dir.path().join("ca.key"));
    let status = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=pikepay test CA",
        ])
        .arg("-keyout")
        .arg(&pkey)
        .arg("-out")
        .arg(&cert)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    Client::builder()
        .project("p")
        .private_key(key())
        .proxy("http://127.0.0.1:3128")
        .add_root_certificate_pem(std::fs::read(&cert).unwrap())
        .user_agent_suffix("python/3.11")
        .build()
        .unwrap();
}
