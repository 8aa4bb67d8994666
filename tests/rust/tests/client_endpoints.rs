//! Every endpoint, in both API versions, through the client against the sandbox. The
//! sandbox checks `X-PARTNER-PROJECT` and `X-PARTNER-SIGN` over the exact bytes on every
//! request, so each success here is the sandbox confirming headers and signature.

use std::collections::HashSet;

use pikepay::client::{CallOptions, Client};
use pikepay::models::{Field, FieldItems, FieldValue};
use pikepay::{ApiVersion, Endpoint, ErrorKind, HttpMethod};
use pikepay_client_tests::{Env, card_payment, card_payout, opts, session_id};
use serde_json::{Value, json};

/// Calls `endpoint` and records it as covered.
async fn call(
    client: &Client,
    seen: &mut HashSet<Endpoint>,
    endpoint: Endpoint,
    body: Value,
) -> Value {
    let reply = client
        .call(endpoint, body, &opts())
        .await
        .unwrap_or_else(|e| panic!("{endpoint}: {e:?}"));
    assert_eq!(reply.body["status"], "ok", "{endpoint}: {}", reply.body);
    assert_eq!(reply.http_status, 200);
    assert_eq!(
        reply.idempotency_key.is_some(),
        endpoint.needs_idempotency_key(),
        "{endpoint} idempotency key"
    );
    seen.insert(endpoint);
    reply.body
}

