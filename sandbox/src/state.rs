//! Everything the sandbox remembers, behind one lock: projects, sessions, the ledger,
//! tokens, idempotency records, faults and webhook deliveries.

use std::collections::{HashMap, HashSet};
use std::time::SystemTime;

use pikepay::{ApiVersion, PublicKey};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::config::{Money, ProjectConfig};
use crate::deliveries::Deliveries;
use crate::faults::Faults;
use crate::idempotency::Idempotency;
use crate::requests::Requests;

/// A registered merchant project.
pub struct Project {
    /// Verifies `X-PARTNER-SIGN`.
    pub key: PublicKey,
    /// Where webhooks go.
    pub webhook_url: Option<String>,
    /// Naming of this project's webhooks.
    pub api_version: ApiVersion,
    /// Method paths that refuse idempotency keys.
    pub idempotency_unsupported: HashSet<String>,
    /// Current wallet balance.
    pub wallet: Money,
}

impl Project {
    /// Builds a project from its configuration, checking the key.
    pub fn from_config(cfg: &ProjectConfig) -> pikepay::Result<Self> {
        Ok(Project {
            key: cfg.parsed_key()?,
            webhook_url: cfg.webhook_url.clone(),
            api_version: cfg.api_version,
            idempotency_unsupported: cfg.idempotency_unsupported.iter().cloned().collect(),
            wallet: Money {
                amount: cfg.wallet_balance.amount,
                currency: cfg.wallet_balance.currency.to_lowercase(),
            },
        })
    }
}

/// Session status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStatus {
    /// No operation started yet.
    Created,
    /// An operation is running or waiting.
    InProgress,
    /// Finished with at least one successful operation.
    Accepted,
    /// Finished with nothing successful (cancelled, declined or failed).
    Cancelled,
}

impl SessionStatus {
    /// Wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Created => "created",
            SessionStatus::InProgress => "in_progress",
            SessionStatus::Accepted => "accepted",
            SessionStatus::Cancelled => "cancelled",
        }
    }
}

/// Where an operation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// `pending`, waiting for `session/confirm` or `session/cancel`.
    AwaitingConfirm,
    /// `pending`, waiting for the customer (3-D Secure, SberPay).
    AwaitingCustomer,
    /// `pending`, funds held, waiting for `session/capture` or `session/cancel`.
    AwaitingCapture,
    /// `succeeded`.
    Succeeded,
    /// `failed`.
    Failed,
}

impl Stage {
    /// The item `status` on the wire.
    pub fn status(self) -> &'static str {
        match self {
            Stage::AwaitingConfirm | Stage::AwaitingCustomer | Stage::AwaitingCapture => "pending",
            Stage::Succeeded => "succeeded",
            Stage::Failed => "failed",
        }
    }

    /// True once the operation cannot change any more (refunds aside).
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Succeeded | Stage::Failed)
    }
}

/// What decides an operation's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// A card, by number (never printed).
    Card(String),
    /// A Faster Payment System payout or verification to this phone.
    Fps(String),
    /// A SberPay payment: the customer approves it in Sber's app or page.
    SberPay,
    /// Anything else: always succeeds.
    Other,
}

/// Where a refund stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundStatus {
    /// Asked for; the result comes with `payment_refunded`.
    InProgress,
    /// Money returned.
    Accepted,
    /// Not made (the wallet could not cover it).
    Declined,
}

impl RefundStatus {
    /// Wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            RefundStatus::InProgress => "in_progress",
            RefundStatus::Accepted => "accepted",
            RefundStatus::Declined => "declined",
        }
    }
}

/// A refund or chargeback of a payment.
#[derive(Clone, Debug)]
pub struct Refund {
    /// `rf_<n>`.
    pub id: String,
    /// Where it stands.
    pub status: RefundStatus,
    /// Set once settled.
    pub finished_at: Option<String>,
    /// When it settles (sandbox time), while in progress.
    pub due: SystemTime,
    /// Why it was declined.
    pub error: Option<Value>,
    /// Minor units.
    pub amount: u64,
    /// Lowercase currency.
    pub currency: String,
    /// When it was made.
    pub at: String,
    /// True for a chargeback.
    pub is_chargeback: bool,
    /// Echoed metadata.
    pub metadata: Option<Value>,
}

/// One payout or payment inside a session.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `po_<n>` or `pm_<n>`.
    pub id: String,
    /// Current stage.
    pub stage: Stage,
    /// Creation time.
    pub created_at: String,
    /// Set when final.
    pub finished_at: Option<String>,
    /// Minor units (for a captured hold: the captured amount).
    pub amount: u64,
    /// For a captured hold: the amount that was held.
    pub held: Option<u64>,
    /// Lowercase currency.
    pub currency: String,
    /// The instrument as shown in answers (cards masked).
    pub instrument: Value,
    /// What decides the outcome.
    pub route: Route,
    /// Echoed request parts: `customer`, `participant_details`, `payment_options`, `metadata`.
    pub echo: Map<String, Value>,
    /// Refunds and chargebacks.
    pub refunds: Vec<Refund>,
    /// 3-D Secure redirect while waiting for it.
    pub customer_interaction: Option<Value>,
    /// Recurring token issued by this payment.
    pub recurrent: Option<Value>,
    /// Why it failed.
    pub error: Option<Value>,
    /// Transaction details once succeeded.
    pub transaction_info: Option<Value>,
    /// Sandbox time it started waiting (for automatic cancellation).
    pub waiting_since: SystemTime,
}

