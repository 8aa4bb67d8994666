//! Where the sandbox follows Pike's documents rather than being kinder than Pike: refunds
//! in progress, SberPay's customer action, masked cards, captured amounts, FPS ids, v1
//! names in the control API, retries on sandbox time, the wallet, several operations per
//! session, the header timeout. Every test runs the `pikepay-sandbox` binary.

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use common::*;
use serde_json::{Value, json};

fn payout_item(v: u8, body: &Value) -> Value {
    body["session"][payouts_key(v)][0].clone()
}

fn payment_item(v: u8, body: &Value) -> Value {
    body["session"][payments_key(v)][0].clone()
}

async fn wallet(env: &Env) -> u64 {
    let w = env
        .call(
            V1,
            "wallet/balance",
            &json!({"request_datetime": "2026-11-21T10:00:00Z"}),
        )
        .await
        .ok();
    w["wallets"][0]["amount_details"]["amount"]
        .as_u64()
        .unwrap()
}

async fn advance(env: &Env, seconds: u64) {
    env.control("/_sandbox/time/advance", json!({"seconds": seconds}))
        .await
        .ok();
}

/// A paid card payment of `amount`; returns its session id.
async fn paid(env: &Env, v: u8, amount: u64) -> String {
    let id = session_id(
        &env.call(
            v,
            "session/init/payment",
            &payment_body("4242424242424242", amount),
        )
        .await
        .ok(),
    );
    env.call(v, "session/confirm", &sid(&id)).await.ok();
    id
}

