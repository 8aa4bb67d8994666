//! Per-call options ([`CallOptions`], [`WaitOptions`]) and the one table of their names:
//! a binding hands the caller's options over as one JSON object spelled the language's
//! way, and the core reads, checks and fills in defaults here.

use std::time::Duration;

use serde_json::{Map, Value};

use super::builder::{DEFAULT_SETTINGS, timeout_problem};
use super::wait::WaitUntil;
use super::{idempotency, transport};
use crate::error::{Error, Result};

/// How a language spells option names and counts durations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// snake_case names, durations in seconds (`timeout=1.5`).
    Python,
    /// camelCase names, durations in milliseconds (`timeoutMs: 1500`).
    Node,
}

/// What an option holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// A string.
    Text,
    /// A duration greater than zero and at most [`MAX_TIMEOUT`](super::MAX_TIMEOUT), in
    /// the dialect's unit.
    Duration,
    /// A whole number from 0 to 2^32 - 1.
    Count,
    /// `true` or `false`.
    Flag,
    /// A JSON object.
    Object,
    /// An object of header names to string values.
    Headers,
    /// What `wait` waits for: see [`WaitUntil::from_json`].
    Until,
}

impl OptionKind {
    /// The kind's name as the tables exported to the bindings give it.
    pub fn name(self) -> &'static str {
        match self {
            OptionKind::Text => "text",
            OptionKind::Duration => "duration",
            OptionKind::Count => "count",
            OptionKind::Flag => "flag",
            OptionKind::Object => "object",
            OptionKind::Headers => "headers",
            OptionKind::Until => "until",
        }
    }
}

/// One option of a call: its name in each language and what it holds.
#[derive(Clone, Copy, Debug)]
pub struct OptionSpec {
    /// Name in Rust and Python (snake_case).
    pub python: &'static str,
    /// Name in Node (camelCase).
    pub node: &'static str,
    /// What it holds.
    pub kind: OptionKind,
    /// One line: what it does.
    pub summary: &'static str,
}

impl OptionSpec {
    /// The name as `dialect` spells it.
    pub fn name(&self, dialect: Dialect) -> &'static str {
        match dialect {
            Dialect::Python => self.python,
            Dialect::Node => self.node,
        }
    }
}

const fn spec(
    python: &'static str,
    node: &'static str,
    kind: OptionKind,
    summary: &'static str,
) -> OptionSpec {
    OptionSpec {
        python,
        node,
        kind,
        summary,
    }
}

/// Every option of a Pike method call, in the order [`CallOptions`] has them.
pub const CALL_OPTIONS: &[OptionSpec] = &[
    spec(
        "idempotency_key",
        "idempotencyKey",
        OptionKind::Text,
        "idempotency key (4-64 visible ASCII characters); generated for calls that move money",
    ),
    spec(
        "timeout",
        "timeoutMs",
        OptionKind::Duration,
        "total deadline of this call, every attempt and wait included",
    ),
    spec(
        "max_retries",
        "maxRetries",
        OptionKind::Count,
        "retries after the first attempt (0 means exactly one attempt)",
    ),
    spec(
        "validate",
        "validate",
        OptionKind::Flag,
        "false sends the body without checking it (the raw path)",
    ),
    spec(
        "extra_body",
        "extraBody",
        OptionKind::Object,
        "fields added to the top level of the body",
    ),
    spec(
        "submerchant",
        "submerchant",
        OptionKind::Text,
        "X-PARTNER-SUBMERCHANT of this call, in place of the client's",
    ),
    spec(
        "extra_headers",
        "headers",
        OptionKind::Headers,
        "more headers for this call (not Pike's own X-PARTNER-* or content headers)",
    ),
];

/// Every option of `wait`.
pub const WAIT_OPTIONS: &[OptionSpec] = &[
    spec(
        "until",
        "until",
        OptionKind::Until,
        "what to wait for: 'final' (default), 'next_action', a status or a list of statuses",
    ),
    spec(
        "timeout",
        "timeoutMs",
        OptionKind::Duration,
        "how long to poll before failing with OutcomeUnknown",
    ),
];

