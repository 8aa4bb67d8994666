// Types of `pikepay/testing`: test webhook handlers without Pike or a sandbox.

/// <reference types="node" />

import type { BytesLike } from './index.js';

/** An RSA key pair as PEM text; `privateKey` is not enumerable and never printed. */
export interface KeyPair {
  /** PKCS#8 PEM: sign test events with it. */
  readonly privateKey: string;
  /** SPKI PEM: give it to the `Webhook` under test. */
  readonly publicKey: string;
}

/** A webhook as Pike delivers it. */
export interface SignedEvent {
  /** The exact body bytes to post. */
  readonly body: Buffer;
  /** The `x-partner-sign` value. */
  readonly signature: string;
  /** The headers Pike sends with it. */
  readonly headers: { readonly 'content-type': 'application/json'; readonly 'x-partner-sign': string };
  /** `Webhook.dedupeKey(body)`. */
  readonly dedupeKey: string;
}

/** Options of `signEvent`. */
export interface SignEventOptions {
  /** The API version of the project the webhook goes to (default 2). */
  apiVersion?: 1 | 2;
}

/** A fresh 2048-bit RSA key pair, the kind Pike signs webhooks with. */
export declare function generateKeyPair(): KeyPair;
/** The webhook Pike sends when `type` happens to `session` (API v2 names), signed with `privateKey`. */
export declare function signEvent(
  type: string,
  session: { [key: string]: unknown },
  privateKey: BytesLike,
  options?: SignEventOptions,
): SignedEvent;
/** A Fetch API `Request` posting `signEvent(type, session, privateKey, options)` to `url`. */
export declare function signedRequest(
  url: string,
  type: string,
  session: { [key: string]: unknown },
  privateKey: BytesLike,
  options?: SignEventOptions,
): Request;
