//! Information methods: `wallet/balance`, `fps/banks`, and `sberpay/push`.

use serde_json::{Value, json};

use crate::reply::{PikeError, ok_with};
use crate::state::{Operation, Route, Stage, State};

use super::Ctx;
use super::fields::{session_by_id, text};

/// FPS participant banks the sandbox knows.
const BANKS: &[(&str, &str, &str)] = &[
    ("100000000069", "Sandbox Bank", "Песочный банк"),
    (
        "100000000243",
        "National Standard Bank",
        "Национальный стандарт",
    ),
    ("100000000056", "Khlynov", "Хлынов"),
];

/// `fps/banks`.
pub fn banks() -> Value {
    let banks: Vec<Value> = BANKS
        .iter()
        .map(|(id, eng, ru)| json!({"id": id, "eng_name": eng, "ru_name": ru}))
        .collect();
    ok_with(json!({"banks": banks}))
}

/// `wallet/balance`: the project's wallet.
pub fn balance(st: &mut State, cx: &mut Ctx) -> Result<Value, PikeError> {
    let wallet = st
        .projects
        .get(&cx.project)
        .map(|p| p.wallet.clone())
        .ok_or_else(|| PikeError::not_found("project not found"))?;
    Ok(ok_with(json!({"wallets": [{"id": "1", "amount_details": {
        "amount": wallet.amount, "currency": wallet.currency,
    }}]})))
}

/// `sberpay/push`: accepted for a session whose SberPay payment waits for the customer
/// (nothing is sent anywhere).
pub fn sberpay_push(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let sid = text(body, "session_id", "session_id")?;
    text(body, "phone", "phone")?;
    let s = session_by_id(st, &cx.project, sid)?;
    let sber: Vec<&Operation> = s
        .payments
        .iter()
        .filter(|o| o.route == Route::SberPay)
        .collect();
    if sber.is_empty() {
        return Err(PikeError::invalid("session_id.not_sber_pay"));
    }
    if !sber.iter().any(|o| o.stage == Stage::AwaitingCustomer) {
        return Err(PikeError::state(format!(
            "session {} has no SberPay payment waiting for the customer",
            s.id
        )));
    }
    Ok(ok_with(json!({})))
}
