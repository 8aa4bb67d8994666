'use strict';
// Each error kind as a caller meets it through the client, against the sandbox (faults,
// bad credentials, unknown sessions) or a loopback server that answers badly; plus
// cancellation with an AbortSignal.
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const http = require('node:http');
const { inspect } = require('node:util');
const { loadPikepay, startSandbox, registerProject, control, newKeys } = require('./helpers');

const pikepay = loadPikepay();
const payout = {
  payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } },
  amount_details: { amount: 1000, currency: 'rub' },
};

let sandbox;
let project;
let client;
before(async () => {
  sandbox = await startSandbox();
  project = await registerProject(sandbox.baseUrl);
  client = new pikepay.Client({ project: project.name, privateKey: project.privateKey, baseUrl: sandbox.baseUrl, maxRetries: 0 });
});
after(async () => {
  await sandbox.stop();
});

const fault = (body) => control(sandbox.baseUrl, 'POST', '/_sandbox/faults', body);
const ledger = async () => (await control(sandbox.baseUrl, 'GET', `/_sandbox/ledger?project=${project.name}`)).entries;

/** Asserts `promise` rejects with `cls` and returns the error. */
async function rejectsWith(promise, cls) {
  let caught;
  await assert.rejects(promise, (e) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof cls, `expected ${cls.name}, got ${inspect(caught)}`);
  assert.ok(caught instanceof pikepay.PikepayError);
  assert.strictEqual(caught.code, cls.code);
  return caught;
}

