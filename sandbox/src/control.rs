//! The control API under `/_sandbox/` (JSON, no signature): projects, the webhook key,
//! deliveries, the ledger, faults, sandbox time, chargebacks and 3-D Secure results.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use pikepay::ApiVersion;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::app::App;
use crate::config::{Money, ProjectConfig};
use crate::faults::FaultRequest;
use crate::flows::{self, Ctx};
use crate::pike::read_body;
use crate::reply::{PikeError, json_response, ok_with};
use crate::state::{Project, State as Store};
use crate::webhooks::{self, enqueue_all, send_all};

type Shared = State<Arc<App>>;
type Answer = Result<Response, PikeError>;
type QueryMap = Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>;

/// The control routes.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/_sandbox/projects", post(register_project))
        .route("/_sandbox/public_key", get(public_key))
        .route("/_sandbox/deliveries", get(deliveries))
        .route("/_sandbox/deliveries/{id}/resend", post(resend))
        .route("/_sandbox/deliveries/{id}/duplicate", post(duplicate))
        .route("/_sandbox/deliveries/hold", post(hold))
        .route("/_sandbox/deliveries/release", post(release))
        .route("/_sandbox/ledger", get(ledger))
        .route("/_sandbox/requests", get(requests))
        .route("/_sandbox/faults", post(add_fault).delete(clear_faults))
        .route("/_sandbox/time/advance", post(advance_time))
        .route("/_sandbox/chargeback", post(chargeback))
        .route("/_sandbox/3ds", post(three_ds))
        .route("/_sandbox/3ds/{session_id}", get(three_ds_page))
        .route("/_sandbox/sberpay", post(three_ds))
        .route("/_sandbox/sberpay/{session_id}", get(three_ds_page))
        .layer(axum::middleware::from_fn(same_machine_only))
}

/// Refuses control requests a web page could have made: the `Host` must be a loopback
/// name (no DNS rebinding) and a POST must say `Content-Type: application/json`, which a
/// cross-site page cannot send without the sandbox's consent.
async fn same_machine_only(req: Request, next: axum::middleware::Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !is_loopback_host(host) {
        return PikeError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "the control API answers only requests to a loopback host (127.0.0.1, [::1], localhost)",
        )
        .response();
    }
    if req.method() == axum::http::Method::POST {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|h| h.to_str().ok())
            .and_then(|t| t.split(';').next())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return PikeError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "invalid_request",
                "control API requests must have Content-Type: application/json",
            )
            .response();
        }
    }
    next.run(req).await
}

/// `127.0.0.1`, `[::1]` or `localhost`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _port)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn ok() -> Answer {
    Ok(json_response(StatusCode::OK, &json!({"status": "ok"})))
}

async fn json_body<T: DeserializeOwned>(app: &App, req: Request) -> Result<T, PikeError> {
    let raw = read_body(req.into_body(), app.limits.max_body_bytes).await?;
    serde_json::from_slice(&raw).map_err(|e| PikeError::invalid(format!("control request: {e}")))
}

fn project_filter(q: QueryMap) -> Result<Option<String>, PikeError> {
    let Query(q) = q.map_err(|e| PikeError::invalid(format!("query: {e}")))?;
    Ok(q.get("project").cloned())
}

