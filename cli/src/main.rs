//! `pikepay`: keys, signatures and webhooks from the shell, signed calls to Pike, and a
//! local sandbox's webhooks forwarded to your endpoint.
//!
//! Everything it does is the core's (`pikepay`): this file parses arguments, reads and
//! writes files and prints.

mod commands;
mod sandbox;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The pikepay command line.
#[derive(Parser)]
#[command(name = "pikepay", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where a local sandbox is and which project to act as.
#[derive(clap::Args)]
pub struct SandboxArgs {
    /// Base URL of a running pikepay-sandbox.
    #[arg(
        long,
        env = "PIKEPAY_BASE_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub sandbox: String,
    /// The project id.
    #[arg(long, env = "PIKEPAY_PROJECT")]
    pub project: String,
}

/// How to reach Pike (or a sandbox) as a project.
#[derive(clap::Args)]
pub struct ClientArgs {
    /// Base URL of Pike or of a local sandbox.
    #[arg(long, env = "PIKEPAY_BASE_URL", default_value = pikepay::client::DEMO_URL)]
    pub base_url: String,
    /// The project id.
    #[arg(long, env = "PIKEPAY_PROJECT")]
    pub project: String,
    /// The project's private key (PEM or DER file).
    #[arg(long, env = "PIKEPAY_PRIVATE_KEY_PATH")]
    pub private_key: std::path::PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Generates a 2048-bit RSA key pair (PEM).
    #[command(
        after_help = "Example:\n  pikepay keygen --private-out shop.pem --public-out shop.pub.pem"
    )]
    Keygen {
        /// Where to write the private key (PKCS#8 PEM, mode 0600).
        #[arg(long)]
        private_out: std::path::PathBuf,
        /// Where to write the public key (SPKI PEM); printed when absent.
        #[arg(long)]
        public_out: Option<std::path::PathBuf>,
    },
    /// Signs a file's exact bytes; prints the base64 signature (the X-PARTNER-SIGN value).
    #[command(after_help = "Example:\n  pikepay sign body.json --private-key shop.pem")]
    Sign {
        /// The file to sign (`-` for standard input).
        file: String,
        /// The private key (PEM or DER file).
        #[arg(long, env = "PIKEPAY_PRIVATE_KEY_PATH")]
        private_key: std::path::PathBuf,
    },
    /// Checks a signature over a file's exact bytes; exits 1 when it does not match.
    #[command(
        after_help = "Example:\n  pikepay verify body.json \"$(cat body.sig)\" --public-key pike.pub.pem"
    )]
    Verify {
        /// The signed file (`-` for standard input).
        file: String,
        /// The base64 signature.
        signature: String,
        /// The public key (PEM or DER file).
        #[arg(long)]
        public_key: std::path::PathBuf,
    },
    /// Webhooks: verify one as your endpoint would.
    #[command(subcommand)]
    Webhook(WebhookCommand),
    /// Forwards a running sandbox's webhook deliveries to a local endpoint, as they happen.
    #[command(
        after_help = "Example:\n  pikepay listen --sandbox http://127.0.0.1:8080 --project shop \\\n    --forward-to http://127.0.0.1:3000/pike/webhook"
    )]
    Listen {
        #[command(flatten)]
        sandbox: SandboxArgs,
        /// Your endpoint; each delivery is POSTed with its exact body and X-PARTNER-SIGN.
        #[arg(long)]
        forward_to: String,
        /// Stop after forwarding this many deliveries (default: until Ctrl-C).
        #[arg(long)]
        count: Option<usize>,
    },
    /// Makes the sandbox send a webhook of type EVENT by running the flow that causes it.
    #[command(
        after_help = "Events: ready_to_confirm, payment_finished, action_required, ready_to_capture,\npayment_refunded.\n\nExample:\n  pikepay trigger payment_finished --base-url http://127.0.0.1:8080 \\\n    --project shop --private-key shop.pem"
    )]
    Trigger {
        /// The webhook type.
        event: String,
        #[command(flatten)]
        client: ClientArgs,
    },
    /// Makes one signed call and prints the answer (JSON).
    #[command(
        after_help = "Example:\n  pikepay request POST session/status '{\"session_id\":\"…\"}' \\\n    --project shop --private-key shop.pem"
    )]
    Request {
        /// GET or POST.
        method: String,
        /// The method path, e.g. `session/status` or `/api/v1/fps/banks`.
        path: String,
        /// The JSON body, `@FILE` to read it from a file, `-` from standard input.
        body: String,
        /// Idempotency key (generated for calls that move money).
        #[arg(long)]
        idempotency_key: Option<String>,
        #[command(flatten)]
        client: ClientArgs,
    },
}

/// Webhook commands.
#[derive(Subcommand)]
enum WebhookCommand {
    /// Verifies a webhook body with Pike's public key and prints its type, session and
    /// dedupe key; exits 1 when the signature does not match.
    #[command(
        after_help = "Example:\n  pikepay webhook verify body.json --signature \"$SIG\" --public-key pike.pub.pem"
    )]
    Verify {
        /// The webhook body as received (`-` for standard input).
        file: String,
        /// The X-PARTNER-SIGN header.
        #[arg(long)]
        signature: String,
        /// Pike's public key (PEM or DER file).
        #[arg(long)]
        public_key: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Keygen {
            private_out,
            public_out,
        } => commands::keygen(&private_out, public_out.as_deref()),
        Command::Sign { file, private_key } => commands::sign(&file, &private_key),
        Command::Verify {
            file,
            signature,
            public_key,
        } => commands::verify(&file, &signature, &public_key),
        Command::Webhook(WebhookCommand::Verify {
            file,
            signature,
            public_key,
        }) => commands::webhook_verify(&file, &signature, &public_key),
        Command::Listen {
            sandbox,
            forward_to,
            count,
        } => runtime().and_then(|rt| rt.block_on(sandbox::listen(&sandbox, &forward_to, count))),
        Command::Trigger { event, client } => {
            runtime().and_then(|rt| rt.block_on(sandbox::trigger(&event, &client)))
        }
        Command::Request {
            method,
            path,
            body,
            idempotency_key,
            client,
        } => runtime().and_then(|rt| {
            rt.block_on(commands::request(
                &method,
                &path,
                &body,
                idempotency_key,
                &client,
            ))
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pikepay: {message}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
}
