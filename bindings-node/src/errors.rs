//! pikepay errors as JS errors: the kind's code and class name plus every field of
//! [`pikepay::Error`].

use napi::bindgen_prelude::*;
use napi_derive::napi;
use pikepay::{Error, ErrorKind};

/// One row of the core's error kind table, for the JS layer to derive its classes from.
#[napi(object)]
pub struct ErrorKindInfo {
    /// Stable snake_case code, e.g. `outcome_unknown_error`.
    pub code: String,
    /// Class name, e.g. `OutcomeUnknownError`.
    pub class_name: String,
    /// One line: what happened and what to do.
    pub summary: String,
    /// Whether a retry can help, by default, for this kind.
    pub retryable: bool,
}

/// Every error kind of the core, in its declaration order.
#[napi]
pub fn error_kinds() -> Vec<ErrorKindInfo> {
    ErrorKind::ALL
        .iter()
        .map(|k| ErrorKindInfo {
            code: k.code().to_owned(),
            class_name: k.class_name().to_owned(),
            summary: k.summary().to_owned(),
            retryable: k.retryable_by_default(),
        })
        .collect()
}

/// The JS error object for `e`: an `Error` whose `name` is the class name, `code` the
/// kind's code, with `field`, `pikeCode`, `pikeDescription`, `rawPikeDescription`
/// (the JS layer keeps it private), `httpStatus`,
/// `idempotencyKey`, `retryable` and `retryAfterMs` set (absent values are `null`).
pub fn to_js(env: &Env, e: &Error) -> napi::Error {
    match error_object(env, e) {
        Ok(obj) => napi::Error::from(obj.to_unknown()),
        Err(failed) => failed,
    }
}

fn error_object<'env>(env: &'env Env, e: &Error) -> Result<Object<'env>> {
    let mut obj = env.create_error(napi::Error::new(
        Status::GenericFailure,
        e.message().to_owned(),
    ))?;
    obj.set("name", e.kind().class_name())?;
    obj.set("code", e.code())?;
    obj.set("field", e.field())?;
    obj.set("pikeCode", e.pike_code())?;
    obj.set("pikeDescription", e.pike_description())?;
    obj.set("rawPikeDescription", e.raw_pike_description())?;
    obj.set("httpStatus", e.http_status().map(u32::from))?;
    obj.set("idempotencyKey", e.idempotency_key())?;
    obj.set("retryable", e.retryable())?;
    obj.set(
        "retryAfterMs",
        e.retry_after().map(|d| d.as_millis() as f64),
    )?;
    Ok(obj)
}
