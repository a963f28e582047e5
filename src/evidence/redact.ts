/**
 * Secret redaction for everything an evidence pack holds. A pack is meant to be shared, so
 * credentials are removed BEFORE anything is written: header values (Authorization, Cookie,
 * Set-Cookie ...), JSON fields named like credentials at any depth, bearer tokens and
 * JWT-shaped strings anywhere in text, `token=` style query values, and configured secrets
 * (the stack's JWT secret). Every value removed by name is also remembered and scrubbed
 * wherever else it appears (a password echoed in an assertion, a token inside a log line).
 *
 * Each removed value becomes a marker carrying a salted SHA-256 commitment,
 * `[REDACTED:<name>:<salt>:<hash>]`: `name` says what the value was (the key it sat under, such
 * as `password` or `authorization`, `jwt`, `bearer`, or a configured secret's name), `salt` is
 * 16 random bytes (base64url) drawn once per distinct value, and `hash` is the hex SHA-256 of
 * `<salt>:<value>` (UTF-8). One value gets the same marker everywhere in a pack (so recorded
 * comparisons still hold), while an auditor who holds the value can confirm it with
 * `reos evidence verify --reveal name=value`. docs/evidence.md describes the format.
 */
import crypto from 'node:crypto';
import type { RunResult } from '../model.js';

/** The prefix every marker starts with (the bare form was the pack v1 marker). */
export const REDACTED = '[REDACTED]';
/** A commitment marker anywhere in text; groups: name, salt, hash. */
export const MARKER = /\[REDACTED:([A-Za-z0-9_.-]+):([A-Za-z0-9_-]{22}):([0-9a-f]{64})\]/g;
const IS_MARKER = /^\[REDACTED(?::[A-Za-z0-9_.-]+:[A-Za-z0-9_-]{22}:[0-9a-f]{64})?\]$/;

/** A secret the caller knows by name (a configured secret, an .env value). */
export interface NamedSecret {
  name: string;
  value: string;
}

export function isMarker(value: string): boolean {
  return IS_MARKER.test(value);
}

/** The commitment of `value` under `salt`: hex SHA-256 of `<salt>:<value>`. */
export function commitment(salt: string, value: string): string {
  return crypto.createHash('sha256').update(`${salt}:${value}`, 'utf8').digest('hex');
}

