//! Soak: 1,000 payouts (init + confirm) with about one request in five faulted
//! (500, 503, 429, short and long delays, drops before and after commit). The sandbox's
//! ledger and webhooks then prove that no payout was created or executed twice, and
//! every call ended in success or a typed error. Bounded in count and time.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pikepay::{ApiVersion, Endpoint, ErrorKind};
use pikepay_client_tests::{Env, card_payout, opts};
use rand::Rng;
use serde_json::{Value, json};
use tokio::sync::Mutex;

const PAYOUTS: usize = 1000;
const WORKERS: usize = 8;
const FAULT_SHARE: f64 = 0.2;

/// The faults drawn from, as (label, mode, extra fields).
fn faults() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        ("500", "status", json!({"status": 500})),
        ("503", "status", json!({"status": 503})),
        ("429", "retry_after", json!({"retry_after_s": 0})),
        ("delay", "delay", json!({"delay_ms": 40})),
        ("timeout", "delay", json!({"delay_ms": 600})),
        ("drop_before", "drop_before", json!({})),
        ("drop_after", "drop_after", json!({})),
    ]
}

#[derive(Default)]
struct Tally {
    faults: BTreeMap<&'static str, usize>,
    outcomes: BTreeMap<String, usize>,
    confirmed: Vec<String>,
}

impl Tally {
    fn count(&mut self, what: String) {
        *self.outcomes.entry(what).or_default() += 1;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_payouts_under_faults_never_pay_twice() {
    let started = Instant::now();
    let env = Arc::new(Env::start());
    let client = env
        .builder(ApiVersion::V2)
        .retry_backoff(Duration::from_millis(2), Duration::from_millis(40))
        .request_timeout(Duration::from_millis(300))
        .deadline(Duration::from_secs(8))
        .max_retries(6)
        .build()
        .unwrap();
    let tally = Arc::new(Mutex::new(Tally::default()));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));

    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let (env, client, tally, next) = (env.clone(), client.clone(), tally.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let table = faults();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= PAYOUTS {
                    break;
                }
                let mut body = card_payout(1000);
                body["metadata"] = json!({"order": format!("soak-{i}")});
                maybe_fault(&env, &table, "session/init/payout", &tally).await;
                let reply = client
                    .call(Endpoint::SessionInitPayout, body, &opts())
                    .await;
                let id = match reply {
                    Ok(r) => {
                        tally.lock().await.count("init ok".into());
                        r.body["session"]["id"].as_str().unwrap().to_owned()
                    }
                    Err(e) => {
                        tally.lock().await.count(format!("init {}", e.code()));
                        assert_typed(&e);
                        continue;
                    }
                };
                maybe_fault(&env, &table, "session/confirm", &tally).await;
                match client
                    .call(Endpoint::SessionConfirm, json!({"session_id": id}), &opts())
                    .await
                {
                    Ok(r) => {
                        assert_eq!(r.body["session"]["payout_list"][0]["status"], "succeeded");
                        let mut t = tally.lock().await;
                        t.count("confirm ok".into());
                        t.confirmed.push(id);
                    }
                    Err(e) => {
                        assert_typed(&e);
                        tally.lock().await.count(format!("confirm {}", e.code()));
                    }
                }
            }
        }));
    }
    for w in workers {
        w.await.unwrap();
    }
    // Faults nobody met are cleared before reading the books.
    reqwest::Client::new()
        .delete(format!("{}/_sandbox/faults", env.sandbox.base_url()))
        .send()
        .await
        .unwrap();

    let tally = tally.lock().await;
    let ledger = env.ledger().await;
    let mut per_session: HashMap<String, usize> = HashMap::new();
    for entry in ledger.iter().filter(|e| e["kind"] == "payout") {
        *per_session
            .entry(entry["session_id"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    // Each order created at most one session (ready_to_confirm webhook per session).
    let mut sessions_per_order: HashMap<String, Vec<String>> = HashMap::new();
    for d in env
        .deliveries()
        .await
        .iter()
        .filter(|d| d["type"] == "ready_to_confirm")
    {
        let body: Value = serde_json::from_str(d["body"].as_str().unwrap()).unwrap();
        let session = &body["session"];
        let order = session["payout_list"][0]["metadata"]["order"]
            .as_str()
            .unwrap_or("?")
            .to_owned();
        sessions_per_order
            .entry(order)
            .or_default()
            .push(session["id"].as_str().unwrap().to_owned());
    }
    let duplicate_payouts = per_session.values().filter(|n| **n > 1).count();
    let duplicate_sessions = sessions_per_order.values().filter(|s| s.len() > 1).count();

    println!(
        "soak: {PAYOUTS} payouts, {WORKERS} workers, {:.1?}",
        started.elapsed()
    );
    println!(
        "faults armed: {:?} (total {})",
        tally.faults,
        tally.faults.values().sum::<usize>()
    );
    println!("outcomes: {:?}", tally.outcomes);
    println!(
        "ledger payouts: {} in {} sessions; sessions created: {}; duplicate payouts: {duplicate_payouts}; duplicate sessions: {duplicate_sessions}",
        per_session.values().sum::<usize>(),
        per_session.len(),
        sessions_per_order.values().map(Vec::len).sum::<usize>(),
    );

    assert_eq!(duplicate_payouts, 0);
    assert_eq!(duplicate_sessions, 0, "{sessions_per_order:?}");
    // Every confirmed payout is in the ledger exactly once.
    for id in &tally.confirmed {
        assert_eq!(per_session.get(id), Some(&1), "session {id}");
    }
    let calls: usize = tally.outcomes.values().sum();
    let inits: usize = tally
        .outcomes
        .iter()
        .filter(|(k, _)| k.starts_with("init"))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(inits, PAYOUTS, "every logical payout made its init call");
    assert!(calls >= PAYOUTS);
    let armed: usize = tally.faults.values().sum();
    assert!(armed > PAYOUTS / 4, "faults were armed: {armed}");
}

/// With probability [`FAULT_SHARE`], arms one random fault for the next request to `path`.
async fn maybe_fault(
    env: &Env,
    table: &[(&'static str, &'static str, Value)],
    path: &str,
    tally: &Mutex<Tally>,
) {
    let pick = {
        let mut rng = rand::rng();
        rng.random_bool(FAULT_SHARE)
            .then(|| table[rng.random_range(0..table.len())].clone())
    };
    if let Some((label, mode, extra)) = pick {
        env.fault(path, 1, mode, extra).await;
        *tally.lock().await.faults.entry(label).or_default() += 1;
    }
}

/// A failure must be one of the kinds faults can cause, never a bug or a decode error.
fn assert_typed(e: &pikepay::Error) {
    assert!(
        matches!(
            e.kind(),
            ErrorKind::OutcomeUnknown
                | ErrorKind::Server
                | ErrorKind::RateLimit
                | ErrorKind::Idempotency
        ),
        "unexpected failure: {e:?}"
    );
}
