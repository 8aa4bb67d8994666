//! pikepay-sandbox: a stateful local Pike emulator that signs its webhooks.
//!
//! ```no_run
//! use pikepay_sandbox::{ProjectConfig, Sandbox, SandboxConfig};
//! # fn main() -> pikepay::Result<()> {
//! # let merchant_public_pem = String::new();
//! let sandbox = Sandbox::start(
//!     SandboxConfig::default()
//!         .project(ProjectConfig::new("shop", merchant_public_pem))
//!         .webhook_retry_ms(&[50, 100, 200]),
//! )?;
//! println!("{}", sandbox.base_url());
//! # Ok(()) }
//! ```
//!
//! The test data (cards, phones) is in [`testdata`]; the HTTP control API and the CLI
//! are described in sandbox/README.md.

#![warn(missing_docs)]

pub mod config;
pub mod keys;

mod app;
mod auth;
mod chaos;
mod clock;
mod control;
mod deliveries;
mod faults;
mod flows;
mod idempotency;
mod pike;
mod reply;
mod requests;
mod server;
mod state;
mod strict;
mod validation;
mod webhooks;

pub use config::{Money, ProjectConfig, SandboxConfig};
pub use server::{RunningSandbox, Sandbox};

/// Card numbers and phones with deterministic outcomes.
pub mod testdata {
    pub use crate::flows::testdata::*;
}
