// @ts-check
'use strict';
// Pike webhooks in Express. `express.raw()` keeps the exact bytes the signature covers
// (a JSON body parser would re-serialize them and break verification). Answer 200 once
// the event is stored, 400 when the signature does not match.
//
//   PIKE_WEBHOOK_PUBLIC_KEY="$(cat pike.pem)" PORT=3000 node express-webhook.js
const express = require('express');
const { Webhook, SignatureVerificationError } = require('pikepay');

/**
 * @param {{ pikePublicKey: string | Buffer, onEvent: (event: import('pikepay').Event) => void }} options
 */
function createApp({ pikePublicKey, onEvent }) {
  const webhook = new Webhook(pikePublicKey);
  const app = express();
  app.post('/pike/webhook', express.raw({ type: 'application/json' }), (req, res) => {
    let event;
    try {
      event = webhook.constructEventFromRequest(req);
    } catch (err) {
      if (err instanceof SignatureVerificationError) {
        res.status(400).send('signature does not match');
        return;
      }
      throw err;
    }
    onEvent(event);
    res.sendStatus(200);
  });
  return app;
}

module.exports = { createApp };

if (require.main === module) {
  const app = createApp({
    pikePublicKey: String(process.env.PIKE_WEBHOOK_PUBLIC_KEY),
    onEvent: (event) => console.log(event.type, event.session?.id, event.session?.status),
  });
  app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
}
