//! Payouts: `session/init/payout`, `session/start/payout` and `fps/customer_verification`.

use serde_json::Value;

use crate::reply::PikeError;
use crate::state::{Route, Session, SessionStatus, State};

use super::Ctx;
use super::fields::{
    amount, echo, merged, new_session, object, session, session_answer, session_by_id, text,
};
use super::instrument::{fps_phone_exists, resolve};
use super::lifecycle::{conclude, new_operation};

/// Echoed parts of a payout request.
const ECHO: &[&str] = &["customer", "participant_details", "metadata"];
/// What FPS customer verification shows as its amount (1.00 RUB).
const VERIFICATION_AMOUNT: u64 = 100;

/// `session/init/payout`: a new session with one payout waiting for confirmation.
pub fn init(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let mut s = new_session(st, cx)?;
    add_payout(st, cx, &mut s, body)?;
    conclude_started(st, cx, s)
}

/// `session/start/payout`: one more payout in a session (fields overlay `session/create`).
pub fn start(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let mut s = startable(st, cx, body)?;
    let merged = merged(&s.prefill, body);
    crate::validation::validate_start(pikepay::Endpoint::SessionStartPayout, &merged)?;
    add_payout(st, cx, &mut s, &merged)?;
    conclude_started(st, cx, s)
}

/// The session named in `body`, unless it was cancelled: a session hosts several
/// operations (several payouts, a payment and its refund).
pub fn startable(st: &mut State, cx: &Ctx, body: &Value) -> Result<Session, PikeError> {
    let s = session(st, cx, body)?;
    if s.status == SessionStatus::Cancelled {
        return Err(PikeError::state(format!(
            "session {} is {}; start methods need a session that is not cancelled",
            s.id,
            s.status.as_str()
        )));
    }
    Ok(s.clone())
}

/// Stores a session whose operation now waits for confirmation; emits `ready_to_confirm`.
pub fn conclude_started(st: &mut State, cx: &mut Ctx, mut s: Session) -> Result<Value, PikeError> {
    s.settle(&cx.now);
    cx.emit("ready_to_confirm", &s);
    let answer = session_answer(&s);
    st.sessions.insert(s.id.clone(), s);
    Ok(answer)
}

fn add_payout(st: &mut State, cx: &Ctx, s: &mut Session, body: &Value) -> Result<(), PikeError> {
    let details = object(body, "payout_details", "payout_details")?
        .ok_or_else(|| PikeError::required("payout_details"))?;
    let money = object(body, "amount_details", "amount_details")?
        .ok_or_else(|| PikeError::required("amount_details"))?;
    let money = amount(money, "amount_details")?;
    let resolved = resolve(st, &cx.project, details, "payout_details")?;
    let id = st.next_id("po");
    s.payouts.push(new_operation(
        id,
        cx,
        money,
        resolved.shown,
        resolved.route,
        echo(body, ECHO),
    ));
    Ok(())
}

/// `fps/customer_verification`: checks the phone at once (no confirmation, no money).
pub fn verify_fps(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let mut s = match body.get("session_id").filter(|v| !v.is_null()) {
        Some(_) => {
            let id = text(body, "session_id", "session_id")?;
            let s = session_by_id(st, &cx.project, id)?;
            if s.status != SessionStatus::Created {
                return Err(PikeError::state(format!("session {} is not created", s.id)));
            }
            s.clone()
        }
        None => new_session(st, cx)?,
    };
    let details = object(body, "payout_details", "payout_details")?
        .ok_or_else(|| PikeError::required("payout_details"))?;
    let resolved = resolve(st, &cx.project, details, "payout_details")?;
    let Route::Fps(phone) = &resolved.route else {
        return Err(PikeError::invalid(
            "payout_details.bank_account.system_type.invalid",
        ));
    };
    let exists = fps_phone_exists(phone);
    let id = st.next_id("po");
    let mut op = new_operation(
        id,
        cx,
        (VERIFICATION_AMOUNT, "rub".to_owned()),
        resolved.shown,
        resolved.route.clone(),
        echo(body, ECHO),
    );
    if exists {
        let seq = st.next_seq();
        op.succeed(&cx.now, seq);
    } else {
        op.fail(
            "recipient_not_found",
            "no FPS account for this phone",
            &cx.now,
        );
    }
    s.payouts.push(op);
    conclude(st, cx, s)
}
