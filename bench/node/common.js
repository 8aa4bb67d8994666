'use strict';
// Timing helpers and fixtures shared by the Node benchmarks (bench only, not a library).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/** The checkout's package, as built by bench/run (release addon). */
const pikepay = require(REPO);

/** A fixture of bench/data/, as a Buffer without the trailing newline. */
function data(name) {
  return Buffer.from(fs.readFileSync(path.join(__dirname, '../data', name), 'utf8').trim());
}

/** A new 2048-bit RSA pair as PEM strings: PKCS#8 private, SPKI public. */
function freshKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKey, publicKey };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median microseconds per call of `fn` over ROUNDS rounds of about `budgetMs` each. */
function perOpUs(fn, budgetMs = 300) {
  fn();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < 50 && calls < 100000) {
    fn();
    calls += 1;
  }
  const perCall = (performance.now() - start) / calls;
  const n = Math.max(1, Math.min(100000, Math.floor(budgetMs / perCall)));
  const samples = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1) fn();
    samples.push(((performance.now() - t0) / n) * 1000);
  }
  return median(samples);
}

/**
 * Median microseconds per call of each function of `fns` (name -> function) over ROUNDS
 * rounds in which every function runs in turn (about `budgetMs` each), so a change in
 * the machine's load touches all of them alike.
 */
function perOpUsInterleaved(fns, budgetMs = 200) {
  const counts = {};
  for (const [name, fn] of Object.entries(fns)) {
    fn();
    let calls = 0;
    const start = performance.now();
    while (performance.now() - start < 50 && calls < 100000) {
      fn();
      calls += 1;
    }
    const perCall = (performance.now() - start) / calls;
    counts[name] = Math.max(1, Math.min(100000, Math.floor(budgetMs / perCall)));
  }
  const samples = Object.fromEntries(Object.keys(fns).map((name) => [name, []]));
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const [name, fn] of Object.entries(fns)) {
      const n = counts[name];
      const t0 = performance.now();
      for (let i = 0; i < n; i += 1) fn();
      samples[name].push(((performance.now() - t0) / n) * 1000);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)]));
}

/** Prints one result line: name, µs per op, ops per second. */
function row(name, us) {
  console.log(`  ${name.padEnd(58)} ${us.toFixed(1).padStart(10)} µs/op ${(1e6 / us).toFixed(0).padStart(10)} ops/s`);
}

module.exports = { REPO, ROUNDS, pikepay, data, freshKey, median, perOpUs, perOpUsInterleaved, row };
