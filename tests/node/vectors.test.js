'use strict';
// The shared tests/vectors/ files, read unchanged: the same outcomes as the Rust and
// Python suites, observed through the Node package's public API. HTTP answers come from a
// loopback server that plays Pike and records what the client sent.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert');
const http = require('node:http');
const { loadPikepay, vectors } = require('./helpers');

const pikepay = loadPikepay();
const keys = Object.fromEntries(vectors('keys.json').keys.map((k) => [k.name, k]));
const [key] = vectors('keys.json').keys;

/** A loopback "Pike" answering with `answer` and recording the bodies it receives. */
let pike;
before(async () => {
  const state = { answer: { status: 200, body: '{"status":"ok"}' }, received: [] };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      state.received.push({ path: req.url, body: Buffer.concat(chunks).toString() });
      res.writeHead(state.answer.status, { 'content-type': 'application/json' }).end(state.answer.body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  pike = {
    state,
    url: `http://127.0.0.1:${server.address().port}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
});
after(() => pike.close());

const clientFor = (apiVersion = 2) =>
  new pikepay.Client({ project: 'vectors', privateKey: key.private_pkcs8_pem, baseUrl: pike.url, apiVersion, maxRetries: 0 });

/** A plain copy of a result: own enumerable fields only, as JSON has them. */
const plain = (value) => structuredClone(value);

describe('signatures.json', () => {
  for (const c of vectors('signatures.json').cases) {
    test(c.name, () => {
      const k = keys[c.key];
      if (c.expected.valid) {
        assert.strictEqual(pikepay.sign(c.body, k.private_pkcs8_pem), c.signature);
        pikepay.verify(Buffer.from(c.body, 'utf8'), c.signature, k.public_spki_pem);
      } else {
        assert.throws(() => pikepay.verify(c.body, c.signature, k.public_spki_pem), (e) => e.code === c.expected.error_code);
      }
    });
  }
});

describe('webhooks.json', () => {
  for (const c of vectors('webhooks.json').cases) {
    test(c.name, () => {
      const webhook = new pikepay.Webhook(keys[c.public_key].public_spki_pem);
      const run = () => webhook.constructEvent(Buffer.from(c.body, 'utf8'), c.signature);
      if (c.expected.outcome === 'ok') {
        const event = run();
        assert.deepStrictEqual(plain(event), c.expected.event);
        if (c.expected.event_type !== null) assert.strictEqual(event.type, c.expected.event_type);
        if (c.expected.session_id !== null) assert.strictEqual(event.session.id, c.expected.session_id);
      } else {
        assert.throws(run, (e) => e instanceof pikepay.PikepayError && e.code === c.expected.error_code);
      }
    });
  }
});

/** The value at a dotted path (`session.payment_list.0.id`), or `absent`. */
const absent = Symbol('absent');
const at = (value, path) =>
  path.split('.').reduce((v, step) => (v !== null && typeof v === 'object' && Object.hasOwn(v, step) ? v[step] : absent), value);

/** Sets the value at a dotted path. */
const put = (value, path, v) => {
  const steps = path.split('.');
  const last = steps.pop();
  steps.reduce((o, step) => o[step], value)[last] = v;
};

describe('drift.json (validly signed webhooks of drifted shapes)', () => {
  const drift = vectors('drift.json');
  const webhook = new pikepay.Webhook(keys[drift.public_key].public_spki_pem);
  test('every case verifies, parses and keeps the received JSON whole', () => {
    assert.ok(drift.cases.length > 500);
    for (const c of drift.cases) {
      const event = webhook.constructEvent(Buffer.from(c.body, 'utf8'), c.signature);
      const sent = JSON.parse(c.body);
      if (c.number !== undefined) {
        // A number a JS number cannot hold exactly arrives as the string of its text.
        const number = c.node === 'string' ? c.kept : Number(c.number);
        put(sent, c.path, number);
        assert.ok(Object.is(at(event, c.path), number), `${c.name}: ${String(at(event, c.path))}`);
      }
      assert.deepStrictEqual(plain(event), sent, c.name);
      assert.deepStrictEqual(at(event, c.path), at(sent, c.path), c.name);
    }
  });
});

describe('call answers keep every number as sent', () => {
  const drift = vectors('drift.json');
  test('numbers of drift.json in a session/status answer', async () => {
    const numbers = drift.cases.filter((c) => c.name.startsWith('number.'));
    assert.ok(numbers.length > 100);
    for (const c of numbers) {
      pike.state.answer = { status: 200, body: `{"status":"ok",${c.body.slice(1)}` };
      const result = await clientFor().sessions.status({ session_id: 'ps_1' });
      const number = c.node === 'string' ? c.kept : Number(c.number);
      assert.ok(Object.is(at(result, c.path), number), `${c.name}: ${String(at(result, c.path))}`);
    }
  });
});

describe('errors.json (answers of a loopback Pike, read by the client)', () => {
  for (const c of vectors('errors.json').cases) {
    test(c.name, async () => {
      pike.state.answer = { status: c.http_status, body: c.body };
      const call = clientFor().sessions.status({ session_id: 'ps_1' });
      if (!c.expected.is_error) {
        const result = await call;
        assert.strictEqual(result.httpStatus, c.http_status);
        return;
      }
      await assert.rejects(call, (e) => {
        assert.ok(e instanceof pikepay.PikepayError, String(e));
        assert.strictEqual(e.code, c.expected.kind);
        assert.strictEqual(e.pikeCode, c.expected.pike_code);
        assert.strictEqual(e.pikeDescription, c.expected.pike_description);
        assert.strictEqual(e.field, c.expected.field);
        assert.strictEqual(e.retryable, c.expected.retryable);
        assert.strictEqual(e.httpStatus, c.http_status);
        for (const text of c.expected.message_excludes ?? []) assert.ok(!e.message.includes(text));
        return true;
      });
    });
  }
});

describe('validation.json', () => {
  for (const c of vectors('validation.json').cases) {
    test(c.name, () => {
      const run = () => pikepay.validateRequest(c.endpoint, c.body);
      if (c.expected.valid) {
        assert.strictEqual(run(), undefined);
        return;
      }
      assert.throws(run, (e) => {
        assert.ok(e instanceof pikepay.PikepayError, String(e));
        assert.strictEqual(e.code, c.expected.error_code);
        assert.strictEqual(e.field, c.expected.field);
        assert.strictEqual(e.pikeDescription, c.expected.pike_description);
        if (c.expected.message_contains) assert.ok(e.message.includes(c.expected.message_contains), e.message);
        for (const value of sensitiveStrings(c.body)) assert.ok(!e.message.includes(value), `${value} in '${e.message}'`);
        return true;
      });
    });
  }
});

/** Card numbers, codes, tokens and hashes of a body (values of sensitive keys, 4+ chars). */
function sensitiveStrings(value, sensitive = false) {
  if (Array.isArray(value)) return value.flatMap((v) => sensitiveStrings(v, sensitive));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      sensitiveStrings(v, sensitive || /^(number|card_number|security_code|token)$|_token$|_hash$/.test(k)),
    );
  }
  return sensitive && typeof value === 'string' && value.trim().length >= 4 ? [value] : [];
}

describe('wire.json (what the client sends and what it returns)', () => {
  for (const c of vectors('wire.json').cases) {
    const answer = c.scope === 'session' ? { status: 'ok', session: c.input } : c.input;
    const isSuccess = answer !== null && typeof answer === 'object' && !Array.isArray(answer) && answer.status !== 'error';
    if ('to_canonical' in c.expected && isSuccess) {
      test(`${c.name}: answer to canonical names`, async () => {
        pike.state.answer = { status: 200, body: JSON.stringify(answer) };
        const result = await clientFor(1).request('POST', 'wire/echo', {});
        const got = c.scope === 'session' ? result.session : result;
        assert.deepStrictEqual(plain(got), c.expected.to_canonical);
      });
    }
    const isRequest = c.scope === 'message' && isSuccess && !('status' in c.input) && !('type' in c.input);
    for (const version of [1, 2]) {
      const expected = c.expected[`to_v${version}`];
      if (expected === undefined || !isRequest) continue;
      test(`${c.name}: request sent with v${version} names`, async () => {
        pike.state.answer = { status: 200, body: '{"status":"ok"}' };
        await clientFor(version).request('POST', 'wire/echo', c.input);
        const sent = pike.state.received.at(-1);
        assert.strictEqual(sent.path, `/api/v${version}/wire/echo`);
        assert.deepStrictEqual(JSON.parse(sent.body), expected);
      });
    }
  }
});

describe('seeds.json (every documented example)', () => {
  for (const c of vectors('seeds.json').cases) {
    test(`${c.id} ${c.kind} ${c.endpoint ?? c.webhook_type}`, async () => {
      if (c.kind === 'webhook') {
        const raw = JSON.stringify(c.body);
        const signature = pikepay.sign(raw, key.private_pkcs8_pem);
        const event = new pikepay.Webhook(key.public_spki_pem).constructEvent(raw, signature);
        assert.strictEqual(event.type, c.webhook_type);
        assert.strictEqual(event.session.id, c.body.session.id);
        for (const v1 of ['payments', 'acquiring_payments']) assert.strictEqual(event.session[v1], undefined);
      } else if (c.kind === 'request') {
        pike.state.answer = { status: 200, body: '{"status":"ok"}' };
        const sentBefore = pike.state.received.length;
        const call = clientFor(c.api_version).request('POST', c.endpoint, c.body);
        if (c.passes_validation) {
          await call;
          assert.strictEqual(pike.state.received.length, sentBefore + 1);
        } else {
          await assert.rejects(call, pikepay.InvalidRequestError);
        }
      } else {
        pike.state.answer = { status: 200, body: JSON.stringify(c.body) };
        const call = clientFor(c.api_version).request('POST', 'seed/answer', {});
        if (c.outcome === 'ok') {
          const result = await call;
          const session = result.session;
          if (session) for (const v1 of ['payments', 'acquiring_payments']) assert.strictEqual(session[v1], undefined);
          assert.strictEqual(result.status, c.body.status);
        } else {
          await assert.rejects(call, (e) => e instanceof pikepay.PikepayError && e.pikeCode === c.body.error.code);
        }
      }
    });
  }
});
