//! One observable event per attempt: observers see each request before it leaves and
//! each outcome (status, duration, key, retry decision and reason), and the same
//! outcome is one `tracing` event. Alone in its own binary: it installs a scoped
//! `tracing` subscriber.

use std::sync::{Arc, Mutex};

use pikepay::client::{AttemptRequest, AttemptResponse, Decision, Observer};
use pikepay::{ApiVersion, Endpoint};
use pikepay_client_tests::{Captured, Env, card_payout, opts};
use serde_json::json;

#[derive(Default)]
struct Recorder {
    requests: Mutex<Vec<AttemptRequest>>,
    responses: Mutex<Vec<AttemptResponse>>,
}

impl Observer for Recorder {
    fn on_request(&self, request: &AttemptRequest) {
        self.requests.lock().unwrap().push(request.clone());
    }
    fn on_response(&self, response: &AttemptResponse) {
        self.responses.lock().unwrap().push(response.clone());
    }
}

const INIT: &str = "session/init/payout";

#[tokio::test]
async fn two_503s_make_three_attempts_each_seen_once_with_its_decision() {
    let env = Env::start();
    let recorder = Arc::new(Recorder::default());
    let client = env
        .builder(ApiVersion::V2)
        .observer(recorder.clone())
        .build()
        .unwrap();
    env.fault(INIT, 2, "status", json!({"status": 503})).await;

    let out = Captured::default();
    let subscriber = out.subscriber();
    let reply = {
        let _guard = tracing::subscriber::set_default(subscriber);
        client
            .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
            .await
            .unwrap()
    };
    let key = reply.idempotency_key.clone().unwrap();

    let requests = recorder.requests.lock().unwrap().clone();
    let responses = recorder.responses.lock().unwrap().clone();
    assert_eq!(requests.len(), 3, "{requests:?}");
    assert_eq!(responses.len(), 3, "{responses:?}");
    for (i, (req, resp)) in requests.iter().zip(&responses).enumerate() {
        let n = u32::try_from(i).unwrap() + 1;
        assert_eq!(req.attempt, n);
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/api/v2/session/init/payout");
        assert_eq!(req.idempotency_key.as_deref(), Some(key.as_str()));
        assert_eq!(resp.attempt, n);
        assert_eq!(resp.idempotency_key.as_deref(), Some(key.as_str()));
    }
    assert_eq!(responses[0].http_status, Some(503));
    assert_eq!(responses[0].decision, Decision::Retry);
    assert_eq!(responses[0].error.as_deref(), Some("server_error"));
    assert!(responses[0].retry_in_ms.is_some());
    assert_eq!(responses[1].decision, Decision::Retry);
    assert_eq!(responses[2].http_status, Some(200));
    assert_eq!(responses[2].decision, Decision::Done);
    assert_eq!(responses[2].error, None);

    let logged = out.text();
    let attempt_lines: Vec<&str> = logged.lines().filter(|l| l.contains("decision=")).collect();
    assert_eq!(attempt_lines.len(), 3, "{logged}");
    assert!(attempt_lines[0].contains("http_status=503"), "{logged}");
    assert!(attempt_lines[0].contains("decision=\"retry\""), "{logged}");
    assert!(attempt_lines[0].contains("attempt=1"), "{logged}");
    assert!(attempt_lines[0].contains(&key), "{logged}");
    assert!(attempt_lines[0].contains("duration_ms="), "{logged}");
    assert!(attempt_lines[2].contains("decision=\"done\""), "{logged}");
    assert!(!logged.contains("4242424242424242"), "{logged}");
}

#[tokio::test]
async fn a_final_error_is_given_up_with_its_reason() {
    let env = Env::start();
    let recorder = Arc::new(Recorder::default());
    let client = env
        .builder(ApiVersion::V2)
        .observer(recorder.clone())
        .max_retries(0)
        .build()
        .unwrap();
    env.fault(INIT, 1, "status", json!({"status": 503})).await;
    let err = client
        .call(Endpoint::SessionInitPayout, card_payout(100), &opts())
        .await
        .unwrap_err();
    let responses = recorder.responses.lock().unwrap().clone();
    assert_eq!(responses.len(), 1);
    assert_eq!(responses[0].decision, Decision::GiveUp);
    assert_eq!(responses[0].reason, "no retries left");
    assert_eq!(
        responses[0].idempotency_key.as_deref(),
        err.idempotency_key()
    );
}
