//! The Pike API's objects as serde types (canonical v2 names), and client-side
//! validation of request bodies.

mod validate;

pub use validate::validate_request;
