// Type test of the public surface: `tsc -p tests/node/tsconfig.json` must pass, and every
// `@ts-expect-error` line must really be an error.
import {
  Client,
  Webhook,
  sign,
  verify,
  redact,
  validateRequest,
  DEMO_URL,
  LIVE_URL,
  SIGNATURE_HEADER,
  ERROR_KINDS,
  PikepayError,
  ConfigurationError,
  InvalidKeyError,
  SignatureVerificationError,
  InvalidRequestError,
  AuthenticationError,
  IdempotencyError,
  NotFoundError,
  RateLimitError,
  ApiError,
  ServerError,
  NetworkError,
  OutcomeUnknownError,
  DecodeError,
  InternalError,
} from 'pikepay';
import type { AttemptRequest, AttemptResponse } from 'pikepay';
import { generateKeyPair, signEvent, signedRequest } from 'pikepay/testing';
import type { KeyPair, SignedEvent } from 'pikepay/testing';
import type {
  AmountDetailsParams,
  ClientOptions,
  CallOptions,
  WaitOptions,
  Event,
  ErrorCode,
  ItemStatus,
  RefundStatus,
  SessionInitPayoutParams,
  SessionInitPaymentParams,
  PayoutDetailsParams,
  PaymentDetailsParams,
  Result,
  Session,
  SessionResponse,
  PayoutItem,
  PaymentItem,
  Refund,
  ErrorKindInfo,
} from 'pikepay';

const options: ClientOptions = {
  project: 'p1',
  privateKey: Buffer.from('pem'),
  baseUrl: DEMO_URL,
  apiVersion: 2,
  submerchant: 'shop-7',
  timeoutMs: 30_000,
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  maxRetries: 2,
  userAgentSuffix: 'shop/1.0',
  allowInsecureHttp: false,
  maxResponseBytes: 8 * 1024 * 1024,
};
const client = new Client(options);
const live: string = LIVE_URL;

// @ts-expect-error apiVersion is 1 or 2
new Client({ project: 'p', privateKey: 'k', apiVersion: 3 });
// @ts-expect-error privateKey is required
new Client({ project: 'p' });

const amount: AmountDetailsParams = { amount: 1000, currency: 'rub' };
const payoutDetails: PayoutDetailsParams = {
  type: 'card',
  card: { type: 'bank_card', bank_card: { number: '4242424242424242' } },
};
const payout: SessionInitPayoutParams = {
  payout_details: payoutDetails,
  amount_details: amount,
  participant_details: { recipient: { full_name: 'Ivanov Ivan' } },
  metadata: { order: 17 },
};
const paymentDetails: PaymentDetailsParams = {
  type: 'card',
  card: {
    type: 'bank_card',
    bank_card: { number: '4242424242424242', expiration_month: '05', expiration_year: '30', security_code: '123' },
  },
};
const payment: SessionInitPaymentParams = {
  payment_details: paymentDetails,
  amount_details: amount,
  customer: { reference: 'user-1', contacts: [{ email: 'a@example.com' }] },
  payment_options: { return_url: 'https://shop.example/back' },
};

// @ts-expect-error amount_details is required for a payout
const incomplete: SessionInitPayoutParams = { payout_details: payoutDetails };
// @ts-expect-error an unknown card type
const wrongCard: PayoutDetailsParams = { type: 'card', card: { type: 'paper_card', paper_card: {} } };

