'use strict';
// Benchmark, not a test: how long `require('pikepay')` takes over a bare `node -e ''`,
// median of 15 runs each, from the project given as the first argument (default: cwd).
const { execFileSync } = require('node:child_process');

const cwd = process.argv[2] ?? process.cwd();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (code) =>
  median(
    Array.from({ length: 15 }, () => {
      const start = process.hrtime.bigint();
      execFileSync(process.execPath, ['-e', code], { cwd });
      return Number(process.hrtime.bigint() - start) / 1e6;
    }),
  );
const bare = time('');
const loaded = time("require('pikepay')");
console.log(`require('pikepay'): ${(loaded - bare).toFixed(1)} ms over bare node (${bare.toFixed(1)} ms)`);
