//! Webhooks: signed exact bytes, project API version, retries with every attempt recorded,
//! resend, duplicate, out-of-order release, bounded storage.

mod common;

use std::time::Duration;

use common::*;
use pikepay::Webhook;
use serde_json::{Value, json};

async fn env_with_receiver(statuses: Vec<u16>, extra: Value) -> (Env, Receiver) {
    let (rx, url) = Receiver::start(statuses).await;
    let env = Env::new();
    let mut reg = json!({"webhook_url": url});
    for (k, v) in extra.as_object().unwrap() {
        reg[k] = v.clone();
    }
    env.register(reg).await;
    (env, rx)
}

async fn start_payout(env: &Env, v: u8) -> String {
    session_id(
        &env.call(
            v,
            "session/init/payout",
            &payout_body(v, "4242424242424242", 100),
        )
        .await
        .ok(),
    )
}

#[tokio::test]
async fn webhooks_are_signed_over_the_exact_bytes_with_the_sandbox_key() {
    let (env, rx) = env_with_receiver(vec![], json!({})).await;
    let id = start_payout(&env, V2).await;
    eventually("webhook received", || async { rx.count() == 1 }).await;
    let (sign, raw) = rx.received.lock().unwrap()[0].clone();
    let sign = sign.expect("X-PARTNER-SIGN header");
    webhook_key(&env).verify(&raw, &sign).unwrap();

    let event = Webhook::from_pem_or_der(env.sandbox.public_key_pem())
        .unwrap()
        .construct_event(&raw, &sign)
        .unwrap();
    assert_eq!(event.kind().map(|k| k.as_str()), Some("ready_to_confirm"));
    let parsed: Value = serde_json::from_slice(&raw).unwrap();
    assert_eq!(parsed["session"]["id"], id.as_str());
    assert_eq!(parsed["session"]["next_action"], "confirm");
    assert_eq!(parsed["session"]["payout_list"][0]["status"], "pending");

    // A changed byte no longer verifies.
    let mut tampered = raw.clone();
    tampered[raw.len() / 2] ^= 1;
    assert!(webhook_key(&env).verify(&tampered, &sign).is_err());

    // The control API shows the same bytes and signature, and the attempt.
    eventually("delivery recorded", || async {
        env.deliveries().await[0]["delivered"] == true
    })
    .await;
    let d = env.deliveries().await[0].clone();
    assert_eq!(d["body"].as_str().unwrap().as_bytes(), &raw[..]);
    assert_eq!(d["signature"], sign.as_str());
    assert_eq!(d["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(d["attempts"][0]["http_status"], 200);
    assert!(d["attempts"][0]["error"].is_null());

    // The published key is the one in use.
    let pem = env
        .http
        .get(env.url("/_sandbox/public_key"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(pem, env.sandbox.public_key_pem());
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"));
}

#[tokio::test]
async fn openssl_verifies_the_webhook_signature() {
    let (env, rx) = env_with_receiver(vec![], json!({})).await;
    start_payout(&env, V2).await;
    eventually("webhook received", || async { rx.count() == 1 }).await;
    let (sign, raw) = rx.received.lock().unwrap()[0].clone();
    let dir = tempfile::tempdir().unwrap();
    let (body, sig, key) = (
        dir.path().join("body"),
        dir.path().join("sig"),
        dir.path().join("pub.pem"),
    );
    std::fs::write(&body, &raw).unwrap();
    use base64::Engine;
    let sig_bytes = base64::engine::general_purpose::STANDARD
        .decode(sign.unwrap())
        .unwrap();
    std::fs::write(&sig, sig_bytes).unwrap();
    std::fs::write(&key, env.sandbox.public_key_pem()).unwrap();
    let out = std::process::Command::new("openssl")
        .args(["dgst", "-sha256", "-verify"])
        .arg(&key)
        .arg("-signature")
        .arg(&sig)
        .arg(&body)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Verified OK"));
}

#[tokio::test]
async fn webhooks_use_the_api_version_of_the_project() {
    let (env, rx) = env_with_receiver(vec![], json!({"api_version": 1})).await;
    let id = start_payout(&env, V2).await;
    env.call(V2, "session/confirm", &sid(&id)).await.ok();
    eventually("two webhooks", || async { rx.count() == 2 }).await;
    let bodies = rx.bodies();
    let types: Vec<&str> = bodies.iter().map(|b| b["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["ready_to_confirm", "payment_finished"]);
    for b in &bodies {
        assert!(
            b["session"]["payments"][0]["payment_method"].is_object(),
            "{b}"
        );
        assert!(b["session"].get("payout_list").is_none());
        assert!(b["session"]["acquiring_payments"].is_array());
    }
    assert_eq!(bodies[1]["session"]["payments"][0]["status"], "succeeded");
}

#[tokio::test]
async fn new_webhooks_of_a_project_are_sent_in_order() {
    let (rx, url) = Receiver::start_slow(vec![], vec![300]).await;
    let env = Env::new();
    env.register(json!({"webhook_url": url})).await;
    let id = start_payout(&env, V2).await;
    env.call(V2, "session/confirm", &sid(&id)).await.ok();
    eventually("two webhooks", || async { rx.count() == 2 }).await;
    let types: Vec<String> = rx
        .bodies()
        .iter()
        .map(|b| b["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(types, ["ready_to_confirm", "payment_finished"]);
}

#[tokio::test]
async fn failed_deliveries_are_retried_and_every_attempt_is_recorded() {
    let (env, rx) = env_with_receiver(vec![500, 503], json!({})).await;
    start_payout(&env, V2).await;
    eventually("delivered after retries", || async {
        env.deliveries().await[0]["delivered"] == true
    })
    .await;
    let d = env.deliveries().await[0].clone();
    let statuses: Vec<Value> = d["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["http_status"].clone())
        .collect();
    assert_eq!(statuses, [json!(500), json!(503), json!(200)]);
    assert_eq!(rx.count(), 3);
    // Every attempt carried the same bytes and signature.
    let got = rx.received.lock().unwrap().clone();
    assert!(got.windows(2).all(|w| w[0] == w[1]));
}

#[tokio::test]
async fn an_unreachable_url_gets_a_bounded_number_of_attempts() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let env = Env::new();
    env.register(json!({"webhook_url": format!("http://127.0.0.1:{port}/gone")}))
        .await;
    start_payout(&env, V2).await;
    // Schedule [30, 60, 120] ms: 1 + 3 attempts, then it gives up.
    eventually("four attempts", || async {
        env.deliveries().await[0]["attempts"]
            .as_array()
            .unwrap()
            .len()
            == 4
    })
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let d = env.deliveries().await[0].clone();
    assert_eq!(d["attempts"].as_array().unwrap().len(), 4);
    assert_eq!(d["delivered"], false);
    for a in d["attempts"].as_array().unwrap() {
        assert!(a["http_status"].is_null());
        assert_eq!(a["error"], "connection failed");
        assert!(a["at"].is_string());
    }
}

#[tokio::test]
async fn resend_and_duplicate_deliver_the_same_bytes_again() {
    let (env, rx) = env_with_receiver(vec![], json!({})).await;
    start_payout(&env, V2).await;
    eventually("first delivery", || async { rx.count() == 1 }).await;
    let id = env.deliveries().await[0]["id"].as_str().unwrap().to_owned();

    env.control(&format!("/_sandbox/deliveries/{id}/resend"), json!({}))
        .await
        .ok();
    eventually("resent", || async { rx.count() == 2 }).await;
    let dup = env
        .control(&format!("/_sandbox/deliveries/{id}/duplicate"), json!({}))
        .await
        .ok();
    eventually("duplicate", || async { rx.count() == 3 }).await;
    let got = rx.received.lock().unwrap().clone();
    assert!(
        got.iter().all(|g| *g == got[0]),
        "same bytes and signature each time"
    );

    let list = env.deliveries().await;
    assert_eq!(list.len(), 2);
    eventually("attempts recorded", || async {
        let l = env.deliveries().await;
        l[0]["attempts"].as_array().unwrap().len() == 2
            && l[1]["attempts"].as_array().unwrap().len() == 1
    })
    .await;
    let list = env.deliveries().await;
    assert_eq!(list[1]["id"], dup["id"]);
    assert_eq!(list[1]["duplicate_of"], id.as_str());

    env.control("/_sandbox/deliveries/wh_999/resend", json!({}))
        .await
        .err(404, "repository_record_not_found");
    env.control("/_sandbox/deliveries/wh_999/duplicate", json!({}))
        .await
        .err(404, "repository_record_not_found");
}

#[tokio::test]
async fn held_webhooks_can_be_released_out_of_order() {
    let (env, rx) = env_with_receiver(vec![], json!({})).await;
    env.control("/_sandbox/deliveries/hold", json!({"project": PROJECT}))
        .await
        .ok();
    let id = start_payout(&env, V2).await;
    env.call(V2, "session/confirm", &sid(&id)).await.ok();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(rx.count(), 0, "held webhooks are not sent");
    assert!(env.deliveries().await.iter().all(|d| d["held"] == true));

    let released = env
        .control(
            "/_sandbox/deliveries/release",
            json!({"project": PROJECT, "order": "newest_first"}),
        )
        .await
        .ok();
    assert_eq!(released["ids"].as_array().unwrap().len(), 2);
    eventually("both delivered", || async { rx.count() == 2 }).await;
    let types: Vec<String> = rx
        .bodies()
        .iter()
        .map(|b| b["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(types, ["payment_finished", "ready_to_confirm"]);

    // After release, delivery is immediate again.
    let next = start_payout(&env, V2).await;
    eventually("live again", || async { rx.count() == 3 }).await;
    assert_eq!(rx.bodies()[2]["session"]["id"], next.as_str());
}

#[tokio::test]
async fn stored_deliveries_are_capped() {
    let mut cfg = fast_config().project(project());
    cfg.max_deliveries = 3;
    let env = Env::with(cfg);
    let mut last = String::new();
    for _ in 0..5 {
        last = start_payout(&env, V2).await;
    }
    let list = env.deliveries().await;
    assert_eq!(list.len(), 3);
    assert_eq!(list[2]["session_id"], last.as_str());
}

#[tokio::test]
async fn webhooks_without_a_url_are_recorded_not_sent() {
    let env = Env::new();
    let id = start_payout(&env, V2).await;
    let d = env.deliveries().await;
    assert_eq!(d.len(), 1);
    assert!(d[0]["url"].is_null());
    assert_eq!(d[0]["delivered"], false);
    assert_eq!(d[0]["session_id"], id.as_str());
    assert!(d[0]["attempts"].as_array().unwrap().is_empty());
}
