//! `Client`: the core client behind both Python clients, blocking and asyncio calls.
//!
//! Each call hands JSON to `pikepay::client::Client::{call, request, wait}` and returns
//! `(body, idempotency_key)`; retries, keys, validation, signing and v1/v2 names are the
//! core's. The core client is rebuilt in a child process after `fork()`, since pooled
//! connections belong to the parent's runtime.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use pikepay::client::{CallOptions, ClientBuilder, Dialect, SessionCheck, WaitOptions, WaitUntil};
use pikepay::error::{Error, ErrorKind, Result};
use pikepay::{ApiVersion, Endpoint, HttpMethod, PrivateKey};
use pyo3::prelude::*;

use crate::convert::{Json, bytes_arg, from_py, seconds, whole_number};
use crate::errors::{guard, to_pyerr};
use crate::observe::{Hooks, refresh_levels};
use crate::runtime;

/// What a call returns to Python: the answer body and the idempotency key used.
type Answer = (Json, Option<String>);

/// What an asyncio call returns at once: the awaitable and the key the call carries.
type Started<'py> = (Bound<'py, PyAny>, Option<String>);

/// The Pike API client shared by `pikepay.Client` and `pikepay.AsyncClient`.
#[pyclass(module = "pikepay._native", frozen)]
pub struct Client {
    builder: ClientBuilder,
    description: String,
    /// The core client and the process it was built in (read without a lock, so a fork
    /// never leaves one held).
    current: ArcSwapOption<(u32, pikepay::Client)>,
    closed: AtomicBool,
}

fn config(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Configuration, message)
}

fn optional_seconds(name: &str, value: Option<&Bound<'_, PyAny>>) -> Result<Option<Duration>> {
    value.map(|v| seconds(v, name)).transpose()
}

/// The options of one call, handed over as one dict spelled as in Python; the core
/// reads and checks them.
fn options(options: Option<&Bound<'_, PyAny>>) -> Result<CallOptions> {
    let options = options
        .map(|o| from_py(o).map_err(|e| e.with_idempotency_key(given_key(o))))
        .transpose()?
        .unwrap_or_default();
    CallOptions::from_json(&options, Dialect::Python)
}

/// The caller's idempotency key in an options dict that could not be read whole (e.g. a
/// `timeout` of NaN), so the error still carries it.
fn given_key(options: &Bound<'_, PyAny>) -> Option<String> {
    options
        .get_item("idempotency_key")
        .ok()?
        .extract::<String>()
        .ok()
}

/// The options of one `wait`: `until` may be a function of the session, asked after
/// each poll with a `PikeObject` of it; the rest the core reads.
fn wait_options(options: Option<&Bound<'_, PyAny>>) -> PyResult<WaitOptions> {
    let Some(options) = options.filter(|o| !o.is_none()) else {
        return WaitOptions::from_json(&serde_json::Value::Null, Dialect::Python).map_err(to_pyerr);
    };
    let until = options.get_item("until").ok().filter(|u| u.is_callable());
    let plain = match &until {
        Some(_) => {
            let copy = options.call_method0("copy")?;
            copy.del_item("until")?;
            copy
        }
        None => options.clone(),
    };
    let mut read = from_py(&plain)
        .and_then(|json| WaitOptions::from_json(&json, Dialect::Python))
        .map_err(to_pyerr)?;
    if let Some(check) = until {
        read.until = WaitUntil::Check(session_check(check.unbind()));
    }
    Ok(read)
}

/// A Python function of the session as the core's condition, called with the GIL held
/// and the session as a dict. The Python layer wraps the caller's function so that what
/// it raises is kept and raised again once the wait ends.
fn session_check(check: Py<PyAny>) -> SessionCheck {
    let check = Arc::new(check);
    SessionCheck::new(move |session| {
        let check = check.clone();
        async move {
            Python::attach(|py| check.bind(py).call1((Json(session),))?.is_truthy()).map_err(|e| {
                Error::new(
                    ErrorKind::Internal,
                    format!("the until function failed: {e}"),
                )
            })
        }
    })
}

