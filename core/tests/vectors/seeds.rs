//! seeds.json: every documented example parses into its model and serializes back
//! with no field lost or changed; documented requests pass client-side validation.

use pikepay::models::*;
use pikepay::webhook::parse_event;
use pikepay::{ApiVersion, Endpoint, wire};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{cases, text};

/// Parses `canonical` as `T` and serializes it back.
fn through<T: DeserializeOwned + Serialize>(canonical: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(canonical.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(typed).map_err(|e| e.to_string())
}

/// Through the request type `R` or its answer type.
fn through_endpoint<R: ApiRequest + DeserializeOwned>(
    kind: &str,
    canonical: &Value,
) -> Result<Value, String> {
    match kind {
        "request" => through::<R>(canonical),
        "response" => through::<R::Response>(canonical),
        other => Err(format!("unknown kind {other}")),
    }
}

fn roundtrip(endpoint: Endpoint, kind: &str, canonical: &Value) -> Result<Value, String> {
    use Endpoint as E;
    match endpoint {
        E::SessionCreate => through_endpoint::<SessionCreateRequest>(kind, canonical),
        E::SessionInitPayout => through_endpoint::<SessionInitPayoutRequest>(kind, canonical),
        E::SessionInitPayment => through_endpoint::<SessionInitPaymentRequest>(kind, canonical),
        E::SessionStartPayout => through_endpoint::<SessionStartPayoutRequest>(kind, canonical),
        E::SessionStartPayment => through_endpoint::<SessionStartPaymentRequest>(kind, canonical),
        E::SessionConfirm => through_endpoint::<SessionConfirmRequest>(kind, canonical),
        E::SessionCancel => through_endpoint::<SessionCancelRequest>(kind, canonical),
        E::SessionCapture => through_endpoint::<SessionCaptureRequest>(kind, canonical),
        E::SessionRefund => through_endpoint::<SessionRefundRequest>(kind, canonical),
        E::SessionStatus => through_endpoint::<SessionStatusRequest>(kind, canonical),
        E::RecurrentDisable => through_endpoint::<RecurrentDisableRequest>(kind, canonical),
        E::Token => through_endpoint::<TokenRequest>(kind, canonical),
        E::TokenInfo => through_endpoint::<TokenInfoRequest>(kind, canonical),
        E::TokenizeElements => through_endpoint::<TokenizeElementsRequest>(kind, canonical),
        E::FpsBanks => through_endpoint::<FpsBanksRequest>(kind, canonical),
        E::FpsCustomerVerification => {
            through_endpoint::<FpsCustomerVerificationRequest>(kind, canonical)
        }
        E::WalletBalance => through_endpoint::<WalletBalanceRequest>(kind, canonical),
        E::SberpayPush => through_endpoint::<SberpayPushRequest>(kind, canonical),
    }
}

#[test]
fn every_seed_example_round_trips_through_its_model() {
    let cases = cases("seeds.json");
    let mut endpoints_seen = std::collections::HashSet::new();
    for case in &cases {
        let id = text(case, "id");
        let kind = text(case, "kind");
        let mut canonical = case["body"].clone();
        wire::to_canonical(&mut canonical);
        let back = if kind == "webhook" {
            let raw = serde_json::to_vec(&case["body"]).expect("bytes");
            let event = parse_event(&raw).unwrap_or_else(|e| panic!("{id}: {e}"));
            let kind = event.kind().expect("type");
            assert_eq!(kind.as_str(), text(case, "webhook_type"), "{id}");
            assert!(!kind.is_unknown(), "{id}");
            // Every documented webhook fits the typed view with no field left raw.
            assert_eq!(event.drift(), [], "{id}");
            let session = event.session.clone().expect("session");
            serde_json::json!({"type": event.raw()["type"], "session": session.to_json()})
        } else {
            let endpoint: Endpoint = text(case, "endpoint").parse().expect("endpoint");
            endpoints_seen.insert(endpoint);
            if case["passes_validation"] == true {
                validate_request(endpoint, &canonical).unwrap_or_else(|e| panic!("{id}: {e:?}"));
            }
            roundtrip(endpoint, kind, &canonical).unwrap_or_else(|e| panic!("{id}: {e}"))
        };
        assert_eq!(back, canonical, "{id}: {}", text(case, "description"));
        // And back in the version it was documented under, it is the documented body.
        if let Some(n) = case["api_version"].as_u64() {
            let mut documented = back;
            wire::to_version(
                &mut documented,
                ApiVersion::from_number(n).expect("version"),
            );
            assert_eq!(documented, case["body"], "{id}: back to v{n}");
        }
    }
    assert_eq!(
        endpoints_seen.len(),
        Endpoint::ALL.len(),
        "an endpoint has no example"
    );
}

#[test]
fn v1_and_v2_examples_of_one_method_read_the_same() {
    // The v1 and v2 success answers of a method differ only in names: once canonical,
    // their typed models are equal.
    let cases = cases("seeds.json");
    for endpoint in [
        "session/cancel",
        "session/confirm",
        "session/status",
        "session/init/payout",
    ] {
        let answers: Vec<SessionResponse> = cases
            .iter()
            .filter(|c| {
                c["endpoint"] == endpoint && c["kind"] == "response" && c["outcome"] == "ok"
            })
            .map(|c| {
                let mut v = c["body"].clone();
                wire::to_canonical(&mut v);
                serde_json::from_value(v).expect("session answer")
            })
            .collect();
        assert_eq!(answers.len(), 2, "{endpoint}");
        assert_eq!(answers[0], answers[1], "{endpoint}");
        let payouts = answers[0]
            .session
            .as_ref()
            .and_then(Field::known)
            .and_then(|s| s.payout_list.value());
        assert_eq!(payouts.map(Vec::len), Some(1), "{endpoint}");
    }
}
