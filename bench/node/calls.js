'use strict';
// Whole signed `session/status` calls against the bench server (bench/rust), from Node.
// `node calls.js CLIENT CONCURRENCY URL KEY.pem` prints one JSON line: calls/s and CPU µs
// per call (process.cpuUsage(): this process, every thread) per round, and their
// medians. CLIENT is `pikepay` (the package's Client) or `fetch` (hand-written:
// JSON.stringify + crypto.sign with a loaded key + fetch + JSON.parse).
// `node --expose-gc calls.js memory CALLS URL KEY.pem`: resident memory and the JS heap in
// use after a warm-up, after CALLS/2 and after CALLS more pikepay calls, 64 in flight.
// `node calls.js burst[:KIND] CALLS URL KEY.pem`: CALLS calls at once (run it under
// `ulimit -n 1024`; KIND `pikepay`, the default, `fetch`, or `timer`: promises that only
// wait); errors and peak memory per waiting call.
// Rounds and their length: BENCH_ROUNDS (3) and BENCH_SECONDS (4).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const pikepay = require(path.resolve(__dirname, '../..'));

const SESSION = 'ps_3230';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const NAMES = { pikepay: 'pikepay, Node', fetch: 'fetch + crypto', timer: 'promises that only wait' };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function caller(kind, url, pem) {
  if (kind === 'fetch') {
    const key = crypto.createPrivateKey(pem);
    return async () => {
      const body = JSON.stringify({ session_id: SESSION });
      const sign = crypto.sign('sha256', Buffer.from(body), key).toString('base64');
      const r = await fetch(`${url}/api/v2/session/status`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-partner-project': 'bench', 'x-partner-sign': sign },
      });
      const answer = JSON.parse(await r.text());
      if (answer.session.id !== SESSION) throw new Error('wrong answer');
    };
  }
  const client = new pikepay.Client({ project: 'bench', privateKey: pem, baseUrl: url, timeoutMs: 300000 });
  return async () => {
    const r = await client.sessions.status({ session_id: SESSION });
    if (r.session.id !== SESSION) throw new Error('wrong answer');
  };
}

async function round(call, concurrency, seconds) {
  let stop = false;
  let done = 0;
  const loop = async () => {
    while (!stop) {
      await call();
      done += 1;
    }
  };
  const c0 = cpu();
  const t0 = performance.now();
  const workers = Array.from({ length: concurrency }, loop);
  await sleep(seconds * 1000);
  stop = true;
  await Promise.all(workers);
  const wall = (performance.now() - t0) / 1000;
  return [done / wall, ((cpu() - c0) / done) * 1e6];
}

async function many(call, calls) {
  let left = calls;
  const loop = async () => {
    while (left > 0) {
      left -= 1;
      await call();
    }
  };
  await Promise.all(Array.from({ length: 64 }, loop));
}

/**
 * Resident memory and, after a full collection (`node --expose-gc`), the JS heap in use,
 * in KiB: a leak grows the heap in use; a heap that only sized itself up grows the RSS.
 */
function usage() {
  if (global.gc) global.gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss >> 10, heap: heapUsed >> 10 };
}

async function main() {
  const [what, number, url, keyPath] = process.argv.slice(2);
  const pem = fs.readFileSync(keyPath, 'utf8');
  const n = Number(number);
  if (what === 'memory') {
    const call = caller('pikepay', url, pem);
    await many(call, 10000);
    const before = usage();
    await many(call, n / 2);
    const half = usage();
    await many(call, n / 2);
    const after = usage();
    console.log(JSON.stringify({
      client: 'pikepay, Node',
      calls: n,
      rss_before_kib: before.rss,
      rss_half_kib: half.rss,
      rss_after_kib: after.rss,
      heap_used_after_gc_kib: [before.heap, half.heap, after.heap],
    }));
    return;
  }
  if (what.startsWith('burst')) {
    const kind = what.split(':')[1] ?? 'pikepay';
    const call = kind === 'timer' ? () => sleep(1000) : caller(kind, url, pem);
    await call();
    const before = process.memoryUsage().rss;
    let peak = before;
    // Reading the memory needs a file descriptor, and none may be left (fetch opens a
    // connection per call): such a sample is skipped.
    const sample = () => {
      try {
        peak = Math.max(peak, process.memoryUsage().rss);
      } catch {
        samplesMissed += 1;
      }
    };
    let samplesMissed = 0;
    const sampler = setInterval(sample, 5);
    const t0 = performance.now();
    const results = await Promise.allSettled(Array.from({ length: n }, call));
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    sample();
    const errors = {};
    for (const r of results) {
      if (r.status !== 'rejected') continue;
      const name = [r.reason.name, r.reason.cause?.code].filter(Boolean).join(' ');
      errors[name] = (errors[name] ?? 0) + 1;
    }
    console.log(JSON.stringify({
      client: NAMES[kind], calls: n, errors, seconds: Number(seconds.toFixed(2)),
      rss_before_kib: before >> 10, rss_peak_kib: peak >> 10,
      kib_per_waiting_call: Number(((peak - before) / 1024 / n).toFixed(2)), samples_missed: samplesMissed,
    }));
    return;
  }
  const call = caller(what, url, pem);
  const warm = performance.now();
  while (performance.now() - warm < 500) await call();
  const rounds = [];
  for (let r = 0; r < ROUNDS; r += 1) rounds.push(await round(call, n, SECONDS));
  console.log(JSON.stringify({
    client: NAMES[what], c: n,
    rps: Math.round(median(rounds.map((r) => r[0]))),
    cpu_us: Number(median(rounds.map((r) => r[1])).toFixed(1)),
    rounds_rps: rounds.map((r) => Math.round(r[0])),
    rounds_cpu_us: rounds.map((r) => Number(r[1].toFixed(1))),
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
