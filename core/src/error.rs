//! One error type for everything pikepay does, with a stable kind per failure.
//!
//! The kind table below is the single source of truth: its codes, class names and
//! one-line descriptions are what the Python and Node packages expose.

use std::fmt;
use std::time::Duration;

use crate::redact::mask_text;

macro_rules! error_kinds {
    ($( $(#[$doc:meta])* $variant:ident => ($code:literal, $class:literal, $retryable:literal, $summary:literal), )+) => {
        /// What went wrong, as a closed set. Each kind maps to one exception/error class
        /// in the bindings, named by [`ErrorKind::class_name`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $( $(#[$doc])* $variant, )+
        }

        impl ErrorKind {
            /// Every kind, in declaration order (bindings derive their classes from this).
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant),+];

            /// Stable snake_case code, e.g. `"outcome_unknown_error"`.
            pub fn code(self) -> &'static str {
                match self { $(ErrorKind::$variant => $code,)+ }
            }

            /// Class name used by both bindings, e.g. `"OutcomeUnknownError"`.
            pub fn class_name(self) -> &'static str {
                match self { $(ErrorKind::$variant => $class,)+ }
            }

            /// Whether a retry of the same call can help, by default, for this kind.
            pub fn retryable_by_default(self) -> bool {
                match self { $(ErrorKind::$variant => $retryable,)+ }
            }

            /// One line: what happened and what the caller should do.
            pub fn summary(self) -> &'static str {
                match self { $(ErrorKind::$variant => $summary,)+ }
            }

            /// The kind whose [`code`](Self::code) is `code`, if any.
            pub fn from_code(code: &str) -> Option<ErrorKind> {
                Self::ALL.iter().copied().find(|k| k.code() == code)
            }
        }
    };
}

error_kinds! {
    /// The client was configured wrongly (bad URL, missing project, plain HTTP to a remote host).
    Configuration => ("configuration_error", "ConfigurationError", false,
        "The client or sandbox is configured wrongly; fix the setting named in the message."),
    /// A key could not be used: not PEM/DER, encrypted, not RSA, too small, or the wrong half.
    InvalidKey => ("invalid_key_error", "InvalidKeyError", false,
        "A key could not be loaded; supply an unencrypted RSA key of 2048 bits or more in PEM or DER."),
    /// A signature is not base64 or does not match the body.
    SignatureVerification => ("signature_verification_error", "SignatureVerificationError", false,
        "A signature did not match the exact body; reject the message (answer 400 to a webhook)."),
    /// A request was refused before sending, or Pike answered `invalid_request`.
    InvalidRequest => ("invalid_request_error", "InvalidRequestError", false,
        "The request is invalid at the field named; correct it and send again."),
    /// Pike did not accept the project, signature or permissions of the request.
    Authentication => ("authentication_error", "AuthenticationError", false,
        "Pike refused the credentials; check the project id, the private key and the key Pike holds."),
    /// An idempotency key was misused, is still in flight, or is not supported by the method.
    Idempotency => ("idempotency_error", "IdempotencyError", false,
        "The idempotency key clashed; Pike's code says how: ..._params_mismatch needs a new key, ..._already_exists means the first request is still running."),
    /// Pike has no record of the object (`repository_record_not_found`).
    NotFound => ("not_found_error", "NotFoundError", false,
        "Pike has no such object; check the id you sent."),
    /// Too many requests; wait and try again.
    RateLimit => ("rate_limit_error", "RateLimitError", true,
        "Too many requests; wait (Retry-After when given) and try again."),
    /// Pike answered with an error code that has no kind of its own.
    Api => ("api_error", "ApiError", false,
        "Pike refused the request; Pike's code and description on the error say why."),
    /// Pike failed on its side (HTTP 5xx).
    Server => ("server_error", "ServerError", true,
        "Pike failed on its side; retry later with the same idempotency key."),
    /// The request provably never reached Pike (connect refused, DNS, TLS handshake).
    Network => ("network_error", "NetworkError", true,
        "The request never reached Pike; it is safe to send it again."),
    /// The request may have been processed; the outcome is not known.
    OutcomeUnknown => ("outcome_unknown_error", "OutcomeUnknownError", true,
        "The request may have been processed; retry with the same idempotency key or check session status."),
    /// An answer could not be read (not JSON, or not the expected shape).
    Decode => ("decode_error", "DecodeError", false,
        "An answer could not be read; it was not the JSON expected. Check the base URL."),
    /// A bug in pikepay itself.
    Internal => ("internal_error", "InternalError", false,
        "A bug in pikepay; please report it with the message."),
}

