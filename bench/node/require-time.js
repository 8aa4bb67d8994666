'use strict';
// Benchmark, not a test: how long `require('pikepay')` takes over a bare `node -e ''`,
// from the project given as the first argument (default: cwd). Bare and loaded runs
// alternate, 21 pairs, and the median of the pairwise differences is reported, so a
// change in machine load during the run moves both sides alike.
const { execFileSync } = require('node:child_process');

const cwd = process.argv[2] ?? process.cwd();
const PAIRS = 21;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const once = (code) => {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, ['-e', code], { cwd });
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const bare = [];
const extra = [];
for (let i = 0; i < PAIRS; i += 1) {
  const b = once('');
  bare.push(b);
  extra.push(once("require('pikepay')") - b);
}
console.log(
  `require('pikepay'): ${median(extra).toFixed(1)} ms over bare node (${median(bare).toFixed(1)} ms), median of ${PAIRS} pairs`,
);
