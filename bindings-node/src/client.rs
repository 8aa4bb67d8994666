//! The Pike client from JS: one native `call` for every endpoint, plus `request` and
//! `wait`, each a Promise that an `AbortSignal` can cancel (the Rust future is dropped).

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::future::{AbortHandle, AbortRegistration, Abortable};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::ThreadsafeFunction;
use napi_derive::napi;
use pikepay::client::{
    CALL_OPTIONS, CallOptions, DEFAULT_SETTINGS, Dialect, OptionSpec, Reply, SessionCheck,
    WAIT_OPTIONS, WaitOptions, WaitUntil,
};
use pikepay::{ApiVersion, Endpoint, Error, ErrorKind, HttpMethod, PrivateKey};

use crate::boundary::guard;
use crate::convert::{Bytes, bytes, json_text, millis, parse_json, whole};
use crate::observe::JsObserver;
use crate::settle::spawn;

/// Pike's test environment.
#[napi]
pub const DEMO_URL: &str = pikepay::client::DEMO_URL;

/// Pike's live environment.
#[napi]
pub const LIVE_URL: &str = pikepay::client::LIVE_URL;

/// Client settings, as the JS layer passes them (camelCase; absent means the default).
#[napi(object)]
pub struct ClientOptions {
    /// Project id (`X-PARTNER-PROJECT`).
    pub project: Option<String>,
    /// RSA private key, PEM or DER.
    pub private_key: Bytes,
    /// Where requests go.
    pub base_url: Option<String>,
    /// 1 or 2.
    pub api_version: Option<f64>,
    /// Sub-merchant id (`X-PARTNER-SUBMERCHANT`).
    pub submerchant: Option<String>,
    /// Total deadline of a call.
    pub timeout_ms: Option<f64>,
    /// Deadline of one attempt.
    pub request_timeout_ms: Option<f64>,
    /// Deadline of opening a connection.
    pub connect_timeout_ms: Option<f64>,
    /// Retries after the first attempt.
    pub max_retries: Option<f64>,
    /// Most requests in flight (and connections open) at once.
    pub max_connections: Option<f64>,
    /// HTTP(S) proxy URL.
    pub proxy: Option<String>,
    /// Extra trusted root certificate(s), PEM.
    pub root_certificate_pem: Option<Bytes>,
    /// Appended to the User-Agent header.
    pub user_agent_suffix: Option<String>,
    /// Allow plain HTTP to a remote host.
    pub allow_insecure_http: Option<bool>,
    /// Longest answer body read, in bytes.
    pub max_response_bytes: Option<f64>,
}

/// One option of a call as the JS layer checks it: its name and what it holds.
#[napi(object)]
pub struct OptionInfo {
    /// Name in JS (camelCase).
    pub name: String,
    /// `text`, `duration`, `count`, `flag`, `object`, `headers` or `until`.
    pub kind: String,
}

fn option_infos(table: &[OptionSpec]) -> Vec<OptionInfo> {
    table
        .iter()
        .map(|o| OptionInfo {
            name: o.node.to_owned(),
            kind: o.kind.name().to_owned(),
        })
        .collect()
}

/// The core's per-call options, as JS names them.
#[napi]
pub fn call_options() -> Vec<OptionInfo> {
    option_infos(CALL_OPTIONS)
}

/// The core's options of `wait`, as JS names them.
#[napi]
pub fn wait_options() -> Vec<OptionInfo> {
    option_infos(WAIT_OPTIONS)
}

/// The core's default settings as JSON text (durations in milliseconds).
#[napi]
pub fn default_settings() -> String {
    DEFAULT_SETTINGS.to_json().to_string()
}

/// The header Pike puts a webhook's signature in.
#[napi]
pub const SIGNATURE_HEADER: &str = pikepay::client::HEADER_SIGN;

/// A JS `(sessionJson: string) => boolean`, asked from the runtime's threads.
type CheckFn = ThreadsafeFunction<String, bool, String, Status, false>;

/// A successful answer: JSON text with canonical names, the key used and the status.
#[napi(object)]
pub struct NativeReply {
    /// The whole answer as JSON text, `"status"` included.
    pub body: String,
    /// The idempotency key the call was sent with.
    pub idempotency_key: Option<String>,
    /// HTTP status of the answer.
    pub http_status: u32,
}

impl From<Reply> for NativeReply {
    fn from(reply: Reply) -> Self {
        NativeReply {
            body: json_text(&reply.body),
            idempotency_key: reply.idempotency_key,
            http_status: u32::from(reply.http_status),
        }
    }
}

