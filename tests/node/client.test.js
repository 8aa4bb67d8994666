'use strict';
// Every client method against the sandbox process, in API v1 and v2: results keep the
// canonical (v2) names in both, carry the idempotency key, and move money exactly once.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert');
const { inspect } = require('node:util');
const { loadPikepay, startSandbox, registerProject, control } = require('./helpers');

const pikepay = loadPikepay();

const card = (number) => ({ type: 'card', card: { type: 'bank_card', bank_card: { number } } });
const payCard = (number) => ({
  type: 'card',
  card: {
    type: 'bank_card',
    bank_card: { number, expiration_month: '12', expiration_year: '30', security_code: '123' },
  },
});
const rub = (amount) => ({ amount, currency: 'rub' });

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

for (const apiVersion of [1, 2]) {
  describe(`API v${apiVersion}`, () => {
    let client;
    let project;
    const ledger = async () => (await control(sandbox.baseUrl, 'GET', `/_sandbox/ledger?project=${project.name}`)).entries;

    before(async () => {
      project = await registerProject(sandbox.baseUrl, { api_version: apiVersion });
      client = new pikepay.Client({
        project: project.name,
        privateKey: project.privateKey,
        baseUrl: sandbox.baseUrl,
        apiVersion,
      });
      assert.strictEqual(client.apiVersion, apiVersion);
      assert.strictEqual(client.baseUrl, sandbox.baseUrl);
    });

    test('the client shows its URL and version, never its key', () => {
      const keyLine = project.privateKey.split('\n')[1];
      for (const shown of [inspect(client, { depth: null, showHidden: true }), JSON.stringify(client), String(client)]) {
        assert.ok(!shown.includes(keyLine));
        assert.ok(!shown.includes('PRIVATE KEY'));
      }
      assert.match(inspect(client), new RegExp(`apiVersion: ${apiVersion}`));
    });

    test('initPayout, wait, confirm: one payout in the ledger, canonical names, the key returned', async () => {
      const key = `payout-v${apiVersion}-${Date.now()}`;
      const created = await client.sessions.initPayout(
        { payout_details: card('4242424242424242'), amount_details: rub(1000), participant_details: { recipient: { full_name: 'Ivanov Ivan' } } },
        { idempotencyKey: key },
      );
      assert.strictEqual(created.status, 'ok');
      assert.strictEqual(created.idempotencyKey, key);
      assert.strictEqual(created.httpStatus, 200);
      assert.ok(!Object.keys(created).includes('idempotencyKey'), 'idempotencyKey is not enumerable');
      const session = created.session;
      assert.strictEqual(session.next_action, 'confirm');
      assert.strictEqual(session.payments, undefined);
      assert.strictEqual(session.payout_list.length, 1);
      assert.strictEqual(session.payout_list[0].status, 'pending');
      assert.ok(session.payout_list[0].payout_details);

      const waiting = await client.sessions.wait({ session_id: session.id }, { until: 'next_action', timeoutMs: 10000 });
      assert.strictEqual(waiting.session.next_action, 'confirm');
      const confirmed = await client.sessions.confirm({ session_id: session.id });
      assert.ok(confirmed.idempotencyKey, 'confirm carries a generated key');
      const done = await client.sessions.wait({ session_id: session.id }, { until: 'final', timeoutMs: 10000 });
      assert.strictEqual(done.session.status, 'accepted');
      assert.strictEqual(done.session.payout_list[0].status, 'succeeded');
      assert.strictEqual(done.idempotencyKey, null, 'session/status carries no key');

      const again = await client.sessions.initPayout(
        { payout_details: card('4242424242424242'), amount_details: rub(1000), participant_details: { recipient: { full_name: 'Ivanov Ivan' } } },
        { idempotencyKey: key },
      );
      assert.strictEqual(again.session.id, session.id, 'same key, same session');
      const payouts = (await ledger()).filter((e) => e.session_id === session.id && e.kind === 'payout');
      assert.strictEqual(payouts.length, 1);
      assert.strictEqual(payouts[0].amount, 1000);
    });

    test('create + startPayout, then cancel', async () => {
      const created = await client.sessions.create({ payout_details: card('5555555555554444'), amount_details: rub(700) });
      assert.strictEqual(created.session.status, 'created');
      const started = await client.sessions.startPayout({ session_id: created.session.id });
      assert.strictEqual(started.session.payout_list[0].status, 'pending');
      const cancelled = await client.sessions.cancel({ session_id: created.session.id });
      assert.match(cancelled.session.status, /^cancell?ed$/);
      assert.strictEqual(cancelled.session.payout_list[0].status, 'failed');
      assert.strictEqual((await ledger()).filter((e) => e.session_id === created.session.id).length, 0);
    });

    test('a declined card payout ends failed, with no money moved', async () => {
      const created = await client.sessions.initPayout({ payout_details: card('4000000000000002'), amount_details: rub(300) });
      await client.sessions.confirm({ session_id: created.session.id });
      const done = await client.sessions.status({ session_id: created.session.id });
      assert.strictEqual(done.session.payout_list[0].status, 'failed');
      assert.strictEqual((await ledger()).filter((e) => e.session_id === created.session.id).length, 0);
    });

    test('initPayment, confirm, partial refund; status shows the refund; no card data shown', async () => {
      const paid = await client.sessions.initPayment({
        payment_details: payCard('4242424242424242'),
        amount_details: rub(2500),
        customer: { reference: 'customer-1' },
      });
      assert.strictEqual(paid.session.acquiring_payments, undefined);
      assert.strictEqual(paid.session.payment_list[0].status, 'pending');
      await client.sessions.confirm({ session_id: paid.session.id });
      const refunded = await client.sessions.refund({ session_id: paid.session.id, amount_details: rub(1000) });
      const refunds = refunded.session.payment_list[0].refunds;
      assert.strictEqual(refunds.length, 1);
      assert.strictEqual(refunds[0].amount_details.amount, 1000);
      // Like Pike, the refund is in progress until payment_refunded brings its result.
      assert.strictEqual(refunds[0].status, 'in_progress');
      assert.strictEqual(refunded.session.status, 'in_progress');
      const status = await client.sessions.wait({ session_id: paid.session.id });
      assert.strictEqual(status.session.status, 'accepted');
      assert.strictEqual(status.session.payment_list[0].refunds.length, 1);
      assert.strictEqual(status.session.payment_list[0].refunds[0].status, 'accepted');
      for (const shown of [inspect(status, { depth: null }), JSON.stringify(status), String(status)]) {
        assert.ok(!shown.includes('4242424242424242'));
      }
      const kinds = (await ledger()).filter((e) => e.session_id === paid.session.id).map((e) => e.kind);
      assert.deepStrictEqual(kinds.sort(), ['payment', 'refund']);
    });

    test('create + startPayment with a held card, then a partial capture', async () => {
      const created = await client.sessions.create({ customer: { reference: 'customer-2' } });
      const started = await client.sessions.startPayment({
        session_id: created.session.id,
        payment_details: payCard('4000000000000077'),
        amount_details: rub(900),
      });
      assert.ok(started.session.payment_list.length === 1);
      await client.sessions.confirm({ session_id: created.session.id });
      const held = await client.sessions.wait({ session_id: created.session.id }, { until: 'next_action', timeoutMs: 10000 });
      assert.strictEqual(held.session.next_action, 'capture');
      const captured = await client.sessions.capture({ session_id: created.session.id, amount_details: rub(600) });
      assert.strictEqual(captured.session.payment_list[0].status, 'succeeded');
      const capture = (await ledger()).find((e) => e.session_id === created.session.id && e.kind === 'capture');
      assert.strictEqual(capture.amount, 600);
    });

    test('recurring token: paid with it, then recurrent.disable and tokens.info', async () => {
      const paid = await client.sessions.initPayment({
        payment_details: payCard('4242424242424242'),
        amount_details: rub(100),
        customer: { reference: 'customer-3' },
        payment_options: { recurrent: true },
      });
      await client.sessions.confirm({ session_id: paid.session.id });
      const status = await client.sessions.status({ session_id: paid.session.id });
      const token = status.session.payment_list[0].recurrent.token;
      assert.ok(typeof token === 'string' && token.length > 0);
      assert.ok(!inspect(status, { depth: null }).includes(token), 'the token is redacted in inspect');
      const info = await client.tokens.info({ type: 'recurrent_token', recurrent_token: { token } });
      assert.strictEqual(info.info.is_active, true);
      const disabled = await client.recurrent.disable({ recurrent: { token } });
      assert.strictEqual(disabled.recurrent.is_active, false);
    });

    test('tokens.create, tokenizeElements and tokens.info of the tokenized card', async () => {
      const session = (await client.sessions.create({})).session;
      const issued = await client.tokens.create({ acquiring_widget: { session_id: session.id } });
      assert.ok(typeof issued.public_token === 'string' && issued.public_token.length > 0);
      // A public token is made for the browser: `res.json(issued)` hands it over.
      assert.ok(JSON.stringify(issued).includes(issued.public_token));
      const tokenized = await client.tokens.tokenizeElements({
        card_elements: [{ ref: 'number', type: 'card_number', card_number: '4242424242424242' }],
      });
      const element = tokenized.data.number;
      assert.match(element.info.masked_card_number, /^424242\*+4242$/);
      const info = await client.tokens.info({ type: 'card', card: { type: 'tokenized_card', tokenized_card: { token: element.token } } });
      assert.strictEqual(info.info.last4, '4242');
    });

    test('fps.banks, fps.customerVerification (found and not found)', async () => {
      const banks = await client.fps.banks();
      assert.ok(banks.banks.some((b) => b.id === '100000000069'));
      const verify = (phone) =>
        client.fps.customerVerification({
          payout_details: {
            type: 'bank_account',
            bank_account: {
              system_type: 'faster_payment_system_verification',
              faster_payment_system_verification: { phone, bank_id: '100000000069' },
            },
          },
          participant_details: { recipient: { first_name: 'Ivan', last_name: 'Ivanov' } },
        });
      const found = await verify('79261234567');
      assert.strictEqual(found.session.status, 'accepted');
      const missing = await verify('79260000000');
      assert.match(missing.session.status, /^cancell?ed$/);
    });

    test('wallet.balance, with and without request_datetime; sberpay.push', async () => {
      const balance = await client.wallet.balance();
      assert.strictEqual(balance.wallets.length, 1);
      assert.strictEqual(typeof balance.wallets[0].amount_details.amount, 'number');
      const again = await client.wallet.balance({ request_datetime: new Date().toISOString() });
      assert.strictEqual(again.wallets[0].amount_details.currency, balance.wallets[0].amount_details.currency);
      // sberpay.push takes a SberPay payment that waits for the customer.
      const sberPay = {
        type: 'internet_banking',
        internet_banking: { type: 'sber_pay', sber_pay: { channel: 'app' } },
      };
      const session = (
        await client.sessions.initPayment({
          payment_details: sberPay,
          amount_details: rub(700),
          customer: { reference: 'customer-9' },
        })
      ).session;
      const waiting = await client.sessions.confirm({ session_id: session.id });
      assert.strictEqual(waiting.session.payment_list[0].customer_interaction.type, 'redirect');
      const pushed = await client.sberpay.push({ session_id: session.id, phone: '+79990000000' });
      assert.strictEqual(pushed.status, 'ok');
    });

    test('request() reaches any method path, with or without the version prefix', async () => {
      const session = (await client.sessions.create({})).session;
      const short = await client.request('POST', 'session/status', { session_id: session.id });
      assert.strictEqual(short.session.id, session.id);
      const full = await client.request('post', `/api/v${apiVersion}/session/status`, { session_id: session.id });
      assert.strictEqual(full.session.id, session.id);
      const banks = await client.request('GET', 'fps/banks');
      assert.ok(Array.isArray(banks.banks));
    });
  });
}

test('a payout above the wallet balance fails and moves nothing', async () => {
  const project = await registerProject(sandbox.baseUrl, { wallet_balance: rub(500) });
  const client = new pikepay.Client({ project: project.name, privateKey: project.privateKey, baseUrl: sandbox.baseUrl });
  const created = await client.sessions.initPayout({ payout_details: card('4242424242424242'), amount_details: rub(501) });
  await client.sessions.confirm({ session_id: created.session.id });
  const done = await client.sessions.status({ session_id: created.session.id });
  assert.strictEqual(done.session.payout_list[0].status, 'failed');
  const balance = await client.wallet.balance();
  assert.strictEqual(balance.wallets[0].amount_details.amount, 500);
});
