//! One tokio runtime per process, rebuilt in a child after `fork()`, stopped in order
//! before the interpreter finalizes.
//!
//! A forked child inherits the parent's runtime object but none of its worker threads, so
//! using (or even dropping) it there would hang forever. The runtime is therefore keyed by
//! process id: a new pid gets a fresh runtime, and the inherited one is leaked on purpose.
//!
//! A runtime thread must never touch Python once the interpreter finalizes (CPython ends a
//! thread that asks for the GIL then, and the process aborts). [`shutdown_at_exit`] runs
//! from `atexit`, before finalization: it lets the runtime's threads finish what they do
//! with Python, joins them, and refuses to start a runtime afterwards. Python threads still
//! waiting for a call at that point (daemon threads) are parked instead of re-entering the
//! finalizing interpreter; the process ends around them.

use std::any::Any;
use std::cell::OnceCell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use futures_util::FutureExt;
use pikepay::error::{Error, ErrorKind, Result};
use pyo3::prelude::*;
use pyo3_async_runtimes::TaskLocals;
use pyo3_async_runtimes::generic::{ContextExt, JoinError, Runtime as GenericRuntime};
use tokio::runtime::{Builder, Handle, Runtime};

use crate::errors::{panic_error, to_pyerr};

/// The handle of the running runtime and the process it runs in (read without a lock, so a
/// child forked while another thread reads it never finds a lock held forever).
struct Current {
    pid: u32,
    handle: Handle,
}

static CURRENT: ArcSwapOption<Current> = ArcSwapOption::const_empty();

/// The runtime itself, taken only to start or stop it.
static RUNTIME: Mutex<Option<(u32, Runtime)>> = Mutex::new(None);

/// The process whose interpreter is exiting (0: none): no runtime is started for it again.
static EXITING: AtomicU32 = AtomicU32::new(0);

/// Tasks of this process on the runtime, each counted from its spawn until it ends.
static LIVE_TASKS: AtomicUsize = AtomicUsize::new(0);

/// Clients made and not closed (nor dropped) yet.
static OPEN_CLIENTS: AtomicUsize = AtomicUsize::new(0);

/// Counts one task while it lives (its future or closure holds it).
struct Live;

impl Live {
    fn new() -> Self {
        LIVE_TASKS.fetch_add(1, Ordering::AcqRel);
        Live
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        LIVE_TASKS.fetch_sub(1, Ordering::AcqRel);
    }
}

/// How often a blocking call wakes up to let Python handle signals (Ctrl-C).
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

/// How long stopping the runtime waits for its threads.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(5);

fn exiting() -> bool {
    EXITING.load(Ordering::Acquire) == std::process::id()
}

/// The handle of this process's runtime, created on first use and after a fork.
pub fn handle() -> Result<Handle> {
    let pid = std::process::id();
    if let Some(current) = CURRENT.load().as_ref()
        && current.pid == pid
    {
        return Ok(current.handle.clone());
    }
    start(pid)
}

#[cold]
fn start(pid: u32) -> Result<Handle> {
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((owner, runtime)) = slot.as_ref()
        && *owner == pid
    {
        return Ok(runtime.handle().clone());
    }
    if let Some(inherited) = slot.take() {
        // Its worker threads exist only in the parent: dropping it would block forever.
        std::mem::forget(inherited);
        // So do its tasks: none of them ends here.
        LIVE_TASKS.store(0, Ordering::Release);
    }
    if exiting() {
        return Err(Error::new(
            ErrorKind::Configuration,
            "the interpreter is exiting: no more calls can start",
        ));
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
    CURRENT.store(Some(Arc::new(Current {
        pid,
        handle: handle.clone(),
    })));
    *slot = Some((pid, runtime));
    Ok(handle)
}

/// Stops this process's runtime and joins its threads, without holding the GIL so that
/// a thread finishing its work with Python can. Calls in flight are dropped.
fn stop(py: Python<'_>) {
    let taken = RUNTIME.lock().unwrap_or_else(|p| p.into_inner()).take();
    CURRENT.store(None);
    match taken {
        Some((owner, runtime)) if owner == std::process::id() => {
            py.detach(move || runtime.shutdown_timeout(SHUTDOWN_WAIT));
        }
        Some(inherited) => std::mem::forget(inherited),
        None => {}
    }
}

/// A client was made.
pub fn client_opened() {
    OPEN_CLIENTS.fetch_add(1, Ordering::AcqRel);
}

/// A client was dropped without `close()`.
pub fn client_dropped() {
    OPEN_CLIENTS.fetch_sub(1, Ordering::AcqRel);
}

/// A client was closed: when it was the last one and no call is running, the runtime
/// stops and its threads end (a later client starts a new one), so a process that
/// closed its clients has no pikepay thread left, e.g. before it forks workers.
pub fn client_closed(py: Python<'_>) {
    let last = OPEN_CLIENTS.fetch_sub(1, Ordering::AcqRel) == 1;
    if last && LIVE_TASKS.load(Ordering::Acquire) == 0 {
        stop(py);
    }
}

/// Registered with `atexit` when the module loads: stops the runtime before the
/// interpreter finalizes, and for good.
#[pyfunction]
pub fn shutdown_at_exit(py: Python<'_>) {
    EXITING.store(std::process::id(), Ordering::Release);
    stop(py);
}

/// Runs `f` without the GIL. When the interpreter started exiting meanwhile, the thread
/// never takes the GIL back (it would be ended inside Rust code): it waits for the
/// process to end.
pub fn detach<T: Send, F: Send + FnOnce() -> T>(py: Python<'_>, f: F) -> T {
    py.detach(move || {
        let value = f();
        while exiting() {
            std::thread::park();
        }
        value
    })
}

/// Runs `fut` to completion, turning a panic into an [`ErrorKind::Internal`] error; an
/// error carries the call's idempotency `key`.
pub async fn guarded<T>(key: Option<String>, fut: impl Future<Output = Result<T>>) -> Result<T> {
    let result = match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(result) => result,
        Err(payload) => Err(panic_error(payload.as_ref())),
    };
    result.map_err(|e| e.with_idempotency_key(key))
}

