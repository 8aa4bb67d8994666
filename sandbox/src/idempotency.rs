//! `X-PARTNER-IDEMPOTENCY-KEY`: same key + same body replays the first answer, same key +
//! other body is `idempotency_key_params_mismatch`, same key while the first request is
//! still running is `idempotency_key_already_exists`; keys expire after 24 h of sandbox time.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use aws_lc_rs::digest::{SHA256, digest};
use pikepay::Endpoint;
use serde_json::Value;

/// How long a key is remembered, in sandbox time.
pub const KEY_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// Shortest accepted key.
pub const MIN_KEY_LEN: usize = 4;
/// Longest accepted key.
pub const MAX_KEY_LEN: usize = 64;
/// Records kept before expired ones are swept.
const SWEEP_ABOVE: usize = 4096;

/// A finished answer, replayed byte for byte.
#[derive(Clone, Debug)]
pub struct Stored {
    /// HTTP status.
    pub status: u16,
    /// Exact body bytes.
    pub body: Vec<u8>,
}

struct Record {
    endpoint: Endpoint,
    fingerprint: [u8; 32],
    created: SystemTime,
    answer: Option<Stored>,
}

/// What to do with a request that carries a key.
#[derive(Debug)]
pub enum Begin {
    /// First use (or expired): process it; the key is now in flight.
    Fresh,
    /// Seen with the same body: send this answer again.
    Replay(Stored),
    /// The first request with this key has not finished.
    InFlight,
    /// The key was used with another body or method.
    Mismatch,
}

/// Idempotency records keyed by (project, key).
#[derive(Default)]
pub struct Idempotency {
    records: HashMap<(String, String), Record>,
}

/// A digest of the body that ignores key order.
pub fn fingerprint(body: &Value) -> [u8; 32] {
    let mut out = [0u8; 32];
    let bytes = serde_json::to_vec(&sorted(body)).unwrap_or_default();
    out.copy_from_slice(digest(&SHA256, &bytes).as_ref());
    out
}

fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&m[k])))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

impl Idempotency {
    /// Looks the key up and, when fresh, marks it in flight.
    pub fn begin(
        &mut self,
        project: &str,
        key: &str,
        endpoint: Endpoint,
        fingerprint: [u8; 32],
        now: SystemTime,
    ) -> Begin {
        if self.records.len() > SWEEP_ABOVE {
            self.records.retain(|_, r| !expired(r, now));
        }
        let id = (project.to_owned(), key.to_owned());
        if let Some(r) = self.records.get(&id).filter(|r| !expired(r, now)) {
            if r.endpoint != endpoint || r.fingerprint != fingerprint {
                return Begin::Mismatch;
            }
            return match &r.answer {
                Some(stored) => Begin::Replay(stored.clone()),
                None => Begin::InFlight,
            };
        }
        self.records.insert(
            id,
            Record {
                endpoint,
                fingerprint,
                created: now,
                answer: None,
            },
        );
        Begin::Fresh
    }

    /// Stores the answer of the request that holds the key.
    pub fn complete(&mut self, project: &str, key: &str, answer: Stored) {
        if let Some(r) = self.records.get_mut(&(project.to_owned(), key.to_owned())) {
            r.answer = Some(answer);
        }
    }

    /// Forgets a key whose request ended without an answer (timed out or dropped).
    pub fn abandon(&mut self, project: &str, key: &str) {
        let id = (project.to_owned(), key.to_owned());
        if self.records.get(&id).is_some_and(|r| r.answer.is_none()) {
            self.records.remove(&id);
        }
    }
}

fn expired(r: &Record, now: SystemTime) -> bool {
    now.duration_since(r.created)
        .is_ok_and(|age| age >= KEY_LIFETIME)
}

/// Checks the header value: 4 to 64 characters.
pub fn check_key(key: &str) -> Result<(), String> {
    let n = key.chars().count();
    if (MIN_KEY_LEN..=MAX_KEY_LEN).contains(&n) {
        Ok(())
    } else {
        Err(format!(
            "X-PARTNER-IDEMPOTENCY-KEY must be {MIN_KEY_LEN} to {MAX_KEY_LEN} characters, got {n}"
        ))
    }
}
