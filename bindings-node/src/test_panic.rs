//! A deliberate panic, synchronous or inside a future, so tests can check that it
//! arrives in JS as `InternalError` (built only with the `test-panic` feature).

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::boundary::guard;
use crate::settle::spawn;

/// Panics on purpose, synchronously or inside a future, so tests can check that the
/// panic arrives as `InternalError` (built only with the `test-panic` feature).
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
