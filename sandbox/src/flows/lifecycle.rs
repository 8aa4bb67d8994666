//! Session methods shared by payouts and payments: create, status, confirm, cancel, the
//! customer's action (3-D Secure, SberPay), and automatic cancellation of operations
//! left waiting too long.

use std::time::Duration;

use serde_json::{Value, json};

use crate::clock::format_time;
use crate::reply::PikeError;
use crate::state::{Operation, RecurrentToken, Route, Session, SessionStatus, Stage, State};

use super::Ctx;
use super::fields::{new_session, random_token, session, session_answer, session_by_id};
use super::instrument::{Behaviour, behaviour, fps_phone_exists};

/// `ready_to_confirm` is cancelled after this long without an answer.
pub const CONFIRM_TIMEOUT: Duration = Duration::from_secs(240 * 60);
/// `action_required` (3-D Secure, SberPay) is cancelled after this long.
pub const ACTION_TIMEOUT: Duration = Duration::from_secs(60 * 60);
/// A hold is released after this long (3 days 23 hours).
pub const HOLD_TIMEOUT: Duration = Duration::from_secs((3 * 24 + 23) * 3600);
/// How long a recurring token lives.
const RECURRENT_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);

/// Fields `session/create` keeps for the start methods.
const PREFILL: &[&str] = &[
    "payout_details",
    "payment_details",
    "amount_details",
    "participant_details",
    "customer",
    "payment_options",
    "metadata",
];

/// `session/create`: an empty or pre-filled session.
pub fn create(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let mut s = new_session(st, cx)?;
    for name in PREFILL {
        if let Some(v) = body.get(*name).filter(|v| !v.is_null()) {
            s.prefill.insert((*name).to_owned(), v.clone());
        }
    }
    let answer = session_answer(&s);
    st.sessions.insert(s.id.clone(), s);
    Ok(answer)
}

/// `session/status`.
pub fn status(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    Ok(session_answer(session(st, cx, body)?))
}

/// `session/confirm`: executes every operation waiting for confirmation.
pub fn confirm(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let mut s = session(st, cx, body)?.clone();
    if s.next_action() != Some("confirm") {
        return Err(PikeError::state(format!(
            "session {} is {} and not waiting for session/confirm",
            s.id,
            s.status.as_str()
        )));
    }
    let (project, sid) = (s.project.clone(), s.id.clone());
    for op in s.payouts.iter_mut() {
        if op.stage == Stage::AwaitingConfirm {
            execute_payout(st, cx, &project, &sid, op);
        }
    }
    for op in s.payments.iter_mut() {
        if op.stage == Stage::AwaitingConfirm {
            execute_payment(st, cx, &project, &sid, op)?;
        }
    }
    conclude(st, cx, s)
}

/// `session/cancel`: cancels operations waiting for confirmation, 3-D Secure or capture.
pub fn cancel(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let mut s = session(st, cx, body)?.clone();
    let waiting = s.operations().any(|o| !o.stage.is_final());
    if !waiting {
        if s.status != SessionStatus::Created {
            return Err(PikeError::state(format!(
                "session {} is {} and has nothing to cancel",
                s.id,
                s.status.as_str()
            )));
        }
        s.status = SessionStatus::Cancelled;
        s.updated_at = cx.now.clone();
        let answer = session_answer(&s);
        st.sessions.insert(s.id.clone(), s);
        return Ok(answer);
    }
    for op in s.operations_mut().filter(|o| !o.stage.is_final()) {
        op.fail("cancelled", "cancelled by the merchant", &cx.now);
    }
    conclude(st, cx, s)
}

/// Settles the session, emits the webhooks its new state calls for, stores it and answers.
pub fn conclude(st: &mut State, cx: &mut Ctx, mut s: Session) -> Result<Value, PikeError> {
    s.settle(&cx.now);
    let waiting_customer = s.operations().any(|o| o.stage == Stage::AwaitingCustomer);
    if waiting_customer {
        cx.emit("action_required", &s);
    }
    match s.next_action() {
        Some("capture") => cx.emit("ready_to_capture", &s),
        Some(_) => {}
        None if !waiting_customer => cx.emit("payment_finished", &s),
        None => {}
    }
    let answer = session_answer(&s);
    st.sessions.insert(s.id.clone(), s);
    Ok(answer)
}

/// Executes a confirmed payout: declined card, unknown FPS phone or an insufficient
/// wallet fail it; otherwise the wallet is debited and the ledger records it.
pub fn execute_payout(st: &mut State, cx: &Ctx, project: &str, sid: &str, op: &mut Operation) {
    match &op.route {
        Route::Card(n) if behaviour(n) == Behaviour::Decline => {
            op.fail("card_declined", "the card was declined", &cx.now);
            return;
        }
        Route::Fps(phone) if !fps_phone_exists(phone) => {
            op.fail(
                "recipient_not_found",
                "no FPS account for this phone",
                &cx.now,
            );
            return;
        }
        _ => {}
    }
    let Some(wallet) = st.projects.get_mut(project).map(|p| &mut p.wallet) else {
        op.fail("internal_error", "project is gone", &cx.now);
        return;
    };
    if wallet.currency != op.currency || wallet.amount < op.amount {
        op.fail(
            "insufficient_funds",
            "the wallet balance is below the payout amount",
            &cx.now,
        );
        return;
    }
    wallet.amount -= op.amount;
    let seq = st.next_seq();
    op.succeed(&cx.now, seq);
    st.record(project, sid, &op.id, "payout", (op.amount, &op.currency));
}

