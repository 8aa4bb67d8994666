'use strict';
// The package as a user gets it: the packed tarball holds only the runtime files (and the
// README npm always adds), and both `require('pikepay')` and `import ... from 'pikepay'`
// work from a fresh project.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { projectDir } = require('./helpers');

const run = (args) => execFileSync(process.execPath, args, { cwd: projectDir() }).toString();

test('the tarball holds the JS layer, its typings, the loader and the addon, nothing else', () => {
  const tarball = process.env.PIKEPAY_TARBALL;
  assert.ok(tarball, 'PIKEPAY_TARBALL is not set: run the suite with `bash scripts/test-node`');
  const listing = execFileSync('tar', ['-tzf', tarball]).toString().trim().split('\n').sort();
  assert.deepStrictEqual(listing, [
    'package/README.md',
    'package/bindings-node/index.d.mts',
    'package/bindings-node/index.d.ts',
    'package/bindings-node/index.js',
    'package/bindings-node/index.mjs',
    'package/bindings-node/native.js',
    'package/bindings-node/observe.js',
    'package/bindings-node/pikepay.linux-x64-gnu.node',
    'package/bindings-node/testing.d.ts',
    'package/bindings-node/testing.js',
    'package/package.json',
  ]);
});

test('the installed package declares no runtime dependencies', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(projectDir(), 'node_modules/pikepay/package.json'), 'utf8'));
  assert.strictEqual(manifest.dependencies, undefined);
  assert.strictEqual(manifest.optionalDependencies, undefined);
});

test('CommonJS require works from a fresh project', () => {
  const out = run([
    '-e',
    `const p = require('pikepay');
     const k = require('node:crypto').generateKeyPairSync('rsa', { modulusLength: 2048 });
     const pem = k.privateKey.export({ type: 'pkcs8', format: 'pem' });
     const pub = k.publicKey.export({ type: 'spki', format: 'pem' });
     p.verify('{}', p.sign('{}', pem), pub);
     console.log(typeof p.Client, p.DEMO_URL, new p.OutcomeUnknownError('x') instanceof p.PikepayError);`,
  ]);
  assert.strictEqual(out.trim(), 'function https://proxy-demo.pikepayments.com true');
});

test('ES module import works from a fresh project, named and default', () => {
  const out = run([
    '--input-type=module',
    '-e',
    `import pikepay, { Client, Webhook, InternalError, PikepayError, LIVE_URL } from 'pikepay';
     import { createRequire } from 'node:module';
     const cjs = createRequire(process.cwd() + '/x.js')('pikepay');
     console.log(Client === cjs.Client, pikepay.Webhook === Webhook, new InternalError('x') instanceof PikepayError, LIVE_URL);`,
  ]);
  assert.strictEqual(out.trim(), 'true true true https://proxy.pikepayments.com');
});
