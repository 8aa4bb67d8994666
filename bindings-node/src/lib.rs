//! The `pikepay` Node addon: a thin bridge from JS to the core crate.
//!
//! It converts values, bridges the async runtime and maps errors; everything else
//! (signing, retries, idempotency, validation, v1/v2 names) happens in `pikepay`.
//! The JS layer in `index.js` builds the public API on top of these exports.

// napi registers the exports only in the addon build, so a `cfg(test)` build (clippy
// --all-targets) sees them as unused.
#![cfg_attr(test, allow(dead_code))]

mod boundary;
mod client;
mod convert;
mod errors;
mod models;
mod observe;
mod redact;
mod settle;
mod signing;
#[cfg(feature = "test-panic")]
mod test_panic;
mod testing;
mod webhook;