async fn every_endpoint(version: ApiVersion) {
    let env = Env::start();
    let client = env.client(version);
    let mut seen = HashSet::new();

    // Payout: init -> pending + next_action confirm -> confirm -> succeeded.
    let body = call(
        &client,
        &mut seen,
        Endpoint::SessionInitPayout,
        card_payout(1000),
    )
    .await;
    let payout = session_id(&body);
    assert_eq!(body["session"]["next_action"], "confirm");
    let item = &body["session"]["payout_list"][0];
    assert_eq!(
        item["status"], "pending",
        "canonical payout_list in {version:?}: {body}"
    );
    assert!(
        item.get("payout_details").is_some(),
        "canonical payout_details: {item}"
    );
    assert!(body["session"].get("payments").is_none());
    let body = call(
        &client,
        &mut seen,
        Endpoint::SessionConfirm,
        json!({"session_id": payout}),
    )
    .await;
    assert_eq!(body["session"]["payout_list"][0]["status"], "succeeded");

    // Payout in two steps, then cancelled at the confirm point.
    let body = call(&client, &mut seen, Endpoint::SessionCreate, json!({})).await;
    let two_step = session_id(&body);
    assert_eq!(body["session"]["status"], "created");
    let mut start = card_payout(500);
    start["session_id"] = json!(two_step);
    call(&client, &mut seen, Endpoint::SessionStartPayout, start).await;
    let body = call(
        &client,
        &mut seen,
        Endpoint::SessionCancel,
        json!({"session_id": two_step}),
    )
    .await;
    assert_eq!(body["session"]["status"], "cancelled");

    // Card payment with a recurring token, confirmed, partly refunded.
    let mut pay = card_payment("4242424242424242", 10_000);
    pay["payment_options"]["recurrent"] = json!(true);
    let body = call(&client, &mut seen, Endpoint::SessionInitPayment, pay).await;
    let payment = session_id(&body);
    assert!(
        body["session"]["payment_list"].is_array(),
        "canonical payment_list: {body}"
    );
    call(
        &client,
        &mut seen,
        Endpoint::SessionConfirm,
        json!({"session_id": payment}),
    )
    .await;
    let body = call(
        &client,
        &mut seen,
        Endpoint::SessionStatus,
        json!({"session_id": payment}),
    )
    .await;
    let paid = &body["session"]["payment_list"][0];
    assert_eq!(paid["status"], "succeeded", "{body}");
    let recurrent = paid["recurrent"]["token"]
        .as_str()
        .expect("recurrent token")
        .to_owned();
    let body = call(
        &client,
        &mut seen,
        Endpoint::SessionRefund,
        json!({"session_id": payment, "amount_details": {"amount": 2500, "currency": "rub"}}),
    )
    .await;
    let refund = &body["session"]["payment_list"][0]["refunds"][0];
    assert_eq!(refund["amount_details"]["amount"], 2500);
    assert_eq!(refund["status"], "in_progress", "settled later: {body}");
    let body = call(
        &client,
        &mut seen,
        Endpoint::RecurrentDisable,
        json!({"recurrent": {"token": recurrent}}),
    )
    .await;
    assert_eq!(body["recurrent"]["is_active"], false);

    // Held payment: create + start, confirm, capture part of it.
    let body = call(&client, &mut seen, Endpoint::SessionCreate, json!({})).await;
    let held = session_id(&body);
    let mut start = card_payment("4000000000000077", 7000);
    start["session_id"] = json!(held);
    call(&client, &mut seen, Endpoint::SessionStartPayment, start).await;
    let body = call(
        &client,
        &mut seen,
        Endpoint::SessionConfirm,
        json!({"session_id": held}),
    )
    .await;
    assert_eq!(body["session"]["next_action"], "capture", "{body}");
    let body = call(
        &client,
        &mut seen,
        Endpoint::SessionCapture,
        json!({"session_id": held, "amount_details": {"amount": 5000, "currency": "rub"}}),
    )
    .await;
    assert_eq!(
        body["session"]["payment_list"][0]["status"], "succeeded",
        "{body}"
    );

    // Widgets and tokens.
    let body = call(&client, &mut seen, Endpoint::SessionCreate, json!({})).await;
    let widget = session_id(&body);
    let body = call(
        &client,
        &mut seen,
        Endpoint::Token,
        json!({"acquiring_widget": {"session_id": widget}}),
    )
    .await;
    let public = body["public_token"]
        .as_str()
        .expect("public token")
        .to_owned();
    let body = call(
        &client,
        &mut seen,
        Endpoint::TokenInfo,
        json!({"type": "public_token", "public_token": {"token": public}}),
    )
    .await;
    assert_eq!(body["info"]["type"], "public_token");
    let body = call(
        &client,
        &mut seen,
        Endpoint::TokenizeElements,
        json!({"card_elements": [{"ref": "number", "type": "card_number", "card_number": "5555555555554444"}]}),
    )
    .await;
    assert!(body["data"]["number"]["token"].is_string(), "{body}");

    // FPS, wallet (request_datetime filled by the client), SberPay.
    let body = call(&client, &mut seen, Endpoint::FpsBanks, json!({})).await;
    assert!(!body["banks"].as_array().expect("banks").is_empty());
    let body = call(
        &client,
        &mut seen,
        Endpoint::FpsCustomerVerification,
        json!({"payout_details": {"type": "bank_account", "bank_account": {
                "system_type": "faster_payment_system_verification",
                "faster_payment_system_verification": {"phone": "79261234567", "bank_id": "100000000069"}}},
               "participant_details": {"recipient": {"first_name": "Ivan", "last_name": "Ivanov"}}}),
    )
    .await;
    assert_eq!(body["session"]["status"], "accepted", "{body}");
    let body = call(&client, &mut seen, Endpoint::WalletBalance, json!({})).await;
    assert_eq!(
        body["wallets"][0]["amount_details"]["currency"], "rub",
        "{body}"
    );
    // SberPay: confirmed, it waits for the customer, who can be pushed.
    let body = call(
        &client,
        &mut seen,
        Endpoint::SessionInitPayment,
        json!({"payment_details": {"type": "internet_banking", "internet_banking": {
                "type": "sber_pay", "sber_pay": {"channel": "app"}}},
               "amount_details": {"amount": 700, "currency": "rub"},
               "customer": {"reference": "lucky"}}),
    )
    .await;
    let sber_pay = session_id(&body);
    let body = call(
        &client,
        &mut seen,
        Endpoint::SessionConfirm,
        json!({"session_id": sber_pay}),
    )
    .await;
    assert!(
        body["session"]["payment_list"][0]["customer_interaction"]["redirect"]["url"].is_string(),
        "{body}"
    );
    call(
        &client,
        &mut seen,
        Endpoint::SberpayPush,
        json!({"session_id": sber_pay, "phone": "+79261234567"}),
    )
    .await;

    let missing: Vec<_> = Endpoint::ALL.iter().filter(|e| !seen.contains(e)).collect();
    assert!(missing.is_empty(), "not called: {missing:?}");

    // Money moved exactly once per operation (the refund once it has settled).
    env.control_post("time/advance", json!({"seconds": 60}))
        .await;
    for _ in 0..500 {
        if env.ledger().await.iter().any(|e| e["kind"] == "refund") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let kinds: Vec<String> = env
        .ledger()
        .await
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "payout").count(),
        1,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| *k == "refund").count(),
        1,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| *k == "capture").count(),
        1,
        "{kinds:?}"
    );
}