/// A call checked and ready to send: the idempotency key it carries is chosen already
/// (in `opts`), so an interrupted or cancelled call can still report it.
struct Ready {
    client: pikepay::Client,
    body: serde_json::Value,
    opts: CallOptions,
}

impl Ready {
    fn key(&self) -> Option<String> {
        self.opts.idempotency_key.clone()
    }
}

/// The runtime named in the `User-Agent`, e.g. `CPython/3.12.1`.
fn runtime_name(py: Python<'_>) -> PyResult<String> {
    let platform = py.import("platform")?;
    let implementation: String = platform.call_method0("python_implementation")?.extract()?;
    let version: String = platform.call_method0("python_version")?.extract()?;
    Ok(format!("{implementation}/{version}"))
}

fn answer(reply: pikepay::client::Reply) -> Answer {
    (Json(reply.body), reply.idempotency_key)
}

impl Client {
    /// The core client for this process: built again after a fork.
    fn core(&self) -> Result<pikepay::Client> {
        if self.closed.load(Ordering::Acquire) {
            return Err(config("the client is closed"));
        }
        let pid = std::process::id();
        if let Some(current) = self.current.load().as_ref()
            && current.0 == pid
        {
            return Ok(current.1.clone());
        }
        let client = self.builder.clone().build()?;
        let previous = self.current.swap(Some(Arc::new((pid, client.clone()))));
        forget_if_inherited(previous);
        Ok(client)
    }

    /// Checks a call of `method` `path` and chooses its key; every error carries the key
    /// (the caller's, or the one chosen).
    fn ready(
        &self,
        method: HttpMethod,
        path: &str,
        body: &Bound<'_, PyAny>,
        opts: CallOptions,
    ) -> Result<Ready> {
        let client = self
            .core()
            .map_err(|e| e.with_idempotency_key(opts.idempotency_key.clone()))?;
        // A path or key the core refuses is left for the call itself to report.
        let opts = client.with_planned_key(method, path, &opts).unwrap_or(opts);
        let body =
            from_py(body).map_err(|e| e.with_idempotency_key(opts.idempotency_key.clone()))?;
        Ok(Ready { client, body, opts })
    }

    /// [`Client::ready`] for a known Pike method.
    fn ready_call(
        &self,
        path: &str,
        body: &Bound<'_, PyAny>,
        opts: Result<CallOptions>,
    ) -> Result<(Endpoint, Ready)> {
        let opts = opts?;
        let endpoint = path
            .parse::<Endpoint>()
            .map_err(|e| e.with_idempotency_key(opts.idempotency_key.clone()))?;
        let ready = self.ready(endpoint.http_method(), endpoint.path(), body, opts)?;
        Ok((endpoint, ready))
    }

    /// [`Client::ready`] for any method and path.
    fn ready_request(
        &self,
        method: &str,
        path: &str,
        body: &Bound<'_, PyAny>,
        opts: Result<CallOptions>,
    ) -> Result<(HttpMethod, Ready)> {
        let opts = opts?;
        let method = method
            .parse::<HttpMethod>()
            .map_err(|e| e.with_idempotency_key(opts.idempotency_key.clone()))?;
        let ready = self.ready(method, path, body, opts)?;
        Ok((method, ready))
    }
}