/// Per-call settings; every field falls back to the client's.
#[derive(Clone, Default, Debug)]
pub struct CallOptions {
    /// Idempotency key (4–64 visible ASCII characters); generated when absent for calls
    /// that create or move money.
    pub idempotency_key: Option<String>,
    /// Total deadline of this call, every attempt and wait included.
    pub timeout: Option<Duration>,
    /// Retries after the first attempt (0 means exactly one attempt).
    pub max_retries: Option<u32>,
    /// Send the body without validating it (the raw call path); it is still renamed,
    /// signed and retried the same way.
    pub skip_validation: bool,
    /// Fields added to the top level of the body (they replace fields of the same
    /// name), for fields this version does not know yet.
    pub extra_body: Map<String, Value>,
    /// `X-PARTNER-SUBMERCHANT` for this call, in place of the client's.
    pub submerchant: Option<String>,
    /// More headers for this call. Pike's own headers (`X-PARTNER-*`) and the content
    /// headers are set by the client and cannot be given here.
    pub headers: Vec<(String, String)>,
}

impl CallOptions {
    /// Reads a call's options from one JSON object spelled as `dialect` spells them
    /// (`null` or an absent option means the client's setting). A wrong option is an
    /// `InvalidRequest` error naming it as the caller wrote it, carrying the caller's key.
    pub fn from_json(options: &Value, dialect: Dialect) -> Result<CallOptions> {
        let given = Given::read(options, CALL_OPTIONS, dialect)?;
        let key = given.text(&CALL_OPTIONS[0])?;
        let read = || -> Result<CallOptions> {
            if let Some(key) = &key {
                idempotency::validate_named(key, CALL_OPTIONS[0].name(dialect))?;
            }
            let opts = CallOptions {
                idempotency_key: key.clone(),
                timeout: given.duration(&CALL_OPTIONS[1])?,
                max_retries: given.count(&CALL_OPTIONS[2])?,
                skip_validation: given.flag(&CALL_OPTIONS[3])? == Some(false),
                extra_body: given.object(&CALL_OPTIONS[4])?.unwrap_or_default(),
                submerchant: given.text(&CALL_OPTIONS[5])?,
                headers: given.headers(&CALL_OPTIONS[6])?,
            };
            // The same rules the call applies, here where the caller's spelling is known.
            transport::call_headers_named(
                &opts,
                CALL_OPTIONS[5].name(dialect),
                CALL_OPTIONS[6].name(dialect),
            )?;
            Ok(opts)
        };
        read().map_err(|e| e.with_idempotency_key(key.clone()))
    }
}

/// The settings of one `wait`, defaults filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitOptions {
    /// What to wait for (default [`WaitUntil::Final`]).
    pub until: WaitUntil,
    /// How long to poll (default [`DEFAULT_WAIT_TIMEOUT`](super::DEFAULT_WAIT_TIMEOUT)).
    pub timeout: Duration,
}

impl WaitOptions {
    /// Reads `wait`'s options from one JSON object spelled as `dialect` spells them.
    /// A binding that took a function as `until` leaves `until` out and sets
    /// [`WaitUntil::Check`] afterwards.
    pub fn from_json(options: &Value, dialect: Dialect) -> Result<WaitOptions> {
        let given = Given::read(options, WAIT_OPTIONS, dialect)?;
        let until = match given.get(&WAIT_OPTIONS[0]) {
            None => WaitUntil::Final,
            Some(value) => WaitUntil::from_json(value)?,
        };
        Ok(WaitOptions {
            until,
            timeout: given
                .duration(&WAIT_OPTIONS[1])?
                .unwrap_or(DEFAULT_SETTINGS.wait_timeout),
        })
    }
}

/// The options given, checked against a table: no unknown name, `null` as absent.
struct Given<'a> {
    map: Option<&'a Map<String, Value>>,
    dialect: Dialect,
}

