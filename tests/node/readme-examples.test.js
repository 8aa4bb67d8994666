'use strict';
// The examples of the Node readme (bindings-node/README.md, the npm page and the front page
// of the TypeDoc reference) run as a user runs them: each ```js block saved as an .mjs file
// in the project the tarballs were installed into, with the environment variables the
// readme names pointing at a project of a sandbox started by `startSandbox()`. Each must
// exit 0 and print what its `// prints:` comments show. A block that prints
// `listening on URL` is a webhook endpoint: the sandbox delivers a real webhook to it.
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { createRequire } = require('node:module');
const { projectDir } = require('./helpers');

const README = path.join(__dirname, '../../bindings-node/README.md');
const fromProject = createRequire(path.join(projectDir(), 'index.js'));
const { startSandbox } = fromProject('pikepay-sandbox');

/** The ```js blocks of the readme, each with the outputs its `// prints:` comments show. */
function examples() {
  const text = fs.readFileSync(README, 'utf8');
  return [...text.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m, i) => {
    const code = m[1];
    const line = text.slice(0, m.index).split('\n').length + 1;
    const prints = [...code.matchAll(/\/\/ prints: (.+)$/gm)].map(([, shown]) => {
      const pattern = shown.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
      return new RegExp(`^${pattern}$`);
    });
    return { name: `example ${i + 1} (README.md line ${line})`, code, prints };
  });
}

/** Runs `file` with `env`; resolves when it prints `listening on URL` or exits. */
function start(file, env) {
  const child = spawn(process.execPath, [file], { cwd: projectDir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise((resolve) => {
    readline.createInterface({ input: child.stdout }).on('line', (l) => {
      lines.push(l);
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+\/\S*)$/.exec(l)?.[1];
      if (url) resolve(url);
    });
  });
  return { child, lines, exited, listening, stderr: () => stderr };
}

/** Waits up to 20 s for `check()` to return something truthy. */
async function eventually(check, what) {
  for (let i = 0; i < 400; i += 1) {
    const found = await check();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('the readme has examples, each showing what it prints', () => {
  const found = examples();
  assert.ok(found.length >= 5, `${found.length} examples`);
  for (const { name, prints } of found) assert.ok(prints.length > 0, `${name} shows no output`);
});

test('every readme example runs against a sandbox and prints what it shows', async (t) => {
  const sandbox = await startSandbox();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pikepay-readme-'));
  try {
    const project = await sandbox.newProject();
    const keyFile = path.join(work, 'private.pem');
    fs.writeFileSync(keyFile, project.privateKey, { mode: 0o600 });
    const env = {
      PATH: process.env.PATH,
      HOME: os.homedir(),
      PIKEPAY_PROJECT: project.name,
      PIKEPAY_PRIVATE_KEY_PATH: keyFile,
      PIKEPAY_BASE_URL: sandbox.url,
      PIKE_WEBHOOK_PUBLIC_KEY: sandbox.publicKeyPem,
      PORT: '0',
    };
    for (const [i, example] of examples().entries()) {
      await t.test(example.name, async () => {
        const file = path.join(projectDir(), `readme-example-${i + 1}.mjs`);
        fs.writeFileSync(file, example.code);
        const run = start(file, env);
        const outcome = await Promise.race([run.exited.then((code) => ({ code })), run.listening.then((url) => ({ url }))]);
        if (outcome.url) {
          // A webhook endpoint: a project whose webhooks go there, and a payout to cause one.
          try {
            const shop = await sandbox.newProject({ webhook_url: outcome.url });
            const started = await shop.client.sessions.initPayout({
              payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } },
              amount_details: { amount: 1000, currency: 'rub' },
            });
            await eventually(
              () => run.lines.includes(`ready_to_confirm ${started.session.id}`),
              `the endpoint to log the webhook; it printed ${JSON.stringify(run.lines)}`,
            );
            // The sandbox records the attempt once the endpoint has answered.
            const delivery = await eventually(async () => {
              const { deliveries } = await sandbox.control('GET', `/_sandbox/deliveries?project=${shop.name}`);
              return deliveries[0]?.attempts.length ? deliveries[0] : null;
            }, 'the delivery attempt to be recorded');
            assert.deepStrictEqual(delivery.attempts.map((a) => a.http_status), [200]);
            const forged = await fetch(outcome.url, { method: 'POST', body: delivery.body, headers: { 'x-partner-sign': 'AAAA' } });
            assert.strictEqual(forged.status, 400);
          } finally {
            run.child.kill('SIGTERM');
            await run.exited;
          }
        } else {
          assert.strictEqual(outcome.code, 0, `exit ${outcome.code}\n${run.lines.join('\n')}\n${run.stderr()}`);
        }
        for (const shown of example.prints) {
          assert.ok(run.lines.some((line) => shown.test(line)), `no line matches ${shown}; printed:\n${run.lines.join('\n')}`);
        }
      });
    }
  } finally {
    await sandbox.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