#[pymethods]
impl Client {
    /// Checks the settings and builds the client (see `pikepay.Client` for each one).
    #[new]
    #[pyo3(signature = (*, project, private_key, base_url, api_version, submerchant=None,
        timeout=None, connect_timeout=None, request_timeout=None, max_retries=None,
        max_connections=None, proxy=None, root_certificates=Vec::new(), user_agent_suffix=None,
        allow_insecure_http=false, on_request=None, on_response=None, max_response_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        project: String,
        private_key: &Bound<'_, PyAny>,
        base_url: String,
        api_version: &Bound<'_, PyAny>,
        submerchant: Option<String>,
        timeout: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        request_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
        max_connections: Option<&Bound<'_, PyAny>>,
        proxy: Option<String>,
        root_certificates: Vec<Bound<'_, PyAny>>,
        user_agent_suffix: Option<String>,
        allow_insecure_http: bool,
        on_request: Option<Bound<'_, PyAny>>,
        on_response: Option<Bound<'_, PyAny>>,
        max_response_bytes: Option<usize>,
    ) -> PyResult<Self> {
        guard(|| {
            refresh_levels();
            let key = bytes_arg(private_key, "private_key")?;
            let key = PrivateKey::from_pem_or_der(key).map_err(to_pyerr)?;
            let api_version: u64 = whole_number(api_version, "api_version").map_err(to_pyerr)?;
            let version = ApiVersion::from_number(api_version).map_err(to_pyerr)?;
            let mut builder = pikepay::Client::builder()
                .project(project.clone())
                .private_key(key)
                .base_url(base_url.clone())
                .api_version(version)
                .binding("python", runtime_name(private_key.py())?)
                .allow_insecure_http(allow_insecure_http);
            if let Some(s) = submerchant {
                builder = builder.submerchant(s);
            }
            if let Some(suffix) = user_agent_suffix {
                builder = builder.user_agent_suffix(suffix);
            }
            if let Some(d) = optional_seconds("timeout", timeout).map_err(to_pyerr)? {
                builder = builder.deadline(d);
            }
            if let Some(n) = max_retries {
                builder = builder.max_retries(whole_number(n, "max_retries").map_err(to_pyerr)?);
            }
            if let Some(d) =
                optional_seconds("connect_timeout", connect_timeout).map_err(to_pyerr)?
            {
                builder = builder.connect_timeout(d);
            }
            if let Some(d) =
                optional_seconds("request_timeout", request_timeout).map_err(to_pyerr)?
            {
                builder = builder.request_timeout(d);
            }
            if let Some(n) = max_connections {
                builder =
                    builder.max_connections(whole_number(n, "max_connections").map_err(to_pyerr)?);
            }
            if let Some(n) = max_response_bytes {
                builder = builder.max_response_bytes(n);
            }
            if let Some(p) = proxy {
                builder = builder.proxy(p);
            }
            for pem in &root_certificates {
                builder = builder.add_root_certificate_pem(bytes_arg(pem, "root_certificates")?);
            }
            if let Some(hooks) = Hooks::new(on_request, on_response)? {
                builder = builder.observer(Arc::new(hooks));
            }
            let client = builder.clone().build().map_err(to_pyerr)?;
            runtime::client_opened();
            Ok(Client {
                builder,
                description: format!(
                    "project={project:?}, base_url={base_url:?}, api_version={api_version}"
                ),
                current: ArcSwapOption::from_pointee((std::process::id(), client)),
                closed: AtomicBool::new(false),
            })
        })
    }

    /// The settings this client was built with, defaults filled in by the core (durations
    /// in milliseconds, named as `Settings::to_json` names them).
    fn settings(&self) -> PyResult<Json> {
        let client = self.core().map_err(to_pyerr)?;
        Ok(Json(client.settings().to_json()))
    }

    /// Calls the Pike method at `path` (e.g. `"session/init/payout"`) and blocks until
    /// it answers, without holding the GIL. `options` is one dict of the call's options
    /// as Python spells them (`idempotency_key`, `timeout`, ...). Returns `(body,
    /// idempotency_key)`. Ctrl-C raises `KeyboardInterrupt` with the call's
    /// `idempotency_key` set on it.
    #[pyo3(signature = (path, body, options=None))]
    fn call(
        &self,
        py: Python<'_>,
        path: &str,
        body: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Answer> {
        guard(|| {
            let (endpoint, ready) = self
                .ready_call(path, body, self::options(options))
                .map_err(to_pyerr)?;
            let key = ready.key();
            let Ready { client, body, opts } = ready;
            runtime::block_on(py, key, async move {
                client.call(endpoint, body, &opts).await.map(answer)
            })
        })
    }

    /// Like `call`, as an asyncio awaitable; cancelling it drops the request. Returns
    /// `(awaitable, idempotency_key)`: the key is known before the call ends.
    #[pyo3(signature = (path, body, options=None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        path: &str,
        body: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Started<'py>> {
        guard(|| {
            let (endpoint, ready) = self
                .ready_call(path, body, self::options(options))
                .map_err(to_pyerr)?;
            let key = ready.key();
            let Ready { client, body, opts } = ready;
            let awaitable = runtime::future_into_py(py, key.clone(), async move {
                client.call(endpoint, body, &opts).await.map(answer)
            })?;
            Ok((awaitable, key))
        })
    }

    /// Calls any method by HTTP method (`"GET"`/`"POST"`) and path; blocks like `call`.
    #[pyo3(signature = (method, path, body, options=None))]
    fn request(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        body: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Answer> {
        guard(|| {
            let (method, ready) = self
                .ready_request(method, path, body, self::options(options))
                .map_err(to_pyerr)?;
            let key = ready.key();
            let Ready { client, body, opts } = ready;
            let path = path.to_owned();
            runtime::block_on(py, key, async move {
                client.request(method, &path, body, &opts).await.map(answer)
            })
        })
    }

    /// Like `request`, as an asyncio awaitable; returns `(awaitable, idempotency_key)`.
    #[pyo3(signature = (method, path, body, options=None))]
    fn request_async<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        path: &str,
        body: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Started<'py>> {
        guard(|| {
            let (method, ready) = self
                .ready_request(method, path, body, self::options(options))
                .map_err(to_pyerr)?;
            let key = ready.key();
            let Ready { client, body, opts } = ready;
            let path = path.to_owned();
            let awaitable = runtime::future_into_py(py, key.clone(), async move {
                client.request(method, &path, body, &opts).await.map(answer)
            })?;
            Ok((awaitable, key))
        })
    }

    /// Polls the session until `options["until"]` holds (`"final"`, `"next_action"`, a
    /// status, statuses, or a function of the session dict) or it is final, within
    /// `options["timeout"]` seconds; blocks like `call`.
    #[pyo3(signature = (session_id, options=None))]
    fn wait(
        &self,
        py: Python<'_>,
        session_id: String,
        options: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Answer> {
        guard(|| {
            let WaitOptions { until, timeout } = wait_options(options)?;
            let client = self.core().map_err(to_pyerr)?;
            runtime::block_on(py, None, async move {
                client.wait(&session_id, until, timeout).await.map(answer)
            })
        })
    }

    /// Like `wait`, as an asyncio awaitable.
    #[pyo3(signature = (session_id, options=None))]
    fn wait_async<'py>(
        &self,
        py: Python<'py>,
        session_id: String,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let WaitOptions { until, timeout } = wait_options(options)?;
            let client = self.core().map_err(to_pyerr)?;
            runtime::future_into_py(py, None, async move {
                client.wait(&session_id, until, timeout).await.map(answer)
            })
        })
    }

    /// Drops the connections; later calls raise `ConfigurationError`. Closing the last
    /// client while no call runs also stops the runtime's threads.
    fn close(&self, py: Python<'_>) {
        if self.closed.swap(true, Ordering::AcqRel) {
            return;
        }
        forget_if_inherited(self.current.swap(None));
        runtime::client_closed(py);
    }

    fn __repr__(&self) -> String {
        self.description.clone()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        forget_if_inherited(self.current.swap(None));
        if !self.closed.load(Ordering::Acquire) {
            runtime::client_dropped();
        }
    }
}

/// Drops a core client, unless another process built it: its connections are driven by
/// that process's runtime, so they are never touched here.
fn forget_if_inherited(client: Option<Arc<(u32, pikepay::Client)>>) {
    if let Some(client) = client
        && client.0 != std::process::id()
    {
        std::mem::forget(client);
    }
}
