// Types of the `pikepay` package. The models, params and resources are generated from
// the core (generated/types.d.ts, re-exported here) and keep Pike's snake_case wire names
// (canonical API v2 names); options and error properties, written here, are camelCase.

/// <reference types="node" />

import { EventEmitter } from 'node:events';
import type { ClientResources, Event, Session, SessionResponse } from './generated/types.js';

export * from './generated/types.js';

// ------------------------------------------------------------------ shared ---

/** Pike's test environment. */
export declare const DEMO_URL: 'https://proxy-demo.pikepayments.com';
/** Pike's live environment. */
export declare const LIVE_URL: 'https://proxy.pikepayments.com';
/** The request header that carries Pike's signature, lower case as Node gives it. */
export declare const SIGNATURE_HEADER: 'x-partner-sign';

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** Any JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Bytes: a Buffer, any Uint8Array, or a string taken as UTF-8. */
export type BytesLike = Buffer | Uint8Array | string;

// ----------------------------------------------------------------- answers ---

/** What every answer carries besides its JSON. Non-enumerable. */
export interface ResultMeta {
  /** The idempotency key the call was sent with (`null` when it carried none). */
  readonly idempotencyKey: string | null;
  /** HTTP status of the answer. */
  readonly httpStatus: number | null;
}

/**
 * An answer: Pike's JSON (canonical names) plus {@link ResultMeta}. `util.inspect` and
 * `JSON.stringify` of it, and of every object and array inside it at any depth, show
 * the fields of {@link SECRET_FIELDS} (card numbers, codes, tokens, hashes, keys) as
 * "[redacted]"; read such a field directly to use it, or `structuredClone(result)` for a
 * plain unredacted copy. `public_token` is meant for the browser and is never redacted,
 * so `res.json(result)` hands it over. Integers beyond `Number.MAX_SAFE_INTEGER`
 * (2^53 − 1) and numbers a JS number cannot hold exactly (`1e400`, 30-digit decimals)
 * arrive as the strings of their exact text, so no digit is lost.
 *
 * The answer types declare every field the core knows, as a successful answer has them;
 * a field Pike left out reads `undefined`, one of an unexpected type holds the value as
 * sent, and fields this version does not know are there too (read them through a cast).
 */
export type Result<T> = T & ResultMeta;

// ----------------------------------------------------------------- options ---

/** Client settings. Only `project` and `privateKey` are required. */
export interface ClientOptions {
  /** Your project id (`X-PARTNER-PROJECT`). */
  project: string;
  /** Your RSA private key, PEM (PKCS#1 or PKCS#8) or DER. */
  privateKey: BytesLike;
  /** Where requests go; DEMO_URL by default. */
  baseUrl?: string;
  /** API version, 1 or 2 (default 2); v1-only methods always use v1. */
  apiVersion?: 1 | 2;
  /** Sub-merchant id (`X-PARTNER-SUBMERCHANT`). */
  submerchant?: string;
  /** Total deadline of a call, every attempt and pause included. */
  timeoutMs?: number;
  /** Deadline of one attempt. */
  requestTimeoutMs?: number;
  /** Deadline of opening a connection. */
  connectTimeoutMs?: number;
  /** Retries after the first attempt (0 means exactly one attempt). */
  maxRetries?: number;
  /**
   * Most requests in flight, and so connections open, at once (default 100); calls
   * beyond it wait for a free connection within their own `timeoutMs`.
   */
  maxConnections?: number;
  /** HTTP(S) proxy URL. */
  proxy?: string;
  /** Extra trusted root certificate(s), PEM. */
  rootCertificatePem?: BytesLike;
  /** Appended to the User-Agent, after `pikepay-node/VERSION node/VERSION`. */
  userAgentSuffix?: string;
  /** Allow plain HTTP to a host other than 127.0.0.1/localhost. */
  allowInsecureHttp?: boolean;
  /**
   * Longest answer body read, in bytes (default 4 MiB). A longer answer is not read
   * past it: OutcomeUnknownError (with the key) for calls that may move money,
   * DecodeError otherwise.
   */
  maxResponseBytes?: number;
  /**
   * Gets one line per attempt: `debug` when it ends the call, `info` when it is retried,
   * `warn` when a retryable failure is given up. `console` and pino loggers fit. Without
   * it, `PIKEPAY_LOG=debug|info|warn` writes those lines to stderr.
   */
  logger?: Logger;
}

