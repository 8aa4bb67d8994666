//! The async Pike client: signs, sends, retries safely and maps answers to [`Error`]s.
//!
//! Every call is serialized once, signed once and the same bytes are sent on every
//! attempt. Calls that create or move money carry an idempotency key (the caller's or
//! a generated one), and only those — or requests that provably never left — are
//! sent again. See [`Client::call`] for the retry rules.

mod builder;
mod idempotency;
mod observe;
mod resources;
mod retry;
mod transport;
mod wait;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use serde_json::{Map, Value};
use tracing::Instrument;
use tracing::field::Empty;

pub use builder::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_REQUEST_TIMEOUT, MAX_TIMEOUT,
};
pub use idempotency::{MAX_KEY_LEN, MIN_KEY_LEN};
pub use observe::{AttemptRequest, AttemptResponse, Decision, Observer};
pub use resources::{Fps, Recurrent, Sberpay, Sessions, Tokens, Wallet};
pub use transport::{HEADER_IDEMPOTENCY_KEY, HEADER_PROJECT, HEADER_SIGN, HEADER_SUBMERCHANT};
pub use wait::{WaitUntil, is_final_status};

use crate::endpoint::{ApiVersion, Endpoint, HttpMethod};
use crate::error::{Error, ErrorKind, Result};
use crate::signing::PrivateKey;
use crate::wire;
use idempotency::Unsupported;
use observe::Observers;
use retry::{Backoff, Next, classify, may_retry};
use transport::{Outcome, Prepared, Transport, describe};

/// Pike's test environment.
pub const DEMO_URL: &str = "https://proxy-demo.pikepayments.com";
/// Pike's live environment.
pub const LIVE_URL: &str = "https://proxy.pikepayments.com";

/// Per-call settings; every field falls back to the client's.
#[derive(Clone, Default, Debug)]
pub struct CallOptions {
    /// Idempotency key (4–64 visible ASCII characters); generated when absent for calls
    /// that create or move money.
    pub idempotency_key: Option<String>,
    /// Total deadline of this call, every attempt and wait included.
    pub timeout: Option<Duration>,
    /// Retries after the first attempt (0 means exactly one attempt).
    pub max_retries: Option<u32>,
    /// Send the body without validating it (the raw call path); it is still renamed,
    /// signed and retried the same way.
    pub skip_validation: bool,
    /// Fields added to the top level of the body (they replace fields of the same
    /// name), for fields this version does not know yet.
    pub extra_body: Map<String, Value>,
    /// `X-PARTNER-SUBMERCHANT` for this call, in place of the client's.
    pub submerchant: Option<String>,
    /// More headers for this call. Pike's own headers (`X-PARTNER-*`) and the content
    /// headers are set by the client and cannot be given here.
    pub headers: Vec<(String, String)>,
}

/// A successful answer.
#[derive(Clone, PartialEq)]
pub struct Reply {
    /// The whole answer with canonical (v2) names, `"status"` included.
    pub body: Value,
    /// The idempotency key the call was sent with; store it to retry safely.
    pub idempotency_key: Option<String>,
    /// HTTP status of the answer.
    pub http_status: u16,
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("body", &crate::redact::redact_json(&self.body))
            .field("idempotency_key", &self.idempotency_key)
            .field("http_status", &self.http_status)
            .finish()
    }
}

/// The Pike API client. Cheap to clone: clones share one connection pool and settings.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Transport,
    key: PrivateKey,
    base_url: String,
    api_version: ApiVersion,
    request_timeout: Duration,
    deadline: Duration,
    max_retries: u32,
    max_connections: usize,
    backoff: Backoff,
    log_bodies: bool,
    unsupported: Unsupported,
    observers: Observers,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_version", &self.inner.api_version)
            .field("max_retries", &self.inner.max_retries)
            .finish_non_exhaustive()
    }
}

/// Where a request goes: method, method path (no version prefix) and version.
#[derive(Debug)]
struct Target {
    method: HttpMethod,
    endpoint: Option<Endpoint>,
    path: String,
    version: ApiVersion,
}

