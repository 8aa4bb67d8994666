//! The async Pike client: signs, sends, retries safely and maps answers to [`Error`]s.
//!
//! Every call is serialized once, signed once and the same bytes are sent on every
//! attempt. Calls that create or move money carry an idempotency key (the caller's or
//! a generated one), and only those — or requests that provably never left — are
//! sent again. See [`Client::call`] for the retry rules.

mod attempts;
mod builder;
mod connect_gate;
mod idempotency;
mod observe;
mod options;
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
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_REQUEST_TIMEOUT, DEFAULT_SETTINGS,
    DEFAULT_WAIT_TIMEOUT, MAX_TIMEOUT, Settings, user_agent,
};
pub use idempotency::{MAX_KEY_LEN, MIN_KEY_LEN};
pub use observe::{AttemptRequest, AttemptResponse, Decision, Observer};
pub use options::{
    CALL_OPTIONS, CallOptions, Dialect, OptionKind, OptionSpec, WAIT_OPTIONS, WaitOptions,
};
pub use resources::{Fps, Recurrent, Sberpay, Sessions, Tokens, Wallet};
pub use transport::{HEADER_IDEMPOTENCY_KEY, HEADER_PROJECT, HEADER_SIGN, HEADER_SUBMERCHANT};
pub use wait::{SessionCheck, WaitUntil, is_final_status};

use crate::endpoint::{ApiVersion, Endpoint, HttpMethod};
use crate::error::{Error, ErrorKind, Result};
use crate::signing::PrivateKey;
use crate::wire;
use attempts::Call;
use idempotency::Unsupported;
use observe::Observers;
use retry::Backoff;
use transport::{Prepared, Transport};

/// Pike's test environment.
pub const DEMO_URL: &str = "https://proxy-demo.pikepayments.com";
/// Pike's live environment.
pub const LIVE_URL: &str = "https://proxy.pikepayments.com";

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
    settings: builder::Settings,
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
            .field("max_retries", &self.inner.settings.max_retries)
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

    /// The timeouts and limits this client was built with (defaults filled in).
    pub fn settings(&self) -> Settings {
        self.inner.settings
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
        let result = async { Call::start(self, &target, body, opts)?.run().await }
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
            body: bytes.into(),
            signature,
            headers,
        })
    }
}

/// When a call of `timeout` from now ends; zero and out-of-range timeouts are refused.
fn deadline_from_now(timeout: Duration) -> Result<Instant> {
    if let Some(problem) = builder::timeout_problem(timeout) {
        let got = format!("{problem}, got {} s", timeout.as_secs());
        return Err(Error::invalid_field("timeout", got));
    }
    Instant::now().checked_add(timeout).ok_or_else(|| {
        Error::invalid_field("timeout", "is beyond what this system's clock can count")
    })
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
}