/// Runs `fut` on the runtime while the calling thread waits without the GIL.
///
/// The wait wakes up every few milliseconds to run Python's signal handlers; when one
/// raises (Ctrl-C gives `KeyboardInterrupt`) the task is aborted and that exception
/// returned, with the call's idempotency `key` set on it as `idempotency_key`.
pub fn block_on<T, F>(py: Python<'_>, key: Option<String>, fut: F) -> PyResult<T>
where
    T: Send + 'static,
    F: Future<Output = Result<T>> + Send + 'static,
{
    let handle = handle().map_err(|e| to_pyerr(e.with_idempotency_key(key.clone())))?;
    let (tx, rx) = channel();
    let live = Live::new();
    let task_key = key.clone();
    let task = handle.spawn(async move {
        let result = guarded(task_key, fut).await;
        // Counted out before the caller can see the result (and, say, close the client).
        drop(live);
        let _ = tx.send(result);
    });
    let mut rx = rx;
    loop {
        let (got, back) = detach(py, move || (rx.recv_timeout(SIGNAL_CHECK), rx));
        rx = back;
        match got {
            Ok(result) => return result.map_err(to_pyerr),
            Err(RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    task.abort();
                    interrupt.value(py).setattr("idempotency_key", key)?;
                    return Err(interrupt);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                let ended = Error::new(ErrorKind::Internal, "the call ended without a result");
                return Err(to_pyerr(ended.with_idempotency_key(key)));
            }
        }
    }
}

/// Wraps `fut` in an asyncio awaitable driven by this process's runtime; an error
/// carries the call's idempotency `key`.
///
/// Cancelling the awaitable drops `fut` (and so the request it was making).
pub fn future_into_py<'py, T, F>(
    py: Python<'py>,
    key: Option<String>,
    fut: F,
) -> PyResult<Bound<'py, PyAny>>
where
    T: for<'a> IntoPyObject<'a, Error = PyErr> + Send + 'static,
    F: Future<Output = Result<T>> + Send + 'static,
{
    // Start (or restart after fork) the runtime here, where a failure can still be raised.
    handle().map_err(|e| to_pyerr(e.with_idempotency_key(key.clone())))?;
    pyo3_async_runtimes::generic::future_into_py::<ForkSafeTokio, _, _>(py, async move {
        Ok(Outcome(guarded(key, fut).await))
    })
}

/// A call's result on its way to Python. It becomes a value or an exception only where
/// the awaitable is completed, with the GIL held, so the runtime's workers never take it.
struct Outcome<T>(Result<T>);

impl<'py, T: IntoPyObject<'py, Error = PyErr>> IntoPyObject<'py> for Outcome<T> {
    type Target = T::Target;
    type Output = T::Output;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        self.0.map_err(to_pyerr)?.into_pyobject(py)
    }
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
        let live = Live::new();
        spawn_on_runtime(|handle| {
            handle.spawn(async move {
                let _live = live;
                fut.await
            })
        })
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        let live = Live::new();
        spawn_on_runtime(|handle| {
            handle.spawn_blocking(move || {
                let _live = live;
                f()
            })
        })
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
        let result = handle.block_on(guarded(Some("key-1".to_owned()), async {
            if std::process::id() > 0 {
                panic!("async boom");
            }
            Ok(())
        }));
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Internal);
        assert!(err.message().contains("async boom"));
        assert_eq!(err.idempotency_key(), Some("key-1"));
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