/** A loopback server answering every request with `status` and `body`. */
async function fakePike(status, body, contentType = 'application/json') {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': contentType }).end(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

test('ConfigurationError: plain http to a remote host, a bad version, a negative retry count', () => {
  const base = { project: 'p', privateKey: project.privateKey };
  assert.throws(() => new pikepay.Client({ ...base, baseUrl: 'http://pike.example' }), (e) => {
    assert.ok(e instanceof pikepay.ConfigurationError);
    assert.match(e.message, /allowInsecureHttp: true/);
    return true;
  });
  assert.throws(() => new pikepay.Client({ ...base, apiVersion: 3 }), pikepay.ConfigurationError);
  assert.throws(() => new pikepay.Client({ ...base, maxRetries: -1 }), pikepay.ConfigurationError);
  assert.throws(() => new pikepay.Client({ ...base, timeoutMs: -5 }), pikepay.ConfigurationError);
  assert.throws(() => new pikepay.Client({ ...base, retries: 2 }), { name: 'TypeError', message: /no option 'retries'/ });
});

test('InvalidKeyError: a client built with a public key', () => {
  assert.throws(() => new pikepay.Client({ project: 'p', privateKey: project.publicKey }), pikepay.InvalidKeyError);
});

test('InvalidRequestError before sending: field path and Pike-style description', async () => {
  const before = (await ledger()).length;
  const e = await rejectsWith(
    client.sessions.initPayout({ ...payout, amount_details: { amount: 0, currency: 'rub' } }),
    pikepay.InvalidRequestError,
  );
  assert.strictEqual(e.field, 'amount_details.amount');
  assert.strictEqual(e.pikeDescription, 'amount_details.amount.positive');
  assert.strictEqual(e.httpStatus, null, 'refused before sending');
  assert.strictEqual((await ledger()).length, before);
  const missing = await rejectsWith(client.sessions.confirm({}), pikepay.InvalidRequestError);
  assert.strictEqual(missing.field, 'session_id');
});

test('InvalidRequestError: the error message holds no card number', async () => {
  const e = await rejectsWith(
    client.sessions.initPayout({
      payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242 4242 4242 4242x' } } },
      amount_details: { amount: 10, currency: 'rub' },
    }),
    pikepay.InvalidRequestError,
  );
  assert.ok(!e.message.includes('4242 4242'));
  assert.ok(!inspect(e).includes('4242 4242'));
});

test('AuthenticationError: an unknown project, and a key Pike does not hold', async () => {
  const stranger = new pikepay.Client({ project: 'nobody', privateKey: project.privateKey, baseUrl: sandbox.baseUrl });
  const e = await rejectsWith(stranger.sessions.status({ session_id: 'ps_1' }), pikepay.AuthenticationError);
  assert.strictEqual(e.httpStatus, 401);
  const wrongKey = new pikepay.Client({ project: project.name, privateKey: newKeys().privateKey, baseUrl: sandbox.baseUrl });
  await rejectsWith(wrongKey.sessions.status({ session_id: 'ps_1' }), pikepay.AuthenticationError);
});

test('NotFoundError: an unknown session', async () => {
  const e = await rejectsWith(client.sessions.status({ session_id: 'ps_999999' }), pikepay.NotFoundError);
  assert.strictEqual(e.pikeCode, 'repository_record_not_found');
  assert.strictEqual(e.httpStatus, 404);
});

test('IdempotencyError: one key reused with another body', async () => {
  const key = `reuse-${Date.now()}`;
  await client.sessions.initPayout(payout, { idempotencyKey: key });
  const e = await rejectsWith(
    client.sessions.initPayout({ ...payout, amount_details: { amount: 2000, currency: 'rub' } }, { idempotencyKey: key }),
    pikepay.IdempotencyError,
  );
  assert.strictEqual(e.pikeCode, 'idempotency_key_params_mismatch');
  assert.strictEqual(e.idempotencyKey, key);
});

test('ApiError: confirming a session that waits for nothing', async () => {
  const created = await client.sessions.create({});
  const e = await rejectsWith(client.sessions.confirm({ session_id: created.session.id }), pikepay.ApiError);
  assert.strictEqual(e.pikeCode, 'invalid_session_state');
});

test('RateLimitError: 429 with Retry-After and no retries left', async () => {
  await fault({ path: 'session/status', count: 1, mode: 'retry_after', retry_after_s: 7 });
  const e = await rejectsWith(client.sessions.status({ session_id: 'ps_1' }), pikepay.RateLimitError);
  assert.strictEqual(e.httpStatus, 429);
  assert.strictEqual(e.retryable, true);
  assert.strictEqual(e.retryAfterMs, 7000);
});

test('ServerError: a 500 without retries; with retries a keyed call succeeds', async () => {
  const created = await client.sessions.create({});
  await fault({ path: 'session/status', count: 1, mode: 'status', status: 500 });
  const e = await rejectsWith(client.sessions.status({ session_id: created.session.id }), pikepay.ServerError);
  assert.strictEqual(e.httpStatus, 500);
  await fault({ path: 'session/create', count: 1, mode: 'status', status: 503 });
  const ok = await client.sessions.create({}, { maxRetries: 2 });
  assert.strictEqual(ok.session.status, 'created');
});

const readyToConfirm = async () =>
  (await control(sandbox.baseUrl, 'GET', `/_sandbox/deliveries?project=${project.name}`)).deliveries.filter(
    (d) => d.type === 'ready_to_confirm',
  ).length;

test('OutcomeUnknownError: the payout was made but the answer was lost; the key settles it', async () => {
  const key = `lost-${Date.now()}`;
  const sessionsBefore = await readyToConfirm();
  await fault({ path: 'session/init/payout', count: 1, mode: 'drop_after' });
  const e = await rejectsWith(client.sessions.initPayout(payout, { idempotencyKey: key }), pikepay.OutcomeUnknownError);
  assert.strictEqual(e.idempotencyKey, key);
  assert.strictEqual(e.retryable, true);
  const again = await client.sessions.initPayout(payout, { idempotencyKey: key });
  assert.strictEqual(again.session.payout_list.length, 1);
  assert.strictEqual(await readyToConfirm(), sessionsBefore + 1, 'one session for one key');
});

test('the client retries a lost answer itself with its generated key: one payout', async () => {
  const sessionsBefore = await readyToConfirm();
  await fault({ path: 'session/init/payout', count: 1, mode: 'drop_after' });
  const made = await client.sessions.initPayout(payout, { maxRetries: 2 });
  assert.ok(made.idempotencyKey);
  assert.strictEqual(await readyToConfirm(), sessionsBefore + 1, 'one session although sent twice');
  await client.sessions.confirm({ session_id: made.session.id });
  const payouts = (await ledger()).filter((e) => e.kind === 'payout' && e.session_id === made.session.id);
  assert.strictEqual(payouts.length, 1);
});

test('NetworkError: nothing listens on the port', async () => {
  const closed = await fakePike(200, '{}');
  await closed.close();
  const offline = new pikepay.Client({ project: 'p', privateKey: project.privateKey, baseUrl: closed.url, maxRetries: 0 });
  const e = await rejectsWith(offline.sessions.status({ session_id: 'ps_1' }), pikepay.NetworkError);
  assert.strictEqual(e.retryable, true);
});

test('DecodeError: a 200 answer that is not JSON', async () => {
  const server = await fakePike(200, '<html>hello</html>', 'text/html');
  try {
    const wrong = new pikepay.Client({ project: 'p', privateKey: project.privateKey, baseUrl: server.url, maxRetries: 0 });
    const e = await rejectsWith(wrong.sessions.status({ session_id: 'ps_1' }), pikepay.DecodeError);
    assert.strictEqual(e.httpStatus, 200);
  } finally {
    await server.close();
  }
});

test('an AbortSignal cancels a call in flight; an aborted signal sends nothing', async () => {
  const created = await client.sessions.create({});
  await fault({ path: 'session/status', count: 1, mode: 'delay', delay_ms: 5000 });
  const controller = new AbortController();
  const pending = client.sessions.status({ session_id: created.session.id }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(pending, { name: 'AbortError' });
  await control(sandbox.baseUrl, 'DELETE', '/_sandbox/faults');

  const reason = new Error('user went away');
  const aborted = AbortSignal.abort(reason);
  const beforeCount = (await ledger()).length;
  await assert.rejects(client.sessions.initPayout(payout, { signal: aborted }), (e) => e === reason);
  assert.strictEqual((await ledger()).length, beforeCount);

  const timeoutSignal = AbortSignal.timeout(5000);
  const ok = await client.sessions.status({ session_id: created.session.id }, { signal: timeoutSignal });
  assert.strictEqual(ok.session.id, created.session.id);
});

test('an aborted money-moving call rejects with an AbortError carrying its idempotency key', async () => {
  const requests = async () =>
    (await control(sandbox.baseUrl, 'GET', `/_sandbox/requests?project=${project.name}`)).requests;
  const abortWhileSent = async (options) => {
    await fault({ path: 'session/init/payout', count: 1, mode: 'delay', delay_ms: 5000 });
    const controller = new AbortController();
    const pending = client.sessions.initPayout(payout, { ...options, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    let caught;
    await assert.rejects(pending, (e) => {
      caught = e;
      return true;
    });
    await control(sandbox.baseUrl, 'DELETE', '/_sandbox/faults');
    assert.strictEqual(caught.name, 'AbortError');
    assert.strictEqual(caught.cause, controller.signal.reason);
    return caught;
  };

  // A generated key: the one that was sent, and repeating with it is the same payout.
  const generated = await abortWhileSent({});
  assert.match(generated.idempotencyKey, /^[0-9a-f-]{36}$/);
  const sent = (await requests()).filter((r) => r.path.endsWith('/session/init/payout'));
  assert.strictEqual(sent.at(-1).idempotency_key, generated.idempotencyKey);
  const repeated = await client.sessions.initPayout(payout, { idempotencyKey: generated.idempotencyKey });
  assert.strictEqual(repeated.idempotencyKey, generated.idempotencyKey);

  // The caller's own key comes back too.
  const own = await abortWhileSent({ idempotencyKey: 'order-5521-payout' });
  assert.strictEqual(own.idempotencyKey, 'order-5521-payout');

  // A read-only call carries no key: it rejects with the signal's reason itself.
  await fault({ path: 'session/status', count: 1, mode: 'delay', delay_ms: 5000 });
  const controller = new AbortController();
  const pending = client.sessions.status({ session_id: repeated.session.id }, { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(pending, (e) => e === controller.signal.reason);
  await control(sandbox.baseUrl, 'DELETE', '/_sandbox/faults');
});

test('wait gives up at its deadline with a typed error', async () => {
  const created = await client.sessions.create({});
  await assert.rejects(
    client.sessions.wait({ session_id: created.session.id }, { until: 'final', timeoutMs: 300 }),
    (e) => e instanceof pikepay.PikepayError && e.retryable === true,
  );
  await assert.rejects(
    client.sessions.wait({ session_id: created.session.id }, { until: 7 }),
    (e) => e instanceof pikepay.InvalidRequestError && e.field === 'until',
  );
});

test('wrong argument types are TypeErrors naming the argument', async () => {
  await assert.rejects(client.sessions.status('ps_1'), { name: 'TypeError', message: /params must be an object/ });
  await assert.rejects(client.sessions.status({ session_id: 'x' }, { signal: {} }), { name: 'TypeError', message: /signal must be an AbortSignal/ });
  await assert.rejects(client.sessions.status({ session_id: 'x' }, { idempotency_key: 'abcd' }), { name: 'TypeError', message: /no option 'idempotency_key'/ });
  await assert.rejects(client.sessions.status({ session_id: 10n }), { name: 'TypeError' });
  await assert.rejects(client.sessions.status({ session_id: 'x' }, { idempotencyKey: 5 }), { name: 'TypeError', message: /idempotencyKey/ });
  await assert.rejects(client.sessions.status({ session_id: 'x' }, { timeoutMs: '5' }), { name: 'TypeError', message: /timeoutMs/ });
  assert.throws(() => new pikepay.Client({ project: 5, privateKey: project.privateKey }), { name: 'TypeError', message: /project/ });
  await assert.rejects(client.sessions.wait({ session_id: 'x' }, { timeoutMs: '5' }), { name: 'TypeError', message: /timeoutMs/ });
  await assert.rejects(client.request('PUT', 'session/status', {}), pikepay.InvalidRequestError);
});

test('a wrong option type names the option in JS terms, never a Rust type', async () => {
  const base = { project: 'p', privateKey: project.privateKey };
  const cases = [
    [{ project: 5 }, "option 'project' must be a string, got number"],
    [{ baseUrl: ['http://127.0.0.1:1'] }, "option 'baseUrl' must be a string, got an array"],
    [{ apiVersion: '2' }, "option 'apiVersion' must be a number, got string"],
    [{ maxRetries: 2n }, "option 'maxRetries' must be a number, got bigint"],
    [{ allowInsecureHttp: 'yes' }, "option 'allowInsecureHttp' must be a boolean, got string"],
    [{ userAgentSuffix: {} }, "option 'userAgentSuffix' must be a string, got an object (Object)"],
    [{ rootCertificatePem: 42 }, "option 'rootCertificatePem' must be a Buffer or string, got number"],
    [{ privateKey: 42 }, "option 'privateKey' must be a Buffer or string, got number"],
  ];
  for (const [change, message] of cases) {
    assert.throws(() => new pikepay.Client({ ...base, ...change }), (e) => {
      assert.strictEqual(e.name, 'TypeError');
      assert.strictEqual(e.message, message);
      assert.doesNotMatch(e.message, /rust|String|ClientOptions/);
      return true;
    });
  }
  await assert.rejects(client.sessions.status({ session_id: 'x' }, { idempotencyKey: 5 }), {
    name: 'TypeError',
    message: "option 'idempotencyKey' must be a string, got number",
  });
  await assert.rejects(client.request('POST', 'session/status', {}, { maxRetries: '1' }), {
    name: 'TypeError',
    message: "option 'maxRetries' must be a number, got string",
  });
});

test('aborting a wait drops its Rust future: polling stops at once', async () => {
  let polls = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      polls += 1;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"status":"ok","session":{"id":"ps_1","status":"in_progress"}}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const local = new pikepay.Client({
      project: 'p',
      privateKey: project.privateKey,
      baseUrl: `http://127.0.0.1:${server.address().port}`,
    });
    const controller = new AbortController();
    const waiting = local.sessions.wait({ session_id: 'ps_1' }, { until: 'final', timeoutMs: 30000, signal: controller.signal });
    while (polls < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const atAbort = polls;
    controller.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.ok(polls <= atAbort + 1, `still polling after the abort: ${atAbort} -> ${polls}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
