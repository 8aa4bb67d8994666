'use strict';
// What a hostile or careless world does to the client: secrets at every depth of every
// result, event and error; oversized and unreadable answers; out-of-range options;
// integers beyond 2^53; no system CA store.
const { test } = require('node:test');
const assert = require('node:assert');
const http = require('node:http');
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { inspect } = require('node:util');
const { loadPikepay, vectors, projectDir } = require('./helpers');

const pikepay = loadPikepay();
const [key] = vectors('keys.json').keys;

/**
 * A loopback server whose answers `respond(req, res, body)` writes. Returns
 * `{ url, close() }`.
 */
async function server(respond) {
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => respond(req, res, Buffer.concat(chunks)));
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${srv.address().port}`,
    close: () => {
      srv.closeAllConnections();
      return new Promise((resolve) => srv.close(resolve));
    },
  };
}

function clientFor(url, options = {}) {
  return new pikepay.Client({ project: 'shop', privateKey: key.private_pkcs8_pem, baseUrl: url, maxRetries: 0, ...options });
}

// ---------------------------------------------------------------- secrets ----

/** Whether the core's table calls `k` secret (the test reads the exported table). */
function secretKey(k) {
  const lower = k.toLowerCase();
  if (pikepay.PUBLIC_FIELDS.includes(lower)) return 'public';
  return pikepay.SECRET_FIELDS.some((f) =>
    f.matches === 'exact' ? lower === f.name : f.matches === 'suffix' ? lower.endsWith(f.name) : lower.startsWith(f.name),
  )
    ? 'secret'
    : 'plain';
}

/** Every string of `value` that sits under a secret field, and every public one. */
function classified(value, context = 'plain', out = { secret: new Set(), public: new Set() }) {
  if (Array.isArray(value)) {
    value.forEach((v) => classified(v, context, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) classified(v, context === 'plain' ? secretKey(k) : context, out);
  } else if (context !== 'plain' && value !== null && String(value).length >= 3) {
    out[context].add(String(value));
  }
  return out;
}

/** Every object and array inside `value`, itself included. */
function* objects(value) {
  if (value === null || typeof value !== 'object') return;
  yield value;
  for (const v of Object.values(value)) yield* objects(v);
}

/** Asserts no object of `result`, shown any way, holds a secret of `raw`. */
function assertNothingLeaks(result, raw, what) {
  const { secret } = classified(raw);
  let checked = 0;
  for (const obj of objects(result)) {
    const shown = [inspect(obj, { depth: null }), JSON.stringify(obj), String(inspect(obj, { depth: 0 }))];
    for (const text of shown) {
      for (const s of secret) {
        // A secret that is also a plain value elsewhere (e.g. "card") is not a leak.
        if (shows(text, s) && !plainValues(raw).has(s)) {
          assert.fail(`${what}: ${s} shown in ${text.slice(0, 300)}`);
        }
      }
    }
    checked += 1;
  }
  return checked;
}

/** Whether `text` shows `secret` as a whole value (not inside a longer word or number). */
function shows(text, secret) {
  const escaped = JSON.stringify(secret).slice(1, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`).test(text);
}

function plainValues(raw, context = 'plain', out = new Set()) {
  if (Array.isArray(raw)) raw.forEach((v) => plainValues(v, context, out));
  else if (raw !== null && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) plainValues(v, context === 'plain' ? secretKey(k) : context, out);
  } else if (context === 'plain') out.add(String(raw));
  return out;
}

/** Every JSON object of every fixture of tests/vectors/. */
function fixtureObjects() {
  const found = [];
  const take = (name, value) => {
    let v = value;
    if (typeof v === 'string') {
      try {
        v = JSON.parse(v);
      } catch {
        return;
      }
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) found.push([name, v]);
  };
  for (const file of fs.readdirSync(path.join(__dirname, '../../tests/vectors'))) {
    // keys.json holds keys and operations.json the method table: neither has bodies.
    if (!file.endsWith('.json') || file === 'keys.json' || file === 'operations.json') continue;
    for (const c of vectors(file).cases) {
      const name = `${file} ${c.name ?? c.id}`;
      for (const field of ['body', 'input', 'expected']) take(`${name} ${field}`, c[field]);
    }
  }
  return found;
}

