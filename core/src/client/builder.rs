//! [`ClientBuilder`]: every setting of a [`Client`], checked once in [`ClientBuilder::build`].

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use tokio::sync::Semaphore;

use super::idempotency::Unsupported;
use super::observe::{Observer, Observers};
use super::retry::Backoff;
use super::transport::Transport;
use super::{Client, DEMO_URL, Inner};
use crate::endpoint::ApiVersion;
use crate::error::{Error, ErrorKind, Result};
use crate::signing::PrivateKey;

/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default timeout of one attempt (connect to last body byte).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default total deadline of a call, all attempts and waits included.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Default cap on the size of an answer body: 4 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;
/// Longest timeout or deadline accepted anywhere: 365 days.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(365 * 24 * 3600);
/// Default number of HTTP/1.1 connections (or HTTP/2 streams) a client uses at once.
pub const DEFAULT_MAX_CONNECTIONS: usize = 100;
/// Default time `wait` polls before it gives up.
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(60);

/// The one rule for every timeout and deadline (the client's settings, a call's, a
/// wait's): what is wrong with `timeout`, if anything ("must be greater than zero",
/// "must be at most 365 days"). Each caller names the setting and the error kind.
pub(crate) fn timeout_problem(timeout: Duration) -> Option<String> {
    if timeout.is_zero() {
        return Some("must be greater than zero".to_owned());
    }
    (timeout > MAX_TIMEOUT)
        .then(|| format!("must be at most {} days", MAX_TIMEOUT.as_secs() / 86_400))
}

/// A client's limits: the defaults every language shares ([`DEFAULT_SETTINGS`]), or
/// what one client was built with ([`Client::settings`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Total deadline of a call, all attempts and waits included.
    pub timeout: Duration,
    /// Timeout of one attempt.
    pub request_timeout: Duration,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Requests in flight at once.
    pub max_connections: usize,
    /// Longest answer body read.
    pub max_response_bytes: usize,
    /// How long `wait` polls when no timeout is given.
    pub wait_timeout: Duration,
}

/// The settings of a client built with none given, in every language.
pub const DEFAULT_SETTINGS: Settings = Settings {
    timeout: DEFAULT_DEADLINE,
    request_timeout: DEFAULT_REQUEST_TIMEOUT,
    connect_timeout: DEFAULT_CONNECT_TIMEOUT,
    max_retries: DEFAULT_MAX_RETRIES,
    max_connections: DEFAULT_MAX_CONNECTIONS,
    max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
    wait_timeout: DEFAULT_WAIT_TIMEOUT,
};

impl Settings {
    /// As JSON, durations in milliseconds: `timeout_ms`, `request_timeout_ms`,
    /// `connect_timeout_ms`, `max_retries`, `max_connections`, `max_response_bytes`,
    /// `wait_timeout_ms`.
    pub fn to_json(&self) -> serde_json::Value {
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        serde_json::json!({
            "timeout_ms": ms(self.timeout),
            "request_timeout_ms": ms(self.request_timeout),
            "connect_timeout_ms": ms(self.connect_timeout),
            "max_retries": self.max_retries,
            "max_connections": self.max_connections,
            "max_response_bytes": self.max_response_bytes,
            "wait_timeout_ms": ms(self.wait_timeout),
        })
    }
}

/// The `User-Agent` a client sends: `pikepay-rust/VERSION`, then for a language package
/// `pikepay-LANGUAGE/VERSION RUNTIME` (e.g. `pikepay-python/0.1.0 CPython/3.12.1`), then
/// the caller's own suffix, trimmed, if any.
pub fn user_agent(binding: Option<(&str, &str)>, suffix: Option<&str>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut agent = format!("pikepay-rust/{version}");
    if let Some((language, runtime)) = binding {
        agent.push_str(&format!(" pikepay-{language}/{version} {runtime}"));
    }
    if let Some(suffix) = suffix.map(str::trim).filter(|s| !s.is_empty()) {
        agent.push(' ');
        agent.push_str(suffix);
    }
    agent
}

