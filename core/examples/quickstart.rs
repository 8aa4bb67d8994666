//! Builds and signs a payout request as the SDK sends it, shows a refusal before
//! sending, and verifies Pike's documented `ready_to_confirm` webhook.
//!
//! Run: `cargo run -p pikepay --example quickstart`

use pikepay::models::{
    AmountDetails, ApiRequest, Field, FieldItems, FieldValue, Participant, ParticipantDetails,
    PayoutDetails, SessionInitPayoutRequest, validate_request,
};
use pikepay::{EventType, PrivateKey, Webhook};

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
        recipient: Some(Field::Known(Participant {
            full_name: Some("Ivanov Ivan".into()),
            ..Participant::default()
        })),
        ..ParticipantDetails::default()
    });
    let body = serde_json::to_value(&payout)?;
    validate_request(SessionInitPayoutRequest::ENDPOINT, &body)?;
    let bytes = serde_json::to_vec(&body)?;
    let signature = merchant.sign(&bytes)?;
    let card = payout
        .payout_details
        .card
        .value()
        .and_then(|c| c.bank_card.value());
    println!("Debug shows no card number: {card:?}");
    println!(
        "X-PARTNER-SIGN for {}: {}…",
        SessionInitPayoutRequest::ENDPOINT,
        &signature[..24]
    );

    // A zero amount is refused before anything is sent, naming the field.
    payout.amount_details.amount = Some(0.into());
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
    // Typed fields are a view over the received JSON: `value()` is `None` when a field
    // is absent or arrived with another type (its raw value stays in `event.raw()`).
    let session = event.session().ok_or("webhook without a session")?;
    let payouts = session.payout_list.items();
    println!(
        "verified webhook: type={} session={} next_action={} payouts={:?}",
        event.kind().map_or("?", EventType::as_str),
        event.session_id().unwrap_or("?"),
        session.next_action.value().map_or("none", |a| a.as_str()),
        payouts
            .iter()
            .map(|p| format!(
                "{} {}",
                p.id.value().map_or("?", String::as_str),
                p.status.value().map_or("?", |s| s.as_str())
            ))
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