/** Where a client's attempt lines go. */
export interface Logger {
  debug(line: string): unknown;
  info(line: string): unknown;
  warn(line: string): unknown;
}

/** An attempt about to be sent (the client's `'request'` event). No bodies, no secrets. */
export interface AttemptRequest {
  readonly method: 'GET' | 'POST';
  /** URL path with the version, e.g. `'/api/v2/session/init/payout'`. */
  readonly path: string;
  /** 1 for the first attempt of a call, then 2, 3, … */
  readonly attempt: number;
  /** The idempotency key sent with this attempt, if any. */
  readonly idempotencyKey: string | null;
}

/** The outcome of one attempt (the client's `'response'` event). */
export interface AttemptResponse extends AttemptRequest {
  /** HTTP status of the answer; null when no answer came. */
  readonly httpStatus: number | null;
  /** Time from sending to the whole answer or the failure. */
  readonly durationMs: number;
  /** Error code of this attempt (`'server_error'`, …); null on success. */
  readonly error: string | null;
  /** What happens next. */
  readonly decision: 'done' | 'retry' | 'give_up';
  /** Why: the error code that makes a retry worth it, why the client gives up, or `'ok'`. */
  readonly reason: string;
  /** The wait before the next attempt, when `decision` is `'retry'`. */
  readonly retryInMs: number | null;
}

/** The events of a client. */
export interface ClientEvents {
  request: [AttemptRequest];
  response: [AttemptResponse];
}

/** Per-call settings. */
export interface CallOptions {
  /** 4–64 visible ASCII characters; generated for money-moving calls when absent. */
  idempotencyKey?: string;
  /** Total deadline of this call, every attempt and pause included. */
  timeoutMs?: number;
  /** Retries after the first attempt (0 means exactly one attempt). */
  maxRetries?: number;
  /**
   * `false` sends the body without validating it (the raw path, e.g. for fields or
   * instruments Pike added); it is still signed, keyed and retried alike.
   */
  validate?: boolean;
  /** Fields added to the top level of the body (they replace fields of the same name). */
  extraBody?: JsonObject;
  /** `X-PARTNER-SUBMERCHANT` for this call, in place of the client's (marketplaces). */
  submerchant?: string;
  /** More headers for this call; Pike's `X-PARTNER-*` and content headers are refused. */
  headers?: { [name: string]: string };
  /**
   * Cancels the call (the request in flight is dropped). The promise rejects with
   * `signal.reason`, except for a call that carried an idempotency key (every
   * money-moving call): it may still have been processed, so it rejects with an
   * `AbortError` whose `idempotencyKey` is the key (yours or the generated one) and
   * whose `cause` is `signal.reason`; repeat the call with that key to stay safe.
   */
  signal?: AbortSignal;
}

/**
 * What `sessions.wait` waits for: `'final'`, `'next_action'`, a session status, a list of
 * statuses, or a function of the session that returns true when the wait is over (what it
 * throws ends the wait). It also stops at any final session status.
 */
export type WaitUntil =
  | 'final'
  | 'next_action'
  | (string & {})
  | readonly string[]
  | ((session: Result<Session>) => unknown);

/** Settings of `sessions.wait`. */
export interface WaitOptions {
  /** `'final'` (default), `'next_action'`, a status, a list of statuses or a function of the session. */
  until?: WaitUntil;
  /** How long to poll before failing with OutcomeUnknownError (60 000 by default). */
  timeoutMs?: number;
  /** Cancels the wait. */
  signal?: AbortSignal;
}

/** HTTP method of `client.request`. */
export type HttpMethod = 'GET' | 'POST' | 'get' | 'post';

// ------------------------------------------------------------------ client ---

/** What `sessions` has besides the generated methods of its endpoints. */
export interface SessionsWait {
  /** Polls `session/status` until `options.until` holds or the session is final. */
  wait(params: { session_id: string }, options?: WaitOptions): Promise<Result<SessionResponse>>;
}

/**
 * The Pike API client, cheap to keep for the life of the process and safe to share; an
 * EventEmitter with `'request'` (before each attempt) and `'response'` (after it)
 * events, for metrics and tracing. Its resources (`sessions`, `recurrent`, …) are
 * {@link ClientResources}.
 */