#[tokio::test]
async fn every_endpoint_on_api_v2() {
    every_endpoint(ApiVersion::V2).await;
}

#[tokio::test]
async fn every_endpoint_on_api_v1() {
    every_endpoint(ApiVersion::V1).await;
}

#[tokio::test]
async fn typed_methods_round_trip() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    let o = opts();
    let s = client.sessions();
    let req = serde_json::from_value(card_payout(1200)).unwrap();
    let created = s.init_payout(&req, &o).await.unwrap();
    let session = created
        .session
        .and_then(Field::into_known)
        .expect("session");
    let id = session.id.value().expect("id").clone();
    let confirmed = s
        .confirm(&pikepay::models::SessionConfirmRequest::new(&id), &o)
        .await
        .unwrap();
    assert!(confirmed.session.is_some());
    let status = s
        .status(&pikepay::models::SessionStatusRequest::new(&id), &o)
        .await
        .unwrap();
    let json = serde_json::to_value(status.session.unwrap()).unwrap();
    assert_eq!(json["payout_list"][0]["status"], "succeeded");

    let wallet = client
        .wallet()
        .balance(
            &pikepay::models::WalletBalanceRequest {
                request_datetime: String::new(),
                extra: Default::default(),
            },
            &o,
        )
        .await
        .unwrap();
    assert_eq!(
        wallet.wallets.items()[0]
            .amount_details
            .value()
            .and_then(|a| a.amount.value()),
        Some(&(100_000_000 - 1200))
    );
    let banks = client
        .fps()
        .banks(&serde_json::from_value(json!({})).unwrap(), &o)
        .await
        .unwrap();
    assert!(
        banks
            .banks
            .items()
            .iter()
            .any(|b| b.id.value().map(String::as_str) == Some("100000000069"))
    );
    let waited = s
        .wait(
            &id,
            pikepay::WaitUntil::Final,
            std::time::Duration::from_secs(5),
        )
        .await
        .unwrap();
    assert!(waited.session.is_some());
    let tokens = client
        .tokens()
        .tokenize_elements(
            &serde_json::from_value(json!({"card_elements": [{"ref": "n", "type": "card_number", "card_number": "4242424242424242"}]})).unwrap(),
            &o,
        )
        .await
        .unwrap();
    // Tokens are secrets: Debug never shows them.
    let token = serde_json::to_value(&tokens).unwrap()["data"]["n"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!format!("{tokens:?}").contains(&token));
}

#[tokio::test]
async fn request_reaches_paths_as_given() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    let banks = client
        .request(HttpMethod::Get, "/api/v1/fps/banks", json!({}), &opts())
        .await
        .unwrap();
    assert!(banks.body["banks"].is_array());
    let created = client
        .request(HttpMethod::Post, "session/create", json!({}), &opts())
        .await
        .unwrap();
    assert!(
        created.idempotency_key.is_some(),
        "known paths get their idempotency rule"
    );
    let e = client
        .request(HttpMethod::Post, "no/such/method", json!({}), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api, "{e:?}");
    assert_eq!(e.pike_code(), Some("method_not_found"));
    assert_eq!(e.http_status(), Some(404));
}

#[tokio::test]
async fn wrong_key_or_project_is_refused_by_the_sandbox() {
    let env = Env::start();
    let (other_key, _) = pikepay_client_tests::key_pair(1);
    let wrong_key = env
        .builder(ApiVersion::V2)
        .private_key(other_key)
        .build()
        .unwrap();
    let e = wrong_key
        .call(Endpoint::SessionCreate, json!({}), &opts())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication, "{e:?}");
    assert!(e.idempotency_key().is_some());
    let stranger = env
        .builder(ApiVersion::V2)
        .project("nobody")
        .build()
        .unwrap();
    let e = stranger
        .call(
            Endpoint::SessionStatus,
            json!({"session_id": "ps_1"}),
            &CallOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication, "{e:?}");
    assert!(env.ledger().await.is_empty());
}
