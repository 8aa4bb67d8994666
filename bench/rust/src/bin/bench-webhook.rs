//! Webhook verification from Rust, and where its time goes: `bench-webhook KEY.pem
//! [WEBHOOK.json]` signs the webhook (default `bench/data/webhook.json`) with the key and
//! prints µs per operation for `Webhook::construct_event`, its stages (verification
//! alone, JSON parse, the whole parse with renaming and the typed view), and the
//! hand-written floor (aws-lc-rs verify with a loaded key + `serde_json` parse).
//! Variants run interleaved, `BENCH_ROUNDS` (7) rounds each; the median is printed.

use std::hint::black_box;
use std::time::Instant;

use aws_lc_rs::signature::{KeyPair, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RsaKeyPair};
use base64::Engine;
use pikepay::{PrivateKey, Webhook};
use serde_json::Value;

/// A named operation to time.
type Variant = (&'static str, Box<dyn FnMut()>);

/// Median µs per call of each variant, measured in interleaved rounds.
fn measure(variants: &mut [Variant], rounds: usize) -> Vec<f64> {
    let mut samples = vec![Vec::new(); variants.len()];
    let mut per_round = vec![1usize; variants.len()];
    for (i, (_, f)) in variants.iter_mut().enumerate() {
        let start = Instant::now();
        let mut n = 0;
        while start.elapsed().as_millis() < 50 {
            f();
            n += 1;
        }
        per_round[i] = (n * 4).max(1);
    }
    for _ in 0..rounds {
        for (i, (_, f)) in variants.iter_mut().enumerate() {
            let start = Instant::now();
            for _ in 0..per_round[i] {
                f();
            }
            samples[i].push(start.elapsed().as_secs_f64() * 1e6 / per_round[i] as f64);
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(f64::total_cmp);
            s[s.len() / 2]
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let key_path = args
        .next()
        .expect("usage: bench-webhook KEY.pem [WEBHOOK.json]");
    let body_path = args
        .next()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../data/webhook.json").into());
    let rounds = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let body: &'static [u8] = std::fs::read(&body_path)
        .expect("webhook body")
        .trim_ascii()
        .to_vec()
        .leak();
    let key = PrivateKey::from_pem_or_der(std::fs::read(&key_path).expect("key")).expect("key");
    let signature: &'static str = key.sign(body).expect("sign").leak();
    let public = key.public_key().expect("public key");
    let webhook = Webhook::new(public.clone());
    let webhook2 = webhook.clone();
    let pair = RsaKeyPair::from_pkcs8(&pem_der(&key_path)).expect("PKCS#8 key");
    let loaded = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, pair.public_key().as_ref())
        .expect("public key");
    let raw_sig = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .expect("base64");
    assert!(webhook.construct_event(body, signature).is_ok());

    let mut variants: Vec<Variant> = vec![
        (
            "hand-written: aws-lc-rs verify (loaded key) + serde_json::from_slice",
            Box::new(move || {
                loaded.verify_sig(body, &raw_sig).expect("verify");
                black_box(serde_json::from_slice::<Value>(body).expect("JSON"));
            }),
        ),
        (
            "pikepay Webhook::construct_event",
            Box::new(move || {
                black_box(webhook.construct_event(body, signature).expect("event"));
            }),
        ),
        (
            "pikepay Webhook::construct_json (the Python and Node path)",
            Box::new(move || {
                black_box(
                    webhook2
                        .construct_json(body, Some(signature))
                        .expect("event"),
                );
            }),
        ),
        (
            "  stage: PublicKey::verify alone",
            Box::new(move || public.verify(body, signature).expect("verify")),
        ),
        (
            "  stage: serde_json::from_slice::<Value> alone",
            Box::new(move || {
                black_box(serde_json::from_slice::<Value>(body).expect("JSON"));
            }),
        ),
        (
            "  stage: webhook::parse_event (parse, rename, typed view)",
            Box::new(move || {
                black_box(pikepay::webhook::parse_event(body).expect("event"));
            }),
        ),
    ];
    let results = measure(&mut variants, rounds);
    println!("rust webhook ({}-byte body, RSA-2048)", body.len());
    for ((name, _), us) in variants.iter().zip(results) {
        println!("  {name:<66} {us:>8.2} µs/op");
    }
}

/// The DER inside the PEM file at `path`.
fn pem_der(path: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(path).expect("key");
    let b64: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .expect("PEM")
}
