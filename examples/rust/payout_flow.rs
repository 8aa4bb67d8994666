//! The main job, end to end against a local sandbox: a card payout driven by verified
//! webhooks, then a card payment with a partial refund.
//!
//! Run: `cargo run -p pikepay-examples --bin payout_flow` (or `bash scripts/demo`).
//!
//! It starts the sandbox in-process on a free port, registers project `shop` with a
//! freshly generated key, and receives the sandbox's webhooks on a tiny HTTP receiver
//! on 127.0.0.1 that verifies each signature with [`pikepay::Webhook`].

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use pikepay::client::{CallOptions, Client, HEADER_SIGN};
use pikepay::models::{
    AmountDetails, Customer, Field, FieldItems, FieldValue, PaymentDetails, PayoutDetails, Session,
    SessionConfirmRequest, SessionInitPaymentRequest, SessionInitPayoutRequest,
    SessionRefundRequest, SessionResponse,
};
use pikepay::{Event, EventType, PrivateKey, Webhook};
use pikepay_sandbox::{Sandbox, SandboxConfig, keys};
use tokio::sync::mpsc;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// What the webhook receiver shares: the verifier and where verified events go.
#[derive(Clone)]
struct Receiver {
    webhook: Webhook,
    events: mpsc::UnboundedSender<Event>,
}

/// `POST /pike/webhook`: verify the raw bytes first, then hand the event over.
async fn receive(State(rx): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get(HEADER_SIGN).and_then(|v| v.to_str().ok());
    match rx.webhook.construct_event_from_header(&body, signature) {
        Ok(event) => {
            let _ = rx.events.send(event);
            StatusCode::OK
        }
        Err(e) => {
            println!("  webhook rejected: {e}");
            StatusCode::BAD_REQUEST
        }
    }
}

/// Waits for the next verified webhook of `wanted` type for `session_id`.
async fn next_event(
    events: &mut mpsc::UnboundedReceiver<Event>,
    wanted: EventType,
    session_id: &str,
) -> Result<Event> {
    let wait = async {
        while let Some(event) = events.recv().await {
            if event.kind() == Some(&wanted) && event.session_id() == Some(session_id) {
                return Some(event);
            }
        }
        None
    };
    match tokio::time::timeout(Duration::from_secs(10), wait).await {
        Ok(Some(event)) => {
            println!(
                "  <- webhook {wanted} (signature verified) session {session_id} is {}",
                event.session().map_or("-".into(), |s| show(&s.status))
            );
            Ok(event)
        }
        _ => Err(format!("no {wanted} webhook for {session_id} within 10 s").into()),
    }
}

fn session(reply: SessionResponse) -> Result<Session> {
    reply
        .session
        .and_then(Field::into_known)
        .ok_or_else(|| "answer without a session".into())
}

/// A typed field for printing: its value, or `-` when absent or of another type.
fn show<T: std::fmt::Display>(field: &Option<Field<T>>) -> String {
    field.value().map_or_else(|| "-".into(), T::to_string)
}

/// The session's id (empty when absent).
fn id(session: &Session) -> &str {
    session.id.value().map_or("", String::as_str)
}

