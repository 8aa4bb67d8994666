//! Every Pike method answers on /api/v1 and /api/v2 (v1-only ones on v1 only), in the
//! naming of its version.

mod common;

use common::*;
use pikepay::Endpoint;
use serde_json::{Value, json};

/// Prepares what `endpoint` needs and makes one valid call; exhaustive over the endpoints.
async fn valid_call(env: &Env, v: u8, endpoint: Endpoint) -> Answer {
    let path = endpoint.path();
    match endpoint {
        Endpoint::SessionCreate => env.call(v, path, &json!({"metadata": "order-1"})).await,
        Endpoint::SessionInitPayout => {
            env.call(v, path, &payout_body(v, "4242424242424242", 1000))
                .await
        }
        Endpoint::SessionInitPayment => {
            env.call(v, path, &payment_body("4242424242424242", 1000))
                .await
        }
        Endpoint::SessionStartPayout => {
            let id = session_id(&env.call(v, "session/create", &json!({})).await.ok());
            let mut body = payout_body(v, "5555555555554444", 700);
            body["session_id"] = json!(id);
            env.call(v, path, &body).await
        }
        Endpoint::SessionStartPayment => {
            let id = session_id(&env.call(v, "session/create", &json!({})).await.ok());
            let mut body = payment_body("5555555555554444", 700);
            body["session_id"] = json!(id);
            env.call(v, path, &body).await
        }
        Endpoint::SessionConfirm => {
            let s = env
                .call(
                    v,
                    "session/init/payout",
                    &payout_body(v, "4242424242424242", 10),
                )
                .await
                .ok();
            env.call(v, path, &sid(&session_id(&s))).await
        }
        Endpoint::SessionCancel => {
            let s = env
                .call(
                    v,
                    "session/init/payout",
                    &payout_body(v, "4242424242424242", 10),
                )
                .await
                .ok();
            env.call(v, path, &sid(&session_id(&s))).await
        }
        Endpoint::SessionCapture => {
            let s = env
                .call(
                    v,
                    "session/init/payment",
                    &payment_body("4000000000000077", 900),
                )
                .await
                .ok();
            let id = session_id(&s);
            env.call(v, "session/confirm", &sid(&id)).await.ok();
            env.call(v, path, &sid(&id)).await
        }
        Endpoint::SessionRefund => {
            let id = paid_session(env, v).await;
            env.call(v, path, &sid(&id)).await
        }
        Endpoint::SessionStatus => {
            let id = session_id(&env.call(v, "session/create", &json!({})).await.ok());
            env.call(v, path, &sid(&id)).await
        }
        Endpoint::RecurrentDisable => {
            let token = recurrent_token(env, v).await;
            env.call(v, path, &json!({"recurrent": {"token": token}}))
                .await
        }
        Endpoint::Token => {
            let id = session_id(&env.call(V1, "session/create", &json!({})).await.ok());
            env.call(v, path, &json!({"acquiring_widget": {"session_id": id}}))
                .await
        }
        Endpoint::TokenInfo => {
            let token = recurrent_token(env, V1).await;
            env.call(
                v,
                path,
                &json!({"type": "recurrent_token", "recurrent_token": {"token": token}}),
            )
            .await
        }
        Endpoint::TokenizeElements => {
            env.call(
                v,
                path,
                &json!({"card_elements": [{"ref": "number", "type": "card_number",
                    "card_number": "4242424242424242"}]}),
            )
            .await
        }
        Endpoint::FpsBanks => env.call(v, path, &json!({})).await,
        Endpoint::FpsCustomerVerification => {
            let mut body = json!({"participant_details": {"recipient": {
                "first_name": "Ivan", "last_name": "Ivanov", "middle_name": "Ivanovich"}}});
            body[payout_key(v)] = fps("faster_payment_system_verification", "79261234567");
            env.call(v, path, &body).await
        }
        Endpoint::WalletBalance => {
            env.call(
                v,
                path,
                &json!({"request_datetime": "2026-11-21T10:00:00+03:00"}),
            )
            .await
        }
        Endpoint::SberpayPush => {
            let sber_pay = json!({
                "payment_details": {"type": "internet_banking", "internet_banking": {
                    "type": "sber_pay", "sber_pay": {"channel": "app"}}},
                "amount_details": {"amount": 500, "currency": "rub"},
                "customer": {"reference": "lucky"},
            });
            let s = env.call(V1, "session/init/payment", &sber_pay).await.ok();
            let id = session_id(&s);
            env.call(V1, "session/confirm", &sid(&id)).await.ok();
            env.call(v, path, &json!({"session_id": id, "phone": "+79261234567"}))
                .await
        }
    }
}

/// A session with a paid card payment; returns its id.
async fn paid_session(env: &Env, v: u8) -> String {
    let s = env
        .call(
            v,
            "session/init/payment",
            &payment_body("4242424242424242", 1000),
        )
        .await
        .ok();
    let id = session_id(&s);
    env.call(v, "session/confirm", &sid(&id)).await.ok();
    id
}

