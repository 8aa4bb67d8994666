//! Strict mode (`--strict`): the less forgiving reading wherever Pike's documents allow
//! two, and undocumented request fields refused; the same requests pass without it.

mod common;

use common::*;
use serde_json::{Value, json};

/// Requests Pike's documents allow to read two ways, with the strict refusal of each.
fn cases(session: &str) -> Vec<(&'static str, Value, &'static str)> {
    let mut extra = payout_body(V2, "4242424242424242", 100);
    extra["priority"] = json!("high");
    let mut nested = payout_body(V2, "4242424242424242", 100);
    nested["amount_details"]["fee"] = json!(1);
    let mut verification = json!({"participant_details": {"recipient": {
        "first_name": "Ivan", "last_name": "Ivanov"}}});
    verification["payout_details"] = fps("faster_payment_system_verification", "79261234567");
    vec![
        ("session/init/payout", extra, "priority.not_documented"),
        (
            "session/init/payout",
            nested,
            "amount_details.fee.not_documented",
        ),
        (
            "fps/customer_verification",
            verification,
            "session_id.required",
        ),
        (
            "token",
            json!({"acquiring_widget": {"session_id": session, "show_recurrent_checkbox": "true"}}),
            "acquiring_widget.show_recurrent_checkbox.type",
        ),
    ]
}

#[tokio::test]
async fn strict_mode_takes_the_less_forgiving_reading() {
    let env = Env::binary(&["--strict"]);
    let session = session_id(&env.call(V2, "session/create", &json!({})).await.ok());
    for (method, body, description) in cases(&session) {
        let v = if method == "token" { V1 } else { V2 };
        let a = env.call(v, method, &body).await;
        a.err(400, "invalid_request");
        assert_eq!(a.description(), description, "{method}: {}", a.body);
    }
    // What Pike documents still passes.
    env.call(
        V2,
        "session/init/payout",
        &payout_body(V2, "4242424242424242", 100),
    )
    .await
    .ok();
    env.call(
        V1,
        "session/init/payout",
        &payout_body(V1, "4242424242424242", 100),
    )
    .await
    .ok();
    // The stricter reading of `customer` holds in every mode: a payment started in a
    // session whose `session/create` had none still needs one.
    let mut no_customer = payment_body("4242424242424242", 100);
    no_customer.as_object_mut().unwrap().remove("customer");
    no_customer["session_id"] = json!(session);
    for env in [&env, &Env::binary(&[])] {
        let session = session_id(&env.call(V2, "session/create", &json!({})).await.ok());
        no_customer["session_id"] = json!(session);
        let a = env.call(V2, "session/start/payment", &no_customer).await;
        a.err(400, "invalid_request");
        assert_eq!(a.description(), "customer.required");
    }
    let mut with_customer = payment_body("4242424242424242", 100);
    with_customer["session_id"] = json!(session);
    env.call(V2, "session/start/payment", &with_customer)
        .await
        .ok();
}

#[tokio::test]
async fn without_strict_mode_the_same_requests_pass() {
    let env = Env::binary(&[]);
    let session = session_id(&env.call(V2, "session/create", &json!({})).await.ok());
    for (method, body, _) in cases(&session) {
        let v = if method == "token" { V1 } else { V2 };
        let a = env.call(v, method, &body).await;
        assert_eq!(a.status, 200, "{method}: {}", a.body);
    }
}
