//! The commands that work with a local sandbox: `listen` forwards its webhook deliveries
//! to your endpoint, `trigger` runs the flow that makes it send a webhook type.

use std::collections::HashSet;
use std::time::Duration;

use pikepay::Endpoint;
use pikepay::client::{CallOptions, Client, WaitUntil};
use serde_json::{Value, json};

use crate::commands::client;
use crate::{ClientArgs, SandboxArgs};

/// How often `listen` asks the sandbox for new deliveries.
const POLL: Duration = Duration::from_millis(200);
/// Longest wait for a session to reach the step a trigger needs.
const STEP: Duration = Duration::from_secs(30);
/// The webhook types `trigger` can make the sandbox send.
pub const EVENTS: [&str; 5] = [
    "ready_to_confirm",
    "payment_finished",
    "action_required",
    "ready_to_capture",
    "payment_refunded",
];
/// A sandbox test card that pays.
const CARD: &str = "4242424242424242";
/// A sandbox test card that asks for 3-D Secure.
const THREE_DS_CARD: &str = "4000000000003220";
/// A sandbox test card whose payment is held until captured.
const HOLD_CARD: &str = "4000000000000077";

/// The project's deliveries, oldest first.
async fn deliveries(http: &reqwest::Client, args: &SandboxArgs) -> Result<Vec<Value>, String> {
    let url = format!(
        "{}/_sandbox/deliveries?project={}",
        args.sandbox.trim_end_matches('/'),
        args.project
    );
    let answer = http
        .get(&url)
        .send()
        .await
        .map_err(|e| format!("cannot reach the sandbox at {}: {e}", args.sandbox))?;
    let body: Value = answer
        .json()
        .await
        .map_err(|e| format!("the sandbox answered something other than JSON: {e}"))?;
    Ok(body["deliveries"].as_array().cloned().unwrap_or_default())
}

/// `listen`: forwards every delivery made from now on to `target`.
pub async fn listen(args: &SandboxArgs, target: &str, count: Option<usize>) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let mut seen: HashSet<String> = deliveries(&http, args)
        .await?
        .iter()
        .filter_map(|d| d["id"].as_str().map(str::to_owned))
        .collect();
    eprintln!(
        "listening for {}'s webhooks on {}, forwarding to {target} (Ctrl-C stops)",
        args.project, args.sandbox
    );
    let mut forwarded = 0usize;
    loop {
        if count.is_some_and(|n| forwarded >= n) {
            return Ok(());
        }
        tokio::select! {
            _ = tokio::signal::ctrl_c() => return Ok(()),
            _ = tokio::time::sleep(POLL) => {}
        }
        for delivery in deliveries(&http, args).await? {
            let Some(id) = delivery["id"].as_str() else {
                continue;
            };
            if !seen.insert(id.to_owned()) || count.is_some_and(|n| forwarded >= n) {
                continue;
            }
            let body = delivery["body"].as_str().unwrap_or_default().to_owned();
            let signature = delivery["signature"].as_str().unwrap_or_default();
            let kind = delivery["type"].as_str().unwrap_or("?");
            let session = delivery["session_id"].as_str().unwrap_or("?");
            let outcome = http
                .post(target)
                .header("Content-Type", "application/json")
                .header(pikepay::client::HEADER_SIGN, signature)
                .body(body)
                .send()
                .await;
            match outcome {
                Ok(answer) => println!("{kind} {session} -> {}", answer.status().as_u16()),
                Err(e) => println!("{kind} {session} -> not delivered: {e}"),
            }
            forwarded += 1;
        }
    }
}

/// `trigger`: runs the flow that makes the sandbox send `event`.
pub async fn trigger(event: &str, args: &ClientArgs) -> Result<(), String> {
    let client = client(args)?;
    let session = match event {
        "ready_to_confirm" => payout(&client).await?,
        "payment_finished" => {
            let id = payout(&client).await?;
            step(&client, "confirming", Endpoint::SessionConfirm, &id).await?;
            id
        }
        // Confirmed, a 3-D Secure card waits for the customer; a hold card for capture.
        "action_required" | "ready_to_capture" => {
            let card = if event == "action_required" {
                THREE_DS_CARD
            } else {
                HOLD_CARD
            };
            let id = payment(&client, card).await?;
            step(&client, "confirming", Endpoint::SessionConfirm, &id).await?;
            id
        }
        "payment_refunded" => {
            let id = payment(&client, CARD).await?;
            let reached = wait(&client, &id, WaitUntil::NextAction).await?;
            if reached["session"]["next_action"] == "confirm" {
                step(&client, "confirming", Endpoint::SessionConfirm, &id).await?;
            }
            wait(&client, &id, WaitUntil::Final).await?;
            step(&client, "refunding", Endpoint::SessionRefund, &id).await?;
            id
        }
        other => {
            return Err(format!(
                "cannot trigger '{other}': use {}",
                EVENTS.join(", ")
            ));
        }
    };
    println!("triggered {event} for session {session}");
    Ok(())
}

async fn call(client: &Client, endpoint: Endpoint, body: Value) -> Result<Value, String> {
    client
        .call(endpoint, body, &CallOptions::default())
        .await
        .map(|r| r.body)
        .map_err(|e| e.to_string())
}

fn session_id(body: &Value) -> Result<String, String> {
    body["session"]["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "the answer has no session id".to_owned())
}

/// A card payout of 100.00 rub; the sandbox answers with `ready_to_confirm`.
async fn payout(client: &Client) -> Result<String, String> {
    eprintln!("starting a card payout…");
    let body = json!({
        "payout_details": {"type": "card", "card": {"type": "bank_card",
            "bank_card": {"number": CARD}}},
        "amount_details": {"amount": 10_000, "currency": "rub"},
    });
    session_id(&call(client, Endpoint::SessionInitPayout, body).await?)
}

/// A card payment of 100.00 rub with `card`.
async fn payment(client: &Client, card: &str) -> Result<String, String> {
    eprintln!("starting a card payment…");
    let body = json!({
        "payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": {
            "number": card, "expiration_month": "05", "expiration_year": "30",
            "security_code": "123"}}},
        "amount_details": {"amount": 10_000, "currency": "rub"},
        "customer": {"reference": "pikepay-cli"},
        "payment_options": {"return_url": "https://example.com/back"},
    });
    session_id(&call(client, Endpoint::SessionInitPayment, body).await?)
}

async fn step(client: &Client, what: &str, endpoint: Endpoint, id: &str) -> Result<(), String> {
    eprintln!("{what} session {id}…");
    call(client, endpoint, json!({"session_id": id})).await?;
    Ok(())
}

async fn wait(client: &Client, id: &str, until: WaitUntil) -> Result<Value, String> {
    eprintln!("waiting for session {id}…");
    client
        .wait(id, until, STEP)
        .await
        .map(|r| r.body)
        .map_err(|e| e.to_string())
}
