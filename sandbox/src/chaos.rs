//! Chaos mode: Pike's at-least-once delivery and an unreliable network, from one seed.
//! Pike API requests now and then get a 503 without being processed, or are processed
//! and committed and then lose their answer (the connection closes); every webhook
//! waits a random moment of sandbox time before its first attempt (so webhooks arrive
//! late and out of order), and some are sent twice. The seed fixes the sequence of
//! draws, so one seed replays the same schedule for the same sequence of requests.

use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::faults::FaultMode;

/// Share of Pike requests answered 503 without being processed.
const UNAVAILABLE: f64 = 0.03;
/// Share of Pike requests processed and committed whose answer is dropped.
const DROPPED_ANSWER: f64 = 0.03;
/// Share of webhooks delivered twice.
const DUPLICATED: f64 = 0.2;
/// Longest wait of a webhook before its first attempt.
const MAX_LATE: Duration = Duration::from_millis(500);

/// How one webhook is delivered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Wait before the first attempt (sandbox time).
    pub late: Duration,
    /// A second copy and its own wait, when duplicated.
    pub copy: Option<Duration>,
}

/// The seeded source of every chaos decision.
#[derive(Debug)]
pub struct Chaos {
    rng: Mutex<StdRng>,
}

impl Chaos {
    /// Chaos from `seed`.
    pub fn new(seed: u64) -> Self {
        Chaos {
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
        }
    }

    fn rng(&self) -> std::sync::MutexGuard<'_, StdRng> {
        self.rng.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fault, if any, for the next Pike request.
    pub fn request(&self) -> Option<FaultMode> {
        let draw: f64 = self.rng().random();
        if draw < UNAVAILABLE {
            Some(FaultMode::Status(503))
        } else if draw < UNAVAILABLE + DROPPED_ANSWER {
            Some(FaultMode::DropAfter)
        } else {
            None
        }
    }

    /// How the next webhook is delivered.
    pub fn delivery(&self) -> Delivery {
        let mut rng = self.rng();
        let mut late = || Duration::from_millis(rng.random_range(0..=MAX_LATE.as_millis() as u64));
        let first = late();
        let copy = late();
        let duplicated = rng.random_bool(DUPLICATED);
        Delivery {
            late: first,
            copy: duplicated.then_some(copy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_seed_gives_one_schedule() {
        let (a, b) = (Chaos::new(7), Chaos::new(7));
        for _ in 0..100 {
            assert_eq!(a.request(), b.request());
            assert_eq!(a.delivery(), b.delivery());
        }
        let other = Chaos::new(8);
        let differs = (0..100).any(|_| a.delivery() != other.delivery());
        assert!(differs);
    }
}
