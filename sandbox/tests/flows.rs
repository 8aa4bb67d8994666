//! State machines: payouts, card payments (3-D Secure, holds), cancel, refunds,
//! chargebacks, recurring and card tokens, FPS, wallet balance, sandbox time.

mod common;

use common::*;
use serde_json::{Value, json};

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

fn payout_item(v: u8, body: &Value) -> Value {
    body["session"][payouts_key(v)][0].clone()
}

fn payment_item(v: u8, body: &Value) -> Value {
    body["session"][payments_key(v)][0].clone()
}

#[tokio::test]
async fn payout_waits_for_confirm_then_succeeds_debits_wallet_and_records_ledger() {
    for v in VERSIONS {
        let env = Env::new();
        let before = wallet(&env).await;
        let init = env
            .call(
                v,
                "session/init/payout",
                &payout_body(v, "4242424242424242", 1500),
            )
            .await
            .ok();
        let id = session_id(&init);
        assert_eq!(init["session"]["status"], "in_progress");
        assert_eq!(init["session"]["next_action"], "confirm");
        assert_eq!(payout_item(v, &init)["status"], "pending");
        assert_eq!(env.events_of(&id).await, ["ready_to_confirm"]);
        assert!(
            env.ledger().await.is_empty(),
            "nothing moves before confirm"
        );

        let done = env.call(v, "session/confirm", &sid(&id)).await.ok();
        assert_eq!(done["session"]["status"], "accepted");
        assert!(done["session"].get("next_action").is_none());
        let item = payout_item(v, &done);
        assert_eq!(item["status"], "succeeded");
        assert!(item["finished_at"].is_string());
        assert_eq!(
            env.events_of(&id).await,
            ["ready_to_confirm", "payment_finished"]
        );
        assert_eq!(wallet(&env).await, before - 1500);
        let ledger = env.ledger().await;
        assert_eq!(ledger.len(), 1);
        assert_eq!(ledger[0]["kind"], "payout");
        assert_eq!(ledger[0]["amount"], 1500);
        assert_eq!(ledger[0]["session_id"], id.as_str());
        assert_eq!(ledger[0]["operation_id"], item["id"]);

        // Confirming again is refused and moves nothing.
        env.call(v, "session/confirm", &sid(&id))
            .await
            .err(409, "invalid_session_state");
        assert_eq!(env.ledger().await.len(), 1);
    }
}

#[tokio::test]
async fn payout_to_a_declined_card_fails_without_moving_money() {
    let env = Env::new();
    let before = wallet(&env).await;
    let id = session_id(
        &env.call(
            V2,
            "session/init/payout",
            &payout_body(V2, "4000000000000002", 100),
        )
        .await
        .ok(),
    );
    let done = env.call(V2, "session/confirm", &sid(&id)).await.ok();
    let item = payout_item(V2, &done);
    assert_eq!(item["status"], "failed");
    assert_eq!(item["error"]["code"], "card_declined");
    assert_eq!(done["session"]["status"], "cancelled");
    assert_eq!(wallet(&env).await, before);
    assert!(env.ledger().await.is_empty());
    assert_eq!(env.events_of(&id).await.last().unwrap(), "payment_finished");
}

#[tokio::test]
async fn payout_above_the_wallet_balance_fails() {
    let env = Env::new();
    env.register(json!({"wallet_balance": {"amount": 500, "currency": "rub"}}))
        .await;
    let big = session_id(
        &env.call(
            V2,
            "session/init/payout",
            &payout_body(V2, "4242424242424242", 501),
        )
        .await
        .ok(),
    );
    let done = env.call(V2, "session/confirm", &sid(&big)).await.ok();
    assert_eq!(payout_item(V2, &done)["status"], "failed");
    assert_eq!(
        payout_item(V2, &done)["error"]["code"],
        "insufficient_funds"
    );
    assert_eq!(wallet(&env).await, 500);

    let small = session_id(
        &env.call(
            V2,
            "session/init/payout",
            &payout_body(V2, "4242424242424242", 400),
        )
        .await
        .ok(),
    );
    let done = env.call(V2, "session/confirm", &sid(&small)).await.ok();
    assert_eq!(payout_item(V2, &done)["status"], "succeeded");
    assert_eq!(wallet(&env).await, 100);
    assert_eq!(env.ledger().await.len(), 1);
}

