/**
 * The rate-limit policies: their names (the ones the `RateLimit-Policy` header advertises),
 * their defaults, and how the environment overrides them. `stack/config.ts` calls
 * `readRateLimitSettings` once; the middleware only ever reads the resulting settings.
 *
 * A window is written `points/seconds` in the environment (`RATE_LIMIT_LOGIN=10/60` is ten
 * requests per sixty seconds), so one variable holds one policy and cannot be half set.
 */
import { StackError } from '../errors.js';

export interface RateLimitWindow {
  /** Requests admitted per window. */
  points: number;
  /** Length of the fixed window, in seconds; it starts at the first request of a key. */
  windowSeconds: number;
}

/** Every policy the API applies, by the name its headers carry. */
export type PolicyName = 'default' | 'user' | 'login' | 'login-account' | 'auth-strict' | 'password-reset';

export interface RateLimitSettings {
  /** `RATE_LIMIT_ENABLED=false` switches every limiter off (benchmarks, trusted load tests). */
  enabled: boolean;
  policies: Record<PolicyName, RateLimitWindow>;
}

/** Defaults and the environment variable that overrides each one. */
const POLICIES: Record<PolicyName, { env: string; fallback: RateLimitWindow; what: string }> = {
  default: { env: 'RATE_LIMIT_DEFAULT', fallback: { points: 300, windowSeconds: 60 }, what: 'any route, per client address (anonymous callers)' },
  user: { env: 'RATE_LIMIT_USER', fallback: { points: 600, windowSeconds: 60 }, what: 'any route, per user (valid bearer token)' },
  login: { env: 'RATE_LIMIT_LOGIN', fallback: { points: 30, windowSeconds: 60 }, what: 'POST /auth/login, per client address' },
  'login-account': { env: 'RATE_LIMIT_LOGIN_ACCOUNT', fallback: { points: 5, windowSeconds: 60 }, what: 'POST /auth/login, failed attempts per email' },
  'auth-strict': { env: 'RATE_LIMIT_AUTH_STRICT', fallback: { points: 20, windowSeconds: 60 }, what: 'POST /auth/register and /auth/refresh, per client address' },
  'password-reset': { env: 'RATE_LIMIT_PASSWORD_RESET', fallback: { points: 10, windowSeconds: 60 }, what: 'POST /auth/password-reset and its /confirm, per client address' },
};

export const POLICY_NAMES = Object.keys(POLICIES) as PolicyName[];

const WINDOW_PATTERN = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/;

function readWindow(env: Record<string, string | undefined>, name: PolicyName): RateLimitWindow {
  const { env: variable, fallback, what } = POLICIES[name];
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return fallback;
  const match = WINDOW_PATTERN.exec(raw);
  const points = match ? Number(match[1]) : 0;
  const windowSeconds = match ? Number(match[2]) : 0;
  if (points < 1 || windowSeconds < 1) {
    throw new StackError('BAD_CONFIG', `${variable} must be "<requests>/<seconds>", both whole numbers from 1 to 999999999, got "${raw}".`, {
      hint: `${variable} limits ${what}; the default is ${fallback.points}/${fallback.windowSeconds}.`,
    });
  }
  return { points, windowSeconds };
}

/**
 * Reads every policy from the environment, falling back to the defaults.
 *
 * @example
 * readRateLimitSettings({ RATE_LIMIT_LOGIN: '3/60' }).policies.login; // { points: 3, windowSeconds: 60 }
 */
export function readRateLimitSettings(env: Record<string, string | undefined>): RateLimitSettings {
  const enabled = (env.RATE_LIMIT_ENABLED ?? 'true').trim().toLowerCase() !== 'false';
  const policies = Object.fromEntries(POLICY_NAMES.map((name) => [name, readWindow(env, name)])) as Record<PolicyName, RateLimitWindow>;
  return { enabled, policies };
}