/// A recurring token from a paid payment that asked for one.
async fn recurrent_token(env: &Env, v: u8) -> String {
    let mut body = payment_body("4242424242424242", 500);
    body["payment_options"]["recurrent"] = json!(true);
    let id = session_id(&env.call(v, "session/init/payment", &body).await.ok());
    let s = env.call(v, "session/confirm", &sid(&id)).await.ok();
    s["session"][payments_key(v)][0]["recurrent"]["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Checks that a session answer uses only the names of `v`.
fn assert_naming(v: u8, body: &Value) {
    let Some(session) = body.get("session") else {
        return;
    };
    let other = if v == V1 { V2 } else { V1 };
    assert!(session.get(payouts_key(v)).is_some(), "{body}");
    assert!(session.get(payments_key(v)).is_some(), "{body}");
    assert!(session.get(payouts_key(other)).is_none(), "{body}");
    assert!(session.get(payments_key(other)).is_none(), "{body}");
    for item in session[payouts_key(v)].as_array().unwrap() {
        assert!(item.get(payout_key(v)).is_some(), "{body}");
        assert!(item.get(payout_key(other)).is_none(), "{body}");
    }
}

#[tokio::test]
async fn every_endpoint_answers_ok_in_each_of_its_versions() {
    let env = Env::new();
    let mut calls = 0;
    for endpoint in Endpoint::ALL {
        for v in VERSIONS {
            if endpoint.v1_only() && v == V2 {
                continue;
            }
            let answer = valid_call(&env, v, *endpoint).await;
            let body = answer.ok();
            assert_naming(v, &body);
            calls += 1;
        }
    }
    assert_eq!(calls, 18 + 11);
}

#[tokio::test]
async fn v1_only_endpoints_are_not_served_on_v2() {
    let env = Env::new();
    for endpoint in Endpoint::ALL.iter().filter(|e| e.v1_only()) {
        let a = env.call(V2, endpoint.path(), &json!({})).await;
        a.err(404, "method_not_found");
    }
    env.call(V2, "session/start", &json!({}))
        .await
        .err(404, "method_not_found");
    env.call(3, "session/status", &json!({}))
        .await
        .err(404, "method_not_found");
}

#[tokio::test]
async fn answers_carry_the_shapes_pike_documents() {
    let env = Env::new();
    let banks = valid_call(&env, V1, Endpoint::FpsBanks).await.ok();
    assert!(
        banks["banks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["id"] == "100000000243")
    );
    let wallet = valid_call(&env, V1, Endpoint::WalletBalance).await.ok();
    assert_eq!(
        wallet["wallets"][0]["amount_details"]["amount"],
        100_000_000
    );
    assert_eq!(wallet["wallets"][0]["amount_details"]["currency"], "rub");
    let token = valid_call(&env, V1, Endpoint::Token).await.ok();
    assert_eq!(token["public_token"].as_str().unwrap().len(), 32);
    let elements = valid_call(&env, V1, Endpoint::TokenizeElements).await.ok();
    assert_eq!(
        elements["data"]["number"]["info"]["masked_card_number"],
        "424242******4242"
    );
    assert_eq!(elements["data"]["number"]["info"]["card_network"], "visa");
    let disabled = valid_call(&env, V1, Endpoint::RecurrentDisable).await.ok();
    assert_eq!(disabled["recurrent"]["is_active"], false);
    assert_eq!(disabled["recurrent"]["type"], "recurrent_token");
    let payment = valid_call(&env, V2, Endpoint::SessionInitPayment)
        .await
        .ok();
    let card = &payment["session"]["payment_list"][0]["payment_details"]["card"];
    assert_eq!(card["last4"], "4242");
    assert_eq!(card["brand"], "visa");
    assert!(card.get("number").is_none() && card.get("bank_card").is_none());
    assert!(!payment.to_string().contains("4242424242424242"));
    assert!(!payment.to_string().contains("security_code"));
}

#[tokio::test]
async fn fps_banks_also_answers_get_with_an_empty_signed_body() {
    let env = Env::new();
    let sign = env.key.sign(b"").unwrap();
    let resp = env
        .http
        .get(env.url("/api/v1/fps/banks"))
        .header("X-PARTNER-PROJECT", PROJECT)
        .header("X-PARTNER-SIGN", sign)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert!(!body["banks"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn v1_requests_may_use_v1_names_and_get_v1_answers() {
    let env = Env::new();
    let s = env
        .call(
            V1,
            "session/init/payout",
            &payout_body(V1, "4242424242424242", 100),
        )
        .await
        .ok();
    let id = session_id(&s);
    assert_eq!(
        s["session"]["payments"][0]["payment_method"]["card"]["last4"],
        "4242"
    );
    // The same session read through v2 uses v2 names.
    let v2 = env.call(V2, "session/status", &sid(&id)).await.ok();
    assert_eq!(
        v2["session"]["payout_list"][0]["id"],
        s["session"]["payments"][0]["id"]
    );
    assert!(v2["session"]["payout_list"][0]["payout_details"].is_object());
}

#[tokio::test]
async fn shutdown_stops_serving_and_a_taken_port_is_a_configuration_error() {
    let env = Env::new();
    env.call(V2, "session/create", &json!({})).await.ok();
    let mut cfg = fast_config();
    cfg.port = env.sandbox.port();
    let err = pikepay_sandbox::Sandbox::start(cfg).unwrap_err();
    assert_eq!(err.kind(), pikepay::ErrorKind::Configuration);
    assert!(err.message().contains(&env.sandbox.port().to_string()));

    let Env { sandbox, .. } = env;
    let url = format!("{}/_sandbox/public_key", sandbox.base_url());
    sandbox.shutdown();
    let fresh = reqwest::Client::builder().no_proxy().build().unwrap();
    let err = fresh.get(&url).send().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
}

#[tokio::test]
async fn a_bad_project_key_is_refused_at_start() {
    let cfg = fast_config().project(pikepay_sandbox::ProjectConfig::new("shop", "not a key"));
    let err = pikepay_sandbox::Sandbox::start(cfg).unwrap_err();
    assert_eq!(err.kind(), pikepay::ErrorKind::InvalidKey);
    assert!(err.message().contains("shop"), "{}", err.message());
}
