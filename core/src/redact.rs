//! One rule for what must never be shown: card numbers, security codes, tokens,
//! hashes and private keys. [`SECRET_FIELDS`] is the one table of secret JSON fields
//! (used by `Debug` of the models, by the bindings' `repr`/`inspect`/`toJSON` and by
//! body logging); [`mask_text`] is the one mask for free text an error carries.

use serde_json::{Map, Value};

/// What a sensitive value is shown as.
pub const REDACTED: &str = "[redacted]";

/// How a [`SecretField`] rule matches a JSON object key (case-insensitive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// The key is exactly this.
    Exact,
    /// The key ends with this (`_token`, `_hash`).
    Suffix,
    /// The key starts with this (`private_key`).
    Prefix,
}

/// One row of [`SECRET_FIELDS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecretField {
    /// The key, suffix or prefix, lower case.
    pub name: &'static str,
    /// How `name` is matched.
    pub matches: Match,
    /// Why it is secret, for the docs.
    pub what: &'static str,
}

const fn field(name: &'static str, matches: Match, what: &'static str) -> SecretField {
    SecretField {
        name,
        matches,
        what,
    }
}

/// The JSON fields whose values are secret wherever they appear, at any depth; every
/// value under them (nested objects and arrays included) is shown as [`REDACTED`].
pub const SECRET_FIELDS: &[SecretField] = &[
    field("number", Match::Exact, "card number"),
    field("card_number", Match::Exact, "card number"),
    field("pan", Match::Exact, "card number"),
    field(
        "security_code",
        Match::Exact,
        "card security code (CVV/CVC)",
    ),
    field("cvv", Match::Exact, "card security code"),
    field("cvc", Match::Exact, "card security code"),
    field("cvv2", Match::Exact, "card security code"),
    field("token", Match::Exact, "card, recurring or element token"),
    field("secret", Match::Exact, "secret"),
    field("password", Match::Exact, "password"),
    field("private_key", Match::Prefix, "private key"),
    field("_token", Match::Suffix, "recurring and other tokens"),
    field("_hash", Match::Suffix, "encrypted card data"),
];

/// Fields that look secret by [`SECRET_FIELDS`] but are made to be shown: a
/// `public_token` is handed to the browser (Pike's widgets), so it and everything
/// under it is kept.
pub const PUBLIC_FIELDS: &[&str] = &["public_token"];

/// How [`is_sensitive_key`] judges a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sensitivity {
    /// Its value is secret.
    Secret,
    /// Its value is public, even where it would otherwise be secret.
    Public,
    /// Neither: look at the keys inside it.
    Plain,
}

/// What the table says of a JSON object key.
pub fn classify_key(key: &str) -> Sensitivity {
    let key = key.to_ascii_lowercase();
    if PUBLIC_FIELDS.contains(&key.as_str()) {
        return Sensitivity::Public;
    }
    let secret = SECRET_FIELDS.iter().any(|f| match f.matches {
        Match::Exact => key == f.name,
        Match::Suffix => key.ends_with(f.name),
        Match::Prefix => key.starts_with(f.name),
    });
    if secret {
        Sensitivity::Secret
    } else {
        Sensitivity::Plain
    }
}

/// True when a JSON object key names a secret by [`SECRET_FIELDS`]: a card number,
/// security code, token, hash or private key (`number`, `security_code`, `token`,
/// `*_token`, `*_hash`, `private_key*`, ...), but not `public_token`. Case-insensitive.
pub fn is_sensitive_key(key: &str) -> bool {
    classify_key(key) == Sensitivity::Secret
}

/// A copy of `value` in which every scalar under a secret key (see [`SECRET_FIELDS`])
/// is replaced by [`REDACTED`]; objects and arrays under such keys are walked the
/// same way, `null` stays `null`, values under a [`PUBLIC_FIELDS`] key and everything
/// else are kept.
pub fn redact_json(value: &Value) -> Value {
    walk(value, Sensitivity::Plain)
}

fn walk(value: &Value, context: Sensitivity) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let inner = match context {
                        Sensitivity::Plain => classify_key(k),
                        fixed => fixed,
                    };
                    (k.clone(), walk(v, inner))
                })
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| walk(v, context)).collect()),
        Value::Null => Value::Null,
        _ if context == Sensitivity::Secret => Value::String(REDACTED.to_owned()),
        other => other.clone(),
    }
}

/// Longest text [`mask_text`] keeps, in characters.
pub const MAX_TEXT_CHARS: usize = 500;
/// Fewest digits a run of digits, spaces and dashes needs to be taken for a card number.
const CARD_DIGITS: usize = 12;
/// Fewest characters a run of letters and digits needs to be taken for a token.
const TOKEN_CHARS: usize = 24;
/// Words after which a short run of digits is a security code.
const CODE_WORDS: &[&str] = &["security_code", "cvv", "cvc", "cvv2"];

/// The one mask for every string an error carries (messages, Pike's description, body
/// excerpts): card numbers (also written with spaces or dashes) keep only their last
/// four digits, token-like runs of 24 or more letters and digits and the digits after
/// `security_code`/`cvv`/`cvc` become `*`, control characters become spaces and the
/// text is cut to [`MAX_TEXT_CHARS`] characters.
pub fn mask_text(text: &str) -> String {
    let mut chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    mask_card_numbers(&mut chars);
    mask_tokens(&mut chars);
    mask_security_codes(&mut chars);
    let mut out: String = chars.iter().take(MAX_TEXT_CHARS).collect();
    if chars.len() > MAX_TEXT_CHARS {
        out.push('…');
    }
    out
}

