//! HTTP/2 where the server offers it: over TLS with `h2` in ALPN, a burst of calls
//! shares one connection.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::routing::post;
use pikepay::HttpMethod;
use pikepay::client::{CallOptions, Client};
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::server::TlsStream;

/// A certificate for 127.0.0.1 and the CA that signed it, made by `openssl`:
/// (CA certificate PEM, server certificate PEM, server key PEM).
fn certificates() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let openssl = |args: &[&str]| {
        let made = Command::new("openssl")
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("openssl runs");
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
    };
    openssl(
        &[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ]
        .into_iter()
        .chain([
            "-subj",
            "/CN=test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ])
        .collect::<Vec<_>>(),
    );
    openssl(
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
        ]
        .into_iter()
        .chain(["-keyout", "server.key", "-out", "server.csr"])
        .collect::<Vec<_>>(),
    );
    std::fs::write(path("ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
        ]
        .into_iter()
        .chain([
            "-CAcreateserial",
            "-days",
            "1",
            "-extfile",
            "ext",
            "-out",
            "server.pem",
        ])
        .collect::<Vec<_>>(),
    );
    let read = |name: &str| std::fs::read(path(name)).unwrap();
    (read("ca.pem"), read("server.pem"), read("server.key"))
}

/// Accepts TLS connections offering `h2` and `http/1.1`, counting them.
struct TlsListener {
    tcp: TcpListener,
    tls: TlsAcceptor,
    accepted: Arc<AtomicUsize>,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((tcp, addr)) = self.tcp.accept().await else {
                continue;
            };
            self.accepted.fetch_add(1, Ordering::SeqCst);
            if let Ok(tls) = self.tls.accept(tcp).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// A Pike-like HTTPS server answering every POST after `delay`; returns its URL, the
/// CA certificate to trust, the connections accepted and the requests that came over
/// HTTP/2.
async fn h2_server(delay: Duration) -> (String, Vec<u8>, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let (ca, cert, key) = certificates();
    let mut config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from_pem_slice(&cert).unwrap()],
            PrivateKeyDer::from_pem_slice(&key).unwrap(),
        )
        .unwrap();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", tcp.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let over_h2 = Arc::new(AtomicUsize::new(0));
    let counted = over_h2.clone();
    let app = Router::new().fallback(post(move |req: Request| {
        let counted = counted.clone();
        async move {
            if req.version() == axum::http::Version::HTTP_2 {
                counted.fetch_add(1, Ordering::SeqCst);
            }
            tokio::time::sleep(delay).await;
            (
                [("content-type", "application/json")],
                r#"{"status":"ok","session":{"id":"ps_1","status":"pending"}}"#,
            )
        }
    }));
    let listener = TlsListener {
        tcp,
        tls: TlsAcceptor::from(Arc::new(config)),
        accepted: accepted.clone(),
    };
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, ca, accepted, over_h2)
}

fn client(url: &str, ca: &[u8]) -> Client {
    let (key, _) = pikepay_client_tests::key_pair(0);
    Client::builder()
        .project("shop")
        .private_key(key)
        .base_url(url)
        .add_root_certificate_pem(ca)
        .build()
        .unwrap()
}

/// `n` `session/status` calls at once; each answer is checked.
async fn burst(client: &Client, n: usize) {
    let calls: Vec<_> = (0..n)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let body = json!({"session_id": "ps_1"});
                let opts = CallOptions::default();
                client
                    .request(HttpMethod::Post, "session/status", body, &opts)
                    .await
            })
        })
        .collect();
    for call in calls {
        let reply = call.await.unwrap().unwrap();
        assert_eq!(reply.body["session"]["id"], "ps_1");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_over_http2_shares_one_connection() {
    let (url, ca, accepted, over_h2) = h2_server(Duration::from_millis(20)).await;
    let client = client(&url, &ca);
    // The first call opens the connection and learns that the server speaks HTTP/2.
    burst(&client, 1).await;
    burst(&client, 50).await;
    assert_eq!(
        over_h2.load(Ordering::SeqCst),
        51,
        "every request came over HTTP/2"
    );
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "51 calls, 50 at once, one connection"
    );
}

/// Before any connection, the client cannot know the server multiplexes: the first
/// connect finds out while the others wait for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_burst_over_http2_opens_one_connection() {
    let (url, ca, accepted, over_h2) = h2_server(Duration::from_millis(20)).await;
    burst(&client(&url, &ca), 50).await;
    assert_eq!(
        over_h2.load(Ordering::SeqCst),
        50,
        "every request came over HTTP/2"
    );
    // One connection; a second when the first takes longer to reach the pool than its
    // connect took (without the turns: 42–50).
    let opened = accepted.load(Ordering::SeqCst);
    assert!(opened <= 2, "50 calls at once opened {opened} connections");
}