/// Pike's error code for an idempotency key reused with a different body.
pub const IDEMPOTENCY_KEY_PARAMS_MISMATCH: &str = "idempotency_key_params_mismatch";
/// Pike's error code for an idempotency key whose first request is still running.
pub const IDEMPOTENCY_KEY_ALREADY_EXISTS: &str = "idempotency_key_already_exists";
/// Pike's error code for a method that takes no idempotency key.
pub const IDEMPOTENCY_KEY_NOT_SUPPORTED: &str = "idempotency_key_not_supported";
/// Pike's error code for a validation failure.
pub const INVALID_REQUEST: &str = "invalid_request";
/// Pike's error code for an unknown object.
pub const REPOSITORY_RECORD_NOT_FOUND: &str = "repository_record_not_found";

/// The error returned by every fallible pikepay operation.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    field: Option<String>,
    pike_code: Option<String>,
    pike_description: Option<String>,
    raw_pike_description: Option<String>,
    http_status: Option<u16>,
    idempotency_key: Option<String>,
    retryable: bool,
    retry_after: Option<Duration>,
}

/// Result with pikepay's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A new error of `kind` with a human message, masked by
    /// [`mask_text`] like every string an error carries.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: mask_text(&message.into()),
            field: None,
            pike_code: None,
            pike_description: None,
            raw_pike_description: None,
            http_status: None,
            idempotency_key: None,
            retryable: kind.retryable_by_default(),
            retry_after: None,
        }))
    }

    /// A client-side validation error naming the field path, e.g. `amount_details.amount`.
    pub fn invalid_field(field: impl Into<String>, problem: impl fmt::Display) -> Self {
        let field = mask_text(&field.into());
        let mut e = Error::new(ErrorKind::InvalidRequest, format!("{field}: {problem}"));
        e.0.field = Some(field);
        e
    }

    /// A client-side validation error for the rule `rule` broken at the dotted field path
    /// `field`: `field()` is the path, `pike_description()` is Pike's `path.rule` form
    /// (e.g. `amount_details.amount.positive`), exactly what Pike itself would answer.
    pub fn invalid_rule(field: impl Into<String>, rule: &str, problem: impl fmt::Display) -> Self {
        let field = field.into();
        let mut e = Error::invalid_field(field.clone(), problem);
        e.0.pike_description = Some(mask_text(&format!("{field}.{rule}")));
        e
    }

    /// The error for Pike's error `code` and `description`, received with `http_status`.
    /// For `invalid_request` with a `path.rule` description, `field()` is the path
    /// (`customer.reference.not_blank` -> `customer.reference`).
    pub fn from_pike(code: &str, description: &str, http_status: Option<u16>) -> Self {
        let kind = match code {
            INVALID_REQUEST => ErrorKind::InvalidRequest,
            REPOSITORY_RECORD_NOT_FOUND => ErrorKind::NotFound,
            IDEMPOTENCY_KEY_PARAMS_MISMATCH
            | IDEMPOTENCY_KEY_ALREADY_EXISTS
            | IDEMPOTENCY_KEY_NOT_SUPPORTED => ErrorKind::Idempotency,
            _ => match http_status {
                Some(401 | 403) => ErrorKind::Authentication,
                Some(429) => ErrorKind::RateLimit,
                Some(s) if s >= 500 => ErrorKind::Server,
                _ => ErrorKind::Api,
            },
        };
        let mut e = Error::new(kind, format!("Pike error {code}: {description}"));
        e.0.pike_code = Some(mask_text(code));
        e.0.pike_description = Some(mask_text(description));
        e.0.raw_pike_description = Some(description.to_owned());
        e.0.http_status = http_status;
        e.0.retryable = match code {
            IDEMPOTENCY_KEY_ALREADY_EXISTS => true,
            _ => kind.retryable_by_default(),
        };
        if kind == ErrorKind::InvalidRequest && looks_like_field_path(description) {
            e.0.field = description
                .rsplit_once('.')
                .map(|(path, _rule)| path.to_owned());
        }
        e
    }

    /// Reads an HTTP answer: `Some(error)` when it is Pike's error envelope
    /// (`"status":"error"`, whatever the HTTP status) or an HTTP error status,
    /// `None` when it is a success. A non-JSON error answer becomes a [`ErrorKind::Decode`]
    /// or status-derived error with a short, sanitized excerpt.
    pub fn from_response(http_status: u16, body: &[u8]) -> Option<Self> {
        let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        if let Some(obj) = parsed.as_ref().and_then(|v| v.as_object()) {
            let is_error = obj.get("status").and_then(|s| s.as_str()) == Some("error");
            if let Some(err) = obj.get("error").and_then(|e| e.as_object())
                && (is_error || http_status >= 400)
            {
                let code = err
                    .get("code")
                    .and_then(|c| c.as_str())
                    .unwrap_or("unknown");
                let desc = err
                    .get("description")
                    .and_then(|d| d.as_str())
                    .unwrap_or("");
                return Some(Error::from_pike(code, desc, Some(http_status)));
            }
            if is_error {
                return Some(
                    Error::new(
                        ErrorKind::Api,
                        "Pike answered status=error without an error object",
                    )
                    .with_http_status(http_status),
                );
            }
        }
        if http_status < 400 {
            return match parsed {
                Some(_) => None,
                None => Some(
                    Error::new(
                        ErrorKind::Decode,
                        format!("answer is not JSON (HTTP {http_status}): {}", excerpt(body)),
                    )
                    .with_http_status(http_status),
                ),
            };
        }
        let kind = match http_status {
            401 | 403 => ErrorKind::Authentication,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimit,
            s if s >= 500 => ErrorKind::Server,
            _ => ErrorKind::Api,
        };
        Some(
            Error::new(kind, format!("HTTP {http_status}: {}", excerpt(body)))
                .with_http_status(http_status),
        )
    }

    /// Sets the HTTP status the error came with.
    pub fn with_http_status(mut self, status: u16) -> Self {
        self.0.http_status = Some(status);
        self
    }

    /// Sets the idempotency key of the call that failed.
    pub fn with_idempotency_key(mut self, key: Option<String>) -> Self {
        if key.is_some() {
            self.0.idempotency_key = key;
        }
        self
    }

    /// Overrides whether a retry can help.
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.0.retryable = retryable;
        self
    }

    /// Sets how long the server asked us to wait before trying again.
    pub fn with_retry_after(mut self, after: Option<Duration>) -> Self {
        self.0.retry_after = after;
        self
    }

    /// Adds context in front of the message.
    pub fn context(mut self, what: impl fmt::Display) -> Self {
        self.0.message = mask_text(&format!("{what}: {}", self.0.message));
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// Stable snake_case code of the kind.
    pub fn code(&self) -> &'static str {
        self.0.kind.code()
    }

    /// The human message (never holds keys, card data or tokens).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The field path at fault, for validation errors.
    pub fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// Pike's own error code.
    pub fn pike_code(&self) -> Option<&str> {
        self.0.pike_code.as_deref()
    }

    /// Pike's own error description, masked like the message (card numbers, tokens and
    /// security codes hidden, control characters removed, length capped).
    pub fn pike_description(&self) -> Option<&str> {
        self.0.pike_description.as_deref()
    }

    /// Pike's error description exactly as received. **Unsafe to log**: it may hold card
    /// numbers, security codes or tokens that Pike echoed; use
    /// [`pike_description`](Self::pike_description) for anything shown or stored.
    pub fn raw_pike_description(&self) -> Option<&str> {
        self.0.raw_pike_description.as_deref()
    }

    /// The HTTP status of the answer, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        self.0.http_status
    }

    /// The idempotency key the call used; store it to retry safely.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.0.idempotency_key.as_deref()
    }

    /// Whether sending the same call again (with the same key) can help.
    pub fn retryable(&self) -> bool {
        self.0.retryable
    }

    /// How long the server asked to wait, when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.0.kind)
            .field("message", &self.0.message);
        if let Some(v) = &self.0.field {
            d.field("field", v);
        }
        if let Some(v) = &self.0.pike_code {
            d.field("pike_code", v);
        }
        if let Some(v) = &self.0.pike_description {
            d.field("pike_description", v);
        }
        if let Some(v) = &self.0.http_status {
            d.field("http_status", v);
        }
        if let Some(v) = &self.0.idempotency_key {
            d.field("idempotency_key", v);
        }
        d.field("retryable", &self.0.retryable).finish()
    }
}

