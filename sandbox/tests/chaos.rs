//! Chaos mode (`--chaos-seed`): 200 payouts through the binary with webhooks late,
//! duplicated and out of order, occasional 503s and answers dropped after commit. The
//! shop's example handler (examples/at_least_once/handler.rs) must end with every
//! payout confirmed and paid once, and the ledger must hold no duplicate.

mod common;

#[path = "../examples/at_least_once/handler.rs"]
#[allow(dead_code)]
mod handler;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use common::*;
use handler::Shop;
use pikepay::{PrivateKey, Webhook};
use serde_json::json;

const PAYOUTS: usize = 200;

async fn shop_on(env: &Env) -> Shop {
    let client = pikepay::Client::builder()
        .project(PROJECT)
        .private_key(PrivateKey::from_pem_or_der(test_keys().0).unwrap())
        .base_url(env.sandbox.base_url())
        .build()
        .unwrap();
    let shop = Shop::new(
        client,
        Webhook::from_pem_or_der(env.sandbox.public_key_pem()).unwrap(),
    );
    let app = axum::Router::new()
        .route("/pike/webhook", axum::routing::post(handler::receive))
        .with_state(shop.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/pike/webhook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    env.register(json!({"webhook_url": url})).await;
    shop
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_payout_is_paid_once_under_chaos() {
    let env = Env::binary(&[
        "--chaos-seed",
        "14",
        "--webhook-retry-ms",
        "100,200,400,800,1600",
    ]);
    let shop = shop_on(&env).await;

    // 200 payouts, 8 at a time.
    let gate = Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = tokio::task::JoinSet::new();
    for order in 0..PAYOUTS {
        let (shop, gate) = (shop.clone(), gate.clone());
        tasks.spawn(async move {
            let _slot = gate.acquire().await.unwrap();
            shop.pay_out(
                &format!("order-{order}"),
                "4242424242424242",
                100 + order as u64,
            )
            .await
        });
    }
    let mut sessions = HashSet::new();
    let started = tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(done) = tasks.join_next().await {
            let id = done.unwrap().expect("the shop gets every payout started");
            assert!(sessions.insert(id), "one session per order");
        }
    });
    started.await.expect("200 payouts start within 2 minutes");
    assert_eq!(sessions.len(), PAYOUTS);

    // Webhooks do the rest; after 30 s the shop reconciles what is still open.
    let settled = |shop: &Shop| {
        let books = shop.books();
        sessions
            .iter()
            .all(|id| books.get(id).is_some_and(|p| p.finished.is_some()))
    };
    for _ in 0..300 {
        if settled(&shop) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !settled(&shop) {
        for id in &sessions {
            shop.reconcile(id).await.unwrap();
        }
    }
    let books = shop.books();
    for id in &sessions {
        let payout = &books[id];
        assert!(payout.confirmed, "{id} confirmed: {payout:?}");
        assert_eq!(
            payout.finished.as_deref(),
            Some("succeeded"),
            "{id}: {payout:?}"
        );
    }

    // The ledger: exactly one payout per session, no operation twice.
    let ledger = env.ledger().await;
    let payouts: Vec<_> = ledger.iter().filter(|e| e["kind"] == "payout").collect();
    assert_eq!(payouts.len(), PAYOUTS, "one payout per order");
    let by_session: HashSet<&str> = payouts
        .iter()
        .map(|e| e["session_id"].as_str().unwrap())
        .collect();
    let by_operation: HashSet<&str> = payouts
        .iter()
        .map(|e| e["operation_id"].as_str().unwrap())
        .collect();
    assert_eq!(by_session.len(), PAYOUTS, "no session paid twice");
    assert_eq!(by_operation.len(), PAYOUTS, "no operation paid twice");
    assert_eq!(ledger.len(), PAYOUTS, "nothing else moved");

    // Chaos really happened: duplicated webhooks reached the shop and were dropped.
    let duplicates = env
        .deliveries()
        .await
        .iter()
        .filter(|d| !d["duplicate_of"].is_null())
        .count();
    assert!(duplicates > 0, "chaos duplicates webhooks");
    assert!(shop.repeats() > 0, "the shop saw repeated deliveries");
}
