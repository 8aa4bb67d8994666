//! Values between JS and the core: bytes from `Buffer | string`, JSON text both ways,
//! milliseconds to durations.

use std::time::Duration;

use napi::bindgen_prelude::*;
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