impl Target {
    fn endpoint(endpoint: Endpoint, configured: ApiVersion) -> Self {
        Target {
            method: endpoint.http_method(),
            endpoint: Some(endpoint),
            path: endpoint.path().to_owned(),
            version: endpoint.effective_version(configured),
        }
    }

    /// Reads `session/status`, `/session/status` or `/api/v1/session/status`.
    fn parse(method: HttpMethod, path: &str, configured: ApiVersion) -> Result<Self> {
        let trimmed = path.trim().trim_start_matches('/');
        let (explicit, rest) = if let Some(rest) = trimmed.strip_prefix("api/v1/") {
            (Some(ApiVersion::V1), rest)
        } else if let Some(rest) = trimmed.strip_prefix("api/v2/") {
            (Some(ApiVersion::V2), rest)
        } else {
            (None, trimmed)
        };
        let rest = rest.trim_end_matches('/');
        let valid = !rest.is_empty()
            && rest.split('/').all(|seg| {
                !seg.is_empty()
                    && seg != ".."
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
            });
        if !valid {
            return Err(Error::invalid_field(
                "path",
                format!("'{path}' is not a Pike method path like 'session/status'"),
            ));
        }
        let endpoint = Endpoint::from_path(rest);
        let version = explicit.unwrap_or_else(|| match endpoint {
            Some(e) => e.effective_version(configured),
            None => configured,
        });
        Ok(Target {
            method,
            endpoint,
            path: rest.to_owned(),
            version,
        })
    }

    /// True when the call may have changed something (a known endpoint that does more
    /// than read, or an unknown method sent with an idempotency key): an unreadable
    /// answer to such a call leaves its outcome unknown.
    fn may_move_money(&self, keyed: bool) -> bool {
        match self.endpoint {
            Some(endpoint) => !endpoint.is_read_only(),
            None => keyed,
        }
    }

    fn url_path(&self) -> String {
        format!("/api/v{}/{}", self.version.number(), self.path)
    }