export declare class Client extends EventEmitter<ClientEvents> {
  constructor(options: ClientOptions);
  /** The configured API version. */
  readonly apiVersion: 1 | 2;
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** The total deadline of a call in milliseconds (the core's default, 60 000, unless given). */
  readonly timeoutMs: number;
  /** How many times a call that can be repeated safely is sent again (2 unless given). */
  readonly maxRetries: number;
  /** Calls any Pike method path (`'session/status'` or `'/api/v1/session/status'`). */
  request(method: HttpMethod, path: string, body?: JsonObject, options?: CallOptions): Promise<Result<JsonObject>>;
}
/** The client's resources, one per group of endpoints. */
export interface Client extends ClientResources {}

// ---------------------------------------------------------------- webhooks ---

/** The parts of an Express, Fastify or node:http request a webhook needs. */
export interface WebhookRequest {
  body: unknown;
  headers: { [name: string]: string | string[] | undefined };
}

/** Verifies and parses webhooks signed with Pike's public key. */
export declare class Webhook {
  /** A verifier for Pike's public key (PEM or DER). */
  constructor(publicKey: BytesLike);
  /**
   * Verifies `signature` (the `X-PARTNER-SIGN` header) over the exact raw body, then
   * parses it. Throws SignatureVerificationError when it is missing or does not match,
   * and DecodeError only when the signed body is not a JSON object.
   */
  constructEvent(rawBody: BytesLike, signature: string | null | undefined): Event;
  /**
   * For a Fetch API `Request` (Next.js route handlers, Hono's `c.req.raw`, Bun.serve):
   * reads the body, then verifies and parses it.
   */
  constructEventFromRequest(request: Request): Promise<Event>;
  /** `constructEvent(request.body, request.headers['x-partner-sign'])`. */
  constructEventFromRequest(request: WebhookRequest): Event;
  /**
   * A stable key for one delivery (`whk_` + SHA-256 of the raw body): a delivery sent
   * again has the same key. Record it with what the webhook made you do; skip known ones.
   */
  static dedupeKey(rawBody: BytesLike): string;
}

// ----------------------------------------------------------------- signing ---

/** Signs the exact `body` bytes; returns the base64 `X-PARTNER-SIGN` value. */
export declare function sign(body: BytesLike, privateKey: BytesLike): string;
/** Verifies a base64 signature over `body`; throws SignatureVerificationError. */
export declare function verify(body: BytesLike, signature: string, publicKey: BytesLike): void;
/**
 * Checks a request body (canonical v2 names) for the method `endpoint` the way the client
 * does before sending; throws InvalidRequestError with `field` and `pikeDescription`.
 */
export declare function validateRequest(endpoint: string, body: unknown): void;
/** One row of the core's table of secret fields. */
export interface SecretField {
  /** The key, suffix or prefix, lower case. */
  readonly name: string;
  /** How `name` matches an object key (case-insensitive). */
  readonly matches: 'exact' | 'suffix' | 'prefix';
  /** What the field holds. */
  readonly what: string;
}

/** The fields whose values are redacted at any depth (the core's one table). */
export declare const SECRET_FIELDS: readonly SecretField[];
/** Fields shown although they look secret: `public_token`, made for the browser. */
export declare const PUBLIC_FIELDS: readonly string[];

/** A copy of `value` with card numbers, security codes, tokens and keys redacted. */
export declare function redact<T extends JsonValue | object>(value: T): T;

// ------------------------------------------------------------------ errors ---

// generated from the core's error table: error codes
/** The stable code of each error kind. */
export type ErrorCode =
  | 'configuration_error'
  | 'invalid_key_error'
  | 'signature_verification_error'
  | 'invalid_request_error'
  | 'authentication_error'
  | 'idempotency_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'server_error'
  | 'network_error'
  | 'outcome_unknown_error'
  | 'decode_error'
  | 'internal_error';
// end of generated: error codes

/** One row of the core's error table. */
export interface ErrorKindInfo {
  readonly code: ErrorCode;
  readonly className: string;
  readonly summary: string;
  readonly retryable: boolean;
}

/** Every error kind, in the core's order. */
export declare const ERROR_KINDS: readonly ErrorKindInfo[];

/** Fields of a PikepayError (all optional when constructing one). */
export interface PikepayErrorDetails {
  field?: string | null;
  pikeCode?: string | null;
  pikeDescription?: string | null;
  /** Pike's description as received (kept private, see `rawPikeDescription()`). */
  rawPikeDescription?: string | null;
  httpStatus?: number | null;
  idempotencyKey?: string | null;
  retryable?: boolean;
  retryAfterMs?: number | null;
  cause?: unknown;
}

/** The base class of every error pikepay throws or rejects with. */
export declare class PikepayError extends Error {
  constructor(message: string, details?: PikepayErrorDetails);
  /** Stable snake_case code of the kind. */
  readonly code: ErrorCode;
  /** The field path at fault, e.g. `amount_details.amount`. */
  readonly field: string | null;
  /** Pike's own error code, verbatim. */
  readonly pikeCode: string | null;
  /** Pike's own error description, masked: card numbers, tokens and codes hidden. */
  readonly pikeDescription: string | null;
  /**
   * Pike's error description exactly as received. UNSAFE TO LOG: it may hold card
   * numbers, security codes or tokens Pike echoed back.
   */
  rawPikeDescription(): string | null;
  /** HTTP status of the answer, when there was one. */
  readonly httpStatus: number | null;
  /** The idempotency key of the call: retry with it to stay safe. */
  readonly idempotencyKey: string | null;
  /** Whether sending the same call again (with the same key) can help. */
  readonly retryable: boolean;
  /** How long the server asked to wait, in milliseconds. */
  readonly retryAfterMs: number | null;
}

// generated from the core's error table: error classes
/** The client or sandbox is configured wrongly; fix the setting named in the message. */
export declare class ConfigurationError extends PikepayError {
  readonly code: 'configuration_error';
  static readonly code: 'configuration_error';
}
/**
 * A key could not be loaded; supply an unencrypted RSA key of 2048 bits or more in PEM or
 * DER.
 */
export declare class InvalidKeyError extends PikepayError {
  readonly code: 'invalid_key_error';
  static readonly code: 'invalid_key_error';
}
/** A signature did not match the exact body; reject the message (answer 400 to a webhook). */
export declare class SignatureVerificationError extends PikepayError {
  readonly code: 'signature_verification_error';
  static readonly code: 'signature_verification_error';
}
/** The request is invalid at the field named; correct it and send again. */
export declare class InvalidRequestError extends PikepayError {
  readonly code: 'invalid_request_error';
  static readonly code: 'invalid_request_error';
}
/**
 * Pike refused the credentials; check the project id, the private key and the key Pike
 * holds.
 */
export declare class AuthenticationError extends PikepayError {
  readonly code: 'authentication_error';
  static readonly code: 'authentication_error';
}
/**
 * The idempotency key clashed; Pike's code says how: ..._params_mismatch needs a new key,
 * ..._already_exists means the first request is still running.
 */
export declare class IdempotencyError extends PikepayError {
  readonly code: 'idempotency_error';
  static readonly code: 'idempotency_error';
}
/** Pike has no such object; check the id you sent. */
export declare class NotFoundError extends PikepayError {
  readonly code: 'not_found_error';
  static readonly code: 'not_found_error';
}
/** Too many requests; wait (Retry-After when given) and try again. */
export declare class RateLimitError extends PikepayError {
  readonly code: 'rate_limit_error';
  static readonly code: 'rate_limit_error';
}
/** Pike refused the request; Pike's code and description on the error say why. */
export declare class ApiError extends PikepayError {
  readonly code: 'api_error';
  static readonly code: 'api_error';
}
/** Pike failed on its side; retry later with the same idempotency key. */
export declare class ServerError extends PikepayError {
  readonly code: 'server_error';
  static readonly code: 'server_error';
}
/** The request never reached Pike; it is safe to send it again. */
export declare class NetworkError extends PikepayError {
  readonly code: 'network_error';
  static readonly code: 'network_error';
}
/**
 * The request may have been processed; retry with the same idempotency key or check
 * session status.
 */
export declare class OutcomeUnknownError extends PikepayError {
  readonly code: 'outcome_unknown_error';
  static readonly code: 'outcome_unknown_error';
}
/** An answer could not be read; it was not the JSON expected. Check the base URL. */
export declare class DecodeError extends PikepayError {
  readonly code: 'decode_error';
  static readonly code: 'decode_error';
}
/** A bug in pikepay; please report it with the message. */
export declare class InternalError extends PikepayError {
  readonly code: 'internal_error';
  static readonly code: 'internal_error';
}
// end of generated: error classes
