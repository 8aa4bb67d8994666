'use strict';
// pikepay/testing: webhooks signed as Pike signs them, accepted by Webhook, by the Hono
// example (real Hono), a Next.js-style route handler and Bun.serve-style Fetch requests;
// the dedupe key per delivery.
const { test } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { inspect } = require('node:util');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const { loadPikepay, projectDir, REPO } = require('./helpers');

const pikepay = loadPikepay();
const testing = createRequire(path.join(projectDir(), 'index.js'))('pikepay/testing');
const SESSION = {
  id: 's-test-1',
  status: 'in_progress',
  next_action: 'confirm',
  payout_list: [{ id: 'po-1', status: 'pending', amount: 1000, currency: 'rub' }],
};
const pike = testing.generateKeyPair();
const URL_PATH = 'http://127.0.0.1/pike/webhook';

/** Copies an example into the installed project, so it imports the installed package. */
function examplePath(file) {
  const dir = path.join(projectDir(), 'examples');
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, file);
  fs.copyFileSync(path.join(REPO, 'examples/node', file), target);
  return target;
}

test('a signed event verifies with the public half, in both API versions', () => {
  for (const apiVersion of [1, 2]) {
    const delivery = testing.signEvent('ready_to_confirm', SESSION, pike.privateKey, { apiVersion });
    assert.ok(delivery.body.toString().startsWith('{"type":"ready_to_confirm","session":{'));
    const event = new pikepay.Webhook(pike.publicKey).constructEvent(delivery.body, delivery.signature);
    assert.strictEqual(event.type, 'ready_to_confirm');
    assert.strictEqual(event.session.payout_list[0].id, 'po-1');
    assert.strictEqual(delivery.headers['x-partner-sign'], delivery.signature);
    assert.strictEqual(pikepay.sign(delivery.body, pike.privateKey), delivery.signature);
  }
  const other = testing.generateKeyPair();
  const delivery = testing.signEvent('ready_to_confirm', SESSION, pike.privateKey);
  assert.throws(
    () => new pikepay.Webhook(other.publicKey).constructEvent(delivery.body, delivery.signature),
    pikepay.SignatureVerificationError,
  );
});

test('the key pair never prints its private half', () => {
  assert.ok(!inspect(pike).includes('PRIVATE'));
  assert.ok(!JSON.stringify(pike).includes('PRIVATE'));
  assert.ok(pike.privateKey.startsWith('-----BEGIN PRIVATE KEY-----'));
  assert.throws(() => testing.signEvent('x', SESSION, 'not a key'), pikepay.InvalidKeyError);
});

test('the dedupe key is stable per delivery', () => {
  const first = testing.signEvent('ready_to_confirm', SESSION, pike.privateKey);
  const again = testing.signEvent('ready_to_confirm', SESSION, pike.privateKey);
  const finished = testing.signEvent('payment_finished', { ...SESSION, status: 'accepted' }, pike.privateKey);
  assert.strictEqual(first.dedupeKey, again.dedupeKey);
  assert.strictEqual(first.dedupeKey, pikepay.Webhook.dedupeKey(first.body));
  assert.match(first.dedupeKey, /^whk_[0-9a-f]{64}$/);
  assert.notStrictEqual(first.dedupeKey, finished.dedupeKey);
});

test('constructEventFromRequest reads Bun.serve-style Fetch requests, streamed bodies included', async () => {
  const webhook = new pikepay.Webhook(pike.publicKey);
  const event = await webhook.constructEventFromRequest(
    testing.signedRequest(URL_PATH, 'ready_to_confirm', SESSION, pike.privateKey),
  );
  assert.strictEqual(event.session.id, 's-test-1');
  const delivery = testing.signEvent('payment_finished', SESSION, pike.privateKey);
  const streamed = new Request(URL_PATH, {
    method: 'POST',
    headers: delivery.headers,
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(delivery.body.subarray(0, 10));
        controller.enqueue(delivery.body.subarray(10));
        controller.close();
      },
    }),
    duplex: 'half',
  });
  assert.strictEqual((await webhook.constructEventFromRequest(streamed)).type, 'payment_finished');
  const unsigned = new Request(URL_PATH, { method: 'POST', body: delivery.body });
  await assert.rejects(webhook.constructEventFromRequest(unsigned), pikepay.SignatureVerificationError);
});

test('the Hono example accepts a test-signed webhook and refuses a forged one', async () => {
  const { createApp } = createRequire(__filename)(examplePath('hono-webhook.js'));
  const received = [];
  const app = createApp({ pikePublicKey: pike.publicKey, onEvent: (e) => received.push(e) });
  const ok = await app.fetch(testing.signedRequest(URL_PATH, 'ready_to_confirm', SESSION, pike.privateKey));
  assert.strictEqual(ok.status, 200);
  const forger = testing.generateKeyPair();
  const forged = await app.fetch(testing.signedRequest(URL_PATH, 'ready_to_confirm', SESSION, forger.privateKey));
  assert.strictEqual(forged.status, 400);
  assert.deepStrictEqual(received.map((e) => e.session.id), ['s-test-1']);
});

test('the Next.js route handler accepts a test-signed webhook and refuses a forged one', async () => {
  process.env.PIKE_WEBHOOK_PUBLIC_KEY = pike.publicKey;
  const route = await import(pathToFileURL(examplePath('nextjs-route.mjs')).href);
  const received = [];
  route.handlers.onEvent = async (event) => {
    received.push(event);
  };
  const ok = await route.POST(testing.signedRequest(URL_PATH, 'ready_to_confirm', SESSION, pike.privateKey));
  assert.strictEqual(ok.status, 200);
  const forged = await route.POST(
    testing.signedRequest(URL_PATH, 'ready_to_confirm', SESSION, testing.generateKeyPair().privateKey),
  );
  assert.strictEqual(forged.status, 400);
  assert.deepStrictEqual(received.map((e) => e.type), ['ready_to_confirm']);
});
