//! `wait`: polling `session/status` until a condition or a final status, within a deadline.

use std::time::Duration;

use pikepay::client::WaitUntil;
use pikepay::{ApiVersion, Endpoint, ErrorKind};
use pikepay_client_tests::{Env, card_payment, card_payout, opts, session_id};
use serde_json::json;

#[tokio::test]
async fn wait_polls_until_the_session_moves() {
    let env = Env::start();
    let client = env.client(ApiVersion::V1);

    // A payout waits for confirmation: NextAction holds at once.
    let payout = session_id(
        &client
            .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
            .await
            .unwrap()
            .body,
    );
    let reply = client
        .wait(&payout, WaitUntil::NextAction, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(reply.body["session"]["next_action"], "confirm");
    assert_eq!(
        reply.body["session"]["payout_list"][0]["status"], "pending",
        "canonical names on v1"
    );

    // A 3-D Secure payment stays in progress until the payer acts.
    let body = client
        .call(
            Endpoint::SessionInitPayment,
            card_payment("4000000000003220", 5000),
            &opts(),
        )
        .await
        .unwrap()
        .body;
    let payment = session_id(&body);
    client
        .call(
            Endpoint::SessionConfirm,
            json!({"session_id": payment}),
            &opts(),
        )
        .await
        .unwrap();
    let e = client
        .wait(&payment, WaitUntil::Final, Duration::from_secs(2))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutcomeUnknown, "{e:?}");
    assert!(e.message().contains("in_progress"), "{e}");

    // The payer passes 3-D Secure while we wait.
    let waiting = {
        let client = client.clone();
        let payment = payment.clone();
        tokio::spawn(async move {
            client
                .wait(&payment, WaitUntil::Final, Duration::from_secs(10))
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    env.control_post("3ds", json!({"session_id": payment, "result": "success"}))
        .await;
    let reply = waiting.await.unwrap().unwrap();
    assert_eq!(reply.body["session"]["status"], "accepted");
    assert_eq!(
        reply.body["session"]["payment_list"][0]["status"],
        "succeeded"
    );

    // Statuses: stops at one of the given statuses (here at once).
    let reply = client
        .wait(
            &payout,
            WaitUntil::Statuses(vec!["in_progress".into()]),
            Duration::from_secs(5),
        )
        .await
        .unwrap();
    assert_eq!(reply.body["session"]["status"], "in_progress");

    // Errors of the status call come through as they are.
    let e = client
        .wait("ps_missing", WaitUntil::Final, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let e = client
        .wait(" ", WaitUntil::Final, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("session_id"));
}
