//! The Pike API surface: `/api/v1/...` and `/api/v2/...`. Checks run in Pike's order —
//! known project, signature over the raw body, JSON, fields, then the method itself —
//! with idempotency and injected faults around them.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use pikepay::error::{IDEMPOTENCY_KEY_ALREADY_EXISTS, IDEMPOTENCY_KEY_PARAMS_MISMATCH};
use pikepay::{ApiVersion, Endpoint, HttpMethod, wire};

use crate::app::App;
use crate::auth::{self, check};
use crate::faults::FaultMode;
use crate::flows;
use crate::idempotency::{self, Begin, Stored};
use crate::reply::{self, PikeError, bytes_response};
use crate::requests::{Seen, Signature};
use crate::webhooks::{enqueue_all, send_all};

/// Marks a response whose connection must be closed without sending it.
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose (injected fault)")
    }
}

impl std::error::Error for DropConnection {}

/// Set on an answer replayed for a repeated idempotency key.
pub const REPLAYED: &str = "idempotent-replayed";

/// Handles every request under `/api/`.
pub async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    let (version, endpoint) = match route(req.uri().path()) {
        Ok(found) => found,
        Err(description) => {
            return PikeError::new(StatusCode::NOT_FOUND, reply::METHOD_NOT_FOUND, description)
                .response();
        }
    };
    let allowed = req.method() == Method::POST
        || (endpoint.http_method() == HttpMethod::Get && req.method() == Method::GET);
    if !allowed {
        return PikeError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            reply::METHOD_NOT_FOUND,
            format!("{} takes POST", endpoint.path()),
        )
        .response();
    }
    let seen = req
        .headers()
        .get(auth::PROJECT)
        .and_then(|v| v.to_str().ok())
        .map(|project| Seen::new(req.method(), req.uri().path(), project, req.headers()));
    let fault = app.lock().faults.take(endpoint.path());
    let fault = fault.or_else(|| app.chaos.as_ref().and_then(|c| c.request()));
    let answered_by_fault = match fault {
        Some(FaultMode::Status(status)) => Some(injected_status(status)),
        Some(FaultMode::RetryAfter(secs)) => Some(injected_retry_after(secs)),
        Some(FaultMode::DropBefore) => Some(dropped()),
        _ => None,
    };
    if let Some(resp) = answered_by_fault {
        remember(&app, seen, Signature::Unchecked);
        return resp;
    }
    let (parts, body) = req.into_parts();
    let delay = match &fault {
        Some(FaultMode::Delay(d)) => Some(*d),
        _ => None,
    };
    let work = process(&app, version, endpoint, &parts.headers, body, delay, seen);
    let mut resp = match tokio::time::timeout(app.limits.request_timeout, work).await {
        Ok(resp) => resp,
        Err(_) => PikeError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            reply::INTERNAL_ERROR,
            "request timed out in the sandbox",
        )
        .response(),
    };
    if fault == Some(FaultMode::DropAfter) {
        resp.extensions_mut().insert(DropConnection);
    }
    resp
}

/// Adds `seen` to its project's request log when that project is registered.
fn remember(app: &App, seen: Option<Seen>, signature: Signature) {
    let Some(seen) = seen else { return };
    let at = app.clock.stamp();
    let mut st = app.lock();
    if st.projects.contains_key(&seen.project) {
        st.requests.record(seen.signature(signature), at);
    }
}

/// `/api/v1/<path>` or `/api/v2/<path>` -> (version, endpoint); v1-only methods only on
/// v1. The error is the description of `method_not_found`.
fn route(path: &str) -> Result<(ApiVersion, Endpoint), String> {
    let none = || "no such Pike method".to_owned();
    let rest = path.strip_prefix("/api/v").ok_or_else(none)?;
    let (num, method) = rest.split_once('/').ok_or_else(none)?;
    let version = match num {
        "1" => ApiVersion::V1,
        "2" => ApiVersion::V2,
        _ => return Err(none()),
    };
    let endpoint = Endpoint::from_path(method).ok_or_else(none)?;
    if endpoint.v1_only() && version != ApiVersion::V1 {
        return Err(format!(
            "{} is a v1-only method: call /api/v1/{}",
            endpoint.path(),
            endpoint.path()
        ));
    }
    Ok((version, endpoint))
}

fn injected_status(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    PikeError::new(status, reply::INTERNAL_ERROR, "injected fault").response()
}

fn injected_retry_after(secs: u64) -> Response {
    let mut resp = PikeError::new(
        StatusCode::TOO_MANY_REQUESTS,
        reply::TOO_MANY_REQUESTS,
        "injected fault: too many requests",
    )
    .response();
    resp.headers_mut()
        .insert("retry-after", HeaderValue::from(secs));
    resp
}

