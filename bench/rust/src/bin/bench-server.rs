//! A minimal Pike-like server for the call benchmarks: HTTP/1.1 keep-alive on
//! 127.0.0.1, answers every POST with one fixed `session/status` answer without
//! checking the signature, so a benchmark measures the client's own cost.
//! `GET /stats` answers the TCP connections accepted and requests answered so far, the
//! connections open now (the one asking included) and the most that were open at once
//! since the previous `GET /stats`.
//! Prints `listening on http://127.0.0.1:PORT` once ready.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response};
use hyper_util::rt::TokioIo;

/// The fixed answer: a session as Pike returns it from `session/status`.
const ANSWER: &[u8] = include_bytes!("../../../data/status.json");

#[derive(Default)]
struct Counts {
    connections: AtomicU64,
    requests: AtomicU64,
    open: AtomicU64,
    peak_open: AtomicU64,
}

async fn answer(
    req: Request<Incoming>,
    counts: Arc<Counts>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let stats = req.method() == Method::GET && req.uri().path() == "/stats";
    // Read the whole body, as a real server would, then drop it.
    let _ = req.into_body().collect().await;
    let body = if stats {
        Bytes::from(format!(
            "{{\"connections\":{},\"requests\":{},\"open\":{},\"peak_open\":{}}}",
            counts.connections.load(Ordering::Relaxed),
            counts.requests.load(Ordering::Relaxed),
            counts.open.load(Ordering::Relaxed),
            counts
                .peak_open
                .swap(counts.open.load(Ordering::Relaxed), Ordering::Relaxed)
        ))
    } else {
        counts.requests.fetch_add(1, Ordering::Relaxed);
        Bytes::from_static(ANSWER)
    };
    let mut res = Response::new(Full::new(body));
    res.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    Ok(res)
}

fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        println!("listening on http://{}", listener.local_addr()?);
        let counts = Arc::new(Counts::default());
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            counts.connections.fetch_add(1, Ordering::Relaxed);
            let open = counts.open.fetch_add(1, Ordering::Relaxed) + 1;
            counts.peak_open.fetch_max(open, Ordering::Relaxed);
            let _ = stream.set_nodelay(true);
            let counts = counts.clone();
            tokio::spawn(async move {
                let handler = counts.clone();
                let service = service_fn(move |req| answer(req, handler.clone()));
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
                counts.open.fetch_sub(1, Ordering::Relaxed);
            });
        }
    })
}
