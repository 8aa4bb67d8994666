// Smoke test of the installed npm packages, for Node, Bun and Deno: starts the sandbox from
// `pikepay-sandbox` on a free port, registers a project with a fresh key whose webhooks come
// to a receiver here, makes a signed payout call and verifies the webhook it causes.
// Run it from a project where `pikepay` and `pikepay-sandbox` are installed.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import pikepay from 'pikepay';
import { startSandbox } from 'pikepay-sandbox';

const runtime =
  typeof Bun !== 'undefined' ? `Bun ${Bun.version}` : typeof Deno !== 'undefined' ? `Deno ${Deno.version.deno}` : `Node ${process.versions.node}`;
const { version } = createRequire(`${process.cwd()}/`)('pikepay/package.json');

let deliver;
const delivered = new Promise((resolve) => (deliver = resolve));
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    deliver({ body: Buffer.concat(chunks), signature: req.headers['x-partner-sign'] });
    res.end();
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const sandbox = await startSandbox();
try {
  const { client, webhook } = await sandbox.newProject({
    webhook_url: `http://127.0.0.1:${server.address().port}/hook`,
  });
  const started = await client.sessions.initPayout({
    payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } },
    amount_details: { amount: 10000, currency: 'rub' },
  });
  const timeout = setTimeout(() => {
    console.error('no webhook within 30 s');
    process.exit(1);
  }, 30000);
  const { body, signature } = await delivered;
  clearTimeout(timeout);
  const event = webhook.constructEvent(body, signature);
  if (event.session.id !== started.session.id) throw new Error(`webhook for ${event.session.id}, not ${started.session.id}`);
  if (!(pikepay.PikepayError.prototype instanceof Error)) throw new Error('error classes are not Errors');
  console.log(`smoke ok: ${runtime}, pikepay ${version}, signed call ${started.session.status}, webhook ${event.type} verified`);
} finally {
  await sandbox.stop();
  server.closeAllConnections?.();
  server.close();
}