test('no object of any result, at any depth, shows a secret of any fixture', async () => {
  const cases = fixtureObjects();
  assert.ok(cases.length > 200, `only ${cases.length} fixture objects`);
  let current = null;
  const srv = await server((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(current));
  });
  try {
    const client = clientFor(srv.url);
    let objectsChecked = 0;
    let secretsSeen = 0;
    for (const [name, body] of cases) {
      // Answers are Pike's success envelope; error envelopes are errors (tested below).
      current = { ...body, status: 'ok' };
      const result = await client.request('POST', 'fixture/echo', {});
      objectsChecked += assertNothingLeaks(result, current, name);
      secretsSeen += classified(current).secret.size;
    }
    assert.ok(secretsSeen > 50, `the fixtures hold only ${secretsSeen} secrets`);
    assert.ok(objectsChecked > 1000, `${objectsChecked} objects`);
  } finally {
    await srv.close();
  }
});

test('every object of every verified webhook event hides its secrets', () => {
  const keys = Object.fromEntries(vectors('keys.json').keys.map((k) => [k.name, k.public_spki_pem]));
  let events = 0;
  for (const c of vectors('webhooks.json').cases) {
    if (c.expected?.outcome !== 'ok') continue;
    const event = new pikepay.Webhook(keys[c.public_key]).constructEvent(c.body, c.signature);
    assertNothingLeaks(event, JSON.parse(c.body), c.name);
    events += 1;
  }
  assert.ok(events >= 10, `${events} events`);
});

test('nested objects redact on their own: console.log, util.inspect, JSON.stringify', async () => {
  const answer = {
    status: 'ok',
    session: {
      id: 'ps_1',
      status: 'in_progress',
      payment_list: [
        {
          status: 'pending',
          payment_details: {
            type: 'card',
            card: { type: 'bank_card', bank_card: { number: '4111111111111111', security_code: '987' } },
          },
        },
      ],
      recurrent: { token: 'rt_0123456789abcdef0123' },
      private_key: { pem: 'MIIEvQIBADANBgkqhkiG' },
    },
  };
  const srv = await server((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
  try {
    const result = await clientFor(srv.url).sessions.status({ session_id: 'ps_1' });
    const item = result.session.payment_list[0];
    for (const shown of [
      inspect(result.session, { depth: null }),
      inspect(result.session.payment_list, { depth: null }),
      JSON.stringify(item),
      JSON.stringify(item.payment_details.card.bank_card),
      inspect(result.session.recurrent),
      JSON.stringify(result.session.private_key),
      inspect(result.session.private_key),
    ]) {
      for (const secret of ['4111111111111111', '987', 'rt_0123456789abcdef0123', 'MIIEvQIBADANBgkqhkiG']) {
        assert.ok(!shown.includes(secret), `${secret} in ${shown}`);
      }
    }
    // The values themselves stay readable, and structuredClone gives the raw data.
    assert.strictEqual(item.payment_details.card.bank_card.number, '4111111111111111');
    assert.strictEqual(structuredClone(result).session.recurrent.token, 'rt_0123456789abcdef0123');
    assert.strictEqual(JSON.parse(JSON.stringify(item)).status, 'pending');
  } finally {
    await srv.close();
  }
});

test('public_token is handed to the browser unredacted', async () => {
  const srv = await server((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok","public_token":"pt_abcdef0123456789abcdef0123"}');
  });
  try {
    const result = await clientFor(srv.url).tokens.create({});
    assert.strictEqual(JSON.parse(JSON.stringify(result)).public_token, 'pt_abcdef0123456789abcdef0123');
    assert.ok(inspect(result).includes('pt_abcdef0123456789abcdef0123'));
    assert.deepStrictEqual(pikepay.PUBLIC_FIELDS, ['public_token']);
  } finally {
    await srv.close();
  }
});

test('error text is masked; the raw description is behind rawPikeDescription()', async () => {
  const description = 'card 4242 4242 4242 4242 refused, security_code=123, token 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
  const srv = await server((req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'error', error: { code: 'card_declined', description } }));
  });
  try {
    const err = await clientFor(srv.url).sessions.status({ session_id: 'ps_1' }).then(
      () => assert.fail('resolved'),
      (e) => e,
    );
    assert.ok(err instanceof pikepay.ApiError, inspect(err));
    for (const shown of [err.message, err.pikeDescription, inspect(err), JSON.stringify(err), err.stack]) {
      for (const secret of ['4242 4242 4242', '=123', '9a8b7c6d5e4f']) {
        assert.ok(!shown.includes(secret), `${secret} in ${shown}`);
      }
    }
    assert.strictEqual(err.rawPikeDescription(), description);
  } finally {
    await srv.close();
  }
});

