'use strict';
// The connection pool: a burst of calls opens at most `maxConnections` connections and
// every call succeeds, also when the burst is far above the open-file limit.
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const { loadPikepay, projectDir, vectors } = require('./helpers');

const pikepay = loadPikepay();
const pem = vectors('keys.json').keys.find((k) => k.bits === 2048).private_pkcs8_pem;
const ANSWER = '{"status":"ok","session":{"id":"ps_1","status":"pending"}}';

// A Pike-like server on 127.0.0.1: one fixed session for every request; counts the TCP
// connections it accepted and the requests it answered.
let server;
let baseUrl;
const seen = { connections: 0, requests: 0 };
before(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER);
    });
  });
  server.keepAliveTimeout = 60000;
  server.on('connection', () => {
    seen.connections += 1;
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', 4096, resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

function reset() {
  seen.connections = 0;
  seen.requests = 0;
}

test('a burst opens at most maxConnections connections', async () => {
  reset();
  const client = new pikepay.Client({ project: 'shop', privateKey: pem, baseUrl, maxConnections: 10 });
  const results = await Promise.all(
    Array.from({ length: 500 }, () => client.sessions.status({ session_id: 'ps_1' })),
  );
  assert.ok(results.every((r) => r.session.id === 'ps_1'));
  assert.strictEqual(seen.requests, 500);
  // 10 in flight at most; the pool may open a connection while another is being
  // handed back, so allow as many again (without the limit: hundreds).
  assert.ok(seen.connections >= 1 && seen.connections <= 20, `500 calls opened ${seen.connections} connections`);
});

test('maxConnections must be a whole number from 1', () => {
  for (const bad of [0, -1, 1.5]) {
    assert.throws(
      () => new pikepay.Client({ project: 'shop', privateKey: pem, baseUrl, maxConnections: bad }),
      (e) => e.code === 'configuration_error' && /onnections/.test(e.message),
    );
  }
});

test('a burst above the open-file limit completes without errors', async () => {
  reset();
  const calls = 4000;
  const script = `
    const pikepay = require(${JSON.stringify(path.join(projectDir(), 'node_modules', 'pikepay'))});
    const [baseUrl, calls] = process.argv.slice(1);
    let pem = '';
    process.stdin.on('data', (d) => { pem += d; }).on('end', async () => {
      const client = new pikepay.Client({ project: 'shop', privateKey: pem, baseUrl, timeoutMs: 90000 });
      const results = await Promise.allSettled(
        Array.from({ length: Number(calls) }, () => client.sessions.status({ session_id: 'ps_1' })));
      const errors = {};
      for (const r of results) if (r.status === 'rejected') errors[r.reason.name] = (errors[r.reason.name] ?? 0) + 1;
      console.log(JSON.stringify({ errors }));
    });`;
  // The server stays in this process (so the call is async); only the client runs under the limit.
  const child = spawn(
    'bash',
    ['-c', 'ulimit -n 1024 && exec "$0" -e "$1" "$2" "$3"', process.execPath, script, baseUrl, String(calls)],
    { stdio: ['pipe', 'pipe', 'pipe'], timeout: 120000 },
  );
  child.stdin.end(pem);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.strictEqual(code, 0, err);
  assert.deepStrictEqual(JSON.parse(out).errors, {});
  assert.strictEqual(seen.requests, calls);
  assert.ok(seen.connections <= 200, `${seen.connections} connections; the default maxConnections is 100`);
});
