//! One tokio runtime per process, rebuilt in a child after `fork()`.
//!
//! A forked child inherits the parent's runtime object but none of its worker threads, so
//! using (or even dropping) it there would hang forever. The runtime is therefore keyed by
//! process id: a new pid gets a fresh runtime, and the inherited one is leaked on purpose.

use std::any::Any;
use std::cell::OnceCell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::FutureExt;
use pikepay::error::{Error, ErrorKind, Result};
use pyo3::prelude::*;
use pyo3_async_runtimes::TaskLocals;
use pyo3_async_runtimes::generic::{ContextExt, JoinError, Runtime as GenericRuntime};
use tokio::runtime::{Builder, Handle, Runtime};

use crate::errors::{panic_error, to_pyerr};

struct State {
    pid: u32,
    runtime: Runtime,
}

static STATE: Mutex<Option<Arc<State>>> = Mutex::new(None);

/// How often a blocking call wakes up to let Python handle signals (Ctrl-C).
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

/// The handle of this process's runtime, created on first use and after a fork.
pub fn handle() -> Result<Handle> {
    let pid = std::process::id();
    let mut state = STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(current) = state.as_ref()
        && current.pid == pid
    {
        return Ok(current.runtime.handle().clone());
    }
    if let Some(inherited) = state.take() {
        // Its worker threads exist only in the parent: dropping it would block forever.
        std::mem::forget(inherited);
    }
    let runtime = Builder::new_multi_thread()
        .thread_name("pikepay-runtime")
        .enable_all()
        .build()
        .map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                format!("cannot start the runtime: {e}"),
            )
        })?;
    let handle = runtime.handle().clone();
    *state = Some(Arc::new(State { pid, runtime }));
    Ok(handle)
}

/// Runs `fut` to completion, turning a panic into an [`ErrorKind::Internal`] error.
pub async fn guarded<T>(fut: impl Future<Output = Result<T>>) -> Result<T> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(result) => result,
        Err(payload) => Err(panic_error(payload.as_ref())),
    }
}

/// Runs `fut` on the runtime while the calling thread waits without the GIL.
///
/// The wait wakes up every few milliseconds to run Python's signal handlers; when one
/// raises (Ctrl-C gives `KeyboardInterrupt`) the task is aborted and that exception returned.
pub fn block_on<T, F>(py: Python<'_>, fut: F) -> PyResult<T>
where
    T: Send + 'static,
    F: Future<Output = Result<T>> + Send + 'static,
{
    let handle = handle().map_err(to_pyerr)?;
    let (tx, rx) = channel();
    let task = handle.spawn(async move {
        let _ = tx.send(guarded(fut).await);
    });
    let mut rx = rx;
    loop {
        let (got, back) = py.detach(move || (rx.recv_timeout(SIGNAL_CHECK), rx));
        rx = back;
        match got {
            Ok(result) => return result.map_err(to_pyerr),
            Err(RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    task.abort();
                    return Err(interrupt);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(to_pyerr(Error::new(
                    ErrorKind::Internal,
                    "the call ended without a result",
                )));
            }
        }
    }
}

/// Wraps `fut` in an asyncio awaitable driven by this process's runtime.
///
/// Cancelling the awaitable drops `fut` (and so the request it was making).
pub fn future_into_py<'py, T, F>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    T: for<'a> IntoPyObject<'a> + Send + 'static,
    F: Future<Output = Result<T>> + Send + 'static,
{
    // Start (or restart after fork) the runtime here, where a failure can still be raised.
    handle().map_err(to_pyerr)?;
    pyo3_async_runtimes::generic::future_into_py::<ForkSafeTokio, _, _>(py, async move {
        guarded(fut).await.map_err(to_pyerr)
    })
}

/// The fork-aware runtime, as pyo3-async-runtimes sees it.
pub struct ForkSafeTokio;

/// Why a spawned task gave no result: it panicked, or no runtime could be started.
pub struct TaskFailed(Option<Box<dyn Any + Send + 'static>>);

impl JoinError for TaskFailed {
    fn is_panic(&self) -> bool {
        self.0.is_some()
    }

    fn into_panic(self) -> Box<dyn Any + Send + 'static> {
        self.0
            .unwrap_or_else(|| Box::new("the runtime could not be started"))
    }
}

type TaskHandle = Pin<Box<dyn Future<Output = std::result::Result<(), TaskFailed>> + Send>>;

fn spawn_on_runtime(spawn: impl FnOnce(&Handle) -> tokio::task::JoinHandle<()>) -> TaskHandle {
    match handle() {
        Ok(handle) => {
            let task = spawn(&handle);
            Box::pin(async move { task.await.map_err(|e| TaskFailed(e.try_into_panic().ok())) })
        }
        Err(_) => Box::pin(async { Err(TaskFailed(None)) }),
    }
}

tokio::task_local! {
    static TASK_LOCALS: OnceCell<TaskLocals>;
}

impl GenericRuntime for ForkSafeTokio {
    type JoinError = TaskFailed;
    type JoinHandle = TaskHandle;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        spawn_on_runtime(|handle| handle.spawn(fut))
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        spawn_on_runtime(|handle| handle.spawn_blocking(f))
    }
}

impl ContextExt for ForkSafeTokio {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceCell::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|cell| cell.get().cloned())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_future_gives_internal_error() {
        let handle = handle().unwrap();
        let result = handle.block_on(guarded(async {
            if std::process::id() > 0 {
                panic!("async boom");
            }
            Ok(())
        }));
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Internal);
        assert!(err.message().contains("async boom"));
    }

    #[test]
    fn tasks_run_on_the_pikepay_workers() {
        let task = handle()
            .unwrap()
            .spawn(async { std::thread::current().name().map(str::to_owned) });
        let name = handle().unwrap().block_on(task).unwrap();
        assert_eq!(name.as_deref(), Some("pikepay-runtime"));
    }
}
