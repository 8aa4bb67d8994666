//! Starting and stopping the sandbox: a hyper HTTP/1.1 server on 127.0.0.1 running on its
//! own thread and tokio runtime, routing with axum.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::any;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use pikepay::PrivateKey;
use pikepay::error::Result;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

use crate::app::{App, Limits};
use crate::config::{SandboxConfig, config_error};
use crate::deliveries::Deliveries;
use crate::pike::{self, DropConnection};
use crate::reply::{METHOD_NOT_FOUND, PikeError};
use crate::state::{Project, State};
use crate::{control, keys};

/// Time open connections get to finish on shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Entry point: `Sandbox::start(config)`.
pub struct Sandbox;

/// A sandbox serving on 127.0.0.1; stops when dropped or on [`RunningSandbox::shutdown`].
pub struct RunningSandbox {
    base_url: String,
    addr: SocketAddr,
    public_pem: String,
    stop: Option<watch::Sender<bool>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for RunningSandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RunningSandbox({})", self.base_url)
    }
}

impl Sandbox {
    /// Binds 127.0.0.1 (the configured port, or a free one for 0), loads the projects and
    /// starts serving on a background thread. Works inside or outside a tokio runtime.
    pub fn start(config: SandboxConfig) -> Result<RunningSandbox> {
        let (signer, public_pem) = match &config.signing_key_pem {
            Some(pem) => (
                PrivateKey::from_pem_or_der(pem.as_bytes())?,
                keys::public_pem_of(pem)?,
            ),
            None => {
                let pair = keys::generate()?;
                (
                    PrivateKey::from_pem_or_der(pair.private_pem.as_bytes())?,
                    pair.public_pem,
                )
            }
        };
        let mut state = State::default();
        state.deliveries = Deliveries::with_cap(config.max_deliveries);
        for p in &config.projects {
            state
                .projects
                .insert(p.name.clone(), Project::from_config(p)?);
        }
        let listener = std::net::TcpListener::bind(("127.0.0.1", config.port)).map_err(|e| {
            config_error(format!("cannot listen on 127.0.0.1:{}: {e}", config.port))
        })?;
        let addr = listener
            .local_addr()
            .and_then(|a| listener.set_nonblocking(true).map(|_| a))
            .map_err(|e| config_error(format!("listener: {e}")))?;
        let base_url = format!("http://{addr}");
        let http = webhook_client()?;
        let limits = Limits {
            max_body_bytes: config.max_body_bytes,
            request_timeout: config.request_timeout,
            webhook_retry: config.webhook_retry.clone(),
            webhook_timeout: config.webhook_timeout,
            max_sessions: config.max_sessions,
            refund_delay: config.refund_delay,
            strict: config.strict,
        };
        let app = Arc::new(App::new(
            state,
            limits,
            signer,
            public_pem.clone(),
            base_url.clone(),
            http,
            config.chaos_seed.map(crate::chaos::Chaos::new),
        ));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("pikepay-sandbox-worker")
            .enable_all()
            .build()
            .map_err(|e| config_error(format!("runtime: {e}")))?;
        let (stop, stopped) = watch::channel(false);
        let max_connections = config.max_connections.max(1);
        let header_timeout = config.header_timeout.max(Duration::from_millis(1));
        let thread = std::thread::Builder::new()
            .name("pikepay-sandbox".into())
            .spawn(move || {
                runtime.block_on(serve(
                    listener,
                    app,
                    stopped,
                    max_connections,
                    header_timeout,
                ));
                runtime.shutdown_timeout(Duration::from_millis(100));
            })
            .map_err(|e| config_error(format!("thread: {e}")))?;
        Ok(RunningSandbox {
            base_url,
            addr,
            public_pem,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl RunningSandbox {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// PEM of the public key that verifies this sandbox's webhooks.
    pub fn public_key_pem(&self) -> &str {
        &self.public_pem
    }

    /// Stops accepting, lets open requests finish (up to 2 s) and waits for the thread.
    pub fn shutdown(mut self) {
        self.stop.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        // Closing the channel tells the server to stop; it finishes on its own thread.
        self.stop.take();
    }
}

/// All routes: the Pike API, the control API, and envelopes for anything else.
fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/api/{*method}", any(pike::handle))
        .merge(control::routes())
        .fallback(|| async {
            PikeError::new(StatusCode::NOT_FOUND, METHOD_NOT_FOUND, "no such path").response()
        })
        .method_not_allowed_fallback(|| async {
            PikeError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                METHOD_NOT_FOUND,
                "method not allowed on this path",
            )
            .response()
        })
        .with_state(app)
}

async fn serve(
    listener: std::net::TcpListener,
    app: Arc<App>,
    mut stopped: watch::Receiver<bool>,
    max_connections: usize,
    header_timeout: Duration,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    let router = router(app);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(max_connections));
    loop {
        tokio::select! {
            _ = stopped.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                };
                let Ok(slot) = slots.clone().try_acquire_owned() else {
                    continue;
                };
                let router = router.clone();
                let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                    let router = router.clone();
                    async move {
                        let resp: Response = match router.oneshot(req.map(Body::new)).await {
                            Ok(resp) => resp,
                            Err(never) => match never {},
                        };
                        if resp.extensions().get::<DropConnection>().is_some() {
                            return Err(DropConnection);
                        }
                        Ok::<_, DropConnection>(resp)
                    }
                });
                let conn = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_timeout)
                    .serve_connection(TokioIo::new(stream), service);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                    drop(slot);
                });
            }
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

/// The HTTP client webhooks are sent with: no proxy, no redirects followed (a webhook
/// goes to the URL configured, nowhere else). Without a system CA store it is built
/// with no roots, so plain-http endpoints still get their webhooks.
fn webhook_client() -> Result<reqwest::Client> {
    let builder = || {
        reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
    };
    builder()
        .build()
        .or_else(|_| builder().tls_certs_only(Vec::new()).build())
        .map_err(|e| config_error(format!("webhook HTTP client: {e}")))
}