#[tokio::test]
async fn fps_payouts_and_verification_follow_the_phone_test_data() {
    for v in VERSIONS {
        let env = Env::new();
        for (phone, item_status, session_status) in [
            ("79261234567", "succeeded", "accepted"),
            ("79260000000", "failed", "cancelled"),
        ] {
            let mut body = json!({"amount_details": {"amount": 1000, "currency": "rub"}});
            body[payout_key(v)] = fps("faster_payment_system", phone);
            let id = session_id(&env.call(v, "session/init/payout", &body).await.ok());
            let done = env.call(v, "session/confirm", &sid(&id)).await.ok();
            assert_eq!(payout_item(v, &done)["status"], item_status, "{phone}");
            assert_eq!(done["session"]["status"], session_status);

            let mut check = json!({"participant_details": {"recipient": {
                "first_name": "Ivan", "last_name": "Ivanov"}}});
            check[payout_key(v)] = fps("faster_payment_system_verification", phone);
            let verified = env.call(v, "fps/customer_verification", &check).await.ok();
            assert_eq!(verified["session"]["status"], session_status, "{phone}");
            assert_eq!(payout_item(v, &verified)["status"], item_status);
            assert_eq!(payout_item(v, &verified)["amount_details"]["amount"], 100);
            let vid = session_id(&verified);
            assert_eq!(env.events_of(&vid).await, ["payment_finished"]);
        }
        // Only the payout to the existing phone moved money; verification is free.
        assert_eq!(env.ledger().await.len(), 1);
    }
}

#[tokio::test]
async fn create_then_start_uses_prefilled_fields_and_refuses_a_cancelled_session() {
    for v in VERSIONS {
        let env = Env::new();
        let prefill = payout_body(v, "5555555555554444", 321);
        let id = session_id(&env.call(v, "session/create", &prefill).await.ok());
        let status = env.call(v, "session/status", &sid(&id)).await.ok();
        assert_eq!(status["session"]["status"], "created");
        let started = env.call(v, "session/start/payout", &sid(&id)).await.ok();
        let item = payout_item(v, &started);
        assert_eq!(item["amount_details"]["amount"], 321);
        assert_eq!(item[payout_key(v)]["card"]["last4"], "4444");
        assert_eq!(started["session"]["next_action"], "confirm");
        // A session hosts several operations; a cancelled one takes no more.
        let mut pay = payment_body("4242424242424242", 5);
        pay["session_id"] = json!(id);
        let both = env.call(v, "session/start/payment", &pay).await.ok();
        assert_eq!(both["session"][payments_key(v)][0]["status"], "pending");
        env.call(v, "session/cancel", &sid(&id)).await.ok();
        env.call(v, "session/start/payout", &sid(&id))
            .await
            .err(409, "invalid_session_state");
        // Starting with nothing prefilled and nothing sent names the missing field.
        let empty = session_id(&env.call(v, "session/create", &json!({})).await.ok());
        let a = env.call(v, "session/start/payout", &sid(&empty)).await;
        a.err(400, "invalid_request");
        assert_eq!(a.description(), "payout_details.required");
    }
}