/// Executes a confirmed payment according to its card: pay, decline, ask for 3-D Secure
/// or hold; a SberPay payment waits for the customer in Sber's app or page.
fn execute_payment(
    st: &mut State,
    cx: &Ctx,
    project: &str,
    sid: &str,
    op: &mut Operation,
) -> Result<(), PikeError> {
    let card = match &op.route {
        Route::Card(n) => behaviour(n),
        Route::SberPay => {
            await_customer(cx, op, &format!("{}/_sandbox/sberpay/{sid}", cx.base_url));
            return Ok(());
        }
        _ => Behaviour::Succeed,
    };
    match card {
        Behaviour::Succeed => pay(st, cx, project, sid, op)?,
        Behaviour::Decline => op.fail("card_declined", "the card was declined", &cx.now),
        Behaviour::ThreeDs => {
            await_customer(cx, op, &format!("{}/_sandbox/3ds/{sid}", cx.base_url));
        }
        Behaviour::Hold => {
            op.stage = Stage::AwaitingCapture;
            op.waiting_since = cx.instant;
        }
    }
    Ok(())
}

/// Sends the customer to `url` (`action_required`).
fn await_customer(cx: &Ctx, op: &mut Operation, url: &str) {
    op.stage = Stage::AwaitingCustomer;
    op.waiting_since = cx.instant;
    op.customer_interaction = Some(json!({"type": "redirect", "redirect": {
        "url": url, "base_url": url, "method": "GET", "qs": {}, "params": {},
    }}));
}

/// Completes a payment: ledger entry and, when asked for, a recurring token.
fn pay(
    st: &mut State,
    cx: &Ctx,
    project: &str,
    sid: &str,
    op: &mut Operation,
) -> Result<(), PikeError> {
    let seq = st.next_seq();
    op.succeed(&cx.now, seq);
    st.record(project, sid, &op.id, "payment", (op.amount, &op.currency));
    let wants = op
        .echo
        .get("payment_options")
        .and_then(|o| o.get("recurrent"))
        .is_some_and(|r| r == &json!(true) || r == &json!("true"));
    if let (true, Route::Card(number)) = (wants, &op.route) {
        let token = random_token()?;
        let finished = format_time(cx.instant + RECURRENT_LIFETIME);
        st.recurrent.insert(
            token.clone(),
            RecurrentToken {
                project: project.to_owned(),
                card_number: number.clone(),
                created_at: cx.now.clone(),
                finished_at: finished.clone(),
                is_active: true,
            },
        );
        op.recurrent = Some(json!({
            "token": token, "created_at": cx.now, "finished_at": finished, "is_active": true,
        }));
    }
    Ok(())
}

/// Applies the customer's 3-D Secure or SberPay result to session `sid` (of any
/// project); the answer uses the naming of the project's API version.
pub fn finish_customer_action(
    st: &mut State,
    cx: &mut Ctx,
    sid: &str,
    success: bool,
) -> Result<Value, PikeError> {
    let project = st
        .sessions
        .get(sid)
        .map(|s| s.project.clone())
        .ok_or_else(|| PikeError::not_found("session not found"))?;
    cx.project = project.clone();
    let mut s = session_by_id(st, &project, sid)?.clone();
    if !s
        .payments
        .iter()
        .any(|o| o.stage == Stage::AwaitingCustomer)
    {
        return Err(PikeError::state(format!(
            "session {sid} is not waiting for the customer"
        )));
    }
    for op in s
        .payments
        .iter_mut()
        .filter(|o| o.stage == Stage::AwaitingCustomer)
    {
        if success {
            pay(st, cx, &project, sid, op)?;
        } else if op.route == Route::SberPay {
            op.fail("sber_pay_failed", "the customer did not pay", &cx.now);
        } else {
            op.fail("3ds_failed", "3-D Secure authentication failed", &cx.now);
        }
    }
    let mut answer = conclude(st, cx, s)?;
    super::fields::in_project_version(st, &project, &mut answer);
    Ok(answer)
}

/// Cancels operations left waiting longer than Pike allows (after time moved forward).
pub fn expire_waiting(st: &mut State, cx: &mut Ctx) {
    let now = cx.instant;
    let late = |o: &Operation| {
        let limit = match o.stage {
            Stage::AwaitingConfirm => CONFIRM_TIMEOUT,
            Stage::AwaitingCustomer => ACTION_TIMEOUT,
            Stage::AwaitingCapture => HOLD_TIMEOUT,
            _ => return false,
        };
        now.duration_since(o.waiting_since)
            .is_ok_and(|waited| waited >= limit)
    };
    let ids: Vec<String> = st
        .sessions
        .values()
        .filter(|s| s.operations().any(late))
        .map(|s| s.id.clone())
        .collect();
    for id in ids {
        let Some(mut s) = st.sessions.get(&id).cloned() else {
            continue;
        };
        for op in s.operations_mut().filter(|o| late(o)) {
            op.fail("expired", "nobody answered in time", &cx.now);
        }
        let _ = conclude(st, cx, s);
    }
}

/// A new waiting operation.
pub fn new_operation(
    id: String,
    cx: &Ctx,
    money: (u64, String),
    shown: Value,
    route: Route,
    echo: serde_json::Map<String, Value>,
) -> Operation {
    Operation {
        id,
        stage: Stage::AwaitingConfirm,
        created_at: cx.now.clone(),
        finished_at: None,
        amount: money.0,
        held: None,
        currency: money.1,
        instrument: shown,
        route,
        echo,
        refunds: Vec::new(),
        customer_interaction: None,
        recurrent: None,
        error: None,
        transaction_info: None,
        waiting_since: cx.instant,
    }
}