/// The Pike client; the JS `Client` wraps one.
#[napi(js_name = "NativeClient")]
pub struct Client {
    inner: pikepay::client::Client,
    observing: Arc<AtomicBool>,
}

#[napi]
impl Client {
    /// Builds a client; a bad setting is a ConfigurationError or InvalidKeyError.
    /// `observer`, when given, is called with each attempt's request and outcome as
    /// JSON text.
    #[napi(constructor)]
    pub fn new(
        env: Env,
        options: ClientOptions,
        observer: Option<Function<'_, String, ()>>,
    ) -> Result<Self> {
        let node = env.get_node_version()?;
        let runtime = format!("node/{}.{}.{}", node.major, node.minor, node.patch);
        let observing = Arc::new(AtomicBool::new(false));
        let observer = observer
            .as_ref()
            .map(|f| JsObserver::new(f, observing.clone()))
            .transpose()?;
        let inner = guard(&env, || build(options, &runtime, observer))?;
        Ok(Client { inner, observing })
    }

    /// Starts or stops handing attempts to the observer.
    #[napi]
    pub fn set_observing(&self, on: bool) {
        self.observing.store(on, Ordering::Relaxed);
    }

    /// The configured API version.
    #[napi(getter)]
    pub fn api_version(&self) -> u32 {
        u32::from(self.inner.api_version().number())
    }

    /// The base URL requests go to.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    /// The settings this client was built with, defaults filled in by the core, as JSON
    /// text (durations in milliseconds).
    #[napi]
    pub fn settings(&self) -> String {
        self.inner.settings().to_json().to_string()
    }

    /// Calls the endpoint at `endpoint` (e.g. `"session/init/payout"`) with the JSON
    /// text `body` through `pikepay::client::Client::call`; `options` is the JSON text of
    /// the call's options as JS names them, read by the core.
    #[napi(ts_return_type = "Promise<NativeReply>")]
    pub fn call<'env>(
        &self,
        env: &'env Env,
        endpoint: String,
        body: String,
        options: Option<String>,
        cancel: Option<&CancelToken>,
    ) -> Result<PromiseRaw<'env, NativeReply>> {
        let client = self.inner.clone();
        let fut = guard(env, || {
            let endpoint: Endpoint = endpoint.parse()?;
            let body = parse_json(&body, "params")?;
            let opts = planned(
                &client,
                endpoint.http_method(),
                endpoint.path(),
                options,
                cancel,
            )?;
            cancellable(
                cancel,
                async move { client.call(endpoint, body, &opts).await },
            )
        })?;
        spawn(env, fut, |_, reply| Ok(NativeReply::from(reply)))
    }

    /// Calls any method path with `method` `"GET"` or `"POST"` through
    /// `pikepay::client::Client::request`.
    #[napi(ts_return_type = "Promise<NativeReply>")]
    pub fn request<'env>(
        &self,
        env: &'env Env,
        method: String,
        path: String,
        body: String,
        options: Option<String>,
        cancel: Option<&CancelToken>,
    ) -> Result<PromiseRaw<'env, NativeReply>> {
        let client = self.inner.clone();
        let fut = guard(env, || {
            let method: HttpMethod = method.parse()?;
            let body = parse_json(&body, "body")?;
            let opts = planned(&client, method, &path, options, cancel)?;
            cancellable(cancel, async move {
                client.request(method, &path, body, &opts).await
            })
        })?;
        spawn(env, fut, |_, reply| Ok(NativeReply::from(reply)))
    }

    /// Polls the session until the condition of `options` (JSON text: `until`,
    /// `timeoutMs`) holds, or `check` returns true when given (a function of the session
    /// JSON text), within the timeout, through `pikepay::client::Client::wait`.
    #[napi(ts_return_type = "Promise<NativeReply>")]
    pub fn wait<'env>(
        &self,
        env: &'env Env,
        session_id: String,
        options: Option<String>,
        check: Option<Function<'_, String, bool>>,
        cancel: Option<&CancelToken>,
    ) -> Result<PromiseRaw<'env, NativeReply>> {
        let client = self.inner.clone();
        let check = check
            .map(|f| {
                f.build_threadsafe_function::<String>()
                    .callee_handled::<false>()
                    .build()
            })
            .transpose()?;
        let fut = guard(env, || {
            let options = parse_options(options.as_deref())?;
            let WaitOptions { mut until, timeout } =
                WaitOptions::from_json(&options, Dialect::Node)?;
            if let Some(check) = check {
                until = WaitUntil::Check(session_check(check));
            }
            cancellable(cancel, async move {
                client.wait(&session_id, until, timeout).await
            })
        })?;
        spawn(env, fut, |_, reply| Ok(NativeReply::from(reply)))
    }
}

