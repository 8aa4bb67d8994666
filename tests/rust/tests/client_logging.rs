//! Logging: spans per call and per attempt; bodies only on request, and redacted.
//!
//! Alone in its own test binary: a scoped `tracing` subscriber races with tests that
//! run on other threads of the same process.

use pikepay::client::Client;
use pikepay::{ApiVersion, Endpoint};
use pikepay_client_tests::{Captured, Env, card_payout, opts, session_id};
use serde_json::json;

async fn logged(client: &Client) -> String {
    let out = Captured::default();
    let subscriber = out.subscriber();
    let _guard = tracing::subscriber::set_default(subscriber);
    let body = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap()
        .body;
    client
        .call(
            Endpoint::SessionStatus,
            json!({"session_id": session_id(&body)}),
            &opts(),
        )
        .await
        .unwrap();
    out.text()
}

#[tokio::test]
async fn logs_carry_calls_and_attempts_but_bodies_only_redacted_and_on_request() {
    let env = Env::start();
    let quiet = logged(&env.client(ApiVersion::V2)).await;
    assert!(quiet.contains("pikepay.call"), "{quiet}");
    assert!(quiet.contains("pikepay.attempt"), "{quiet}");
    assert!(quiet.contains("session/init/payout"), "{quiet}");
    assert!(quiet.contains("idempotency_key="), "{quiet}");
    assert!(
        !quiet.contains("body"),
        "bodies are not logged by default: {quiet}"
    );
    assert!(!quiet.contains("4242424242424242"));

    let loud = logged(
        &env.builder(ApiVersion::V2)
            .log_bodies(true)
            .build()
            .unwrap(),
    )
    .await;
    assert!(loud.contains("body"), "{loud}");
    assert!(
        loud.contains("Ivanov Ivan"),
        "non-secret fields stay readable: {loud}"
    );
    assert!(
        !loud.contains("4242424242424242"),
        "card numbers never appear: {loud}"
    );
}
