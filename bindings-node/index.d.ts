// Types of the `pikepay` package. Model fields keep Pike's snake_case wire names
// (canonical API v2 names); options and error properties are camelCase.

/// <reference types="node" />

import { EventEmitter } from 'node:events';

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

/** A session status; unknown future values are kept as strings. */
export type SessionStatus = 'created' | 'in_progress' | 'accepted' | 'cancelled' | 'canceled' | 'error' | (string & {});
/** A payout, payment or refund item status; unknown future values are kept. */
export type ItemStatus = 'in_progress' | 'pending' | 'succeeded' | 'failed' | 'accepted' | 'declined' | 'error' | (string & {});
/** What Pike waits for you to do. */
export type NextAction = 'confirm' | 'capture' | (string & {});
/** The webhook types; unknown future types are kept as strings. */
export type EventType =
  | 'action_required'
  | 'ready_to_confirm'
  | 'ready_to_capture'
  | 'payment_finished'
  | 'payment_refunded'
  | (string & {});

// ------------------------------------------------------------------ models ---

/** Money: integer minor units (10000 = 100.00) and a lower-case currency code. */
export interface AmountDetails {
  amount: number;
  currency: string;
}

/** A card number given in full (PCI DSS merchants only). */
export interface BankCard {
  number: string;
  /** Two digits, "01" to "12"; required for payments. */
  expiration_month?: string;
  /** Two digits; required for payments. */
  expiration_year?: string;
  security_code?: string;
  cardholder_name?: string;
}

/** A card by widget or `tokenize/elements` token. */
export interface TokenizedCard {
  token: string;
}

/** A card by the hashes Pike returned from an earlier payment. */
export interface EncryptedCard {
  number_hash: string;
  expiration_date_hash?: string;
  security_code_hash?: string;
  cardholder_name_hash?: string;
}

/** The card of a request, tagged by `type`. */
export type CardDetails =
  | { type: 'bank_card'; bank_card: BankCard }
  | { type: 'tokenized_card'; tokenized_card: TokenizedCard }
  | { type: 'encrypted_card'; encrypted_card: EncryptedCard };

/** A recurring token. */
export interface RecurrentDetails {
  token: string;
  /** For payments: `merchant` (MIT, no user) or `client` (CIT, with 3-D Secure). */
  initiator?: 'merchant' | 'client';
}

/** Faster Payment System (SBP) recipient. */
export interface FasterPaymentSystemAccount {
  phone: string;
  bank_id: string;
  /** Payout purpose; required for payouts. */
  description?: string;
}

/** Russian bank account (sister documentation). */
export interface RuBankAccount {
  bik?: string;
  account?: string;
  full_name?: string;
  description?: string;
  is_fast?: boolean;
  inn?: string;
  kpp?: string;
}

/** A bank account of a payout, tagged by `system_type`. */
export type BankAccountDetails =
  | { system_type: 'faster_payment_system'; faster_payment_system: FasterPaymentSystemAccount }
  | {
      system_type: 'faster_payment_system_verification';
      faster_payment_system_verification: FasterPaymentSystemAccount;
    }
  | { system_type: 'ru'; ru: RuBankAccount }
  | { system_type: 'iban'; iban: { account: string } }
  | { system_type: 'global'; global: { iban: string; description?: string } }
  | { system_type: 'upi'; upi: JsonObject };

/** Where a payout goes (API v1 calls it `payment_method`; the client renames it). */
export type PayoutDetails =
  | { type: 'card'; card: CardDetails }
  | { type: 'bank_account'; bank_account: BankAccountDetails }
  | { type: 'recurrent'; recurrent: RecurrentDetails };

/** SberPay payment details. */
export interface SberPayDetails {
  channel: 'app' | 'mobile_web' | 'web';
  phone?: string;
}

/** How a payment is paid. */
export type PaymentDetails =
  | { type: 'card'; card: CardDetails }
  | { type: 'recurrent'; recurrent: RecurrentDetails }
  | { type: 'faster_payment_system'; faster_payment_system?: JsonObject }
  | { type: 'internet_banking'; internet_banking: { type: 'sber_pay'; sber_pay: SberPayDetails } };