test('redact() of a lone surrogate throws a typed error', () => {
  assert.throws(() => pikepay.redact({ number: '\ud800' }), (e) => e instanceof pikepay.PikepayError && e.code === 'invalid_request_error');
});

// ---------------------------------------------------------------- answers ----

test('integers beyond 2^53 arrive exact, as decimal strings', async () => {
  const srv = await server((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok","session":{"id":"ps_1","big":9007199254740993,"neg":-9223372036854775808,"safe":9007199254740991,"small":5}}');
  });
  try {
    const { session } = await clientFor(srv.url).sessions.status({ session_id: 'ps_1' });
    assert.strictEqual(session.big, '9007199254740993');
    assert.strictEqual(session.neg, '-9223372036854775808');
    assert.strictEqual(session.safe, 9007199254740991);
    assert.strictEqual(session.small, 5);
  } finally {
    await srv.close();
  }
});

/** Runs `code` in a child node with the installed package; returns its parsed JSON line. */
function child(code, env = {}) {
  const r = spawnSync(process.execPath, ['-e', code], {
    cwd: projectDir(),
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.strictEqual(r.status, 0, `child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

test('a 256 MiB answer is refused at the cap, with little memory and a typed error', async () => {
  const total = 256 * 1024 * 1024;
  let written = 0;
  const piece = Buffer.alloc(64 * 1024, 0x78);
  const srv = await server((req, res) => {
    const chunked = req.url.includes('init');
    res.writeHead(200, chunked ? { 'content-type': 'application/json' } : { 'content-type': 'application/json', 'content-length': total });
    const pump = () => {
      while (written < total) {
        written += piece.length;
        if (!res.write(piece)) return res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  try {
    const code = `
      const fs = require('node:fs');
      const pikepay = require('pikepay');
      const peak = () => Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
      const client = new pikepay.Client({ project: 'shop', privateKey: ${JSON.stringify(key.private_pkcs8_pem)},
                                          baseUrl: ${JSON.stringify(srv.url)}, maxRetries: 0 });
      (async () => {
        const before = peak();
        const out = [];
        for (const call of [() => client.sessions.status({ session_id: 's' }),
                            () => client.sessions.initPayout({ payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } }, amount_details: { amount: 100, currency: 'rub' } })]) {
          try { await call(); out.push({ resolved: true }); }
          catch (e) { out.push({ name: e.name, key: e.idempotencyKey, message: e.message }); }
        }
        console.log(JSON.stringify({ grew: peak() - before, out }));
      })();`;
    const r = await new Promise((resolve, reject) => {
      const p = spawn(process.execPath, ['-e', code], { cwd: projectDir(), stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.on('error', reject);
      p.on('close', (status) => (status === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`exit ${status}`))));
    });
    assert.strictEqual(r.out[0].name, 'DecodeError', inspect(r));
    assert.strictEqual(r.out[1].name, 'OutcomeUnknownError', inspect(r));
    assert.ok(r.out[1].key, 'the payout error carries its key');
    assert.match(r.out[0].message, /maxResponseBytes|max_response_bytes/);
    assert.ok(r.grew < 64 * 1024 * 1024, `peak memory grew by ${r.grew} bytes`);
    assert.ok(written < total, 'the client read to the end');
  } finally {
    await srv.close();
  }
});

test('maxResponseBytes raises or lowers the cap', async () => {
  const srv = await server((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', session: { id: 'ps_1', pad: 'x'.repeat(10_000) } }));
  });
  try {
    await assert.rejects(clientFor(srv.url, { maxResponseBytes: 1000 }).sessions.status({ session_id: 'ps_1' }), pikepay.DecodeError);
    const ok = await clientFor(srv.url, { maxResponseBytes: 20_000 }).sessions.status({ session_id: 'ps_1' });
    assert.strictEqual(ok.session.id, 'ps_1');
    assert.throws(() => clientFor(srv.url, { maxResponseBytes: 0 }), pikepay.ConfigurationError);
  } finally {
    await srv.close();
  }
});

test('a 2xx answer that is not an object: OutcomeUnknownError with the key for money-moving calls', async () => {
  const srv = await server((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('[1, 2, 3]');
  });
  try {
    const client = clientFor(srv.url);
    await assert.rejects(
      client.sessions.initPayout({ payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } }, amount_details: { amount: 100, currency: 'rub' } }, { idempotencyKey: 'order-77' }),
      (e) => e instanceof pikepay.OutcomeUnknownError && e.idempotencyKey === 'order-77',
    );
    await assert.rejects(client.sessions.status({ session_id: 's' }), pikepay.DecodeError);
  } finally {
    await srv.close();
  }
});

// ---------------------------------------------------------------- options ----

test('out-of-range timeouts are typed errors naming the option, never a panic', async () => {
  for (const timeoutMs of [1e22, Number.MAX_VALUE, 1e300]) {
    for (const option of ['timeoutMs', 'requestTimeoutMs', 'connectTimeoutMs']) {
      assert.throws(
        () => clientFor('http://127.0.0.1:9', { [option]: timeoutMs }),
        (e) => e instanceof pikepay.ConfigurationError && e.message.includes(option),
      );
    }
    const client = clientFor('http://127.0.0.1:9');
    await assert.rejects(
      client.sessions.status({ session_id: 's' }, { timeoutMs }),
      (e) => e instanceof pikepay.InvalidRequestError && e.field === 'timeoutMs',
    );
    await assert.rejects(
      client.sessions.wait({ session_id: 's' }, { timeoutMs }),
      (e) => e instanceof pikepay.InvalidRequestError && e.field === 'timeoutMs',
    );
  }
});

test('project, submerchant and User-Agent values must be visible ASCII', () => {
  for (const options of [
    { project: 'shop\t1' },
    { project: 'магазин' },
    { submerchant: 'sub\t1' },
    { submerchant: 'café' },
    { userAgentSuffix: 'app\t1' },
    { userAgentSuffix: 'приложение/1' },
  ]) {
    assert.throws(
      () => clientFor('http://127.0.0.1:9', options),
      (e) => e instanceof pikepay.ConfigurationError && e.message.includes('visible ASCII'),
      inspect(options),
    );
  }
});

test('without a system CA store plain-http clients work and https says how to fix it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pikepay-noca-'));
  fs.writeFileSync(path.join(dir, 'empty.pem'), '');
  const code = `
    const pikepay = require('pikepay');
    const key = ${JSON.stringify(key.private_pkcs8_pem)};
    const out = {};
    new pikepay.Client({ project: 'shop', privateKey: key, baseUrl: 'http://127.0.0.1:9' });
    out.http = 'ok';
    try { new pikepay.Client({ project: 'shop', privateKey: key, baseUrl: 'https://127.0.0.1:9' }); out.https = 'ok'; }
    catch (e) { out.https = { name: e.name, message: e.message }; }
    console.log(JSON.stringify(out));`;
  try {
    const out = child(code, { SSL_CERT_FILE: path.join(dir, 'empty.pem'), SSL_CERT_DIR: dir });
    assert.strictEqual(out.http, 'ok');
    assert.strictEqual(out.https.name, 'ConfigurationError', inspect(out));
    assert.match(out.https.message, /SSL_CERT_FILE/);
    assert.match(out.https.message, /rootCertificatePem/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