/// Builds a [`Client`]; start with [`Client::builder`].
#[derive(Clone, Default)]
pub struct ClientBuilder {
    project: Option<String>,
    private_key: Option<PrivateKey>,
    base_url: Option<String>,
    api_version: ApiVersion,
    submerchant: Option<String>,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    deadline: Option<Duration>,
    max_retries: Option<u32>,
    max_response_bytes: Option<usize>,
    max_connections: Option<usize>,
    backoff: Backoff,
    proxy: Option<String>,
    root_certificates: Vec<Vec<u8>>,
    user_agent_suffix: Option<String>,
    binding: Option<(String, String)>,
    allow_insecure_http: bool,
    log_bodies: bool,
    observers: Observers,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("project", &self.project)
            .field(
                "private_key",
                &self.private_key.as_ref().map(|_| "<redacted>"),
            )
            .field("base_url", &self.base_url)
            .field("api_version", &self.api_version)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The project id Pike issued (`X-PARTNER-PROJECT`). Required.
    pub fn project(mut self, project: impl Into<String>) -> Self {
        self.project = Some(project.into());
        self
    }

    /// The key requests are signed with. Required.
    pub fn private_key(mut self, key: PrivateKey) -> Self {
        self.private_key = Some(key);
        self
    }

    /// Where Pike is: [`DEMO_URL`](super::DEMO_URL) (the default),
    /// [`LIVE_URL`](super::LIVE_URL) or any URL (e.g. a local sandbox).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// API version for endpoints that exist in both (default V2); v1-only endpoints stay on v1.
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = version;
        self
    }

    /// Sub-merchant id sent as `X-PARTNER-SUBMERCHANT` on every request.
    pub fn submerchant(mut self, submerchant: impl Into<String>) -> Self {
        self.submerchant = Some(submerchant.into());
        self
    }

    /// Longest wait for a TCP + TLS connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Longest time one attempt may take, connect to last byte (default 30 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// Longest time one call may take, every attempt and wait included (default 60 s).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Retries after the first attempt (default 2; 0 means exactly one attempt).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Longest answer body the client reads (default 4 MiB). A longer answer is not
    /// read past this: the call fails with `OutcomeUnknown` (carrying the idempotency
    /// key) when it creates or moves money, with `Decode` otherwise.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// Most requests in flight at once, which bounds the connections a burst opens
    /// (default 100). Calls beyond it wait for a free connection within their own
    /// deadline; a call whose deadline passes while it waits fails with a network error
    /// and was never sent. At most this many idle connections are kept. Over HTTP/2
    /// (when the server offers it) the requests share one connection instead. A burst
    /// may open a few connections more than this: the HTTP/1.1 pool opens one when a
    /// request finds no idle connection while another is still being handed back.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = Some(connections);
        self
    }

    /// Backoff between attempts: the first wait is at most `initial`, each next
    /// ceiling doubles up to `max`; the actual wait is random below the ceiling.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = Backoff { initial, max };
        self
    }

    /// Sends every request through this proxy URL (`http://`, `https://` or `socks5://`).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Trusts one more root certificate (PEM), in addition to the system's.
    pub fn add_root_certificate_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// Appended to the `User-Agent` (e.g. `shop/2.0`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// The language package this client serves and its runtime (`"python"`,
    /// `"CPython/3.12.1"`), named in the `User-Agent` (see [`user_agent`]).
    pub fn binding(mut self, language: impl Into<String>, runtime: impl Into<String>) -> Self {
        self.binding = Some((language.into(), runtime.into()));
        self
    }

    /// Allows plain `http://` to hosts other than loopback (never do this in production).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Logs request and answer bodies at `debug` level, with card data, tokens and
    /// keys redacted (off by default: bodies are never logged unless asked for).
    pub fn log_bodies(mut self, enabled: bool) -> Self {
        self.log_bodies = enabled;
        self
    }

    /// Adds an [`Observer`] that sees every attempt of every call (several may be added).
    pub fn observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observers.0.push(observer);
        self
    }

    /// Checks every setting and builds the client.
    pub fn build(self) -> Result<Client> {
        let project = self
            .project
            .filter(|p| !p.trim().is_empty())
            .ok_or_else(|| config("the project id is required"))?;
        let project = header_text(&project, false, "the project id")?;
        let key = self
            .private_key
            .ok_or_else(|| config("the private key is required"))?;
        let base_is_loopback = reqwest::Url::parse(self.base_url.as_deref().unwrap_or(DEMO_URL))
            .is_ok_and(|u| is_loopback(&u));
        let base_url = check_base_url(
            self.base_url.as_deref().unwrap_or(DEMO_URL),
            self.allow_insecure_http,
        )?;
        let submerchant = match self.submerchant {
            Some(s) => Some(header_text(&s, false, "the sub-merchant id")?),
            None => None,
        };
        let positive = |name: &str, d: Option<Duration>, default: Duration| -> Result<Duration> {
            let d = d.unwrap_or(default);
            match timeout_problem(d) {
                Some(problem) => Err(config(format!(
                    "the {name} {problem}, got {} s",
                    d.as_secs()
                ))),
                None => Ok(d),
            }
        };
        let connect_timeout = positive(
            "connect timeout",
            self.connect_timeout,
            DEFAULT_CONNECT_TIMEOUT,
        )?;
        let request_timeout = positive(
            "request timeout",
            self.request_timeout,
            DEFAULT_REQUEST_TIMEOUT,
        )?;
        let deadline = positive("total timeout of a call", self.deadline, DEFAULT_DEADLINE)?;
        let max_connections = self.max_connections.unwrap_or(DEFAULT_MAX_CONNECTIONS);
        if max_connections == 0 || max_connections > Semaphore::MAX_PERMITS {
            return Err(config(format!(
                "the maximum number of connections must be between 1 and {}",
                Semaphore::MAX_PERMITS
            )));
        }
        if self.backoff.initial > self.backoff.max {
            return Err(config(
                "the first retry wait must not exceed the longest one",
            ));
        }
        if self.backoff.max > MAX_TIMEOUT {
            return Err(config("the longest retry wait must be at most 365 days"));
        }
        let max_response_bytes = self
            .max_response_bytes
            .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
        if max_response_bytes == 0 {
            return Err(config("max_response_bytes must be greater than zero"));
        }

        let binding = self.binding.as_ref().map(|(l, r)| (l.as_str(), r.as_str()));
        let user_agent = user_agent(binding, self.user_agent_suffix.as_deref());
        let user_agent = header_text(&user_agent, true, "the User-Agent suffix")?;

        let mut http = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(connect_timeout)
            .pool_max_idle_per_host(max_connections)
            .connector_layer(super::connect_gate::GateLayer::new(
                max_connections,
                connect_timeout,
            ))
            .redirect(reqwest::redirect::Policy::none());
        if self.proxy.is_none() && base_is_loopback {
            // Proxy settings from the environment never apply to a local sandbox.
            http = http.no_proxy();
        }
        if let Some(proxy) = &self.proxy {
            let proxy = reqwest::Proxy::all(proxy.as_str())
                .map_err(|e| config(format!("the proxy is not a usable URL: {e}")))?;
            http = http.proxy(proxy);
        }
        let mut roots = Vec::new();
        for pem in &self.root_certificates {
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| config(format!("a root certificate is not PEM: {e}")))?;
            if certs.is_empty() {
                return Err(config("a root certificate PEM holds no certificate"));
            }
            roots.extend(certs);
        }
        let needs_tls = base_url.starts_with("https:")
            || self
                .proxy
                .as_deref()
                .is_some_and(|p| p.trim_start().to_ascii_lowercase().starts_with("https:"));
        http = if needs_tls {
            http.tls_certs_merge(roots)
        } else {
            // Plain HTTP only: the system's roots are never used, so none are loaded.
            http.tls_certs_only(roots)
        };
        let http = http.build().map_err(|e| build_error(&e))?;

        Ok(Client {
            inner: Arc::new(Inner {
                transport: Transport {
                    http,
                    project,
                    submerchant,
                    max_response_bytes,
                    connections: Semaphore::new(max_connections),
                },
                key,
                base_url,
                api_version: self.api_version,
                settings: Settings {
                    timeout: deadline,
                    request_timeout,
                    connect_timeout,
                    max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                    max_connections,
                    max_response_bytes,
                    wait_timeout: DEFAULT_WAIT_TIMEOUT,
                },
                backoff: self.backoff,
                log_bodies: self.log_bodies,
                unsupported: Unsupported::default(),
                observers: self.observers,
            }),
        })
    }
}

