//! The request log (`GET /_sandbox/requests`): what each project's requests carried,
//! whether the signature verified, and never a body or a signature value.

mod common;

use common::*;
use serde_json::{Value, json};

async fn requests(env: &Env, project: &str) -> Vec<Value> {
    let v = env
        .control_get(&format!("/_sandbox/requests?project={project}"))
        .await;
    v["requests"].as_array().unwrap().clone()
}

#[tokio::test]
async fn records_headers_and_signature_outcome_without_bodies() {
    let env = Env::new();
    let card = "4242424242424242";
    let body = payout_body(V2, card, 10);
    env.call_with(V2, "session/init/payout", &body, Some("key-0001"))
        .await
        .ok();
    let raw = serde_json::to_vec(&body).unwrap();
    let sign = env.key.sign(&raw).unwrap();
    // Signed for other bytes: does not verify.
    let bad = env.key.sign(b"{}").unwrap();
    let resp = reqwest::Client::new()
        .post(env.url("/api/v2/session/status"))
        .header("X-PARTNER-PROJECT", PROJECT)
        .header("X-PARTNER-SIGN", &bad)
        .header("X-PARTNER-SUBMERCHANT", "sub-7")
        .header("User-Agent", "test-agent/1")
        .body(raw.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let resp = reqwest::Client::new()
        .get(env.url("/api/v1/fps/banks"))
        .header("X-PARTNER-PROJECT", PROJECT)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    // An unknown project is not recorded anywhere.
    let resp = reqwest::Client::new()
        .post(env.url("/api/v2/session/status"))
        .header("X-PARTNER-PROJECT", "nobody")
        .header("X-PARTNER-SIGN", &sign)
        .body(raw.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);

    let log = requests(&env, PROJECT).await;
    assert_eq!(log.len(), 3, "{log:?}");
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["path"], "/api/v2/session/init/payout");
    assert_eq!(log[0]["project"], PROJECT);
    assert_eq!(log[0]["content_type"], "application/json");
    assert_eq!(log[0]["idempotency_key"], "key-0001");
    assert_eq!(log[0]["submerchant"], Value::Null);
    assert_eq!(log[0]["signature"], "verified");
    assert_eq!(log[1]["path"], "/api/v2/session/status");
    assert_eq!(log[1]["user_agent"], "test-agent/1");
    assert_eq!(log[1]["submerchant"], "sub-7");
    assert_eq!(log[1]["idempotency_key"], Value::Null);
    assert_eq!(log[1]["signature"], "invalid");
    assert_eq!(log[2]["method"], "GET");
    assert_eq!(log[2]["path"], "/api/v1/fps/banks");
    assert_eq!(log[2]["signature"], "missing");
    assert!(log[0]["seq"].as_u64() < log[1]["seq"].as_u64());
    assert!(requests(&env, "nobody").await.is_empty());

    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(card), "a body leaked into the log");
    assert!(
        !text.contains(&sign) && !text.contains(&bad),
        "a signature leaked"
    );
}

#[tokio::test]
async fn faulted_requests_are_recorded_unchecked() {
    let env = Env::new();
    env.control(
        "/_sandbox/faults",
        json!({"path": "session/status", "count": 1, "mode": "status", "status": 503}),
    )
    .await
    .ok();
    env.call(V2, "session/status", &sid("ps_1"))
        .await
        .err(503, "internal_error");
    env.call(V2, "session/status", &sid("ps_1")).await;
    let log = requests(&env, PROJECT).await;
    let outcomes: Vec<&Value> = log.iter().map(|r| &r["signature"]).collect();
    assert_eq!(outcomes, [&json!("unchecked"), &json!("verified")]);
}

#[tokio::test]
async fn keeps_only_the_most_recent_requests() {
    let env = Env::new();
    for _ in 0..205 {
        env.call(V2, "session/status", &sid("ps_1")).await;
    }
    env.call(V2, "session/create", &json!({})).await.ok();
    let log = requests(&env, PROJECT).await;
    assert_eq!(log.len(), 200);
    assert_eq!(log[199]["path"], "/api/v2/session/create");
    let all = env.control_get("/_sandbox/requests").await;
    assert_eq!(all["requests"].as_array().unwrap().len(), 200);
}
