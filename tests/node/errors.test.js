'use strict';
// The error classes come from the core's kind table: one class per kind, same names as
// Python, instanceof works, fields are carried, and panics arrive as InternalError.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { inspect } = require('node:util');
const { execFileSync } = require('node:child_process');
const { loadPikepay, projectDir } = require('./helpers');

const pikepay = loadPikepay();
const packageDir = path.join(projectDir(), 'node_modules/pikepay');
const native = require(path.join(packageDir, 'bindings-node/native.js'));

test('every core error kind has its exported class, derived from the native table', () => {
  const kinds = native.errorKinds();
  assert.ok(kinds.length >= 14);
  assert.deepStrictEqual(
    pikepay.ERROR_KINDS.map((k) => k.className),
    kinds.map((k) => k.className),
  );
  for (const kind of kinds) {
    const cls = pikepay[kind.className];
    assert.strictEqual(typeof cls, 'function', `${kind.className} is not exported`);
    assert.strictEqual(cls.name, kind.className);
    assert.strictEqual(cls.code, kind.code);
    const e = new cls('boom', { httpStatus: 502, idempotencyKey: 'key-1', pikeCode: 'x' });
    assert.ok(e instanceof cls);
    assert.ok(e instanceof pikepay.PikepayError);
    assert.ok(e instanceof Error);
    assert.strictEqual(e.name, kind.className);
    assert.strictEqual(e.code, kind.code);
    assert.strictEqual(e.message, 'boom');
    assert.strictEqual(e.httpStatus, 502);
    assert.strictEqual(e.idempotencyKey, 'key-1');
    assert.strictEqual(e.pikeCode, 'x');
    assert.strictEqual(e.pikeDescription, null);
    assert.strictEqual(e.retryable, kind.retryable);
    assert.strictEqual(String(e), `${kind.className}: boom`);
    for (const other of kinds.filter((k) => k !== kind)) {
      assert.ok(!(e instanceof pikepay[other.className]));
    }
  }
});

test('index.d.ts declares a class for every core kind and its code', () => {
  const dts = fs.readFileSync(path.join(packageDir, 'bindings-node/index.d.ts'), 'utf8');
  for (const kind of native.errorKinds()) {
    assert.match(dts, new RegExp(`export declare class ${kind.className} extends PikepayError \\{\\n  readonly code: '${kind.code}';`));
    assert.match(dts, new RegExp(`\\| '${kind.code}'`));
  }
});

test('the ES module entry exports the same names as the CommonJS entry', () => {
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "import * as p from 'pikepay'; console.log(JSON.stringify(Object.keys(p).sort()))"],
    { cwd: projectDir() },
  );
  const esm = JSON.parse(out.toString());
  assert.deepStrictEqual(esm, [...Object.keys(pikepay), 'default'].sort());
});

test('errors from the core carry code and fields; the message holds no key material', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----';
  let caught;
  try {
    pikepay.sign('{}', pem);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof pikepay.InvalidKeyError);
  assert.strictEqual(caught.code, 'invalid_key_error');
  assert.strictEqual(caught.retryable, false);
  assert.strictEqual(caught.httpStatus, null);
  assert.match(caught.stack, /^InvalidKeyError: /);
  assert.ok(!inspect(caught).includes('AAAA'));
  assert.ok(!JSON.stringify(caught).includes('AAAA'));
});

test('a panic in a sync or async native function becomes InternalError, not an abort', async () => {
  assert.throws(() => native.panicForTest(false), (e) => {
    assert.strictEqual(e.code, 'internal_error');
    assert.strictEqual(e.name, 'InternalError');
    assert.match(e.message, /panicked: test panic/);
    return true;
  });
  await assert.rejects(native.panicForTest(true), (e) => {
    assert.strictEqual(e.code, 'internal_error');
    assert.match(e.message, /panicked: test panic in a future/);
    return true;
  });
  // The process is still alive and the addon still works.
  assert.strictEqual(pikepay.ERROR_KINDS.length, native.errorKinds().length);
});
