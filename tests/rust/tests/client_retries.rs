//! The retry rules, each shown with the sandbox's fault injection. The ledger is the
//! proof that a payout was never executed twice.

use std::time::Duration;

use pikepay::client::CallOptions;
use pikepay::{ApiVersion, Endpoint, ErrorKind};
use pikepay_client_tests::{Env, card_payout, opts, session_id};
use serde_json::json;

const INIT: &str = "session/init/payout";

fn keyed(key: &str) -> CallOptions {
    CallOptions {
        idempotency_key: Some(key.into()),
        ..CallOptions::default()
    }
}

async fn payouts(env: &Env) -> usize {
    env.ledger()
        .await
        .iter()
        .filter(|e| e["kind"] == "payout")
        .count()
}

/// Inits and confirms a payout; returns the session id.
async fn paid_out(client: &pikepay::Client, amount: u64) -> String {
    let body = client
        .call(Endpoint::SessionInitPayout, card_payout(amount), &opts())
        .await
        .unwrap()
        .body;
    let id = session_id(&body);
    client
        .call(Endpoint::SessionConfirm, json!({"session_id": id}), &opts())
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn keyed_calls_retry_5xx_and_429_with_the_same_key() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    for (mode, extra) in [
        ("status", json!({"status": 500})),
        ("status", json!({"status": 502})),
        ("status", json!({"status": 503})),
        ("status", json!({"status": 504})),
        ("retry_after", json!({"retry_after_s": 0})),
    ] {
        env.fault(INIT, 2, mode, extra.clone()).await;
        let reply = client
            .call(
                Endpoint::SessionInitPayout,
                card_payout(100),
                &keyed("retry-5xx-key"),
            )
            .await;
        let reply = reply.unwrap_or_else(|e| panic!("{mode} {extra}: {e:?}"));
        assert_eq!(reply.idempotency_key.as_deref(), Some("retry-5xx-key"));
    }
    // Five logical calls with one key: one session, replayed.
    let id = client
        .call(
            Endpoint::SessionInitPayout,
            card_payout(100),
            &keyed("retry-5xx-key"),
        )
        .await
        .unwrap()
        .body["session"]["id"]
        .clone();
    client
        .call(Endpoint::SessionConfirm, json!({"session_id": id}), &opts())
        .await
        .unwrap();
    assert_eq!(payouts(&env).await, 1);
}

fn widget() -> serde_json::Value {
    json!({"tokenize_widget": {"access": true}})
}

#[tokio::test]
async fn unkeyed_calls_are_not_retried_after_an_answer() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    // `token` carries no key and is not read-only: two faults armed, each call makes
    // exactly one attempt and gets one of them.
    env.fault("token", 2, "status", json!({"status": 503}))
        .await;
    for _ in 0..2 {
        let e = client
            .call(Endpoint::Token, widget(), &opts())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Server, "{e:?}");
        assert_eq!(e.http_status(), Some(503));
        assert_eq!(e.idempotency_key(), None);
    }
    client
        .call(Endpoint::Token, widget(), &opts())
        .await
        .unwrap();
}

#[tokio::test]
async fn read_only_calls_are_retried_without_a_key() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    let id = paid_out(&client, 100).await;
    // One 503 and one lost answer: both are retried, and the one call succeeds.
    env.fault("session/status", 1, "status", json!({"status": 503}))
        .await;
    let reply = client
        .call(Endpoint::SessionStatus, json!({"session_id": id}), &opts())
        .await
        .unwrap();
    assert_eq!(reply.idempotency_key, None);
    env.fault("session/status", 1, "drop_after", json!({}))
        .await;
    client
        .call(Endpoint::SessionStatus, json!({"session_id": id}), &opts())
        .await
        .unwrap();
    // max_retries = 0 still means one attempt.
    env.fault("session/status", 1, "status", json!({"status": 503}))
        .await;
    let once = CallOptions {
        max_retries: Some(0),
        ..CallOptions::default()
    };
    let e = client
        .call(Endpoint::SessionStatus, json!({"session_id": id}), &once)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server, "{e:?}");
}

