'use strict';
// Shared pieces of the Node suite: the installed package, the sandbox process, fresh
// project keys, a webhook receiver and the shared vectors.

const assert = require('node:assert');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const readline = require('node:readline');
const { createRequire } = require('node:module');

const REPO = path.resolve(__dirname, '../..');

/**
 * The temporary project the packed tarball was installed into (scripts/test-node sets
 * it). Tests load `pikepay` from there, as a user's code would.
 */
function projectDir() {
  const dir = process.env.PIKEPAY_NODE_PROJECT;
  assert.ok(dir, 'PIKEPAY_NODE_PROJECT is not set: run the suite with `bash scripts/test-node`');
  return dir;
}

/** `require('pikepay')` resolved from the temporary project. */
function loadPikepay() {
  return createRequire(path.join(projectDir(), 'index.js'))('pikepay');
}

/** A file of tests/vectors/, parsed. */
function vectors(name) {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'tests/vectors', name), 'utf8'));
}

/** The `pikepay-sandbox` binary built by cargo. */
function sandboxBin() {
  return (
    process.env.PIKEPAY_SANDBOX_BIN ??
    path.join(REPO, 'target/x86_64-unknown-linux-gnu/debug/pikepay-sandbox')
  );
}

/**
 * Starts `pikepay-sandbox serve --port 0` and reads its one stdout line for the URL.
 * Returns `{ baseUrl, stop() }`.
 */
async function startSandbox(args = []) {
  const child = spawn(sandboxBin(), ['serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const line = await new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('sandbox did not start within 20 s')), 20000);
    rl.once('line', (l) => {
      clearTimeout(timer);
      rl.close();
      child.stdout.resume();
      resolve(l);
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with ${code} before listening`));
    });
  });
  const match = /^pikepay-sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
  assert.ok(match, `unexpected sandbox line: ${line}`);
  return {
    baseUrl: match[1],
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A fresh RSA-2048 key pair as PEM strings. */
function newKeys() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKey, publicKey };
}

let projectSeq = 0;

/** JSON to or from the sandbox's control API. */
async function control(baseUrl, method, route, body) {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${route} answered ${res.status}: ${text}`);
  return res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
}

/**
 * Registers a new project with fresh keys in the sandbox. Returns
 * `{ name, privateKey, publicKey }`.
 */
async function registerProject(baseUrl, settings = {}) {
  projectSeq += 1;
  const name = `node-${process.pid}-${projectSeq}`;
  const keys = newKeys();
  await control(baseUrl, 'POST', '/_sandbox/projects', {
    name,
    public_key_pem: keys.publicKey,
    ...settings,
  });
  return { name, ...keys };
}

/**
 * A node:http server on 127.0.0.1 that records webhook deliveries (raw body and
 * signature) and answers 200. `next(predicate)` resolves with the first matching
 * delivery; `close()` closes every connection first so close never waits on keep-alive.
 */
async function startWebhookReceiver() {
  const deliveries = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const delivery = { body: Buffer.concat(chunks), signature: req.headers['x-partner-sign'] };
      deliveries.push(delivery);
      for (const w of [...waiters]) {
        if (w.predicate(delivery)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(delivery);
        }
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/webhooks`,
    deliveries,
    next(predicate, timeoutMs = 10000) {
      const found = deliveries.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching webhook within the wait')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (d) => {
            clearTimeout(timer);
            resolve(d);
          },
        });
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

module.exports = {
  REPO,
  projectDir,
  loadPikepay,
  vectors,
  startSandbox,
  newKeys,
  control,
  registerProject,
  startWebhookReceiver,
};
