'use strict';
// Per-call options against the sandbox: an unknown instrument goes through, extraBody
// adds fields, a call names its own sub-merchant, validate: false sends a body as given,
// and Pike's own headers cannot be overridden.
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { loadPikepay, startSandbox, registerProject, control } = require('./helpers');

const pikepay = loadPikepay();
const card = { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } };
const wallet = { type: 'wallet', wallet: { type: 'qiwi', account: '79261234567' } };

let sandbox;
let project;
let client;
before(async () => {
  sandbox = await startSandbox();
  project = await registerProject(sandbox.baseUrl);
  client = new pikepay.Client({ project: project.name, privateKey: project.privateKey, baseUrl: sandbox.baseUrl, submerchant: 'sub-1' });
});
after(async () => {
  await sandbox.stop();
});
const requests = async () => (await control(sandbox.baseUrl, 'GET', `/_sandbox/requests?project=${project.name}`)).requests;

test('a wallet payout with extraBody and its own sub-merchant goes through', async () => {
  const result = await client.sessions.initPayout(
    { payout_details: wallet, amount_details: { amount: 1500, currency: 'RUB' } },
    { extraBody: { metadata: { order: 'A-1' } }, submerchant: 'sub-2' },
  );
  const [item] = result.session.payout_list;
  assert.deepStrictEqual(item.payout_details, wallet);
  assert.deepStrictEqual(item.metadata, { order: 'A-1' });
  const log = await requests();
  assert.strictEqual(log.at(-1).submerchant, 'sub-2');
});

test('validate: false sends a body the client would refuse', async () => {
  const body = { payout_details: card, amount_details: { amount: 0, currency: 'rub' } };
  const before = (await requests()).length;
  await assert.rejects(client.request('POST', 'session/init/payout', body), (e) => e instanceof pikepay.InvalidRequestError && e.httpStatus === null);
  assert.strictEqual((await requests()).length, before, 'refused before sending');
  await assert.rejects(
    client.request('POST', 'session/init/payout', body, { validate: false }),
    (e) => e instanceof pikepay.InvalidRequestError && e.httpStatus === 400 && typeof e.idempotencyKey === 'string',
  );
  assert.strictEqual((await requests()).length, before + 1);
});

test("Pike's own headers are refused by name; others are checked", async () => {
  await assert.rejects(
    client.sessions.status({ session_id: 'ps_1' }, { headers: { 'X-PARTNER-SIGN': 'x' } }),
    (e) => e instanceof pikepay.InvalidRequestError && e.field === 'headers.X-PARTNER-SIGN',
  );
  await assert.rejects(
    client.sessions.status({ session_id: 'ps_1' }, { headers: { 'X-Trace': 5 } }),
    (e) => e instanceof pikepay.InvalidRequestError && e.field === 'headers.X-Trace',
  );
});
