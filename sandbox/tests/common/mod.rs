//! Shared test helpers: a running sandbox with one project, signed Pike calls over plain
//! HTTP, control API calls, and a webhook receiver on 127.0.0.1.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use pikepay::{ApiVersion, PrivateKey};
use pikepay_sandbox::{ProjectConfig, RunningSandbox, Sandbox, SandboxConfig};
use serde_json::{Value, json};

/// The merchant project every test uses.
pub const PROJECT: &str = "shop";

/// A test key pair from the shared vectors: (private PKCS#8 PEM, public SPKI PEM).
pub fn test_keys() -> (String, String) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/keys.json"
    ))
    .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let k = v["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "rsa2048")
        .unwrap();
    (
        k["private_pkcs8_pem"].as_str().unwrap().to_owned(),
        k["public_spki_pem"].as_str().unwrap().to_owned(),
    )
}

/// A project config for `PROJECT` with the test public key.
pub fn project() -> ProjectConfig {
    ProjectConfig::new(PROJECT, test_keys().1)
}

/// A Pike answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    /// The error code of an envelope.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
    /// The error description of an envelope.
    pub fn description(&self) -> &str {
        self.body["error"]["description"].as_str().unwrap_or("")
    }
    /// Asserts the answer is `{"status":"ok"}` with HTTP 200 and returns the body.
    pub fn ok(self) -> Value {
        assert_eq!(self.status, 200, "{}", self.body);
        assert_eq!(self.body["status"], "ok", "{}", self.body);
        self.body
    }
    /// Asserts an error envelope with this HTTP status and code.
    pub fn err(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.body["status"], "error", "{}", self.body);
        assert_eq!(self.code(), code, "{}", self.body);
        assert!(
            self.body["error"]["description"].is_string(),
            "{}",
            self.body
        );
    }
}

/// What the tests need of a running sandbox, in-process or the binary.
pub trait Handle: Send + Sync {
    /// `http://127.0.0.1:PORT`.
    fn base_url(&self) -> &str;
    /// The key that verifies its webhooks.
    fn public_key_pem(&self) -> &str;
    /// Its port.
    fn port(&self) -> u16;
    /// Stops it and waits until it has stopped.
    fn shutdown(self: Box<Self>);
}

impl Handle for RunningSandbox {
    fn base_url(&self) -> &str {
        RunningSandbox::base_url(self)
    }
    fn public_key_pem(&self) -> &str {
        RunningSandbox::public_key_pem(self)
    }
    fn port(&self) -> u16 {
        RunningSandbox::port(self)
    }
    fn shutdown(self: Box<Self>) {
        RunningSandbox::shutdown(*self)
    }
}

/// The `pikepay-sandbox` binary serving `PROJECT`; killed when dropped.
pub struct Binary {
    child: std::process::Child,
    base_url: String,
    public_pem: String,
    _dir: tempfile::TempDir,
}

impl Binary {
    /// Starts `pikepay-sandbox serve --project shop=... <args>` and reads its line.
    pub fn start(args: &[&str]) -> Binary {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("shop.pub.pem");
        let pike = dir.path().join("pike.pub.pem");
        std::fs::write(&key, test_keys().1).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pikepay-sandbox"))
            .arg("serve")
            .arg("--project")
            .arg(format!("{PROJECT}={}", key.display()))
            .arg("--public-key-out")
            .arg(&pike)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(20)).unwrap();
        let base_url = line
            .trim()
            .strip_prefix("pikepay-sandbox listening on ")
            .unwrap_or_else(|| panic!("unexpected line: {line}"))
            .to_owned();
        Binary {
            child,
            base_url,
            public_pem: std::fs::read_to_string(&pike).unwrap(),
            _dir: dir,
        }
    }
}