impl<'a> Given<'a> {
    fn read(options: &'a Value, table: &[OptionSpec], dialect: Dialect) -> Result<Self> {
        let map = match options {
            Value::Null => None,
            Value::Object(map) => Some(map),
            _ => return Err(Error::invalid_field("options", "must be an object")),
        };
        for name in map.into_iter().flat_map(|m| m.keys()) {
            if !table.iter().any(|s| s.name(dialect) == name) {
                let known: Vec<&str> = table.iter().map(|s| s.name(dialect)).collect();
                return Err(Error::invalid_field(
                    name.as_str(),
                    format!("is not an option (known: {})", known.join(", ")),
                ));
            }
        }
        Ok(Given { map, dialect })
    }

    fn get(&self, spec: &OptionSpec) -> Option<&'a Value> {
        self.map
            .and_then(|m| m.get(spec.name(self.dialect)))
            .filter(|v| !v.is_null())
    }

    fn wrong(&self, spec: &OptionSpec, wanted: impl std::fmt::Display) -> Error {
        Error::invalid_field(spec.name(self.dialect), format!("must be {wanted}"))
    }

    fn text(&self, spec: &OptionSpec) -> Result<Option<String>> {
        self.get(spec)
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| self.wrong(spec, "a string"))
            })
            .transpose()
    }

    fn flag(&self, spec: &OptionSpec) -> Result<Option<bool>> {
        self.get(spec)
            .map(|v| v.as_bool().ok_or_else(|| self.wrong(spec, "true or false")))
            .transpose()
    }

    fn object(&self, spec: &OptionSpec) -> Result<Option<Map<String, Value>>> {
        self.get(spec)
            .map(|v| {
                v.as_object()
                    .cloned()
                    .ok_or_else(|| self.wrong(spec, "an object"))
            })
            .transpose()
    }

    fn count(&self, spec: &OptionSpec) -> Result<Option<u32>> {
        self.get(spec)
            .map(|v| {
                v.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| {
                        self.wrong(spec, format!("a whole number from 0 to {}", u32::MAX))
                    })
            })
            .transpose()
    }

    fn duration(&self, spec: &OptionSpec) -> Result<Option<Duration>> {
        let Some(value) = self.get(spec) else {
            return Ok(None);
        };
        let (unit, per_second) = match self.dialect {
            Dialect::Python => ("seconds", 1.0),
            Dialect::Node => ("milliseconds", 1000.0),
        };
        let number = value
            .as_f64()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .ok_or_else(|| self.wrong(spec, format!("a finite number of {unit} >= 0")))?;
        // Too large for a Duration is too long: the rule says so.
        let duration = Duration::try_from_secs_f64(number / per_second).unwrap_or(Duration::MAX);
        match timeout_problem(duration) {
            Some(problem) => Err(Error::invalid_field(spec.name(self.dialect), problem)),
            None => Ok(Some(duration)),
        }
    }

    fn headers(&self, spec: &OptionSpec) -> Result<Vec<(String, String)>> {
        let Some(map) = self.object(spec)? else {
            return Ok(Vec::new());
        };
        let mut headers = Vec::with_capacity(map.len());
        for (name, value) in map {
            let value = value.as_str().ok_or_else(|| {
                Error::invalid_field(
                    format!("{}.{name}", spec.name(self.dialect)),
                    "must be a string",
                )
            })?;
            headers.push((name, value.to_owned()));
        }
        headers.sort();
        Ok(headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn options_are_read_as_each_language_spells_them() {
        let py = CallOptions::from_json(
            &json!({"timeout": 1.5, "max_retries": 0, "extra_headers": {"X-A": "1"}}),
            Dialect::Python,
        )
        .unwrap();
        assert_eq!(py.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(py.max_retries, Some(0));
        assert_eq!(py.headers, vec![("X-A".to_owned(), "1".to_owned())]);
        let node = CallOptions::from_json(&json!({"timeoutMs": 1500}), Dialect::Node).unwrap();
        assert_eq!(node.timeout, Some(Duration::from_millis(1500)));
        let e = CallOptions::from_json(&json!({"timeout": 1}), Dialect::Node).unwrap_err();
        assert_eq!(e.field(), Some("timeout"));
    }
}
