//! The `pikepay-sandbox` binary: `serve` prints its one line and serves, `keygen` writes a
//! usable key pair, the TOML config is read, bad arguments fail clearly.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::*;
use pikepay::{PrivateKey, PublicKey};
use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_pikepay-sandbox");

/// Starts `serve` with `args`; returns the child and its first stdout line (bounded wait).
fn serve(args: &[&str]) -> (Child, String, mpsc::Receiver<String>) {
    let mut child = Command::new(BIN)
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let line = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the sandbox prints its line");
    (child, line, rx)
}

fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    for _ in 0..200 {
        if let Ok(Some(status)) = child.try_wait() {
            assert!(status.success(), "graceful exit on SIGTERM: {status}");
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    panic!("the sandbox did not stop on SIGTERM");
}

fn base_url(line: &str) -> String {
    let url = line
        .strip_prefix("pikepay-sandbox listening on ")
        .unwrap_or_else(|| panic!("unexpected line: {line}"));
    let port = url.strip_prefix("http://127.0.0.1:").unwrap();
    assert!(port.parse::<u16>().is_ok(), "{line}");
    url.to_owned()
}

async fn signed_call(url: &str, method: &str, body: &serde_json::Value) -> serde_json::Value {
    let key = PrivateKey::from_pem_or_der(test_keys().0).unwrap();
    let raw = serde_json::to_vec(body).unwrap();
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("{url}/api/v1/{method}"))
        .header("X-PARTNER-PROJECT", PROJECT)
        .header("X-PARTNER-SIGN", key.sign(&raw).unwrap())
        .body(raw)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn serve_prints_one_line_writes_its_key_and_serves() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("shop.pub.pem");
    std::fs::write(&public, test_keys().1).unwrap();
    let key_out = dir.path().join("sandbox.pub.pem");
    let project_arg = format!("{PROJECT}={}", public.display());
    let (mut child, line, more) = serve(&[
        "--project",
        &project_arg,
        "--public-key-out",
        key_out.to_str().unwrap(),
        "--webhook-retry-ms",
        "50,100,200",
        "--wallet-balance",
        "shop=777:rub",
    ]);
    let url = base_url(&line);
    let written = std::fs::read_to_string(&key_out).unwrap();
    PublicKey::from_pem_or_der(&written).unwrap();
    let served = reqwest::get(format!("{url}/_sandbox/public_key"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(written, served);
    let wallet = signed_call(
        &url,
        "wallet/balance",
        &json!({"request_datetime": "2026-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(wallet["wallets"][0]["amount_details"]["amount"], 777);
    terminate(&mut child);
    assert!(more.try_recv().is_err(), "exactly one line on stdout");
}

#[test]
fn serve_listens_on_the_given_port() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (mut child, line, _) = serve(&["--port", &port.to_string()]);
    assert_eq!(
        line,
        format!("pikepay-sandbox listening on http://127.0.0.1:{port}")
    );
    terminate(&mut child);
}

#[tokio::test]
async fn serve_reads_a_toml_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shop.pub.pem"), test_keys().1).unwrap();
    let config = dir.path().join("sandbox.toml");
    std::fs::write(
        &config,
        r#"
webhook_retry_ms = [10, 20]
[[project]]
name = "shop"
public_key = "shop.pub.pem"
api_version = 1
wallet_balance = { amount = 4242, currency = "rub" }
"#,
    )
    .unwrap();
    let (mut child, line, _) = serve(&["--config", config.to_str().unwrap()]);
    let url = base_url(&line);
    let wallet = signed_call(
        &url,
        "wallet/balance",
        &json!({"request_datetime": "2026-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(wallet["wallets"][0]["amount_details"]["amount"], 4242);
    terminate(&mut child);
}

#[test]
fn keygen_writes_a_working_key_pair() {
    let dir = tempfile::tempdir().unwrap();
    let (private, public) = (dir.path().join("p.pem"), dir.path().join("pub.pem"));
    let out = Command::new(BIN)
        .args(["keygen", "--private-out"])
        .arg(&private)
        .arg("--public-out")
        .arg(&public)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("BEGIN"), "keys are never printed");
    let private_pem = std::fs::read_to_string(&private).unwrap();
    let key = PrivateKey::from_pem_or_der(&private_pem).unwrap();
    let public_key = PublicKey::from_pem_or_der(std::fs::read(&public).unwrap()).unwrap();
    let sig = key.sign(b"{}").unwrap();
    public_key.verify(b"{}", &sig).unwrap();
    assert_eq!(key.bits(), 2048);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&private).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn bad_arguments_fail_with_a_message_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad_config = dir.path().join("bad.toml");
    std::fs::write(&bad_config, "[[project]]\nname = 5\n").unwrap();
    for (args, mentions) in [
        (vec!["serve", "--project", "shop"], "NAME=VALUE"),
        (
            vec!["serve", "--project", "shop=/nonexistent/key.pem"],
            "/nonexistent/key.pem",
        ),
        (
            vec!["serve", "--webhook-url", "ghost=http://127.0.0.1:1/"],
            "ghost",
        ),
        (
            vec!["serve", "--config", bad_config.to_str().unwrap()],
            "bad.toml",
        ),
    ] {
        let mut child = Command::new(BIN)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(mentions), "{args:?}: {stderr}");
    }
}