/// A response that closes the connection instead of being sent.
fn dropped() -> Response {
    let mut resp = Response::new(Body::empty());
    resp.extensions_mut().insert(DropConnection);
    resp
}

/// Frees an idempotency key if its request never produced an answer.
struct KeyGuard<'a> {
    app: &'a App,
    project: String,
    key: String,
}

impl Drop for KeyGuard<'_> {
    fn drop(&mut self) {
        self.app
            .lock()
            .idempotency
            .abandon(&self.project, &self.key);
    }
}

async fn process(
    app: &Arc<App>,
    version: ApiVersion,
    endpoint: Endpoint,
    headers: &HeaderMap,
    body: Body,
    delay: Option<std::time::Duration>,
    seen: Option<Seen>,
) -> Response {
    let raw = match read_body(body, app.limits.max_body_bytes).await {
        Ok(raw) => raw,
        Err(e) => {
            remember(app, seen, Signature::Unchecked);
            return e.response();
        }
    };
    let (signature, checked) = check(app, version, endpoint, headers, &raw);
    remember(app, seen, signature);
    let checked = match checked {
        Ok(c) => c,
        Err(e) => return e.response(),
    };
    let mut guard = None;
    if let Some(key) = &checked.key {
        let fp = idempotency::fingerprint(&checked.body);
        let begin =
            app.lock()
                .idempotency
                .begin(&checked.project, key, endpoint, fp, app.clock.now());
        match begin {
            Begin::Fresh => {
                guard = Some(KeyGuard {
                    app,
                    project: checked.project.clone(),
                    key: key.clone(),
                });
            }
            Begin::Replay(stored) => return replay(stored),
            Begin::InFlight => {
                return PikeError::new(
                    StatusCode::CONFLICT,
                    IDEMPOTENCY_KEY_ALREADY_EXISTS,
                    "a request with this idempotency key is still running",
                )
                .response();
            }
            Begin::Mismatch => {
                return PikeError::new(
                    StatusCode::CONFLICT,
                    IDEMPOTENCY_KEY_PARAMS_MISMATCH,
                    "this idempotency key was used with other parameters",
                )
                .response();
            }
        }
    }
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    let (status, bytes, to_send) = {
        let mut st = app.lock();
        let mut cx = app.context(&checked.project);
        let (status, mut answer) = match flows::handle(&mut st, &mut cx, endpoint, &checked.body) {
            Ok(answer) => (StatusCode::OK, answer),
            Err(e) => (e.status, e.body()),
        };
        wire::to_version(&mut answer, version);
        let bytes = serde_json::to_vec(&answer).unwrap_or_default();
        if let Some(key) = &checked.key {
            st.idempotency.complete(
                &checked.project,
                key,
                Stored {
                    status: status.as_u16(),
                    body: bytes.clone(),
                },
            );
        }
        let to_send = enqueue_all(app, &mut st, cx.events);
        (status, bytes, (to_send, cx.later))
    };
    drop(guard);
    let (to_send, later) = to_send;
    send_all(app, to_send);
    run_later(app, later);
    bytes_response(status, bytes)
}

/// Runs each piece of later work when sandbox time reaches it (advancing time brings it
/// forward), then sends the webhooks it caused.
pub fn run_later(app: &Arc<App>, later: Vec<flows::Later>) {
    for job in later {
        let app = app.clone();
        tokio::spawn(async move {
            let flows::Later::SettleRefunds { due } = job;
            app.clock.sleep_until(due).await;
            let outgoing = {
                let mut st = app.lock();
                let mut cx = app.context("");
                flows::settle_due_refunds(&mut st, &mut cx);
                enqueue_all(&app, &mut st, cx.events)
            };
            send_all(&app, outgoing);
        });
    }
}

fn replay(stored: Stored) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut resp = bytes_response(status, stored.body);
    resp.headers_mut()
        .insert(REPLAYED, HeaderValue::from_static("true"));
    resp
}

/// How much of an oversized body is read and discarded before answering 413, so that
/// a client still writing its body gets the answer instead of a broken connection.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// Reads at most `limit` bytes of body; more is `invalid_request` with HTTP 413 (the
/// rest of the body, up to [`DRAIN_LIMIT`], is read and dropped first).
pub async fn read_body(body: Body, limit: usize) -> Result<Vec<u8>, PikeError> {
    use http_body_util::BodyExt;
    let too_large = || {
        PikeError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            pikepay::error::INVALID_REQUEST,
            format!("request body is larger than {limit} bytes or could not be read"),
        )
    };
    let mut body = body;
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(too_large());
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len());
        if seen <= limit {
            kept.extend_from_slice(&data);
        } else if seen > DRAIN_LIMIT {
            break;
        }
    }
    if seen > limit {
        return Err(too_large());
    }
    Ok(kept)
}
