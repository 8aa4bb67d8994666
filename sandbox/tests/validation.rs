//! The client and the sandbox run one validator: every case of validation.json, sent to
//! the sandbox signed, gets the answer the client's check gives (the same `path.rule`
//! when refused; never a field refusal when accepted).

mod common;

use common::*;
use pikepay::Endpoint;
use pikepay::models::validate_request;
use serde_json::Value;

#[tokio::test]
async fn the_sandbox_agrees_with_the_client_on_every_validation_vector() {
    let env = Env::new();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/validation.json"
    ))
    .unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    let cases = file["cases"].as_array().unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let endpoint: Endpoint = case["endpoint"].as_str().unwrap().parse().unwrap();
        let client = validate_request(endpoint, &case["body"]);
        let version = endpoint.effective_version(pikepay::ApiVersion::V2).number();
        let answer = env.call(version, endpoint.path(), &case["body"]).await;
        match client {
            Err(e) => {
                answer.err(400, "invalid_request");
                assert_eq!(
                    Some(answer.description()),
                    e.pike_description(),
                    "{name}: {}",
                    answer.body
                );
            }
            Ok(()) => assert!(
                !(answer.status == 400 && answer.code() == "invalid_request"),
                "{name}: the client accepts it, the sandbox refuses: {}",
                answer.body
            ),
        }
    }
}
