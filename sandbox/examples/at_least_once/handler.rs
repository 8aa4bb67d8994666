//! A shop's webhook handler written for at-least-once delivery: Pike may send a webhook
//! late, twice, or after a later one, and a call's answer may be lost after Pike acted.
//!
//! The rules it follows:
//! - verify the raw bytes first; answer 200 to every verified webhook (Pike retries
//!   anything else for about 30 minutes);
//! - the same bytes twice are the same event: handle it once;
//! - act on what the session says now, not on the order webhooks arrive in: a
//!   `ready_to_confirm` for a payout already finished is old news;
//! - every money-moving call has a key derived from the business operation (here
//!   `confirm-<session id>`), so calling again after a lost answer, or from two
//!   deliveries at once, never moves money twice; `invalid_session_state` on confirm
//!   means it was confirmed already.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_lc_rs::digest::{SHA256, digest};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use pikepay::client::{CallOptions, Client};
use pikepay::{Endpoint, ErrorKind, Webhook};
use serde_json::{Value, json};

/// What the shop knows about one payout session.
#[derive(Clone, Debug, Default)]
pub struct Payout {
    /// True once `session/confirm` has gone through (answered, replayed, or found done).
    pub confirmed: bool,
    /// The item's final status (`succeeded`/`failed`) once known.
    pub finished: Option<String>,
}

/// The shop's side: its client, Pike's webhook key and its books.
#[derive(Clone)]
pub struct Shop {
    client: Client,
    webhook: Webhook,
    books: Arc<Mutex<HashMap<String, Payout>>>,
    seen: Arc<Mutex<HashSet<[u8; 32]>>>,
    repeats: Arc<Mutex<usize>>,
}

impl Shop {
    /// A shop calling Pike with `client` and verifying webhooks with `webhook`.
    pub fn new(client: Client, webhook: Webhook) -> Self {
        Shop {
            client,
            webhook,
            books: Arc::default(),
            seen: Arc::default(),
            repeats: Arc::default(),
        }
    }

    /// The books: session id -> payout.
    pub fn books(&self) -> HashMap<String, Payout> {
        self.books.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// How many deliveries repeated one already handled.
    pub fn repeats(&self) -> usize {
        *self.repeats.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a payout for order `order`; the key comes from the order, so calling
    /// again after an error can never pay twice. Returns the session id.
    pub async fn pay_out(&self, order: &str, card: &str, amount: u64) -> pikepay::Result<String> {
        let body = json!({
            "payout_details": {"type": "card", "card": {"type": "bank_card", "bank_card": {"number": card}}},
            "amount_details": {"amount": amount, "currency": "rub"},
        });
        let reply = self
            .again(
                Endpoint::SessionInitPayout,
                body,
                &format!("payout-{order}"),
            )
            .await?;
        let id = reply["session"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        self.books
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(id.clone())
            .or_default();
        Ok(id)
    }

    /// Calls `endpoint` with `key`, again with the same key while the outcome is
    /// unknown or the service is briefly unavailable (a few times, then gives up).
    async fn again(&self, endpoint: Endpoint, body: Value, key: &str) -> pikepay::Result<Value> {
        let opts = CallOptions {
            idempotency_key: Some(key.to_owned()),
            ..CallOptions::default()
        };
        let mut tries = 0;
        loop {
            match self.client.call(endpoint, body.clone(), &opts).await {
                Ok(reply) => return Ok(reply.body),
                Err(e) if tries < 5 && again_helps(&e) => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(50 * tries)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Confirms session `id` once, however many times it is asked to.
    async fn confirm(&self, id: &str) -> pikepay::Result<()> {
        let key = format!("confirm-{id}");
        match self
            .again(Endpoint::SessionConfirm, json!({"session_id": id}), &key)
            .await
        {
            Ok(_) => {}
            // Confirmed already (by another delivery of the same webhook), or over.
            Err(e) if e.pike_code() == Some("invalid_session_state") => {}
            Err(e) => return Err(e),
        }
        self.update(id, |p| p.confirmed = true);
        Ok(())
    }

    fn update(&self, id: &str, f: impl FnOnce(&mut Payout)) {
        f(self
            .books
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(id.to_owned())
            .or_default());
    }

    /// Reads the session and books what it says (for payouts whose webhooks are late).
    pub async fn reconcile(&self, id: &str) -> pikepay::Result<()> {
        let answer = self
            .client
            .call(
                Endpoint::SessionStatus,
                json!({"session_id": id}),
                &CallOptions::default(),
            )
            .await?
            .body;
        self.book(&answer["session"]);
        Ok(())
    }

    fn book(&self, session: &Value) {
        let Some(id) = session["id"].as_str() else {
            return;
        };
        let item = &session["payout_list"][0];
        if let Some(status @ ("succeeded" | "failed")) = item["status"].as_str() {
            self.update(id, |p| p.finished = Some(status.to_owned()));
        }
    }

    /// Handles one verified webhook body.
    async fn handle(&self, event: &Value) -> pikepay::Result<()> {
        let session = &event["session"];
        let id = session["id"].as_str().unwrap_or_default();
        self.book(session);
        let known = self
            .books
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
            .cloned()
            .unwrap_or_default();
        match event["type"].as_str() {
            Some("ready_to_confirm") if known.finished.is_none() && !known.confirmed => {
                self.confirm(id).await
            }
            _ => Ok(()),
        }
    }
}

/// True when calling again with the same key may succeed.
fn again_helps(e: &pikepay::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::OutcomeUnknown | ErrorKind::Network | ErrorKind::Server | ErrorKind::RateLimit
    ) || e.pike_code() == Some("idempotency_key_already_exists")
}

/// `POST /pike/webhook`: verify, drop repeats, handle; 200 for every verified webhook
/// that was handled, 500 (Pike sends it again) when handling failed.
pub async fn receive(State(shop): State<Shop>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers
        .get("X-PARTNER-SIGN")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if shop.webhook.construct_event(&body, signature).is_err() {
        return StatusCode::BAD_REQUEST;
    }
    let mut id = [0u8; 32];
    id.copy_from_slice(digest(&SHA256, &body).as_ref());
    if !shop
        .seen
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(id)
    {
        *shop.repeats.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        return StatusCode::OK;
    }
    // The verified bytes are the source of truth; read the fields from them.
    let event: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    match shop.handle(&event).await {
        Ok(()) => StatusCode::OK,
        Err(_) => {
            // Not handled: forget it, so Pike's next delivery is handled afresh.
            shop.seen
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&id);
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}