impl Handle for Binary {
    fn base_url(&self) -> &str {
        &self.base_url
    }
    fn public_key_pem(&self) -> &str {
        &self.public_pem
    }
    fn port(&self) -> u16 {
        self.base_url.rsplit(':').next().unwrap().parse().unwrap()
    }
    fn shutdown(self: Box<Self>) {
        drop(self)
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A sandbox plus a client for it.
pub struct Env {
    pub sandbox: Box<dyn Handle>,
    pub http: reqwest::Client,
    pub key: PrivateKey,
}

/// Short webhook retries for tests.
pub fn fast_config() -> SandboxConfig {
    let mut cfg = SandboxConfig::default().webhook_retry_ms(&[30, 60, 120]);
    cfg.webhook_timeout = Duration::from_secs(2);
    cfg
}

impl Env {
    /// A sandbox with `PROJECT` (no webhook URL).
    pub fn new() -> Env {
        Env::with(fast_config().project(project()))
    }

    /// A sandbox with the given configuration.
    pub fn with(cfg: SandboxConfig) -> Env {
        Env::around(Box::new(Sandbox::start(cfg).unwrap()))
    }

    /// The binary with fast webhook retries and `args`, serving `PROJECT`.
    pub fn binary(args: &[&str]) -> Env {
        let mut all = Vec::new();
        if !args.contains(&"--webhook-retry-ms") {
            all.extend_from_slice(&["--webhook-retry-ms", "30,60,120"]);
        }
        all.extend_from_slice(args);
        Env::around(Box::new(Binary::start(&all)))
    }

    fn around(sandbox: Box<dyn Handle>) -> Env {
        Env {
            sandbox,
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
            key: PrivateKey::from_pem_or_der(test_keys().0).unwrap(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sandbox.base_url(), path)
    }

    /// A signed POST of `body` to `/api/v{version}/{method}`.
    pub async fn call(&self, version: u8, method: &str, body: &Value) -> Answer {
        self.call_with(version, method, body, None).await
    }

    /// A signed POST with an optional idempotency key.
    pub async fn call_with(
        &self,
        version: u8,
        method: &str,
        body: &Value,
        key: Option<&str>,
    ) -> Answer {
        let raw = serde_json::to_vec(body).unwrap();
        self.raw(version, method, raw, key).await.unwrap()
    }

    /// A signed POST of exact bytes; `Err` when the connection failed.
    pub async fn raw(
        &self,
        version: u8,
        method: &str,
        raw: Vec<u8>,
        key: Option<&str>,
    ) -> Result<Answer, reqwest::Error> {
        let sign = self.key.sign(&raw).unwrap();
        let mut req = self
            .http
            .post(self.url(&format!("/api/v{version}/{method}")))
            .header("X-PARTNER-PROJECT", PROJECT)
            .header("X-PARTNER-SIGN", sign)
            .header("Content-Type", "application/json")
            .body(raw);
        if let Some(k) = key {
            req = req.header("X-PARTNER-IDEMPOTENCY-KEY", k);
        }
        answer(req.send().await?).await
    }

    /// `GET /_sandbox/...` as JSON.
    pub async fn control_get(&self, path: &str) -> Value {
        let resp = self.http.get(self.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        resp.json().await.unwrap()
    }

    /// `POST /_sandbox/...` with JSON.
    pub async fn control(&self, path: &str, body: Value) -> Answer {
        let resp = self
            .http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        answer(resp).await.unwrap()
    }

    /// The ledger of `PROJECT`.
    pub async fn ledger(&self) -> Vec<Value> {
        let v = self
            .control_get(&format!("/_sandbox/ledger?project={PROJECT}"))
            .await;
        v["entries"].as_array().unwrap().clone()
    }

    /// The deliveries of `PROJECT`.
    pub async fn deliveries(&self) -> Vec<Value> {
        let v = self
            .control_get(&format!("/_sandbox/deliveries?project={PROJECT}"))
            .await;
        v["deliveries"].as_array().unwrap().clone()
    }

    /// Webhook types recorded for a session, in order.
    pub async fn events_of(&self, session_id: &str) -> Vec<String> {
        self.deliveries()
            .await
            .iter()
            .filter(|d| d["session_id"] == session_id)
            .map(|d| d["type"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Registers (or replaces) `PROJECT` through the control API.
    pub async fn register(&self, extra: Value) {
        let mut body = json!({"name": PROJECT, "public_key_pem": test_keys().1});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        self.control("/_sandbox/projects", body).await.ok();
    }
}

async fn answer(resp: reqwest::Response) -> Result<Answer, reqwest::Error> {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await?;
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| json!({"_raw": String::from_utf8_lossy(&bytes)}));
    Ok(Answer {
        status,
        body,
        headers,
    })
}

/// The v2 version number (for readability).
pub const V1: u8 = 1;
/// The v2 version number.
pub const V2: u8 = 2;

/// Both versions.
pub const VERSIONS: [u8; 2] = [V1, V2];

/// The payout instrument key of a version.
pub fn payout_key(version: u8) -> &'static str {
    if version == V1 {
        "payment_method"
    } else {
        "payout_details"
    }
}

/// The session's payout array key of a version.
pub fn payouts_key(version: u8) -> &'static str {
    if version == V1 {
        "payments"
    } else {
        "payout_list"
    }
}

/// The session's payment array key of a version.
pub fn payments_key(version: u8) -> &'static str {
    if version == V1 {
        "acquiring_payments"
    } else {
        "payment_list"
    }
}

/// A card payout body in the naming of `version`.
pub fn payout_body(version: u8, number: &str, amount: u64) -> Value {
    let mut body = json!({
        "amount_details": {"amount": amount, "currency": "rub"},
        "participant_details": {"recipient": {"full_name": "Ivanov Ivan"}},
    });
    body[payout_key(version)] =
        json!({"type": "card", "card": {"type": "bank_card", "bank_card": {"number": number}}});
    body
}

/// A card payment body (same in both versions).
pub fn payment_body(number: &str, amount: u64) -> Value {
    json!({
        "payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": {
            "number": number, "expiration_month": "05", "expiration_year": "30", "security_code": "123"}}},
        "amount_details": {"amount": amount, "currency": "rub"},
        "customer": {"reference": "lucky"},
        "payment_options": {"return_url": "https://shop.example/return"},
    })
}

/// An FPS bank-account instrument.
pub fn fps(system: &str, phone: &str) -> Value {
    json!({"type": "bank_account", "bank_account": {"system_type": system, system: {
        "phone": phone, "bank_id": "100000000069", "description": "salary"}}})
}

/// `{"session_id": id}`.
pub fn sid(id: &str) -> Value {
    json!({"session_id": id})
}

/// The session id of an answer.
pub fn session_id(body: &Value) -> String {
    body["session"]["id"].as_str().unwrap().to_owned()
}

/// One received webhook: its `X-PARTNER-SIGN` and raw body.
pub type Received = (Option<String>, Vec<u8>);

/// Records webhooks and answers with a scripted sequence of statuses (then 200).
#[derive(Clone, Default)]
pub struct Receiver {
    pub received: Arc<Mutex<Vec<Received>>>,
    pub statuses: Arc<Mutex<Vec<u16>>>,
    pub delays_ms: Arc<Mutex<Vec<u64>>>,
}

impl Receiver {
    /// Starts on 127.0.0.1:0; returns it and its URL.
    pub async fn start(statuses: Vec<u16>) -> (Receiver, String) {
        Receiver::start_slow(statuses, Vec::new()).await
    }