async function flows(): Promise<void> {
  const controller = new AbortController();
  const call: CallOptions = { idempotencyKey: 'order-17-payout', timeoutMs: 5000, maxRetries: 0, signal: controller.signal };
  const created: Result<SessionResponse> = await client.sessions.initPayout(payout, call);
  const key: string | null = created.idempotencyKey;
  const session: Session = created.session;
  const items: PayoutItem[] = session.payout_list;
  const succeeded: boolean = created.session.payout_list[0].status === 'succeeded';
  const itemStatus: ItemStatus = items[0].status;
  // @ts-expect-error a misspelt field is no field
  void created.session.payot_list;
  const firstStatus: string = items[0]?.status ?? 'none';
  await client.sessions.confirm({ session_id: session.id });
  const waitOptions: WaitOptions = { until: 'final', timeoutMs: 10_000 };
  const done = await client.sessions.wait({ session_id: session.id }, waitOptions);
  await client.sessions.wait({ session_id: session.id }, { until: ['accepted', 'cancelled'] });

  const paid = await client.sessions.initPayment(payment);
  const payments: PaymentItem[] = paid.session.payment_list;
  await client.sessions.capture({ session_id: paid.session.id, amount_details: { amount: 500, currency: 'rub' } });
  const refunded = await client.sessions.refund({ session_id: paid.session.id });
  const refunds: Refund[] = refunded.session.payment_list[0].refunds;
  const refundStatus: RefundStatus = refunds[0].status;
  await client.sessions.create({ amount_details: amount });
  await client.sessions.startPayout({ session_id: 'ps_1', payout_details: payoutDetails, amount_details: amount });
  await client.sessions.startPayment({ session_id: 'ps_1', payment_details: paymentDetails, amount_details: amount, customer: { reference: 'u' } });
  await client.sessions.cancel({ session_id: 'ps_1' });
  await client.sessions.status({ session_id: 'ps_1' });
  await client.recurrent.disable({ recurrent: { token: 't' } });
  const publicToken: string = (await client.tokens.create({ acquiring_widget: { session_id: 'ps_1' } })).public_token;
  await client.tokens.info({ type: 'recurrent_token', recurrent_token: { token: 't' } });
  const tokenized = await client.tokens.tokenizeElements({ card_elements: [{ ref: 'n', type: 'card_number', card_number: '4242424242424242' }] });
  const token: string | undefined = tokenized.data['n']?.token;
  const banks = await client.fps.banks();
  const bankId: string | undefined = banks.banks[0]?.id;
  await client.fps.customerVerification({
    payout_details: {
      type: 'bank_account',
      bank_account: {
        system_type: 'faster_payment_system_verification',
        faster_payment_system_verification: { phone: '79261234567', bank_id: '100000000069' },
      },
    },
    participant_details: { recipient: { first_name: 'Ivan', last_name: 'Ivanov' } },
  });
  const balance = await client.wallet.balance({ request_datetime: new Date().toISOString() });
  const minor: number = balance.wallets[0]?.amount_details.amount ?? 0;
  await client.sberpay.push({ session_id: 'ps_1', phone: '+79990000000' });
  const raw = await client.request('POST', 'session/status', { session_id: 'ps_1' }, { maxRetries: 1 });
  const rawStatus = raw['status'];

  // @ts-expect-error session_id is required
  await client.sessions.confirm({});
  // @ts-expect-error options are camelCase
  await client.sessions.status({ session_id: 'x' }, { idempotency_key: 'k' });

  try {
    await client.sessions.status({ session_id: 'ps_404' });
  } catch (e) {
    if (e instanceof OutcomeUnknownError) {
      const retryKey: string | null = e.idempotencyKey;
      void retryKey;
    } else if (e instanceof PikepayError) {
      const code: ErrorCode = e.code;
      const details = [e.field, e.pikeCode, e.pikeDescription, e.httpStatus, e.retryable, e.retryAfterMs];
      const unsafeToLog: string | null = e.rawPikeDescription();
      void unsafeToLog;
      void code;
      void details;
    }
  }
  void [key, firstStatus, succeeded, itemStatus, refundStatus, done, payments, refunds, publicToken, token, bankId, minor, rawStatus, live];
}

function webhooks(rawBody: Buffer, signature: string | undefined, headers: Record<string, string | string[] | undefined>): void {
  const webhook = new Webhook('-----BEGIN PUBLIC KEY-----');
  const event: Event = webhook.constructEvent(rawBody, signature);
  if (event.type === 'ready_to_confirm' && event.session?.next_action === 'confirm') {
    void event.session.id;
  }
  // @ts-expect-error a field this version does not know is not declared
  void event.delivered_at;
  const unknownTopLevel: unknown = (event as unknown as Record<string, unknown>)['delivered_at'];
  void unknownTopLevel;
  webhook.constructEventFromRequest({ body: rawBody, headers });
  const header: 'x-partner-sign' = SIGNATURE_HEADER;
  void header;
}

function signing(): void {
  const signature: string = sign('{}', 'pem');
  const nothing: void = verify(Buffer.from('{}'), signature, 'pem');
  const shown: SessionInitPayoutParams = redact(payout);
  validateRequest('session/init/payout', payout);
  void nothing;
  void shown;
}

function errors(): void {
  const classes = [
    ConfigurationError,
    InvalidKeyError,
    SignatureVerificationError,
    InvalidRequestError,
    AuthenticationError,
    IdempotencyError,
    NotFoundError,
    RateLimitError,
    ApiError,
    ServerError,
    NetworkError,
    OutcomeUnknownError,
    DecodeError,
    InternalError,
  ];
  const made: PikepayError[] = classes.map((C) => new C('x', { httpStatus: 500 }));
  const code: 'outcome_unknown_error' = new OutcomeUnknownError('x').code;
  const kinds: readonly ErrorKindInfo[] = ERROR_KINDS;
  void made;
  void code;
  void kinds;
}

async function observability(client: Client, request: Request): Promise<void> {
  client.on('request', (r: AttemptRequest) => r.idempotencyKey?.length);
  client.on('response', (r: AttemptResponse) => {
    const decision: 'done' | 'retry' | 'give_up' = r.decision;
    const status: number | null = r.httpStatus;
    void decision;
    void status;
  });
  // @ts-expect-error: no such event
  client.on('retry', () => undefined);
  new Client({ project: 'p', privateKey: 'k', logger: console });
  // @ts-expect-error: a logger needs debug, info and warn
  new Client({ project: 'p', privateKey: 'k', logger: { info: () => undefined } });
  const pike: KeyPair = generateKeyPair();
  const delivery: SignedEvent = signEvent('ready_to_confirm', { id: 's' }, pike.privateKey, { apiVersion: 1 });
  const key: string = Webhook.dedupeKey(delivery.body);
  const event: Event = await new Webhook(pike.publicKey).constructEventFromRequest(request);
  const signed: Request = signedRequest('http://127.0.0.1/pike/webhook', 'payment_finished', { id: 's' }, pike.privateKey);
  void key;
  void event;
  void signed;
}

void flows;
void observability;
void webhooks;
void signing;
void errors;
void incomplete;
void wrongCard;
