'use strict';
/**
 * Finds the native executable this package ships. The executable is in one optional
 * dependency per platform, `<this package>-<platform>` (for example
 * `pikepay-sandbox-linux-x64-gnu`), and npm installs only the one whose `os`, `cpu` and
 * `libc` match the machine. `<NAME>_BIN` in the environment (e.g. `PIKEPAY_SANDBOX_BIN`)
 * points at another copy instead.
 */
const fs = require('node:fs');
const path = require('node:path');

const manifest = require('./package.json');

/** The name of the executable, e.g. `pikepay-sandbox`. */
const binaryName = Object.keys(manifest.bin)[0];

/** Whether this Linux machine's C library is musl rather than glibc. */
function isMusl() {
  const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null;
  if (report && report.header) return !report.header.glibcVersionRuntime;
  try {
    return fs.readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    return false;
  }
}

/** This machine's platform as the npm package suffix, e.g. `linux-x64-gnu`. */
function platformKey() {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

/** The absolute path of the executable for this machine; throws when none is installed. */
function binaryPath() {
  const override = process.env[`${binaryName.toUpperCase().replace(/-/g, '_')}_BIN`];
  if (override) return override;
  const key = platformKey();
  const pkg = `${manifest.name}-${key}`;
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(
      `${manifest.name}: no executable for ${key}: the package ${pkg} is not installed. ` +
        'It is an optional dependency: install without --omit=optional / --no-optional, ' +
        `or this platform is not supported (supported: ${Object.keys(manifest.optionalDependencies ?? {}).join(', ')}).`,
    );
  }
  return path.join(dir, 'bin', binaryName + (process.platform === 'win32' ? '.exe' : ''));
}

module.exports = { binaryName, binaryPath, platformKey };