#[tokio::test]
async fn cancel_works_at_each_waiting_point_and_nowhere_else() {
    let env = Env::new();
    // Payout waiting for confirm.
    let payout = session_id(
        &env.call(
            V2,
            "session/init/payout",
            &payout_body(V2, "4242424242424242", 10),
        )
        .await
        .ok(),
    );
    // Payment waiting for 3-D Secure.
    let tds = session_id(
        &env.call(
            V2,
            "session/init/payment",
            &payment_body("4000000000003220", 10),
        )
        .await
        .ok(),
    );
    env.call(V2, "session/confirm", &sid(&tds)).await.ok();
    // Payment held, waiting for capture.
    let hold = session_id(
        &env.call(
            V2,
            "session/init/payment",
            &payment_body("4000000000000077", 10),
        )
        .await
        .ok(),
    );
    env.call(V2, "session/confirm", &sid(&hold)).await.ok();
    // Created session with nothing started.
    let created = session_id(&env.call(V2, "session/create", &json!({})).await.ok());

    for id in [&payout, &tds, &hold] {
        let c = env.call(V2, "session/cancel", &sid(id)).await.ok();
        assert_eq!(c["session"]["status"], "cancelled", "{id}");
        let items: Vec<&Value> = c["session"]["payout_list"]
            .as_array()
            .unwrap()
            .iter()
            .chain(c["session"]["payment_list"].as_array().unwrap())
            .collect();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["status"], "failed");
        assert_eq!(items[0]["error"]["code"], "cancelled");
        assert_eq!(env.events_of(id).await.last().unwrap(), "payment_finished");
        env.call(V2, "session/cancel", &sid(id))
            .await
            .err(409, "invalid_session_state");
        env.call(V2, "session/confirm", &sid(id))
            .await
            .err(409, "invalid_session_state");
    }
    let c = env.call(V2, "session/cancel", &sid(&created)).await.ok();
    assert_eq!(c["session"]["status"], "cancelled");
    assert!(env.ledger().await.is_empty());
}

#[tokio::test]
async fn card_payment_succeeds_or_is_declined_after_confirm() {
    for v in VERSIONS {
        let env = Env::new();
        let ok = session_id(
            &env.call(
                v,
                "session/init/payment",
                &payment_body("5555555555554444", 2500),
            )
            .await
            .ok(),
        );
        assert_eq!(env.events_of(&ok).await, ["ready_to_confirm"]);
        let done = env.call(v, "session/confirm", &sid(&ok)).await.ok();
        let item = payment_item(v, &done);
        assert_eq!(item["status"], "succeeded");
        assert_eq!(item["payment_details"]["card"]["brand"], "mastercard");
        assert_eq!(item["customer"]["reference"], "lucky");
        assert!(item["transaction_info"]["rrn"].is_string());
        assert_eq!(done["session"]["status"], "accepted");

        let bad = session_id(
            &env.call(
                v,
                "session/init/payment",
                &payment_body("4000000000000002", 2500),
            )
            .await
            .ok(),
        );
        let done = env.call(v, "session/confirm", &sid(&bad)).await.ok();
        assert_eq!(payment_item(v, &done)["status"], "failed");
        assert_eq!(done["session"]["status"], "cancelled");

        let ledger = env.ledger().await;
        assert_eq!(ledger.len(), 1);
        assert_eq!(ledger[0]["kind"], "payment");
        assert_eq!(ledger[0]["amount"], 2500);
    }
}

#[tokio::test]
async fn three_d_secure_asks_for_action_and_completes_through_the_control_api() {
    let env = Env::new();
    let id = session_id(
        &env.call(
            V2,
            "session/init/payment",
            &payment_body("4000000000003220", 800),
        )
        .await
        .ok(),
    );
    let waiting = env.call(V2, "session/confirm", &sid(&id)).await.ok();
    let item = payment_item(V2, &waiting);
    assert_eq!(item["status"], "pending");
    assert_eq!(item["customer_interaction"]["type"], "redirect");
    let url = item["customer_interaction"]["redirect"]["url"]
        .as_str()
        .unwrap();
    assert_eq!(url, env.url(&format!("/_sandbox/3ds/{id}")));
    assert_eq!(waiting["session"]["status"], "in_progress");
    assert_eq!(
        env.events_of(&id).await,
        ["ready_to_confirm", "action_required"]
    );
    assert!(env.ledger().await.is_empty());

    let done = env
        .control(
            "/_sandbox/3ds",
            json!({"session_id": id, "result": "success"}),
        )
        .await
        .ok();
    assert_eq!(payment_item(V2, &done)["status"], "succeeded");
    assert!(
        payment_item(V2, &done)
            .get("customer_interaction")
            .is_none()
    );
    assert_eq!(env.events_of(&id).await.last().unwrap(), "payment_finished");
    assert_eq!(env.ledger().await.len(), 1);
    env.control(
        "/_sandbox/3ds",
        json!({"session_id": id, "result": "success"}),
    )
    .await
    .err(409, "invalid_session_state");
    env.control(
        "/_sandbox/3ds",
        json!({"session_id": "ps_0", "result": "success"}),
    )
    .await
    .err(404, "repository_record_not_found");
}