fn kinds(ledger: &[Value]) -> Vec<(String, u64)> {
    ledger
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["amount"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_refund_is_in_progress_until_payment_refunded_brings_its_result() {
    let (rx, url) = Receiver::start(vec![]).await;
    // A refund settles after an hour of sandbox time, so only advancing time settles it.
    let env = Env::binary(&["--refund-delay-ms", "3600000"]);
    env.register(json!({"webhook_url": url})).await;
    for v in VERSIONS {
        let id = paid(&env, v, 1000).await;
        let before = wallet(&env).await;
        let refunds = || async {
            kinds(&env.ledger().await)
                .iter()
                .filter(|(k, _)| k == "refund")
                .count()
        };
        let settled = refunds().await;
        let mut body = sid(&id);
        body["amount_details"] = json!({"amount": 300, "currency": "rub"});
        let answer = env.call(v, "session/refund", &body).await.ok();
        assert_eq!(answer["session"]["status"], "in_progress", "{answer}");
        let item = payment_item(v, &answer);
        assert_eq!(item["status"], "succeeded");
        let refund = &item["refunds"][0];
        assert_eq!(refund["status"], "in_progress", "{answer}");
        assert!(refund.get("finished_at").is_none(), "{answer}");
        assert_eq!(refund["amount_details"]["amount"], 300);
        assert_eq!(
            refunds().await,
            settled,
            "nothing is refunded before the refund settles"
        );
        assert_eq!(wallet(&env).await, before);
        // What is in progress counts: no second refund above what is left.
        let mut rest = sid(&id);
        rest["amount_details"] = json!({"amount": 701, "currency": "rub"});
        env.call(v, "session/refund", &rest)
            .await
            .err(400, "invalid_request");

        advance(&env, 3600).await;
        eventually("payment_refunded arrives", || async {
            rx.bodies()
                .iter()
                .any(|b| b["type"] == "payment_refunded" && b["session"]["id"] == id.as_str())
        })
        .await;
        let hook = rx
            .bodies()
            .into_iter()
            .find(|b| b["type"] == "payment_refunded" && b["session"]["id"] == id.as_str())
            .unwrap();
        assert_eq!(hook["session"]["status"], "accepted", "{hook}");
        let refund = &hook["session"]["payment_list"][0]["refunds"][0];
        assert_eq!(refund["status"], "accepted", "{hook}");
        assert!(refund["finished_at"].is_string(), "{hook}");
        let status = env.call(v, "session/status", &sid(&id)).await.ok();
        assert_eq!(payment_item(v, &status)["refunds"][0]["status"], "accepted");
        assert_eq!(refunds().await, settled + 1);
        // Pike says the deposit must cover refunds: a settled refund debits the wallet.
        assert_eq!(wallet(&env).await, before - 300);
    }
}

#[tokio::test]
async fn a_refund_the_wallet_cannot_cover_is_declined() {
    let env = Env::binary(&["--refund-delay-ms", "1000"]);
    env.register(json!({"wallet_balance": {"amount": 100, "currency": "rub"}}))
        .await;
    let id = paid(&env, V2, 1000).await;
    assert_eq!(wallet(&env).await, 100, "payments do not fill the wallet");
    let answer = env.call(V2, "session/refund", &sid(&id)).await.ok();
    assert_eq!(
        payment_item(V2, &answer)["refunds"][0]["status"],
        "in_progress"
    );
    advance(&env, 1).await;
    eventually("the refund settles", || async {
        let s = env.call(V2, "session/status", &sid(&id)).await.ok();
        payment_item(V2, &s)["refunds"][0]["status"] != "in_progress"
    })
    .await;
    let s = env.call(V2, "session/status", &sid(&id)).await.ok();
    let refund = &payment_item(V2, &s)["refunds"][0];
    assert_eq!(refund["status"], "declined", "{s}");
    assert_eq!(refund["error"]["code"], "insufficient_funds", "{s}");
    assert_eq!(wallet(&env).await, 100);
    assert_eq!(kinds(&env.ledger().await), [("payment".to_owned(), 1000)]);
    assert_eq!(
        env.events_of(&id).await.last().unwrap(),
        "payment_refunded",
        "the result of a refund always comes as payment_refunded"
    );
}

fn sber_pay(amount: u64) -> Value {
    json!({
        "payment_details": {"type": "internet_banking", "internet_banking": {
            "type": "sber_pay", "sber_pay": {"channel": "mobile_web"}}},
        "amount_details": {"amount": amount, "currency": "rub"},
        "customer": {"reference": "lucky"},
    })
}

#[tokio::test]
async fn sber_pay_asks_for_the_customer_and_push_takes_only_sber_pay_sessions() {
    let env = Env::binary(&[]);
    let id = session_id(
        &env.call(V1, "session/init/payment", &sber_pay(700))
            .await
            .ok(),
    );
    // Before confirm there is nobody to push to.
    env.call(
        V1,
        "sberpay/push",
        &json!({"session_id": id, "phone": "+79261234567"}),
    )
    .await
    .err(409, "invalid_session_state");
    let waiting = env.call(V1, "session/confirm", &sid(&id)).await.ok();
    let item = payment_item(V1, &waiting);
    assert_eq!(item["status"], "pending", "{waiting}");
    assert_eq!(item["customer_interaction"]["type"], "redirect");
    let url = item["customer_interaction"]["redirect"]["url"]
        .as_str()
        .unwrap();
    assert_eq!(url, env.url(&format!("/_sandbox/sberpay/{id}")));
    assert_eq!(
        env.events_of(&id).await,
        ["ready_to_confirm", "action_required"]
    );
    assert!(env.ledger().await.is_empty());
    env.call(
        V1,
        "sberpay/push",
        &json!({"session_id": id, "phone": "+79261234567"}),
    )
    .await
    .ok();

    let card = paid(&env, V1, 500).await;
    let a = env
        .call(
            V1,
            "sberpay/push",
            &json!({"session_id": card, "phone": "+79261234567"}),
        )
        .await;
    a.err(400, "invalid_request");
    assert_eq!(a.description(), "session_id.not_sber_pay");

    let done = env
        .control(
            "/_sandbox/sberpay",
            json!({"session_id": id, "result": "success"}),
        )
        .await
        .ok();
    assert_eq!(payment_item(V2, &done)["status"], "succeeded", "{done}");
    assert_eq!(env.events_of(&id).await.last().unwrap(), "payment_finished");
    env.call(
        V1,
        "sberpay/push",
        &json!({"session_id": id, "phone": "+79261234567"}),
    )
    .await
    .err(409, "invalid_session_state");
}

#[tokio::test]
async fn masked_cards_show_only_what_pikes_examples_show() {
    let env = Env::binary(&[]);
    let allowed = ["brand", "last4", "bin", "country_iso3"];
    let payout = env
        .call(
            V2,
            "session/init/payout",
            &payout_body(V2, "4242424242424242", 100),
        )
        .await
        .ok();
    let id = paid(&env, V2, 100).await;
    let payment = env.call(V2, "session/status", &sid(&id)).await.ok();
    for (card, whole) in [
        (&payout_item(V2, &payout)["payout_details"], &payout),
        (&payment_item(V2, &payment)["payment_details"], &payment),
    ] {
        assert_eq!(card["type"], "card");
        let fields: Vec<&String> = card["card"].as_object().unwrap().keys().collect();
        assert!(
            fields.iter().all(|f| allowed.contains(&f.as_str())),
            "{fields:?}"
        );
        assert_eq!(card["card"]["last4"], "4242");
        assert_eq!(card["card"]["brand"], "visa");
        assert!(!whole.to_string().contains("number_hash"), "{whole}");
    }
    for d in env.deliveries().await {
        assert!(!d["body"].as_str().unwrap().contains("number_hash"), "{d}");
    }
}

#[tokio::test]
async fn a_partial_capture_shows_the_captured_and_the_held_amount() {
    let env = Env::binary(&[]);
    for v in VERSIONS {
        let body = payment_body("4000000000000077", 900);
        let id = session_id(&env.call(v, "session/init/payment", &body).await.ok());
        env.call(v, "session/confirm", &sid(&id)).await.ok();
        let mut some = sid(&id);
        some["amount_details"] = json!({"amount": 400, "currency": "rub"});
        let done = env.call(v, "session/capture", &some).await.ok();
        let item = payment_item(v, &done);
        assert_eq!(
            item["amount_details"],
            json!({"amount": 400, "currency": "rub"})
        );
        assert_eq!(
            item["held_amount_details"],
            json!({"amount": 900, "currency": "rub"})
        );
        let status = env.call(v, "session/status", &sid(&id)).await.ok();
        assert_eq!(
            payment_item(v, &status)["held_amount_details"]["amount"],
            900
        );
    }
}

#[tokio::test]
async fn fps_payouts_carry_an_fp_message_id() {
    let env = Env::binary(&[]);
    let mut body = json!({"amount_details": {"amount": 1000, "currency": "rub"}});
    body["payout_details"] = fps("faster_payment_system", "79261234567");
    let id = session_id(&env.call(V2, "session/init/payout", &body).await.ok());
    let done = env.call(V2, "session/confirm", &sid(&id)).await.ok();
    let info = &payout_item(V2, &done)["transaction_info"];
    let fp = info["fp_message_id"].as_str().unwrap();
    assert_eq!(fp.len(), 32, "{info}");
    assert!(fp.chars().all(|c| c.is_ascii_alphanumeric()), "{info}");
    assert!(
        info.get("rrn").is_none(),
        "card fields stay on cards: {info}"
    );
}

#[tokio::test]
async fn the_control_api_answers_a_v1_project_with_v1_names() {
    let env = Env::binary(&[]);
    env.register(json!({"api_version": 1})).await;
    let id = paid(&env, V2, 500).await;
    let cb = env
        .control("/_sandbox/chargeback", json!({"session_id": id}))
        .await
        .ok();
    assert!(cb["session"]["acquiring_payments"].is_array(), "{cb}");
    assert!(cb["session"].get("payment_list").is_none(), "{cb}");

    let id = session_id(
        &env.call(
            V2,
            "session/init/payment",
            &payment_body("4000000000003220", 800),
        )
        .await
        .ok(),
    );
    env.call(V2, "session/confirm", &sid(&id)).await.ok();
    let done = env
        .control(
            "/_sandbox/3ds",
            json!({"session_id": id, "result": "success"}),
        )
        .await
        .ok();
    assert!(done["session"]["acquiring_payments"].is_array(), "{done}");
    assert!(done["session"].get("payment_list").is_none(), "{done}");
}

#[tokio::test]
async fn method_not_found_hints_at_v1_only_where_it_applies() {
    let env = Env::binary(&[]);
    let a = env.call(V2, "wallet/balance", &json!({})).await;
    a.err(404, "method_not_found");
    assert!(
        a.description().contains("/api/v1/wallet/balance"),
        "{:?}",
        a.body
    );
    for (v, method) in [(V1, "session/nothing"), (V2, "session/nothing")] {
        let a = env.call(v, method, &json!({})).await;
        a.err(404, "method_not_found");
        assert!(!a.description().contains("v1"), "{:?}", a.body);
    }
}

#[tokio::test]
async fn webhook_retries_are_due_in_sandbox_time() {
    let (rx, url) = Receiver::start(vec![500]).await;
    // Ten minutes between attempts: only advancing sandbox time brings the second.
    let env = Env::binary(&["--webhook-retry-ms", "600000"]);
    env.register(json!({"webhook_url": url})).await;
    env.call(
        V2,
        "session/init/payout",
        &payout_body(V2, "4242424242424242", 100),
    )
    .await
    .ok();
    eventually("the first attempt", || async { rx.count() == 1 }).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(rx.count(), 1, "no second attempt before its time");
    advance(&env, 599).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(rx.count(), 1, "no second attempt before its time");
    advance(&env, 1).await;
    eventually("the retry after advancing time", || async {
        rx.count() == 2
    })
    .await;
    let d = &env.deliveries().await[0];
    assert_eq!(d["delivered"], true, "{d}");
}

#[tokio::test]
async fn a_session_takes_several_operations() {
    let env = Env::binary(&[]);
    for v in VERSIONS {
        let id = session_id(&env.call(v, "session/create", &json!({})).await.ok());
        for amount in [100, 200] {
            let mut body = payout_body(v, "4242424242424242", amount);
            body["session_id"] = json!(id);
            env.call(v, "session/start/payout", &body).await.ok();
        }
        let done = env.call(v, "session/confirm", &sid(&id)).await.ok();
        let items = done["session"][payouts_key(v)].as_array().unwrap();
        assert_eq!(items.len(), 2, "{done}");
        assert!(items.iter().all(|i| i["status"] == "succeeded"), "{done}");
        // A finished session is finished.
        let mut late = payout_body(v, "4242424242424242", 300);
        late["session_id"] = json!(id);
        env.call(v, "session/cancel", &sid(&id))
            .await
            .err(409, "invalid_session_state");
        let cancelled = session_id(&env.call(v, "session/create", &json!({})).await.ok());
        env.call(v, "session/cancel", &sid(&cancelled)).await.ok();
        late["session_id"] = json!(cancelled);
        env.call(v, "session/start/payout", &late)
            .await
            .err(409, "invalid_session_state");
    }
}

#[test]
fn the_header_timeout_is_configurable() {
    let sandbox = Binary::start(&["--header-timeout-ms", "300"]);
    let addr = sandbox.base_url().trim_start_matches("http://").to_owned();
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    conn.write_all(b"POST /api/v2/session/status HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // The default would wait 10 s; the connection must end within the 5 s read bound.
    let mut buf = Vec::new();
    let read = conn.read_to_end(&mut buf);
    assert!(read.is_ok(), "the sandbox closed the connection: {read:?}");
}

#[test]
fn the_readme_says_which_answers_are_the_sandboxs_own_choice() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = readme
        .split("## Differences from Pike")
        .nth(1)
        .expect("a differences section");
    for code in [
        "invalid_session_state",
        "method_not_found",
        "unauthorized",
        "invalid_signature",
        "internal_error",
        "too_many_requests",
        "insufficient_funds",
        "card_declined",
        "recipient_not_found",
        "held_amount_details",
        "is_chargeback",
        "declined",
        "409",
        "404",
        "401",
        "503",
    ] {
        assert!(
            table.contains(code),
            "README differences table lacks {code}"
        );
    }
}
