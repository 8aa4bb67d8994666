//! Settles the Promises of native calls on the JS thread, a batch at a time.
//!
//! A call that ends on the runtime queues its outcome; only the first call of a batch
//! wakes the JS thread (through one threadsafe function per JS thread, made once), and
//! that turn of the event loop settles every queued Promise. While calls are pending the
//! wake-up keeps the event loop alive; when none is, it lets the process end.

use std::cell::RefCell;
use std::ffi::c_void;
use std::panic::AssertUnwindSafe;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use futures_util::FutureExt;
use napi::bindgen_prelude::*;
use napi::{check_status, sys};

use crate::boundary::from_panic;
use crate::errors::to_js;

/// Turns a finished call's outcome into the Promise's value (or rejection), on the JS
/// thread.
type Settle = Box<dyn FnOnce(&Env) -> Result<sys::napi_value> + Send>;

/// A Promise's resolver, handed to the runtime and back; used only on the JS thread.
struct Deferred(sys::napi_deferred);

// SAFETY: the pointer is only passed through other threads, never used there.
unsafe impl Send for Deferred {}

/// A finished call waiting for the JS thread.
struct Finished {
    deferred: Deferred,
    settle: Settle,
}

/// The finished calls of one JS thread.
#[derive(Default)]
struct Batch {
    finished: Vec<Finished>,
    /// The JS thread is woken already and has not taken the batch yet.
    waking: bool,
}

/// The threadsafe function that wakes one JS thread.
struct Wake(sys::napi_threadsafe_function);

// SAFETY: Node-API allows calling a threadsafe function from any thread; it is released
// only by its environment's teardown, which clears it under the lock first.
unsafe impl Send for Wake {}
unsafe impl Sync for Wake {}

/// Where the calls started on one JS thread end.
struct Settler {
    env: sys::napi_env,
    batch: Mutex<Batch>,
    /// `None` once the environment is torn down.
    wake: RwLock<Option<Wake>>,
    /// Calls started and not settled yet (changed on the JS thread only).
    pending: AtomicUsize,
}

// SAFETY: `env` is only used on the JS thread it belongs to.
unsafe impl Send for Settler {}
unsafe impl Sync for Settler {}

thread_local! {
    /// The settler of this JS thread's environment.
    static SETTLER: RefCell<Option<Arc<Settler>>> = const { RefCell::new(None) };
}

impl Settler {
    /// This JS thread's settler, made on first use (and again for a new environment).
    fn current(env: &Env) -> Result<Arc<Settler>> {
        SETTLER.with(|slot| {
            let mut slot = slot.borrow_mut();
            if let Some(settler) = slot.as_ref()
                && settler.env == env.raw()
                && settler.wake.read().is_ok_and(|w| w.is_some())
            {
                return Ok(settler.clone());
            }
            let settler = Settler::new(env)?;
            *slot = Some(settler.clone());
            Ok(settler)
        })
    }

    fn new(env: &Env) -> Result<Arc<Settler>> {
        let settler = Arc::new(Settler {
            env: env.raw(),
            batch: Mutex::new(Batch::default()),
            wake: RwLock::new(None),
            pending: AtomicUsize::new(0),
        });
        let name = env.create_string("pikepay call")?;
        let context = Arc::into_raw(settler.clone()) as *mut c_void;
        let mut wake = ptr::null_mut();
        // SAFETY: valid env and name; `context` stays alive until `released` takes it back.
        let made = unsafe {
            sys::napi_create_threadsafe_function(
                env.raw(),
                ptr::null_mut(),
                ptr::null_mut(),
                name.raw(),
                0,
                1,
                context,
                Some(released),
                context,
                Some(settle_batch),
                &mut wake,
            )
        };
        if made != sys::Status::napi_ok {
            // SAFETY: not handed to Node: take the reference back.
            drop(unsafe { Arc::from_raw(context as *const Settler) });
            check_status!(made, "cannot create the call settler")?;
        }
        // SAFETY: made above, on this thread.
        check_status!(unsafe { sys::napi_unref_threadsafe_function(env.raw(), wake) })?;
        *settler.wake.write().unwrap_or_else(|p| p.into_inner()) = Some(Wake(wake));
        Ok(settler)
    }

