'use strict';
// What the Node client puts on the wire, as the sandbox's request log saw it: a
// User-Agent naming the npm package and the Node runtime, plus the caller's suffix.
const { test, before, after } = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { createRequire } = require('node:module');
const { loadPikepay, projectDir, startSandbox, registerProject, control } = require('./helpers');

const pikepay = loadPikepay();
const installed = createRequire(path.join(projectDir(), 'index.js'))('pikepay/package.json');
const agent = `pikepay-node/${installed.version} node/${process.versions.node}`;

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => {
  await sandbox.stop();
});

const requests = async (name) =>
  (await control(sandbox.baseUrl, 'GET', `/_sandbox/requests?project=${name}`)).requests;

test('the User-Agent names the core, the npm package and the Node runtime', async () => {
  const project = await registerProject(sandbox.baseUrl);
  const client = new pikepay.Client({ project: project.name, privateKey: project.privateKey, baseUrl: sandbox.baseUrl });
  await client.fps.banks();
  await client.sessions.create();
  const seen = await requests(project.name);
  assert.strictEqual(seen.length, 2);
  for (const request of seen) {
    assert.match(request.user_agent, /^pikepay-rust\/\S+ /);
    assert.ok(request.user_agent.endsWith(` ${agent}`), request.user_agent);
    assert.strictEqual(request.content_type, 'application/json');
    assert.strictEqual(request.submerchant, null);
    assert.strictEqual(request.signature, 'verified');
  }
  assert.deepStrictEqual(seen.map((r) => r.method), ['GET', 'POST']);
});

test("the caller's userAgentSuffix and submerchant are sent too", async () => {
  const project = await registerProject(sandbox.baseUrl);
  const client = new pikepay.Client({
    project: project.name,
    privateKey: project.privateKey,
    baseUrl: sandbox.baseUrl,
    userAgentSuffix: 'shop/2.0',
    submerchant: 'sub-9',
  });
  await client.sessions.create();
  const [request] = await requests(project.name);
  assert.ok(request.user_agent.endsWith(` ${agent} shop/2.0`), request.user_agent);
  assert.strictEqual(request.submerchant, 'sub-9');
});