fn config(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Configuration, msg)
}

/// `value` as a header value: visible ASCII only (and spaces where `spaces`), so TAB,
/// control characters and non-ASCII text are refused with the same message.
fn header_text(value: &str, spaces: bool, what: &str) -> Result<HeaderValue> {
    let visible = value
        .chars()
        .all(|c| c.is_ascii_graphic() || (spaces && c == ' '));
    let refused = || {
        let allowed = if spaces { "and spaces " } else { "" };
        config(format!(
            "{what} must be visible ASCII {allowed}(it is sent as a header): no tabs, control \
             characters or non-ASCII letters"
        ))
    };
    if !visible {
        return Err(refused());
    }
    HeaderValue::from_str(value).map_err(|_| refused())
}

/// The error for an HTTP client that could not be built, saying what to do when the
/// cause is a missing system CA store.
fn build_error(e: &reqwest::Error) -> Error {
    let cause = super::transport::describe(e);
    if cause.contains("CA certificates") {
        return config(format!(
            "no trusted root certificates: the system CA store is missing or empty ({cause}). \
             Install the system's CA certificates (e.g. the ca-certificates package), point \
             SSL_CERT_FILE or SSL_CERT_DIR at a CA bundle, or pass the roots to trust \
             (Python: root_certificates=[pem], Node: rootCertificatePem, Rust: \
             add_root_certificate_pem)"
        ));
    }
    config(format!("HTTP client could not be built: {cause}"))
}

