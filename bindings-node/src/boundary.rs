//! The boundary between JS and the core: a core error becomes a JS error and a panic
//! becomes `internal_error` instead of crossing into Node, for synchronous calls
//! ([`guard`]) and for futures settled as Promises ([`crate::settle::spawn`]).

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::bindgen_prelude::*;
use pikepay::{Error, ErrorKind};

use crate::errors::to_js;

/// The `internal_error` that stands for a panic caught at the boundary.
pub fn from_panic(payload: Box<dyn Any + Send>) -> Error {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    Error::new(ErrorKind::Internal, format!("pikepay panicked: {what}"))
}

/// Runs a synchronous core operation on the JS thread: its error becomes a JS error and
/// a panic becomes `internal_error` instead of crossing into Node.
pub fn guard<T>(env: &Env, f: impl FnOnce() -> pikepay::Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_js(env, &e)),
        Err(payload) => Err(to_js(env, &from_panic(payload))),
    }
}