impl std::error::Error for Error {}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        let what = if e.is_data() {
            "unexpected JSON"
        } else {
            "invalid JSON"
        };
        Error::new(
            ErrorKind::Decode,
            format!("{what}: {}", without_values(&e.to_string())),
        )
    }
}

/// A serde message with the values it quotes removed (`invalid type: string "…"`) and
/// long digit runs masked, so a misplaced card number or token never reaches the text.
/// Field names, which serde quotes with backticks, stay.
fn without_values(msg: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut digits = 0usize;
    for c in msg.chars() {
        if c == '"' {
            if !in_string {
                out.push_str("\"…\"");
            }
            in_string = !in_string;
            continue;
        }
        if in_string {
            continue;
        }
        if c.is_ascii_digit() {
            digits += 1;
            out.push(if digits > 4 { '*' } else { c });
        } else {
            digits = 0;
            out.push(c);
        }
    }
    out
}

fn looks_like_field_path(s: &str) -> bool {
    !s.is_empty()
        && s.contains('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '[' || c == ']')
}

/// At most 120 characters of a body, masked by [`mask_text`].
fn excerpt(body: &[u8]) -> String {
    const SHOWN: usize = 120;
    // Mask more than is shown, so a card number cut at the edge is still recognised.
    let head = &body[..body.len().min(SHOWN * 8)];
    let masked = mask_text(&String::from_utf8_lossy(head));
    let mut out: String = masked.chars().take(SHOWN).collect();
    if masked.chars().count() > SHOWN || head.len() < body.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_unique_code_and_class() {
        let mut codes: Vec<_> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        for k in ErrorKind::ALL {
            assert!(k.class_name().ends_with("Error"));
            assert_eq!(ErrorKind::from_code(k.code()), Some(*k));
        }
    }

    #[test]
    fn pike_envelope_on_http_200_is_an_error() {
        let body = br#"{"status":"error","error":{"code":"invalid_request","description":"customer.reference.not_blank"}}"#;
        let e = Error::from_response(200, body).expect("error");
        assert_eq!(e.kind(), ErrorKind::InvalidRequest);
        assert_eq!(e.field(), Some("customer.reference"));
        assert_eq!(e.pike_description(), Some("customer.reference.not_blank"));
        assert_eq!(e.pike_code(), Some("invalid_request"));
    }

    #[test]
    fn excerpt_masks_long_digit_runs() {
        let e = Error::from_response(502, b"<html>card 4242424242424242</html>").expect("error");
        assert_eq!(e.kind(), ErrorKind::Server);
        assert!(!e.message().contains("4242424242424242"));
        assert!(e.message().contains("************4242"));
    }

    #[test]
    fn card_data_in_pike_descriptions_is_masked_everywhere() {
        let description = "card 4242 4242 4242 4242, security_code=123, token \
                           9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d\nnext line";
        for status in [200, 400, 500] {
            let body = serde_json::json!({"status": "error",
                "error": {"code": "card_declined", "description": description}});
            let e = Error::from_response(status, body.to_string().as_bytes()).expect("error");
            let debug = format!("{e:?}");
            for shown in [e.message(), e.pike_description().unwrap_or(""), &debug] {
                for secret in ["4242 4242 4242", "=123", "9a8b7c6d5e4f", "\n"] {
                    assert!(!shown.contains(secret), "{secret} in {shown}");
                }
            }
            assert_eq!(e.raw_pike_description(), Some(description));
        }
        let html = "<p>4242-4242-4242-4242 cvv: 321</p>";
        let e = Error::from_response(502, html.as_bytes()).expect("error");
        assert!(!e.message().contains("4242-4242-4242"), "{e}");
        assert!(!e.message().contains("321"), "{e}");
    }

    #[test]
    fn serde_errors_do_not_carry_values() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Card {
            number: String,
            amount: i64,
        }
        let e: Error = serde_json::from_str::<Card>(r#"{"number": 4242424242424242, "amount": 1}"#)
            .expect_err("wrong type")
            .into();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(!e.message().contains("4242424242424242"), "{e}");
        let e: Error =
            serde_json::from_str::<Card>(r#"{"number": "x", "amount": "4111111111111111"}"#)
                .expect_err("wrong type")
                .into();
        assert!(!e.message().contains("4111111111111111"), "{e}");
        let e: Error = serde_json::from_str::<Card>(r#"{"amount": 1}"#)
            .expect_err("missing")
            .into();
        assert!(e.message().contains("`number`"), "{e}");
    }

    #[test]
    fn success_is_none() {
        assert!(Error::from_response(200, br#"{"status":"ok"}"#).is_none());
        assert!(Error::from_response(200, br#"{"banks":[]}"#).is_none());
        let e = Error::from_response(200, b"not json").expect("decode");
        assert_eq!(e.kind(), ErrorKind::Decode);
    }
}
