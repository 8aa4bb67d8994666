//! The Pike client from JS: one native `call` for every endpoint, plus `request` and
//! `wait`, each a Promise that an `AbortSignal` can cancel (the Rust future is dropped).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Mutex;

use futures_util::FutureExt;
use futures_util::future::{AbortHandle, AbortRegistration, Abortable};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use pikepay::{Error, ErrorKind};

use crate::errors::{from_panic, to_js};

/// Runs `fut` on the addon's tokio runtime and settles a Promise on the JS thread:
/// `done` converts the value, a core error becomes a JS error, a panic `internal_error`.
pub fn spawn<'env, T, V, F, R>(env: &'env Env, fut: F, done: R) -> Result<PromiseRaw<'env, V>>
where
    T: Send + 'static,
    V: ToNapiValue,
    F: Future<Output = pikepay::Result<T>> + Send + 'static,
    R: FnOnce(&'env Env, T) -> Result<V> + 'static,
{
    let guarded = async move {
        Ok(AssertUnwindSafe(fut)
            .catch_unwind()
            .await
            .unwrap_or_else(|payload| Err(from_panic(payload))))
    };
    env.spawn_future_with_callback(guarded, move |env, result| match result {
        Ok(value) => done(env, value),
        Err(e) => Err(to_js(env, &e)),
    })
}

/// Cancels one native call: the JS layer makes one per call that has an `AbortSignal`
/// and calls `cancel()` when the signal aborts.
#[napi]
pub struct CancelToken {
    handle: AbortHandle,
    registration: Mutex<Option<AbortRegistration>>,
}

#[napi]
impl CancelToken {
    /// A token not yet cancelled.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let (handle, registration) = AbortHandle::new_pair();
        CancelToken {
            handle,
            registration: Mutex::new(Some(registration)),
        }
    }

    /// Cancels the call this token was given to; its future is dropped at once.
    #[napi]
    pub fn cancel(&self) {
        self.handle.abort();
    }
}

/// `fut`, made cancellable by `token` when there is one.
pub fn cancellable<T>(
    token: Option<&CancelToken>,
    fut: impl Future<Output = pikepay::Result<T>> + Send + 'static,
) -> pikepay::Result<impl Future<Output = pikepay::Result<T>> + Send + 'static> {
    let registration = match token {
        None => AbortHandle::new_pair().1,
        Some(t) => t
            .registration
            .lock()
            .map_err(|_| Error::new(ErrorKind::Internal, "cancel token lock poisoned"))?
            .take()
            .ok_or_else(|| Error::new(ErrorKind::Internal, "cancel token used twice"))?,
    };
    Ok(async move {
        Abortable::new(fut, registration)
            .await
            .unwrap_or_else(|_| Err(Error::new(ErrorKind::Internal, "call cancelled")))
    })
}
