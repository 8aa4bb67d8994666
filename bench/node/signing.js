'use strict';
// Signing a typical request body: pikepay.sign vs crypto.sign, KeyObject once and PEM per call.

const assert = require('node:assert');
const crypto = require('node:crypto');
const { pikepay, data, freshKey, perOpUs, row } = require('./common');

const body = data('payout.json');
const { privateKey: pem } = freshKey();
const keyObject = crypto.createPrivateKey(pem);

const cryptoLoaded = () => crypto.sign('sha256', body, keyObject).toString('base64');
const cryptoPem = () => crypto.sign('sha256', body, pem).toString('base64');
const pikepayPem = () => pikepay.sign(body, pem);

// Same key, same bytes, deterministic padding: all three must agree.
assert.strictEqual(cryptoLoaded(), cryptoPem());
assert.strictEqual(cryptoLoaded(), pikepayPem());

console.log(`node sign (${body.length}-byte body, RSA-2048)`);
row('crypto.sign, KeyObject created once', perOpUs(cryptoLoaded));
row('crypto.sign, PEM string per call', perOpUs(cryptoPem));
row('pikepay.sign(body, pem)', perOpUs(pikepayPem));