#[tokio::test]
async fn max_retries_zero_means_one_attempt() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    env.fault(INIT, 1, "status", json!({"status": 500})).await;
    let once = CallOptions {
        idempotency_key: Some("only-once-key".into()),
        max_retries: Some(0),
        ..CallOptions::default()
    };
    let e = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &once)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(e.idempotency_key(), Some("only-once-key"));
    assert!(e.retryable());
    // The one fault was used by that single attempt: the same call now goes through.
    client
        .call(Endpoint::SessionInitPayout, card_payout(100), &once)
        .await
        .unwrap();

    let client = env.builder(ApiVersion::V2).max_retries(0).build().unwrap();
    env.fault(INIT, 1, "retry_after", json!({"retry_after_s": 0}))
        .await;
    let e = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimit);
    assert_eq!(e.retry_after(), Some(Duration::ZERO));
    assert!(e.idempotency_key().is_some());
}

#[tokio::test]
async fn retry_after_longer_than_the_deadline_is_not_cut_short() {
    let env = Env::start();
    let client = env
        .builder(ApiVersion::V2)
        .deadline(Duration::from_millis(400))
        .build()
        .unwrap();
    env.fault(INIT, 1, "retry_after", json!({"retry_after_s": 30}))
        .await;
    let e = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimit, "{e:?}");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(payouts(&env).await, 0);
}

#[tokio::test]
async fn dropped_connections_are_retried_with_the_key_and_never_pay_twice() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    // Not processed, then dropped: the retry creates the session.
    env.fault(INIT, 1, "drop_before", json!({})).await;
    let first = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap();
    // Processed and committed, then dropped: the retry gets the stored answer.
    env.fault(INIT, 1, "drop_after", json!({})).await;
    let second = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap();
    assert_ne!(session_id(&first.body), session_id(&second.body));
    // Confirm, dropped after commit: retried with the same key, executed once.
    for reply in [&first, &second] {
        env.fault("session/confirm", 1, "drop_after", json!({}))
            .await;
        let done = client
            .call(
                Endpoint::SessionConfirm,
                json!({"session_id": session_id(&reply.body)}),
                &opts(),
            )
            .await
            .unwrap();
        assert_eq!(
            done.body["session"]["payout_list"][0]["status"],
            "succeeded"
        );
    }
    let ledger = env.ledger().await;
    assert_eq!(ledger.len(), 2, "{ledger:?}");
    assert_ne!(ledger[0]["session_id"], ledger[1]["session_id"]);
}

#[tokio::test]
async fn lost_answers_end_in_outcome_unknown_with_the_key() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    // Keyed, every attempt dropped after commit: retries run out.
    env.fault(INIT, 3, "drop_after", json!({})).await;
    let e = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown, "{e:?}");
    let key = e.idempotency_key().expect("key").to_owned();
    // Sending again with that key recovers the one session that was created.
    let reply = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &keyed(&key))
        .await
        .unwrap();
    let id = session_id(&reply.body);
    client
        .call(Endpoint::SessionConfirm, json!({"session_id": id}), &opts())
        .await
        .unwrap();
    assert_eq!(payouts(&env).await, 1);

    // Unkeyed and not read-only: a lost answer is not sent again (two faults, two
    // calls, one attempt each).
    env.fault("token", 2, "drop_after", json!({})).await;
    for _ in 0..2 {
        let e = client
            .call(Endpoint::Token, widget(), &opts())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OutcomeUnknown, "{e:?}");
        assert_eq!(e.idempotency_key(), None);
    }
    client
        .call(Endpoint::Token, widget(), &opts())
        .await
        .unwrap();

    // A timeout after sending, with retries exhausted, is unknown too.
    let slow = env
        .builder(ApiVersion::V2)
        .request_timeout(Duration::from_millis(150))
        .deadline(Duration::from_secs(1))
        .max_retries(1)
        .build()
        .unwrap();
    env.fault(INIT, 2, "delay", json!({"delay_ms": 1500})).await;
    let e = slow
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown, "{e:?}");
    assert!(e.idempotency_key().is_some());
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_without_a_key() {
    let env = Env::start();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = env
        .builder(ApiVersion::V2)
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(3)
        .build()
        .unwrap();
    let e = client
        .call(
            Endpoint::SessionStatus,
            json!({"session_id": "ps_1"}),
            &opts(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network, "{e:?}");
    assert!(e.retryable());
}

#[tokio::test]
async fn still_running_means_wait_and_ask_again() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    env.fault(INIT, 1, "delay", json!({"delay_ms": 1500})).await;
    let first = {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .call(
                    Endpoint::SessionInitPayout,
                    card_payout(100),
                    &keyed("in-flight-key"),
                )
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Same key while the first is still running: Pike says already_exists; the client
    // waits and asks again until the stored answer comes back.
    let second = client
        .call(
            Endpoint::SessionInitPayout,
            card_payout(100),
            &keyed("in-flight-key"),
        )
        .await
        .unwrap();
    let first = first.await.unwrap().unwrap();
    assert_eq!(session_id(&first.body), session_id(&second.body));

    // With no retries allowed the caller sees the idempotency error itself.
    env.fault(INIT, 1, "delay", json!({"delay_ms": 1500})).await;
    let bg = {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .call(
                    Endpoint::SessionInitPayout,
                    card_payout(100),
                    &keyed("in-flight-key-2"),
                )
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let once = CallOptions {
        max_retries: Some(0),
        ..keyed("in-flight-key-2")
    };
    let e = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &once)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Idempotency, "{e:?}");
    assert_eq!(e.pike_code(), Some("idempotency_key_already_exists"));
    assert!(e.retryable());
    bg.await.unwrap().unwrap();
}

