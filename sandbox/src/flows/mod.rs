//! Pike methods: each takes the canonical (v2-named) request body and the state, and
//! returns the canonical answer plus the webhooks it caused.

mod fields;
mod instrument;
mod lifecycle;
mod payment;
mod payout;
mod refund;
mod tokens;
mod wallet;

use pikepay::Endpoint;
use serde_json::Value;

use crate::reply::PikeError;
use crate::state::{Session, State};

pub use lifecycle::{expire_waiting, finish_customer_action};
pub use refund::{chargeback, settle_due_refunds};

/// A webhook to send: type and the session at that moment (canonical names).
#[derive(Clone, Debug)]
pub struct Event {
    /// Project it goes to.
    pub project: String,
    /// Webhook `type`.
    pub kind: &'static str,
    /// The session object.
    pub session: Value,
}

/// Work a method leaves for later, in sandbox time.
#[derive(Clone, Debug)]
pub enum Later {
    /// Settle the refunds due by then, oldest first (each with `payment_refunded`).
    SettleRefunds {
        /// When, in sandbox time.
        due: std::time::SystemTime,
    },
}

/// Per-request context.
pub struct Ctx {
    /// Calling project.
    pub project: String,
    /// Sandbox time as text.
    pub now: String,
    /// Sandbox time.
    pub instant: std::time::SystemTime,
    /// `http://127.0.0.1:PORT` (for 3-D Secure links).
    pub base_url: String,
    /// Most sessions stored.
    pub max_sessions: usize,
    /// How long a refund stays `in_progress`, in sandbox time.
    pub refund_delay: std::time::Duration,
    /// Webhooks caused by this request.
    pub events: Vec<Event>,
    /// Work left for later.
    pub later: Vec<Later>,
}

impl Ctx {
    /// Queues a webhook about `session`.
    pub fn emit(&mut self, kind: &'static str, session: &Session) {
        self.events.push(Event {
            project: session.project.clone(),
            kind,
            session: session.render(),
        });
    }
}

/// Runs one Pike method.
pub fn handle(
    st: &mut State,
    cx: &mut Ctx,
    endpoint: Endpoint,
    body: &Value,
) -> Result<Value, PikeError> {
    match endpoint {
        Endpoint::SessionCreate => lifecycle::create(st, cx, body),
        Endpoint::SessionStatus => lifecycle::status(st, cx, body),
        Endpoint::SessionConfirm => lifecycle::confirm(st, cx, body),
        Endpoint::SessionCancel => lifecycle::cancel(st, cx, body),
        Endpoint::SessionInitPayout => payout::init(st, cx, body),
        Endpoint::SessionStartPayout => payout::start(st, cx, body),
        Endpoint::FpsCustomerVerification => payout::verify_fps(st, cx, body),
        Endpoint::SessionInitPayment => payment::init(st, cx, body),
        Endpoint::SessionStartPayment => payment::start(st, cx, body),
        Endpoint::SessionCapture => payment::capture(st, cx, body),
        Endpoint::SessionRefund => refund::refund(st, cx, body),
        Endpoint::RecurrentDisable => tokens::recurrent_disable(st, cx, body),
        Endpoint::Token => tokens::public_token(st, cx, body),
        Endpoint::TokenInfo => tokens::info(st, cx, body),
        Endpoint::TokenizeElements => tokens::tokenize(st, cx, body),
        Endpoint::FpsBanks => Ok(wallet::banks()),
        Endpoint::WalletBalance => wallet::balance(st, cx),
        Endpoint::SberpayPush => wallet::sberpay_push(st, cx, body),
    }
}

/// Test data with deterministic outcomes (see sandbox/README.md).
pub mod testdata {
    pub use super::instrument::{DECLINED_CARD, HOLD_CARD, MISSING_FPS_PHONE, THREE_DS_CARD};
    /// A Visa card that succeeds.
    pub const VISA_OK: &str = "4242424242424242";
    /// A Mastercard that succeeds.
    pub const MASTERCARD_OK: &str = "5555555555554444";
    /// An FPS phone that exists.
    pub const FPS_PHONE: &str = "79261234567";
}