    /// Like `start`, and the n-th request is answered after `delays_ms[n]` milliseconds.
    pub async fn start_slow(statuses: Vec<u16>, delays_ms: Vec<u64>) -> (Receiver, String) {
        let rx = Receiver {
            received: Default::default(),
            statuses: Arc::new(Mutex::new(statuses)),
            delays_ms: Arc::new(Mutex::new(delays_ms)),
        };
        let state = rx.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(
                |axum::extract::State(s): axum::extract::State<Receiver>,
                 headers: axum::http::HeaderMap,
                 body: axum::body::Bytes| async move {
                    let sign = headers
                        .get("x-partner-sign")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    let delay = {
                        let mut d = s.delays_ms.lock().unwrap();
                        if d.is_empty() { 0 } else { d.remove(0) }
                    };
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                    // Recorded when answered, so a slow answer shows up after faster ones.
                    s.received.lock().unwrap().push((sign, body.to_vec()));
                    let code = {
                        let mut st = s.statuses.lock().unwrap();
                        if st.is_empty() { 200 } else { st.remove(0) }
                    };
                    axum::http::StatusCode::from_u16(code).unwrap()
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(listener, app.with_state(state)).await.unwrap();
        });
        (rx, url)
    }

    /// Bodies received so far, as JSON.
    pub fn bodies(&self) -> Vec<Value> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .map(|(_, b)| serde_json::from_slice(b).unwrap())
            .collect()
    }

    /// Number of requests received.
    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

/// Polls `check` every 10 ms for at most 5 s; panics with `what` when it never holds.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..500 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for: {what}");
}

/// The sandbox's webhook public key.
pub fn webhook_key(env: &Env) -> pikepay::PublicKey {
    pikepay::PublicKey::from_pem_or_der(env.sandbox.public_key_pem()).unwrap()
}

/// Version for `n`.
pub fn api_version(n: u8) -> ApiVersion {
    ApiVersion::from_number(n as u64).unwrap()
}
