'use strict';
// Webhook verification: pikepay Webhook.constructEvent vs crypto.verify + JSON.parse.

const assert = require('node:assert');
const crypto = require('node:crypto');
const { pikepay, data, freshKey, perOpUsInterleaved, row } = require('./common');

const body = data('webhook.json');
const { privateKey, publicKey: pem } = freshKey();
const signature = crypto.sign('sha256', body, privateKey).toString('base64');
const keyObject = crypto.createPublicKey(pem);
const webhook = new pikepay.Webhook(pem);

const check = (ok) => {
  if (!ok) throw new Error('signature does not match');
};
const cryptoLoaded = () => {
  check(crypto.verify('sha256', body, keyObject, Buffer.from(signature, 'base64')));
  return JSON.parse(body);
};
const cryptoPem = () => {
  check(crypto.verify('sha256', body, pem, Buffer.from(signature, 'base64')));
  return JSON.parse(body);
};
const pikepayWebhook = () => webhook.constructEvent(body, signature);
const pikepayVerifyPem = () => {
  pikepay.verify(body, signature, pem);
  return JSON.parse(body);
};

assert.strictEqual(pikepayWebhook().type, cryptoLoaded().type);
assert.strictEqual(pikepayWebhook().session.id, cryptoPem().session.id);
pikepayVerifyPem();

const results = perOpUsInterleaved({
  'crypto.verify + JSON.parse, KeyObject created once': cryptoLoaded,
  'crypto.verify + JSON.parse, PEM string per call': cryptoPem,
  'pikepay new Webhook(pem).constructEvent': pikepayWebhook,
  'pikepay.verify(body, sig, pem) + JSON.parse': pikepayVerifyPem,
  '  part: pikepay.verify(body, sig, pem) alone': () => pikepay.verify(body, signature, pem),
  '  part: JSON.parse alone': () => JSON.parse(body),
});
console.log(`node webhook (${body.length}-byte body, RSA-2048; variants interleaved)`);
for (const [name, us] of Object.entries(results)) row(name, us);
const hand = results['crypto.verify + JSON.parse, KeyObject created once'];
const ours = results['pikepay new Webhook(pem).constructEvent'];
console.log(`  constructEvent vs hand-written with a loaded key: ${(hand / ours).toFixed(2)}x`);
