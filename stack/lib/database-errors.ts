/**
 * Recognises database failures among thrown errors. "Unreachable" (node-postgres connection
 * failures, server shutdown codes, a closed PGlite) lets the API answer 503 with Retry-After
 * instead of a 500, so callers and load balancers know to retry; a unique violation lets a
 * domain turn the index's verdict into its own 409.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
// SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin shutdown, crash, cannot connect now).
const SQLSTATE = /^(08|57P0[1-3])/;
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection is closed|PGlite is closed|database is closed/i;
const UNIQUE_VIOLATION = '23505';

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

/**
 * The error and the ones it wraps. Drizzle wraps driver errors (pg and PGlite alike) in `cause`,
 * so the SQLSTATE or the driver's message may sit a level or two down; the depth is bounded in
 * case a chain loops.
 */
function* causeChain(error: unknown): Generator<ErrorLike> {
  let current = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    yield current as ErrorLike;
    current = (current as ErrorLike).cause;
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causeChain(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code) || SQLSTATE.test(code)) return true;
    if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** A unique index refused the write (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  for (const e of causeChain(error)) if (e.code === UNIQUE_VIOLATION) return true;
  return false;
}
