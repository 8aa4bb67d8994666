'use strict';
/**
 * pikepay for Node: the Pike payments API (signed requests, webhooks, payouts and
 * payments). A thin layer over the native addon built from the Rust crate `pikepay`:
 * the core signs, retries, validates and renames; this file only shapes the API,
 * converts arguments and results, and maps errors to classes.
 */

const { EventEmitter } = require('node:events');
const { inspect } = require('node:util');
const native = require('./native.js');
const { observe, chooseLogger, drained } = require('./observe.js');
const OPERATIONS = require('./generated/operations.js');

// ---------------------------------------------------------------- results ----

let rawJson = false;

/** JSON text of a value as it is, bypassing the redacting `toJSON` of results. */
function stringifyRaw(value, what) {
  rawJson = true;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) {
      throw typeError(`${what} must be a JSON value, got ${describe(value)}`);
    }
    return text;
  } finally {
    rawJson = false;
  }
}

/** A copy of `value` with card data, tokens and keys replaced by "[redacted]". */
function redact(value) {
  const json = stringifyRaw(value, 'value');
  return JSON.parse(callNative(() => native.redactJson(json)));
}

/**
 * The core's table of secret fields (`{ name, matches, what }`, `matches` being
 * 'exact', 'suffix' or 'prefix') and of the fields made to be shown (`public_token`).
 */
const SECRET_FIELDS = Object.freeze(native.secretFields().map((f) => Object.freeze({ ...f })));
const PUBLIC_FIELDS = Object.freeze(native.publicFields());

/** 'secret', 'public' or 'plain': what the core's table says of an object key. */
function classifyKey(key) {
  const k = key.toLowerCase();
  if (PUBLIC_FIELDS.includes(k)) return 'public';
  for (const f of SECRET_FIELDS) {
    if (f.matches === 'exact' ? k === f.name : f.matches === 'suffix' ? k.endsWith(f.name) : k.startsWith(f.name)) {
      return 'secret';
    }
  }
  return 'plain';
}

/** classifyKey's answers for the keys seen so far (at most KEY_CLASSES_MAX of them). */
const KEY_CLASSES = new Map();
const KEY_CLASSES_MAX = 4096;

/** classifyKey(key), remembered: results repeat the same keys call after call. */
function keyClass(key) {
  let kind = KEY_CLASSES.get(key);
  if (kind === undefined) {
    kind = classifyKey(key);
    if (KEY_CLASSES.size < KEY_CLASSES_MAX) KEY_CLASSES.set(key, kind);
  }
  return kind;
}

/** A copy of `value` with every scalar replaced by "[redacted]" (null stays null). */
function redactAll(value) {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(redactAll);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAll(v)]));
  }
  return '[redacted]';
}

/** What an object of a result shows, by where it sits ('plain', 'secret', 'public'). */
function shown(object, context) {
  const rawCopy = () => JSON.parse(stringifyRaw(object, 'value'));
  switch (context) {
    case 'secret':
      return redactAll(rawCopy());
    case 'public':
      return rawCopy();
    default:
      return redact(object);
  }
}

/**
 * The redacting `toJSON` and `util.inspect` of the objects sitting in `context`, as
 * property descriptors made once: each object gets two properties, and its context is
 * which pair it has.
 */
function redacting(context) {
  return {
    toJSON: {
      value: function toJSON() {
        return rawJson ? this : shown(this, context);
      },
    },
    inspect: {
      value: function redactedInspect(depth, options, inspectFn) {
        return inspectFn(shown(this, context), options);
      },
    },
  };
}

const REDACTING = { plain: redacting('plain'), secret: redacting('secret'), public: redacting('public') };

/** Gives `value` the redacting `toJSON` and `util.inspect` of the objects in `context`. */
function dress(value, context) {
  const methods = REDACTING[context];
  Object.defineProperty(value, 'toJSON', methods.toJSON);
  Object.defineProperty(value, inspect.custom, methods.inspect);
}

