'use strict';
// End-to-end `session/status` calls against the sandbox: pikepay Client vs a hand-written
// fetch client (JSON.stringify, crypto.sign, Pike's headers, JSON parse; undici keep-alive).

const crypto = require('node:crypto');
const { ROUNDS, pikepay, data, freshKey, median } = require('./common');

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 200);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 400);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);

async function registerProject(baseUrl, publicKeyPem) {
  const name = `bench-node-${crypto.randomBytes(5).toString('hex')}`;
  const res = await fetch(`${baseUrl}/_sandbox/projects`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      public_key_pem: publicKeyPem,
      wallet_balance: { amount: 1_000_000_000, currency: 'rub' },
    }),
  });
  if ((await res.json()).status !== 'ok') throw new Error('the sandbox did not register the project');
  return name;
}

/** What a user writes without pikepay: one signed POST, JSON in and out. */
function handWritten(baseUrl, project, privateKeyPem) {
  const key = crypto.createPrivateKey(privateKeyPem);
  return async (path, payload) => {
    const body = JSON.stringify(payload);
    const res = await fetch(`${baseUrl}/api/v2/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-partner-project': project,
        'x-partner-sign': crypto.sign('sha256', Buffer.from(body), key).toString('base64'),
      },
      body,
    });
    const answer = await res.json();
    if (res.status !== 200 || answer.status !== 'ok') throw new Error(`Pike answered ${res.status}`);
    return answer;
  };
}

async function sequential(one, n) {
  for (let i = 0; i < n; i += 1) await one();
}

async function concurrent(one, n) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next += 1;
      await one();
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
}

/** Median calls per second of `run(one, calls)` over ROUNDS rounds (after a warm-up). */
async function rate(run, one, calls) {
  await run(one, Math.min(calls, 20));
  const samples = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    const t0 = performance.now();
    await run(one, calls);
    samples.push(calls / ((performance.now() - t0) / 1000));
  }
  return median(samples);
}

function show(name, ops) {
  console.log(`  ${name.padEnd(58)} ${(1e6 / ops).toFixed(1).padStart(10)} µs/op ${ops.toFixed(0).padStart(10)} ops/s`);
}

async function main() {
  const baseUrl = process.env.PIKEPAY_BENCH_SANDBOX;
  if (!baseUrl) throw new Error('PIKEPAY_BENCH_SANDBOX is not set: run bash bench/run');
  const { privateKey, publicKey } = freshKey();
  const project = await registerProject(baseUrl, publicKey);
  const client = new pikepay.Client({ project, privateKey, baseUrl, maxRetries: 0 });
  const created = await client.sessions.initPayout(JSON.parse(data('payout.json')));
  const sid = created.session.id;
  const call = handWritten(baseUrl, project, privateKey);

  const viaFetch = async () => {
    const answer = await call('session/status', { session_id: sid });
    if (answer.session.id !== sid) throw new Error('wrong session');
  };
  const viaPikepay = async () => {
    const answer = await client.sessions.status({ session_id: sid });
    if (answer.session.id !== sid) throw new Error('wrong session');
  };

  console.log(
    `node session/status against the sandbox (${SEQUENTIAL} sequential calls; ${CONCURRENT} calls with ${WORKERS} at a time)`,
  );
  show('fetch (undici keep-alive) + crypto.sign, sequential', await rate(sequential, viaFetch, SEQUENTIAL));
  show('pikepay Client, sequential', await rate(sequential, viaPikepay, SEQUENTIAL));
  show(`fetch + crypto.sign, ${WORKERS} in flight`, await rate(concurrent, viaFetch, CONCURRENT));
  show(`pikepay Client, ${WORKERS} in flight`, await rate(concurrent, viaPikepay, CONCURRENT));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
