//! Answers the client must survive: oversized and unreadable bodies, refused keys and
//! out-of-range timeouts, each a typed error carrying the idempotency key.

use std::time::Duration;

use pikepay::client::{CallOptions, WaitUntil};
use pikepay::{ApiVersion, Endpoint, ErrorKind};
use pikepay_client_tests::{Env, card_payout, opts, session_id};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A local server that answers every request with `head` and then `body_len` bytes of
/// `x`, written in 64 KiB pieces until the client hangs up. Returns its base URL and a
/// task that yields how many body bytes it managed to write.
async fn hostile(head: String, body_len: u64) -> (String, tokio::task::JoinHandle<u64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = vec![0u8; 64 * 1024];
        let _ = socket.read(&mut request).await;
        if socket.write_all(head.as_bytes()).await.is_err() {
            return 0;
        }
        let piece = vec![b'x'; 64 * 1024];
        let mut written = 0u64;
        while written < body_len {
            if socket.write_all(&piece).await.is_err() {
                break;
            }
            written += piece.len() as u64;
        }
        written
    });
    (url, task)
}

const HUGE: u64 = 256 * 1024 * 1024;

#[tokio::test]
async fn oversized_answers_are_refused_with_a_typed_error() {
    let env = Env::start();
    let heads = [
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {HUGE}\r\n\r\n"
        ),
        // No length announced: reading must stop at the cap.
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_owned(),
    ];
    for head in heads {
        for (endpoint, body, kind) in [
            (
                Endpoint::SessionInitPayout,
                card_payout(100),
                ErrorKind::OutcomeUnknown,
            ),
            (
                Endpoint::SessionStatus,
                json!({"session_id": "s"}),
                ErrorKind::Decode,
            ),
        ] {
            let (url, server) = hostile(head.clone(), HUGE).await;
            let client = env
                .builder(ApiVersion::V2)
                .base_url(url)
                .max_response_bytes(1024 * 1024)
                .max_retries(0)
                .build()
                .unwrap();
            let e = client.call(endpoint, body, &opts()).await.unwrap_err();
            assert_eq!(e.kind(), kind, "{e:?}");
            assert!(e.message().contains("max_response_bytes"), "{e}");
            assert_eq!(e.http_status(), Some(200));
            if kind == ErrorKind::OutcomeUnknown {
                assert!(e.idempotency_key().is_some(), "{e:?}");
            }
            drop(client);
            let written = server.await.unwrap();
            assert!(written < HUGE, "the client read all {written} bytes");
        }
    }
}

#[tokio::test]
async fn answers_up_to_the_cap_are_read() {
    let env = Env::start();
    let client = env
        .builder(ApiVersion::V2)
        .max_response_bytes(100_000)
        .build()
        .unwrap();
    let reply = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap();
    assert!(!session_id(&reply.body).is_empty());
    let e = env
        .builder(ApiVersion::V2)
        .max_response_bytes(0)
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.message().contains("max_response_bytes"), "{e}");
}

#[tokio::test]
async fn a_2xx_answer_that_is_not_an_object_keeps_the_key() {
    let env = Env::start();
    for body in ["[1, 2]", "\"ok\"", "<html>Welcome</html>", "null"] {
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let (url, _server) = hostile(head.clone(), 0).await;
        let client = env
            .builder(ApiVersion::V2)
            .base_url(url)
            .max_retries(0)
            .build()
            .unwrap();
        let e = client
            .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OutcomeUnknown, "{body}: {e:?}");
        assert!(e.idempotency_key().is_some(), "{body}: {e:?}");
        assert!(!e.message().contains("base URL"), "{e}");

        let (url, _server) = hostile(head, 0).await;
        let client = env
            .builder(ApiVersion::V2)
            .base_url(url)
            .max_retries(0)
            .build()
            .unwrap();
        let keyed = CallOptions {
            idempotency_key: Some("status-key-1".into()),
            ..CallOptions::default()
        };
        let e = client
            .call(Endpoint::SessionStatus, json!({"session_id": "s"}), &keyed)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{body}: {e:?}");
        assert_eq!(e.idempotency_key(), Some("status-key-1"), "{body}");
    }
}

#[tokio::test]
async fn a_callers_key_is_never_dropped_silently() {
    let env = Env::start_with(|mut p| {
        p.idempotency_unsupported = vec!["session/confirm".into()];
        p
    });
    let client = env.client(ApiVersion::V2);
    let mut ids = Vec::new();
    for amount in [100, 200] {
        let reply = client
            .call(Endpoint::SessionInitPayout, card_payout(amount), &opts())
            .await
            .unwrap();
        ids.push(session_id(&reply.body));
    }
    // A generated key may be dropped: the client learns the method takes none.
    client
        .call(
            Endpoint::SessionConfirm,
            json!({"session_id": ids[0]}),
            &opts(),
        )
        .await
        .unwrap();
    // The caller's own key is sent all the same, and its refusal is the caller's to see.
    let keyed = CallOptions {
        idempotency_key: Some("confirm-key-1".into()),
        ..CallOptions::default()
    };
    let e = client
        .call(
            Endpoint::SessionConfirm,
            json!({"session_id": ids[1]}),
            &keyed,
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Idempotency, "{e:?}");
    assert_eq!(e.pike_code(), Some("idempotency_key_not_supported"));
    assert_eq!(e.idempotency_key(), Some("confirm-key-1"));
    assert!(!e.retryable());
    assert!(e.message().contains("without idempotency_key"), "{e}");
    let sent: Vec<_> = env
        .requests()
        .await
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("session/confirm"))
        })
        .map(|r| r["idempotency_key"].clone())
        .collect();
    assert_eq!(sent.last(), Some(&json!("confirm-key-1")), "{sent:?}");
    // Nothing was confirmed with the refused key: one payout moved, not two.
    assert_eq!(env.ledger().await.len(), 1);
}

#[tokio::test]
async fn out_of_range_timeouts_are_typed_errors_not_panics() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    for timeout in [
        Duration::MAX,
        Duration::from_secs(u64::MAX / 2),
        Duration::ZERO,
    ] {
        let huge = CallOptions {
            timeout: Some(timeout),
            ..CallOptions::default()
        };
        let e = client
            .call(Endpoint::SessionInitPayout, card_payout(100), &huge)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e:?}");
        assert_eq!(e.field(), Some("timeout"));
        assert!(e.idempotency_key().is_some());
        let e = client
            .wait("some-session", WaitUntil::Final, timeout)
            .await
            .unwrap_err();
        assert_eq!(e.field(), Some("timeout"), "{e:?}");
    }
    for builder in [
        env.builder(ApiVersion::V2).deadline(Duration::MAX),
        env.builder(ApiVersion::V2).request_timeout(Duration::MAX),
        env.builder(ApiVersion::V2).connect_timeout(Duration::MAX),
        env.builder(ApiVersion::V2)
            .retry_backoff(Duration::MAX, Duration::MAX),
    ] {
        let e = builder.build().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration, "{e:?}");
    }
}