/**
 * Gives each object and array of a parsed answer that holds a secret (a value under a
 * secret field, at any depth) a redacting `toJSON` and `util.inspect`, each knowing
 * whether it sits under a secret field. The others need none: shown as they are, they
 * show their dressed children through those children's own methods. Most objects of
 * an answer hold no secret, so most are left as `JSON.parse` made them. Returns whether
 * `value` holds a secret.
 */
function decorate(value, context) {
  if (value === null) return false;
  if (typeof value !== 'object') return context === 'secret';
  let secret = false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) secret = decorate(value[i], context) || secret;
  } else {
    for (const key of Object.keys(value)) {
      secret = decorate(value[key], context === 'plain' ? keyClass(key) : context) || secret;
    }
  }
  if (secret) dress(value, context);
  return secret;
}

/**
 * Parses the native JSON text into a plain object whose `util.inspect` and
 * `JSON.stringify`, at every depth, show no card data or keys, with the call's
 * `idempotencyKey` and `httpStatus` as non-enumerable properties. Integers beyond
 * `Number.MAX_SAFE_INTEGER` and numbers a JS number cannot hold exactly arrive from the
 * addon as the strings of their exact text.
 */
function toResult(json, idempotencyKey, httpStatus) {
  const value = JSON.parse(json);
  if (value === null || typeof value !== 'object') return value;
  decorate(value, 'plain');
  Object.defineProperties(value, {
    idempotencyKey: { value: idempotencyKey ?? null },
    httpStatus: { value: httpStatus ?? null },
  });
  return value;
}

// ----------------------------------------------------------------- errors ----

/** The base class of every error pikepay throws or rejects with. */
class PikepayError extends Error {
  #rawPikeDescription;

  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    const kind = KIND_BY_CLASS.get(new.target);
    /** Stable snake_case code of the kind, e.g. `outcome_unknown_error`. */
    this.code = kind ? kind.code : (details.code ?? null);
    /** The field path at fault (`amount_details.amount`), for invalid requests. */
    this.field = details.field ?? null;
    /** Pike's own error code, verbatim. */
    this.pikeCode = details.pikeCode ?? null;
    /** Pike's own error description, masked (card numbers, tokens and codes hidden). */
    this.pikeDescription = details.pikeDescription ?? null;
    this.#rawPikeDescription = details.rawPikeDescription ?? this.pikeDescription;
    /** HTTP status of the answer, when there was one. */
    this.httpStatus = details.httpStatus ?? null;
    /** The idempotency key the call used: retry with it to stay safe. */
    this.idempotencyKey = details.idempotencyKey ?? null;
    /** Whether sending the same call again (with the same key) can help. */
    this.retryable = details.retryable ?? (kind ? kind.retryable : false);
    /** How long the server asked to wait before trying again, in milliseconds. */
    this.retryAfterMs = details.retryAfterMs ?? null;
  }

  /**
   * Pike's error description exactly as received. UNSAFE TO LOG: it may hold card
   * numbers, security codes or tokens Pike echoed back; `pikeDescription` is the masked form.
   */
  rawPikeDescription() {
    return this.#rawPikeDescription;
  }
}
Object.defineProperty(PikepayError.prototype, 'name', {
  value: 'PikepayError',
  writable: true,
  configurable: true,
});

/** The core's error kinds: `{ code, className, summary, retryable }`, in core order. */
const ERROR_KINDS = Object.freeze(native.errorKinds().map((k) => Object.freeze({ ...k })));

const KIND_BY_CLASS = new Map();
const CLASS_BY_CODE = new Map();
/** One subclass of PikepayError per core kind, by class name. */
const errorClasses = {};
for (const kind of ERROR_KINDS) {
  const cls = { [kind.className]: class extends PikepayError {} }[kind.className];
  Object.defineProperty(cls.prototype, 'name', {
    value: kind.className,
    writable: true,
    configurable: true,
  });
  Object.defineProperties(cls, {
    code: { value: kind.code, enumerable: true },
    summary: { value: kind.summary, enumerable: true },
  });
  KIND_BY_CLASS.set(cls, kind);
  CLASS_BY_CODE.set(kind.code, cls);
  errorClasses[kind.className] = cls;
}

