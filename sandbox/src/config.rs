//! Sandbox settings: the library's [`SandboxConfig`] and the TOML file the binary reads.

use std::path::{Path, PathBuf};
use std::time::Duration;

use pikepay::error::{Error, ErrorKind, Result};
use pikepay::{ApiVersion, PublicKey};
use serde::Deserialize;

/// Wallet balance a project starts with when none is given: 1 000 000.00 RUB.
pub const DEFAULT_WALLET_AMOUNT: u64 = 100_000_000;
/// Currency of the default wallet.
pub const DEFAULT_WALLET_CURRENCY: &str = "rub";
/// Pike-like webhook retry intervals (about 29 minutes in all, at most 10 minutes apart).
pub const DEFAULT_WEBHOOK_RETRY_MS: &[u64] =
    &[10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 600_000];

/// An amount in minor units with a lowercase currency code.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Money {
    /// Minor units (10000 = 100.00).
    pub amount: u64,
    /// Lowercase ISO 4217 code, e.g. `rub`.
    pub currency: String,
}

/// One merchant project the sandbox accepts requests from.
#[derive(Clone, Debug)]
pub struct ProjectConfig {
    /// Value of `X-PARTNER-PROJECT`.
    pub name: String,
    /// The merchant's RSA public key (PEM or DER) that verifies `X-PARTNER-SIGN`.
    pub public_key_pem: String,
    /// Where webhooks go; `None` records them without sending.
    pub webhook_url: Option<String>,
    /// Naming used in this project's webhooks.
    pub api_version: ApiVersion,
    /// Starting wallet balance; payouts debit it.
    pub wallet_balance: Money,
    /// Method paths (e.g. `session/confirm`) that answer `idempotency_key_not_supported`
    /// when a request carries `X-PARTNER-IDEMPOTENCY-KEY`.
    pub idempotency_unsupported: Vec<String>,
}

impl ProjectConfig {
    /// A project with the default wallet, API v2 webhooks and no webhook URL.
    pub fn new(name: impl Into<String>, public_key_pem: impl Into<String>) -> Self {
        ProjectConfig {
            name: name.into(),
            public_key_pem: public_key_pem.into(),
            webhook_url: None,
            api_version: ApiVersion::V2,
            wallet_balance: Money {
                amount: DEFAULT_WALLET_AMOUNT,
                currency: DEFAULT_WALLET_CURRENCY.to_owned(),
            },
            idempotency_unsupported: Vec::new(),
        }
    }

    /// Sets the webhook URL.
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.webhook_url = Some(url.into());
        self
    }

    /// Sets the API version of webhooks.
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = version;
        self
    }

    /// Sets the starting wallet balance.
    pub fn wallet_balance(mut self, amount: u64, currency: impl Into<String>) -> Self {
        self.wallet_balance = Money {
            amount,
            currency: currency.into().to_lowercase(),
        };
        self
    }

    /// Parses the public key, naming the project when it is unusable.
    pub(crate) fn parsed_key(&self) -> Result<PublicKey> {
        PublicKey::from_pem_or_der(self.public_key_pem.as_bytes())
            .map_err(|e| e.context(format!("project '{}'", self.name)))
    }
}

/// Everything [`crate::Sandbox::start`] needs.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Projects known from the start (more can be added through the control API).
    pub projects: Vec<ProjectConfig>,
    /// Pauses between webhook attempts; attempts = 1 + its length.
    pub webhook_retry: Vec<Duration>,
    /// How long one webhook attempt may take.
    pub webhook_timeout: Duration,
    /// The sandbox's own private key (PEM) for signing webhooks; `None` generates one.
    pub signing_key_pem: Option<String>,
    /// Largest accepted request body.
    pub max_body_bytes: usize,
    /// Time allowed to read and process one request.
    pub request_timeout: Duration,
    /// Stored webhook deliveries; the oldest are forgotten beyond this.
    pub max_deliveries: usize,
    /// Stored sessions, and separately public tokens and card tokens; new ones are
    /// refused (HTTP 503) beyond this.
    pub max_sessions: usize,
    /// Open connections served at once.
    pub max_connections: usize,
    /// Time a client gets to send a request's headers.
    pub header_timeout: Duration,
    /// How long a refund stays `in_progress` (sandbox time) before it settles.
    pub refund_delay: Duration,
    /// Strict mode: the less forgiving reading wherever Pike's documents allow two,
    /// and undocumented request fields refused (see sandbox/README.md).
    pub strict: bool,
    /// Chaos mode with this seed: at-least-once webhook delivery (late, duplicated, out
    /// of order) and occasional 5xx and dropped answers (see sandbox/README.md).
    pub chaos_seed: Option<u64>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            port: 0,
            projects: Vec::new(),
            webhook_retry: DEFAULT_WEBHOOK_RETRY_MS
                .iter()
                .map(|ms| Duration::from_millis(*ms))
                .collect(),
            webhook_timeout: Duration::from_secs(10),
            signing_key_pem: None,
            max_body_bytes: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            max_deliveries: 10_000,
            max_sessions: 100_000,
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            refund_delay: Duration::from_secs(1),
            strict: false,
            chaos_seed: None,
        }
    }
}

