//! `pikepay-sandbox`: run the local Pike emulator (`serve`) or make a merchant key pair
//! (`keygen`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use pikepay::ApiVersion;
use pikepay_sandbox::config::read_file;
use pikepay_sandbox::{ProjectConfig, Sandbox, SandboxConfig, keys};

#[derive(Parser)]
#[command(
    name = "pikepay-sandbox",
    version,
    about = "A stateful local Pike payments emulator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Pike API and the control API on 127.0.0.1.
    Serve(ServeArgs),
    /// Write a fresh RSA key pair for a merchant project.
    Keygen {
        /// Where to write the private key (PKCS#8 PEM, mode 0600).
        #[arg(long)]
        private_out: PathBuf,
        /// Where to write the public key (SPKI PEM) to give the sandbox.
        #[arg(long)]
        public_out: PathBuf,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Port on 127.0.0.1 (default: a free one, or the config file's).
    #[arg(long)]
    port: Option<u16>,
    /// TOML configuration file.
    #[arg(long)]
    config: Option<PathBuf>,
    /// A project: NAME=PATH of the merchant's public key PEM (repeatable).
    #[arg(long = "project", value_name = "NAME=PUBKEY_PEM_PATH")]
    projects: Vec<String>,
    /// Webhook URL of a project: NAME=URL (repeatable).
    #[arg(long = "webhook-url", value_name = "NAME=URL")]
    webhook_urls: Vec<String>,
    /// API version (1 or 2) of a project's webhooks: NAME=N (repeatable).
    #[arg(long = "api-version", value_name = "NAME=N")]
    api_versions: Vec<String>,
    /// Starting wallet of a project: NAME=AMOUNT:CURRENCY, e.g. shop=100000:rub (repeatable).
    #[arg(long = "wallet-balance", value_name = "NAME=AMOUNT:CURRENCY")]
    wallet_balances: Vec<String>,
    /// Write the sandbox's webhook-signing public key (PEM) here.
    #[arg(long)]
    public_key_out: Option<PathBuf>,
    /// Sign webhooks with this private key (PEM) instead of a fresh one.
    #[arg(long)]
    signing_key: Option<PathBuf>,
    /// Pauses between webhook attempts in milliseconds, e.g. 50,100,200.
    #[arg(long, value_delimiter = ',')]
    webhook_retry_ms: Option<Vec<u64>>,
    /// Time a client gets to send a request's headers, in milliseconds (default 10000).
    #[arg(long)]
    header_timeout_ms: Option<u64>,
    /// How long a refund stays in_progress, in milliseconds of sandbox time (default 1000).
    #[arg(long)]
    refund_delay_ms: Option<u64>,
    /// Take the less forgiving reading of Pike's documents and refuse undocumented fields.
    #[arg(long)]
    strict: bool,
    /// Chaos mode with this seed: webhooks late, duplicated and out of order; occasional
    /// 5xx and answers dropped after commit.
    #[arg(long, value_name = "SEED")]
    chaos_seed: Option<u64>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Keygen {
            private_out,
            public_out,
        } => keygen(&private_out, &public_out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("pikepay-sandbox: {msg}");
            ExitCode::from(2)
        }
    }
}

fn split_pair<'a>(arg: &'a str, flag: &str) -> Result<(&'a str, &'a str), String> {
    arg.split_once('=')
        .filter(|(name, value)| !name.is_empty() && !value.is_empty())
        .ok_or_else(|| format!("--{flag} expects NAME=VALUE, got '{arg}'"))
}

fn project_mut<'a>(
    cfg: &'a mut SandboxConfig,
    name: &str,
    flag: &str,
) -> Result<&'a mut ProjectConfig, String> {
    cfg.projects
        .iter_mut()
        .find(|p| p.name == name)
        .ok_or_else(|| format!("--{flag}: no project named '{name}' (add it with --project)"))
}

