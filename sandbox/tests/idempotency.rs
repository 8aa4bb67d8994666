//! X-PARTNER-IDEMPOTENCY-KEY: replay, params mismatch, already running, expiry after 24 h
//! of sandbox time, key length, unsupported methods.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn same_key_same_body_replays_the_first_answer_without_a_second_operation() {
    for v in VERSIONS {
        let env = Env::new();
        let body = payout_body(v, "4242424242424242", 1000);
        let first = env
            .call_with(v, "session/init/payout", &body, Some("payout-0001"))
            .await;
        let again = env
            .call_with(v, "session/init/payout", &body, Some("payout-0001"))
            .await;
        assert_eq!(first.body, again.body);
        assert_eq!(again.status, 200);
        assert!(first.headers.get("idempotent-replayed").is_none());
        assert_eq!(again.headers["idempotent-replayed"], "true");
        let id = session_id(&first.body);
        assert_eq!(env.deliveries().await.len(), 1, "one session, one webhook");

        let confirm = sid(&id);
        let c1 = env
            .call_with(v, "session/confirm", &confirm, Some("confirm-0001"))
            .await
            .ok();
        let c2 = env
            .call_with(v, "session/confirm", &confirm, Some("confirm-0001"))
            .await
            .ok();
        assert_eq!(c1, c2);
        let ledger = env.ledger().await;
        assert_eq!(ledger.len(), 1, "no duplicate payout: {ledger:?}");
        // Without the key, a second confirm is refused by the state machine.
        env.call(v, "session/confirm", &confirm)
            .await
            .err(409, "invalid_session_state");
    }
}

#[tokio::test]
async fn key_order_of_the_body_does_not_matter() {
    let env = Env::new();
    let a = br#"{"amount_details":{"currency":"rub","amount":5},"payout_details":{"type":"card","card":{"type":"bank_card","bank_card":{"number":"4242424242424242"}}}}"#;
    let b = br#"{"payout_details":{"card":{"bank_card":{"number":"4242424242424242"},"type":"bank_card"},"type":"card"},"amount_details":{"amount":5,"currency":"rub"}}"#;
    let first = env
        .raw(V2, "session/init/payout", a.to_vec(), Some("order-key"))
        .await
        .unwrap();
    let second = env
        .raw(V2, "session/init/payout", b.to_vec(), Some("order-key"))
        .await
        .unwrap();
    assert_eq!(first.body, second.body);
}

#[tokio::test]
async fn same_key_with_other_parameters_is_a_mismatch() {
    let env = Env::new();
    let body = payout_body(V2, "4242424242424242", 1000);
    env.call_with(V2, "session/init/payout", &body, Some("k-123"))
        .await
        .ok();
    let other = payout_body(V2, "4242424242424242", 1001);
    env.call_with(V2, "session/init/payout", &other, Some("k-123"))
        .await
        .err(409, "idempotency_key_params_mismatch");
    env.call_with(V2, "session/create", &body, Some("k-123"))
        .await
        .err(409, "idempotency_key_params_mismatch");
    assert_eq!(env.deliveries().await.len(), 1);
}

#[tokio::test]
async fn same_key_while_the_first_request_runs_is_already_exists() {
    let env = Env::new();
    env.control(
        "/_sandbox/faults",
        json!({"path": "session/init/payout", "count": 1, "mode": "delay", "delay_ms": 1500}),
    )
    .await
    .ok();
    let body = payout_body(V2, "4242424242424242", 1000);
    let (a, b) = tokio::join!(
        env.call_with(V2, "session/init/payout", &body, Some("slow-key")),
        async {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            env.call_with(V2, "session/init/payout", &body, Some("slow-key"))
                .await
        }
    );
    let (done, clash) = if a.status == 200 { (a, b) } else { (b, a) };
    assert_eq!(done.status, 200, "{:?}", done.body);
    clash.err(409, "idempotency_key_already_exists");
    // Once finished, the key replays the answer.
    let later = env
        .call_with(V2, "session/init/payout", &body, Some("slow-key"))
        .await;
    assert_eq!(later.body, done.body);
    assert_eq!(env.deliveries().await.len(), 1);
}

#[tokio::test]
async fn keys_expire_after_24_hours_of_sandbox_time() {
    let env = Env::new();
    let body = payout_body(V2, "4242424242424242", 10);
    let first = env
        .call_with(V2, "session/init/payout", &body, Some("day-key"))
        .await
        .ok();
    env.control("/_sandbox/time/advance", json!({"seconds": 23 * 3600}))
        .await
        .ok();
    let replay = env
        .call_with(V2, "session/init/payout", &body, Some("day-key"))
        .await
        .ok();
    assert_eq!(session_id(&first), session_id(&replay));
    env.control("/_sandbox/time/advance", json!({"seconds": 3600}))
        .await
        .ok();
    let fresh = env
        .call_with(V2, "session/init/payout", &body, Some("day-key"))
        .await
        .ok();
    assert_ne!(session_id(&first), session_id(&fresh));
    let other = payout_body(V2, "4242424242424242", 11);
    env.call_with(V2, "session/init/payout", &other, Some("day-key"))
        .await
        .err(409, "idempotency_key_params_mismatch");
}

#[tokio::test]
async fn keys_must_be_4_to_64_characters() {
    let env = Env::new();
    let body = json!({});
    for bad in ["", "abc", &"x".repeat(65)] {
        let a = env.call_with(V2, "session/create", &body, Some(bad)).await;
        a.err(400, "invalid_request");
        assert!(
            a.description().contains("X-PARTNER-IDEMPOTENCY-KEY"),
            "{}",
            a.description()
        );
    }
    for good in ["abcd", &"y".repeat(64), "key with spaces"] {
        env.call_with(V2, "session/create", &body, Some(good))
            .await
            .ok();
    }
}

#[tokio::test]
async fn methods_configured_without_idempotency_refuse_a_key() {
    let env = Env::new();
    env.register(json!({"idempotency_unsupported": ["session/status"]}))
        .await;
    let id = session_id(&env.call(V2, "session/create", &json!({})).await.ok());
    env.call_with(V2, "session/status", &sid(&id), Some("status-key"))
        .await
        .err(400, "idempotency_key_not_supported");
    env.call(V2, "session/status", &sid(&id)).await.ok();
}

#[tokio::test]
async fn error_answers_are_replayed_and_refused_requests_do_not_use_up_the_key() {
    let env = Env::new();
    let missing = sid("ps_424242");
    let a = env
        .call_with(V2, "session/confirm", &missing, Some("err-key"))
        .await;
    a.err(404, "repository_record_not_found");
    let b = env
        .call_with(V2, "session/confirm", &missing, Some("err-key"))
        .await;
    b.err(404, "repository_record_not_found");
    assert_eq!(b.headers["idempotent-replayed"], "true");

    // A body refused by field validation is not stored under the key.
    let mut bad = payout_body(V2, "4242424242424242", 10);
    bad["amount_details"]["amount"] = json!(0);
    env.call_with(V2, "session/init/payout", &bad, Some("fix-me"))
        .await
        .err(400, "invalid_request");
    let good = payout_body(V2, "4242424242424242", 10);
    env.call_with(V2, "session/init/payout", &good, Some("fix-me"))
        .await
        .ok();
}
