//! The Rust client against the sandbox: an in-process sandbox with one project, a client
//! for it and the sandbox's control API (faults, ledger, deliveries), shared by the
//! tests under `tests/`. The product crate `pikepay` never depends on its test double;
//! this crate does.

use std::time::Duration;

use pikepay::client::{CallOptions, Client, ClientBuilder};
use pikepay::{ApiVersion, PrivateKey};
use pikepay_sandbox::{ProjectConfig, RunningSandbox, Sandbox, SandboxConfig};
use serde_json::{Value, json};

/// The merchant key pairs of tests/vectors/keys.json.
pub fn key_pair(index: usize) -> (PrivateKey, String) {
    let keys: Value = serde_json::from_str(include_str!("../../vectors/keys.json")).unwrap();
    let pair = &keys["keys"][index];
    let private = PrivateKey::from_pem_or_der(pair["private_pkcs8_pem"].as_str().unwrap()).unwrap();
    (
        private,
        pair["public_spki_pem"].as_str().unwrap().to_owned(),
    )
}

/// A running sandbox with project `shop` (and its key) plus a control-API client.
pub struct Env {
    pub sandbox: RunningSandbox,
    pub project: String,
    pub key: PrivateKey,
    control: reqwest::Client,
}

impl Env {
    /// A sandbox whose project `shop` is configured by `configure`.
    pub fn start_with(configure: impl FnOnce(ProjectConfig) -> ProjectConfig) -> Env {
        let (key, public) = key_pair(0);
        let sandbox = Sandbox::start(
            SandboxConfig::default()
                .project(configure(ProjectConfig::new("shop", public)))
                .webhook_retry_ms(&[20, 50]),
        )
        .unwrap();
        Env {
            sandbox,
            project: "shop".into(),
            key,
            // Plain http to loopback: no system roots needed (see client_no_ca.rs).
            control: reqwest::Client::builder()
                .no_proxy()
                .tls_certs_only(Vec::new())
                .build()
                .unwrap(),
        }
    }

    /// A sandbox with project `shop` at its defaults.
    pub fn start() -> Env {
        Env::start_with(|p| p)
    }

    /// A client builder for `shop` with quick retries for tests.
    pub fn builder(&self, version: ApiVersion) -> ClientBuilder {
        Client::builder()
            .project(&self.project)
            .private_key(self.key.clone())
            .base_url(self.sandbox.base_url())
            .api_version(version)
            .retry_backoff(Duration::from_millis(5), Duration::from_millis(50))
            .request_timeout(Duration::from_secs(10))
            .deadline(Duration::from_secs(20))
    }

    /// A built client for `shop`.
    pub fn client(&self, version: ApiVersion) -> Client {
        self.builder(version).build().unwrap()
    }

    /// POSTs to the control API and returns its JSON answer.
    pub async fn control_post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/_sandbox/{path}", self.sandbox.base_url());
        let r = self.control.post(url).json(&body).send().await.unwrap();
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert!(status.is_success(), "control {path}: {status} {v}");
        v
    }

    /// GETs from the control API.
    pub async fn control_get(&self, path_and_query: &str) -> Value {
        let url = format!("{}/_sandbox/{path_and_query}", self.sandbox.base_url());
        self.control
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Arms a fault: the next `count` requests to `path` get `mode`.
    pub async fn fault(&self, path: &str, count: u32, mode: &str, extra: Value) {
        let mut body = json!({"path": path, "count": count, "mode": mode});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        self.control_post("faults", body).await;
    }

    /// The project's ledger entries.
    pub async fn ledger(&self) -> Vec<Value> {
        let v = self
            .control_get(&format!("ledger?project={}", self.project))
            .await;
        v["entries"].as_array().cloned().unwrap_or_default()
    }

    /// The project's webhook deliveries.
    pub async fn deliveries(&self) -> Vec<Value> {
        let v = self
            .control_get(&format!("deliveries?project={}", self.project))
            .await;
        v["deliveries"].as_array().cloned().unwrap_or_default()
    }
}

impl Env {
    /// The requests the sandbox received from the project, oldest first.
    pub async fn requests(&self) -> Vec<Value> {
        let v = self
            .control_get(&format!("requests?project={}", self.project))
            .await;
        v["requests"].as_array().cloned().unwrap_or_default()
    }
}

/// A card payout body (canonical names).
pub fn card_payout(amount: u64) -> Value {
    json!({"payout_details": {"type": "card", "card": {"type": "bank_card",
            "bank_card": {"number": "4242424242424242"}}},
           "amount_details": {"amount": amount, "currency": "rub"},
           "participant_details": {"recipient": {"full_name": "Ivanov Ivan"}}})
}

/// A card payment body (canonical names).
pub fn card_payment(number: &str, amount: u64) -> Value {
    json!({"payment_details": {"type": "card", "card": {"type": "bank_card",
            "bank_card": {"number": number, "expiration_month": "05",
                          "expiration_year": "30", "security_code": "123"}}},
           "amount_details": {"amount": amount, "currency": "rub"},
           "customer": {"reference": "lucky"},
           "payment_options": {"return_url": "https://shop.example/back"}})
}

/// No per-call overrides.
pub fn opts() -> CallOptions {
    CallOptions::default()
}

/// The session id of an answer.
pub fn session_id(body: &Value) -> String {
    body["session"]["id"].as_str().unwrap().to_owned()
}

/// A `tracing` writer that keeps everything in memory, for tests that read the logs.
#[derive(Clone, Default)]
pub struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    /// A subscriber writing every event up to `DEBUG`, without colours, into this buffer.
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync + 'static {
        let writer = self.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish()
    }

    /// Everything written so far, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
