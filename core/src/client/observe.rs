//! What a client shows of each attempt: an [`Observer`] sees every request before it
//! leaves and every outcome after, and each outcome is also one `tracing` event
//! (target `pikepay::client`). Neither carries a body, a header value other than the
//! idempotency key, or anything secret.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// An attempt about to be sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttemptRequest {
    /// `"POST"` or `"GET"`.
    pub method: &'static str,
    /// URL path with the version prefix, e.g. `"/api/v2/session/init/payout"`.
    pub path: String,
    /// 1 for the first attempt of a call, then 2, 3, …
    pub attempt: u32,
    /// The idempotency key sent with this attempt, if any.
    pub idempotency_key: Option<String>,
}

/// What the client decided after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The call ends with this attempt's answer (a success, or an error that is final).
    Done,
    /// Another attempt follows after `retry_in_ms`.
    Retry,
    /// The attempt failed in a retryable way, but no further attempt is made (`reason`
    /// says why: no retries left, not safe to send again, deadline).
    GiveUp,
}

impl Decision {
    /// The snake_case name used in logs and bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Done => "done",
            Decision::Retry => "retry",
            Decision::GiveUp => "give_up",
        }
    }
}

/// The outcome of one attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttemptResponse {
    /// `"POST"` or `"GET"`.
    pub method: &'static str,
    /// URL path with the version prefix.
    pub path: String,
    /// 1 for the first attempt of a call, then 2, 3, …
    pub attempt: u32,
    /// The idempotency key sent with this attempt, if any.
    pub idempotency_key: Option<String>,
    /// HTTP status of the answer; `None` when no answer came (not sent, reset, timeout).
    pub http_status: Option<u16>,
    /// Time from sending to the whole answer (or the failure), in milliseconds.
    pub duration_ms: u64,
    /// Error code of this attempt (`"server_error"`, `"outcome_unknown"`, …); `None` on success.
    pub error: Option<String>,
    /// What happens next.
    pub decision: Decision,
    /// Why: the error code that makes a retry worth it, why the client gives up, or `"ok"`.
    pub reason: String,
    /// The wait before the next attempt, when `decision` is [`Decision::Retry`].
    pub retry_in_ms: Option<u64>,
}

impl fmt::Display for AttemptResponse {
    /// One line for logs: `POST /api/v2/… attempt 1: HTTP 503 in 4 ms, retry in 120 ms (server_error)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} attempt {}: ",
            self.method, self.path, self.attempt
        )?;
        match self.http_status {
            Some(status) => write!(f, "HTTP {status}")?,
            None => f.write_str("no answer")?,
        }
        write!(f, " in {} ms, ", self.duration_ms)?;
        match (self.decision, self.retry_in_ms) {
            (Decision::Retry, Some(ms)) => write!(f, "retry in {ms} ms")?,
            (decision, _) => f.write_str(decision.as_str())?,
        }
        write!(f, " ({})", self.reason)?;
        if let Some(key) = &self.idempotency_key {
            write!(f, " key={key}")?;
        }
        Ok(())
    }
}

/// Per-client callbacks for metrics and tracing; both default to doing nothing.
///
/// They run on the client's runtime, in the middle of a call: keep them quick and never
/// block in them.
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use pikepay::client::{AttemptResponse, Decision, Observer};
///
/// #[derive(Default)]
/// struct Retries(AtomicU64);
///
/// impl Observer for Retries {
///     fn on_response(&self, attempt: &AttemptResponse) {
///         if attempt.decision == Decision::Retry {
///             self.0.fetch_add(1, Ordering::Relaxed);
///         }
///     }
/// }
///
/// let key = pikepay::testing::generate_key_pair()?;
/// let client = pikepay::Client::builder()
///     .project("shop")
///     .private_key(pikepay::PrivateKey::from_pem_or_der(&key.private_pem)?)
///     .observer(Arc::new(Retries::default()))
///     .build()?;
/// # let _ = client;
/// # Ok::<(), pikepay::Error>(())
/// ```
pub trait Observer: Send + Sync {
    /// Called just before an attempt is sent.
    fn on_request(&self, _request: &AttemptRequest) {}
    /// Called once per attempt, when its outcome and the next step are known.
    fn on_response(&self, _response: &AttemptResponse) {}
}

/// The observers of one client.
#[derive(Clone, Default)]
pub(crate) struct Observers(pub(crate) Vec<Arc<dyn Observer>>);

impl Observers {
    pub(crate) fn request(&self, request: &AttemptRequest) {
        for o in &self.0 {
            o.on_request(request);
        }
    }

    /// Tells the observers and emits the attempt's `tracing` event.
    pub(crate) fn response(&self, response: &AttemptResponse) {
        log_attempt(response);
        for o in &self.0 {
            o.on_response(response);
        }
    }
}

/// The attempt's `tracing` event: `debug` when the call ends, `info` for a retry,
/// `warn` when the client gives up on a retryable failure.
fn log_attempt(r: &AttemptResponse) {
    macro_rules! attempt_event {
        ($level:expr) => {
            tracing::event!(
                target: "pikepay::client",
                $level,
                method = r.method,
                path = %r.path,
                attempt = r.attempt,
                http_status = r.http_status,
                duration_ms = r.duration_ms,
                idempotency_key = r.idempotency_key.as_deref(),
                error = r.error.as_deref(),
                decision = r.decision.as_str(),
                reason = %r.reason,
                retry_in_ms = r.retry_in_ms,
                "{r}"
            )
        };
    }
    match r.decision {
        Decision::Done => attempt_event!(tracing::Level::DEBUG),
        Decision::Retry => attempt_event!(tracing::Level::INFO),
        Decision::GiveUp => attempt_event!(tracing::Level::WARN),
    }
}
