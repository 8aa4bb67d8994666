//! The `pikepay` binary, each subcommand run as a user would, against a sandbox serving
//! HTTP on 127.0.0.1 and a local webhook receiver.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use pikepay::PublicKey;
use pikepay_sandbox::{ProjectConfig, RunningSandbox, Sandbox, SandboxConfig};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_pikepay");

fn pikepay(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("PIKEPAY_BASE_URL")
        .env_remove("PIKEPAY_PROJECT")
        .env_remove("PIKEPAY_PRIVATE_KEY_PATH")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// A key pair made by `pikepay keygen` in `dir`.
fn keygen(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let private = dir.join(format!("{name}.pem"));
    let public = dir.join(format!("{name}.pub.pem"));
    let out = pikepay(&[
        "keygen",
        "--private-out",
        private.to_str().unwrap(),
        "--public-out",
        public.to_str().unwrap(),
    ]);
    ok(&out);
    assert!(
        text(&out.stderr).contains("generating"),
        "progress is shown"
    );
    (private, public)
}

/// A sandbox with project `shop` whose key `pikepay keygen` made (webhooks recorded only).
struct Env {
    dir: tempfile::TempDir,
    sandbox: RunningSandbox,
    key: PathBuf,
}

impl Env {
    fn start() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let (key, public) = keygen(dir.path(), "shop");
        let sandbox = Sandbox::start(SandboxConfig::default().project(ProjectConfig::new(
            "shop",
            std::fs::read_to_string(public).unwrap(),
        )))
        .unwrap();
        Env { dir, sandbox, key }
    }

    fn client_args(&self) -> Vec<String> {
        vec![
            "--base-url".into(),
            self.sandbox.base_url().into(),
            "--project".into(),
            "shop".into(),
            "--private-key".into(),
            self.key.to_str().unwrap().into(),
        ]
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all: Vec<&str> = args.to_vec();
        let extra = self.client_args();
        all.extend(extra.iter().map(String::as_str));
        pikepay(&all)
    }

    fn deliveries(&self) -> Vec<Value> {
        let url = format!(
            "{}/_sandbox/deliveries?project=shop",
            self.sandbox.base_url()
        );
        let rt = tokio::runtime::Runtime::new().unwrap();
        let body: Value =
            rt.block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() });
        body["deliveries"].as_array().cloned().unwrap()
    }
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for sub in [
        &["keygen"][..],
        &["sign"],
        &["verify"],
        &["webhook", "verify"],
        &["listen"],
        &["trigger"],
        &["request"],
    ] {
        let mut args = sub.to_vec();
        args.push("--help");
        let help = ok(&pikepay(&args));
        assert!(help.contains("Example:"), "{sub:?}: {help}");
        assert!(help.contains("pikepay "), "{sub:?}: {help}");
    }
}

