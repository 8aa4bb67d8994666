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

use std::cell::RefCell;
use std::future::Future;
#[cfg(unix)]
use std::io::{Read, Write};
#[cfg(unix)]
use std::os::fd::AsRawFd;
#[cfg(unix)]
use std::os::unix::net::UnixStream;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use futures_util::FutureExt;
use pikepay::error::{Error, ErrorKind, Result};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::{IntoPyObjectExt, intern};
use tokio::runtime::{Builder, Handle, Runtime};
use tokio::task::AbortHandle;

use crate::errors::{panic_error, to_pyerr};
use crate::observe::with_python;

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
/// Python threads that left [`detach`]'s wait and are taking the GIL back.
static RETURNING: AtomicUsize = AtomicUsize::new(0);

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

/// How long exiting waits for threads taking the GIL back. They need only the GIL; a
/// forked child may count threads of its parent caught mid-return, and then waits this
/// long for nothing.
const RETURN_WAIT: Duration = Duration::from_millis(100);

fn exiting() -> bool {
    EXITING.load(Ordering::SeqCst) == std::process::id()
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
    EXITING.store(std::process::id(), Ordering::SeqCst);
    // A thread that decided to take the GIL back before it could see `EXITING` takes it
    // now, while the interpreter is not finalizing yet.
    py.detach(|| {
        let waited = std::time::Instant::now();
        while RETURNING.load(Ordering::SeqCst) > 0 && waited.elapsed() < RETURN_WAIT {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
    stop(py);
}

/// Runs `f` without the GIL. When the interpreter started exiting meanwhile, the thread
/// never takes the GIL back (it would be ended inside Rust code): it waits for the
/// process to end.
pub fn detach<T: Send, F: Send + FnOnce() -> T>(py: Python<'_>, f: F) -> T {
    let value = py.detach(move || {
        let value = f();
        // Counted as returning before `EXITING` is read, so that `shutdown_at_exit`
        // either is seen here or waits until this thread has the GIL.
        RETURNING.fetch_add(1, Ordering::SeqCst);
        while exiting() {
            RETURNING.fetch_sub(1, Ordering::SeqCst);
            std::thread::park();
            RETURNING.fetch_add(1, Ordering::SeqCst);
        }
        value
    });
    RETURNING.fetch_sub(1, Ordering::SeqCst);
    value
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

/// Wraps `fut` in an asyncio future of the running event loop, driven by this process's
/// runtime; an error carries the call's idempotency `key`.
///
/// Cancelling the future drops `fut` (and so the request it was making). The result
/// becomes a value or an exception on the loop's thread: a worker that ends a call queues
/// it with the loop's other finished calls and wakes the loop only when no wake-up is
/// pending yet, so one turn of the loop settles a whole batch of calls. The wake-up is one
/// byte written to a pipe the loop watches, so no thread but the loop's takes the GIL.
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
    let handle = handle().map_err(|e| to_pyerr(e.with_idempotency_key(key.clone())))?;
    let bridge = LoopBridge::current(py)?;
    let future = bridge
        .event_loop
        .bind(py)
        .call_method0(intern!(py, "create_future"))?;
    let settled = future.clone().unbind();
    let live = Live::new();
    let task = handle.spawn(async move {
        let outcome = guarded(key, fut).await;
        let settle: Settle = Box::new(move |py| outcome.map_err(to_pyerr)?.into_py_any(py));
        bridge.finished(settled, settle, live);
    });
    future.call_method1(
        intern!(py, "add_done_callback"),
        (AbortOnCancel(task.abort_handle()),),
    )?;
    Ok(future)
}

/// Turns a finished call's outcome into its Python value or exception, with the GIL held.
type Settle = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// A finished call waiting for its event loop: the asyncio future and its outcome.
struct Finished {
    future: Py<PyAny>,
    settle: Settle,
}

/// One event loop's finished calls, as the runtime's workers hand them over.
#[derive(Default)]
struct Batch {
    finished: Vec<Finished>,
    /// A wake-up of the loop is scheduled and has not taken the batch yet.
    waking: bool,
}

/// Where the calls started on one event loop (in one process) end.
struct LoopBridge {
    pid: u32,
    event_loop: Py<PyAny>,
    settle: Py<SettleBatch>,
    /// The write end of the pipe the loop watches; `None` when the loop cannot watch a
    /// file (e.g. the proactor loop on Windows): a blocking thread then wakes it with the
    /// GIL.
    #[cfg(unix)]
    wake: Option<UnixStream>,
}

thread_local! {
    /// The bridge of the event loop last seen running on this thread.
    static LAST_BRIDGE: RefCell<Option<Arc<LoopBridge>>> = const { RefCell::new(None) };
}

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

impl LoopBridge {
    /// The bridge of the event loop running on this thread (an error outside one).
    fn current(py: Python<'_>) -> PyResult<Arc<LoopBridge>> {
        let event_loop = GET_RUNNING_LOOP
            .import(py, "asyncio", "get_running_loop")?
            .call0()?;
        let pid = std::process::id();
        LAST_BRIDGE.with(|last| {
            let mut last = last.borrow_mut();
            if let Some(bridge) = last.as_ref()
                && bridge.pid == pid
                && bridge.event_loop.is(&event_loop)
            {
                return Ok(bridge.clone());
            }
            let bridge = Arc::new(LoopBridge::new(py, pid, event_loop)?);
            *last = Some(bridge.clone());
            Ok(bridge)
        })
    }

    /// The bridge of `event_loop`: on Unix, a pipe whose read end the loop watches
    /// (`add_reader`), the settling of a batch its callback.
    fn new(py: Python<'_>, pid: u32, event_loop: Bound<'_, PyAny>) -> PyResult<Self> {
        #[cfg(unix)]
        {
            let (read, write) = UnixStream::pair()?;
            read.set_nonblocking(true)?;
            write.set_nonblocking(true)?;
            let fd = read.as_raw_fd();
            let settle = Py::new(py, SettleBatch::new(Some(read)))?;
            let watched =
                event_loop.call_method1(intern!(py, "add_reader"), (fd, settle.clone_ref(py)));
            // A loop that cannot watch a file (`NotImplementedError`, or a loop of another
            // kind without `add_reader`) is woken the other way.
            let wake = if watched.is_ok() {
                Some(write)
            } else {
                settle.get().stop_watching();
                None
            };
            Ok(LoopBridge {
                pid,
                event_loop: event_loop.unbind(),
                settle,
                wake,
            })
        }
        #[cfg(not(unix))]
        Ok(LoopBridge {
            pid,
            event_loop: event_loop.unbind(),
            settle: Py::new(py, SettleBatch::new())?,
        })
    }

    /// Queues a finished call; wakes the loop unless a wake-up is pending already: one
    /// byte into the loop's pipe, or else `call_soon_threadsafe` from a blocking thread,
    /// never from a worker (which would wait for the GIL), so the workers go on with other
    /// calls meanwhile. The call's task is counted out (`live`) before the loop can see the
    /// result (and, say, close the client).
    fn finished(self: &Arc<Self>, future: Py<PyAny>, settle: Settle, live: Live) {
        let mut batch = self.settle.get().lock();
        batch.finished.push(Finished { future, settle });
        let wake = !std::mem::replace(&mut batch.waking, true);
        drop(batch);
        drop(live);
        if !wake {
            return;
        }
        #[cfg(unix)]
        if let Some(pipe) = &self.wake {
            // A full pipe already holds a wake-up; a closed loop settles nothing anyway.
            let _ = (&*pipe).write(&[1]);
            return;
        }
        let bridge = self.clone();
        let waking = Live::new();
        tokio::task::spawn_blocking(move || bridge.wake(waking));
    }

    /// Schedules the settling of the queued calls on the loop; `live` is counted out
    /// while the GIL is held, before the loop can run. Skipped once the interpreter
    /// exits; fails only when the loop is closed: nobody awaits these calls any more.
    fn wake(&self, live: Live) {
        with_python(move |py| {
            let _ = self.event_loop.bind(py).call_method1(
                intern!(py, "call_soon_threadsafe"),
                (self.settle.clone_ref(py),),
            );
            drop(live);
        });
    }
}

/// Called on the event loop's thread: settles every call queued for the loop.
#[pyclass(frozen)]
struct SettleBatch {
    batch: Mutex<Batch>,
    /// The read end of the loop's wake-up pipe, while the loop watches it.
    #[cfg(unix)]
    pipe: Mutex<Option<UnixStream>>,
}

impl SettleBatch {
    #[cfg(unix)]
    fn new(pipe: Option<UnixStream>) -> Self {
        SettleBatch {
            batch: Mutex::default(),
            pipe: Mutex::new(pipe),
        }
    }

    #[cfg(not(unix))]
    fn new() -> Self {
        SettleBatch {
            batch: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Batch> {
        self.batch.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Closes the read end of the pipe (the loop no longer watches it).
    #[cfg(unix)]
    fn stop_watching(&self) {
        self.pipe.lock().unwrap_or_else(|p| p.into_inner()).take();
    }

    /// Empties the wake-up pipe before the batch is taken, so a wake-up written after it
    /// stays for the next turn. When the bridge (the write end) is gone, the loop stops
    /// watching the pipe and its read end is closed: the loop outlived the bridge (another
    /// event loop ran on the thread since).
    #[cfg(unix)]
    fn drain(&self, py: Python<'_>) {
        let mut pipe = self.pipe.lock().unwrap_or_else(|p| p.into_inner());
        let Some(read) = pipe.as_ref() else { return };
        let mut buf = [0u8; 64];
        loop {
            match (&*read).read(&mut buf) {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return,
            }
        }
        // End of file: the write end was dropped with the bridge.
        let running = GET_RUNNING_LOOP
            .import(py, "asyncio", "get_running_loop")
            .and_then(|get| get.call0());
        if let Ok(event_loop) = running {
            let _ = event_loop.call_method1(intern!(py, "remove_reader"), (read.as_raw_fd(),));
        }
        pipe.take();
    }
}

#[pymethods]
impl SettleBatch {
    fn __call__(&self, py: Python<'_>) {
        #[cfg(unix)]
        self.drain(py);
        let finished = {
            let mut batch = self.lock();
            batch.waking = false;
            std::mem::take(&mut batch.finished)
        };
        for Finished { future, settle } in finished {
            let future = future.bind(py);
            // A cancelled future already raised `CancelledError` to its awaiter.
            let done = future.call_method0(intern!(py, "done"));
            if !matches!(done.and_then(|d| d.is_truthy()), Ok(false)) {
                continue;
            }
            let set = match settle(py) {
                Ok(value) => future.call_method1(intern!(py, "set_result"), (value,)),
                Err(err) => {
                    future.call_method1(intern!(py, "set_exception"), (err.into_value(py),))
                }
            };
            if let Err(err) = set {
                err.write_unraisable(py, Some(future));
            }
        }
    }
}

/// A done callback of a call's future: cancelling the future aborts the call's task.
#[pyclass(frozen)]
struct AbortOnCancel(AbortHandle);

#[pymethods]
impl AbortOnCancel {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future
            .call_method0(intern!(future.py(), "cancelled"))?
            .is_truthy()?
        {
            self.0.abort();
        }
        Ok(())
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
