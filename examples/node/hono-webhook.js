// @ts-check
'use strict';
// Pike webhooks in Hono (Node, Bun, Deno, workers). `c.req.raw` is the Fetch API
// Request; `constructEventFromRequest` reads its exact bytes and checks the signature
// before anything is parsed. Answer 200 once the event is stored, 400 when the
// signature does not match.
//
//   Bun:  PIKE_WEBHOOK_PUBLIC_KEY="$(cat pike.pem)" bun run hono-webhook.js
//   Node: serve `createApp(...).fetch` with @hono/node-server.
const { Hono } = require('hono');
const { Webhook, SignatureVerificationError } = require('pikepay');

/**
 * @param {{ pikePublicKey: string | Buffer, onEvent: (event: import('pikepay').Event) => unknown }} options
 */
function createApp({ pikePublicKey, onEvent }) {
  const webhook = new Webhook(pikePublicKey);
  const app = new Hono();
  app.post('/pike/webhook', async (c) => {
    let event;
    try {
      event = await webhook.constructEventFromRequest(c.req.raw);
    } catch (err) {
      if (err instanceof SignatureVerificationError) return c.text('signature does not match', 400);
      throw err;
    }
    await onEvent(event);
    return c.text('ok');
  });
  return app;
}

module.exports = { createApp };
