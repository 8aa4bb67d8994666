//! Values between JS and the core: bytes from `Buffer | string`, JSON text both ways,
//! milliseconds to durations and checked whole numbers.

use std::time::Duration;

use napi::bindgen_prelude::*;
use pikepay::client::MAX_TIMEOUT;
use pikepay::{Error, ErrorKind};
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

/// JSON text of a core value, for the JS layer to `JSON.parse`. Integers a JS number
/// cannot hold exactly (beyond ±(2^53 − 1)) become decimal strings, so no digit is lost.
pub fn json_text(value: &Value) -> String {
    if has_unsafe_integer(value) {
        let mut value = value.clone();
        exact_integers(&mut value);
        return value.to_string();
    }
    value.to_string()
}

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

fn unsafe_integer(n: &serde_json::Number) -> bool {
    n.as_u64().is_some_and(|u| u > MAX_SAFE_INTEGER)
        || n.as_i64()
            .is_some_and(|i| i.unsigned_abs() > MAX_SAFE_INTEGER)
}

fn has_unsafe_integer(value: &Value) -> bool {
    match value {
        Value::Number(n) => unsafe_integer(n),
        Value::Array(items) => items.iter().any(has_unsafe_integer),
        Value::Object(map) => map.values().any(has_unsafe_integer),
        _ => false,
    }
}

fn exact_integers(value: &mut Value) {
    match value {
        Value::Number(n) if unsafe_integer(n) => *value = Value::String(n.to_string()),
        Value::Array(items) => items.iter_mut().for_each(exact_integers),
        Value::Object(map) => map.values_mut().for_each(exact_integers),
        _ => {}
    }
}

/// A duration from a JS number of milliseconds for the option `what`; negative,
/// non-finite and out-of-range values (above [`MAX_TIMEOUT`]) are refused with an
/// error of `kind` naming the option.
pub fn millis(ms: f64, what: &str, kind: ErrorKind) -> pikepay::Result<Duration> {
    let refused = |why: String| match kind {
        ErrorKind::InvalidRequest => Error::invalid_field(what, why),
        _ => Error::new(kind, format!("{what} {why}")),
    };
    if !(ms.is_finite() && ms >= 0.0) {
        return Err(refused(format!(
            "must be a non-negative number of milliseconds, got {ms}"
        )));
    }
    match Duration::try_from_secs_f64(ms / 1000.0) {
        Ok(d) if d <= MAX_TIMEOUT => Ok(d),
        _ => Err(refused(format!(
            "must be at most {} ms ({} days), got {ms}",
            MAX_TIMEOUT.as_millis(),
            MAX_TIMEOUT.as_secs() / 86_400
        ))),
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
