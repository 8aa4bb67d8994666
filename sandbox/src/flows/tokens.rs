//! Tokens: widget public tokens (`token`), `token/info`, `tokenize/elements` and
//! `recurrent/disable`.

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::clock::format_time;
use crate::reply::{PikeError, ok_with};
use crate::state::{PublicToken, State};

use super::Ctx;
use super::fields::{object, printable, random_token, room, session_by_id, text};
use super::instrument::{brand, check_number, number_hash};

/// Public tokens live 24 hours.
const PUBLIC_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// Most card elements tokenized in one request.
const MAX_ELEMENTS: usize = 100;

/// `token`: a public token for widgets; a session gets at most one acquiring widget token.
pub fn public_token(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    for widget in ["acquiring_widget", "fps_no_account_widget"] {
        let Some(w) = object(body, widget, widget)? else {
            continue;
        };
        let path = format!("{widget}.session_id");
        let sid = text(w, "session_id", &path)?;
        let s = session_by_id(st, &cx.project, sid)?;
        if widget == "acquiring_widget" {
            if s.has_public_token {
                return Err(PikeError::invalid(format!("{path}.not_unique")));
            }
            s.has_public_token = true;
        }
    }
    object(body, "tokenize_widget", "tokenize_widget")?;
    room(st.public_tokens.len(), cx, "public tokens")?;
    let token = random_token()?;
    let expires = cx.instant + PUBLIC_TOKEN_LIFETIME;
    st.public_tokens.insert(
        token.clone(),
        PublicToken {
            created_at: cx.now.clone(),
            finished_at: format_time(expires),
            expires,
        },
    );
    Ok(ok_with(json!({"public_token": token})))
}

/// `token/info`: what is behind a card token or hash, a public token or a recurring token.
pub fn info(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let kind = text(body, "type", "type")?;
    let info = match kind {
        "card" => {
            let card = object(body, "card", "card")?.ok_or_else(|| PikeError::required("card"))?;
            let ctype = text(card, "type", "card.type")?;
            let path = format!("card.{ctype}");
            let inner = object(card, ctype, &path)?.ok_or_else(|| PikeError::required(&path))?;
            let number = match ctype {
                "encrypted_card" => {
                    let hash = text(inner, "number_hash", &format!("{path}.number_hash"))?;
                    st.vault.hashes.get(hash).cloned()
                }
                "tokenized_card" => {
                    let token = text(inner, "token", &format!("{path}.token"))?;
                    st.vault.tokens.get(token).cloned()
                }
                // A card form the sandbox does not know has no card behind it.
                _ => None,
            }
            .ok_or_else(|| PikeError::not_found("card not found"))?;
            json!({"number_hash": number_hash(&number), "brand": brand(&number),
                   "last4": &number[number.len().saturating_sub(4)..], "type": "card"})
        }
        "public_token" => {
            let token = token_of(body, "public_token")?;
            let t = st
                .public_tokens
                .get(token)
                .ok_or_else(|| PikeError::not_found("public token not found"))?;
            json!({"token": token, "created_at": t.created_at, "finished_at": t.finished_at,
                   "is_active": cx.instant < t.expires, "type": "public_token"})
        }
        "recurrent_token" => {
            let token = token_of(body, "recurrent_token")?;
            let t = st
                .recurrent
                .get(token)
                .filter(|t| t.project == cx.project)
                .ok_or_else(|| PikeError::not_found("recurrent token not found"))?;
            json!({"token": token, "created_at": t.created_at, "finished_at": t.finished_at,
                   "is_active": t.is_active, "type": "recurrent_token"})
        }
        // A token kind the sandbox does not know: nothing of that kind exists here.
        other => {
            return Err(PikeError::not_found(format!(
                "no {} token is known",
                printable(other)
            )));
        }
    };
    Ok(ok_with(json!({"info": info})))
}

fn token_of<'a>(body: &'a Value, name: &str) -> Result<&'a str, PikeError> {
    let inner = object(body, name, name)?.ok_or_else(|| PikeError::required(name))?;
    text(inner, "token", &format!("{name}.token"))
}

/// `recurrent/disable`: turns a recurring token off.
pub fn recurrent_disable(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let token = token_of(body, "recurrent")?;
    let t = st
        .recurrent
        .get_mut(token)
        .filter(|t| t.project == cx.project)
        .ok_or_else(|| PikeError::not_found("recurrent token not found"))?;
    t.is_active = false;
    t.finished_at = cx.now.clone();
    Ok(ok_with(json!({"recurrent": {
        "token": token, "created_at": t.created_at, "finished_at": t.finished_at,
        "is_active": false, "type": "recurrent_token",
    }})))
}

/// `tokenize/elements`: tokens for card numbers, keyed by each element's `ref`.
pub fn tokenize(st: &mut State, cx: &mut Ctx, body: &Value) -> Result<Value, PikeError> {
    let elements: Vec<&Value> = match body.get("card_elements") {
        Some(Value::Array(items)) => items.iter().collect(),
        None | Some(Value::Null) => return Err(PikeError::required("card_elements")),
        Some(_) => return Err(PikeError::invalid("card_elements.invalid_type")),
    };
    if elements.is_empty() {
        return Err(PikeError::invalid("card_elements.not_blank"));
    }
    if elements.len() > MAX_ELEMENTS {
        return Err(PikeError::invalid("card_elements.too_many"));
    }
    room(st.vault.tokens.len() + elements.len(), cx, "card tokens")?;
    let mut data = Map::new();
    for (i, el) in elements.into_iter().enumerate() {
        let path = format!("card_elements.{i}");
        let reference = text(el, "ref", &format!("{path}.ref"))?;
        if text(el, "type", &format!("{path}.type"))? != "card_number" {
            // An element type the sandbox cannot tokenize gets no token.
            continue;
        }
        let npath = format!("{path}.card_number");
        let number = text(el, "card_number", &npath)?;
        check_number(number, &npath)?;
        let token = random_token()?;
        st.vault.tokens.insert(token.clone(), number.to_owned());
        st.vault
            .hashes
            .insert(number_hash(number), number.to_owned());
        let masked = format!("{}******{}", &number[..6], &number[number.len() - 4..]);
        data.insert(
            reference.to_owned(),
            json!({"token": token, "info": {
                "masked_card_number": masked, "card_network": brand(number), "card_type": brand(number),
            }}),
        );
    }
    Ok(ok_with(json!({"data": data})))
}