    fn method_name(&self) -> &'static str {
        match self.method {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

impl Client {
    /// A builder with every setting at its default.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The configured API version (v1-only endpoints still go to v1).
    pub fn api_version(&self) -> ApiVersion {
        self.inner.api_version
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Calls `endpoint` with a canonical (v2-named) JSON body and returns the answer
    /// with canonical names.
    ///
    /// Retries follow one rule: a request is sent again only when it provably never
    /// left (connect refused, DNS, TLS handshake), when it carries an idempotency
    /// key, or when the endpoint only reads, and only after 429 (honouring `Retry-After`), 500/502/503/504, a reset or
    /// a timeout; waits are exponential with full jitter; the total deadline bounds
    /// every attempt and wait. A keyed request whose answer was lost and whose retries
    /// ran out fails with [`ErrorKind::OutcomeUnknown`] carrying the key.
    pub async fn call(&self, endpoint: Endpoint, body: Value, opts: &CallOptions) -> Result<Reply> {
        let target = Target::endpoint(endpoint, self.inner.api_version);
        self.dispatch(target, body, opts).await
    }

    /// Calls any method path (`"session/status"` or `"/api/v1/session/status"`), for
    /// methods not modelled yet. Known paths get the same treatment as [`Client::call`];
    /// unknown paths carry an idempotency key only when `opts` gives one.
    pub async fn request(
        &self,
        method: HttpMethod,
        path: &str,
        body: Value,
        opts: &CallOptions,
    ) -> Result<Reply> {
        let target = Target::parse(method, path, self.inner.api_version)
            .map_err(|e| e.with_idempotency_key(opts.idempotency_key.clone()))?;
        self.dispatch(target, body, opts).await
    }

    /// `opts` with the idempotency key a call of `method` `path` is sent with: the
    /// caller's (checked, always sent), or a fresh one when the method creates or moves
    /// money (none where Pike refused generated keys before). [`Client::call`] and [`Client::request`] do this
    /// themselves; doing it first makes a generated key known before the call ends,
    /// e.g. to report it when the call is cancelled.
    pub fn with_planned_key(
        &self,
        method: HttpMethod,
        path: &str,
        opts: &CallOptions,
    ) -> Result<CallOptions> {
        let target = Target::parse(method, path, self.inner.api_version)?;
        Ok(CallOptions {
            idempotency_key: self.planned_key(&target, opts)?,
            ..opts.clone()
        })
    }

    /// The one rule for which key a call carries.
    fn planned_key(&self, target: &Target, opts: &CallOptions) -> Result<Option<String>> {
        Ok(match &opts.idempotency_key {
            Some(k) => {
                idempotency::validate(k)?;
                Some(k.clone())
            }
            None if target.endpoint.is_some_and(Endpoint::needs_idempotency_key)
                && !self.inner.unsupported.contains(&target.path) =>
            {
                Some(idempotency::generate())
            }
            None => None,
        })
    }

    async fn dispatch(&self, target: Target, body: Value, opts: &CallOptions) -> Result<Reply> {
        let span = tracing::debug_span!(
            "pikepay.call",
            method = %target.path,
            api_version = target.version.number(),
            idempotency_key = Empty,
            attempts = Empty,
            status = Empty,
            elapsed_ms = Empty,
        );
        let started = Instant::now();
        let result = self
            .send_in_span(&target, body, opts)
            .instrument(span.clone())
            .await;
        span.record("elapsed_ms", elapsed_ms(started));
        match &result {
            Ok(reply) => {
                tracing::debug!(parent: &span, http_status = reply.http_status, "call succeeded")
            }
            Err(e) => {
                tracing::debug!(parent: &span, error = e.code(), http_status = e.http_status(), "call failed")
            }
        }
        result
    }

    async fn send_in_span(
        &self,
        target: &Target,
        body: Value,
        opts: &CallOptions,
    ) -> Result<Reply> {
        let inner = &*self.inner;
        let mut key = self.planned_key(target, opts)?;
        let span = tracing::Span::current();
        if let Some(k) = &key {
            span.record("idempotency_key", k.as_str());
        }
        let prepared = self
            .prepare(target, body, opts)
            .map_err(|e| e.with_idempotency_key(key.clone()))?;

        let deadline = opts.timeout.unwrap_or(inner.deadline);
        let deadline_at =
            deadline_from_now(deadline).map_err(|e| e.with_idempotency_key(key.clone()))?;
        let callers_key = opts.idempotency_key.is_some();
        let max_retries = opts.max_retries.unwrap_or(inner.max_retries);
        let mut retries = 0u32;
        let mut waits = 0u32;
        let mut attempt = 0u32;
        let mut maybe_processed = false;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            let header = match key.as_deref().map(HeaderValue::from_str).transpose() {
                Ok(h) => h,
                Err(_) => {
                    return Err(Error::new(
                        ErrorKind::Internal,
                        "idempotency key is not a header value",
                    ));
                }
            };
            let attempt_span = tracing::debug_span!(
                "pikepay.attempt",
                attempt,
                idempotency_key = key.as_deref(),
                status = Empty,
                elapsed_ms = Empty,
            );
            let sent = AttemptRequest {
                method: target.method_name(),
                path: target.url_path(),
                attempt,
                idempotency_key: key.clone(),
            };
            inner.observers.request(&sent);
            let t0 = Instant::now();
            let outcome = inner
                .transport
                .send(
                    &prepared,
                    header.as_ref(),
                    inner.request_timeout,
                    deadline_at,
                )
                .instrument(attempt_span.clone())
                .await;
            let duration_ms = elapsed_ms(t0);
            attempt_span.record("elapsed_ms", duration_ms);
            let seen = |http_status, error: Option<&Error>, decision, reason: &str, retry_in| {
                AttemptResponse {
                    method: sent.method,
                    path: sent.path.clone(),
                    attempt,
                    idempotency_key: sent.idempotency_key.clone(),
                    http_status,
                    duration_ms,
                    error: error.map(|e| e.code().to_owned()),
                    decision,
                    reason: reason.to_owned(),
                    retry_in_ms: retry_in,
                }
            };

            let mut http_status = None;
            let (error, next, retry_after) = match outcome {
                Outcome::Answered {
                    status,
                    retry_after,
                    body,
                } => {
                    attempt_span.record("status", status);
                    span.record("status", status);
                    http_status = Some(status);
                    if inner.log_bodies {
                        log_body(&attempt_span, &body);
                    }
                    match answer_error(status, &body) {
                        Some(e)
                            if e.kind() == ErrorKind::Decode
                                && target.may_move_money(key.is_some()) =>
                        {
                            let e = unreadable(target, status, e.message());
                            (e, Next::Stop, None)
                        }
                        None => {
                            let result = reply(status, &body, key, target);
                            let (error, reason) = match &result {
                                Ok(_) => (None, "ok"),
                                Err(e) => (Some(e), e.code()),
                            };
                            inner.observers.response(&seen(
                                http_status,
                                error,
                                Decision::Done,
                                reason,
                                None,
                            ));
                            return result;
                        }
                        Some(e) => {
                            let next = classify(&e, status, key.is_some());
                            let (e, next) = if next == Next::DropKey && callers_key {
                                (refused_key(target, e), Next::Stop)
                            } else {
                                (e, next)
                            };
                            let e = if matches!(status, 429 | 503) {
                                e.with_retry_after(retry_after)
                            } else {
                                e
                            };
                            (e, next, retry_after)
                        }
                    }
                }
                Outcome::TooLarge { status, announced } => {
                    attempt_span.record("status", status);
                    span.record("status", status);
                    http_status = Some(status);
                    (
                        too_large(
                            target,
                            status,
                            announced,
                            inner.transport.max_response_bytes,
                            key.is_some(),
                        ),
                        Next::Stop,
                        None,
                    )
                }
                Outcome::NotSent(e) => (
                    Error::new(
                        ErrorKind::Network,
                        format!("request was not sent: {}", describe(&e)),
                    ),
                    Next::RetryAlways,
                    None,
                ),
                Outcome::NoFreeConnection => (
                    Error::new(
                        ErrorKind::Network,
                        format!(
                            "request was not sent: timed out waiting for a free connection \
                             (all {} in use)",
                            inner.max_connections
                        ),
                    ),
                    Next::RetryAlways,
                    None,
                ),
                Outcome::Lost(e) => {
                    if key.is_some() {
                        maybe_processed = true;
                    }
                    let what = if e.is_timeout() {
                        "timed out"
                    } else {
                        "lost its answer"
                    };
                    (
                        Error::new(
                            ErrorKind::OutcomeUnknown,
                            format!(
                                "{} {what} after it was sent; it may have been processed: {}",
                                target.path,
                                describe(&e)
                            ),
                        ),
                        Next::RetryIfKeyed,
                        None,
                    )
                }
            };
            let give_up = |error: Error, why: &str| -> Error {
                let error = if maybe_processed
                    && next != Next::Stop
                    && error.kind() != ErrorKind::OutcomeUnknown
                {
                    Error::new(
                        ErrorKind::OutcomeUnknown,
                        format!(
                            "{} may have been processed: an attempt was sent and its answer lost; \
                             {why}; last answer: {}",
                            target.path,
                            error.message()
                        ),
                    )
                } else if next == Next::DropKey {
                    // The method is now known to take no key: sending again will work.
                    error.with_retryable(true)
                } else {
                    error
                };
                error.with_idempotency_key(key.clone())
            };

            if next == Next::DropKey {
                inner.unsupported.remember(&target.path);
            }
            let resend_safe = key.is_some() || target.endpoint.is_some_and(Endpoint::is_read_only);
            if let Err(why) = may_retry(next, resend_safe, maybe_processed, retries, max_retries) {
                let decision = if next == Next::Stop {
                    Decision::Done
                } else {
                    Decision::GiveUp
                };
                let reason = if next == Next::Stop {
                    error.code()
                } else {
                    why
                };
                inner
                    .observers
                    .response(&seen(http_status, Some(&error), decision, reason, None));
                return Err(give_up(error, why));
            }
            let delay = match next {
                Next::DropKey => Duration::ZERO,
                _ => retry_after.unwrap_or_else(|| inner.backoff.delay(waits)),
            };
            if Instant::now()
                .checked_add(delay)
                .is_none_or(|at| at >= deadline_at)
            {
                let why = "the call deadline leaves no time for another attempt";
                inner.observers.response(&seen(
                    http_status,
                    Some(&error),
                    Decision::GiveUp,
                    why,
                    None,
                ));
                return Err(give_up(error, why));
            }
            if next == Next::DropKey {
                key = None;
            }
            if next != Next::StillRunning {
                retries += 1;
            }
            waits += 1;
            inner.observers.response(&seen(
                http_status,
                Some(&error),
                Decision::Retry,
                error.code(),
                Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX)),
            ));
            tokio::time::sleep(delay).await;
        }
    }

