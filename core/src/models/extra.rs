//! `Extra`: the fields of an object that this version does not model, kept as sent.

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::redact::redact_json;

/// Unknown fields of an object, kept in order and serialized back unchanged.
/// `Debug` applies [`redact_json`], so an unknown secret field never prints.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Extra(pub Map<String, Value>);

impl Deref for Extra {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", redact_json(&Value::Object(self.0.clone())))
    }
}

/// Unknown fields are allowed on every object: flattened into it, `Extra` adds
/// `additionalProperties: true`.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Extra {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Extra".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "object", "additionalProperties": true})
    }
}

/// Reads `metadata` (any JSON) so that an explicit `null` stays `Some(Value::Null)`
/// and serializes back as `null`; an absent field stays `None`.
pub(crate) fn any_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}
