//! `Secret`: a string that never shows in `Debug` (card numbers, codes, tokens, hashes).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::redact::REDACTED;

/// A secret string: a card number, security code, token or hash. Serializes as the
/// plain string (it must reach Pike), but `Debug` prints only `[redacted]`.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; take care where it goes.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A secret is a string on the wire; `x-secret` marks it for the generated bindings.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Secret {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "x-secret": true})
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}
