//! Call answers keep every number exactly as sent: integers beyond 64 bits, `1e+400`,
//! `-0`, `1.0` and 30-digit decimals, in typed fields and unknown fields alike, in the
//! raw reply and in the typed view.

use pikepay::models::SessionStatusRequest;
use pikepay::{ApiVersion, CallOptions, Client, Endpoint, PrivateKey};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const NUMBERS: &[&str] = &[
    "18446744073709551616",
    "-18446744073709551617",
    "340282366920938463463374607431768211457",
    "123456789012345678901234567890",
    "-0",
    "1.0",
    "-0.0",
    "1e+400",
    "-1e-400",
    "0.123456789012345678901234567890",
];

/// The answer, with `N` standing for the number: in a typed field (`amount`), in an
/// unknown field of a flattened object (`fee_exact`, `total`) and in an array.
const ANSWER: &str = r#"{"status":"ok","session":{"id":"ps_1","status":"accepted","total":N,
"payment_list":[{"id":"pm_1","amount_details":{"amount":N,"currency":"rub","fee_exact":N},
"metadata":{"seen":[N,{"n":N}]}}]},"served":N}"#;

/// Where the number sits in the answer.
const PATHS: &[&str] = &[
    "/session/total",
    "/session/payment_list/0/amount_details/amount",
    "/session/payment_list/0/amount_details/fee_exact",
    "/session/payment_list/0/metadata/seen/0",
    "/session/payment_list/0/metadata/seen/1/n",
    "/served",
];

/// A loopback server answering every request with `body`, on kept-alive connections.
async fn answering(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut request = vec![0u8; 64 * 1024];
                while matches!(socket.read(&mut request).await, Ok(n) if n > 0) {
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if socket.write_all(answer.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn client(url: &str) -> Client {
    let keys: Value = serde_json::from_str(include_str!("../../tests/vectors/keys.json")).unwrap();
    let key = PrivateKey::from_pem_or_der(keys["keys"][0]["private_pkcs8_pem"].as_str().unwrap())
        .unwrap();
    Client::builder()
        .project("numbers")
        .private_key(key)
        .base_url(url)
        .api_version(ApiVersion::V2)
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn answers_keep_every_number_as_sent() {
    for number in NUMBERS {
        let url = answering(ANSWER.replace('N', number)).await;
        let client = client(&url);
        let opts = CallOptions::default();
        let reply = client
            .call(
                Endpoint::SessionStatus,
                json!({"session_id": "ps_1"}),
                &opts,
            )
            .await
            .unwrap_or_else(|e| panic!("{number}: {e}"));
        let typed = client
            .sessions()
            .status(&SessionStatusRequest::new("ps_1"), &opts)
            .await
            .unwrap_or_else(|e| panic!("{number}: {e}"));
        let typed = serde_json::to_value(&typed).unwrap();
        for path in PATHS {
            let raw = reply.body.pointer(path).unwrap_or_else(|| panic!("{path}"));
            assert_eq!(raw.to_string(), *number, "{path}: raw");
            let seen = typed
                .pointer(path)
                .unwrap_or_else(|| panic!("{path}: typed"));
            if *number == "-0" && path.ends_with("/amount") {
                // A typed integer field reads `-0` as the integer 0; the raw keeps `-0`.
                assert_eq!(seen.as_i64(), Some(0), "{path}: typed");
            } else {
                assert_eq!(seen.to_string(), *number, "{path}: typed");
            }
        }
    }
}