/** Codes of the addon's argument conversion failures: wrong JS types. */
const NAPI_TYPE_CODES = new Set([
  'InvalidArg',
  'ObjectExpected',
  'StringExpected',
  'NumberExpected',
  'BooleanExpected',
  'ArrayExpected',
  'BigintExpected',
]);

/**
 * The PikepayError subclass instance for an error thrown by the addon; a wrong argument
 * type becomes a TypeError.
 */
function fromNative(err) {
  if (!(err instanceof Error)) return err;
  if (NAPI_TYPE_CODES.has(err.code)) return typeError(err.message);
  const cls = CLASS_BY_CODE.get(err.code);
  if (cls === undefined) return err;
  const e = new cls(err.message, err);
  e.stack = `${e.name}: ${e.message}\n${String(err.stack).split('\n').slice(1).join('\n')}`;
  return e;
}

function callNative(fn) {
  try {
    return fn();
  } catch (err) {
    throw fromNative(err);
  }
}

function typeError(message) {
  const e = new TypeError(message);
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return typeof value;
}

/** A Buffer or string for the addon; Uint8Array views are wrapped without copying. */
function bytesArg(value, name, hint = '') {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  throw typeError(`${name} must be a Buffer or string${hint}, got ${describe(value)}`);
}

function optionalString(value, name) {
  if (value === undefined || value === null || typeof value === 'string') return value ?? null;
  throw typeError(`${name} must be a string, got ${describe(value)}`);
}

function plainObject(value, name) {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value;
  throw typeError(`${name} must be an object, got ${describe(value)}`);
}

/**
 * Checks an options object against `types` (option name -> 'string', 'number',
 * 'boolean', 'bytes' or 'any'): no unknown option, and each given one of its type, so a
 * mistake is a TypeError naming the option as the caller wrote it.
 */
function checkOptions(object, types, name) {
  const known = Object.keys(types);
  for (const [key, value] of Object.entries(object)) {
    const type = types[key];
    if (type === undefined) {
      throw typeError(`${name} has no option '${key}' (known: ${known.join(', ')})`);
    }
    if (value === undefined || value === null || type === 'any') continue;
    if (type === 'bytes') {
      bytesArg(value, `option '${key}'`);
    } else if (typeof value !== type) {
      throw typeError(`option '${key}' must be a ${type}, got ${describe(value)}`);
    }
  }
}

/**
 * Checks that `params` names only fields of `operation` (the generated table's row), so
 * a misspelt field is a TypeError here as an unknown keyword is in Python; a field this
 * version does not know goes in `options.extraBody`.
 */
function checkParams(params, operation) {
  for (const key of Object.keys(params)) {
    if (!operation.params.includes(key)) {
      const known = operation.params.length === 0 ? 'none' : operation.params.join(', ');
      throw typeError(
        `params of ${operation.path} has no field '${key}' (known: ${known}); send fields this version does not know in options.extraBody`,
      );
    }
  }
}

// ---------------------------------------------------------------- signing ----

/**
 * Signs the exact `body` bytes with an RSA private key (PEM or DER); returns the
 * base64 RSASSA-PKCS1-v1_5 / SHA-256 signature, the `X-PARTNER-SIGN` value.
 */
function sign(body, privateKey) {
  const b = bytesArg(body, 'body');
  const k = bytesArg(privateKey, 'privateKey', ' (PEM or DER)');
  return callNative(() => native.sign(b, k));
}

/**
 * Verifies a base64 `signature` over the exact `body` bytes with an RSA public key
 * (PEM or DER). Returns nothing; throws SignatureVerificationError on a mismatch.
 */
