#!/usr/bin/env node
'use strict';
/**
 * Makes the npm packages as they are published, from built artefacts:
 *
 *   node scripts/pack-npm.js ARTEFACTS_DIR... --out OUT_DIR
 *
 * Each ARTEFACTS_DIR is what scripts/build-node and scripts/build-sandbox wrote for one
 * platform: `pikepay.<platform>.node`, `native.js` and `bin/<platform>/<executable>`.
 * Writes to OUT_DIR:
 *   - `pikepay-VERSION.tgz`: the JS layer and typings, no addon, with one optional
 *     dependency per platform of packaging/platforms.json;
 *   - `pikepay-<platform>-VERSION.tgz` for each addon found: that addon only;
 *   - the same pair for every executable package under packaging/npm/ (today
 *     `pikepay-sandbox`): a launcher package and one package per platform holding the
 *     executable.
 * Every package gets the version and engines of the root package.json; the licence, author
 * and repository links (repository, homepage, bugs: the folder it is made from) of
 * packaging/project.json; and its own README.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const root = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const { platforms } = JSON.parse(fs.readFileSync(path.join(REPO, 'packaging/platforms.json'), 'utf8'));
const project = JSON.parse(fs.readFileSync(path.join(REPO, 'packaging/project.json'), 'utf8'));

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
if (outIndex < 0 || !args[outIndex + 1] || args.length < 3) {
  console.error('usage: node scripts/pack-npm.js ARTEFACTS_DIR... --out OUT_DIR');
  process.exit(2);
}
const out = path.resolve(args[outIndex + 1]);
const artefactDirs = args.filter((_, i) => i !== outIndex && i !== outIndex + 1).map((d) => path.resolve(d));
fs.mkdirSync(out, { recursive: true });
const stage = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'pikepay-pack-'));

/** Fields every package shares: the root package.json's version and engines, and who made it. */
const shared = {
  version: root.version,
  engines: root.engines,
  license: project.license,
  author: project.author,
};

/** Where a package made from the repository folder `dir` lives. */
function links(dir) {
  return {
    homepage: `${project.repository}/tree/${project.branch}/${dir}#readme`,
    repository: { type: 'git', url: `git+${project.repository}.git`, directory: dir },
    bugs: { url: `${project.repository}/issues` },
  };
}

/** Writes `manifest` and `files` (name -> source path) into a fresh folder and packs it. */
function pack(manifest, files) {
  const dir = path.join(stage, manifest.name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.copyFileSync(source, path.join(dir, name));
  }
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: dir })
    .toString()
    .trim()
    .split('\n')
    .pop();
  console.log(path.join(out, tarball));
}

/** The platform fields npm uses to install only the matching package. */
function platformFields(p) {
  return { os: [p.os], cpu: [p.cpu], ...(p.libc ? { libc: [p.libc] } : {}) };
}

function optionalDependencies(name) {
  return Object.fromEntries(platforms.map((p) => [`${name}-${p.npm}`, root.version]));
}

/** The first artefact dir holding `relative`, or null. */
function findArtefact(relative) {
  for (const dir of artefactDirs) {
    if (fs.existsSync(path.join(dir, relative))) return path.join(dir, relative);
  }
  return null;
}

// ---- pikepay: the JS layer, then one addon package per platform built ------------------
const nativeJs = findArtefact('native.js');
if (!nativeJs) throw new Error('no native.js in the artefact dirs: run scripts/build-node first');
const jsFiles = {};
for (const file of root.files) jsFiles[file] = path.join(REPO, file);
Object.assign(jsFiles, {
  'README.md': path.join(REPO, 'bindings-node/README.md'),
  LICENSE: path.join(REPO, 'LICENSE'),
  'bindings-node/native.js': nativeJs,
});
const { devDependencies, scripts, napi, files, private: _private, ...published } = root;
pack(
  {
    ...published,
    ...shared,
    ...links('bindings-node'),
    files: [...files, 'LICENSE'],
    optionalDependencies: optionalDependencies(root.name),
  },
  jsFiles,
);

for (const p of platforms) {
  const addon = findArtefact(`${napi.binaryName}.${p.npm}.node`);
  if (!addon) continue;
  const file = path.basename(addon);
  pack(
    {
      name: `${root.name}-${p.npm}`,
      description: `The ${p.target} addon of ${root.name}`,
      ...shared,
      ...links('bindings-node'),
      main: file,
      files: [file, 'LICENSE'],
      ...platformFields(p),
    },
    { [file]: addon, LICENSE: path.join(REPO, 'LICENSE'), 'README.md': platformReadme(root.name, p) },
  );
}

// ---- executables: a launcher package and one package per platform built ---------------
for (const name of fs.readdirSync(path.join(REPO, 'packaging/npm')).filter((n) => n !== 'common')) {
  const src = path.join(REPO, 'packaging/npm', name);
  const manifest = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'));
  const binary = Object.keys(manifest.bin)[0];
  const launcherFiles = {
    'binary.js': path.join(REPO, 'packaging/npm/common/binary.js'),
    [manifest.bin[binary]]: path.join(REPO, 'packaging/npm/common/run.js'),
    LICENSE: path.join(REPO, 'LICENSE'),
  };
  for (const file of fs.readdirSync(src)) {
    if (file !== 'package.json') launcherFiles[file] = path.join(src, file);
  }
  pack(
    {
      ...manifest,
      ...shared,
      ...links(`packaging/npm/${name}`),
      files: [...manifest.files, 'LICENSE'],
      peerDependencies: manifest.peerDependencies && { [root.name]: root.version },
      optionalDependencies: optionalDependencies(name),
    },
    launcherFiles,
  );
  for (const p of platforms) {
    const exe = findArtefact(path.join('bin', p.npm, binary + (p.exe ?? '')));
    if (!exe) continue;
    const file = `bin/${path.basename(exe)}`;
    pack(
      {
        name: `${name}-${p.npm}`,
        description: `The ${p.target} executable of ${name}`,
        ...shared,
        ...links(`packaging/npm/${name}`),
        files: [file, 'LICENSE'],
        ...platformFields(p),
      },
      { [file]: exe, LICENSE: path.join(REPO, 'LICENSE'), 'README.md': platformReadme(name, p) },
    );
  }
}
fs.rmSync(stage, { recursive: true, force: true });

/** A short README for a platform package, pointing at the main one. */
function platformReadme(name, p) {
  const file = path.join(stage, `README-${name}-${p.npm}.md`);
  fs.writeFileSync(
    file,
    `# ${name}-${p.npm}\n\nThe ${p.target} build of [\`${name}\`](https://www.npmjs.com/package/${name}). ` +
      `Install \`${name}\`, not this package: npm picks the package for your platform.\n`,
  );
  return file;
}
