//! The core's attempt events reach Python: `tracing` events become `logging` records on
//! the `pikepay` logger (through `pyo3-log`), and `on_request` / `on_response` callables
//! see each attempt as a dict.
//!
//! Both run on the runtime's threads. Python is only entered through [`with_python`],
//! which stops letting threads in when the interpreter starts to exit (an `atexit`
//! handler closes the gate and waits for the threads already inside), so no runtime
//! thread ever touches a finalizing interpreter.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use pikepay::client::{AttemptRequest, AttemptResponse, Observer};
use pyo3::prelude::*;
use serde::Serialize;

use crate::convert::to_py;

static CLOSED: AtomicBool = AtomicBool::new(false);
static INSIDE: AtomicUsize = AtomicUsize::new(0);

/// Longest wait at exit for threads that are in Python already.
const EXIT_WAIT: Duration = Duration::from_secs(2);

/// Runs `f` attached to the interpreter, unless it is exiting (then returns `None`).
pub fn with_python<R>(f: impl for<'py> FnOnce(Python<'py>) -> R) -> Option<R> {
    if CLOSED.load(Ordering::Acquire) {
        return None;
    }
    INSIDE.fetch_add(1, Ordering::AcqRel);
    let result = if CLOSED.load(Ordering::Acquire) {
        None
    } else {
        Python::try_attach(f)
    };
    INSIDE.fetch_sub(1, Ordering::AcqRel);
    result
}

/// Registered with `atexit`: closes the gate, then waits (without the GIL) for the
/// threads inside it to leave.
#[pyfunction]
fn _close_python_gate(py: Python<'_>) {
    CLOSED.store(true, Ordering::Release);
    py.detach(|| {
        let started = Instant::now();
        while INSIDE.load(Ordering::Acquire) > 0 && started.elapsed() < EXIT_WAIT {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// The logger: `pyo3-log`, behind the gate, made on the first record the core logs, so
/// importing pikepay does not import `logging`.
struct GatedLogger;

/// `pyo3-log`'s logger and the handle that forgets its cached levels, once made.
static LOGGER: OnceLock<(pyo3_log::Logger, Mutex<pyo3_log::ResetHandle>)> = OnceLock::new();

/// The logger, made now (with the GIL, so `logging` is imported) unless it exists.
fn logger() -> Option<&'static pyo3_log::Logger> {
    if let Some((logger, _)) = LOGGER.get() {
        return Some(logger);
    }
    with_python(|py| {
        if LOGGER.get().is_none() {
            let logger = pyo3_log::Logger::new(py, pyo3_log::Caching::LoggersAndLevels)
                .ok()?
                .filter(log::LevelFilter::Debug);
            let reset = Mutex::new(logger.reset_handle());
            // Another thread may have made one meanwhile: the first one stays.
            let _ = LOGGER.set((logger, reset));
        }
        LOGGER.get().map(|(logger, _)| logger)
    })
    .flatten()
}

impl log::Log for GatedLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        logger().is_some_and(|l| l.enabled(metadata))
    }

    fn log(&self, record: &log::Record<'_>) {
        if let Some(l) = logger() {
            let _ = with_python(|_| l.log(record));
        }
    }

    fn flush(&self) {}
}

/// Installs the logging bridge and the exit handler; called once when the module loads.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let close = wrap_pyfunction!(_close_python_gate, m)?;
    py.import("atexit")?.call_method1("register", (close,))?;
    if log::set_logger(&GatedLogger).is_ok() {
        log::set_max_level(log::LevelFilter::Debug);
    }
    Ok(())
}

/// Forgets the cached logger levels, so a client made after `logging` was configured
/// follows that configuration.
pub fn refresh_levels() {
    if let Some((_, reset)) = LOGGER.get() {
        reset.lock().unwrap_or_else(|p| p.into_inner()).reset();
    }
}

/// The Python callables of one client.
pub struct Hooks {
    on_request: Option<Py<PyAny>>,
    on_response: Option<Py<PyAny>>,
}

impl Hooks {
    /// Checks that each given hook is callable.
    pub fn new(
        on_request: Option<Bound<'_, PyAny>>,
        on_response: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Option<Self>> {
        for (name, hook) in [("on_request", &on_request), ("on_response", &on_response)] {
            if let Some(h) = hook
                && !h.is_callable()
            {
                return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "{name} must be callable"
                )));
            }
        }
        if on_request.is_none() && on_response.is_none() {
            return Ok(None);
        }
        Ok(Some(Hooks {
            on_request: on_request.map(Bound::unbind),
            on_response: on_response.map(Bound::unbind),
        }))
    }
}

/// Calls `hook` with `attempt` as a dict; an exception is reported as unraisable, never
/// raised into the call.
fn call_hook(hook: &Option<Py<PyAny>>, attempt: &impl Serialize) {
    let Some(hook) = hook else { return };
    let Ok(value) = serde_json::to_value(attempt) else {
        return;
    };
    with_python(|py| {
        let hook = hook.bind(py);
        let result = to_py(py, &value).and_then(|arg| hook.call1((arg,)));
        if let Err(e) = result {
            e.write_unraisable(py, Some(hook));
        }
    });
}

impl Observer for Hooks {
    fn on_request(&self, request: &AttemptRequest) {
        call_hook(&self.on_request, request);
    }

    fn on_response(&self, response: &AttemptResponse) {
        call_hook(&self.on_response, response);
    }
}