fn item_status(session: &Session) -> String {
    let payout = session.payout_list.items().first().map(|i| show(&i.status));
    let payment = session
        .payment_list
        .items()
        .first()
        .map(|i| show(&i.status));
    payout.or(payment).unwrap_or_else(|| "-".into())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    // 1. A sandbox on a free port, and a tiny webhook receiver next to it.
    let sandbox = Sandbox::start(SandboxConfig::default().webhook_retry_ms(&[50, 100, 200]))?;
    println!("sandbox listening on {}", sandbox.base_url());
    let http = reqwest::Client::new();
    let pike_key = http
        .get(format!("{}/_sandbox/public_key", sandbox.base_url()))
        .send()
        .await?
        .text()
        .await?;
    let (events_tx, mut events) = mpsc::unbounded_channel();
    let receiver = Receiver {
        webhook: Webhook::from_pem_or_der(&pike_key)?,
        events: events_tx,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let webhook_url = format!("http://{}/pike/webhook", listener.local_addr()?);
    let app = Router::new()
        .route("/pike/webhook", post(receive))
        .with_state(receiver);
    tokio::spawn(async move { axum::serve(listener, app).await });
    println!("webhook receiver on {webhook_url}");

    // 2. Project `shop` with a fresh merchant key.
    let pair = keys::generate()?;
    let answer = http
        .post(format!("{}/_sandbox/projects", sandbox.base_url()))
        .json(&serde_json::json!({
            "name": "shop",
            "public_key_pem": pair.public_pem,
            "webhook_url": webhook_url,
        }))
        .send()
        .await?;
    if !answer.status().is_success() {
        return Err(format!("project registration failed: {}", answer.text().await?).into());
    }
    println!("registered project shop with a fresh 2048-bit key");

    let client = Client::builder()
        .project("shop")
        .private_key(PrivateKey::from_pem_or_der(&pair.private_pem)?)
        .base_url(sandbox.base_url())
        .build()?;
    let sessions = client.sessions();

    // 3. Payout: init -> ready_to_confirm -> confirm -> payment_finished.
    println!("\npayout of 150.00 rub to card 4242 **** 4242");
    let order = CallOptions {
        idempotency_key: Some("payout-order-1001".into()),
        ..CallOptions::default()
    };
    let request = SessionInitPayoutRequest::new(
        PayoutDetails::bank_card("4242424242424242"),
        AmountDetails::new(15_000, "rub"),
    );
    let payout = session(sessions.init_payout(&request, &order).await?)?;
    println!(
        "  -> session/init/payout: session {} {} (item {}), idempotency key {}",
        id(&payout),
        show(&payout.status),
        item_status(&payout),
        order.idempotency_key.as_deref().unwrap_or("-")
    );
    next_event(&mut events, EventType::ReadyToConfirm, id(&payout)).await?;
    let confirmed = session(
        sessions
            .confirm(
                &SessionConfirmRequest::new(id(&payout)),
                &CallOptions::default(),
            )
            .await?,
    )?;
    println!("  -> session/confirm: item {}", item_status(&confirmed));
    let done = next_event(&mut events, EventType::PaymentFinished, id(&payout)).await?;
    println!(
        "  payout finished: item {}",
        done.session().map_or("-".into(), item_status)
    );

    // 4. Card payment of 100.00 rub, confirmed, then 40.00 refunded.
    println!("\ncard payment of 100.00 rub with card 5555 **** 4444");
    let request = SessionInitPaymentRequest::new(
        PaymentDetails::bank_card("5555555555554444", "12", "30", "123"),
        AmountDetails::new(10_000, "rub"),
        Customer::new("customer-42"),
    );
    let payment = session(
        sessions
            .init_payment(&request, &CallOptions::default())
            .await?,
    )?;
    println!(
        "  -> session/init/payment: session {} {}",
        id(&payment),
        show(&payment.status)
    );
    next_event(&mut events, EventType::ReadyToConfirm, id(&payment)).await?;
    sessions
        .confirm(
            &SessionConfirmRequest::new(id(&payment)),
            &CallOptions::default(),
        )
        .await?;
    println!("  -> session/confirm");
    let paid = next_event(&mut events, EventType::PaymentFinished, id(&payment)).await?;
    println!(
        "  payment finished: item {}",
        paid.session().map_or("-".into(), item_status)
    );
    let refund = SessionRefundRequest {
        session_id: id(&payment).to_owned(),
        amount_details: Some(AmountDetails::new(4_000, "rub")),
        metadata: None,
        extra: Default::default(),
    };
    sessions.refund(&refund, &CallOptions::default()).await?;
    println!("  -> session/refund of 40.00 rub");
    let refunded = next_event(&mut events, EventType::PaymentRefunded, id(&payment)).await?;
    let refunds = refunded
        .session()
        .and_then(|s| {
            s.payment_list
                .items()
                .first()
                .map(|i| i.refunds.items().len())
        })
        .unwrap_or(0);
    println!("  refund recorded: {refunds} refund(s) on the payment");

    // 5. What actually moved, by the sandbox's ledger.
    let ledger: serde_json::Value = http
        .get(format!(
            "{}/_sandbox/ledger?project=shop",
            sandbox.base_url()
        ))
        .send()
        .await?
        .json()
        .await?;
    println!("\nledger:");
    for e in ledger["entries"].as_array().into_iter().flatten() {
        let minor = e["amount"].as_i64().unwrap_or(0);
        println!(
            "  {:<8} {:>4}.{:02} {} ({}, session {})",
            e["kind"].as_str().unwrap_or("?"),
            minor / 100,
            minor % 100,
            e["currency"].as_str().unwrap_or("?"),
            e["status"].as_str().unwrap_or("?"),
            e["session_id"].as_str().unwrap_or("?")
        );
    }
    sandbox.shutdown();
    Ok(())
}
