//! Injected faults: the next N Pike requests matching a method path fail on purpose.

use std::time::Duration;

use serde::Deserialize;

/// Longest injectable delay.
pub const MAX_DELAY: Duration = Duration::from_secs(60);
/// Most faults waiting at once.
const MAX_FAULTS: usize = 1000;

/// What happens to a matching request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultMode {
    /// Answer this HTTP status (500, 502, 503, ...) with an error envelope, without processing.
    Status(u16),
    /// Answer 429 with `Retry-After: secs`, without processing.
    RetryAfter(u64),
    /// Process normally but answer late.
    Delay(Duration),
    /// Close the connection without processing or answering.
    DropBefore,
    /// Process and commit, then close the connection without answering.
    DropAfter,
}

/// Body of `POST /_sandbox/faults`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    /// Method path, e.g. `session/init/payout`, or `*` for every method.
    pub path: String,
    /// How many requests get it.
    pub count: u32,
    /// `status`, `retry_after`, `delay`, `drop_before` or `drop_after`.
    pub mode: String,
    /// HTTP status for `status` (default 500).
    pub status: Option<u16>,
    /// Seconds for `retry_after` (default 1).
    pub retry_after_s: Option<u64>,
    /// Milliseconds for `delay`.
    pub delay_ms: Option<u64>,
}

impl FaultRequest {
    /// The mode, or a description of what is wrong.
    pub fn mode(&self) -> Result<FaultMode, String> {
        match self.mode.as_str() {
            "status" => {
                let s = self.status.unwrap_or(500);
                if (400..=599).contains(&s) {
                    Ok(FaultMode::Status(s))
                } else {
                    Err("status.invalid: must be 400 to 599".into())
                }
            }
            "retry_after" => Ok(FaultMode::RetryAfter(self.retry_after_s.unwrap_or(1))),
            "delay" => {
                let d = Duration::from_millis(self.delay_ms.ok_or("delay_ms.required")?);
                if d > MAX_DELAY {
                    return Err("delay_ms.too_large: at most 60000".into());
                }
                Ok(FaultMode::Delay(d))
            }
            "drop_before" => Ok(FaultMode::DropBefore),
            "drop_after" => Ok(FaultMode::DropAfter),
            _ => Err(
                "mode.invalid: one of status, retry_after, delay, drop_before, drop_after".into(),
            ),
        }
    }
}

struct Fault {
    path: String,
    remaining: u32,
    mode: FaultMode,
}

/// Faults waiting for matching requests, oldest first.
#[derive(Default)]
pub struct Faults {
    list: Vec<Fault>,
}

impl Faults {
    /// Queues a fault; false when too many are waiting.
    pub fn add(&mut self, path: &str, count: u32, mode: FaultMode) -> bool {
        if self.list.len() >= MAX_FAULTS {
            return false;
        }
        if count > 0 {
            self.list.push(Fault {
                path: path.trim_matches('/').to_owned(),
                remaining: count,
                mode,
            });
        }
        true
    }

    /// Takes one use of the first fault matching `path`.
    pub fn take(&mut self, path: &str) -> Option<FaultMode> {
        let idx = self
            .list
            .iter()
            .position(|f| f.path == path || f.path == "*")?;
        let fault = &mut self.list[idx];
        fault.remaining -= 1;
        let mode = fault.mode.clone();
        if fault.remaining == 0 {
            self.list.remove(idx);
        }
        Some(mode)
    }

    /// Removes every waiting fault.
    pub fn clear(&mut self) {
        self.list.clear();
    }
}
