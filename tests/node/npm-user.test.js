'use strict';
// An npm-only user: the packages installed from their tarballs into an empty project, and
// nothing on PATH but node, npm and the system tools (no Rust). `npx pikepay-sandbox serve`
// starts the sandbox, the Node demo flow (examples/node/payout-flow.js, copied into the
// project) pays out, takes a card payment and refunds part of it; `npx pikepay` (the
// pikepay-cli package) answers and triggers webhooks.
const test = require('node:test');
const assert = require('node:assert');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { projectDir } = require('./helpers');

const REPO = path.resolve(__dirname, '../..');
const npxFile = path.join(path.dirname(process.execPath), 'npx');
const npx = fs.existsSync(npxFile) ? npxFile : 'npx';

/** The environment of a user without Rust: node's folder and the system tools only. */
function userEnv(extra = {}) {
  const env = { HOME: os.homedir(), PATH: [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter) };
  for (const name of ['NODE_EXTRA_CA_CERTS', 'TMPDIR']) if (process.env[name]) env[name] = process.env[name];
  return { ...env, ...extra };
}

/** `npx --no-install ARGS` in the project, as the user runs it; returns stdout. */
function npxRun(args, extra = {}) {
  return execFileSync(npx, ['--no-install', ...args], {
    cwd: projectDir(),
    env: userEnv(extra),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120000,
  });
}

/** `npx pikepay-sandbox serve ARGS` in its own process group; resolves to `{ url, stop }`. */
async function serve(args) {
  const child = spawn(npx, ['--no-install', 'pikepay-sandbox', 'serve', '--port', '0', ...args], {
    cwd: projectDir(),
    env: userEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
  };
  const line = await Promise.race([
    new Promise((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve)),
    exited.then((code) => `exited with ${code}`),
  ]);
  const match = /^pikepay-sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
  if (!match) {
    await stop();
    assert.fail(`npx pikepay-sandbox serve did not start: ${line}`);
  }
  child.stdout.resume();
  return { url: match[1], stop };
}

async function control(url, route) {
  const res = await fetch(`${url}${route}`);
  assert.ok(res.ok, `${route} answered ${res.status}`);
  return res.json();
}

test('no Rust toolchain is on the user PATH', () => {
  const found = execFileSync('sh', ['-c', 'command -v cargo rustc || true'], { env: userEnv(), encoding: 'utf8' });
  assert.strictEqual(found.trim(), '');
});

test('npx pikepay --help lists the commands, from the platform package', () => {
  const help = npxRun(['pikepay', '--help']);
  for (const command of ['keygen', 'sign', 'verify', 'webhook', 'listen', 'trigger', 'request']) {
    assert.match(help, new RegExp(`^  ${command} `, 'm'), help);
  }
  const { binaryPath } = require(path.join(projectDir(), 'node_modules/pikepay-cli/binary.js'));
  assert.ok(binaryPath().startsWith(path.join(projectDir(), 'node_modules/pikepay-cli-')), binaryPath());
  const { version } = JSON.parse(fs.readFileSync(path.join(projectDir(), 'node_modules/pikepay-cli/package.json'), 'utf8'));
  assert.strictEqual(npxRun(['pikepay', '--version']).trim(), `pikepay ${version}`);
});

test('npx pikepay-sandbox serve and the Node demo flow: payout, card payment, refund', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pikepay-demo-'));
  const [privateKey, publicKey] = [path.join(work, 'shop.pem'), path.join(work, 'shop.pub.pem')];
  npxRun(['pikepay-sandbox', 'keygen', '--private-out', privateKey, '--public-out', publicKey]);
  const sandbox = await serve(['--project', `shop=${publicKey}`]);
  try {
    const demo = path.join(projectDir(), 'payout-flow.js');
    fs.copyFileSync(path.join(REPO, 'examples/node/payout-flow.js'), demo);
    const out = execFileSync(process.execPath, [demo], {
      cwd: projectDir(),
      env: userEnv({ PIKEPAY_BASE_URL: sandbox.url, PIKEPAY_PROJECT: 'shop', PIKEPAY_PRIVATE_KEY_PATH: privateKey }),
      encoding: 'utf8',
      timeout: 120000,
    });
    assert.match(out, /^  settled: /m, out);
    const { entries } = await control(sandbox.url, '/_sandbox/ledger?project=shop');
    assert.deepStrictEqual(
      entries.map((e) => `${e.kind} ${e.amount} ${e.currency}`),
      ['payout 1000 rub', 'payment 2500 rub', 'refund 1000 rub'],
    );
  } finally {
    await sandbox.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('npx pikepay trigger ready_to_capture makes the sandbox send that webhook', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pikepay-cli-'));
  const [privateKey, publicKey] = [path.join(work, 'shop.pem'), path.join(work, 'shop.pub.pem')];
  npxRun(['pikepay', 'keygen', '--private-out', privateKey, '--public-out', publicKey]);
  const sandbox = await serve(['--project', `shop=${publicKey}`]);
  try {
    const out = npxRun(['pikepay', 'trigger', 'ready_to_capture'], {
      PIKEPAY_BASE_URL: sandbox.url,
      PIKEPAY_PROJECT: 'shop',
      PIKEPAY_PRIVATE_KEY_PATH: privateKey,
    });
    const session = /^triggered ready_to_capture for session (\S+)$/m.exec(out)?.[1];
    assert.ok(session, out);
    const { deliveries } = await control(sandbox.url, '/_sandbox/deliveries?project=shop');
    const capture = deliveries.find((d) => d.type === 'ready_to_capture');
    assert.ok(capture, JSON.stringify(deliveries.map((d) => d.type)));
    assert.strictEqual(capture.session_id, session);
    assert.strictEqual(JSON.parse(capture.body).session.next_action, 'capture');
  } finally {
    await sandbox.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