impl Operation {
    /// Amount still refundable (refunds in progress count as taken).
    pub fn refundable(&self) -> u64 {
        let refunded: u64 = self
            .refunds
            .iter()
            .filter(|r| r.status != RefundStatus::Declined)
            .map(|r| r.amount)
            .sum();
        self.amount.saturating_sub(refunded)
    }

    /// Marks it failed with an error code and description.
    pub fn fail(&mut self, code: &str, description: &str, now: &str) {
        self.stage = Stage::Failed;
        self.finished_at = Some(now.to_owned());
        self.customer_interaction = None;
        self.error = Some(json!({"code": code, "description": description}));
    }

    /// Marks it succeeded: FPS transfers get an `fp_message_id`, the rest `rrn` and
    /// `auth_code`.
    pub fn succeed(&mut self, now: &str, seq: u64) {
        self.stage = Stage::Succeeded;
        self.finished_at = Some(now.to_owned());
        self.customer_interaction = None;
        self.transaction_info = Some(match self.route {
            Route::Fps(_) => json!({
                "fp_message_id": format!("A{:014}W{:016}", 50_000_000_000_000u64 + seq, seq),
            }),
            _ => json!({
                "rrn": format!("{:012}", 100_000_000_000u64 + seq),
                "auth_code": format!("{:06}", seq % 1_000_000),
            }),
        });
    }

    fn render(&self, instrument_key: &str) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("status".into(), json!(self.stage.status()));
        m.insert("created_at".into(), json!(self.created_at));
        if let Some(f) = &self.finished_at {
            m.insert("finished_at".into(), json!(f));
        }
        m.insert(instrument_key.into(), self.instrument.clone());
        m.insert(
            "amount_details".into(),
            json!({"amount": self.amount, "currency": self.currency}),
        );
        if let Some(held) = self.held {
            m.insert(
                "held_amount_details".into(),
                json!({"amount": held, "currency": self.currency}),
            );
        }
        for (k, v) in &self.echo {
            m.insert(k.clone(), v.clone());
        }
        if let Some(r) = &self.recurrent {
            m.insert("recurrent".into(), r.clone());
        }
        if let Some(ci) = &self.customer_interaction {
            m.insert("customer_interaction".into(), ci.clone());
        }
        if !self.refunds.is_empty() {
            let refunds: Vec<Value> = self.refunds.iter().map(render_refund).collect();
            m.insert("refunds".into(), Value::Array(refunds));
        }
        if let Some(t) = &self.transaction_info {
            m.insert("transaction_info".into(), t.clone());
        }
        if let Some(e) = &self.error {
            m.insert("error".into(), e.clone());
        }
        Value::Object(m)
    }
}

fn render_refund(r: &Refund) -> Value {
    let mut v = json!({
        "id": r.id, "status": r.status.as_str(), "created_at": r.at,
        "amount_details": {"amount": r.amount, "currency": r.currency},
        "is_chargeback": r.is_chargeback,
    });
    if let Some(f) = &r.finished_at {
        v["finished_at"] = json!(f);
    }
    if let Some(e) = &r.error {
        v["error"] = e.clone();
    }
    if let Some(m) = &r.metadata {
        v["metadata"] = m.clone();
    }
    v
}

/// A Pike session.
#[derive(Clone, Debug)]
pub struct Session {
    /// `ps_<n>`.
    pub id: String,
    /// Owning project.
    pub project: String,
    /// Current status.
    pub status: SessionStatus,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Data sent to `session/create`, used by the start methods.
    pub prefill: Map<String, Value>,
    /// Payouts (`payout_list`).
    pub payouts: Vec<Operation>,
    /// Acquiring payments (`payment_list`).
    pub payments: Vec<Operation>,
    /// True once a widget public token was issued for it.
    pub has_public_token: bool,
}

impl Session {
    /// Every operation, payouts first.
    pub fn operations_mut(&mut self) -> impl Iterator<Item = &mut Operation> {
        self.payouts.iter_mut().chain(self.payments.iter_mut())
    }

