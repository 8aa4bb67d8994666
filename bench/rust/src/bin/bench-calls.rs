//! Whole signed `session/status` calls from Rust against the bench server:
//! `bench-calls CLIENT CONCURRENCY URL KEY.pem` where CLIENT is `pikepay` (the SDK) or
//! `reqwest` (hand-written: serde_json + aws-lc-rs signature with a loaded key +
//! reqwest + JSON parse). Prints one JSON line: req/s and CPU µs per call (this
//! process's user + system time) for each round, and their medians.
//! `bench-calls memory CALLS URL KEY.pem` prints the resident memory after a warm-up
//! and after CALLS more pikepay calls, 64 in flight.
//! Rounds and their length: `BENCH_ROUNDS` (3) and `BENCH_SECONDS` (4).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine;
use pikepay::client::CallOptions;
use pikepay::models::SessionStatusRequest;

const SESSION: &str = "ps_3230";

/// One way of making a call.
#[derive(Clone)]
enum Caller {
    Sdk(pikepay::Client),
    Hand(Arc<Hand>),
}

/// The hand-written client: what a user would write with reqwest and aws-lc-rs.
struct Hand {
    http: reqwest::Client,
    key: RsaKeyPair,
    rng: SystemRandom,
    url: String,
}

impl Caller {
    async fn call(&self) {
        match self {
            Caller::Sdk(client) => {
                let reply = client
                    .sessions()
                    .status(&SessionStatusRequest::new(SESSION), &CallOptions::default())
                    .await
                    .expect("session/status");
                let id = reply
                    .session
                    .and_then(pikepay::models::Field::into_known)
                    .and_then(|s| s.id)
                    .and_then(pikepay::models::Field::into_known);
                assert_eq!(id.as_deref(), Some(SESSION));
            }
            Caller::Hand(h) => {
                let body = serde_json::to_vec(&serde_json::json!({ "session_id": SESSION }))
                    .expect("serialize");
                let mut sig = vec![0; h.key.public_modulus_len()];
                h.key
                    .sign(&RSA_PKCS1_SHA256, &h.rng, &body, &mut sig)
                    .expect("sign");
                let sig = base64::engine::general_purpose::STANDARD.encode(sig);
                let res = h
                    .http
                    .post(format!("{}/api/v2/session/status", h.url))
                    .header("content-type", "application/json")
                    .header("x-partner-project", "bench")
                    .header("x-partner-sign", sig)
                    .body(body)
                    .send()
                    .await
                    .expect("send");
                let value: serde_json::Value = res.json().await.expect("json");
                assert_eq!(value["session"]["id"], SESSION);
            }
        }
    }
}

fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut u = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(usage.ru_utime) + t(usage.ru_stime)
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Runs `concurrency` loops of calls for `seconds`; returns (calls/s, CPU µs per call).
async fn round(caller: &Caller, concurrency: usize, seconds: f64) -> (f64, f64) {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let (cpu0, t0) = (cpu_seconds(), Instant::now());
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (caller, stop, done) = (caller.clone(), stop.clone(), done.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    caller.call().await;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.expect("worker");
    }
    let (cpu, wall) = (cpu_seconds() - cpu0, t0.elapsed().as_secs_f64());
    let n = done.load(Ordering::Relaxed) as f64;
    (n / wall, cpu / n * 1e6)
}

/// Runs `calls` calls with 64 in flight.
async fn burst(caller: &Caller, calls: u64) {
    let next = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..64)
        .map(|_| {
            let (caller, next) = (caller.clone(), next.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < calls {
                    caller.call().await;
                }
            })
        })
        .collect();
    for w in workers {
        w.await.expect("worker");
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, what, number, url, key_path] = &args[..] else {
        eprintln!("usage: bench-calls pikepay|reqwest|memory CONCURRENCY|CALLS URL KEY.pem");
        std::process::exit(2);
    };
    let number: u64 = number.parse().expect("a number");
    let pem = std::fs::read_to_string(key_path).expect("key file");
    let sdk = || {
        Caller::Sdk(
            pikepay::Client::builder()
                .project("bench")
                .private_key(pikepay::PrivateKey::from_pem_or_der(&pem).expect("key"))
                .base_url(url.as_str())
                .build()
                .expect("client"),
        )
    };
    if what == "memory" {
        let caller = sdk();
        burst(&caller, 10_000).await;
        let before = rss_kib();
        burst(&caller, number).await;
        println!(
            "{{\"client\":\"pikepay Rust\",\"calls\":{number},\"rss_before_kib\":{before},\"rss_after_kib\":{}}}",
            rss_kib()
        );
        return;
    }
    let caller = match what.as_str() {
        "pikepay" => sdk(),
        _ => {
            let der = base64::engine::general_purpose::STANDARD
                .decode(
                    pem.lines()
                        .filter(|l| !l.starts_with("-----"))
                        .collect::<String>(),
                )
                .expect("PEM");
            Caller::Hand(Arc::new(Hand {
                http: reqwest::Client::new(),
                key: RsaKeyPair::from_pkcs8(&der).expect("PKCS#8 key"),
                rng: SystemRandom::new(),
                url: url.clone(),
            }))
        }
    };
    let concurrency = usize::try_from(number).expect("concurrency");
    let (rounds, seconds) = (env_or("BENCH_ROUNDS", 3usize), env_or("BENCH_SECONDS", 4.0));
    round(&caller, concurrency, 0.5).await;
    let mut rps = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..rounds {
        let (r, c) = round(&caller, concurrency, seconds).await;
        rps.push(r);
        cpu.push(c);
    }
    let name = if what == "pikepay" {
        "pikepay, Rust"
    } else {
        "hand-written reqwest + aws-lc-rs"
    };
    println!(
        "{{\"client\":\"{name}\",\"c\":{concurrency},\"rps\":{:.0},\"cpu_us\":{:.1},\"rounds_rps\":{rps:.0?},\"rounds_cpu_us\":{cpu:.1?}}}",
        median(rps.clone()),
        median(cpu.clone())
    );
}
