//! Waiting for a session to reach a state by polling `session/status`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{CallOptions, Client, Reply};
use crate::endpoint::Endpoint;
use crate::error::{Error, ErrorKind, Result};

/// What [`Client::wait`] waits for; it also stops at any final session status.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum WaitUntil {
    /// A final session status (`accepted`, `cancelled`/`canceled`).
    #[default]
    Final,
    /// Pike waits for you (`next_action` is set, e.g. `confirm` or `capture`).
    NextAction,
    /// The session status is one of these.
    Statuses(Vec<String>),
    /// The caller's own condition on the session (a Python or JS function).
    Check(SessionCheck),
}

type CheckFuture = Pin<Box<dyn Future<Output = Result<bool>> + Send>>;

/// A condition on the session, asked after each poll with the canonical session
/// object: `Ok(true)` ends the wait, an error ends it with that error.
#[derive(Clone)]
pub struct SessionCheck(Arc<dyn Fn(Value) -> CheckFuture + Send + Sync>);

impl SessionCheck {
    /// A condition from an async function of the session.
    pub fn new<F, Fut>(check: F) -> Self
    where
        F: Fn(Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<bool>> + Send + 'static,
    {
        SessionCheck(Arc::new(move |session| Box::pin(check(session))))
    }
}

impl fmt::Debug for SessionCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionCheck(..)")
    }
}

/// Two checks are equal when they are the same function.
impl PartialEq for SessionCheck {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SessionCheck {}

/// True for a session status that will not change any more.
pub fn is_final_status(status: &str) -> bool {
    matches!(status, "accepted" | "cancelled" | "canceled")
}

impl WaitUntil {
    /// The condition a language gives as JSON: `"final"`, `"next_action"`, any other
    /// session status (`"accepted"`), or a non-empty list of statuses; `null` is
    /// [`WaitUntil::Final`]. Anything else is an `InvalidRequest` error on `until`.
    pub fn from_json(until: &Value) -> Result<WaitUntil> {
        let refused = || {
            Error::invalid_field(
                "until",
                "must be 'final', 'next_action', a session status, a non-empty list of \
                 session statuses, or a function of the session",
            )
        };
        match until {
            Value::Null => Ok(WaitUntil::Final),
            Value::String(s) if s == "final" => Ok(WaitUntil::Final),
            Value::String(s) if s == "next_action" => Ok(WaitUntil::NextAction),
            Value::String(s) if !s.trim().is_empty() => Ok(WaitUntil::Statuses(vec![s.clone()])),
            Value::Array(items) if !items.is_empty() => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .filter(|s| !s.trim().is_empty())
                        .map(str::to_owned)
                        .ok_or_else(refused)
                })
                .collect::<Result<Vec<_>>>()
                .map(WaitUntil::Statuses),
            _ => Err(refused()),
        }
    }

    /// Whether `session` (a canonical session object) satisfies this condition; only a
    /// [`WaitUntil::Check`] can fail.
    pub async fn is_met(&self, session: &Value) -> Result<bool> {
        let status = session.get("status").and_then(Value::as_str).unwrap_or("");
        Ok(match self {
            WaitUntil::Final => is_final_status(status),
            WaitUntil::NextAction => session
                .get("next_action")
                .and_then(Value::as_str)
                .is_some_and(|a| !a.is_empty()),
            WaitUntil::Statuses(list) => list.iter().any(|s| s == status),
            WaitUntil::Check(check) => (check.0)(session.clone()).await?,
        })
    }
}

impl Client {
    /// Polls `session/status` (with growing pauses) until `until` holds or the session
    /// is final, within `deadline`; the fallback for webhooks that never came.
    /// Returns the last status answer.
    pub async fn wait(
        &self,
        session_id: &str,
        until: WaitUntil,
        deadline: Duration,
    ) -> Result<Reply> {
        if session_id.trim().is_empty() {
            return Err(Error::invalid_field("session_id", "must not be empty"));
        }
        let deadline_at = super::deadline_from_now(deadline)?;
        let mut polls = 0u32;
        let mut last_status: Option<String> = None;
        loop {
            let remaining = deadline_at.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(not_reached(
                    session_id,
                    &until,
                    deadline,
                    last_status.as_deref(),
                ));
            }
            let opts = CallOptions {
                timeout: Some(remaining),
                ..CallOptions::default()
            };
            let polled = self
                .call(
                    Endpoint::SessionStatus,
                    json!({ "session_id": session_id }),
                    &opts,
                )
                .await;
            let reply = match polled {
                Ok(reply) => reply,
                // The deadline cut a poll short: report where the session was last seen.
                Err(e) if last_status.is_some() && Instant::now() >= deadline_at => {
                    return Err(
                        not_reached(session_id, &until, deadline, last_status.as_deref())
                            .with_retryable(e.retryable()),
                    );
                }
                Err(e) => return Err(e),
            };
            let session = reply.body.get("session").cloned().unwrap_or(Value::Null);
            let status = session.get("status").and_then(Value::as_str).unwrap_or("");
            if is_final_status(status) || until.is_met(&session).await? {
                return Ok(reply);
            }
            let pause = self.inner.backoff.ceiling(polls);
            if Instant::now()
                .checked_add(pause)
                .is_none_or(|at| at >= deadline_at)
            {
                return Err(not_reached(session_id, &until, deadline, Some(status)));
            }
            last_status = Some(status.to_owned());
            tokio::time::sleep(pause).await;
            polls += 1;
        }
    }
}

/// The error for a wait that ran out of time: the session is not yet where it was
/// expected, so its outcome is not known yet.
fn not_reached(
    session_id: &str,
    until: &WaitUntil,
    deadline: Duration,
    status: Option<&str>,
) -> Error {
    Error::new(
        ErrorKind::OutcomeUnknown,
        format!(
            "session {session_id} did not reach {until:?} within {deadline:?}; its last status was '{}'",
            status.unwrap_or("unknown")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn conditions() {
        let met = |until: WaitUntil, s: Value| async move { until.is_met(&s).await.unwrap() };
        let s = json!({"status": "in_progress", "next_action": "confirm"});
        assert!(met(WaitUntil::NextAction, s.clone()).await);
        assert!(!met(WaitUntil::Final, s.clone()).await);
        assert!(met(WaitUntil::Statuses(vec!["in_progress".into()]), s.clone()).await);
        assert!(met(WaitUntil::Final, json!({"status": "canceled"})).await);
        let empty = json!({"status": "in_progress", "next_action": ""});
        assert!(!met(WaitUntil::NextAction, empty).await);
        let check = SessionCheck::new(|s: Value| async move { Ok(s["amount"] == 5) });
        assert!(met(WaitUntil::Check(check), json!({"amount": 5})).await);
    }
}
