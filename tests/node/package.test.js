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

const tarballListing = (tarball) =>
  execFileSync('tar', ['-tzf', tarball]).toString().trim().split('\n').sort();
const manifestOf = (name) =>
  JSON.parse(fs.readFileSync(path.join(projectDir(), 'node_modules', name, 'package.json'), 'utf8'));
const PLATFORMS = ['darwin-arm64', 'darwin-x64', 'linux-arm64-gnu', 'linux-arm64-musl', 'linux-x64-gnu', 'linux-x64-musl', 'win32-x64-msvc'];

test('the root tarball holds the JS layer, its typings, the loader and no addon', () => {
  const tarball = process.env.PIKEPAY_TARBALL;
  assert.ok(tarball, 'PIKEPAY_TARBALL is not set: run the suite with `bash scripts/test-node`');
  assert.deepStrictEqual(tarballListing(tarball), [
    'package/LICENSE',
    'package/README.md',
    'package/bindings-node/generated/operations.js',
    'package/bindings-node/generated/types.d.ts',
    'package/bindings-node/index.d.mts',
    'package/bindings-node/index.d.ts',
    'package/bindings-node/index.js',
    'package/bindings-node/index.mjs',
    'package/bindings-node/native.js',
    'package/bindings-node/observe.js',
    'package/bindings-node/testing.d.ts',
    'package/bindings-node/testing.js',
    'package/package.json',
  ]);
});

test('the addon ships once, in the platform package', () => {
  const tarball = process.env.PIKEPAY_PLATFORM_TARBALL;
  assert.ok(tarball, 'PIKEPAY_PLATFORM_TARBALL is not set: run the suite with `bash scripts/test-node`');
  const listing = tarballListing(tarball);
  const addons = listing.filter((f) => f.endsWith('.node'));
  assert.strictEqual(addons.length, 1, listing.join(', '));
  assert.deepStrictEqual(listing.filter((f) => !f.endsWith('.node')), ['package/LICENSE', 'package/README.md', 'package/package.json']);
  const platform = manifestOf(`pikepay-${/pikepay\.(.+)\.node$/.exec(addons[0])[1]}`);
  assert.deepStrictEqual(platform.main, addons[0].replace('package/', ''));
  assert.ok(platform.os.length === 1 && platform.cpu.length === 1, JSON.stringify(platform));
});

test('the root package depends on one optional package per platform, of its own version', () => {
  const manifest = manifestOf('pikepay');
  assert.strictEqual(manifest.dependencies, undefined);
  assert.deepStrictEqual(
    manifest.optionalDependencies,
    Object.fromEntries(PLATFORMS.map((p) => [`pikepay-${p}`, manifest.version])),
  );
});

test('every published package names its licence, repository, homepage and bugs page', () => {
  // One place says where the project lives; every package points at its own folder there.
  const project = JSON.parse(fs.readFileSync(path.join(__dirname, '../../packaging/project.json'), 'utf8'));
  const folders = {
    pikepay: 'bindings-node',
    'pikepay-sandbox': 'packaging/npm/pikepay-sandbox',
    'pikepay-cli': 'packaging/npm/pikepay-cli',
  };
  for (const [main, folder] of Object.entries(folders)) {
    for (const name of [main, `${main}-linux-x64-gnu`]) {
      const manifest = manifestOf(name);
      assert.strictEqual(manifest.license, project.license, name);
      assert.strictEqual(manifest.author, project.author, name);
      assert.deepStrictEqual(
        manifest.repository,
        { type: 'git', url: `git+${project.repository}.git`, directory: folder },
        name,
      );
      assert.strictEqual(manifest.homepage, `${project.repository}/tree/${project.branch}/${folder}#readme`, name);
      assert.strictEqual(manifest.bugs.url, `${project.repository}/issues`, name);
      assert.ok(fs.existsSync(path.join(projectDir(), 'node_modules', name, 'LICENSE')), name);
    }
  }
});

test('the npm page shows the Node readme, not the repository readme', () => {
  const readme = fs.readFileSync(path.join(projectDir(), 'node_modules/pikepay/README.md'), 'utf8');
  assert.match(readme, /^# pikepay for Node\n/);
  assert.match(readme, /npm install pikepay/);
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
