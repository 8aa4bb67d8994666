//! Refunds (`session/refund`) and chargebacks (control API): never above what was paid.

use serde_json::Value;

use crate::reply::PikeError;
use crate::state::{Refund, Stage, State};

use super::Ctx;
use super::fields::{optional_amount, session, session_answer, session_by_id};

/// `session/refund`: full (no `amount_details`) or partial refund of the paid payment.
pub fn refund(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let sid = session(st, cx, body)?.id.clone();
    let metadata = body.get("metadata").filter(|m| !m.is_null()).cloned();
    take_back(
        st,
        cx,
        &sid,
        |cur| optional_amount(body, cur),
        metadata,
        false,
    )
}

/// A chargeback of session `sid` (any project) for `amount` (all that is left when `None`):
/// like a refund, marked `is_chargeback`.
pub fn chargeback(
    st: &mut State,
    cx: &mut Ctx,
    sid: &str,
    amount: Option<u64>,
) -> Result<Value, PikeError> {
    let project = st
        .sessions
        .get(sid)
        .map(|s| s.project.clone())
        .ok_or_else(|| PikeError::not_found("session not found"))?;
    cx.project = project;
    take_back(st, cx, sid, |_| Ok(amount), None, true)
}

fn take_back(
    st: &mut State,
    cx: &mut Ctx,
    sid: &str,
    requested: impl FnOnce(&str) -> Result<Option<u64>, PikeError>,
    metadata: Option<Value>,
    is_chargeback: bool,
) -> Result<Value, PikeError> {
    let mut s = session_by_id(st, &cx.project, sid)?.clone();
    let project = s.project.clone();
    let Some(op) = s
        .payments
        .iter_mut()
        .find(|o| o.stage == Stage::Succeeded && o.refundable() > 0)
    else {
        return Err(PikeError::state(format!(
            "session {sid} has no paid amount left to refund"
        )));
    };
    let refundable = op.refundable();
    let amount = requested(&op.currency)?.unwrap_or(refundable);
    if amount == 0 || amount > refundable {
        return Err(PikeError::invalid(
            "amount_details.amount.exceeds_refundable",
        ));
    }
    let id = st.next_id("rf");
    let kind = if is_chargeback {
        "chargeback"
    } else {
        "refund"
    };
    st.record(&project, sid, &id, kind, (amount, &op.currency));
    op.refunds.push(Refund {
        id,
        amount,
        currency: op.currency.clone(),
        at: cx.now.clone(),
        is_chargeback,
        metadata,
    });
    s.settle(&cx.now);
    cx.emit("payment_refunded", &s);
    let answer = session_answer(&s);
    st.sessions.insert(s.id.clone(), s);
    Ok(answer)
}