/// Runs of digits joined by single spaces or dashes with [`CARD_DIGITS`] or more digits.
fn mask_card_numbers(chars: &mut [char]) {
    let mut i = 0;
    while i < chars.len() {
        // A run counts wherever it starts, also right after letters ("card4242…").
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut digits = 0;
        let mut j = i;
        while j < chars.len() {
            if chars[j].is_ascii_digit() {
                digits += 1;
                j += 1;
                end = j;
            } else if matches!(chars[j], ' ' | '-')
                && chars.get(j + 1).is_some_and(char::is_ascii_digit)
            {
                j += 1;
            } else {
                break;
            }
        }
        if digits >= CARD_DIGITS {
            let mut seen = 0;
            for c in &mut chars[start..end] {
                if c.is_ascii_digit() {
                    seen += 1;
                    if seen <= digits - 4 {
                        *c = '*';
                    }
                }
            }
        }
        i = end.max(i + 1);
    }
}

/// Runs of [`TOKEN_CHARS`] or more of letters, digits, `_`, `+`, `/` and `=` that hold
/// both a letter and a digit.
fn mask_tokens(chars: &mut [char]) {
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '/' | '=');
    let mut i = 0;
    while i < chars.len() {
        if !is_token_char(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_token_char(chars[i]) {
            i += 1;
        }
        let run = &chars[start..i];
        let digit = run.iter().any(char::is_ascii_digit);
        let letter = run.iter().any(char::is_ascii_alphabetic);
        if run.len() >= TOKEN_CHARS && digit && letter {
            chars[start..i].iter_mut().for_each(|c| *c = '*');
        }
    }
}

/// Digits shortly after a security-code word (`security_code=123`, `"cvv": "123"`).
fn mask_security_codes(chars: &mut [char]) {
    let lower: Vec<char> = chars.iter().map(char::to_ascii_lowercase).collect();
    for word in CODE_WORDS {
        let word: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i + word.len() <= lower.len() {
            if lower[i..i + word.len()] != word[..] {
                i += 1;
                continue;
            }
            let mut j = i + word.len();
            // Skip up to 8 separator characters, then mask the digits that follow.
            let limit = (j + 8).min(chars.len());
            while j < limit && !chars[j].is_ascii_alphanumeric() {
                j += 1;
            }
            while j < chars.len() && chars[j].is_ascii_digit() {
                chars[j] = '*';
                j += 1;
            }
            i += word.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_redacted_everything_else_kept() {
        let body = json!({
            "payout_details": {"type": "card", "card": {"type": "bank_card",
                "bank_card": {"number": "4242424242424242", "security_code": "123",
                              "expiration_month": "05"}}},
            "recurrent": {"token": "9741abc", "type": "recurrent_token"},
            "card": {"type": "encrypted_card", "encrypted_card": {"number_hash": "064e"}},
            "amount_details": {"amount": 1000, "currency": "rub"},
            "card_elements": [{"ref": "number", "type": "card_number", "card_number": "4242424242424242"}],
            "private_key": {"pem": "-----BEGIN"},
            "metadata": null
        });
        let out = redact_json(&body);
        let text = out.to_string();
        for secret in ["4242424242424242", "\"123\"", "9741abc", "064e", "BEGIN"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        assert_eq!(
            out["payout_details"]["card"]["bank_card"]["number"],
            REDACTED
        );
        assert_eq!(
            out["payout_details"]["card"]["bank_card"]["expiration_month"],
            "05"
        );
        assert_eq!(out["recurrent"]["type"], "recurrent_token");
        assert_eq!(out["card_elements"][0]["ref"], "number");
        assert_eq!(out["card_elements"][0]["type"], "card_number");
        assert_eq!(out["amount_details"], body["amount_details"]);
        assert!(out["metadata"].is_null());
    }

    #[test]
    fn public_tokens_are_made_for_the_browser() {
        let body = json!({"status": "ok", "public_token": "pt_1",
                          "info": {"public_token": {"token": "pt_2"}}});
        assert_eq!(redact_json(&body), body);
    }

    #[test]
    fn key_rule() {
        for k in [
            "number",
            "Security_Code",
            "token",
            "recurrent_token",
            "number_hash",
            "private_key_pem",
        ] {
            assert!(is_sensitive_key(k), "{k}");
        }
        for k in [
            "type",
            "last4",
            "brand",
            "bin",
            "reference",
            "amount",
            "masked_card_number",
            "id",
            "public_token",
        ] {
            assert!(!is_sensitive_key(k), "{k}");
        }
    }

    #[test]
    fn text_masks_cards_tokens_and_codes() {
        for (input, hidden) in [
            ("card 4242424242424242 declined", "4242424242424242"),
            ("card 4242 4242 4242 4242 declined", "4242 4242 4242"),
            ("card 4242-4242-4242-4242 declined", "4242-4242-4242"),
            ("security_code=123 wrong", "123"),
            ("{\"cvv\": \"987\"}", "987"),
            ("token 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d bad", "9a8b7c6d5e4f"),
        ] {
            let out = mask_text(input);
            assert!(!out.contains(hidden), "{input} -> {out}");
        }
        assert!(mask_text("card 4242 4242 4242 4242").ends_with("4242"));
        for kept in [
            "customer.reference.not_blank",
            "amount 15000 rub",
            "session 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 expired",
            "idempotency_key_not_supported",
        ] {
            assert_eq!(mask_text(kept), kept);
        }
        assert_eq!(mask_text("line\nbreak\u{1b}[31m"), "line break [31m");
        let long = mask_text(&"ab ".repeat(1000));
        assert_eq!(long.chars().count(), MAX_TEXT_CHARS + 1);
    }
}
