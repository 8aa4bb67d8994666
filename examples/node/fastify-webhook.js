// @ts-check
'use strict';
// Pike webhooks in Fastify. Inside this plugin JSON bodies arrive as a Buffer (the exact
// bytes the signature covers); routes outside it keep Fastify's JSON parser. Answer 200
// once the event is stored, 400 when the signature does not match.
//
//   PIKE_WEBHOOK_PUBLIC_KEY="$(cat pike.pem)" PORT=3000 node fastify-webhook.js
const Fastify = require('fastify');
const { Webhook, SignatureVerificationError } = require('pikepay');

/**
 * @param {{ pikePublicKey: string | Buffer, onEvent: (event: import('pikepay').Event) => void }} options
 */
function createApp({ pikePublicKey, onEvent }) {
  const webhook = new Webhook(pikePublicKey);
  const app = Fastify();
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
      done(null, body);
    });
    scope.post('/pike/webhook', async (request, reply) => {
      try {
        onEvent(webhook.constructEventFromRequest(request));
      } catch (err) {
        if (err instanceof SignatureVerificationError) {
          return reply.code(400).send('signature does not match');
        }
        throw err;
      }
      return reply.code(200).send('ok');
    });
  });
  return app;
}

module.exports = { createApp };

if (require.main === module) {
  const app = createApp({
    pikePublicKey: String(process.env.PIKE_WEBHOOK_PUBLIC_KEY),
    onEvent: (event) => console.log(event.type, event.session?.id, event.session?.status),
  });
  app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
}
