'use strict';
// What the client shows of each attempt: `client.on('request' | 'response')`, the
// `logger` option and `PIKEPAY_LOG=debug` on stderr, each with two injected 503s
// (three attempts).
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { loadPikepay, projectDir, startSandbox, registerProject, control } = require('./helpers');

const pikepay = loadPikepay();
const INIT = 'session/init/payout';
const payout = {
  payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } },
  amount_details: { amount: 1000, currency: 'rub' },
  participant_details: { recipient: { full_name: 'Ivanov Ivan' } },
};

let sandbox;
let project;
before(async () => {
  sandbox = await startSandbox();
  project = await registerProject(sandbox.baseUrl);
});
after(async () => {
  await sandbox.stop();
});

const twoFaults = () =>
  control(sandbox.baseUrl, 'POST', '/_sandbox/faults', { path: INIT, count: 2, mode: 'status', status: 503 });
const settings = (extra = {}) => ({
  project: project.name,
  privateKey: project.privateKey,
  baseUrl: sandbox.baseUrl,
  maxRetries: 3,
  ...extra,
});

test('client.on("request" | "response") sees each attempt with its decision', async () => {
  const client = new pikepay.Client(settings());
  const requests = [];
  const responses = [];
  client.on('request', (r) => requests.push(r));
  client.on('response', (r) => responses.push(r));
  await twoFaults();
  const result = await client.sessions.initPayout(payout);
  const key = result.idempotencyKey;
  assert.deepStrictEqual(requests.map((r) => r.attempt), [1, 2, 3]);
  assert.deepStrictEqual(requests[0], {
    method: 'POST',
    path: '/api/v2/session/init/payout',
    attempt: 1,
    idempotencyKey: key,
  });
  assert.deepStrictEqual(responses.map((r) => r.httpStatus), [503, 503, 200]);
  assert.deepStrictEqual(responses.map((r) => r.decision), ['retry', 'retry', 'done']);
  assert.ok(responses.every((r) => r.idempotencyKey === key));
  assert.strictEqual(responses[0].error, 'server_error');
  assert.strictEqual(responses[0].reason, 'server_error');
  assert.strictEqual(typeof responses[0].retryInMs, 'number');
  assert.strictEqual(typeof responses[2].durationMs, 'number');
  assert.strictEqual(responses[2].error, null);
  assert.ok(!JSON.stringify([requests, responses]).includes('4242424242424242'));
});

test('a listener added later is called; a removed one is not', async () => {
  const client = new pikepay.Client(settings());
  const seen = [];
  await client.fps.banks();
  const listener = (r) => seen.push(r.decision);
  client.on('response', listener);
  await client.fps.banks();
  client.off('response', listener);
  await client.fps.banks();
  assert.deepStrictEqual(seen, ['done']);
});

test('the logger option gets one line per attempt at its level', async () => {
  const lines = [];
  const logger = {
    debug: (m) => lines.push(['debug', m]),
    info: (m) => lines.push(['info', m]),
    warn: (m) => lines.push(['warn', m]),
  };
  const client = new pikepay.Client(settings({ logger }));
  await twoFaults();
  const result = await client.sessions.initPayout(payout);
  assert.deepStrictEqual(lines.map(([level]) => level), ['info', 'info', 'debug']);
  const [first, , last] = lines.map(([, m]) => m);
  assert.match(first, /^POST \/api\/v2\/session\/init\/payout attempt 1: HTTP 503 in \d+ ms, retry in \d+ ms \(server_error\)/);
  assert.ok(first.includes(`key=${result.idempotencyKey}`), first);
  assert.match(last, /attempt 3: HTTP 200 in \d+ ms, done \(ok\)/);
  assert.ok(!lines.join('\n').includes('Ivanov'), 'no bodies');
});

test('a logger without the needed methods is refused', () => {
  assert.throws(() => new pikepay.Client(settings({ logger: 'console' })), /logger/);
});

test('PIKEPAY_LOG=debug prints each attempt to stderr', async () => {
  await twoFaults();
  const script = `
    const pikepay = require('pikepay');
    const client = new pikepay.Client(${JSON.stringify(settings({ privateKey: project.privateKey.toString() }))});
    client.sessions.initPayout(${JSON.stringify(payout)}).then(() => console.log('done'));
  `;
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: projectDir(),
    env: { ...process.env, PIKEPAY_LOG: 'debug', NODE_PATH: path.join(projectDir(), 'node_modules') },
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.strictEqual(run.status, 0, run.stderr);
  assert.strictEqual(run.stdout.trim(), 'done');
  const lines = run.stderr.trim().split('\n');
  assert.strictEqual(lines.length, 3, run.stderr);
  assert.match(lines[0], /^pikepay info: POST \/api\/v2\/session\/init\/payout attempt 1: HTTP 503/);
  assert.match(lines[2], /^pikepay debug: .* attempt 3: HTTP 200 .* done \(ok\)/);
  assert.ok(!run.stderr.includes('4242424242424242'));
});
