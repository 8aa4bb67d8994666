//! Instruments this version does not model (a wallet payout, a `secured_card` payment)
//! go through the client as sent, and the sandbox carries them as generic instruments.

mod client_support;

use client_support::{Env, opts, session_id};
use pikepay::{ApiVersion, Endpoint};
use serde_json::json;

#[tokio::test]
async fn a_wallet_payout_and_a_secured_card_payment_go_through() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    let wallet = json!({"type": "wallet", "wallet": {"type": "qiwi", "account": "79261234567"}});
    let payout = client
        .call(
            Endpoint::SessionInitPayout,
            json!({"payout_details": wallet, "amount_details": {"amount": 1500, "currency": "RUB"}}),
            &opts(),
        )
        .await
        .expect("wallet payout");
    let item = &payout.body["session"]["payout_list"][0];
    assert_eq!(item["payout_details"], wallet);
    client
        .call(
            Endpoint::SessionConfirm,
            json!({"session_id": session_id(&payout.body)}),
            &opts(),
        )
        .await
        .expect("confirm");

    let secured = json!({"type": "secured_card",
        "secured_card": {"type": "google_pay", "google_pay": {"token": "eyJ0b2tlbiI6ICIxMjMifQ"}}});
    let payment = client
        .call(
            Endpoint::SessionInitPayment,
            json!({"payment_details": secured, "amount_details": {"amount": 2500, "currency": "rub"},
                   "customer": {"reference": "lucky"}}),
            &opts(),
        )
        .await
        .expect("secured_card payment");
    assert_eq!(
        payment.body["session"]["payment_list"][0]["payment_details"]["type"],
        "secured_card"
    );
}

#[tokio::test]
async fn a_started_payment_needs_a_customer_in_the_start_call_or_the_session() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    let card = json!({"type": "card", "card": {"type": "bank_card", "bank_card": {
        "number": "4242424242424242", "expiration_month": "12", "expiration_year": "30"}}});
    let start = |sid: String, customer: Option<serde_json::Value>| {
        let mut body = json!({"session_id": sid, "payment_details": card,
            "amount_details": {"amount": 1000, "currency": "rub"}});
        if let Some(c) = customer {
            body["customer"] = c;
        }
        body
    };
    let created = client
        .call(Endpoint::SessionCreate, json!({}), &opts())
        .await
        .unwrap();
    let refused = client
        .call(
            Endpoint::SessionStartPayment,
            start(session_id(&created.body), None),
            &opts(),
        )
        .await
        .expect_err("no customer anywhere");
    assert_eq!(refused.pike_description(), Some("customer.required"));

    let with_customer = client
        .call(
            Endpoint::SessionCreate,
            json!({"customer": {"reference": "lucky"}}),
            &opts(),
        )
        .await
        .unwrap();
    client
        .call(
            Endpoint::SessionStartPayment,
            start(session_id(&with_customer.body), None),
            &opts(),
        )
        .await
        .expect("the customer comes from session/create");
}
