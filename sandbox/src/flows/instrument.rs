//! Payout and payment instruments: resolve cards (numbers, element tokens, number hashes,
//! recurring tokens) and FPS phones; show cards masked; pick deterministic outcomes.

use aws_lc_rs::digest::{SHA256, digest};
use serde_json::{Value, json};

use crate::reply::PikeError;
use crate::state::{Route, State};

use super::fields::{object, text};

/// Card declined on payment and payout.
pub const DECLINED_CARD: &str = "4000000000000002";
/// Card that needs 3-D Secure on payment.
pub const THREE_DS_CARD: &str = "4000000000003220";
/// Card whose payments are held until captured.
pub const HOLD_CARD: &str = "4000000000000077";
/// FPS phone that does not exist.
pub const MISSING_FPS_PHONE: &str = "79260000000";

/// What a card does, by number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Goes through.
    Succeed,
    /// Declined: the item ends `failed`.
    Decline,
    /// Needs 3-D Secure (`action_required`).
    ThreeDs,
    /// Held until captured (`ready_to_capture`).
    Hold,
}

/// The behaviour of card `number`.
pub fn behaviour(number: &str) -> Behaviour {
    match number {
        DECLINED_CARD => Behaviour::Decline,
        THREE_DS_CARD => Behaviour::ThreeDs,
        HOLD_CARD => Behaviour::Hold,
        _ => Behaviour::Succeed,
    }
}

/// True when the FPS phone exists.
pub fn fps_phone_exists(phone: &str) -> bool {
    phone != MISSING_FPS_PHONE
}

/// A resolved instrument: what decides the outcome and what answers show.
pub struct Resolved {
    /// Outcome route.
    pub route: Route,
    /// Shown in answers and webhooks (cards masked).
    pub shown: Value,
}

/// Hex SHA-256 of a card number: the `number_hash` the sandbox hands out.
pub fn number_hash(number: &str) -> String {
    digest(&SHA256, number.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Card brand from the first digit.
pub fn brand(number: &str) -> &'static str {
    match number.as_bytes().first() {
        Some(b'4') => "visa",
        Some(b'5') => "mastercard",
        Some(b'2') => "mir",
        _ => "unknown",
    }
}

/// The masked card as Pike's examples show it: brand, last 4 digits and BIN.
pub fn masked(number: &str) -> Value {
    let last4 = &number[number.len().saturating_sub(4)..];
    let bin = &number[..number.len().min(6)];
    json!({"type": "card", "card": {"brand": brand(number), "last4": last4, "bin": bin}})
}

/// Checks a card number: 12 to 19 digits.
pub fn check_number(number: &str, path: &str) -> Result<(), PikeError> {
    let digits = number.len();
    if (12..=19).contains(&digits) && number.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(PikeError::invalid(format!("{path}.invalid")))
    }
}

/// Resolves the instrument `v` found at `path` for the calling `project`.
pub fn resolve(
    st: &mut State,
    project: &str,
    v: &Value,
    path: &str,
) -> Result<Resolved, PikeError> {
    let kind = text(v, "type", &format!("{path}.type"))?;
    match kind {
        "card" if !known_card_form(v) => Ok(Resolved {
            route: Route::Other,
            shown: v.clone(),
        }),
        "card" => {
            let number = card_number(st, v, path)?;
            st.vault.hashes.insert(number_hash(&number), number.clone());
            Ok(Resolved {
                shown: masked(&number),
                route: Route::Card(number),
            })
        }
        "recurrent" => {
            let rpath = format!("{path}.recurrent");
            let inner =
                object(v, "recurrent", &rpath)?.ok_or_else(|| PikeError::required(&rpath))?;
            let token = text(inner, "token", &format!("{rpath}.token"))?;
            let record = st
                .recurrent
                .get(token)
                .filter(|t| t.project == project)
                .ok_or_else(|| PikeError::not_found("recurrent token not found"))?;
            if !record.is_active {
                return Err(PikeError::invalid(format!("{rpath}.token.inactive")));
            }
            Ok(Resolved {
                route: Route::Card(record.card_number.clone()),
                shown: v.clone(),
            })
        }
        "internet_banking" => {
            let ipath = format!("{path}.internet_banking");
            let inner = object(v, "internet_banking", &ipath)?
                .ok_or_else(|| PikeError::required(&ipath))?;
            let route = match text(inner, "type", &format!("{ipath}.type"))? {
                "sber_pay" => Route::SberPay,
                _ => Route::Other,
            };
            Ok(Resolved {
                route,
                shown: v.clone(),
            })
        }
        "bank_account" => {
            let bpath = format!("{path}.bank_account");
            let inner =
                object(v, "bank_account", &bpath)?.ok_or_else(|| PikeError::required(&bpath))?;
            let system = text(inner, "system_type", &format!("{bpath}.system_type"))?;
            let route = match system {
                "faster_payment_system" | "faster_payment_system_verification" => {
                    let spath = format!("{bpath}.{system}");
                    let fps = object(inner, system, &spath)?
                        .ok_or_else(|| PikeError::required(&spath))?;
                    let phone = text(fps, "phone", &format!("{spath}.phone"))?;
                    Route::Fps(phone.trim_start_matches('+').to_owned())
                }
                _ => Route::Other,
            };
            Ok(Resolved {
                route,
                shown: v.clone(),
            })
        }
        _ => Ok(Resolved {
            route: Route::Other,
            shown: v.clone(),
        }),
    }
}

/// True when the card form (`card.type`) is one the sandbox resolves to a number; other
/// forms are generic instruments, like unknown instrument types.
fn known_card_form(v: &Value) -> bool {
    match v.get("card").and_then(|c| c.get("type")) {
        Some(Value::String(t)) => {
            ["bank_card", "tokenized_card", "encrypted_card"].contains(&t.as_str())
        }
        _ => true,
    }
}

fn card_number(st: &State, v: &Value, path: &str) -> Result<String, PikeError> {
    let cpath = format!("{path}.card");
    let card = object(v, "card", &cpath)?.ok_or_else(|| PikeError::required(&cpath))?;
    let ctype = text(card, "type", &format!("{cpath}.type"))?;
    let ipath = format!("{cpath}.{ctype}");
    let inner = || -> Result<&Value, PikeError> {
        object(card, ctype, &ipath)?.ok_or_else(|| PikeError::required(&ipath))
    };
    match ctype {
        "bank_card" => {
            let npath = format!("{ipath}.number");
            let number = text(inner()?, "number", &npath)?;
            check_number(number, &npath)?;
            Ok(number.to_owned())
        }
        "tokenized_card" => {
            let token = text(inner()?, "token", &format!("{ipath}.token"))?;
            st.vault
                .tokens
                .get(token)
                .cloned()
                .ok_or_else(|| PikeError::not_found("card token not found"))
        }
        "encrypted_card" => {
            let hash = text(inner()?, "number_hash", &format!("{ipath}.number_hash"))?;
            st.vault
                .hashes
                .get(hash)
                .cloned()
                .ok_or_else(|| PikeError::not_found("card number hash not found"))
        }
        _ => Err(PikeError::invalid(format!("{cpath}.type.invalid"))),
    }
}