#[tokio::test]
async fn not_supported_keys_are_dropped_for_that_method_from_then_on() {
    let env = Env::start_with(|p| {
        let mut p = p;
        p.idempotency_unsupported = vec!["session/confirm".into()];
        p
    });
    let client = env.client(ApiVersion::V2);
    let make = |amount| card_payout(amount);
    let a = session_id(
        &client
            .call(Endpoint::SessionInitPayout, make(100), &opts())
            .await
            .unwrap()
            .body,
    );
    let b = session_id(
        &client
            .call(Endpoint::SessionInitPayout, make(200), &opts())
            .await
            .unwrap()
            .body,
    );
    // First confirm: refused with the key, sent again without it, succeeds.
    let done = client
        .call(Endpoint::SessionConfirm, json!({"session_id": a}), &opts())
        .await
        .unwrap();
    assert_eq!(done.idempotency_key, None);
    assert_eq!(
        done.body["session"]["payout_list"][0]["status"],
        "succeeded"
    );
    // From then on confirm goes without a key, so a lost answer is not sent again.
    env.fault("session/confirm", 1, "drop_after", json!({}))
        .await;
    let e = client
        .call(Endpoint::SessionConfirm, json!({"session_id": b}), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown, "{e:?}");
    assert_eq!(e.idempotency_key(), None);
    // It had been executed once; the ledger has one payout per session.
    let ledger = env.ledger().await;
    assert_eq!(ledger.len(), 2, "{ledger:?}");
    // Another client of the same project learns it on its own.
    let fresh = env.builder(ApiVersion::V2).max_retries(0).build().unwrap();
    let c = session_id(
        &fresh
            .call(Endpoint::SessionInitPayout, make(300), &opts())
            .await
            .unwrap()
            .body,
    );
    let e = fresh
        .call(Endpoint::SessionConfirm, json!({"session_id": c}), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.pike_code(), Some("idempotency_key_not_supported"));
    fresh
        .call(Endpoint::SessionConfirm, json!({"session_id": c}), &opts())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_failed_tls_handshake_counts_as_never_sent() {
    let env = Env::start();
    // The sandbox speaks plain HTTP: a TLS handshake with it fails before any request.
    let tls = env
        .builder(ApiVersion::V2)
        .base_url(format!("https://127.0.0.1:{}", env.sandbox.port()))
        .build()
        .unwrap();
    let e = tls
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network, "{e:?}");
    assert!(e.retryable());
    assert!(e.idempotency_key().is_some());
    assert_eq!(payouts(&env).await, 0);
}