function verify(body, signature, publicKey) {
  const b = bytesArg(body, 'body');
  const s = optionalString(signature, 'signature') ?? '';
  const k = bytesArg(publicKey, 'publicKey', ' (PEM or DER)');
  callNative(() => native.verify(b, s, k));
}

/**
 * Checks a request body (canonical v2 names) for the method `endpoint` (e.g.
 * `'session/init/payout'`) the way the client does before sending. Returns nothing;
 * throws InvalidRequestError with `field` and `pikeDescription` naming what is wrong.
 */
function validateRequest(endpoint, body) {
  const e = optionalString(endpoint, 'endpoint') ?? '';
  const json = stringifyRaw(body, 'body');
  callNative(() => native.validateRequest(e, json));
}

// ---------------------------------------------------------------- webhook ----

/** The request header that carries Pike's signature (the core's name, in lower case as Node gives it). */
const SIGNATURE_HEADER = native.SIGNATURE_HEADER.toLowerCase();

/** Verifies and parses webhooks signed with Pike's public key. */
class Webhook {
  #native;

  /** A verifier for Pike's public key (PEM or DER). */
  constructor(publicKey) {
    const k = bytesArg(publicKey, 'publicKey', ' (PEM or DER)');
    this.#native = callNative(() => new native.NativeWebhook(k));
  }

