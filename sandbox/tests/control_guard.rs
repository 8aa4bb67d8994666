//! The control API answers only same-machine callers, and webhooks go only where they
//! were configured to: no redirect is followed.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{Env, V2, eventually, payout_body, session_id};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[tokio::test]
async fn cross_site_requests_are_refused() {
    let env = Env::new();
    let faults = env.url("/_sandbox/faults");
    let fault = json!({"path": "*", "count": 1, "mode": "status", "status": 500});
    // A page on another site, reached through DNS rebinding: its Host is not loopback.
    let r = env
        .http
        .post(&faults)
        .header("host", "evil.example")
        .json(&fault)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = env
        .http
        .get(env.url("/_sandbox/ledger"))
        .header("host", "evil.example:80")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A cross-site form or no-cors fetch cannot say application/json.
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let mut req = env.http.post(&faults).body(fault.to_string());
        if let Some(t) = content_type {
            req = req.header("content-type", t);
        }
        assert_eq!(req.send().await.unwrap().status(), 415, "{content_type:?}");
    }
    // None of them armed the fault.
    let ok = env
        .call(
            V2,
            "session/init/payout",
            &payout_body(V2, "4242424242424242", 100),
        )
        .await
        .ok();
    assert!(!session_id(&ok).is_empty());
    // The same machine, by any loopback name, is served.
    for host in ["localhost", "127.0.0.1:1", "[::1]:8080", "LOCALHOST:9"] {
        let r = env
            .http
            .get(env.url("/_sandbox/ledger"))
            .header("host", host)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{host}");
    }
    let r = env
        .http
        .post(&faults)
        .header("content-type", "application/json; charset=utf-8")
        .body(fault.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

/// A server that answers every request with `head` and counts the requests.
async fn server(head: String) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 64 * 1024];
            let _ = socket.read(&mut buf).await;
            seen.fetch_add(1, Ordering::SeqCst);
            let _ = socket.write_all(head.as_bytes()).await;
        }
    });
    (url, count)
}

#[tokio::test]
async fn webhooks_follow_no_redirects() {
    let (elsewhere, reached) =
        server("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".into()).await;
    let (redirector, asked) = server(format!(
        "HTTP/1.1 307 Temporary Redirect\r\nlocation: {elsewhere}/hook\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    ))
    .await;
    let env = Env::new();
    env.register(json!({"webhook_url": format!("{redirector}/hook")}))
        .await;
    env.call(
        V2,
        "session/init/payout",
        &payout_body(V2, "4242424242424242", 100),
    )
    .await
    .ok();
    eventually("the webhook was tried", || async {
        asked.load(Ordering::SeqCst) > 0
            && env.deliveries().await.iter().any(|d| {
                d["attempts"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|t| t["http_status"] == 307))
            })
    })
    .await;
    assert_eq!(
        reached.load(Ordering::SeqCst),
        0,
        "the redirect was followed"
    );
}