#[tokio::test]
async fn three_d_secure_page_applies_the_result_and_returns_the_payer() {
    let env = Env::new();
    let no_redirect = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (result, status) in [("success", "succeeded"), ("failure", "failed")] {
        let id = session_id(
            &env.call(
                V1,
                "session/init/payment",
                &payment_body("4000000000003220", 800),
            )
            .await
            .ok(),
        );
        let waiting = env.call(V1, "session/confirm", &sid(&id)).await.ok();
        let url = payment_item(V1, &waiting)["customer_interaction"]["redirect"]["url"]
            .as_str()
            .unwrap()
            .to_owned();
        let page = no_redirect.get(&url).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("?result=success"));
        let back = no_redirect
            .get(format!("{url}?result={result}"))
            .send()
            .await
            .unwrap();
        assert_eq!(back.status(), 303);
        assert_eq!(back.headers()["location"], "https://shop.example/return");
        let s = env.call(V1, "session/status", &sid(&id)).await.ok();
        assert_eq!(payment_item(V1, &s)["status"], status);
    }
}

/// A held payment waiting for capture; returns its session id.
async fn hold(env: &Env, v: u8) -> String {
    let body = payment_body("4000000000000077", 900);
    let id = session_id(&env.call(v, "session/init/payment", &body).await.ok());
    let held = env.call(v, "session/confirm", &sid(&id)).await.ok();
    assert_eq!(held["session"]["next_action"], "capture");
    assert_eq!(payment_item(v, &held)["status"], "pending");
    assert_eq!(
        env.events_of(&id).await,
        ["ready_to_confirm", "ready_to_capture"]
    );
    id
}

#[tokio::test]
async fn held_payment_is_captured_fully_or_partially() {
    for v in VERSIONS {
        let env = Env::new();
        let full = hold(&env, v).await;
        assert!(
            env.ledger().await.is_empty(),
            "a hold is not a money movement"
        );
        let done = env.call(v, "session/capture", &sid(&full)).await.ok();
        assert_eq!(payment_item(v, &done)["status"], "succeeded");
        assert_eq!(payment_item(v, &done)["amount_details"]["amount"], 900);
        assert_eq!(
            env.events_of(&full).await.last().unwrap(),
            "payment_finished"
        );

        let part = hold(&env, v).await;
        let mut too_much = sid(&part);
        too_much["amount_details"] = json!({"amount": 901, "currency": "rub"});
        let a = env.call(v, "session/capture", &too_much).await;
        a.err(400, "invalid_request");
        assert_eq!(a.description(), "amount_details.amount.exceeds_held");
        let mut some = sid(&part);
        some["amount_details"] = json!({"amount": 400, "currency": "rub"});
        let done = env.call(v, "session/capture", &some).await.ok();
        assert_eq!(payment_item(v, &done)["amount_details"]["amount"], 400);
        env.call(v, "session/capture", &some)
            .await
            .err(409, "invalid_session_state");

        let ledger = env.ledger().await;
        let captured: Vec<(String, u64)> = ledger
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap().to_owned(),
                    e["amount"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            captured,
            [("capture".to_owned(), 900), ("capture".to_owned(), 400)]
        );
        // Refunds are bounded by what was captured.
        let mut refund = sid(&part);
        refund["amount_details"] = json!({"amount": 401, "currency": "rub"});
        env.call(v, "session/refund", &refund)
            .await
            .err(400, "invalid_request");
    }
}