  /**
   * Verifies `signature` (the `X-PARTNER-SIGN` header) over the exact raw body, then
   * parses it: `{ type, session }` with canonical (v2) names. Throws
   * SignatureVerificationError when the signature is missing or does not match.
   */
  constructEvent(rawBody, signature) {
    const body = bytesArg(rawBody, 'rawBody', ' holding the exact bytes received (e.g. express.raw())');
    const sig = optionalString(signature, 'signature');
    return toResult(callNative(() => this.#native.constructEvent(body, sig)), null, null);
  }

  /**
   * `constructEvent(request.body, request.headers['x-partner-sign'])` for a request of
   * Express (with `express.raw()`), Fastify (with a Buffer body parser) or node:http
   * with the body read into `request.body`. For a Fetch API `Request` (Next.js route
   * handlers, Hono's `c.req.raw`, Bun.serve, Deno, workers) it reads the body and
   * returns a Promise of the event.
   */
  constructEventFromRequest(request) {
    if (isFetchRequest(request)) {
      return request.arrayBuffer().then((body) =>
        this.constructEvent(Buffer.from(body), request.headers.get(SIGNATURE_HEADER)),
      );
    }
    const headers = plainObject(request?.headers, 'request.headers');
    return this.constructEvent(request?.body, headers[SIGNATURE_HEADER]);
  }

  /**
   * A stable key for one delivery: `whk_` and the hex SHA-256 of the raw body. Pike signs
   * only the body, so a delivery sent again verifies again: record this key with what the
   * webhook made you do (unique constraint) and skip a webhook whose key you have.
   */
  static dedupeKey(rawBody) {
    return native.webhookDedupeKey(bytesArg(rawBody, 'rawBody'));
  }
}

/** A Fetch API `Request` (global in Node 18+, Bun, Deno), also from another realm. */
function isFetchRequest(value) {
  return (
    (typeof Request === 'function' && value instanceof Request) ||
    (typeof value?.arrayBuffer === 'function' && typeof value?.headers?.get === 'function')
  );
}

// ----------------------------------------------------------------- client ----

const CLIENT_OPTIONS = {
  project: 'string',
  privateKey: 'bytes',
  baseUrl: 'string',
  apiVersion: 'number',
  submerchant: 'string',
  timeoutMs: 'number',
  connectTimeoutMs: 'number',
  requestTimeoutMs: 'number',
  maxRetries: 'number',
  maxConnections: 'number',
  proxy: 'string',
  rootCertificatePem: 'bytes',
  userAgentSuffix: 'string',
  allowInsecureHttp: 'boolean',
  maxResponseBytes: 'number',
  logger: 'any',
};
/** The JS type of each kind of option in the core's tables. */
const OPTION_TYPES = {
  text: 'string',
  duration: 'number',
  count: 'number',
  flag: 'boolean',
  object: 'any',
  headers: 'any',
  until: 'any',
};

/** Option name -> JS type, from one of the core's option tables, plus the AbortSignal. */
function optionTypes(table) {
  return { ...Object.fromEntries(table.map((o) => [o.name, OPTION_TYPES[o.kind]])), signal: 'any' };
}
const CALL_OPTIONS = optionTypes(native.callOptions());
const WAIT_OPTIONS = optionTypes(native.waitOptions());

/** The options object checked for JS types; the signal is handled here, the rest by the core. */
function callOptions(options, allowed) {
  const o = plainObject(options, 'options');
  checkOptions(o, allowed, 'options');
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw typeError(`options.signal must be an AbortSignal, got ${describe(o.signal)}`);
  }
  return o;
}

/**
 * The options the core reads, as one JSON text (the signal stays here). A number JSON
 * cannot hold (NaN, Infinity) goes as its name, so the core refuses it instead of
 * seeing null.
 */
function nativeOptions(o) {
  const { signal, ...rest } = o;
  rawJson = true;
  try {
    return JSON.stringify(rest, (key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
  } finally {
    rawJson = false;
  }
}

/**
 * `wait`'s condition: a function of the session is handed to the core wrapped, so it
 * gets the session as a result object and what it throws is kept, to be thrown again
 * when the wait ends.
 */
function waitCheck(until) {
  const state = { failed: false, raised: undefined };
  if (typeof until !== 'function') return { check: undefined, state };
  const check = (sessionJson) => {
    try {
      return Boolean(until(toResult(sessionJson, null, null)));
    } catch (err) {
      state.failed = true;
      state.raised = err;
      return true;
    }
  };
  return { check, state };
}

/**
 * The rejection of an aborted call: `signal.reason` as it is, or, when the call carried
 * an idempotency key (the caller's or a generated one), an AbortError holding that key
 * as `idempotencyKey` and the reason as `cause`, since the call may have been processed.
 */
function abortError(reason, idempotencyKey) {
  if (idempotencyKey === null || idempotencyKey === undefined) return reason;
  const e = new DOMException(
    'The call was aborted; it may have been processed: repeat it with the same idempotencyKey to find out safely',
    'AbortError',
  );
  Object.defineProperties(e, {
    idempotencyKey: { value: idempotencyKey, enumerable: true },
    cause: { value: reason, configurable: true, writable: true },
  });
  return e;
}

/**
 * Runs one native call with cancellation: an aborted `signal` drops the Rust future and
 * rejects as `abortError` says. Resolves to a result object, rejects with PikepayError.
 */
async function run(signal, start, observed = false) {
  let token = null;
  const onAbort = () => token.cancel();
  if (signal !== undefined) {
    signal.throwIfAborted();
    token = new native.CancelToken();
    signal.addEventListener('abort', onAbort, { once: true });
  }
  try {
    const started = start(token);
    const reply = await (observed ? started.finally(drained) : started);
    return toResult(reply.body, reply.idempotencyKey, reply.httpStatus);
  } catch (err) {
    throw signal?.aborted ? abortError(signal.reason, token.idempotencyKey) : fromNative(err);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The Pike API client. Resources: `sessions`, `recurrent`, `tokens`, `fps`, `wallet`,
 * `sberpay`; `request()` for any other method. Every method returns a Promise.
 * An EventEmitter: `'request'` before each attempt, `'response'` after it.
 */
class Client extends EventEmitter {
  #native;
  #observed = false;

  constructor(options) {
    super();
    const o = plainObject(options, 'options');
    checkOptions(o, CLIENT_OPTIONS, 'options');
    const { logger: loggerOption, ...settings } = o;
    const nativeOptions = {
      ...settings,
      privateKey: bytesArg(o.privateKey, 'options.privateKey', ' (PEM or DER)'),
      rootCertificatePem: o.rootCertificatePem == null ? o.rootCertificatePem : bytesArg(o.rootCertificatePem, 'options.rootCertificatePem'),
    };
    const logger = chooseLogger(loggerOption, typeError);
    const { listener, update } = observe(this, logger, (on) => {
      this.#observed = on;
      this.#native?.setObserving(on);
    });
    this.#native = callNative(() => new native.NativeClient(nativeOptions, listener));
    update();
    this.on('removeListener', update);
    // Switched on before the listener is added, so a call made right after sees it.
    this.on('newListener', (name) => {
      if (name === 'request' || name === 'response') {
        this.#observed = true;
        this.#native.setObserving(true);
      }
    });
    for (const [resource, methods] of Object.entries(OPERATIONS)) {
      const bound = {};
      for (const [name, operation] of Object.entries(methods)) {
        bound[name] = (params, opts) => this.#call(operation, params, opts);
      }
      if (resource === 'sessions') bound.wait = (params, opts) => this.#wait(params, opts);
      this[resource] = Object.freeze(bound);
    }
  }

  /** The API version requests use (v1-only methods still go to v1). */
  get apiVersion() {
    return this.#native.apiVersion;
  }

  /** The base URL requests go to. */
  get baseUrl() {
    return this.#native.baseUrl;
  }

  /** The total deadline of a call in milliseconds (the core's default unless given). */
  get timeoutMs() {
    return JSON.parse(this.#native.settings()).timeout_ms;
  }

  /** How many times a call that can be repeated safely is sent again. */
  get maxRetries() {
    return JSON.parse(this.#native.settings()).max_retries;
  }

  /** Calls any Pike method path (`'session/status'` or `'/api/v1/session/status'`). */
  async request(method, path, body, options) {
    const o = callOptions(options, CALL_OPTIONS);
    const m = optionalString(method, 'method');
    const p = optionalString(path, 'path');
    const json = stringifyRaw(body ?? {}, 'body');
    return run(o.signal, (token) => this.#native.request(m ?? '', p ?? '', json, nativeOptions(o), token), this.#observed);
  }

  async #call(operation, params, options) {
    const o = callOptions(options, CALL_OPTIONS);
    const p = plainObject(params, 'params');
    checkParams(p, operation);
    const json = stringifyRaw(p, 'params');
    return run(o.signal, (token) => this.#native.call(operation.path, json, nativeOptions(o), token), this.#observed);
  }

  async #wait(params, options) {
    const p = plainObject(params, 'params');
    const o = callOptions(options, WAIT_OPTIONS);
    const sessionId = optionalString(p.session_id, 'params.session_id') ?? '';
    const { check, state } = waitCheck(o.until);
    const json = nativeOptions(check === undefined ? o : { ...o, until: undefined });
    const result = await run(o.signal, (token) => this.#native.wait(sessionId, json, check, token), this.#observed);
    if (state.failed) throw state.raised;
    return result;
  }

  [inspect.custom]() {
    return `Client { baseUrl: '${this.baseUrl}', apiVersion: ${this.apiVersion} }`;
  }
}

module.exports = {
  Client,
  Webhook,
  sign,
  verify,
  redact,
  validateRequest,
  DEMO_URL: native.DEMO_URL,
  LIVE_URL: native.LIVE_URL,
  SIGNATURE_HEADER,
  PikepayError,
  ERROR_KINDS,
  SECRET_FIELDS,
  PUBLIC_FIELDS,
  ...errorClasses,
};

// Shared with the package's own `pikepay/testing` entry; not part of the API.
Object.defineProperty(module.exports, '_internal', { value: Object.freeze({ callNative, bytesArg }) });
