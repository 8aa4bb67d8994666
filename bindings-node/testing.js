'use strict';
/**
 * pikepay/testing: test webhook handlers without Pike or a sandbox. Make a key pair to
 * stand in for Pike's, give your handler its public half, and sign events with the
 * private half exactly as Pike does (the same body bytes, the same `x-partner-sign`).
 */

const { inspect } = require('node:util');
const native = require('./native.js');
const pikepay = require('./index.js');

const { callNative, bytesArg } = pikepay._internal;

/** A fresh 2048-bit RSA key pair `{ privateKey, publicKey }` (PEM); never printed whole. */
function generateKeyPair() {
  const pair = callNative(() => native.generateKeyPair());
  const keys = { publicKey: pair.publicKey };
  Object.defineProperties(keys, {
    privateKey: { value: pair.privateKey, enumerable: false },
    toJSON: { value: () => ({ publicKey: pair.publicKey }), enumerable: false },
    [inspect.custom]: { value: () => 'KeyPair { privateKey: [redacted], publicKey: [PEM] }', enumerable: false },
  });
  return Object.freeze(keys);
}

/**
 * The webhook Pike sends when `type` happens to `session` (API v2 names; renamed for a
 * project on `apiVersion: 1`), signed with `privateKey`: `{ body, signature, headers,
 * dedupeKey }`, `body` the exact bytes to post.
 */
function signEvent(type, session, privateKey, options = {}) {
  if (typeof type !== 'string') throw new TypeError(`type must be a string, got ${typeof type}`);
  const apiVersion = options?.apiVersion ?? 2;
  const text = JSON.stringify(session ?? null);
  const key = bytesArg(privateKey, 'privateKey', ' (PEM or DER)');
  const signed = callNative(() => native.signEvent(type, text, key, apiVersion));
  return Object.freeze({
    body: signed.body,
    signature: signed.signature,
    headers: Object.freeze({ 'content-type': 'application/json', [pikepay.SIGNATURE_HEADER]: signed.signature }),
    dedupeKey: pikepay.Webhook.dedupeKey(signed.body),
  });
}

/** A Fetch API `Request` posting `signEvent(...)` to `url`, as Pike would. */
function signedRequest(url, type, session, privateKey, options = {}) {
  const event = signEvent(type, session, privateKey, options);
  return new Request(url, { method: 'POST', body: event.body, headers: event.headers });
}

module.exports = { generateKeyPair, signEvent, signedRequest };
