'use strict';
// Many concurrent calls on one client, and a process that exits by itself when its
// calls are done (no lingering handles from the addon).
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const { loadPikepay, projectDir, startSandbox, registerProject, control } = require('./helpers');

const pikepay = loadPikepay();

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

test('300 concurrent status calls and 100 concurrent payouts on one client: each payout once', async () => {
  const project = await registerProject(sandbox.baseUrl);
  const client = new pikepay.Client({ project: project.name, privateKey: project.privateKey, baseUrl: sandbox.baseUrl });
  const session = (await client.sessions.create({})).session;
  const statuses = await Promise.all(
    Array.from({ length: 300 }, () => client.sessions.status({ session_id: session.id })),
  );
  assert.ok(statuses.every((s) => s.session.id === session.id));

  const payouts = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      client.sessions.initPayout(
        {
          payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } },
          amount_details: { amount: 100 + i, currency: 'rub' },
        },
        { idempotencyKey: `concurrent-${i}-${session.id}` },
      ),
    ),
  );
  const ids = new Set(payouts.map((p) => p.session.id));
  assert.strictEqual(ids.size, 100);
  payouts.forEach((p, i) => assert.strictEqual(p.idempotencyKey, `concurrent-${i}-${session.id}`));
  await Promise.all([...ids].map((id) => client.sessions.confirm({ session_id: id })));
  const ledger = (await control(sandbox.baseUrl, 'GET', `/_sandbox/ledger?project=${project.name}`)).entries;
  const paid = ledger.filter((e) => e.kind === 'payout');
  assert.strictEqual(paid.length, 100);
  assert.strictEqual(new Set(paid.map((e) => e.session_id)).size, 100);
  const total = paid.reduce((sum, e) => sum + e.amount, 0);
  assert.strictEqual(total, Array.from({ length: 100 }, (_, i) => 100 + i).reduce((a, b) => a + b, 0));
});

/** Runs `source` with node in the temporary project; resolves with its exit code and output. */
function runChild(source, env, limitMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', source], {
      cwd: projectDir(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the process did not exit on its own within ${limitMs} ms:\n${out}`));
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

test('a process exits on its own once its calls, errors and cancellations are done', async () => {
  const project = await registerProject(sandbox.baseUrl);
  const source = `
    const { Client, Webhook, NotFoundError } = require('pikepay');
    const client = new Client({ project: process.env.P_NAME, privateKey: process.env.P_KEY, baseUrl: process.env.P_URL });
    (async () => {
      const s = await client.sessions.create({});
      await Promise.all(Array.from({ length: 20 }, () => client.sessions.status({ session_id: s.session.id })));
      await client.sessions.status({ session_id: 'ps_0' }).catch((e) => { if (!(e instanceof NotFoundError)) throw e; });
      const controller = new AbortController();
      const waiting = client.sessions.wait({ session_id: s.session.id }, { until: 'final', timeoutMs: 60000, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await waiting.catch((e) => { if (e.name !== 'AbortError') throw e; });
      new Webhook(process.env.P_PUB);
      console.log('done');
    })().catch((e) => { console.error(e); process.exitCode = 1; });
  `;
  const started = Date.now();
  const { code, out } = await runChild(
    source,
    { P_NAME: project.name, P_KEY: project.privateKey, P_PUB: project.publicKey, P_URL: sandbox.baseUrl },
    30000,
  );
  assert.strictEqual(code, 0, out);
  assert.match(out, /^done$/m);
  assert.ok(Date.now() - started < 30000);
});

test('a process with nothing but a loaded package and a client exits at once', async () => {
  const project = await registerProject(sandbox.baseUrl);
  const { code, out } = await runChild(
    `const { Client } = require('pikepay'); new Client({ project: 'p', privateKey: process.env.P_KEY }); console.log('loaded');`,
    { P_KEY: project.privateKey },
    15000,
  );
  assert.strictEqual(code, 0, out);
  assert.match(out, /loaded/);
});
