//! Typed models: documented JSON shapes, unknown data kept, secrets hidden from `Debug`.

use pikepay::Endpoint;
use pikepay::models::*;
use serde_json::{Value, json};

fn roundtrip<T: serde::Serialize + serde::de::DeserializeOwned>(v: &Value) -> (T, Value) {
    let typed: T = serde_json::from_value(v.clone()).expect("parses");
    let back = serde_json::to_value(&typed).expect("serializes");
    (typed, back)
}

#[test]
fn constructors_build_the_documented_request_bodies() {
    let mut req = SessionInitPayoutRequest::new(
        PayoutDetails::bank_card("4242424242424242"),
        AmountDetails::new(1000, "RUB"),
    );
    req.participant_details = Some(ParticipantDetails {
        recipient: Some(Field::Known(Participant {
            full_name: Some("Ivanov Ivan".into()),
            ..Participant::default()
        })),
        ..ParticipantDetails::default()
    });
    let body = serde_json::to_value(&req).expect("json");
    assert_eq!(
        body,
        json!({"payout_details": {"type": "card", "card": {"type": "bank_card",
            "bank_card": {"number": "4242424242424242"}}},
            "amount_details": {"amount": 1000, "currency": "rub"},
            "participant_details": {"recipient": {"full_name": "Ivanov Ivan"}}})
    );
    validate_request(<SessionInitPayoutRequest as ApiRequest>::ENDPOINT, &body).expect("valid");

    let pay = SessionInitPaymentRequest::new(
        PaymentDetails::bank_card("4242424242424242", "05", "22", "123"),
        AmountDetails::new(10000, "rub"),
        Customer::new("lucky"),
    );
    let body = serde_json::to_value(&pay).expect("json");
    assert_eq!(
        body["payment_details"]["card"]["bank_card"],
        json!({"number": "4242424242424242", "expiration_month": "05",
               "expiration_year": "22", "security_code": "123"})
    );
    validate_request(Endpoint::SessionInitPayment, &body).expect("valid");

    let fps = serde_json::to_value(PayoutDetails::fps_verification(
        "79261234567",
        "100000000069",
    ))
    .expect("json");
    assert_eq!(
        fps,
        json!({"type": "bank_account", "bank_account": {
            "system_type": "faster_payment_system_verification",
            "faster_payment_system_verification": {"phone": "79261234567", "bank_id": "100000000069"}}})
    );
    assert_eq!(
        serde_json::to_value(PaymentDetails::sber_pay(SberPayChannel::MobileWeb)).expect("json"),
        json!({"type": "internet_banking", "internet_banking": {"type": "sber_pay",
            "sber_pay": {"channel": "mobile_web"}}})
    );
    assert_eq!(
        serde_json::to_value(SessionConfirmRequest::new("ps_3230")).expect("json"),
        json!({"session_id": "ps_3230"})
    );
}

#[test]
fn debug_never_shows_card_numbers_codes_tokens_or_hashes() {
    let body = json!({
        "payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": {
            "number": "4242424242424242", "expiration_month": "05", "expiration_year": "22",
            "security_code": "987"}}},
        "amount_details": {"amount": 10000, "currency": "rub"},
        "customer": {"reference": "lucky"},
        "unknown_secret": {"cardholder_name_hash": "c0ffee11"}
    });
    let req: SessionInitPaymentRequest = serde_json::from_value(body).expect("parses");
    let shown = format!("{req:?}");
    for secret in ["4242424242424242", "987", "c0ffee11"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("lucky") && shown.contains("[redacted]"));

    let info: TokenInfoResponse = serde_json::from_value(json!({"status": "ok", "info": {
        "token": "tok_secret_1", "number_hash": "hash_secret_2", "type": "public_token"}}))
    .expect("parses");
    let tokens: TokenizeElementsResponse = serde_json::from_value(json!({"status": "ok",
        "data": {"number": {"token": "tok_secret_3", "info": {"masked_card_number": "424242******4242"}}}}))
    .expect("parses");
    let public: TokenResponse =
        serde_json::from_value(json!({"status": "ok", "public_token": "tok_secret_4"}))
            .expect("parses");
    let shown = format!("{info:?} {tokens:?} {public:?}");
    for secret in [
        "tok_secret_1",
        "hash_secret_2",
        "tok_secret_3",
        "tok_secret_4",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert_eq!(
        public.public_token.value().map(Secret::expose),
        Some("tok_secret_4")
    );
}