#[tokio::test]
async fn refunds_are_full_or_partial_and_never_above_what_was_paid() {
    for v in VERSIONS {
        let env = Env::new();
        let unpaid = session_id(
            &env.call(
                v,
                "session/init/payment",
                &payment_body("4242424242424242", 1000),
            )
            .await
            .ok(),
        );
        env.call(v, "session/refund", &sid(&unpaid))
            .await
            .err(409, "invalid_session_state");
        env.call(v, "session/confirm", &sid(&unpaid)).await.ok();
        let id = unpaid;

        let mut part = sid(&id);
        part["amount_details"] = json!({"amount": 300, "currency": "rub"});
        part["metadata"] = json!("first");
        let r1 = env.call(v, "session/refund", &part).await.ok();
        let refunds = payment_item(v, &r1)["refunds"].as_array().unwrap().clone();
        assert_eq!(refunds.len(), 1);
        assert_eq!(
            refunds[0]["amount_details"],
            json!({"amount": 300, "currency": "rub"})
        );
        assert_eq!(refunds[0]["status"], "in_progress");
        assert_eq!(refunds[0]["is_chargeback"], false);
        assert_eq!(refunds[0]["metadata"], "first");

        let mut over = sid(&id);
        over["amount_details"] = json!({"amount": 701, "currency": "rub"});
        let a = env.call(v, "session/refund", &over).await;
        a.err(400, "invalid_request");
        assert_eq!(a.description(), "amount_details.amount.exceeds_refundable");
        let mut wrong_currency = sid(&id);
        wrong_currency["amount_details"] = json!({"amount": 1, "currency": "usd"});
        env.call(v, "session/refund", &wrong_currency)
            .await
            .err(400, "invalid_request");

        // No amount: the rest.
        let r2 = env.call(v, "session/refund", &sid(&id)).await.ok();
        let refunds = payment_item(v, &r2)["refunds"].as_array().unwrap().clone();
        assert_eq!(refunds[1]["amount_details"]["amount"], 700);
        // Nothing left: the same class as a refund above what remains.
        let none_left = env.call(v, "session/refund", &sid(&id)).await;
        none_left.err(400, "invalid_request");
        assert_eq!(
            none_left.description(),
            "amount_details.amount.exceeds_refundable"
        );

        // Refunds settle a moment later in sandbox time.
        env.control("/_sandbox/time/advance", json!({"seconds": 60}))
            .await
            .ok();
        eventually("both refunds settle", || async {
            env.ledger().await.len() == 3
        })
        .await;
        let kinds: Vec<(Value, Value)> = env
            .ledger()
            .await
            .iter()
            .map(|e| (e["kind"].clone(), e["amount"].clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (json!("payment"), json!(1000)),
                (json!("refund"), json!(300)),
                (json!("refund"), json!(700))
            ]
        );
        let events = env.events_of(&id).await;
        assert_eq!(
            events.iter().filter(|e| *e == "payment_refunded").count(),
            2
        );
    }
}

