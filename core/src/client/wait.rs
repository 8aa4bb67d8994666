//! Waiting for a session to reach a state by polling `session/status`.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{CallOptions, Client, Reply};
use crate::endpoint::Endpoint;
use crate::error::{Error, ErrorKind, Result};

/// What [`Client::wait`] waits for; it also stops at any final session status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitUntil {
    /// A final session status (`accepted`, `cancelled`/`canceled`).
    Final,
    /// Pike waits for you (`next_action` is set, e.g. `confirm` or `capture`).
    NextAction,
    /// The session status is one of these.
    Statuses(Vec<String>),
}

/// True for a session status that will not change any more.
pub fn is_final_status(status: &str) -> bool {
    matches!(status, "accepted" | "cancelled" | "canceled")
}

impl WaitUntil {
    /// Whether `session` (a canonical session object) satisfies this condition.
    pub fn is_met(&self, session: &Value) -> bool {
        let status = session.get("status").and_then(Value::as_str).unwrap_or("");
        match self {
            WaitUntil::Final => is_final_status(status),
            WaitUntil::NextAction => session
                .get("next_action")
                .and_then(Value::as_str)
                .is_some_and(|a| !a.is_empty()),
            WaitUntil::Statuses(list) => list.iter().any(|s| s == status),
        }
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
            if until.is_met(&session) || is_final_status(status) {
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

    #[test]
    fn conditions() {
        let s = json!({"status": "in_progress", "next_action": "confirm"});
        assert!(WaitUntil::NextAction.is_met(&s));
        assert!(!WaitUntil::Final.is_met(&s));
        assert!(WaitUntil::Statuses(vec!["in_progress".into()]).is_met(&s));
        assert!(WaitUntil::Final.is_met(&json!({"status": "canceled"})));
        assert!(
            !WaitUntil::NextAction.is_met(&json!({"status": "in_progress", "next_action": ""}))
        );
    }
}