fn build_config(args: &ServeArgs) -> Result<SandboxConfig, String> {
    let mut cfg = match &args.config {
        Some(path) => SandboxConfig::from_toml_file(path).map_err(|e| e.to_string())?,
        None => SandboxConfig::default(),
    };
    if let Some(port) = args.port {
        cfg.port = port;
    }
    if let Some(ms) = &args.webhook_retry_ms {
        cfg = cfg.webhook_retry_ms(ms);
    }
    if let Some(ms) = args.header_timeout_ms {
        cfg.header_timeout = std::time::Duration::from_millis(ms);
    }
    if let Some(ms) = args.refund_delay_ms {
        cfg.refund_delay = std::time::Duration::from_millis(ms);
    }
    cfg.strict |= args.strict;
    if args.chaos_seed.is_some() {
        cfg.chaos_seed = args.chaos_seed;
    }
    if let Some(path) = &args.signing_key {
        cfg.signing_key_pem = Some(read_file(path).map_err(|e| e.to_string())?);
    }
    for arg in &args.projects {
        let (name, path) = split_pair(arg, "project")?;
        let pem = read_file(Path::new(path)).map_err(|e| e.to_string())?;
        cfg.projects.retain(|p| p.name != name);
        cfg.projects.push(ProjectConfig::new(name, pem));
    }
    for arg in &args.webhook_urls {
        let (name, url) = split_pair(arg, "webhook-url")?;
        project_mut(&mut cfg, name, "webhook-url")?.webhook_url = Some(url.to_owned());
    }
    for arg in &args.api_versions {
        let (name, n) = split_pair(arg, "api-version")?;
        let version = n
            .parse()
            .ok()
            .and_then(|n| ApiVersion::from_number(n).ok())
            .ok_or_else(|| format!("--api-version: '{n}' is not 1 or 2"))?;
        project_mut(&mut cfg, name, "api-version")?.api_version = version;
    }
    for arg in &args.wallet_balances {
        let (name, money) = split_pair(arg, "wallet-balance")?;
        let (amount, currency) = money
            .split_once(':')
            .and_then(|(a, c)| Some((a.parse::<u64>().ok()?, c)))
            .ok_or_else(|| format!("--wallet-balance expects NAME=AMOUNT:CURRENCY, got '{arg}'"))?;
        let project = project_mut(&mut cfg, name, "wallet-balance")?;
        *project = project.clone().wallet_balance(amount, currency);
    }
    Ok(cfg)
}

fn serve(args: ServeArgs) -> Result<(), String> {
    let cfg = build_config(&args)?;
    // Signal handlers are installed before the line is printed, so a caller may stop the
    // sandbox as soon as it has read the line.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    let stop = rt.block_on(async { StopSignals::install() })?;
    let sandbox = Sandbox::start(cfg).map_err(|e| e.to_string())?;
    if let Some(path) = &args.public_key_out {
        std::fs::write(path, sandbox.public_key_pem())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "pikepay-sandbox listening on {}", sandbox.base_url())
        .and_then(|_| out.flush())
        .map_err(|e| format!("stdout: {e}"))?;
    drop(out);
    rt.block_on(stop.wait());
    sandbox.shutdown();
    Ok(())
}

/// SIGINT and SIGTERM (Ctrl-C elsewhere).
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> Result<Self, String> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let err = |e: std::io::Error| format!("signal: {e}");
            Ok(StopSignals {
                interrupt: signal(SignalKind::interrupt()).map_err(err)?,
                terminate: signal(SignalKind::terminate()).map_err(err)?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

fn keygen(private_out: &Path, public_out: &Path) -> Result<(), String> {
    let pair = keys::generate().map_err(|e| e.to_string())?;
    write_private(private_out, &pair.private_pem)?;
    std::fs::write(public_out, &pair.public_pem)
        .map_err(|e| format!("cannot write {}: {e}", public_out.display()))?;
    println!(
        "wrote {} (private, keep it secret) and {} (public, give it to the sandbox)",
        private_out.display(),
        public_out.display()
    );
    Ok(())
}

fn write_private(path: &Path, pem: &str) -> Result<(), String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .and_then(|mut f| f.write_all(pem.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
