//! Payouts against a sandbox in chaos mode, handled by a webhook endpoint written for
//! at-least-once delivery (see `handler.rs`): every payout ends paid exactly once.
//!
//! Run: `cargo run -p pikepay-sandbox --example at_least_once [PAYOUTS] [SEED]`.

mod handler;

use std::collections::HashSet;
use std::time::Duration;

use pikepay::{Client, PrivateKey, Webhook};
use pikepay_sandbox::{ProjectConfig, Sandbox, SandboxConfig, keys};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let payouts: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(20);
    let seed: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(1);

    // The shop's webhook endpoint, on a free port.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/pike/webhook", listener.local_addr()?);

    // A sandbox in chaos mode that knows the shop's key and endpoint.
    let pair = keys::generate()?;
    let mut config = SandboxConfig::default()
        .project(ProjectConfig::new("shop", pair.public_pem).webhook_url(&url))
        .webhook_retry_ms(&[100, 200, 400, 800]);
    config.chaos_seed = Some(seed);
    let sandbox = Sandbox::start(config)?;
    println!(
        "sandbox in chaos mode (seed {seed}) on {}",
        sandbox.base_url()
    );

    let client = Client::builder()
        .project("shop")
        .private_key(PrivateKey::from_pem_or_der(&pair.private_pem)?)
        .base_url(sandbox.base_url())
        .build()?;
    let shop = handler::Shop::new(client, Webhook::from_pem_or_der(sandbox.public_key_pem())?);
    let app = axum::Router::new()
        .route("/pike/webhook", axum::routing::post(handler::receive))
        .with_state(shop.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let mut sessions = HashSet::new();
    for order in 0..payouts {
        sessions.insert(
            shop.pay_out(&format!("order-{order}"), "4242424242424242", 1000)
                .await?,
        );
    }
    println!("{payouts} payouts started; waiting for their webhooks");
    for _ in 0..300 {
        let books = shop.books();
        if sessions
            .iter()
            .all(|id| books.get(id).is_some_and(|p| p.finished.is_some()))
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for id in &sessions {
        shop.reconcile(id).await?;
    }
    let books = shop.books();
    let paid = sessions
        .iter()
        .filter(|id| books[*id].finished.as_deref() == Some("succeeded"))
        .count();
    println!(
        "{paid} of {payouts} paid, {} repeated deliveries ignored",
        shop.repeats()
    );
    sandbox.shutdown();
    Ok(())
}