#[test]
fn unknown_fields_types_and_statuses_are_kept() {
    let session = json!({
        "id": "ps_1", "status": "canceled", "created_at": "2024-05-27T02:03:00.000000Z",
        "risk_score": 12, "next_action": "sign_contract",
        "payout_list": [{"id": "po_1", "status": "on_hold_by_bank",
            "payout_details": {"type": "wallet", "wallet": {"type": "qiwi", "account": "123"}},
            "amount_details": {"amount": 500, "currency": "rub", "fee": 5},
            "metadata": null,
            "refunds": [{"id": "rf_1", "status": "reversed", "is_chargeback": true}]}],
        "payment_list": [{"id": "pm_1", "status": "succeeded",
            "payment_details": {"type": "secured_card", "secured_card": {"type": "google_pay"}},
            "customer_interaction": {"type": "redirect", "redirect": {"url": "https://bank.example/3ds",
                "method": "POST", "params": {"PaReq": "abc", "MD": "1"}}},
            "metadata": {"order": [1, 2, {"x": null}]}}]
    });
    let (typed, back): (Session, Value) = roundtrip(&session);
    assert_eq!(back, session);
    let status = typed.status.value().expect("status");
    assert_eq!(status, &SessionStatus::Canceled);
    assert!(status.is_cancelled() && status.is_final());
    assert_eq!(
        typed.next_action.value(),
        Some(&NextAction::Unknown("sign_contract".into()))
    );
    assert_eq!(typed.extra.get("risk_score"), Some(&json!(12)));
    let payout = typed.payout_list.items()[0];
    assert_eq!(
        payout.status.value(),
        Some(&ItemStatus::Unknown("on_hold_by_bank".into()))
    );
    let details = payout.payout_details.value().expect("details");
    assert_eq!(
        details.kind.value(),
        Some(&PayoutType::Unknown("wallet".into()))
    );
    assert_eq!(
        details.extra.get("wallet"),
        Some(&json!({"type": "qiwi", "account": "123"}))
    );
    assert_eq!(payout.metadata, Some(Value::Null));
    let refund = payout.refunds.items()[0];
    assert_eq!(refund.is_chargeback.value(), Some(&true));
    assert_eq!(
        refund.status.value(),
        Some(&RefundStatus::Unknown("reversed".into()))
    );
}

#[test]
fn amounts_are_integers_and_anything_else_stays_raw() {
    for odd in [json!(10.5), json!(1000.0), json!("1000")] {
        let a: AmountDetails =
            serde_json::from_value(json!({"amount": odd, "currency": "rub"})).expect("parses");
        assert_eq!(a.amount, Some(Field::Raw(odd.clone())), "{odd}");
        assert_eq!(a.currency.value().map(String::as_str), Some("rub"));
    }
    let a: AmountDetails =
        serde_json::from_value(json!({"amount": 9007199254740993_i64, "currency": "rub"}))
            .expect("i64");
    assert_eq!(a.amount.value(), Some(&9007199254740993));
}

#[test]
fn each_request_type_names_its_endpoint() {
    let endpoints = [
        SessionCreateRequest::ENDPOINT,
        SessionInitPayoutRequest::ENDPOINT,
        SessionInitPaymentRequest::ENDPOINT,
        SessionStartPayoutRequest::ENDPOINT,
        SessionStartPaymentRequest::ENDPOINT,
        SessionConfirmRequest::ENDPOINT,
        SessionCancelRequest::ENDPOINT,
        SessionCaptureRequest::ENDPOINT,
        SessionRefundRequest::ENDPOINT,
        SessionStatusRequest::ENDPOINT,
        RecurrentDisableRequest::ENDPOINT,
        TokenRequest::ENDPOINT,
        TokenInfoRequest::ENDPOINT,
        TokenizeElementsRequest::ENDPOINT,
        FpsBanksRequest::ENDPOINT,
        FpsCustomerVerificationRequest::ENDPOINT,
        WalletBalanceRequest::ENDPOINT,
        SberpayPushRequest::ENDPOINT,
    ];
    for e in Endpoint::ALL {
        assert_eq!(endpoints.iter().filter(|x| *x == e).count(), 1, "{e}");
    }
}
