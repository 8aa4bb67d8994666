'use strict';
/**
 * pikepay-sandbox for Node: the path of the `pikepay-sandbox` executable, and a running
 * sandbox for a test suite. `startSandbox()` serves on a free port of 127.0.0.1;
 * `sandbox.newProject()` registers a project with a fresh key pair and returns a ready
 * `pikepay` Client and Webhook verifier for it.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const readline = require('node:readline');
const { binaryPath } = require('./binary.js');

const LISTENING = /^pikepay-sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/;
let projects = 0;

/** A running `pikepay-sandbox serve` child process. */
class Sandbox {
  constructor(child, exited, url, publicKeyPem) {
    this.child = child;
    this.exited = exited;
    /** Base URL, e.g. `http://127.0.0.1:40123`: the client's `baseUrl`. */
    this.url = url;
    /** PEM of the key that verifies this sandbox's webhooks. */
    this.publicKeyPem = publicKeyPem;
  }

  /** Calls the control API (`/_sandbox/...`); resolves to parsed JSON, or text. */
  async control(method, route, body) {
    return control(this.url, method, route, body);
  }

  /**
   * Registers a project with a fresh RSA-2048 key pair. `settings` are further fields
   * of `POST /_sandbox/projects` (`webhook_url`, `api_version`, `wallet_balance`, …).
   * Resolves to `{ name, privateKey, publicKey, client, webhook }`.
   */
  async newProject(settings = {}) {
    const { Client, Webhook } = require('pikepay');
    projects += 1;
    const name = settings.name ?? `test-${process.pid}-${projects}`;
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await this.control('POST', '/_sandbox/projects', { ...settings, name, public_key_pem: publicKey });
    return {
      name,
      privateKey,
      publicKey,
      client: new Client({ project: name, privateKey, baseUrl: this.url }),
      webhook: new Webhook(this.publicKeyPem),
    };
  }

  /** Stops the sandbox (SIGTERM) and waits for it to exit. */
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

async function control(url, method, route, body) {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`pikepay-sandbox: ${method} ${route} answered ${res.status}: ${text}`);
  return (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
}

/**
 * Starts `pikepay-sandbox serve --port 0 ...args` and resolves once it listens.
 * Options: `args` (further `serve` options), `timeoutMs` (default 30000).
 */
async function startSandbox({ args = [], timeoutMs = 30000 } = {}) {
  const child = spawn(binaryPath(), ['serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let timer;
  try {
    const line = await new Promise((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout });
      timer = setTimeout(() => reject(new Error(`pikepay-sandbox did not start within ${timeoutMs} ms`)), timeoutMs);
      lines.once('line', (first) => {
        lines.close();
        child.stdout.resume(); // drain the rest, so the sandbox never blocks on stdout
        resolve(first);
      });
      child.once('error', reject);
      exited.then((code) => reject(new Error(`pikepay-sandbox exited with ${code} before listening`)));
    });
    const match = LISTENING.exec(line);
    if (!match) throw new Error(`pikepay-sandbox did not start: ${line}`);
    const publicKeyPem = await control(match[1], 'GET', '/_sandbox/public_key');
    return new Sandbox(child, exited, match[1], publicKeyPem);
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

module.exports = { Sandbox, binaryPath, startSandbox };