#[tokio::test]
async fn chargebacks_arrive_as_payment_refunded_with_is_chargeback() {
    let env = Env::new();
    let id = session_id(
        &env.call(
            V2,
            "session/init/payment",
            &payment_body("4242424242424242", 1000),
        )
        .await
        .ok(),
    );
    env.control("/_sandbox/chargeback", json!({"session_id": id}))
        .await
        .err(409, "invalid_session_state");
    env.call(V2, "session/confirm", &sid(&id)).await.ok();
    let cb = env
        .control(
            "/_sandbox/chargeback",
            json!({"session_id": id, "amount": 250}),
        )
        .await
        .ok();
    let refund = &cb["session"]["payment_list"][0]["refunds"][0];
    assert_eq!(refund["is_chargeback"], true);
    assert_eq!(refund["amount_details"]["amount"], 250);
    env.control(
        "/_sandbox/chargeback",
        json!({"session_id": id, "amount": 751}),
    )
    .await
    .err(400, "invalid_request");
    env.control("/_sandbox/chargeback", json!({"session_id": "ps_404"}))
        .await
        .err(404, "repository_record_not_found");
    let last = env.deliveries().await.last().unwrap().clone();
    assert_eq!(last["type"], "payment_refunded");
    let body: Value = serde_json::from_str(last["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body["session"]["payment_list"][0]["refunds"][0]["is_chargeback"],
        true
    );
    let ledger = env.ledger().await;
    assert_eq!(ledger.last().unwrap()["kind"], "chargeback");
    assert_eq!(ledger.last().unwrap()["amount"], 250);
}

#[tokio::test]
async fn recurrent_tokens_are_issued_used_and_disabled() {
    let env = Env::new();
    let mut first = payment_body("4242424242424242", 1000);
    first["payment_options"]["recurrent"] = json!(true);
    let id = session_id(&env.call(V2, "session/init/payment", &first).await.ok());
    let paid = env.call(V2, "session/confirm", &sid(&id)).await.ok();
    let rec = payment_item(V2, &paid)["recurrent"].clone();
    assert_eq!(rec["is_active"], true);
    let token = rec["token"].as_str().unwrap().to_owned();

    // A payment without the option gets no token.
    let plain = session_id(
        &env.call(
            V2,
            "session/init/payment",
            &payment_body("4242424242424242", 1),
        )
        .await
        .ok(),
    );
    let p = env.call(V2, "session/confirm", &sid(&plain)).await.ok();
    assert!(payment_item(V2, &p).get("recurrent").is_none());

    let by_token =
        json!({"type": "recurrent", "recurrent": {"token": token, "initiator": "merchant"}});
    let mut pay = payment_body("0", 300);
    pay["payment_details"] = by_token.clone();
    let s = session_id(&env.call(V2, "session/init/payment", &pay).await.ok());
    let done = env.call(V2, "session/confirm", &sid(&s)).await.ok();
    assert_eq!(payment_item(V2, &done)["status"], "succeeded");

    let mut payout = payout_body(V2, "0", 300);
    payout["payout_details"] = json!({"type": "recurrent", "recurrent": {"token": token}});
    let s = session_id(&env.call(V2, "session/init/payout", &payout).await.ok());
    let done = env.call(V2, "session/confirm", &sid(&s)).await.ok();
    assert_eq!(payout_item(V2, &done)["status"], "succeeded");

    let info = json!({"type": "recurrent_token", "recurrent_token": {"token": token}});
    let i = env.call(V1, "token/info", &info).await.ok();
    assert_eq!(i["info"]["is_active"], true);
    let off = env
        .call(
            V1,
            "recurrent/disable",
            &json!({"recurrent": {"token": token}}),
        )
        .await
        .ok();
    assert_eq!(off["recurrent"]["is_active"], false);
    let i = env.call(V1, "token/info", &info).await.ok();
    assert_eq!(i["info"]["is_active"], false);

    let a = env.call(V2, "session/init/payment", &pay).await;
    a.err(400, "invalid_request");
    assert_eq!(a.description(), "payment_details.recurrent.token.inactive");
    env.call(
        V1,
        "recurrent/disable",
        &json!({"recurrent": {"token": "nope"}}),
    )
    .await
    .err(404, "repository_record_not_found");
}

#[tokio::test]
async fn card_tokens_public_tokens_and_token_info() {
    let env = Env::new();
    let t = env
        .call(
            V1,
            "tokenize/elements",
            &json!({"card_elements": [{"ref": "pan", "type": "card_number", "card_number": "5555555555554444"}]}),
        )
        .await
        .ok();
    let token = t["data"]["pan"]["token"].as_str().unwrap().to_owned();
    let mut payout = payout_body(V2, "0", 50);
    payout["payout_details"] = json!({"type": "card", "card": {"type": "tokenized_card", "tokenized_card": {"token": token}}});
    let s = env.call(V2, "session/init/payout", &payout).await.ok();
    let item = payout_item(V2, &s);
    assert_eq!(item["payout_details"]["card"]["last4"], "4444");
    assert!(item["payout_details"]["card"].get("number_hash").is_none());
    let info = env
        .call(
            V1,
            "token/info",
            &json!({"type": "card", "card": {"type": "tokenized_card", "tokenized_card": {"token": token}}}),
        )
        .await
        .ok();
    let hash = info["info"]["number_hash"].as_str().unwrap().to_owned();

    for card in [
        json!({"type": "tokenized_card", "tokenized_card": {"token": token}}),
        json!({"type": "encrypted_card", "encrypted_card": {"number_hash": hash}}),
    ] {
        let i = env
            .call(V1, "token/info", &json!({"type": "card", "card": card}))
            .await
            .ok();
        assert_eq!(i["info"]["last4"], "4444");
        assert_eq!(i["info"]["brand"], "mastercard");
        assert_eq!(i["info"]["type"], "card");
    }
    let mut by_hash = payout_body(V2, "0", 50);
    by_hash["payout_details"] = json!({"type": "card", "card": {"type": "encrypted_card", "encrypted_card": {"number_hash": hash}}});
    env.call(V2, "session/init/payout", &by_hash).await.ok();
    let mut unknown = payout_body(V2, "0", 50);
    unknown["payout_details"] = json!({"type": "card", "card": {"type": "tokenized_card", "tokenized_card": {"token": "missing"}}});
    env.call(V2, "session/init/payout", &unknown)
        .await
        .err(404, "repository_record_not_found");

    // One acquiring-widget token per session.
    let id = session_id(&env.call(V1, "session/create", &json!({})).await.ok());
    let widget = json!({"acquiring_widget": {"session_id": id}});
    let p = env.call(V1, "token", &widget).await.ok();
    let a = env.call(V1, "token", &widget).await;
    a.err(400, "invalid_request");
    assert_eq!(a.description(), "acquiring_widget.session_id.not_unique");
    env.call(
        V1,
        "token",
        &json!({"acquiring_widget": {"session_id": "ps_0"}}),
    )
    .await
    .err(404, "repository_record_not_found");
    let public = json!({"type": "public_token", "public_token": {"token": p["public_token"]}});
    let i = env.call(V1, "token/info", &public).await.ok();
    assert_eq!(i["info"]["is_active"], true);
    assert_eq!(i["info"]["type"], "public_token");
    // Public tokens live 24 hours of sandbox time.
    env.control("/_sandbox/time/advance", json!({"seconds": 24 * 3600 + 1}))
        .await
        .ok();
    let i = env.call(V1, "token/info", &public).await.ok();
    assert_eq!(i["info"]["is_active"], false);
}

#[tokio::test]
async fn operations_left_waiting_expire_when_sandbox_time_moves_on() {
    let env = Env::new();
    let payout = session_id(
        &env.call(
            V2,
            "session/init/payout",
            &payout_body(V2, "4242424242424242", 10),
        )
        .await
        .ok(),
    );
    let tds = session_id(
        &env.call(
            V2,
            "session/init/payment",
            &payment_body("4000000000003220", 10),
        )
        .await
        .ok(),
    );
    env.call(V2, "session/confirm", &sid(&tds)).await.ok();
    // 61 minutes: the 3-D Secure wait (60 min) is over, the confirm wait (240 min) is not.
    env.control("/_sandbox/time/advance", json!({"seconds": 61 * 60}))
        .await
        .ok();
    let s = env.call(V2, "session/status", &sid(&tds)).await.ok();
    assert_eq!(payment_item(V2, &s)["error"]["code"], "expired");
    assert_eq!(s["session"]["status"], "cancelled");
    let s = env.call(V2, "session/status", &sid(&payout)).await.ok();
    assert_eq!(payout_item(V2, &s)["status"], "pending");
    env.control("/_sandbox/time/advance", json!({"seconds": 180 * 60}))
        .await
        .ok();
    let s = env.call(V2, "session/status", &sid(&payout)).await.ok();
    assert_eq!(payout_item(V2, &s)["status"], "failed");
    assert_eq!(
        env.events_of(&payout).await.last().unwrap(),
        "payment_finished"
    );
    assert!(env.ledger().await.is_empty());
}

#[tokio::test]
async fn unknown_or_foreign_sessions_are_repository_record_not_found() {
    let env = Env::new();
    for method in [
        "session/status",
        "session/confirm",
        "session/cancel",
        "session/capture",
        "session/refund",
        "session/start/payout",
        "session/start/payment",
    ] {
        for v in VERSIONS {
            let a = env.call(v, method, &sid("ps_999999")).await;
            a.err(404, "repository_record_not_found");
        }
    }
    env.call(
        V1,
        "sberpay/push",
        &json!({"session_id": "ps_9", "phone": "+79261234567"}),
    )
    .await
    .err(404, "repository_record_not_found");

    // A session of another project is invisible.
    let id = session_id(&env.call(V2, "session/create", &json!({})).await.ok());
    let (_, public) = test_keys();
    env.control(
        "/_sandbox/projects",
        json!({"name": "other", "public_key_pem": public}),
    )
    .await
    .ok();
    let raw = serde_json::to_vec(&sid(&id)).unwrap();
    let resp = env
        .http
        .post(env.url("/api/v2/session/status"))
        .header("X-PARTNER-PROJECT", "other")
        .header("X-PARTNER-SIGN", env.key.sign(&raw).unwrap())
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
}
