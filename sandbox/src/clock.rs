//! Sandbox time: the wall clock plus an offset that `POST /_sandbox/time/advance` grows.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use time::OffsetDateTime;
use time::macros::format_description;

/// The sandbox's clock; shared by everything that stamps, expires or schedules things.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicU64,
    advanced: tokio::sync::Notify,
}

impl Clock {
    /// The current sandbox time.
    pub fn now(&self) -> SystemTime {
        SystemTime::now() + Duration::from_secs(self.offset_secs.load(Ordering::Relaxed))
    }

    /// Moves sandbox time forward by `seconds` (saturating).
    pub fn advance(&self, seconds: u64) {
        let _ = self
            .offset_secs
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_add(seconds).min(100 * 365 * 24 * 3600))
            });
        self.advanced.notify_waiters();
    }

    /// Waits until sandbox time reaches `due`: real time passing or time advanced.
    pub async fn sleep_until(&self, due: SystemTime) {
        loop {
            let advanced = self.advanced.notified();
            tokio::pin!(advanced);
            advanced.as_mut().enable();
            let left = match due.duration_since(self.now()) {
                Ok(left) if !left.is_zero() => left,
                _ => return,
            };
            tokio::select! {
                _ = tokio::time::sleep(left) => {}
                _ = advanced => {}
            }
        }
    }

    /// The current sandbox time as Pike prints it.
    pub fn stamp(&self) -> String {
        format_time(self.now())
    }
}

/// `2024-05-27T02:03:00.000000Z` (UTC, microseconds).
pub fn format_time(t: SystemTime) -> String {
    let fmt =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");
    OffsetDateTime::from(t)
        .format(fmt)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000000Z".to_owned())
}
