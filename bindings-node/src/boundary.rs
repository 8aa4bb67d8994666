//! The boundary between JS and the core: a core error becomes a JS error and a panic
//! becomes `internal_error` instead of crossing into Node, for synchronous calls
//! ([`guard`]) and for futures settled as Promises ([`spawn`]).

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::bindgen_prelude::*;
#[cfg(feature = "test-panic")]
use napi_derive::napi;
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

/// Runs `fut` on the addon's tokio runtime and settles a Promise on the JS thread:
/// `done` converts the value, a core error becomes a JS error, a panic `internal_error`.
pub fn spawn<'env, T, V, F, R>(env: &'env Env, fut: F, done: R) -> Result<PromiseRaw<'env, V>>
where
    T: Send + 'static,
    V: ToNapiValue,
    F: Future<Output = pikepay::Result<T>> + Send + 'static,
    R: FnOnce(&Env, T) -> Result<V> + Send + 'static,
{
    crate::settle::spawn(env, fut, done)
}

/// Panics on purpose, synchronously or inside a future, so tests can check that the
/// panic arrives as `InternalError` (built only with the `test-panic` feature).
#[cfg(feature = "test-panic")]
#[napi(ts_return_type = "Promise<never> | never")]
pub fn panic_for_test(env: &Env, in_future: bool) -> Result<PromiseRaw<'_, ()>> {
    if in_future {
        spawn(env, async { panic!("test panic in a future") }, |_, ()| {
            Ok(())
        })
    } else {
        guard(env, || -> pikepay::Result<PromiseRaw<'_, ()>> {
            panic!("test panic")
        })
    }
}