/// A JS function of the session as the core's condition. The JS layer wraps the
/// caller's function so that what it throws is kept and thrown again when the wait ends.
fn session_check(check: CheckFn) -> SessionCheck {
    let check = Arc::new(check);
    SessionCheck::new(move |session| {
        let check = check.clone();
        async move {
            check.call_async(json_text(&session)).await.map_err(|e| {
                Error::new(
                    ErrorKind::Internal,
                    format!("the until function failed: {}", e.reason),
                )
            })
        }
    })
}

/// The JSON text of a call's options, `null` when none were given.
fn parse_options(options: Option<&str>) -> pikepay::Result<serde_json::Value> {
    options.map_or(Ok(serde_json::Value::Null), |text| {
        parse_json(text, "options")
    })
}

fn build(
    o: ClientOptions,
    runtime: &str,
    observer: Option<JsObserver>,
) -> pikepay::Result<pikepay::client::Client> {
    let mut b = pikepay::client::Client::builder()
        .private_key(PrivateKey::from_pem_or_der(bytes(&o.private_key))?);
    if let Some(observer) = observer {
        b = b.observer(Arc::new(observer));
    }
    if let Some(project) = o.project {
        b = b.project(project);
    }
    if let Some(url) = o.base_url {
        b = b.base_url(url);
    }
    if let Some(v) = o.api_version {
        b = b.api_version(ApiVersion::from_number(u64::from(whole(v, "apiVersion")?))?);
    }
    if let Some(s) = o.submerchant {
        b = b.submerchant(s);
    }
    if let Some(ms) = o.timeout_ms {
        b = b.deadline(millis(ms, "timeoutMs", ErrorKind::Configuration)?);
    }
    if let Some(ms) = o.request_timeout_ms {
        b = b.request_timeout(millis(ms, "requestTimeoutMs", ErrorKind::Configuration)?);
    }
    if let Some(ms) = o.connect_timeout_ms {
        b = b.connect_timeout(millis(ms, "connectTimeoutMs", ErrorKind::Configuration)?);
    }
    if let Some(n) = o.max_retries {
        b = b.max_retries(whole(n, "maxRetries")?);
    }
    if let Some(n) = o.max_connections {
        b = b.max_connections(whole(n, "maxConnections")? as usize);
    }
    if let Some(p) = o.proxy {
        b = b.proxy(p);
    }
    if let Some(pem) = &o.root_certificate_pem {
        b = b.add_root_certificate_pem(bytes(pem));
    }
    b = b.binding("node", runtime);
    if let Some(suffix) = o.user_agent_suffix {
        b = b.user_agent_suffix(suffix);
    }
    if let Some(allow) = o.allow_insecure_http {
        b = b.allow_insecure_http(allow);
    }
    if let Some(n) = o.max_response_bytes {
        b = b.max_response_bytes(whole(n, "maxResponseBytes")? as usize);
    }
    b.build()
}

/// The call options with the key the call will carry, told to `cancel` so a cancelled
/// call can still report it. A path or key the core refuses is left for the call to report.
fn planned(
    client: &pikepay::client::Client,
    method: HttpMethod,
    path: &str,
    options: Option<String>,
    cancel: Option<&CancelToken>,
) -> pikepay::Result<CallOptions> {
    let opts = CallOptions::from_json(&parse_options(options.as_deref())?, Dialect::Node)?;
    let Some(token) = cancel else {
        return Ok(opts);
    };
    let opts = client.with_planned_key(method, path, &opts).unwrap_or(opts);
    if let Ok(mut key) = token.idempotency_key.lock() {
        key.clone_from(&opts.idempotency_key);
    }
    Ok(opts)
}

/// Cancels one native call: the JS layer makes one per call that has an `AbortSignal`
/// and calls `cancel()` when the signal aborts.
#[napi]
pub struct CancelToken {
    handle: AbortHandle,
    registration: Mutex<Option<AbortRegistration>>,
    idempotency_key: Mutex<Option<String>>,
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
            idempotency_key: Mutex::new(None),
        }
    }

    /// The idempotency key the call was started with (the caller's or a generated
    /// one), or null: known from the start, so a cancelled call can report it.
    #[napi(getter)]
    pub fn idempotency_key(&self) -> Option<String> {
        self.idempotency_key.lock().ok().and_then(|key| key.clone())
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