impl SandboxConfig {
    /// Adds a project.
    pub fn project(mut self, project: ProjectConfig) -> Self {
        self.projects.push(project);
        self
    }

    /// Sets the webhook retry pauses in milliseconds.
    pub fn webhook_retry_ms(mut self, pauses: &[u64]) -> Self {
        self.webhook_retry = pauses.iter().map(|ms| Duration::from_millis(*ms)).collect();
        self
    }

    /// Reads a TOML file (see sandbox/README.md); key paths are relative to the file.
    pub fn from_toml_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| config_error(format!("cannot read config {}: {e}", path.display())))?;
        let file: FileConfig = toml::from_str(&text)
            .map_err(|e| config_error(format!("config {}: {e}", path.display())))?;
        let base = path.parent().unwrap_or_else(|| Path::new("."));
        file.into_config(base)
    }
}

/// A [`ErrorKind::Configuration`] error.
pub(crate) fn config_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Configuration, msg)
}

/// Reads a key or other small file named in the configuration.
pub fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| config_error(format!("cannot read {}: {e}", path.display())))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    port: Option<u16>,
    webhook_retry_ms: Option<Vec<u64>>,
    webhook_timeout_ms: Option<u64>,
    signing_key: Option<PathBuf>,
    max_body_bytes: Option<usize>,
    request_timeout_ms: Option<u64>,
    max_deliveries: Option<usize>,
    max_sessions: Option<usize>,
    header_timeout_ms: Option<u64>,
    refund_delay_ms: Option<u64>,
    #[serde(default)]
    strict: bool,
    chaos_seed: Option<u64>,
    #[serde(default, rename = "project")]
    projects: Vec<FileProject>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileProject {
    name: String,
    public_key: Option<PathBuf>,
    public_key_pem: Option<String>,
    webhook_url: Option<String>,
    api_version: Option<u64>,
    wallet_balance: Option<Money>,
    #[serde(default)]
    idempotency_unsupported: Vec<String>,
}

impl FileConfig {
    fn into_config(self, base: &Path) -> Result<SandboxConfig> {
        let mut cfg = SandboxConfig::default();
        if let Some(port) = self.port {
            cfg.port = port;
        }
        if let Some(ms) = self.webhook_retry_ms {
            cfg = cfg.webhook_retry_ms(&ms);
        }
        if let Some(ms) = self.webhook_timeout_ms {
            cfg.webhook_timeout = Duration::from_millis(ms);
        }
        if let Some(path) = self.signing_key {
            cfg.signing_key_pem = Some(read_file(&base.join(path))?);
        }
        if let Some(n) = self.max_body_bytes {
            cfg.max_body_bytes = n;
        }
        if let Some(ms) = self.request_timeout_ms {
            cfg.request_timeout = Duration::from_millis(ms);
        }
        if let Some(n) = self.max_deliveries {
            cfg.max_deliveries = n;
        }
        if let Some(n) = self.max_sessions {
            cfg.max_sessions = n;
        }
        if let Some(ms) = self.header_timeout_ms {
            cfg.header_timeout = Duration::from_millis(ms);
        }
        if let Some(ms) = self.refund_delay_ms {
            cfg.refund_delay = Duration::from_millis(ms);
        }
        cfg.strict = self.strict;
        cfg.chaos_seed = self.chaos_seed;
        for p in self.projects {
            let pem = match (p.public_key, p.public_key_pem) {
                (Some(path), None) => read_file(&base.join(path))?,
                (None, Some(pem)) => pem,
                _ => {
                    return Err(config_error(format!(
                        "project '{}' needs exactly one of public_key (a path) or public_key_pem",
                        p.name
                    )));
                }
            };
            let mut project = ProjectConfig::new(p.name, pem);
            project.webhook_url = p.webhook_url;
            if let Some(v) = p.api_version {
                project.api_version = ApiVersion::from_number(v)?;
            }
            if let Some(m) = p.wallet_balance {
                project = project.wallet_balance(m.amount, m.currency);
            }
            project.idempotency_unsupported = p.idempotency_unsupported;
            cfg.projects.push(project);
        }
        Ok(cfg)
    }
}