#[test]
fn keygen_sign_and_verify_round_trip_and_refuse_a_changed_file() {
    let dir = tempfile::tempdir().unwrap();
    let (private, public) = keygen(dir.path(), "k");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&private).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the private key is readable by its owner only"
        );
    }
    let body = dir.path().join("body.json");
    std::fs::write(&body, br#"{"session_id":"s-1"}"#).unwrap();
    let signature = ok(&pikepay(&[
        "sign",
        body.to_str().unwrap(),
        "--private-key",
        private.to_str().unwrap(),
    ]));
    let signature = signature.trim();
    let key = PublicKey::from_pem_or_der(std::fs::read(&public).unwrap()).unwrap();
    key.verify(&std::fs::read(&body).unwrap(), signature)
        .unwrap();

    let verified = pikepay(&[
        "verify",
        body.to_str().unwrap(),
        signature,
        "--public-key",
        public.to_str().unwrap(),
    ]);
    assert_eq!(ok(&verified).trim(), "signature OK");

    std::fs::write(&body, br#"{"session_id":"s-2"}"#).unwrap();
    let refused = pikepay(&[
        "verify",
        body.to_str().unwrap(),
        signature,
        "--public-key",
        public.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("signature"),
        "{}",
        text(&refused.stderr)
    );

    let missing = pikepay(&["sign", "/nonexistent/file", "--private-key", "x"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("/nonexistent/file"));
}

#[test]
fn trigger_makes_the_sandbox_send_the_webhook_and_webhook_verify_accepts_it() {
    let env = Env::start();
    let out = env.run(&["trigger", "payment_finished"]);
    let stdout = ok(&out);
    assert!(
        stdout.starts_with("triggered payment_finished for session "),
        "{stdout}"
    );
    assert!(
        text(&out.stderr).contains("confirming"),
        "progress is shown"
    );
    let session = stdout.trim().rsplit(' ').next().unwrap().to_owned();

    let deliveries = env.deliveries();
    let types: Vec<&str> = deliveries
        .iter()
        .map(|d| d["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["ready_to_confirm", "payment_finished"]);
    let finished = &deliveries[1];
    assert_eq!(finished["session_id"], session.as_str());

    let pike_key = env.dir.path().join("pike.pub.pem");
    std::fs::write(&pike_key, env.sandbox.public_key_pem()).unwrap();
    let body = env.dir.path().join("webhook.json");
    std::fs::write(&body, finished["body"].as_str().unwrap()).unwrap();
    let verified = pikepay(&[
        "webhook",
        "verify",
        body.to_str().unwrap(),
        "--signature",
        finished["signature"].as_str().unwrap(),
        "--public-key",
        pike_key.to_str().unwrap(),
    ]);
    let shown = ok(&verified);
    assert!(shown.contains("type: payment_finished"), "{shown}");
    assert!(shown.contains(&format!("session: {session}")), "{shown}");
    assert!(shown.contains("dedupe key: whk_"), "{shown}");

    let forged = pikepay(&[
        "webhook",
        "verify",
        body.to_str().unwrap(),
        "--signature",
        deliveries[0]["signature"].as_str().unwrap(),
        "--public-key",
        pike_key.to_str().unwrap(),
    ]);
    assert_eq!(forged.status.code(), Some(1));

    let unknown = env.run(&["trigger", "no_such_event"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("ready_to_confirm"));
}

/// Accepts `count` HTTP requests on 127.0.0.1 and sends back (signature, body) of each.
fn receiver(count: usize) -> (String, mpsc::Receiver<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/pike/webhook", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let mut stream = stream.unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut length, mut signature) = (0usize, String::new());
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap_or((line, ""));
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap(),
                    "x-partner-sign" => signature = value.trim().to_owned(),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                .unwrap();
            let _ = tx.send((signature, body));
        }
    });
    (url, rx)
}

#[test]
fn listen_forwards_new_deliveries_with_their_signatures() {
    let env = Env::start();
    let (url, received) = receiver(2);
    let mut listen = Command::new(BIN)
        .args([
            "listen",
            "--sandbox",
            env.sandbox.base_url(),
            "--project",
            "shop",
            "--forward-to",
            &url,
            "--count",
            "2",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(listen.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    assert!(
        first.starts_with("listening for shop's webhooks"),
        "{first}"
    );

    ok(&env.run(&["trigger", "payment_finished"]));
    let pike = PublicKey::from_pem_or_der(env.sandbox.public_key_pem()).unwrap();
    let mut kinds = Vec::new();
    for _ in 0..2 {
        let (signature, body) = received.recv_timeout(Duration::from_secs(30)).unwrap();
        pike.verify(&body, &signature).unwrap();
        let event: Value = serde_json::from_slice(&body).unwrap();
        kinds.push(event["type"].as_str().unwrap().to_owned());
    }
    assert_eq!(kinds, ["ready_to_confirm", "payment_finished"]);

    let status = listen.wait().unwrap();
    assert!(status.success());
    let mut stdout = String::new();
    listen
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("ready_to_confirm ") && lines[0].ends_with("-> 200"),
        "{stdout}"
    );
}

#[test]
fn request_makes_a_signed_call_and_reports_errors() {
    let env = Env::start();
    let out = env.run(&["request", "GET", "fps/banks", "{}"]);
    let answer: Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(answer["status"], "ok");
    assert!(answer["banks"].as_array().is_some_and(|b| !b.is_empty()));

    let payout = r#"{"payout_details":{"type":"card","card":{"type":"bank_card","bank_card":{"number":"4242424242424242"}}},"amount_details":{"amount":100,"currency":"rub"}}"#;
    let out = env.run(&[
        "request",
        "POST",
        "session/init/payout",
        payout,
        "--idempotency-key",
        "cli-order-1",
    ]);
    let shown = ok(&out);
    assert!(
        !shown.contains("4242424242424242"),
        "card numbers never print: {shown}"
    );
    assert!(text(&out.stderr).contains("idempotency key: cli-order-1"));

    let missing = env.run(&[
        "request",
        "POST",
        "session/status",
        r#"{"session_id":"nope"}"#,
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(!text(&missing.stderr).is_empty());
    let bad = env.run(&["request", "POST", "session/status", "{not json"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("BODY is not JSON"));
}