    /// A call started (JS thread): the event loop stays alive until it is settled.
    fn started(&self) {
        if self.pending.fetch_add(1, Ordering::AcqRel) == 0 {
            self.set_ref(true);
        }
    }

    /// `n` calls were settled (JS thread).
    fn settled(&self, n: usize) {
        if n > 0 && self.pending.fetch_sub(n, Ordering::AcqRel) == n {
            self.set_ref(false);
        }
    }

    fn set_ref(&self, keep_alive: bool) {
        let wake = self.wake.read().unwrap_or_else(|p| p.into_inner());
        if let Some(wake) = wake.as_ref() {
            // SAFETY: on the JS thread of `env`, with a live threadsafe function.
            unsafe {
                if keep_alive {
                    sys::napi_ref_threadsafe_function(self.env, wake.0);
                } else {
                    sys::napi_unref_threadsafe_function(self.env, wake.0);
                }
            }
        }
    }

    /// Queues a finished call (any thread); wakes the JS thread unless it is woken already.
    fn finished(&self, deferred: Deferred, settle: Settle) {
        let wake = {
            let mut batch = self.batch.lock().unwrap_or_else(|p| p.into_inner());
            batch.finished.push(Finished { deferred, settle });
            !std::mem::replace(&mut batch.waking, true)
        };
        if wake {
            let wake = self.wake.read().unwrap_or_else(|p| p.into_inner());
            if let Some(wake) = wake.as_ref() {
                // SAFETY: live threadsafe function (teardown clears it under the lock).
                unsafe {
                    sys::napi_call_threadsafe_function(
                        wake.0,
                        ptr::null_mut(),
                        sys::ThreadsafeFunctionCallMode::nonblocking,
                    );
                }
            }
        }
    }

    /// Settles every queued call (JS thread).
    fn settle_all(&self, env: &Env) {
        let finished = {
            let mut batch = self.batch.lock().unwrap_or_else(|p| p.into_inner());
            batch.waking = false;
            std::mem::take(&mut batch.finished)
        };
        let n = finished.len();
        for Finished { deferred, settle } in finished {
            // SAFETY: each deferred is settled exactly once, here, on its JS thread.
            unsafe {
                match settle(env) {
                    Ok(value) => sys::napi_resolve_deferred(env.raw(), deferred.0, value),
                    Err(e) => match ToNapiValue::to_napi_value(env.raw(), e) {
                        Ok(error) => sys::napi_reject_deferred(env.raw(), deferred.0, error),
                        Err(_) => sys::napi_reject_deferred(env.raw(), deferred.0, ptr::null_mut()),
                    },
                };
            }
        }
        self.settled(n);
    }
}

/// The threadsafe function's call: settles the batch on the JS thread.
unsafe extern "C" fn settle_batch(
    env: sys::napi_env,
    _callback: sys::napi_value,
    context: *mut c_void,
    _data: *mut c_void,
) {
    if env.is_null() || context.is_null() {
        return;
    }
    // SAFETY: `context` is the settler this function was made with, alive until `released`.
    let settler = unsafe { &*(context as *const Settler) };
    settler.settle_all(&Env::from_raw(env));
}

/// The environment is torn down: no wake-up can be sent any more.
unsafe extern "C" fn released(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the reference `Settler::new` handed to Node.
    let settler = unsafe { Arc::from_raw(data as *const Settler) };
    *settler.wake.write().unwrap_or_else(|p| p.into_inner()) = None;
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
    let settler = Settler::current(env)?;
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    // SAFETY: on the JS thread, with valid out pointers.
    check_status!(unsafe { sys::napi_create_promise(env.raw(), &mut deferred, &mut promise) })?;
    settler.started();
    let deferred = Deferred(deferred);
    napi::bindgen_prelude::spawn(async move {
        let outcome = AssertUnwindSafe(fut)
            .catch_unwind()
            .await
            .unwrap_or_else(|payload| Err(from_panic(payload)));
        let settle: Settle = Box::new(move |env| match outcome {
            // SAFETY: on the JS thread of `env`.
            Ok(value) => unsafe { V::to_napi_value(env.raw(), done(env, value)?) },
            Err(e) => Err(to_js(env, &e)),
        });
        settler.finished(deferred, settle);
    });
    Ok(PromiseRaw::new(env.raw(), promise))
}