/** A marker name: the key, lower-case, `-` as `_`, only letters, digits, `_ . -`. */
export function markerName(name: string): string {
  return name.toLowerCase().replace(/-/g, '_').replace(/[^a-z0-9_.]+/g, '_').slice(0, 40) || 'secret';
}

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
const AUTH_SCHEME = /\b(Bearer|Basic)\s+(?!\[REDACTED)(?=[A-Za-z0-9\-._~+/]*[0-9\-._~+/])[A-Za-z0-9\-._~+/]{8,}=*/gi;
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
  /** Every value this redactor knows to be secret (configured and learned), with its name. */
  secrets(): NamedSecret[];
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
export function createRedactor(options: { secrets?: Array<string | NamedSecret | undefined> } = {}): Redactor {
  /** Remembered value -> the name it was first seen under. */
  const known = new Map<string, string>();
  /** Value -> its marker: one salt per distinct value, drawn when the value is first replaced. */
  const markers = new Map<string, string>();
  let needles: Array<[string, string]> | undefined;
  const remember = (v: string, name: string) => {
    if (v.length >= MIN_REMEMBERED_LENGTH && !isMarker(v) && !known.has(v)) {
      known.set(v, markerName(name));
      needles = undefined;
    }
  };
  const mark = (value: string, name: string): string => {
    if (isMarker(value)) return value;
    let marker = markers.get(value);
    if (!marker) {
      const salt = crypto.randomBytes(16).toString('base64url');
      marker = `[REDACTED:${known.get(value) ?? markerName(name)}:${salt}:${commitment(salt, value)}]`;
      markers.set(value, marker);
    }
    return marker;
  };
  /** Every remembered value and its URL-encoded form (needle -> value), longest first (a secret containing another is removed whole). */
  const knownNeedles = (): Array<[string, string]> =>
    (needles ??= [...new Map([...known.keys()].flatMap((v) => [[encodeURIComponent(v), v] as [string, string], [v, v] as [string, string]])).entries()].sort((a, b) => b[0].length - a[0].length));
  for (const s of options.secrets ?? []) {
    if (typeof s === 'string' && s) remember(s, 'secret');
    else if (s && typeof s === 'object' && s.value) remember(s.value, s.name);
  }

  /** Remembers string values held directly by secret keys (not whole sub-documents: an
   * OpenAPI schema's `password: { type: string }` is a description, not a secret). */
  function collect(value: unknown, secretKey: string | undefined): void {
    if (typeof value === 'string') {
      if (secretKey !== undefined) {
        remember(value, secretKey);
        // "Bearer <token>": the token alone may appear elsewhere too.
        const parts = value.split(/\s+/);
        if (parts.length === 2) remember(parts[1], secretKey);
      }
      for (const m of value.matchAll(QUERY_SECRET)) if (m[3]) remember(decodeSafe(m[3]), m[2]);
      for (const m of value.matchAll(JWT)) remember(m[0], 'jwt');
      return;
    }
    if (Array.isArray(value)) for (const v of value) collect(v, secretKey);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) collect(v, isSecretKey(k) ? k : undefined);
    }
  }

  function text(input: string): string {
    let out = input;
    for (const [needle, value] of knownNeedles()) {
      if (!out.includes(needle)) continue;
      const marker = mark(value, 'secret');
      // Never cut into a marker already placed (a short secret inside a salt or a hash).
      out = out
        .split(/(\[REDACTED:[^\]]*\])/)
        .map((part, i) => (i % 2 === 1 ? part : part.split(needle).join(marker)))
        .join('');
    }
    return out
      .replace(JWT, (m) => mark(m, 'jwt'))
      .replace(AUTH_SCHEME, (m, scheme: string) => `${scheme} ${mark(m.slice(scheme.length).trim(), scheme)}`)
      .replace(QUERY_SECRET, (m, lead: string, key: string, value: string) => (isMarker(value) ? m : `${lead}${key}=${mark(decodeSafe(value), key)}`))
      .replace(JSON_TEXT_SECRET, (m, key: string, sep: string) => {
        const raw = m.slice(m.indexOf(sep) + sep.length + 1, -1);
        if (isMarker(raw)) return m;
        let value = raw;
        try {
          value = JSON.parse(`"${raw}"`) as string;
        } catch {
          // keep the escaped text as the committed value
        }
        return `"${key}"${sep}"${mark(value, key)}"`;
      });
  }

  function scrub(value: unknown, key?: string): unknown {
    if (key !== undefined && isSecretKey(key) && isSecretValue(value)) {
      return Array.isArray(value) ? value.map((v) => mark(String(v), key)) : mark(String(value), key);
    }
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map((v) => scrub(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = scrub(v, k);
      return out;
    }
    return value;
  }

  return {
    learn(value: unknown): void {
      collect(value, undefined);
    },
    value<T>(value: T): T {
      collect(value, undefined);
      return scrub(value) as T;
    },
    text(input: string): string {
      collect(input, undefined);
      return text(input);
    },
    secrets(): NamedSecret[] {
      const all = new Map<string, string>(known);
      for (const [value, marker] of markers) if (!all.has(value)) all.set(value, marker.slice('[REDACTED:'.length, marker.indexOf(':', '[REDACTED:'.length)));
      return [...all].map(([value, name]) => ({ name, value }));
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
export function redactRun(run: RunResult, options: { secrets?: Array<string | NamedSecret | undefined>; redactor?: Redactor } = {}): RunResult {
  const redactor = options.redactor ?? createRedactor(options);
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
