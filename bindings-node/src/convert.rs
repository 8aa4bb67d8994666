//! Values between JS and the core: bytes from `Buffer | string`, JSON text both ways,
//! milliseconds to durations, checked whole numbers and HTTP methods.

use std::time::Duration;

use napi::bindgen_prelude::*;
use pikepay::{Error, ErrorKind, HttpMethod};
use serde_json::Value;

/// Bytes given from JS as a `Buffer`/`Uint8Array` or a string (taken as UTF-8).
pub type Bytes = Either<Buffer, String>;

/// The bytes of `value`.
pub fn bytes(value: &Bytes) -> &[u8] {
    match value {
        Either::A(buf) => buf.as_ref(),
        Either::B(text) => text.as_bytes(),
    }
}

/// Parses JSON text produced by the JS layer (`JSON.stringify`) for `what`.
pub fn parse_json(text: &str, what: &str) -> pikepay::Result<Value> {
    serde_json::from_str(text).map_err(|e| {
        Error::new(
            ErrorKind::InvalidRequest,
            format!("{what} is not valid JSON: {e}"),
        )
    })
}

/// JSON text of a core value, for the JS layer to `JSON.parse`.
pub fn json_text(value: &Value) -> String {
    value.to_string()
}

/// A duration from a JS number of milliseconds; negative or non-finite values are refused.
pub fn millis(ms: f64, what: &str) -> pikepay::Result<Duration> {
    if ms.is_finite() && ms >= 0.0 {
        Ok(Duration::from_secs_f64(ms / 1000.0))
    } else {
        Err(Error::new(
            ErrorKind::Configuration,
            format!("{what} must be a non-negative number of milliseconds, got {ms}"),
        ))
    }
}

/// A whole number from a JS number (e.g. `maxRetries`); fractions, negatives and
/// values beyond `u32` are refused instead of being wrapped or truncated.
pub fn whole(n: f64, what: &str) -> pikepay::Result<u32> {
    if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
        Ok(n as u32)
    } else {
        Err(Error::new(
            ErrorKind::Configuration,
            format!("{what} must be a whole number from 0, got {n}"),
        ))
    }
}

/// `"GET"` or `"POST"` (any case) as the core's method.
pub fn http_method(method: &str) -> pikepay::Result<HttpMethod> {
    match method.to_ascii_uppercase().as_str() {
        "GET" => Ok(HttpMethod::Get),
        "POST" => Ok(HttpMethod::Post),
        _ => Err(Error::invalid_field(
            "method",
            format!("must be 'GET' or 'POST', not '{method}'"),
        )),
    }
}
