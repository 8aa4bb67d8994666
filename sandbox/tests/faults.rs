//! Injected faults: 500/502/503, 429 with Retry-After, delay, dropped connections before
//! and after the commit.

mod common;

use common::*;
use serde_json::json;

async fn fault(env: &Env, body: serde_json::Value) {
    env.control("/_sandbox/faults", body).await.ok();
}

#[tokio::test]
async fn status_faults_answer_the_envelope_without_processing() {
    let env = Env::new();
    for status in [500u16, 502, 503] {
        fault(
            &env,
            json!({"path": "session/init/payout", "count": 2, "mode": "status", "status": status}),
        )
        .await;
        for _ in 0..2 {
            let a = env
                .call(
                    V2,
                    "session/init/payout",
                    &payout_body(V2, "4242424242424242", 10),
                )
                .await;
            a.err(status, "internal_error");
        }
        assert!(env.deliveries().await.is_empty(), "nothing was processed");
    }
    // The fault is used up: the next request is processed.
    env.call(
        V2,
        "session/init/payout",
        &payout_body(V2, "4242424242424242", 10),
    )
    .await
    .ok();
    // Other paths were never affected.
    fault(
        &env,
        json!({"path": "session/init/payout", "count": 1, "mode": "status"}),
    )
    .await;
    env.call(V2, "session/create", &json!({})).await.ok();
    env.call(
        V1,
        "session/init/payout",
        &payout_body(V1, "4242424242424242", 10),
    )
    .await
    .err(500, "internal_error");
}

#[tokio::test]
async fn retry_after_fault_answers_429_with_the_header() {
    let env = Env::new();
    fault(
        &env,
        json!({"path": "session/status", "count": 1, "mode": "retry_after", "retry_after_s": 7}),
    )
    .await;
    let a = env.call(V2, "session/status", &sid("ps_1")).await;
    a.err(429, "too_many_requests");
    assert_eq!(a.headers["retry-after"], "7");
    env.call(V2, "session/status", &sid("ps_1"))
        .await
        .err(404, "repository_record_not_found");
}

#[tokio::test]
async fn delay_fault_answers_late_but_normally() {
    let env = Env::new();
    fault(
        &env,
        json!({"path": "*", "count": 1, "mode": "delay", "delay_ms": 200}),
    )
    .await;
    let s = env.call(V2, "session/create", &json!({})).await.ok();
    assert_eq!(s["session"]["status"], "created");
    // A client that gives up early sees no answer.
    fault(
        &env,
        json!({"path": "session/create", "count": 1, "mode": "delay", "delay_ms": 2000}),
    )
    .await;
    let raw = b"{}".to_vec();
    let resp = env
        .http
        .post(env.url("/api/v2/session/create"))
        .header("X-PARTNER-PROJECT", PROJECT)
        .header("X-PARTNER-SIGN", env.key.sign(&raw).unwrap())
        .timeout(std::time::Duration::from_millis(100))
        .body(raw)
        .send()
        .await;
    assert!(resp.unwrap_err().is_timeout());
}

#[tokio::test]
async fn drop_before_closes_the_connection_and_processes_nothing() {
    let env = Env::new();
    fault(
        &env,
        json!({"path": "session/init/payout", "count": 1, "mode": "drop_before"}),
    )
    .await;
    let body = serde_json::to_vec(&payout_body(V2, "4242424242424242", 10)).unwrap();
    let err = env
        .raw(V2, "session/init/payout", body.clone(), Some("drop-1"))
        .await
        .unwrap_err();
    assert!(!err.is_timeout(), "{err}");
    assert!(env.deliveries().await.is_empty());
    assert!(env.ledger().await.is_empty());
    // The key was never used: the retry is processed as new.
    let a = env
        .raw(V2, "session/init/payout", body, Some("drop-1"))
        .await
        .unwrap();
    assert!(a.headers.get("idempotent-replayed").is_none());
    a.ok();
}

#[tokio::test]
async fn drop_after_commits_then_closes_and_the_retry_with_the_key_replays() {
    let env = Env::new();
    let id = session_id(
        &env.call(
            V2,
            "session/init/payout",
            &payout_body(V2, "4242424242424242", 10),
        )
        .await
        .ok(),
    );
    fault(
        &env,
        json!({"path": "session/confirm", "count": 1, "mode": "drop_after"}),
    )
    .await;
    let body = serde_json::to_vec(&sid(&id)).unwrap();
    env.raw(V2, "session/confirm", body.clone(), Some("confirm-drop"))
        .await
        .unwrap_err();
    // The payout was executed although no answer came back.
    let ledger = env.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["kind"], "payout");
    // Retrying with the same key returns the committed answer; no second payout.
    let again = env
        .raw(V2, "session/confirm", body, Some("confirm-drop"))
        .await
        .unwrap();
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(
        again.ok()["session"]["payout_list"][0]["status"],
        "succeeded"
    );
    assert_eq!(env.ledger().await.len(), 1);
}

#[tokio::test]
async fn bad_fault_requests_get_the_envelope() {
    let env = Env::new();
    for body in [
        json!({"path": "x", "count": 1, "mode": "explode"}),
        json!({"path": "x", "count": 1, "mode": "delay"}),
        json!({"path": "x", "count": 1, "mode": "delay", "delay_ms": 600000}),
        json!({"path": "x", "count": 1, "mode": "status", "status": 200}),
        json!({"path": "x", "count": -1, "mode": "status"}),
        json!({"count": 1, "mode": "status"}),
    ] {
        env.control("/_sandbox/faults", body.clone())
            .await
            .err(400, "invalid_request");
    }
    let resp = env
        .http
        .delete(env.url("/_sandbox/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}