    /// Fills defaults, renames to the wire version, serializes once and signs.
    fn prepare(&self, target: &Target, body: Value, opts: &CallOptions) -> Result<Prepared> {
        let mut body = match body {
            Value::Null => Value::Object(Map::new()),
            Value::Object(_) => body,
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidRequest,
                    "the request body must be a JSON object",
                ));
            }
        };
        if let Some(map) = body.as_object_mut() {
            map.extend(opts.extra_body.clone());
        }
        wire::to_canonical(&mut body);
        if let Some(endpoint) = target.endpoint
            && let Some(map) = body.as_object_mut()
        {
            endpoint.fill_defaults(map)?;
        }
        if let Some(endpoint) = target.endpoint
            && !opts.skip_validation
        {
            crate::models::validate_request(endpoint, &body)?;
        }
        let headers = transport::call_headers(opts)?;
        if self.inner.log_bodies {
            tracing::debug!(body = %crate::redact::redact_json(&body), "request body");
        }
        wire::to_version(&mut body, target.version);
        let bytes = serde_json::to_vec(&body).map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                format!("request body could not be serialized: {e}"),
            )
        })?;
        let signature = self.inner.key.sign(&bytes)?;
        let signature = HeaderValue::from_str(&signature)
            .map_err(|_| Error::new(ErrorKind::Internal, "signature is not a header value"))?;
        Ok(Prepared {
            method: target.method,
            url: format!("{}{}", self.inner.base_url, target.url_path()),
            body: bytes,
            signature,
            headers,
        })
    }
}

