//! Signs a request body as the SDK sends it and verifies a signed webhook.
//!
//! Run: `cargo run -p pikepay --example quickstart`

use pikepay::{PrivateKey, Webhook};

const KEY_PEM: &str = include_str!("../../tests/vectors/keys.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let keys: serde_json::Value = serde_json::from_str(KEY_PEM)?;
    let pair = &keys["keys"][0];
    let merchant = PrivateKey::from_pem_or_der(pair["private_pkcs8_pem"].as_str().unwrap_or(""))?;

    let body = br#"{"payout_details":{"type":"card","card":{"type":"bank_card","bank_card":{"number":"4242424242424242"}}},"amount_details":{"amount":1000,"currency":"rub"}}"#;
    let signature = merchant.sign(body)?;
    println!(
        "X-PARTNER-SIGN for session/init/payout: {}…",
        &signature[..24]
    );

    // The same key pair stands in for Pike's webhook key here.
    let webhook_body = br#"{"type":"payment_finished","session":{"id":"ps_3230","status":"accepted","payments":[{"id":"po_1","status":"succeeded"}]}}"#;
    let webhook_sig = merchant.sign(webhook_body)?;
    let verifier = Webhook::from_pem_or_der(pair["public_spki_pem"].as_str().unwrap_or(""))?;
    let event = verifier.construct_event(webhook_body, &webhook_sig)?;
    println!(
        "verified webhook: type={} session={}",
        event.event_type, event.session.id
    );
    let mut tampered = webhook_body.to_vec();
    tampered[40] ^= 1;
    match verifier.construct_event(&tampered, &webhook_sig) {
        Err(e) => println!("tampered webhook rejected: {} ({})", e, e.code()),
        Ok(_) => return Err("tampered webhook was accepted".into()),
    }
    Ok(())
}
