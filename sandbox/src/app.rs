//! The shared sandbox: state behind a lock, the clock, limits and the webhook signer.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use pikepay::PrivateKey;
use tokio::sync::mpsc;

use crate::chaos::Chaos;
use crate::clock::Clock;
use crate::flows::Ctx;
use crate::state::State;

/// Limits and schedules taken from [`crate::SandboxConfig`].
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest request body.
    pub max_body_bytes: usize,
    /// Time to read and process one request.
    pub request_timeout: Duration,
    /// Pauses between webhook attempts.
    pub webhook_retry: Vec<Duration>,
    /// Time for one webhook attempt.
    pub webhook_timeout: Duration,
    /// Most sessions stored.
    pub max_sessions: usize,
    /// How long a refund stays `in_progress`, in sandbox time.
    pub refund_delay: Duration,
    /// Strict mode.
    pub strict: bool,
}

/// Everything the request handlers share.
pub struct App {
    state: Mutex<State>,
    /// Sandbox time.
    pub clock: Clock,
    /// Limits.
    pub limits: Limits,
    /// Signs webhooks.
    pub signer: PrivateKey,
    /// PEM of the signer's public key.
    pub public_pem: String,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// Sends webhooks.
    pub http: reqwest::Client,
    /// Per-project queues of new webhooks (see [`crate::webhooks::send_in_order`]).
    senders: Mutex<HashMap<String, mpsc::Sender<String>>>,
    /// Chaos mode, when on.
    pub chaos: Option<Chaos>,
}

impl App {
    /// Builds the shared state.
    pub fn new(
        state: State,
        limits: Limits,
        signer: PrivateKey,
        public_pem: String,
        base_url: String,
        http: reqwest::Client,
        chaos: Option<Chaos>,
    ) -> Self {
        App {
            state: Mutex::new(state),
            clock: Clock::default(),
            limits,
            signer,
            public_pem,
            base_url,
            http,
            senders: Mutex::default(),
            chaos,
        }
    }

    /// The per-project webhook queues.
    pub fn senders(&self) -> MutexGuard<'_, HashMap<String, mpsc::Sender<String>>> {
        self.senders.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Locks the state (a panic elsewhere never makes it unusable).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl App {
    /// A method context for `project` at the current sandbox time.
    pub fn context(&self, project: &str) -> Ctx {
        Ctx {
            project: project.to_owned(),
            now: self.clock.stamp(),
            instant: self.clock.now(),
            base_url: self.base_url.clone(),
            max_sessions: self.limits.max_sessions,
            refund_delay: self.limits.refund_delay,
            events: Vec::new(),
            later: Vec::new(),
        }
    }
}
