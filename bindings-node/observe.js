'use strict';
/**
 * What a client shows of each attempt: `request` and `response` events on the client
 * (an EventEmitter) and one log line per attempt for the `logger` option or, without
 * one, for `PIKEPAY_LOG=debug|info|warn` on stderr. The native core reports every
 * attempt; nothing here decides anything.
 */

const LEVELS = ['debug', 'info', 'warn'];
/** The log level of an attempt's outcome: retries are news, a give-up is a warning. */
const LEVEL_OF = { done: 'debug', retry: 'info', give_up: 'warn' };

/** The attempt as JS sees it: camelCase names, frozen. */
function attemptEvent(raw) {
  const event = {
    method: raw.method,
    path: raw.path,
    attempt: raw.attempt,
    idempotencyKey: raw.idempotency_key,
  };
  if (raw.type === 'response') {
    Object.assign(event, {
      httpStatus: raw.http_status,
      durationMs: raw.duration_ms,
      error: raw.error,
      decision: raw.decision,
      reason: raw.reason,
      retryInMs: raw.retry_in_ms,
    });
  }
  return Object.freeze(event);
}

/** `POST /api/v2/… attempt 1: HTTP 503 in 4 ms, retry in 120 ms (server_error) key=…` */
function summary(e) {
  const answer = e.httpStatus === null ? 'no answer' : `HTTP ${e.httpStatus}`;
  const next = e.decision === 'retry' && e.retryInMs !== null ? `retry in ${e.retryInMs} ms` : e.decision;
  const key = e.idempotencyKey === null ? '' : ` key=${e.idempotencyKey}`;
  return `${e.method} ${e.path} attempt ${e.attempt}: ${answer} in ${e.durationMs} ms, ${next} (${e.reason})${key}`;
}

/** A logger writing `pikepay LEVEL: line` to stderr from `threshold` up. */
function stderrLogger(threshold) {
  const from = LEVELS.indexOf(threshold);
  const logger = {};
  LEVELS.forEach((level, i) => {
    logger[level] = i >= from ? (line) => process.stderr.write(`pikepay ${level}: ${line}\n`) : () => {};
  });
  return logger;
}

/**
 * The logger a client uses: `option` (any object with `debug`, `info` and `warn`, such as
 * `console` or a pino logger), else one from `PIKEPAY_LOG`, else none.
 */
function chooseLogger(option, typeError) {
  if (option !== undefined && option !== null) {
    const missing = LEVELS.filter((level) => typeof option?.[level] !== 'function');
    if (typeof option !== 'object' && typeof option !== 'function') missing.push('(not an object)');
    if (missing.length > 0) {
      throw typeError(`option 'logger' must have debug, info and warn methods; missing: ${missing.join(', ')}`);
    }
    return option;
  }
  const level = (process.env.PIKEPAY_LOG ?? '').trim().toLowerCase();
  if (LEVELS.includes(level)) return stderrLogger(level);
  if (level === 'warning') return stderrLogger('warn');
  return null;
}

/**
 * Wires `emitter` (the client) to its native observer: returns the listener the native
 * client calls with each attempt's JSON, and `update()`, which switches the native side
 * on only while someone listens or logs.
 */
function observe(emitter, logger, setActive) {
  const listener = (json) => {
    const raw = JSON.parse(json);
    const event = attemptEvent(raw);
    if (raw.type === 'response' && logger !== null) {
      try {
        logger[LEVEL_OF[event.decision] ?? 'info'](summary(event));
      } catch {
        // A broken logger never breaks a call.
      }
    }
    try {
      emitter.emit(raw.type, event);
    } catch (err) {
      process.emitWarning(`pikepay: a '${raw.type}' listener threw: ${err?.message ?? err}`);
    }
  };
  const update = () =>
    setActive(logger !== null || emitter.listenerCount('request') > 0 || emitter.listenerCount('response') > 0);
  return { listener, update };
}

/** Resolves after pending native events have been dispatched (they precede the answer). */
function drained() {
  return new Promise((resolve) => setImmediate(resolve));
}

module.exports = { observe, chooseLogger, drained };
