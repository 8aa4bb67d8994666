#!/usr/bin/env node
'use strict';
// The command npm puts on PATH: runs this platform's native executable with the same
// arguments, passes on Ctrl-C and termination, and exits as it exits.
const { spawn } = require('node:child_process');
const { binaryPath } = require('../binary.js');

let file;
try {
  file = binaryPath();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
const child = spawn(file, process.argv.slice(2), { stdio: 'inherit' });
const forwarded = process.platform === 'win32' ? ['SIGINT'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of forwarded) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (err) => {
  console.error(`${file}: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 + (require('node:os').constants.signals[signal] ?? 0) : 1));
});
