'use strict';
// `pikepay-sandbox` from npm as a user gets it: the executable for this platform from its
// optional package, the `npx pikepay-sandbox` command, and the test helper that starts a
// sandbox and hands out a ready client and webhook verifier.
const test = require('node:test');
const assert = require('node:assert');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { createRequire } = require('node:module');
const { projectDir } = require('./helpers');

// The helper must find the executable itself, as it does for users.
delete process.env.PIKEPAY_SANDBOX_BIN;
const fromProject = createRequire(path.join(projectDir(), 'index.js'));
const { startSandbox, binaryPath } = fromProject('pikepay-sandbox');
const { version } = fromProject('pikepay/package.json');
const CARD = '4242424242424242';
const npx = path.join(projectDir(), 'node_modules/.bin/pikepay-sandbox');

test('the executable comes from the platform package, once', () => {
  const file = binaryPath();
  assert.ok(file.startsWith(path.join(projectDir(), 'node_modules/pikepay-sandbox-')), file);
  fs.accessSync(file, fs.constants.X_OK);
  const launcher = path.join(projectDir(), 'node_modules/pikepay-sandbox');
  const shipped = fs.readdirSync(launcher, { recursive: true }).map(String);
  assert.ok(!shipped.some((f) => f === 'pikepay-sandbox' || f.endsWith('/pikepay-sandbox')), shipped.join(', '));
});

test('the pikepay-sandbox command runs the executable with its arguments', () => {
  const out = execFileSync(npx, ['--version'], { env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` } });
  assert.strictEqual(out.toString().trim(), `pikepay-sandbox ${version}`);
});

test('the command serves, and stops on SIGTERM with the sandbox', async () => {
  const child = spawn(npx, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const line = await new Promise((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)[1];
  assert.match(await (await fetch(`${url}/_sandbox/public_key`)).text(), /BEGIN PUBLIC KEY/);
  child.kill('SIGTERM');
  assert.deepStrictEqual(await exited, { code: 0, signal: null });
  await assert.rejects(fetch(`${url}/_sandbox/public_key`));
});

test('startSandbox hands out a project with a ready client and webhook verifier', async () => {
  const sandbox = await startSandbox();
  try {
    assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const first = await sandbox.newProject();
    const second = await sandbox.newProject();
    assert.notStrictEqual(first.name, second.name);
    assert.notStrictEqual(first.privateKey, second.privateKey);
    const started = await first.client.sessions.initPayout({
      payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: CARD } } },
      amount_details: { amount: 10000, currency: 'rub' },
    });
    let deliveries = [];
    for (let i = 0; i < 400 && deliveries.length === 0; i += 1) {
      ({ deliveries } = await sandbox.control('GET', `/_sandbox/deliveries?project=${first.name}`));
      if (deliveries.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(deliveries.length > 0, 'the payout caused no webhook');
    const event = first.webhook.constructEvent(Buffer.from(deliveries[0].body), deliveries[0].signature);
    assert.strictEqual(event.session.id, started.session.id);
  } finally {
    await sandbox.stop();
  }
  assert.notStrictEqual(sandbox.child.exitCode ?? sandbox.child.signalCode, null);
});
