//! Refunds (`session/refund`) and chargebacks (control API): never above what was paid.
//! A refund is `in_progress` when asked for and settles later in sandbox time, debiting
//! the wallet (declined when it cannot), with `payment_refunded`; a chargeback is Pike's
//! notice of money already taken back, so it is `accepted` at once.

use serde_json::{Value, json};

use crate::reply::PikeError;
use crate::state::{Refund, RefundStatus, Stage, State};

use super::fields::{optional_amount, session, session_answer, session_by_id};
use super::{Ctx, Later};

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
    let mut answer = take_back(st, cx, sid, |_| Ok(amount), None, true)?;
    super::fields::in_project_version(st, &cx.project, &mut answer);
    Ok(answer)
}

/// Settles every refund in progress whose time has come, oldest first.
pub fn settle_due_refunds(st: &mut State, cx: &mut Ctx) {
    let mut due: Vec<(std::time::SystemTime, String, String)> = st
        .sessions
        .values()
        .flat_map(|s| {
            s.payments
                .iter()
                .flat_map(|o| &o.refunds)
                .filter(|r| r.status == RefundStatus::InProgress && r.due <= cx.instant)
                .map(|r| (r.due, s.id.clone(), r.id.clone()))
        })
        .collect();
    due.sort_by_key(|d| (d.0, seq(&d.2)));
    for (_, sid, refund_id) in due {
        settle_refund(st, cx, &sid, &refund_id);
    }
}

/// The number in an id like `rf_12`.
fn seq(id: &str) -> u64 {
    id.rsplit('_')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Settles refund `refund_id` of session `sid` if it is still in progress: the wallet
/// pays it (`accepted`, ledger `refund`) or cannot (`declined`, `insufficient_funds`);
/// either way `payment_refunded` tells the result.
fn settle_refund(st: &mut State, cx: &mut Ctx, sid: &str, refund_id: &str) {
    let Some(mut s) = st.sessions.get(sid).cloned() else {
        return;
    };
    let project = s.project.clone();
    let Some(refund) = s.payments.iter_mut().find_map(|op| {
        op.refunds
            .iter_mut()
            .find(|r| r.id == refund_id && r.status == RefundStatus::InProgress)
    }) else {
        return;
    };
    let covered = st.projects.get_mut(&project).and_then(|p| {
        let w = &mut p.wallet;
        (w.currency == refund.currency && w.amount >= refund.amount).then(|| {
            w.amount -= refund.amount;
        })
    });
    refund.finished_at = Some(cx.now.clone());
    if covered.is_some() {
        refund.status = RefundStatus::Accepted;
        let money = (refund.amount, refund.currency.clone());
        st.record(&project, sid, refund_id, "refund", (money.0, &money.1));
    } else {
        refund.status = RefundStatus::Declined;
        refund.error = Some(json!({
            "code": "insufficient_funds",
            "description": "the wallet balance is below the refund amount",
        }));
    }
    s.settle(&cx.now);
    cx.emit("payment_refunded", &s);
    st.sessions.insert(s.id.clone(), s);
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
    let paid = s.payments.iter().any(|o| o.stage == Stage::Succeeded);
    let Some(op) = s
        .payments
        .iter_mut()
        .find(|o| o.stage == Stage::Succeeded && o.refundable() > 0)
    else {
        if paid {
            // Fully refunded: asking for more is asking above what remains (nothing).
            return Err(PikeError::invalid(
                "amount_details.amount.exceeds_refundable",
            ));
        }
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
    let status = if is_chargeback {
        st.record(&project, sid, &id, "chargeback", (amount, &op.currency));
        RefundStatus::Accepted
    } else {
        cx.later.push(Later::SettleRefunds {
            due: cx.instant + cx.refund_delay,
        });
        RefundStatus::InProgress
    };
    op.refunds.push(Refund {
        id,
        status,
        finished_at: is_chargeback.then(|| cx.now.clone()),
        due: cx.instant + cx.refund_delay,
        error: None,
        amount,
        currency: op.currency.clone(),
        at: cx.now.clone(),
        is_chargeback,
        metadata,
    });
    s.settle(&cx.now);
    if is_chargeback {
        cx.emit("payment_refunded", &s);
    }
    let answer = session_answer(&s);
    st.sessions.insert(s.id.clone(), s);
    Ok(answer)
}
