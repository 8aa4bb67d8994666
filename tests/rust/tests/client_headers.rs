//! What the client puts on the wire, as the sandbox's request log saw it: the
//! User-Agent, Content-Type, sub-merchant, idempotency key and HTTP method.

use pikepay::ApiVersion;
use pikepay::client::CallOptions;
use pikepay::{Endpoint, HttpMethod};
use pikepay_client_tests::{Env, card_payout, opts};
use serde_json::{Value, json};

const VERSION: &str = env!("CARGO_PKG_VERSION");

#[tokio::test]
async fn every_request_carries_the_configured_headers() {
    let env = Env::start();
    let client = env
        .builder(ApiVersion::V2)
        .submerchant("sub-42")
        .user_agent_suffix("shop-backend/3.1")
        .build()
        .unwrap();
    let payout = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap();
    let banks = client
        .call(Endpoint::FpsBanks, json!({}), &opts())
        .await
        .unwrap();
    assert_eq!(banks.idempotency_key, None);

    let log = env.requests().await;
    assert_eq!(log.len(), 2, "{log:?}");
    for seen in &log {
        assert_eq!(
            seen["user_agent"],
            format!("pikepay-rust/{VERSION} shop-backend/3.1"),
            "{seen}"
        );
        assert_eq!(seen["content_type"], "application/json");
        assert_eq!(seen["submerchant"], "sub-42");
        assert_eq!(seen["signature"], "verified");
    }
    let key = payout
        .idempotency_key
        .as_deref()
        .expect("payouts carry a key");
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["path"], "/api/v2/session/init/payout");
    assert_eq!(log[0]["idempotency_key"], key);
    assert_eq!(log[1]["method"], "GET");
    assert_eq!(log[1]["path"], "/api/v1/fps/banks");
    assert_eq!(log[1]["idempotency_key"], Value::Null);
}

#[tokio::test]
async fn defaults_send_no_submerchant_and_the_bare_user_agent() {
    let env = Env::start();
    let client = env.client(ApiVersion::V1);
    let key = "order-7781-payout";
    let options = CallOptions {
        idempotency_key: Some(key.into()),
        ..opts()
    };
    let reply = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &options)
        .await
        .unwrap();
    assert_eq!(reply.idempotency_key.as_deref(), Some(key));
    let log = env.requests().await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["user_agent"], format!("pikepay-rust/{VERSION}"));
    assert_eq!(log[0]["submerchant"], Value::Null);
    assert_eq!(log[0]["idempotency_key"], key);
    assert_eq!(log[0]["path"], "/api/v1/session/init/payout");
}

#[tokio::test]
async fn a_planned_key_is_the_key_sent() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    let planned = client
        .with_planned_key(HttpMethod::Post, "session/init/payout", &opts())
        .unwrap();
    let key = planned
        .idempotency_key
        .clone()
        .expect("a payout gets a key");
    let again = client
        .with_planned_key(HttpMethod::Post, "session/init/payout", &opts())
        .unwrap();
    assert_ne!(
        again.idempotency_key.as_deref(),
        Some(key.as_str()),
        "fresh per call"
    );
    let own = CallOptions {
        idempotency_key: Some("order-1-payout".into()),
        ..opts()
    };
    let kept = client
        .with_planned_key(HttpMethod::Post, "/api/v2/session/init/payout", &own)
        .unwrap();
    assert_eq!(kept.idempotency_key.as_deref(), Some("order-1-payout"));
    let status = client
        .with_planned_key(HttpMethod::Post, "session/status", &opts())
        .unwrap();
    assert_eq!(status.idempotency_key, None, "reads carry no key");
    let short = CallOptions {
        idempotency_key: Some("k".into()),
        ..opts()
    };
    let e = client
        .with_planned_key(HttpMethod::Post, "session/init/payout", &short)
        .unwrap_err();
    assert_eq!(e.field(), Some("idempotency_key"));

    let reply = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &planned)
        .await
        .unwrap();
    assert_eq!(reply.idempotency_key.as_deref(), Some(key.as_str()));
    let log = env.requests().await;
    assert_eq!(log[0]["idempotency_key"], key);
}
