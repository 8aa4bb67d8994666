//! One call's attempts: each is prepared, sent, its outcome classified, and then a retry
//! decision is made, until the call finishes with the answer or with the error that
//! stands for the whole call. Observers and `tracing` see every step.

use std::time::{Duration, Instant};

use serde_json::Value;

use reqwest::header::HeaderValue;
use tracing::field::Empty;
use tracing::{Instrument, Span};

use super::observe::{AttemptRequest, AttemptResponse, Decision};
use super::retry::{Next, classify, may_retry};
use super::transport::{Outcome, Prepared, describe};
use super::{CallOptions, Client, Inner, Reply, Target, deadline_from_now, elapsed_ms};
use crate::endpoint::Endpoint;
use crate::error::{Error, ErrorKind, Result};
use crate::wire;

/// A call under way: the signed request, the key it carries and what its attempts
/// used up so far.
pub(super) struct Call<'a> {
    inner: &'a Inner,
    target: &'a Target,
    prepared: Prepared,
    /// The key sent (dropped when Pike refuses keys for the method).
    key: Option<String>,
    callers_key: bool,
    deadline_at: Instant,
    max_retries: u32,
    /// Retries counted against `max_retries`.
    retries: u32,
    /// Waits so far, for the backoff.
    waits: u32,
    attempt: u32,
    /// An attempt with the key was sent and its answer lost.
    maybe_processed: bool,
    span: Span,
}

/// One attempt as sent: what observers were told, and its span.
struct Sent {
    request: AttemptRequest,
    span: Span,
    duration_ms: u64,
}

/// An attempt that did not end the call by itself.
struct Failure {
    error: Error,
    next: Next,
    retry_after: Option<Duration>,
    http_status: Option<u16>,
}

/// Why no further attempt is made.
struct Stop {
    decision: Decision,
    reason: &'static str,
    why: &'static str,
}

impl<'a> Call<'a> {
    /// Chooses the key, prepares the signed bytes and sets the deadline; every error
    /// after the key is chosen carries it.
    pub(super) fn start(
        client: &'a Client,
        target: &'a Target,
        body: serde_json::Value,
        opts: &CallOptions,
    ) -> Result<Self> {
        let inner = &*client.inner;
        let key = client.planned_key(target, opts)?;
        let span = Span::current();
        if let Some(k) = &key {
            span.record("idempotency_key", k.as_str());
        }
        let with_key = |e: Error| e.with_idempotency_key(key.clone());
        let prepared = client.prepare(target, body, opts).map_err(with_key)?;
        let deadline = opts.timeout.unwrap_or(inner.settings.timeout);
        let deadline_at = deadline_from_now(deadline).map_err(with_key)?;
        Ok(Call {
            inner,
            target,
            prepared,
            callers_key: opts.idempotency_key.is_some(),
            max_retries: opts.max_retries.unwrap_or(inner.settings.max_retries),
            key,
            deadline_at,
            retries: 0,
            waits: 0,
            attempt: 0,
            maybe_processed: false,
            span,
        })
    }

