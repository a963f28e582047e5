/**
 * Secret redaction for everything an evidence pack holds. A pack is meant to be shared, so
 * credentials are removed BEFORE anything is written: header values (Authorization, Cookie,
 * Set-Cookie ...), JSON fields named like credentials at any depth, bearer tokens and
 * JWT-shaped strings anywhere in text, `token=` style query values, and configured secrets
 * (the stack's JWT secret). Every value removed by name is also remembered and scrubbed
 * wherever else it appears (a password echoed in an assertion, a token inside a log line).
 *
 * This is the one place that decides what a secret is; a later issue replaces the marker with
 * a salted commitment, so callers only ever go through `createRedactor` / `redactRun`.
 */
import type { RunResult } from '../model.js';

export const REDACTED = '[REDACTED]';

/** Keys (compared lower-case, `-` and `_` removed) whose values are always secrets. */
const SECRET_KEYS = new Set([
  'password', 'currentpassword', 'newpassword', 'oldpassword',
  'accesstoken', 'refreshtoken', 'idtoken', 'token', 'secret', 'clientsecret', 'apikey', 'xapikey',
  'authorization', 'proxyauthorization', 'cookie', 'setcookie',
]);
const QUERY_KEYS = 'access_token|refresh_token|id_token|token|password|secret|api_key|apikey';

const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
// A credential after an auth scheme: 8+ token characters with a digit or a symbol, so prose
// such as "Bearer authentication" or "a refresh token for" is left alone.
const AUTH_SCHEME = /\b(Bearer|Basic)\s+(?!\[REDACTED\])(?=[A-Za-z0-9\-._~+/]*[0-9\-._~+/])[A-Za-z0-9\-._~+/]{8,}=*/gi;
const QUERY_SECRET = new RegExp(`([?&;]|^)(${QUERY_KEYS})=([^&#\\s"'<>]*)`, 'gi');
const JSON_TEXT_SECRET = /"((?:current_|new_|old_)?password|access_token|refresh_token|id_token|token|secret|authorization)"(\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

/** Values shorter than this are not scrubbed elsewhere by value (they would hit ordinary text). */
const MIN_REMEMBERED_LENGTH = 6;

/** What a secret key's value is replaced for: a string or number (a list of them too), not a sub-document. */
function isSecretValue(value: unknown): boolean {
  if (typeof value === 'string') return value !== '';
  if (typeof value === 'number' || typeof value === 'bigint') return true;
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || typeof v === 'number');
}

export interface Redactor {
  /** Remembers the secrets inside `value` (by key name, query parameter) without changing it. */
  learn(value: unknown): void;
  /** A deep copy of `value` with every secret replaced by the marker. */
  value<T>(value: T): T;
  /** One text (a log line, a body that is not JSON), secrets replaced. */
  text(text: string): string;
  /** One JSON log line: parsed, redacted field by field, re-serialised; text rules otherwise. */
  logLine(line: string): string;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * @example
 * const redact = createRedactor({ secrets: [config.jwt.secret] });
 * redact.value({ headers: { authorization: 'Bearer abc' }, body: { password: 'hunter22' } });
 * // => { headers: { authorization: '[REDACTED]' }, body: { password: '[REDACTED]' } }
 */
export function createRedactor(options: { secrets?: Array<string | undefined> } = {}): Redactor {
  const known = new Set<string>();
  let needles: string[] | undefined;
  const remember = (v: string) => {
    if (v.length >= MIN_REMEMBERED_LENGTH && v !== REDACTED && !known.has(v)) {
      known.add(v);
      needles = undefined;
    }
  };
  /** Every remembered value and its URL-encoded form, longest first (a secret containing another is removed whole). */
  const knownNeedles = (): string[] =>
    (needles ??= [...new Set([...known].flatMap((v) => [v, encodeURIComponent(v)]))].sort((a, b) => b.length - a.length));
  for (const s of options.secrets ?? []) if (s) remember(s);

  /** Remembers string values held directly by secret keys (not whole sub-documents: an
   * OpenAPI schema's `password: { type: string }` is a description, not a secret). */
  function collect(value: unknown, underSecretKey: boolean): void {
    if (typeof value === 'string') {
      if (underSecretKey) {
        remember(value);
        // "Bearer <token>": the token alone may appear elsewhere too.
        const parts = value.split(/\s+/);
        if (parts.length === 2) remember(parts[1]);
      }
      for (const m of value.matchAll(QUERY_SECRET)) if (m[3]) remember(decodeSafe(m[3]));
      return;
    }
    if (Array.isArray(value)) for (const v of value) collect(v, underSecretKey);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) collect(v, isSecretKey(k));
    }
  }

  function text(input: string): string {
    let out = input;
    for (const needle of knownNeedles()) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    return out
      .replace(JWT, REDACTED)
      .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`)
      .replace(QUERY_SECRET, (_m, lead: string, key: string) => `${lead}${key}=${REDACTED}`)
      .replace(JSON_TEXT_SECRET, (_m, key: string, sep: string) => `"${key}"${sep}"${REDACTED}"`);
  }

  function scrub(value: unknown): unknown {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = isSecretKey(k) && isSecretValue(v) ? REDACTED : scrub(v);
      }
      return out;
    }
    return value;
  }

  return {
    learn(value: unknown): void {
      collect(value, false);
    },
    value<T>(value: T): T {
      collect(value, false);
      return scrub(value) as T;
    },
    text(input: string): string {
      collect(input, false);
      return text(input);
    },
    logLine(line: string): string {
      const parsed = parseJson(line);
      return parsed === undefined ? this.text(line) : JSON.stringify(this.value(parsed));
    },
  };
}

/**
 * A run with every secret removed: everything is learned first (so a token first seen in the
 * last step is also scrubbed from the first one), then scrubbed. Log lines stay JSON lines.
 */
export function redactRun(run: RunResult, options: { secrets?: Array<string | undefined> } = {}): RunResult {
  const redactor = createRedactor(options);
  const parsedLogs = run.logs.map(parseJson);
  // The OpenAPI document describes secrets (schemas, examples) but does not hold the run's.
  redactor.learn({ scenarios: run.scenarios, logs: parsedLogs });
  const { logs, ...rest } = run;
  return {
    ...redactor.value(rest),
    logs: logs.map((line, i) => (parsedLogs[i] === undefined ? redactor.text(line) : JSON.stringify(redactor.value(parsedLogs[i])))),
  };
}

function parseJson(line: string): unknown {
  try {
    const parsed: unknown = JSON.parse(line);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
