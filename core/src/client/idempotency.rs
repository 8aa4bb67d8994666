//! Idempotency keys: the caller's (validated) or one generated per logical call, and
//! the per-client memory of methods Pike answered `idempotency_key_not_supported` for.

use std::collections::HashSet;
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Shortest key Pike accepts.
pub const MIN_KEY_LEN: usize = 4;
/// Longest key Pike accepts.
pub const MAX_KEY_LEN: usize = 64;

/// A fresh random key (a UUID v4, 36 characters).
pub fn generate() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Checks a caller's key: 4–64 visible ASCII characters (it travels in a header).
pub fn validate(key: &str) -> Result<()> {
    validate_named(key, "idempotency_key")
}

/// [`validate`], naming the option `field` as the caller spelled it.
pub(crate) fn validate_named(key: &str, field: &str) -> Result<()> {
    let len = key.chars().count();
    if !(MIN_KEY_LEN..=MAX_KEY_LEN).contains(&len) {
        return Err(Error::invalid_field(
            field,
            format!("must be {MIN_KEY_LEN} to {MAX_KEY_LEN} characters, got {len}"),
        ));
    }
    if !key.chars().all(|c| c.is_ascii_graphic()) {
        return Err(Error::invalid_field(
            field,
            "must hold only visible ASCII characters (no spaces or control characters)",
        ));
    }
    Ok(())
}

/// Method paths (e.g. `session/confirm`) for which Pike refused idempotency keys;
/// those are sent without a key from then on.
#[derive(Debug, Default)]
pub struct Unsupported(Mutex<HashSet<String>>);

impl Unsupported {
    /// Remembers that `path` takes no key.
    pub fn remember(&self, path: &str) {
        if let Ok(mut set) = self.0.lock() {
            set.insert(path.to_owned());
        }
    }

    /// True when Pike refused a key for `path` before.
    pub fn contains(&self, path: &str) -> bool {
        self.0.lock().map(|set| set.contains(path)).unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_valid_and_distinct() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert!(validate(&a).is_ok());
    }

    #[test]
    fn caller_keys_are_checked() {
        assert!(validate("abcd").is_ok());
        assert!(validate(&"k".repeat(64)).is_ok());
        let short = validate("abc").unwrap_err();
        assert_eq!(short.field(), Some("idempotency_key"));
        assert!(validate(&"k".repeat(65)).is_err());
        assert!(validate("has space").is_err());
        assert!(validate("line\nbreak").is_err());
    }

    #[test]
    fn unsupported_is_remembered_per_path() {
        let u = Unsupported::default();
        assert!(!u.contains("session/confirm"));
        u.remember("session/confirm");
        assert!(u.contains("session/confirm"));
        assert!(!u.contains("session/cancel"));
    }
}
