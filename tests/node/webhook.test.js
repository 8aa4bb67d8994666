'use strict';
// Webhook verification with keys of keys.json: raw Buffer or string bodies, tampering,
// missing signatures, v1 names renamed, and no card data in inspect/JSON output.
const test = require('node:test');
const assert = require('node:assert');
const crypto = require('node:crypto');
const { inspect } = require('node:util');
const { loadPikepay, vectors } = require('./helpers');

const pikepay = loadPikepay();
const [key, otherKey] = vectors('keys.json').keys;
const signed = (text) => crypto.sign('RSA-SHA256', Buffer.from(text), key.private_pkcs8_pem).toString('base64');

const v1Body = JSON.stringify({
  type: 'ready_to_confirm',
  session: {
    id: 'ps_1',
    status: 'in_progress',
    next_action: 'confirm',
    payments: [
      {
        id: 'po_1',
        status: 'pending',
        payment_method: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } },
        amount_details: { amount: 1000, currency: 'rub' },
      },
    ],
  },
});

test('constructEvent verifies the raw body and returns canonical (v2) names', () => {
  const webhook = new pikepay.Webhook(key.public_spki_pem);
  for (const raw of [Buffer.from(v1Body), v1Body]) {
    const event = webhook.constructEvent(raw, signed(v1Body));
    assert.strictEqual(event.type, 'ready_to_confirm');
    assert.strictEqual(event.session.id, 'ps_1');
    assert.strictEqual(event.session.next_action, 'confirm');
    const [payout] = event.session.payout_list;
    assert.strictEqual(payout.payout_details.card.bank_card.number, '4242424242424242');
    assert.strictEqual(event.session.payments, undefined);
  }
});

test('inspect, JSON.stringify and String of an event show no card number', () => {
  const event = new pikepay.Webhook(key.public_spki_pem).constructEvent(v1Body, signed(v1Body));
  for (const shown of [inspect(event, { depth: null }), JSON.stringify(event), String(event), `${JSON.stringify({ event })}`]) {
    assert.ok(!shown.includes('4242424242424242'), shown);
  }
  assert.match(inspect(event, { depth: null }), /\[redacted\]/);
  assert.strictEqual(JSON.parse(JSON.stringify(event)).session.payout_list[0].amount_details.amount, 1000);
});

test('a tampered body, a wrong key or a missing signature is SignatureVerificationError', () => {
  const webhook = new pikepay.Webhook(key.public_spki_pem);
  const sig = signed(v1Body);
  const attempts = [
    () => webhook.constructEvent(v1Body.replace('1000', '100000'), sig),
    () => new pikepay.Webhook(otherKey.public_spki_pem).constructEvent(v1Body, sig),
    () => webhook.constructEvent(v1Body, undefined),
    () => webhook.constructEvent(v1Body, ''),
    () => webhook.constructEvent(`${v1Body} `, sig),
  ];
  for (const attempt of attempts) {
    assert.throws(attempt, pikepay.SignatureVerificationError);
  }
});

test('a parsed object instead of the raw body is a TypeError that says what to pass', () => {
  const webhook = new pikepay.Webhook(key.public_spki_pem);
  assert.throws(() => webhook.constructEvent(JSON.parse(v1Body), signed(v1Body)), {
    name: 'TypeError',
    message: /rawBody must be a Buffer or string holding the exact bytes received/,
  });
});

test('only a signed body that is not a JSON object is DecodeError', () => {
  const webhook = new pikepay.Webhook(key.public_spki_pem);
  for (const text of ['not json', '[]', '"payment_finished"', 'null', '']) {
    assert.throws(() => webhook.constructEvent(text, signed(text)), pikepay.DecodeError, text);
  }
});

test('any signed JSON object is an event: kept whole, odd fields read as their raw values', () => {
  const webhook = new pikepay.Webhook(key.public_spki_pem);
  for (const text of ['{"session":{}}', '{"type":"payment_finished"}', '{}', '{"type":5,"session":"ps_1","x":[null]}']) {
    assert.deepStrictEqual(structuredClone(webhook.constructEvent(text, signed(text))), JSON.parse(text), text);
  }
  const text = JSON.stringify({
    type: 'payment_finished',
    delivered_at: '2024-05-27T02:05:01Z',
    session: {
      id: 'ps_1',
      finished_at: null,
      payment_list: [{ id: 17, payment_options: { recurrent: 'true' }, amount_details: { amount: '1000', currency: 'rub' } }],
    },
  });
  const event = webhook.constructEvent(text, signed(text));
  const [item] = event.session.payment_list;
  assert.strictEqual(item.id, 17);
  assert.strictEqual(item.payment_options.recurrent, 'true');
  assert.strictEqual(item.amount_details.amount, '1000');
  assert.strictEqual(event.delivered_at, '2024-05-27T02:05:01Z');
  assert.strictEqual(event.session.finished_at, null);
});

test('a missing signature says so and names the header', () => {
  const webhook = new pikepay.Webhook(key.public_spki_pem);
  for (const sig of [undefined, null, '']) {
    assert.throws(() => webhook.constructEvent(v1Body, sig), {
      name: 'SignatureVerificationError',
      message: /no signature \(header X-PARTNER-SIGN\)/,
    });
  }
});

test('an unknown webhook type is kept, not refused', () => {
  const text = JSON.stringify({ type: 'something_new', session: { id: 'ps_9', status: 'accepted' } });
  const event = new pikepay.Webhook(key.public_spki_pem).constructEvent(text, signed(text));
  assert.strictEqual(event.type, 'something_new');
});

test('constructEventFromRequest reads the body and the x-partner-sign header', () => {
  const webhook = new pikepay.Webhook(key.public_spki_pem);
  const event = webhook.constructEventFromRequest({
    body: Buffer.from(v1Body),
    headers: { [pikepay.SIGNATURE_HEADER]: signed(v1Body) },
  });
  assert.strictEqual(event.session.id, 'ps_1');
  assert.throws(() => webhook.constructEventFromRequest({ body: Buffer.from(v1Body), headers: {} }), pikepay.SignatureVerificationError);
});

test('a Webhook with a private or malformed key is InvalidKeyError', () => {
  assert.throws(() => new pikepay.Webhook(key.private_pkcs8_pem), pikepay.InvalidKeyError);
  assert.throws(() => new pikepay.Webhook('nope'), pikepay.InvalidKeyError);
});
