'use strict';
// behaviour.json through the Node package: the defaults, wait's `until` forms, per-call
// option rules, call shapes and non-object answers, the same as in Rust and Python. Calls
// go to a loopback server that plays Pike and records what it was sent.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert');
const http = require('node:http');
const { loadPikepay, vectors } = require('./helpers');

const pikepay = loadPikepay();
const [key] = vectors('keys.json').keys;
const { cases } = vectors('behaviour.json');
const ofKind = (kind) => cases.filter((c) => c.kind === kind);

/** A loopback "Pike" answering with `state.answer` and recording each request. */
let pike;
before(async () => {
  const state = { answer: '{"status":"ok"}', seen: [] };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        body = null;
      }
      state.seen.push({ method: req.method, path: req.url, key: req.headers['x-partner-idempotency-key'] ?? null, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(state.answer);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  pike = {
    state,
    url: `http://127.0.0.1:${server.address().port}`,
    take() {
      const seen = state.seen;
      state.seen = [];
      return seen;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
});
after(() => pike.close());

const clientFor = (options = { maxRetries: 0 }) => {
  pike.take();
  return new pikepay.Client({ project: 'vectors', privateKey: key.private_pkcs8_pem, baseUrl: pike.url, ...options });
};

/** Python's option names (as the vectors write them) as Node spells them. */
const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const nodeOptions = (options) => Object.fromEntries(Object.entries(options).map(([k, v]) => [camel(k), v]));

test('the defaults come from the core', () => {
  const [c] = ofKind('defaults');
  const client = clientFor({});
  assert.strictEqual(client.timeoutMs, c.settings.timeout_ms);
  assert.strictEqual(client.maxRetries, c.settings.max_retries);
});

describe('until forms', () => {
  for (const c of ofKind('until')) {
    test(c.name, async () => {
      const called = [];
      let until = c.until;
      if (c.until_function !== undefined) {
        until = (session) => {
          called.push(session);
          if (c.until_function === 'throws') throw new RangeError('thrown by the function');
          return c.until_function === 'returns_true';
        };
      }
      const client = clientFor();
      const wait = () => client.sessions.wait({ session_id: 'ps_1' }, { until, timeoutMs: 300 });
      if (c.refused !== undefined) {
        await assert.rejects(wait(), (e) => e.code === c.refused.error_code && e.field === c.refused.field);
        assert.deepStrictEqual(pike.take(), []);
        return;
      }
      pike.state.answer = JSON.stringify({ status: 'ok', session: c.session });
      if (c.raises) {
        await assert.rejects(wait(), (e) => e instanceof RangeError && e.message === 'thrown by the function');
      } else if (c.stops) {
        const result = await wait();
        assert.deepStrictEqual(structuredClone(result.session), c.session);
      } else {
        await assert.rejects(wait(), pikepay.OutcomeUnknownError);
      }
      if (called.length > 0) {
        assert.strictEqual(called[0].id, c.session.id);
      } else if (c.until_function !== undefined) {
        assert.ok(['accepted', 'cancelled', 'canceled'].includes(c.session.status));
      }
    });
  }
});

describe('option rules', () => {
  for (const c of ofKind('option')) {
    test(c.name, async () => {
      const client = clientFor();
      const call = () => client.sessions.status({ session_id: 'ps_1' }, { [c.names.node]: c.value });
      if (c.refused === undefined) {
        await call();
        assert.strictEqual(pike.take().length, 1);
        return;
      }
      await assert.rejects(call(), (e) => {
        assert.strictEqual(e.code, c.refused.error_code);
        assert.strictEqual(e.field, c.refused.field.node);
        return true;
      });
      assert.deepStrictEqual(pike.take(), []);
    });
  }
});

const send = (client, c) => client.request(c.method, c.path, c.body, nodeOptions(c.options));

describe('call shapes', () => {
  for (const c of ofKind('call')) {
    test(c.name, async () => {
      pike.state.answer = '{"status":"ok"}';
      await send(clientFor(), c);
      const [seen, ...more] = pike.take();
      assert.strictEqual(more.length, 0);
      assert.strictEqual(seen.method, c.sends.method);
      assert.strictEqual(seen.path, c.sends.path);
      if (c.sends.idempotency_key === 'none') assert.strictEqual(seen.key, null);
      else if (c.sends.idempotency_key === 'generated') assert.ok(seen.key.length >= 4);
      else assert.strictEqual(seen.key, c.sends.idempotency_key);
      for (const name of c.sends.body_has) assert.ok(name in seen.body, name);
    });
  }
});

describe('answers that are not objects', () => {
  for (const c of ofKind('answer')) {
    test(c.name, async () => {
      pike.state.answer = c.answer.body;
      await assert.rejects(send(clientFor(), c), (e) => {
        assert.strictEqual(e.code, c.error.error_code);
        assert.strictEqual(e.idempotencyKey !== null, c.error.idempotency_key);
        return true;
      });
    });
  }
});
