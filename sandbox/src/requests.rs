//! The last Pike requests each project sent: method, path, the headers that matter and
//! whether the signature verified — never bodies or the signature itself. Served by
//! `GET /_sandbox/requests?project=NAME` so tests can check what a client really sends.

use std::collections::{HashMap, VecDeque};

use axum::http::{HeaderMap, Method};
use serde::Serialize;

/// Requests kept per project (older ones are forgotten).
pub const PER_PROJECT: usize = 200;
/// Longest header value kept, in characters.
const MAX_VALUE_CHARS: usize = 256;

/// What became of `X-PARTNER-SIGN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signature {
    /// Not checked: the project was unknown, the body unreadable, or a fault answered first.
    Unchecked,
    /// The header was absent.
    Missing,
    /// Present but it does not verify over the body with the project's key.
    Invalid,
    /// Verifies over the raw body with the project's key.
    Verified,
}

/// One received request, as listed by the control API.
#[derive(Clone, Debug, Serialize)]
pub struct Seen {
    /// Order among all recorded requests.
    pub seq: u64,
    /// Sandbox time it arrived.
    pub at: String,
    /// `GET` or `POST`.
    pub method: String,
    /// The URL path, e.g. `/api/v2/session/init/payout`.
    pub path: String,
    /// `X-PARTNER-PROJECT`.
    pub project: String,
    /// `User-Agent`.
    pub user_agent: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `X-PARTNER-SUBMERCHANT`.
    pub submerchant: Option<String>,
    /// `X-PARTNER-IDEMPOTENCY-KEY`.
    pub idempotency_key: Option<String>,
    /// Whether `X-PARTNER-SIGN` verified.
    pub signature: Signature,
}

impl Seen {
    /// The record of a request to `path` by `project` (its `X-PARTNER-PROJECT`), not yet
    /// numbered; the signature is unchecked until [`Seen::signature`] says otherwise.
    pub fn new(method: &Method, path: &str, project: &str, headers: &HeaderMap) -> Seen {
        let value = |name: &str| {
            headers.get(name).map(|v| {
                String::from_utf8_lossy(v.as_bytes())
                    .chars()
                    .take(MAX_VALUE_CHARS)
                    .collect()
            })
        };
        Seen {
            seq: 0,
            at: String::new(),
            method: method.as_str().to_owned(),
            path: path.chars().take(MAX_VALUE_CHARS).collect(),
            project: project.to_owned(),
            user_agent: value("user-agent"),
            content_type: value("content-type"),
            submerchant: value("x-partner-submerchant"),
            idempotency_key: value("x-partner-idempotency-key"),
            signature: Signature::Unchecked,
        }
    }

    /// The same record with the signature outcome.
    pub fn signature(mut self, signature: Signature) -> Seen {
        self.signature = signature;
        self
    }
}

/// The per-project logs.
#[derive(Debug, Default)]
pub struct Requests {
    by_project: HashMap<String, VecDeque<Seen>>,
    next: u64,
}

impl Requests {
    /// Keeps `seen`, received at sandbox time `at`, dropping its project's oldest beyond
    /// [`PER_PROJECT`].
    pub fn record(&mut self, mut seen: Seen, at: String) {
        self.next += 1;
        seen.seq = self.next;
        seen.at = at;
        let log = self.by_project.entry(seen.project.clone()).or_default();
        log.push_back(seen);
        while log.len() > PER_PROJECT {
            log.pop_front();
        }
    }

    /// The kept requests of `project` (or of every project), oldest first.
    pub fn list(&self, project: Option<&str>) -> Vec<&Seen> {
        let mut list: Vec<&Seen> = match project {
            Some(p) => self.by_project.get(p).into_iter().flatten().collect(),
            None => self.by_project.values().flatten().collect(),
        };
        list.sort_by_key(|s| s.seq);
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_requests_per_project() {
        let mut log = Requests::default();
        let headers = HeaderMap::new();
        for _ in 0..PER_PROJECT + 5 {
            log.record(
                Seen::new(&Method::POST, "/api/v2/session/status", "a", &headers),
                "t".into(),
            );
        }
        log.record(
            Seen::new(&Method::GET, "/api/v1/fps/banks", "b", &headers),
            "t".into(),
        );
        let a = log.list(Some("a"));
        assert_eq!(a.len(), PER_PROJECT);
        assert_eq!(a[0].seq, 6);
        assert_eq!(log.list(Some("b")).len(), 1);
        assert_eq!(log.list(None).len(), PER_PROJECT + 1);
        assert!(log.list(Some("c")).is_empty());
    }
}
