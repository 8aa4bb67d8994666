//! Instruments this version does not model (a wallet payout, a `secured_card` payment)
//! go through the client as sent, and the sandbox carries them as generic instruments.

use pikepay::{ApiVersion, Endpoint};
use pikepay_client_tests::{Env, opts, session_id};
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
