//! `pikepay._native`: the compiled half of the Python package.
//!
//! It only converts values, bridges the async runtime and maps errors; every behaviour
//! (signing, webhooks, retries, idempotency, validation, v1/v2 names) lives in the core.

mod client;
mod convert;
mod errors;
mod observe;
mod redact;
mod runtime;
mod signing;
mod testing;
mod webhook;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    observe::register(m)?;
    m.add("DEMO_URL", pikepay::client::DEMO_URL)?;
    m.add("LIVE_URL", pikepay::client::LIVE_URL)?;
    m.add("SIGNATURE_HEADER", pikepay::client::HEADER_SIGN)?;
    m.add(
        "DEFAULTS",
        convert::Json(pikepay::client::DEFAULT_SETTINGS.to_json()),
    )?;
    // The crate version is the wheel's version: maturin takes it from Cargo.toml.
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::Client>()?;
    m.add_function(wrap_pyfunction!(signing::sign, m)?)?;
    m.add_function(wrap_pyfunction!(signing::verify, m)?)?;
    m.add_function(wrap_pyfunction!(signing::clear_key_cache, m)?)?;
    m.add_class::<webhook::Webhook>()?;
    m.add_function(wrap_pyfunction!(redact::redact, m)?)?;
    m.add_function(wrap_pyfunction!(redact::classify_key, m)?)?;
    // Runs before the interpreter finalizes, after the handlers registered later.
    let shutdown = wrap_pyfunction!(runtime::shutdown_at_exit, m)?;
    m.py()
        .import("atexit")?
        .call_method1("register", (shutdown,))?;
    m.add_function(wrap_pyfunction!(testing::generate_key_pair, m)?)?;
    m.add_function(wrap_pyfunction!(testing::sign_event, m)?)?;
    m.add_function(wrap_pyfunction!(testing::webhook_dedupe_key, m)?)?;
    Ok(())
}