/// Runs `f` on the state with a context, then sends the webhooks it caused.
fn with_events(
    app: &Arc<App>,
    f: impl FnOnce(&mut Store, &mut Ctx) -> Result<Value, PikeError>,
) -> Result<Value, PikeError> {
    let (result, ids) = {
        let mut st = app.lock();
        let mut cx = app.context("");
        let result = f(&mut st, &mut cx);
        let ids = enqueue_all(app, &mut st, cx.events);
        (result, ids)
    };
    send_all(app, ids);
    result
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectRequest {
    name: String,
    public_key_pem: String,
    webhook_url: Option<String>,
    api_version: Option<u64>,
    wallet_balance: Option<Money>,
    #[serde(default)]
    idempotency_unsupported: Vec<String>,
}

async fn register_project(State(app): Shared, req: Request) -> Answer {
    let r: ProjectRequest = json_body(&app, req).await?;
    if r.name.is_empty() {
        return Err(PikeError::invalid("name.not_blank"));
    }
    let mut cfg = ProjectConfig::new(r.name, r.public_key_pem);
    cfg.webhook_url = r.webhook_url;
    if let Some(v) = r.api_version {
        cfg.api_version =
            ApiVersion::from_number(v).map_err(|_| PikeError::invalid("api_version.invalid"))?;
    }
    if let Some(m) = r.wallet_balance {
        cfg = cfg.wallet_balance(m.amount, m.currency);
    }
    cfg.idempotency_unsupported = r.idempotency_unsupported;
    let project = Project::from_config(&cfg)
        .map_err(|e| PikeError::invalid(format!("public_key_pem: {}", e.message())))?;
    app.lock().projects.insert(cfg.name, project);
    ok()
}

async fn public_key(State(app): Shared) -> Response {
    let mut resp = Response::new(Body::from(app.public_pem.clone()));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    resp
}

async fn deliveries(State(app): Shared, q: QueryMap) -> Answer {
    let project = project_filter(q)?;
    let list = app.lock().deliveries.list(project.as_deref());
    Ok(json_response(StatusCode::OK, &json!({"deliveries": list})))
}

fn missing_delivery(id: &str) -> PikeError {
    PikeError::not_found(format!("delivery {} not found", printable(id)))
}

fn printable(id: &str) -> String {
    id.chars().take(64).collect()
}

type PathId = Result<Path<String>, axum::extract::rejection::PathRejection>;

fn path_id(p: PathId) -> Result<String, PikeError> {
    p.map(|Path(id)| id)
        .map_err(|e| PikeError::invalid(format!("path: {e}")))
}

async fn resend(State(app): Shared, id: PathId) -> Answer {
    let id = path_id(id)?;
    if !webhooks::exists(&app.lock(), &id) {
        return Err(missing_delivery(&id));
    }
    webhooks::spawn(&app, id);
    ok()
}

async fn duplicate(State(app): Shared, id: PathId) -> Answer {
    let id = path_id(id)?;
    let copy = webhooks::duplicate(&mut app.lock(), &id).ok_or_else(|| missing_delivery(&id))?;
    webhooks::spawn(&app, copy.clone());
    Ok(json_response(StatusCode::OK, &ok_with(json!({"id": copy}))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HoldRequest {
    project: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleaseRequest {
    project: String,
    #[serde(default)]
    order: Option<String>,
}

async fn hold(State(app): Shared, req: Request) -> Answer {
    let r: HoldRequest = json_body(&app, req).await?;
    app.lock().deliveries.set_held(&r.project, true);
    ok()
}

async fn release(State(app): Shared, req: Request) -> Answer {
    let r: ReleaseRequest = json_body(&app, req).await?;
    let mut ids = app.lock().deliveries.release(&r.project);
    match r.order.as_deref() {
        None | Some("oldest_first") => {}
        Some("newest_first") => ids.reverse(),
        Some(_) => {
            return Err(PikeError::invalid(
                "order.invalid: oldest_first or newest_first",
            ));
        }
    }
    webhooks::spawn_in_order(&app, ids.clone());
    Ok(json_response(StatusCode::OK, &ok_with(json!({"ids": ids}))))
}

async fn ledger(State(app): Shared, q: QueryMap) -> Answer {
    let project = project_filter(q)?;
    let st = app.lock();
    let entries: Vec<&crate::state::LedgerEntry> = st
        .ledger
        .iter()
        .filter(|e| project.as_deref().is_none_or(|p| e.project == p))
        .collect();
    Ok(json_response(StatusCode::OK, &json!({"entries": entries})))
}

async fn requests(State(app): Shared, q: QueryMap) -> Answer {
    let project = project_filter(q)?;
    let st = app.lock();
    let list = st.requests.list(project.as_deref());
    Ok(json_response(StatusCode::OK, &json!({"requests": list})))
}

async fn add_fault(State(app): Shared, req: Request) -> Answer {
    let r: FaultRequest = json_body(&app, req).await?;
    let mode = r.mode().map_err(PikeError::invalid)?;
    if !app.lock().faults.add(&r.path, r.count, mode) {
        return Err(PikeError::invalid(
            "too many faults waiting; DELETE /_sandbox/faults",
        ));
    }
    ok()
}

async fn clear_faults(State(app): Shared) -> Answer {
    app.lock().faults.clear();
    ok()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceRequest {
    seconds: u64,
}

async fn advance_time(State(app): Shared, req: Request) -> Answer {
    let r: AdvanceRequest = json_body(&app, req).await?;
    app.clock.advance(r.seconds);
    with_events(&app, |st, cx| {
        flows::expire_waiting(st, cx);
        Ok(Value::Null)
    })?;
    Ok(json_response(
        StatusCode::OK,
        &ok_with(json!({"now": app.clock.stamp()})),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChargebackRequest {
    session_id: String,
    amount: Option<u64>,
}

async fn chargeback(State(app): Shared, req: Request) -> Answer {
    let r: ChargebackRequest = json_body(&app, req).await?;
    let answer = with_events(&app, |st, cx| {
        flows::chargeback(st, cx, &r.session_id, r.amount)
    })?;
    Ok(json_response(StatusCode::OK, &answer))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThreeDsRequest {
    session_id: String,
    result: String,
}

fn three_ds_result(result: &str) -> Result<bool, PikeError> {
    match result {
        "success" => Ok(true),
        "failure" => Ok(false),
        _ => Err(PikeError::invalid("result.invalid: success or failure")),
    }
}

async fn three_ds(State(app): Shared, req: Request) -> Answer {
    let r: ThreeDsRequest = json_body(&app, req).await?;
    let success = three_ds_result(&r.result)?;
    let answer = with_events(&app, |st, cx| {
        flows::finish_customer_action(st, cx, &r.session_id, success)
    })?;
    Ok(json_response(StatusCode::OK, &answer))
}

/// The 3-D Secure page the payer is redirected to: two links, then the result applied
/// and, when the payment had `payment_options.return_url`, a redirect there.
async fn three_ds_page(State(app): Shared, sid: PathId, q: QueryMap) -> Answer {
    let sid = path_id(sid)?;
    let Query(q) = q.map_err(|e| PikeError::invalid(format!("query: {e}")))?;
    let Some(result) = q.get("result") else {
        let page = format!(
            "<!doctype html><title>3-D Secure (sandbox)</title><h1>3-D Secure</h1>\
             <p><a href=\"?result=success\">Authenticate</a> | \
             <a href=\"?result=failure\">Fail authentication</a></p><p>{}</p>",
            html_escape(&sid)
        );
        return Ok(html(StatusCode::OK, page));
    };
    let success = three_ds_result(result)?;
    let answer = with_events(&app, |st, cx| {
        flows::finish_customer_action(st, cx, &sid, success)
    })?;
    let return_url = answer["session"]["payment_list"]
        .as_array()
        .or_else(|| answer["session"]["acquiring_payments"].as_array())
        .and_then(|items| {
            items
                .iter()
                .find_map(|i| i["payment_options"]["return_url"].as_str())
        })
        .and_then(|u| HeaderValue::from_str(u).ok());
    if let Some(url) = return_url {
        let mut resp = Response::new(Body::empty());
        *resp.status_mut() = StatusCode::SEE_OTHER;
        resp.headers_mut().insert(header::LOCATION, url);
        return Ok(resp);
    }
    let verdict = if success { "succeeded" } else { "failed" };
    Ok(html(
        StatusCode::OK,
        format!(
            "<!doctype html><title>3-D Secure (sandbox)</title><p>Authentication {verdict}.</p>"
        ),
    ))
}

fn html(status: StatusCode, page: String) -> Response {
    let mut resp = Response::new(Body::from(page));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}

fn html_escape(s: &str) -> String {
    s.chars()
        .take(64)
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}