/** A contact of a customer. */
export interface CustomerContact {
  email?: string;
  phone?: string;
}

/** Your reference for the user. */
export interface Customer {
  reference: string;
  contacts?: CustomerContact[];
}

/** Sender or recipient; Pike documents a few fields and accepts more. */
export interface Participant {
  full_name?: string;
  first_name?: string;
  last_name?: string;
  middle_name?: string;
  company_name?: string;
  reference?: string;
  ipv4?: string;
  country_iso3?: string;
  [field: string]: unknown;
}

/** Sender and recipient. */
export interface ParticipantDetails {
  sender?: Participant;
  recipient?: Participant;
}

/** Extra payment options. */
export interface PaymentOptions {
  /** Where the user returns after 3-D Secure or a payment page. */
  return_url?: string;
  /** Ask for a recurring token on this first payment. */
  recurrent?: boolean;
  [option: string]: JsonValue | undefined;
}

/** Free data echoed back in answers and webhooks: any JSON. */
export type Metadata = JsonValue;

/** An instrument as Pike shows it in answers: masked (`last4`, `brand`) or echoed. */
export interface InstrumentInfo {
  type?: string;
  card?: {
    type?: string;
    last4?: string;
    brand?: string;
    bin?: string;
    country_iso3?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** A refund (or chargeback) of a payment. */
export interface Refund {
  id: string;
  status: ItemStatus;
  created_at?: string;
  finished_at?: string;
  amount_details?: AmountDetails;
  is_chargeback?: boolean;
  [field: string]: unknown;
}

/** What the user must do, e.g. a 3-D Secure redirect. */
export interface CustomerInteraction {
  type: 'redirect' | 'inform' | (string & {});
  redirect?: {
    url: string;
    base_url?: string;
    method?: string;
    qs?: { [key: string]: string };
    params?: { [key: string]: string };
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** Bank references of a transaction. */
export interface TransactionInfo {
  rrn?: string;
  auth_code?: string;
  fp_message_id?: string;
  [field: string]: unknown;
}

/** Pike's error object inside a session or item. */
export interface PikeErrorObject {
  code?: string;
  description?: string;
  [field: string]: unknown;
}

/** Fields shared by payout and payment items. */
interface ItemBase {
  id: string;
  status: ItemStatus;
  created_at?: string;
  finished_at?: string;
  amount_details?: AmountDetails;
  customer?: Customer;
  participant_details?: ParticipantDetails;
  transaction_info?: TransactionInfo;
  customer_interaction?: CustomerInteraction;
  refunds?: Refund[];
  metadata?: Metadata;
  error?: PikeErrorObject;
  [field: string]: unknown;
}

/** One payout of a session (`payout_list[]`; v1 `payments[]`). */
export interface Payout extends ItemBase {
  payout_details?: InstrumentInfo;
}

/** One incoming payment of a session (`payment_list[]`; v1 `acquiring_payments[]`). */
export interface Payment extends ItemBase {
  payment_details?: InstrumentInfo;
  payment_options?: PaymentOptions;
  recurrent?: { token?: string; created_at?: string; finished_at?: string; is_active?: boolean };
}

/** A session: one or more payouts and payments. */
export interface Session {
  id: string;
  status: SessionStatus;
  created_at?: string;
  updated_at?: string;
  finished_at?: string;
  next_action?: NextAction;
  payout_list?: Payout[];
  payment_list?: Payment[];
  error?: PikeErrorObject;
  [field: string]: unknown;
}

/** A recurring, public or card token's information. */
export interface TokenInfo {
  type: 'card' | 'public_token' | 'recurrent_token' | (string & {});
  token?: string;
  created_at?: string;
  finished_at?: string;
  is_active?: boolean;
  number_hash?: string;
  brand?: string;
  last4?: string;
  [field: string]: unknown;
}

/** A Faster Payment System bank. */
export interface Bank {
  id: string;
  eng_name?: string;
  ru_name?: string;
  [field: string]: unknown;
}

/** A Pike deposit wallet. */
export interface Wallet {
  id: string;
  amount_details: AmountDetails;
  [field: string]: unknown;
}

/** One tokenized card element. */
export interface TokenizedElement {
  token: string;
  info?: { masked_card_number?: string; card_network?: string; card_type?: string };
}

// ---------------------------------------------------------------- requests ---

/** `session/create`: an empty or pre-filled session. */
export interface CreateSessionParams {
  payout_details?: PayoutDetails;
  payment_details?: PaymentDetails;
  amount_details?: AmountDetails;
  participant_details?: ParticipantDetails;
  customer?: Customer;
  payment_options?: PaymentOptions;
  metadata?: Metadata;
}

/** `session/init/payout`: create a session and start a payout. */
export interface InitPayoutParams {
  payout_details: PayoutDetails;
  amount_details: AmountDetails;
  participant_details?: ParticipantDetails;
  customer?: Customer;
  metadata?: Metadata;
}

/** `session/init/payment`: create a session and start a payment. */
export interface InitPaymentParams {
  payment_details: PaymentDetails;
  amount_details: AmountDetails;
  customer: Customer;
  participant_details?: ParticipantDetails;
  payment_options?: PaymentOptions;
  metadata?: Metadata;
}

/** `session/start/payout`: start a payout in an existing session. */
export interface StartPayoutParams {
  session_id: string;
  payout_details?: PayoutDetails;
  amount_details?: AmountDetails;
  participant_details?: ParticipantDetails;
  customer?: Customer;
  metadata?: Metadata;
}

/** `session/start/payment`: start a payment in an existing session. */
export interface StartPaymentParams {
  session_id: string;
  payment_details?: PaymentDetails;
  amount_details?: AmountDetails;
  customer?: Customer;
  participant_details?: ParticipantDetails;
  payment_options?: PaymentOptions;
  metadata?: Metadata;
}

/** A call that names only the session. */
export interface SessionIdParams {
  session_id: string;
}

/** `session/capture`: debit held money, all of it or `amount_details`. */
export interface CaptureParams {
  session_id: string;
  amount_details?: AmountDetails;
}

/** `session/refund`: return money of a successful payment, all or `amount_details`. */
export interface RefundParams {
  session_id: string;
  amount_details?: AmountDetails;
  metadata?: Metadata;
}

/** `recurrent/disable`. */
export interface DisableRecurrentParams {
  recurrent: { token: string };
}

/** Payment-form widget settings. */
export interface AcquiringWidget {
  session_id: string;
  show_recurrent_checkbox?: boolean;
  success_return_url?: string;
  failure_return_url?: string;
  success_on_hold?: boolean;
  redirect_target?: string;
  locale?: string;
}

/** `token`: a public token for Pike's widgets. */
export interface CreateTokenParams {
  tokenize_widget?: { access?: boolean; locale?: string };
  acquiring_widget?: AcquiringWidget;
  fps_no_account_widget?: { session_id?: string };
}

/** `token/info`. */
export type TokenInfoParams =
  | { type: 'card'; card: CardDetails }
  | { type: 'public_token'; public_token: { token: string } }
  | { type: 'recurrent_token'; recurrent_token: { token: string } };

/** One card number to tokenize. */
export interface CardElement {
  ref: string;
  type: 'card_number';
  card_number: string;
}

/** `tokenize/elements`. */
export interface TokenizeElementsParams {
  card_elements: CardElement[];
}

/** `fps/customer_verification`: does this FPS recipient exist? */
export interface CustomerVerificationParams {
  payout_details: PayoutDetails;
  participant_details: ParticipantDetails;
  session_id?: string;
}

/** `wallet/balance`. */
export interface WalletBalanceParams {
  /** ISO 8601 time of the request; the client fills in the current time when absent. */
  request_datetime?: string;
}

/** `sberpay/push`. */
export interface SberpayPushParams {
  session_id: string;
  phone: string;
}

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
 */
export type Result<T> = T & ResultMeta;

/** An answer that holds a session. */
export interface SessionResponse {
  status: 'ok';
  session: Session;
}

/** `recurrent/disable`. */
export interface RecurrentResponse {
  status: 'ok';
  recurrent: TokenInfo;
}

/** `token`. */
export interface PublicTokenResponse {
  status: 'ok';
  public_token: string;
}

/** `token/info`. */
export interface TokenInfoResponse {
  status: 'ok';
  info: TokenInfo;
}

/** `tokenize/elements`: one entry per `ref`. */
export interface TokenizeElementsResponse {
  status: 'ok';
  data: { [ref: string]: TokenizedElement };
}

/** `fps/banks`. */
export interface BanksResponse {
  status?: 'ok';
  banks: Bank[];
}

/** `wallet/balance`. */
export interface WalletBalanceResponse {
  status: 'ok';
  wallets: Wallet[];
}

/** An answer that is only `{"status":"ok"}`. */
export interface OkResponse {
  status: 'ok';
}

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

/** What `sessions.wait` waits for; it also stops at any final session status. */
export type WaitUntil = 'final' | 'next_action' | readonly string[];

/** Settings of `sessions.wait`. */
export interface WaitOptions {
  /** `'final'` (default), `'next_action'`, or a list of session statuses. */
  until?: WaitUntil;
  /** How long to poll before failing with OutcomeUnknownError. */
  timeoutMs?: number;
  /** Cancels the wait. */
  signal?: AbortSignal;
}

/** HTTP method of `client.request`. */
export type HttpMethod = 'GET' | 'POST' | 'get' | 'post';

// ------------------------------------------------------------------ client ---

/** Sessions: payouts, payments, confirm, cancel, capture, refund, status, wait. */
export interface SessionsResource {
  create(params?: CreateSessionParams, options?: CallOptions): Promise<Result<SessionResponse>>;
  initPayout(params: InitPayoutParams, options?: CallOptions): Promise<Result<SessionResponse>>;
  initPayment(params: InitPaymentParams, options?: CallOptions): Promise<Result<SessionResponse>>;
  startPayout(params: StartPayoutParams, options?: CallOptions): Promise<Result<SessionResponse>>;
  startPayment(params: StartPaymentParams, options?: CallOptions): Promise<Result<SessionResponse>>;
  confirm(params: SessionIdParams, options?: CallOptions): Promise<Result<SessionResponse>>;
  cancel(params: SessionIdParams, options?: CallOptions): Promise<Result<SessionResponse>>;
  capture(params: CaptureParams, options?: CallOptions): Promise<Result<SessionResponse>>;
  refund(params: RefundParams, options?: CallOptions): Promise<Result<SessionResponse>>;
  status(params: SessionIdParams, options?: CallOptions): Promise<Result<SessionResponse>>;
  /** Polls `session/status` until `options.until` holds or the session is final. */
  wait(params: SessionIdParams, options?: WaitOptions): Promise<Result<SessionResponse>>;
}

/** Recurring tokens. */
export interface RecurrentResource {
  disable(params: DisableRecurrentParams, options?: CallOptions): Promise<Result<RecurrentResponse>>;
}

/** Public tokens, token info and card tokenization. */
export interface TokensResource {
  create(params?: CreateTokenParams, options?: CallOptions): Promise<Result<PublicTokenResponse>>;
  info(params: TokenInfoParams, options?: CallOptions): Promise<Result<TokenInfoResponse>>;
  tokenizeElements(
    params: TokenizeElementsParams,
    options?: CallOptions,
  ): Promise<Result<TokenizeElementsResponse>>;
}

/** Faster Payment System. */
export interface FpsResource {
  banks(params?: Record<string, never>, options?: CallOptions): Promise<Result<BanksResponse>>;
  customerVerification(
    params: CustomerVerificationParams,
    options?: CallOptions,
  ): Promise<Result<SessionResponse>>;
}

/** Wallet balance. */
export interface WalletResource {
  balance(params?: WalletBalanceParams, options?: CallOptions): Promise<Result<WalletBalanceResponse>>;
}

/** SberPay. */
export interface SberpayResource {
  push(params: SberpayPushParams, options?: CallOptions): Promise<Result<OkResponse>>;
}

/** The Pike API client. Cheap to keep for the life of the process; safe to share. */
/**
 * The Pike API client; an EventEmitter with `'request'` (before each attempt) and
 * `'response'` (after it) events, for metrics and tracing.
 */
export declare class Client extends EventEmitter<ClientEvents> {
  constructor(options: ClientOptions);
  readonly sessions: SessionsResource;
  readonly recurrent: RecurrentResource;
  readonly tokens: TokensResource;
  readonly fps: FpsResource;
  readonly wallet: WalletResource;
  readonly sberpay: SberpayResource;
  /** The configured API version. */
  readonly apiVersion: 1 | 2;
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** Calls any Pike method path (`'session/status'` or `'/api/v1/session/status'`). */
  request(method: HttpMethod, path: string, body?: JsonObject, options?: CallOptions): Promise<Result<JsonObject>>;
}

// ---------------------------------------------------------------- webhooks ---

/**
 * A verified webhook: the received JSON object, whole (canonical names, unknown fields
 * and nulls kept). `type` and `session` are what Pike sent: absent when left out, and a
 * field of an unexpected type holds its raw value, never an exception.
 */
export interface Event {
  type?: EventType;
  session?: Session;
  [field: string]: unknown;
}

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

/** The client or sandbox is configured wrongly. */
export declare class ConfigurationError extends PikepayError {
  readonly code: 'configuration_error';
  static readonly code: 'configuration_error';
}
/** A key could not be loaded. */
export declare class InvalidKeyError extends PikepayError {
  readonly code: 'invalid_key_error';
  static readonly code: 'invalid_key_error';
}
/** A signature did not match the exact body. */
export declare class SignatureVerificationError extends PikepayError {
  readonly code: 'signature_verification_error';
  static readonly code: 'signature_verification_error';
}
/** The request is invalid at `field`. */
export declare class InvalidRequestError extends PikepayError {
  readonly code: 'invalid_request_error';
  static readonly code: 'invalid_request_error';
}
/** Pike refused the credentials. */
export declare class AuthenticationError extends PikepayError {
  readonly code: 'authentication_error';
  static readonly code: 'authentication_error';
}
/** The idempotency key clashed; read `pikeCode`. */
export declare class IdempotencyError extends PikepayError {
  readonly code: 'idempotency_error';
  static readonly code: 'idempotency_error';
}
/** Pike has no such object. */
export declare class NotFoundError extends PikepayError {
  readonly code: 'not_found_error';
  static readonly code: 'not_found_error';
}
/** Too many requests. */
export declare class RateLimitError extends PikepayError {
  readonly code: 'rate_limit_error';
  static readonly code: 'rate_limit_error';
}
/** Pike refused the request; `pikeCode` says why. */
export declare class ApiError extends PikepayError {
  readonly code: 'api_error';
  static readonly code: 'api_error';
}
/** Pike failed on its side. */
export declare class ServerError extends PikepayError {
  readonly code: 'server_error';
  static readonly code: 'server_error';
}
/** The request never reached Pike. */
export declare class NetworkError extends PikepayError {
  readonly code: 'network_error';
  static readonly code: 'network_error';
}
/** The request may have been processed; retry with the same `idempotencyKey`. */
export declare class OutcomeUnknownError extends PikepayError {
  readonly code: 'outcome_unknown_error';
  static readonly code: 'outcome_unknown_error';
}
/** An answer could not be read. */
export declare class DecodeError extends PikepayError {
  readonly code: 'decode_error';
  static readonly code: 'decode_error';
}
/** A bug in pikepay. */
export declare class InternalError extends PikepayError {
  readonly code: 'internal_error';
  static readonly code: 'internal_error';
}