/// Checks the base URL and returns it without a trailing slash.
fn check_base_url(url: &str, allow_insecure_http: bool) -> Result<String> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| config(format!("the base URL '{url}' is not a URL: {e}")))?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(config("the base URL must not have a query or fragment"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(config("the base URL must not hold credentials"));
    }
    match parsed.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&parsed) => {}
        "http" => {
            return Err(config(format!(
                "the base URL '{url}' uses plain http to a non-loopback host; use https, or \
                 allow insecure HTTP for a trusted test network (Python: \
                 allow_insecure_http=True, Node: allowInsecureHttp: true, Rust: \
                 allow_insecure_http(true))"
            )));
        }
        other => {
            return Err(config(format!(
                "the base URL scheme must be https, not '{other}'"
            )));
        }
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_are_visible_ascii() {
        for (value, spaces) in [
            ("shop\t1", false),
            ("магазин", false),
            ("a b", false),
            ("x\ty", true),
            ("café", true),
        ] {
            let e = header_text(value, spaces, "the project id").unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Configuration);
            assert!(e.message().contains("visible ASCII"), "{e}");
        }
        assert!(header_text("shop-1", false, "p").is_ok());
        assert!(header_text("pikepay-rust/1 app/2", true, "p").is_ok());
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(check_base_url("http://127.0.0.1:8080", false).is_ok());
        assert!(check_base_url("http://localhost:1/", false).is_ok());
        assert!(check_base_url("http://[::1]:9/", false).is_ok());
        let e = check_base_url("http://example.com", false).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Configuration);
        assert!(check_base_url("http://example.com", true).is_ok());
        assert!(check_base_url("http://10.0.0.1", false).is_err());
        assert!(check_base_url("ftp://example.com", true).is_err());
        assert!(check_base_url("not a url", false).is_err());
        assert_eq!(
            check_base_url("https://proxy-demo.pikepayments.com/", false).unwrap(),
            "https://proxy-demo.pikepayments.com"
        );
    }
}
