'use strict';
// sign()/verify() against node:crypto and the openssl CLI, and every key form of keys.json.
const test = require('node:test');
const assert = require('node:assert');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { loadPikepay, vectors } = require('./helpers');

const pikepay = loadPikepay();
const { keys, bad_keys: badKeys } = vectors('keys.json');
const body = Buffer.from('{"amount_details":{"amount":1000,"currency":"rub"}}');

test('sign() output verifies with crypto.verify for every key form', () => {
  for (const key of keys) {
    for (const priv of [key.private_pkcs8_pem, key.private_pkcs1_pem]) {
      const sig = pikepay.sign(body, priv);
      assert.ok(crypto.verify('RSA-SHA256', body, key.public_spki_pem, Buffer.from(sig, 'base64')), key.name);
      for (const pub of [key.public_spki_pem, key.public_pkcs1_pem]) {
        assert.strictEqual(pikepay.verify(body, sig, pub), undefined);
      }
    }
  }
});

test('sign() equals crypto.sign byte for byte (PKCS#1 v1.5 is deterministic)', () => {
  const key = keys[0];
  const ours = pikepay.sign(body, key.private_pkcs8_pem);
  const node = crypto.sign('RSA-SHA256', body, key.private_pkcs8_pem).toString('base64');
  assert.strictEqual(ours, node);
});

test('string, Buffer and Uint8Array bodies sign the same bytes; DER keys work', () => {
  const key = keys[0];
  const text = body.toString('utf8');
  const view = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const sig = pikepay.sign(text, key.private_pkcs8_pem);
  assert.strictEqual(pikepay.sign(body, key.private_pkcs8_pem), sig);
  assert.strictEqual(pikepay.sign(view, key.private_pkcs8_pem), sig);
  const der = crypto.createPrivateKey(key.private_pkcs8_pem).export({ type: 'pkcs8', format: 'der' });
  const pubDer = crypto.createPublicKey(key.public_spki_pem).export({ type: 'spki', format: 'der' });
  assert.strictEqual(pikepay.sign(body, der), sig);
  pikepay.verify(text, sig, pubDer);
});

test('openssl dgst -verify accepts our signature, and we accept openssl\'s', () => {
  const key = keys[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pikepay-openssl-'));
  try {
    const files = {
      body: path.join(dir, 'body.json'),
      priv: path.join(dir, 'private.pem'),
      pub: path.join(dir, 'public.pem'),
      sig: path.join(dir, 'sig.bin'),
    };
    fs.writeFileSync(files.body, body);
    fs.writeFileSync(files.priv, key.private_pkcs8_pem);
    fs.writeFileSync(files.pub, key.public_spki_pem);
    fs.writeFileSync(files.sig, Buffer.from(pikepay.sign(body, key.private_pkcs8_pem), 'base64'));
    const out = execFileSync('openssl', ['dgst', '-sha256', '-verify', files.pub, '-signature', files.sig, files.body]);
    assert.match(out.toString(), /Verified OK/);
    const theirs = execFileSync('openssl', ['dgst', '-sha256', '-sign', files.priv, files.body]).toString('base64');
    pikepay.verify(body, theirs, key.public_spki_pem);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed body, a wrong key or a non-base64 signature is SignatureVerificationError', () => {
  const [a, b] = keys;
  const sig = pikepay.sign(body, a.private_pkcs8_pem);
  const cases = [
    [Buffer.from(body.toString().replace('1000', '1001')), sig, a.public_spki_pem],
    [body, sig, b.public_spki_pem],
    [body, '***not base64***', a.public_spki_pem],
    [body, '', a.public_spki_pem],
  ];
  for (const [data, signature, pub] of cases) {
    assert.throws(
      () => pikepay.verify(data, signature, pub),
      (e) =>
        e instanceof pikepay.SignatureVerificationError &&
        e instanceof pikepay.PikepayError &&
        e.code === 'signature_verification_error',
    );
  }
});

test('every bad key of keys.json is refused with its code and message', () => {
  for (const bad of badKeys) {
    const attempt =
      bad.use === 'private'
        ? () => pikepay.sign(body, bad.pem)
        : () => pikepay.verify(body, 'AAAA', bad.pem);
    assert.throws(attempt, (e) => {
      assert.ok(e instanceof pikepay.PikepayError, `${bad.name}: ${e}`);
      assert.strictEqual(e.code, bad.error, bad.name);
      assert.ok(e.message.includes(bad.mentions), `${bad.name}: '${e.message}' lacks '${bad.mentions}'`);
      for (const line of bad.pem.split('\n').filter((l) => l.length > 16 && !l.startsWith('-----'))) {
        assert.ok(!e.message.includes(line), `${bad.name}: key material in the message`);
      }
      return true;
    });
  }
});

test('arguments of the wrong type are a TypeError naming the argument', () => {
  assert.throws(() => pikepay.sign(42, keys[0].private_pkcs8_pem), { name: 'TypeError', message: /body must be a Buffer or string/ });
  assert.throws(() => pikepay.sign(body, { pem: 'x' }), { name: 'TypeError', message: /privateKey must be/ });
  assert.throws(() => pikepay.verify(body, 7, keys[0].public_spki_pem), { name: 'TypeError', message: /signature must be a string/ });
});