    /// Sends attempts until the call ends.
    pub(super) async fn run(mut self) -> Result<Reply> {
        loop {
            let (mut sent, header) = self.prepare_attempt()?;
            let outcome = self.send(&mut sent, header.as_ref()).await;
            let failure = match self.classify_outcome(outcome, &sent) {
                Ok(done) => return done,
                Err(failure) => failure,
            };
            let delay = match self.retry_decision(&failure) {
                Ok(delay) => delay,
                Err(stop) => return Err(self.finish(&sent, failure, &stop)),
            };
            self.observe(
                &sent,
                &failure,
                Decision::Retry,
                failure.error.code(),
                Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX)),
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// Numbers the next attempt, opens its span and tells observers it leaves.
    fn prepare_attempt(&mut self) -> Result<(Sent, Option<HeaderValue>)> {
        self.attempt += 1;
        self.span.record("attempts", self.attempt);
        let header = self
            .key
            .as_deref()
            .map(HeaderValue::from_str)
            .transpose()
            .map_err(|_| {
                Error::new(ErrorKind::Internal, "idempotency key is not a header value")
            })?;
        let span = tracing::debug_span!(
            "pikepay.attempt",
            attempt = self.attempt,
            idempotency_key = self.key.as_deref(),
            status = Empty,
            elapsed_ms = Empty,
        );
        let request = AttemptRequest {
            method: self.target.method_name(),
            path: self.target.url_path(),
            attempt: self.attempt,
            idempotency_key: self.key.clone(),
        };
        self.inner.observers.request(&request);
        let sent = Sent {
            request,
            span,
            duration_ms: 0,
        };
        Ok((sent, header))
    }

    /// One HTTP exchange within the call's deadline.
    async fn send(&self, sent: &mut Sent, header: Option<&HeaderValue>) -> Outcome {
        let started = Instant::now();
        let outcome = self
            .inner
            .transport
            .send(
                &self.prepared,
                header,
                self.inner.settings.request_timeout,
                self.deadline_at,
            )
            .instrument(sent.span.clone())
            .await;
        sent.duration_ms = elapsed_ms(started);
        sent.span.record("elapsed_ms", sent.duration_ms);
        outcome
    }

    /// What the outcome means: the call's result when it ends here (a success, or an
    /// answer that is no error yet cannot be read), else the attempt's error and what it
    /// allows next.
    fn classify_outcome(
        &mut self,
        outcome: Outcome,
        sent: &Sent,
    ) -> std::result::Result<Result<Reply>, Failure> {
        let keyed = self.key.is_some();
        let target = self.target;
        let (error, next, retry_after, http_status) = match outcome {
            Outcome::Answered {
                status,
                retry_after,
                body,
            } => {
                self.record_status(sent, status);
                if self.inner.log_bodies {
                    log_body(&sent.span, &body);
                }
                match answer_error(status, &body) {
                    None => {
                        let result = reply(status, &body, self.key.clone(), target);
                        let (error, reason) = match &result {
                            Ok(_) => (None, "ok"),
                            Err(e) => (Some(e.code().to_owned()), e.code()),
                        };
                        let seen = self.response(sent, Some(status), error, Decision::Done, reason);
                        self.inner.observers.response(&seen);
                        return Ok(result);
                    }
                    Some(e) if e.kind() == ErrorKind::Decode && target.may_move_money(keyed) => {
                        let e = unreadable(target, status, e.message());
                        (e, Next::Stop, None, Some(status))
                    }
                    Some(e) => {
                        let (e, next) = match classify(&e, status, keyed) {
                            Next::DropKey if self.callers_key => {
                                (refused_key(target, e), Next::Stop)
                            }
                            next => (e, next),
                        };
                        let e = if matches!(status, 429 | 503) {
                            e.with_retry_after(retry_after)
                        } else {
                            e
                        };
                        (e, next, retry_after, Some(status))
                    }
                }
            }
            Outcome::TooLarge { status, announced } => {
                self.record_status(sent, status);
                let cap = self.inner.transport.max_response_bytes;
                let e = too_large(target, status, announced, cap, keyed);
                (e, Next::Stop, None, Some(status))
            }
            Outcome::NotSent(e) => {
                let what = format!("request was not sent: {}", describe(&e));
                (
                    Error::new(ErrorKind::Network, what),
                    Next::RetryAlways,
                    None,
                    None,
                )
            }
            Outcome::NoFreeConnection => {
                let what = format!(
                    "request was not sent: timed out waiting for a free connection \
                     (all {} in use)",
                    self.inner.settings.max_connections
                );
                (
                    Error::new(ErrorKind::Network, what),
                    Next::RetryAlways,
                    None,
                    None,
                )
            }
            Outcome::Lost(e) => {
                self.maybe_processed |= keyed;
                let what = if e.is_timeout() {
                    "timed out"
                } else {
                    "lost its answer"
                };
                let message = format!(
                    "{} {what} after it was sent; it may have been processed: {}",
                    target.path,
                    describe(&e)
                );
                let e = Error::new(ErrorKind::OutcomeUnknown, message);
                (e, Next::RetryIfKeyed, None, None)
            }
        };
        Err(Failure {
            error,
            next,
            retry_after,
            http_status,
        })
    }

    /// Whether another attempt is made, and after which wait; a method Pike refuses keys
    /// for is remembered, and its next attempt goes without the key.
    fn retry_decision(&mut self, failure: &Failure) -> std::result::Result<Duration, Stop> {
        let next = failure.next;
        if next == Next::DropKey {
            self.inner.unsupported.remember(&self.target.path);
        }
        let read_only = self.target.endpoint.is_some_and(Endpoint::is_read_only);
        let resend_safe = self.key.is_some() || read_only;
        let allowed = may_retry(
            next,
            resend_safe,
            self.maybe_processed,
            self.retries,
            self.max_retries,
        );
        if let Err(why) = allowed {
            return Err(match next {
                Next::Stop => Stop {
                    decision: Decision::Done,
                    reason: failure.error.code(),
                    why,
                },
                _ => Stop {
                    decision: Decision::GiveUp,
                    reason: why,
                    why,
                },
            });
        }
        let delay = match next {
            Next::DropKey => Duration::ZERO,
            _ => failure
                .retry_after
                .unwrap_or_else(|| self.inner.backoff.delay(self.waits)),
        };
        if Instant::now()
            .checked_add(delay)
            .is_none_or(|at| at >= self.deadline_at)
        {
            let why = "the call deadline leaves no time for another attempt";
            return Err(Stop {
                decision: Decision::GiveUp,
                reason: why,
                why,
            });
        }
        Ok(delay)
    }

    /// Ends the call with `failure`'s error: an outcome left unknown by an earlier lost
    /// answer says so, and the error carries the key the call was sent with.
    fn finish(&mut self, sent: &Sent, failure: Failure, stop: &Stop) -> Error {
        self.observe(sent, &failure, stop.decision, stop.reason, None);
        let Failure { error, next, .. } = failure;
        let error = if self.maybe_processed
            && next != Next::Stop
            && error.kind() != ErrorKind::OutcomeUnknown
        {
            Error::new(
                ErrorKind::OutcomeUnknown,
                format!(
                    "{} may have been processed: an attempt was sent and its answer lost; \
                     {}; last answer: {}",
                    self.target.path,
                    stop.why,
                    error.message()
                ),
            )
        } else if next == Next::DropKey {
            // The method is now known to take no key: sending again will work.
            error.with_retryable(true)
        } else {
            error
        };
        error.with_idempotency_key(self.key.clone())
    }

    /// Tells observers about a failed attempt; on a retry, also counts it and drops the
    /// key when Pike refused it.
    fn observe(
        &mut self,
        sent: &Sent,
        failure: &Failure,
        decision: Decision,
        reason: &str,
        retry_in_ms: Option<u64>,
    ) {
        let error = Some(failure.error.code().to_owned());
        let mut seen = self.response(sent, failure.http_status, error, decision, reason);
        seen.retry_in_ms = retry_in_ms;
        if decision == Decision::Retry {
            if failure.next == Next::DropKey {
                self.key = None;
            }
            if failure.next != Next::StillRunning {
                self.retries += 1;
            }
            self.waits += 1;
        }
        self.inner.observers.response(&seen);
    }

    fn record_status(&self, sent: &Sent, status: u16) {
        sent.span.record("status", status);
        self.span.record("status", status);
    }

    fn response(
        &self,
        sent: &Sent,
        http_status: Option<u16>,
        error: Option<String>,
        decision: Decision,
        reason: &str,
    ) -> AttemptResponse {
        AttemptResponse {
            method: sent.request.method,
            path: sent.request.path.clone(),
            attempt: sent.request.attempt,
            idempotency_key: sent.request.idempotency_key.clone(),
            http_status,
            duration_ms: sent.duration_ms,
            error,
            decision,
            reason: reason.to_owned(),
            retry_in_ms: None,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_2xx_answers_are_errors() {
        assert!(answer_error(302, b"{}").is_some());
        assert!(answer_error(200, b"{\"status\":\"ok\"}").is_none());
    }
}
