'use strict';
// The same call in every language: tests/vectors/operations.json (written from the core's
// operation table) lists each method's resource, name and params; the Node client must
// have every method, send exactly those params as the body's fields, refuse any other,
// and declare them in index.d.ts. Method names are camelCase in Node (`init_payout` is
// `initPayout`); params keep the wire names, as in Python.
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const http = require('node:http');
const path = require('node:path');
const { REPO, loadPikepay, projectDir, vectors, newKeys } = require('./helpers');

const pikepay = loadPikepay();
const { operations } = vectors('operations.json');
const names = (op) => op.params.map((p) => p.name);
const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** A server on 127.0.0.1 that records each request body and answers `{"status":"ok"}`. */
let server;
const bodies = [];
before(async () => {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ path: req.url, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = () =>
  new pikepay.Client({
    project: 'shape',
    privateKey: newKeys().privateKey,
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    maxRetries: 0,
  });

test('the table lists every operation once', () => {
  assert.ok(operations.length >= 18, `${operations.length} operations`);
  const methods = operations.map((op) => `${op.resource}.${op.method}`);
  assert.deepStrictEqual([...new Set(methods)], methods);
});

test('the client has every method of the table, and no other', () => {
  const c = client();
  for (const op of operations) {
    assert.strictEqual(typeof c[op.resource]?.[camel(op.method)], 'function', `${op.resource}.${camel(op.method)}`);
  }
  for (const resource of new Set(operations.map((op) => op.resource))) {
    const expected = operations.filter((op) => op.resource === resource).map((op) => camel(op.method));
    const extra = resource === 'sessions' ? ['wait'] : [];
    assert.deepStrictEqual(Object.keys(c[resource]).sort(), [...expected, ...extra].sort(), resource);
  }
});

test("each method sends its table's params as the body's fields and refuses any other", async () => {
  const c = client();
  for (const op of operations) {
    const method = c[op.resource][camel(op.method)];
    const params = Object.fromEntries(names(op).map((p) => [p, `value of ${p}`]));
    bodies.length = 0;
    await method(params, { validate: false });
    assert.strictEqual(bodies.length, 1, op.path);
    assert.ok(bodies[0].path.endsWith(`/${op.path}`), `${bodies[0].path} for ${op.path}`);
    assert.deepStrictEqual(Object.keys(bodies[0].body).sort(), names(op).sort(), op.path);
    await assert.rejects(method({ ...params, not_a_param: 1 }, { validate: false }), {
      name: 'TypeError',
      message: new RegExp(`no field 'not_a_param'`),
    });
  }
});

test("index.d.ts declares each method's params with the table's names, required alike", () => {
  const ts = require(path.join(REPO, 'node_modules/typescript'));
  const entry = path.join(projectDir(), 'node_modules/pikepay/bindings-node/index.d.ts');
  const program = ts.createProgram([entry], {
    strict: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [path.join(REPO, 'node_modules/@types')],
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry));
  const clientClass = checker.getExportsOfModule(module).find((s) => s.name === 'Client');
  const clientType = checker.getDeclaredTypeOfSymbol(clientClass);
  for (const op of operations) {
    const where = `${op.resource}.${camel(op.method)}`;
    const resource = checker.getTypeOfSymbol(clientType.getProperty(op.resource));
    const method = resource.getProperty(camel(op.method));
    assert.ok(method, `${where} is not declared`);
    const [signature] = checker.getTypeOfSymbol(method).getCallSignatures();
    const paramsType = checker.getNonNullableType(checker.getTypeOfSymbol(signature.parameters[0]));
    const declared = checker.getPropertiesOfType(paramsType);
    assert.deepStrictEqual(declared.map((p) => p.name).sort(), names(op).sort(), where);
    const required = declared.filter((p) => !(p.flags & ts.SymbolFlags.Optional)).map((p) => p.name);
    assert.deepStrictEqual(required.sort(), op.params.filter((p) => p.required).map((p) => p.name).sort(), where);
  }
});
