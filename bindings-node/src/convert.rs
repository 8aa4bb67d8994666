//! Values between JS and the core: bytes from `Buffer | string`, JSON text both ways,
//! milliseconds to durations and checked whole numbers.

use std::time::Duration;

use napi::bindgen_prelude::*;
use pikepay::client::MAX_TIMEOUT;
use pikepay::number::{Exactly, exactly};
use pikepay::{Error, ErrorKind};
use serde::{Serialize, Serializer};
use serde_json::{Number, Value};

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

/// JSON text of a core value, for the JS layer to `JSON.parse`, every number exactly as
/// received: a number a JS number holds exactly stays a number (`1.0` reads as `1`,
/// `-0` as `-0`); an integer beyond ±(2^53 − 1) (`Number.MAX_SAFE_INTEGER`) and any
/// number a JS number cannot hold (`1e400`, more digits than a double keeps) become the
/// string of their exact text.
pub fn json_text(value: &Value) -> String {
    serde_json::to_string(&ForJs(value)).unwrap_or_else(|_| value.to_string())
}

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// True when a JS number cannot hold `n` exactly, so it crosses as its text.
fn as_text(n: &Number) -> bool {
    match exactly(n) {
        Exactly::I64(i) => i.unsigned_abs() > MAX_SAFE_INTEGER,
        Exactly::U64(u) => u > MAX_SAFE_INTEGER,
        Exactly::F64(_) => false,
        Exactly::BigInteger(_) | Exactly::Decimal(_) => true,
    }
}

/// A value serialized for JS: numbers a JS number cannot hold as their text.
struct ForJs<'a>(&'a Value);

impl Serialize for ForJs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0 {
            Value::Number(n) if as_text(n) => s.serialize_str(n.as_str()),
            Value::Array(items) => s.collect_seq(items.iter().map(ForJs)),
            Value::Object(map) => s.collect_map(map.iter().map(|(k, v)| (k, ForJs(v)))),
            other => other.serialize(s),
        }
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
