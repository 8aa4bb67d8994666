//! What Pike checks before a method runs, in Pike's order: a known `X-PARTNER-PROJECT`,
//! `X-PARTNER-SIGN` over the raw body with that project's key, a JSON object body, a
//! well-formed idempotency key, then the fields (the core's `validate_request`).

use axum::http::{HeaderMap, StatusCode};
use pikepay::error::IDEMPOTENCY_KEY_NOT_SUPPORTED;
use pikepay::{ApiVersion, Endpoint, HttpMethod, wire};
use serde_json::Value;

use crate::app::App;
use crate::idempotency;
use crate::reply::{self, PikeError};
use crate::requests::Signature;
use crate::{strict, validation};

/// Header names Pike uses.
pub const PROJECT: &str = "x-partner-project";
const SIGN: &str = "x-partner-sign";
const IDEMPOTENCY_KEY: &str = "x-partner-idempotency-key";

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A request that passed the header, signature, JSON and field checks.
pub struct Checked {
    /// The calling project.
    pub project: String,
    /// The idempotency key, if sent.
    pub key: Option<String>,
    /// The body with canonical (v2) names.
    pub body: Value,
}

/// Runs the checks; the error is the envelope to answer with. Also says what became of
/// the signature, for the request log.
pub fn check(
    app: &App,
    version: ApiVersion,
    endpoint: Endpoint,
    headers: &HeaderMap,
    raw: &[u8],
) -> (Signature, Result<Checked, PikeError>) {
    let mut signature = Signature::Unchecked;
    let result = check_in_order(app, version, endpoint, headers, raw, &mut signature);
    (signature, result)
}

fn check_in_order(
    app: &App,
    version: ApiVersion,
    endpoint: Endpoint,
    headers: &HeaderMap,
    raw: &[u8],
    signature: &mut Signature,
) -> Result<Checked, PikeError> {
    let unauthorized =
        |msg: &str| PikeError::new(StatusCode::UNAUTHORIZED, reply::UNAUTHORIZED, msg);
    let project = header(headers, PROJECT)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| unauthorized("X-PARTNER-PROJECT header is missing"))?;
    let (key, unsupported) = {
        let st = app.lock();
        let p = st
            .projects
            .get(project)
            .ok_or_else(|| unauthorized("unknown project in X-PARTNER-PROJECT"))?;
        (
            p.key.clone(),
            p.idempotency_unsupported.contains(endpoint.path()),
        )
    };
    let bad_sign =
        |msg: &str| PikeError::new(StatusCode::UNAUTHORIZED, reply::INVALID_SIGNATURE, msg);
    let Some(sign) = header(headers, SIGN) else {
        *signature = Signature::Missing;
        return Err(bad_sign("X-PARTNER-SIGN header is missing"));
    };
    if key.verify(raw, sign).is_err() {
        *signature = Signature::Invalid;
        return Err(bad_sign(
            "X-PARTNER-SIGN does not verify over the request body with the project's key",
        ));
    }
    *signature = Signature::Verified;
    let mut body: Value =
        if raw.iter().all(u8::is_ascii_whitespace) && endpoint.http_method() == HttpMethod::Get {
            Value::Object(Default::default())
        } else {
            serde_json::from_slice(raw).map_err(|e| {
                PikeError::invalid(format!(
                    "request body is not valid JSON (line {}, column {})",
                    e.line(),
                    e.column()
                ))
            })?
        };
    if !body.is_object() {
        // The validator names it as the client does (`body.invalid_type`).
        validation::validate(endpoint, &body)?;
    }
    let idem = match headers.get(IDEMPOTENCY_KEY) {
        None => None,
        Some(v) => {
            let k = v.to_str().map_err(|_| {
                PikeError::invalid("X-PARTNER-IDEMPOTENCY-KEY must be printable ASCII")
            })?;
            idempotency::check_key(k).map_err(PikeError::invalid)?;
            if unsupported {
                return Err(PikeError::new(
                    StatusCode::BAD_REQUEST,
                    IDEMPOTENCY_KEY_NOT_SUPPORTED,
                    format!("{} does not accept an idempotency key", endpoint.path()),
                ));
            }
            Some(k.to_owned())
        }
    };
    if version == ApiVersion::V1 {
        wire::to_canonical(&mut body);
    }
    validation::validate(endpoint, &body)?;
    if app.limits.strict {
        strict::check(endpoint, &body)?;
    }
    Ok(Checked {
        project: project.to_owned(),
        key: idem,
        body,
    })
}
