'use strict';
// Signing from Node verifies with node's crypto.
const test = require('node:test');
const assert = require('node:assert');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const pikepay = require('../..');

test('sign() output verifies with crypto.verify', () => {
  const keys = JSON.parse(fs.readFileSync(path.join(__dirname, '../vectors/keys.json'), 'utf8'));
  const key = keys.keys[0];
  const body = Buffer.from('{"amount_details":{"amount":1000,"currency":"rub"}}');
  const sig = pikepay.sign(body, key.private_pkcs8_pem);
  assert.ok(crypto.verify('RSA-SHA256', body, key.public_spki_pem, Buffer.from(sig, 'base64')));
});
