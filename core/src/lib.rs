//! pikepay: the Pike payments API for Rust.
//!
//! Request signing and webhook verification ([`signing`], [`webhook`]), the API's
//! models ([`models`]) with v1/v2 renaming at the edge ([`wire`]), one error type
//! ([`error`]), the endpoint table ([`endpoint`]), one redaction rule for secrets
//! ([`redact`]) and the async HTTP [`client`]; [`testing`] signs webhooks as Pike does,
//! for your handlers' tests.

pub mod client;
pub mod endpoint;
pub mod error;
pub mod models;
pub mod number;
pub mod redact;
pub mod signing;
pub mod testing;
pub mod webhook;
pub mod wire;

pub use client::{CallOptions, Client, ClientBuilder, Reply, WaitUntil};
pub use endpoint::{ApiVersion, Endpoint, HttpMethod};
pub use error::{Error, ErrorKind, Result};
pub use signing::{PrivateKey, PublicKey};
pub use webhook::{Event, EventType, Webhook};