    /// Every operation, payouts first.
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.payouts.iter().chain(self.payments.iter())
    }

    /// What Pike waits for: `confirm`, `capture` or nothing.
    pub fn next_action(&self) -> Option<&'static str> {
        if self.operations().any(|o| o.stage == Stage::AwaitingConfirm) {
            Some("confirm")
        } else if self.operations().any(|o| o.stage == Stage::AwaitingCapture) {
            Some("capture")
        } else {
            None
        }
    }

    /// Recomputes the status from the operations and stamps `updated_at`.
    pub fn settle(&mut self, now: &str) {
        self.updated_at = now.to_owned();
        if self.payouts.is_empty() && self.payments.is_empty() {
            return;
        }
        let refunding = self
            .operations()
            .flat_map(|o| &o.refunds)
            .any(|r| r.status == RefundStatus::InProgress);
        self.status = if refunding || self.operations().any(|o| !o.stage.is_final()) {
            SessionStatus::InProgress
        } else if self.operations().any(|o| o.stage == Stage::Succeeded) {
            SessionStatus::Accepted
        } else {
            SessionStatus::Cancelled
        };
    }

    /// The session object with canonical (v2) names.
    pub fn render(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("status".into(), json!(self.status.as_str()));
        m.insert("created_at".into(), json!(self.created_at));
        m.insert("updated_at".into(), json!(self.updated_at));
        if let Some(next) = self.next_action() {
            m.insert("next_action".into(), json!(next));
        }
        let payouts: Vec<Value> = self
            .payouts
            .iter()
            .map(|o| o.render("payout_details"))
            .collect();
        let payments: Vec<Value> = self
            .payments
            .iter()
            .map(|o| o.render("payment_details"))
            .collect();
        m.insert("payout_list".into(), Value::Array(payouts));
        m.insert("payment_list".into(), Value::Array(payments));
        Value::Object(m)
    }
}

/// One executed money movement.
#[derive(Clone, Debug, Serialize)]
pub struct LedgerEntry {
    /// 1, 2, 3, ... in execution order.
    pub seq: u64,
    /// Project it belongs to.
    pub project: String,
    /// Session it happened in.
    pub session_id: String,
    /// Payout, payment or refund id.
    pub operation_id: String,
    /// `payout`, `payment`, `refund`, `capture` or `chargeback`.
    pub kind: &'static str,
    /// Minor units.
    pub amount: u64,
    /// Lowercase currency.
    pub currency: String,
    /// `succeeded` (or `accepted` for refunds and chargebacks).
    pub status: &'static str,
}

/// A recurring token.
#[derive(Clone, Debug)]
pub struct RecurrentToken {
    /// Owning project.
    pub project: String,
    /// Card number behind it (never printed).
    pub card_number: String,
    /// Issue time.
    pub created_at: String,
    /// Expiry or disable time.
    pub finished_at: String,
    /// False once disabled.
    pub is_active: bool,
}

/// A public token for widgets.
#[derive(Clone, Debug)]
pub struct PublicToken {
    /// Issue time (text).
    pub created_at: String,
    /// Expiry time (text).
    pub finished_at: String,
    /// Expiry instant.
    pub expires: SystemTime,
}

/// Cards the sandbox has seen: widget/element tokens and number hashes.
#[derive(Default)]
pub struct Vault {
    /// Element token -> card number.
    pub tokens: HashMap<String, String>,
    /// Number hash -> card number.
    pub hashes: HashMap<String, String>,
}

/// All mutable sandbox state.
#[derive(Default)]
pub struct State {
    /// Registered projects by name.
    pub projects: HashMap<String, Project>,
    /// Sessions by id.
    pub sessions: HashMap<String, Session>,
    /// Executed money movements.
    pub ledger: Vec<LedgerEntry>,
    /// Card tokens and hashes.
    pub vault: Vault,
    /// Recurring tokens by token.
    pub recurrent: HashMap<String, RecurrentToken>,
    /// Public tokens by token.
    pub public_tokens: HashMap<String, PublicToken>,
    /// Idempotency records.
    pub idempotency: Idempotency,
    /// Pending fault injections.
    pub faults: Faults,
    /// Webhook deliveries.
    pub deliveries: Deliveries,
    /// The last Pike requests of each project.
    pub requests: Requests,
    counter: u64,
}

impl State {
    /// A fresh id with the given prefix, e.g. `ps_7`.
    pub fn next_id(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}_{}", self.counter)
    }

    /// A fresh sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// Appends a ledger entry for a money movement in `session_id` of `project`.
    pub fn record(
        &mut self,
        project: &str,
        session_id: &str,
        op_id: &str,
        kind: &'static str,
        money: (u64, &str),
    ) {
        let seq = self.ledger.len() as u64 + 1;
        self.ledger.push(LedgerEntry {
            seq,
            project: project.to_owned(),
            session_id: session_id.to_owned(),
            operation_id: op_id.to_owned(),
            kind,
            amount: money.0,
            currency: money.1.to_owned(),
            status: if matches!(kind, "refund" | "chargeback") {
                "accepted"
            } else {
                "succeeded"
            },
        });
    }
}
