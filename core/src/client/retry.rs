//! Retry policy: how many times, how long to wait (exponential backoff with full
//! jitter, or the server's `Retry-After`) and whether the total deadline allows it.

use std::time::Duration;

use rand::Rng;

use crate::error::{Error, IDEMPOTENCY_KEY_ALREADY_EXISTS, IDEMPOTENCY_KEY_NOT_SUPPORTED};

/// What a failed attempt allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// A definitive answer: give up.
    Stop,
    /// The request provably never left (connect refused, DNS, TLS): always safe to resend.
    RetryAlways,
    /// 429, 500/502/503/504, reset or timeout: worth another attempt, but only safe
    /// with an idempotency key.
    RetryIfKeyed,
    /// `idempotency_key_already_exists`: the first request with this key still runs;
    /// wait, then ask again (bounded by the deadline, not by the retry count).
    StillRunning,
    /// `idempotency_key_not_supported`: the request was refused for its key; send it
    /// again without one.
    DropKey,
}

/// What an error answer with HTTP `status` allows.
pub fn classify(e: &Error, status: u16, keyed: bool) -> Next {
    match e.pike_code() {
        Some(IDEMPOTENCY_KEY_NOT_SUPPORTED) if keyed => Next::DropKey,
        Some(IDEMPOTENCY_KEY_ALREADY_EXISTS) if keyed => Next::StillRunning,
        _ if retryable_status(status) => Next::RetryIfKeyed,
        _ => Next::Stop,
    }
}

/// `Ok` when another attempt may be made, else why not. `maybe_processed` is true when
/// an earlier attempt with the key was sent and its answer lost; `retries` counts the
/// retries made so far. The deadline is checked separately, with the wait.
pub fn may_retry(
    next: Next,
    keyed: bool,
    maybe_processed: bool,
    retries: u32,
    max_retries: u32,
) -> Result<(), &'static str> {
    let safe = match next {
        Next::Stop => return Err("the answer is final"),
        Next::RetryAlways | Next::StillRunning => true,
        Next::RetryIfKeyed => keyed,
        // Dropping the key is only safe if no keyed attempt may have been processed.
        Next::DropKey => !maybe_processed,
    };
    if !safe {
        return Err("it is not safe to send again");
    }
    let left = match next {
        Next::StillRunning => max_retries > 0,
        _ => retries < max_retries,
    };
    if !left {
        return Err("no retries left");
    }
    Ok(())
}

/// Backoff settings of a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// Upper bound of the first wait.
    pub initial: Duration,
    /// Upper bound of any single wait.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial: Duration::from_millis(250),
            max: Duration::from_secs(8),
        }
    }
}

impl Backoff {
    /// The ceiling before the `retry`-th retry (0-based): `initial * 2^retry`, at most `max`.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(30)).unwrap_or(u32::MAX);
        self.initial.saturating_mul(factor).min(self.max)
    }

    /// A wait drawn uniformly from `0..=ceiling(retry)` ("full jitter").
    pub fn delay(&self, retry: u32) -> Duration {
        let ceiling = self.ceiling(retry).as_millis();
        let ceiling = u64::try_from(ceiling).unwrap_or(u64::MAX);
        Duration::from_millis(rand::rng().random_range(0..=ceiling))
    }
}

/// Longest `Retry-After` taken into account.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// Reads a `Retry-After` header: seconds, or an HTTP date (the wait until then).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    let wait = match value.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs >= 0.0 => {
            Duration::from_secs_f64(secs.min(MAX_RETRY_AFTER.as_secs_f64()))
        }
        Ok(_) => return None,
        Err(_) => {
            let at = httpdate::parse_http_date(value).ok()?;
            at.duration_since(std::time::SystemTime::now())
                .unwrap_or(Duration::ZERO)
        }
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

/// Whether an HTTP status is worth another attempt (when it is safe to send again).
pub fn retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_up_to_max() {
        let b = Backoff {
            initial: Duration::from_millis(100),
            max: Duration::from_millis(500),
        };
        assert_eq!(b.ceiling(0), Duration::from_millis(100));
        assert_eq!(b.ceiling(1), Duration::from_millis(200));
        assert_eq!(b.ceiling(2), Duration::from_millis(400));
        assert_eq!(b.ceiling(3), Duration::from_millis(500));
        assert_eq!(b.ceiling(200), Duration::from_millis(500));
        for retry in 0..10 {
            assert!(b.delay(retry) <= b.ceiling(retry));
        }
    }

    #[test]
    fn retry_after_in_seconds() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        let later =
            httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(120));
        let wait = parse_retry_after(&later).unwrap();
        assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120));
        assert_eq!(parse_retry_after("-1"), None);
    }

    #[test]
    fn answers_are_classified() {
        let pike = |code: &str| Error::from_pike(code, "", Some(200));
        let not_supported = pike(IDEMPOTENCY_KEY_NOT_SUPPORTED);
        assert_eq!(classify(&not_supported, 400, true), Next::DropKey);
        assert_eq!(classify(&not_supported, 400, false), Next::Stop);
        let running = pike(IDEMPOTENCY_KEY_ALREADY_EXISTS);
        assert_eq!(classify(&running, 409, true), Next::StillRunning);
        assert_eq!(classify(&pike("invalid_request"), 400, true), Next::Stop);
        let busy = Error::from_response(503, b"busy").unwrap();
        assert_eq!(classify(&busy, 503, false), Next::RetryIfKeyed);
    }

    #[test]
    fn retry_table() {
        // Unsent requests: always, within the count; max_retries = 0 means one attempt.
        assert!(may_retry(Next::RetryAlways, false, false, 0, 2).is_ok());
        assert!(may_retry(Next::RetryAlways, false, false, 2, 2).is_err());
        assert!(may_retry(Next::RetryAlways, true, false, 0, 0).is_err());
        // Sent requests: only with a key.
        assert!(may_retry(Next::RetryIfKeyed, true, true, 1, 2).is_ok());
        assert_eq!(
            may_retry(Next::RetryIfKeyed, false, false, 0, 2),
            Err("it is not safe to send again")
        );
        // Still running: not bounded by the count, but never with max_retries = 0.
        assert!(may_retry(Next::StillRunning, true, false, 9, 2).is_ok());
        assert!(may_retry(Next::StillRunning, true, false, 0, 0).is_err());
        // Dropping the key: never after a keyed attempt may have been processed.
        assert!(may_retry(Next::DropKey, true, false, 0, 2).is_ok());
        assert!(may_retry(Next::DropKey, true, true, 0, 2).is_err());
        assert!(may_retry(Next::Stop, true, false, 0, 2).is_err());
    }

    #[test]
    fn which_statuses_retry() {
        for s in [429, 500, 502, 503, 504] {
            assert!(retryable_status(s));
        }
        for s in [200, 400, 401, 404, 409, 501] {
            assert!(!retryable_status(s));
        }
    }
}
