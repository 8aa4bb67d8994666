'use strict';
// The sandbox's signed webhook deliveries: received by a node:http server, by the Express
// example and by the Fastify example, verified with the sandbox's public key, in API v1
// and v2 naming; a tampered delivery is refused with 400.
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const {
  REPO,
  loadPikepay,
  projectDir,
  startSandbox,
  registerProject,
  control,
  startWebhookReceiver,
} = require('./helpers');

const pikepay = loadPikepay();
const payout = {
  payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } },
  amount_details: { amount: 1500, currency: 'rub' },
};

let sandbox;
let pikePublicKey;
before(async () => {
  sandbox = await startSandbox(['--webhook-retry-ms', '50,100,200']);
  pikePublicKey = await control(sandbox.baseUrl, 'GET', '/_sandbox/public_key');
});
after(async () => {
  await sandbox.stop();
});

/** A project whose webhooks go to `url`, and a client for it. */
async function projectWithWebhooks(url, apiVersion = 2) {
  const project = await registerProject(sandbox.baseUrl, { webhook_url: url, api_version: apiVersion });
  const client = new pikepay.Client({ project: project.name, privateKey: project.privateKey, baseUrl: sandbox.baseUrl, apiVersion });
  return { project, client };
}

for (const apiVersion of [1, 2]) {
  test(`node:http receiver: ready_to_confirm then payment_finished, verified (API v${apiVersion})`, async () => {
    const receiver = await startWebhookReceiver();
    try {
      const { client } = await projectWithWebhooks(receiver.url, apiVersion);
      const webhook = new pikepay.Webhook(pikePublicKey);
      const created = await client.sessions.initPayout(payout);
      const id = created.session.id;
      const events = () => receiver.deliveries.map((d) => webhook.constructEvent(d.body, d.signature));
      const ready = await receiver.next((d) => webhook.constructEvent(d.body, d.signature).type === 'ready_to_confirm');
      const wire = JSON.parse(ready.body.toString());
      assert.ok(apiVersion === 1 ? wire.session.payments : wire.session.payout_list, 'delivered in the project version');
      const event = webhook.constructEvent(ready.body, ready.signature);
      assert.strictEqual(event.session.id, id);
      assert.strictEqual(event.session.payout_list[0].status, 'pending', 'canonical names for both versions');
      await client.sessions.confirm({ session_id: event.session.id });
      await receiver.next((d) => webhook.constructEvent(d.body, d.signature).type === 'payment_finished');
      const finished = events().find((e) => e.type === 'payment_finished');
      assert.strictEqual(finished.session.payout_list[0].status, 'succeeded');
      const tampered = Buffer.from(ready.body.toString().replace('"pending"', '"succeeded"'));
      assert.throws(() => webhook.constructEvent(tampered, ready.signature), pikepay.SignatureVerificationError);
    } finally {
      await receiver.close();
    }
  });
}

/**
 * Copies an example into the temporary project (so `require('pikepay')` there resolves
 * to the installed package) and loads it.
 */
function loadExample(file) {
  const dir = path.join(projectDir(), 'examples');
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, file);
  fs.copyFileSync(path.join(REPO, 'examples/node', file), target);
  return createRequire(target)(target);
}

async function exerciseFramework(url, received) {
  const { project, client } = await projectWithWebhooks(url);
  const created = await client.sessions.initPayout(payout);
  const deadline = Date.now() + 10000;
  while (!received.some((e) => e.type === 'ready_to_confirm') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const event = received.find((e) => e.type === 'ready_to_confirm');
  assert.ok(event, 'the app received ready_to_confirm');
  assert.strictEqual(event.session.id, created.session.id);
  const [delivery] = (await control(sandbox.baseUrl, 'GET', `/_sandbox/deliveries?project=${project.name}`)).deliveries;
  assert.strictEqual(delivery.attempts.at(-1).http_status, 200);
  assert.strictEqual(delivery.delivered, true);

  const count = received.length;
  const body = JSON.stringify({ type: 'payment_finished', session: { id: created.session.id, status: 'accepted' } });
  const forged = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-partner-sign': delivery.signature },
    body,
  });
  assert.strictEqual(forged.status, 400);
  assert.strictEqual(received.length, count, 'the forged event never reached the app');
}

test('the Express example verifies the sandbox deliveries and refuses a forged one', async () => {
  const { createApp } = loadExample('express-webhook.js');
  const received = [];
  const app = createApp({ pikePublicKey, onEvent: (e) => received.push(e) });
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    await exerciseFramework(`http://127.0.0.1:${server.address().port}/pike/webhook`, received);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('the Fastify example verifies the sandbox deliveries and refuses a forged one', async () => {
  const { createApp } = loadExample('fastify-webhook.js');
  const received = [];
  const app = createApp({ pikePublicKey, onEvent: (e) => received.push(e) });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    await exerciseFramework(`${address}/pike/webhook`, received);
  } finally {
    await app.close();
  }
});
