//! Card (and other) payments: `session/init/payment`, `session/start/payment`,
//! `session/capture`.

use serde_json::Value;

use crate::reply::PikeError;
use crate::state::{Session, Stage, State};

use super::Ctx;
use super::fields::{amount, echo, merged, new_session, object, optional_amount, session};
use super::instrument::resolve;
use super::lifecycle::{conclude, new_operation};
use super::payout::{conclude_started, startable};

/// Echoed parts of a payment request.
const ECHO: &[&str] = &[
    "customer",
    "participant_details",
    "payment_options",
    "metadata",
];

/// `session/init/payment`: a new session with one payment waiting for confirmation.
pub fn init(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let mut s = new_session(st, cx)?;
    add_payment(st, cx, &mut s, body)?;
    conclude_started(st, cx, s)
}

/// `session/start/payment`: one more payment in a session (fields overlay `session/create`).
pub fn start(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let mut s = startable(st, cx, body)?;
    let merged = merged(&s.prefill, body);
    // Merged with what `session/create` sent, it must be a whole payment: Pike's objects
    // table makes `customer` required on payments even when `session/create` had none.
    crate::validation::validate(pikepay::Endpoint::SessionInitPayment, &merged)?;
    add_payment(st, cx, &mut s, &merged)?;
    conclude_started(st, cx, s)
}

fn add_payment(st: &mut State, cx: &Ctx, s: &mut Session, body: &Value) -> Result<(), PikeError> {
    let details = object(body, "payment_details", "payment_details")?
        .ok_or_else(|| PikeError::required("payment_details"))?;
    let money = object(body, "amount_details", "amount_details")?
        .ok_or_else(|| PikeError::required("amount_details"))?;
    let money = amount(money, "amount_details")?;
    let resolved = resolve(st, &cx.project, details, "payment_details")?;
    let id = st.next_id("pm");
    s.payments.push(new_operation(
        id,
        cx,
        money,
        resolved.shown,
        resolved.route,
        echo(body, ECHO),
    ));
    Ok(())
}

/// `session/capture`: debits all or part of a held payment; the rest is released.
pub fn capture(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let mut s = session(st, cx, body)?.clone();
    let (project, sid) = (s.project.clone(), s.id.clone());
    let Some(op) = s
        .payments
        .iter_mut()
        .find(|o| o.stage == Stage::AwaitingCapture)
    else {
        return Err(PikeError::state(format!(
            "session {sid} holds no funds to capture"
        )));
    };
    let amount = optional_amount(body, &op.currency)?.unwrap_or(op.amount);
    if amount > op.amount {
        return Err(PikeError::invalid("amount_details.amount.exceeds_held"));
    }
    op.held = Some(op.amount);
    op.amount = amount;
    let seq = st.next_seq();
    op.succeed(&cx.now, seq);
    st.record(&project, &sid, &op.id, "capture", (amount, &op.currency));
    conclude(st, cx, s)
}
