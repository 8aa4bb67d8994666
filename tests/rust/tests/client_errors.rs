//! Every error kind, produced the way a user meets it (through the client and the
//! sandbox wherever a server is involved), with the fields the caller relies on.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use pikepay::client::CallOptions;
use pikepay::{ApiVersion, Endpoint, ErrorKind, PrivateKey, Webhook};
use pikepay_client_tests::{Env, card_payout, opts, session_id};
use serde_json::json;

/// A plain static web server (not Pike) on loopback, serving `dir`; killed on drop.
struct StaticServer {
    child: Child,
    url: String,
}

impl StaticServer {
    fn start(dir: &std::path::Path) -> StaticServer {
        let mut child = Command::new("python3")
            .args([
                "-u",
                "-m",
                "http.server",
                "0",
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        let port = line
            .split(" port ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .expect(&line)
            .to_owned();
        StaticServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn every_error_kind_is_produced() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    let mut produced = HashSet::new();
    let mut seen = |e: &pikepay::Error| {
        produced.insert(e.kind());
    };

    // Configuration: plain http to a remote host.
    let e = env
        .builder(ApiVersion::V2)
        .base_url("http://pike.example.com")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    seen(&e);

    // InvalidKey: not a key.
    let e = PrivateKey::from_pem_or_der(
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidKey);
    seen(&e);

    // InvalidRequest, client side: refused before sending, Pike-style description.
    let mut zero = card_payout(100);
    zero["amount_details"]["amount"] = json!(0);
    let e = client
        .call(Endpoint::SessionInitPayout, zero, &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert_eq!(e.field(), Some("amount_details.amount"));
    assert_eq!(e.pike_description(), Some("amount_details.amount.positive"));
    assert!(e.idempotency_key().is_some(), "the key is on every error");
    assert!(env.ledger().await.is_empty());
    seen(&e);

    // InvalidRequest, from the sandbox: a second acquiring widget token for one session.
    let widget = session_id(
        &client
            .call(Endpoint::SessionCreate, json!({}), &opts())
            .await
            .unwrap()
            .body,
    );
    let body = json!({"acquiring_widget": {"session_id": widget}});
    client
        .call(Endpoint::Token, body.clone(), &opts())
        .await
        .unwrap();
    let e = client
        .call(Endpoint::Token, body, &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert_eq!(
        e.pike_description(),
        Some("acquiring_widget.session_id.not_unique")
    );
    assert_eq!(e.field(), Some("acquiring_widget.session_id"));
    seen(&e);

    // Authentication: a key the sandbox does not hold for the project.
    let (other, _) = pikepay_client_tests::key_pair(1);
    let e = env
        .builder(ApiVersion::V2)
        .private_key(other)
        .build()
        .unwrap()
        .call(Endpoint::SessionCreate, json!({}), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication);
    assert_eq!(e.http_status(), Some(401));
    seen(&e);

    // Idempotency: one key, two different bodies.
    let key = CallOptions {
        idempotency_key: Some("order-1001".into()),
        ..opts()
    };
    let first = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &key)
        .await
        .unwrap();
    let e = client
        .call(Endpoint::SessionInitPayout, card_payout(999), &key)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Idempotency);
    assert_eq!(e.pike_code(), Some("idempotency_key_params_mismatch"));
    assert_eq!(e.idempotency_key(), Some("order-1001"));
    seen(&e);

    // NotFound: an unknown session.
    let e = client
        .call(
            Endpoint::SessionStatus,
            json!({"session_id": "ps_404404"}),
            &opts(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.pike_code(), Some("repository_record_not_found"));
    seen(&e);

    // Api: confirming a session that is not waiting for it.
    let id = session_id(&first.body);
    client
        .call(Endpoint::SessionConfirm, json!({"session_id": id}), &opts())
        .await
        .unwrap();
    let e = client
        .call(Endpoint::SessionConfirm, json!({"session_id": id}), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api, "{e:?}");
    assert_eq!(e.pike_code(), Some("invalid_session_state"));
    seen(&e);

    // RateLimit and Server: faults on a call that is not retried.
    let once = CallOptions {
        max_retries: Some(0),
        ..opts()
    };
    env.fault(
        "session/create",
        1,
        "retry_after",
        json!({"retry_after_s": 2}),
    )
    .await;
    let e = client
        .call(Endpoint::SessionCreate, json!({}), &once)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimit);
    assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(2)));
    seen(&e);
    env.fault("session/status", 1, "status", json!({"status": 502}))
        .await;
    let e = client
        .call(Endpoint::SessionStatus, json!({"session_id": id}), &once)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    seen(&e);

    // OutcomeUnknown: the answer of a processed request was lost.
    env.fault("session/status", 1, "drop_after", json!({}))
        .await;
    let e = client
        .call(Endpoint::SessionStatus, json!({"session_id": id}), &once)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown);
    seen(&e);

    // Network: nobody listens.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let e = env
        .builder(ApiVersion::V2)
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap()
        .call(Endpoint::FpsBanks, json!({}), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network);
    seen(&e);

    // Decode: a base URL that points at an ordinary web server answering HTML.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("api/v1/fps")).unwrap();
    std::fs::write(
        dir.path().join("api/v1/fps/banks"),
        "<html><body>Welcome! Card 4111111111111111 on file.</body></html>",
    )
    .unwrap();
    let web = StaticServer::start(dir.path());
    let e = env
        .builder(ApiVersion::V2)
        .base_url(&web.url)
        .build()
        .unwrap()
        .call(Endpoint::FpsBanks, json!({}), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "{e:?}");
    assert_eq!(e.http_status(), Some(200));
    assert!(e.message().contains("Welcome"), "{e}");
    assert!(!e.message().contains("4111111111111111"), "{e}");
    seen(&e);

    // SignatureVerification: a sandbox webhook with one byte changed.
    let delivery = env
        .deliveries()
        .await
        .into_iter()
        .next()
        .expect("a webhook");
    let raw = delivery["body"].as_str().expect("raw body").to_owned();
    let signature = delivery["signature"]
        .as_str()
        .expect("signature")
        .to_owned();
    let webhook = Webhook::from_pem_or_der(env.sandbox.public_key_pem()).unwrap();
    webhook.construct_event(raw.as_bytes(), &signature).unwrap();
    let tampered = raw.replacen("\"status\"", "\"statuz\"", 1);
    let e = webhook
        .construct_event(tampered.as_bytes(), &signature)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::SignatureVerification);
    seen(&e);

    let missing: Vec<_> = ErrorKind::ALL
        .iter()
        .filter(|k| **k != ErrorKind::Internal && !produced.contains(k))
        .collect();
    assert!(missing.is_empty(), "kinds never produced: {missing:?}");
}
