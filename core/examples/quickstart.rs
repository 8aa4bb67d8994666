//! Builds and signs a payout request as the SDK sends it, shows a refusal before
//! sending, and verifies Pike's documented `ready_to_confirm` webhook.
//!
//! Run: `cargo run -p pikepay --example quickstart`

use pikepay::models::{
    AmountDetails, ApiRequest, Participant, ParticipantDetails, PayoutDetails,
    SessionInitPayoutRequest, validate_request,
};
use pikepay::{PrivateKey, Webhook};

const KEYS: &str = include_str!("../../tests/vectors/keys.json");
const WEBHOOKS: &str = include_str!("../../tests/vectors/webhooks.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let keys: serde_json::Value = serde_json::from_str(KEYS)?;
    let pair = &keys["keys"][0];
    let merchant = PrivateKey::from_pem_or_der(pair["private_pkcs8_pem"].as_str().unwrap_or(""))?;

    // The documented session/init/payout request, typed.
    let mut payout = SessionInitPayoutRequest::new(
        PayoutDetails::bank_card("4242424242424242"),
        AmountDetails::new(1000, "rub"),
    );
    payout.participant_details = Some(ParticipantDetails {
        recipient: Some(Participant {
            full_name: Some("Ivanov Ivan".into()),
            ..Participant::default()
        }),
        ..ParticipantDetails::default()
    });
    let body = serde_json::to_value(&payout)?;
    validate_request(SessionInitPayoutRequest::ENDPOINT, &body)?;
    let bytes = serde_json::to_vec(&body)?;
    let signature = merchant.sign(&bytes)?;
    let card = payout
        .payout_details
        .card
        .as_ref()
        .and_then(|c| c.bank_card.as_ref());
    println!("Debug shows no card number: {card:?}");
    println!(
        "X-PARTNER-SIGN for {}: {}…",
        SessionInitPayoutRequest::ENDPOINT,
        &signature[..24]
    );

    // A zero amount is refused before anything is sent, naming the field.
    payout.amount_details.amount = 0;
    let refused = validate_request(
        SessionInitPayoutRequest::ENDPOINT,
        &serde_json::to_value(&payout)?,
    )
    .err()
    .ok_or("a zero amount was accepted")?;
    println!(
        "refused before sending: {} ({})",
        refused,
        refused.pike_description().unwrap_or("")
    );

    // Pike's documented ready_to_confirm webhook, signed with the test key standing in
    // for Pike's key (tests/vectors/webhooks.json).
    let vectors: serde_json::Value = serde_json::from_str(WEBHOOKS)?;
    let case = vectors["cases"]
        .as_array()
        .and_then(|cases| {
            cases
                .iter()
                .find(|c| c["name"] == "ready_to_confirm_v1_as_documented")
        })
        .ok_or("webhook vector missing")?;
    let raw = case["body"].as_str().unwrap_or("").as_bytes();
    let header = case["signature"].as_str().unwrap_or("");
    let verifier = Webhook::from_pem_or_der(pair["public_spki_pem"].as_str().unwrap_or(""))?;
    let event = verifier.construct_event(raw, header)?;
    let payouts = event.session.payout_list.as_deref().unwrap_or_default();
    println!(
        "verified webhook: type={} session={} next_action={} payouts={:?}",
        event.event_type,
        event.session.id,
        event
            .session
            .next_action
            .as_ref()
            .map_or("none", |a| a.as_str()),
        payouts
            .iter()
            .map(|p| format!("{} {}", p.id, p.status))
            .collect::<Vec<_>>()
    );
    let mut tampered = raw.to_vec();
    tampered[40] ^= 1;
    match verifier.construct_event(&tampered, header) {
        Err(e) => println!("tampered webhook rejected: {} ({})", e, e.code()),
        Ok(_) => return Err("tampered webhook was accepted".into()),
    }
    Ok(())
}