/// The error an answer stands for, if any (non-2xx answers are always errors).
fn answer_error(status: u16, body: &[u8]) -> Option<Error> {
    match Error::from_response(status, body) {
        Some(e) => Some(e),
        None if !(200..300).contains(&status) => Some(
            Error::new(ErrorKind::Api, format!("unexpected HTTP status {status}"))
                .with_http_status(status),
        ),
        None => None,
    }
}

/// When a call of `timeout` from now ends; zero and out-of-range timeouts are refused.
fn deadline_from_now(timeout: Duration) -> Result<Instant> {
    if timeout.is_zero() {
        return Err(Error::invalid_field("timeout", "must be greater than zero"));
    }
    if timeout > MAX_TIMEOUT {
        return Err(Error::invalid_field(
            "timeout",
            format!(
                "must be at most {} days, got {} s",
                MAX_TIMEOUT.as_secs() / 86_400,
                timeout.as_secs()
            ),
        ));
    }
    Instant::now().checked_add(timeout).ok_or_else(|| {
        Error::invalid_field("timeout", "is beyond what this system's clock can count")
    })
}

/// The error for a 2xx answer that is not the JSON object expected: for a call that
/// may move money its outcome is unknown (the key lets the caller find out safely).
fn unreadable(target: &Target, status: u16, detail: &str) -> Error {
    Error::new(
        ErrorKind::OutcomeUnknown,
        format!(
            "{} answered HTTP {status} with a body that could not be read, so it may have \
             been processed: call again with the same idempotency key or check the session \
             status ({detail})",
            target.path
        ),
    )
    .with_http_status(status)
}

