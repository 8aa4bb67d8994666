//! Reading the request fields a method needs, with Pike-style errors when they are absent.

use serde_json::{Map, Value};

use crate::reply::PikeError;
use crate::state::{Session, SessionStatus, State};

use super::Ctx;

/// A required non-empty string at `body[name]`; `path` names it in errors.
pub fn text<'a>(body: &'a Value, name: &str, path: &str) -> Result<&'a str, PikeError> {
    match body.get(name) {
        None | Some(Value::Null) => Err(PikeError::required(path)),
        Some(Value::String(s)) if s.trim().is_empty() => {
            Err(PikeError::invalid(format!("{path}.not_blank")))
        }
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(PikeError::invalid(format!("{path}.type"))),
    }
}

/// An optional object at `body[name]`.
pub fn object<'a>(body: &'a Value, name: &str, path: &str) -> Result<Option<&'a Value>, PikeError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v)),
        Some(_) => Err(PikeError::invalid(format!("{path}.type"))),
    }
}

/// `amount_details` as (amount > 0, lowercase currency).
pub fn amount(details: &Value, path: &str) -> Result<(u64, String), PikeError> {
    let amount = match details.get("amount") {
        None | Some(Value::Null) => return Err(PikeError::required(&format!("{path}.amount"))),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(a) if a > 0 => a,
            _ => return Err(PikeError::invalid(format!("{path}.amount.positive"))),
        },
        Some(_) => return Err(PikeError::invalid(format!("{path}.amount.type"))),
    };
    let currency = text(details, "currency", &format!("{path}.currency"))?;
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(PikeError::invalid(format!("{path}.currency.invalid")));
    }
    Ok((amount, currency.to_ascii_lowercase()))
}

/// The calling project's session named by `session_id`.
pub fn session<'a>(
    st: &'a mut State,
    cx: &Ctx,
    body: &Value,
) -> Result<&'a mut Session, PikeError> {
    let id = text(body, "session_id", "session_id")?;
    session_by_id(st, &cx.project, id)
}

/// The project's session `id`, or `repository_record_not_found`.
pub fn session_by_id<'a>(
    st: &'a mut State,
    project: &str,
    id: &str,
) -> Result<&'a mut Session, PikeError> {
    st.sessions
        .get_mut(id)
        .filter(|s| s.project == project)
        .ok_or_else(|| PikeError::not_found(format!("session {} not found", printable(id))))
}

/// Refuses to store more when `len` objects of a kind (`what`) are already stored.
pub fn room(len: usize, cx: &Ctx, what: &str) -> Result<(), PikeError> {
    if len >= cx.max_sessions {
        return Err(PikeError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            crate::reply::INTERNAL_ERROR,
            format!("the sandbox holds too many {what}; restart it"),
        ));
    }
    Ok(())
}

/// A new empty session for the calling project.
pub fn new_session(st: &mut State, cx: &Ctx) -> Result<Session, PikeError> {
    room(st.sessions.len(), cx, "sessions")?;
    Ok(Session {
        id: st.next_id("ps"),
        project: cx.project.clone(),
        status: SessionStatus::Created,
        created_at: cx.now.clone(),
        updated_at: cx.now.clone(),
        prefill: Map::new(),
        payouts: Vec::new(),
        payments: Vec::new(),
        has_public_token: false,
    })
}

/// The parts of a request that are echoed on the operation.
pub fn echo(body: &Value, names: &[&str]) -> Map<String, Value> {
    names
        .iter()
        .filter_map(|n| {
            body.get(*n)
                .filter(|v| !v.is_null())
                .map(|v| ((*n).to_owned(), v.clone()))
        })
        .collect()
}

/// `session`'s prefill overlaid with the fields of `body` (except `session_id`).
pub fn merged(prefill: &Map<String, Value>, body: &Value) -> Value {
    let mut m = prefill.clone();
    if let Some(b) = body.as_object() {
        for (k, v) in b {
            if k != "session_id" && !v.is_null() {
                m.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(m)
}

/// An id safe to print back: at most 64 characters.
pub fn printable(id: &str) -> String {
    id.chars().take(64).collect()
}

/// 32 random hex characters for tokens.
pub fn random_token() -> Result<String, PikeError> {
    let mut bytes = [0u8; 16];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| {
        PikeError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            crate::reply::INTERNAL_ERROR,
            "random generator failed",
        )
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The answer carrying a session.
pub fn session_answer(session: &Session) -> Value {
    crate::reply::ok_with(serde_json::json!({"session": session.render()}))
}

/// `amount_details` of `body` if present, checked against the operation's currency.
pub fn optional_amount(body: &Value, currency: &str) -> Result<Option<u64>, PikeError> {
    let Some(details) = object(body, "amount_details", "amount_details")? else {
        return Ok(None);
    };
    let (amount, cur) = amount(details, "amount_details")?;
    if cur != currency {
        return Err(PikeError::invalid("amount_details.currency.mismatch"));
    }
    Ok(Some(amount))
}

/// Renames `answer` to the naming of `project`'s API version (for the control API).
pub fn in_project_version(st: &State, project: &str, answer: &mut Value) {
    if let Some(p) = st.projects.get(project) {
        pikepay::wire::to_version(answer, p.api_version);
    }
}