/// The error for a caller's idempotency key that Pike refused for this method: the key
/// is never dropped silently, the caller decides.
fn refused_key(target: &Target, e: Error) -> Error {
    e.context(format!(
        "Pike does not accept an idempotency key for {}; the request was refused and not \
         processed: call it again without idempotency_key",
        target.path
    ))
    .with_retryable(false)
}

/// The error for an answer longer than the client's cap, which was not read past it.
fn too_large(
    target: &Target,
    status: u16,
    announced: Option<u64>,
    cap: usize,
    keyed: bool,
) -> Error {
    let size = match announced {
        Some(n) => format!("{n} bytes"),
        None => "more bytes".to_owned(),
    };
    let what = format!(
        "{} answered HTTP {status} with {size} than the {cap}-byte answer limit; it was not \
         read (raise max_response_bytes if such answers are expected)",
        target.path
    );
    if target.may_move_money(keyed) {
        Error::new(
            ErrorKind::OutcomeUnknown,
            format!(
                "{what}; the call may have been processed: call again with the same idempotency key"
            ),
        )
    } else {
        Error::new(ErrorKind::Decode, what)
    }
    .with_http_status(status)
}

/// Turns a successful answer into a [`Reply`] with canonical names; an answer that is
/// not a JSON object is an error carrying the key.
fn reply(status: u16, body: &[u8], key: Option<String>, target: &Target) -> Result<Reply> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let mut value = match parsed {
        Some(v @ Value::Object(_)) => v,
        other => {
            let what = match other {
                None => "not JSON".to_owned(),
                Some(v) => format!("a JSON {}, not an object", crate::models::json_type(&v)),
            };
            let e = if target.may_move_money(key.is_some()) {
                unreadable(target, status, &what)
            } else {
                Error::new(
                    ErrorKind::Decode,
                    format!("answer (HTTP {status}) is {what}"),
                )
                .with_http_status(status)
            };
            return Err(e.with_idempotency_key(key));
        }
    };
    wire::to_canonical(&mut value);
    Ok(Reply {
        body: value,
        idempotency_key: key,
        http_status: status,
    })
}

/// Logs an answer body at `debug` level with secrets redacted.
fn log_body(span: &tracing::Span, body: &[u8]) {
    let shown = match serde_json::from_slice::<Value>(body) {
        Ok(v) => crate::redact::redact_json(&v).to_string(),
        Err(_) => format!("<{} bytes, not JSON>", body.len()),
    };
    tracing::debug!(parent: span, body = %shown, "response body");
}

fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_to_versions() {
        let t = Target::parse(HttpMethod::Post, "/session/status", ApiVersion::V2).unwrap();
        assert_eq!(t.url_path(), "/api/v2/session/status");
        assert_eq!(t.endpoint, Some(Endpoint::SessionStatus));
        let t = Target::parse(HttpMethod::Get, "fps/banks", ApiVersion::V2).unwrap();
        assert_eq!(t.url_path(), "/api/v1/fps/banks");
        let t = Target::parse(HttpMethod::Post, "/api/v1/session/status", ApiVersion::V2).unwrap();
        assert_eq!(t.url_path(), "/api/v1/session/status");
        let t = Target::parse(HttpMethod::Post, "new/method", ApiVersion::V2).unwrap();
        assert_eq!(t.endpoint, None);
        for bad in ["", "/", "../etc", "a b", "session/status?x=1", "a//b"] {
            let e = Target::parse(HttpMethod::Post, bad, ApiVersion::V2).unwrap_err();
            assert_eq!(e.field(), Some("path"), "{bad}");
        }
    }

    #[test]
    fn non_2xx_answers_are_errors() {
        assert!(answer_error(302, b"{}").is_some());
        assert!(answer_error(200, b"{\"status\":\"ok\"}").is_none());
    }
}
