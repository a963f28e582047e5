/**
 * Rate limiting (RFC 6585 429, IETF httpapi RateLimit header fields, OWASP authentication
 * guidance). Three middlewares share one store (memory, or Redis across replicas; store.ts):
 *
 * - `apiRateLimit` on every route: per user (`user`) when the request carries a valid access
 *   token, else per client address (`default`). It runs globally, before routing, so it cannot
 *   sit after each router's `requireAuth`; it verifies the token itself (the same check, then
 *   remembered until the token expires, so most requests pay a map lookup, not an HMAC).
 * - `loginRateLimit` on POST /auth/login: per client (`login`, every attempt) and per account
 *   (`login-account`, the email in the body). It runs before the body is validated, so malformed
 *   and invalid attempts count too. The account budget is taken up front, so a concurrent burst
 *   cannot slip past it, and given back when the login succeeds: only failures lock an account,
 *   registered or not, so the lockout says nothing about which emails exist. Password reset is
 *   not behind it, so a locked-out owner can still reset.
 * - `authStrictRateLimit` on POST /auth/register and /auth/refresh: per client (`auth-strict`).
 *
 * When Redis is down: the login and auth-strict limiters fail closed (503 problem, Retry-After),
 * because unthrottled password guessing is the risk they exist for; `apiRateLimit` fails open
 * (a warning at most every 10 s, the request proceeds without RateLimit headers), because
 * refusing all traffic would turn a cache outage into a full outage.
 *
 * Every counted response carries `RateLimit-Policy` and `RateLimit`; a refusal is a 429
 * problem with `Retry-After` (never earlier than the reset) and `Cache-Control: no-store`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { problemResponse } from '../problem.js';
import { appendRateLimitHeaders, retryAfterSeconds, type RateLimitDecision } from './headers.js';
import { accountKey, clientKey, userKey } from './identity.js';
import type { PolicyName } from './policies.js';
import type { RateLimitStore } from './store.js';

export { createRateLimitStore, type RateLimitStore } from './store.js';
export { readRateLimitSettings, type RateLimitSettings } from './policies.js';

export interface RateLimitBudget {
  policy: PolicyName;
  key: string;
  /** Give the point back when the response is a success, so only failures use up the budget. */
  refundOnSuccess?: boolean;
}

/** One budget a request draws on; `undefined` when the request has nothing to count here. */
export type RateLimitTarget = (c: Context<AppEnv>) => Promise<RateLimitBudget | undefined>;

export interface RateLimitOptions {
  /** The shared store; `undefined` (RATE_LIMIT_ENABLED=false) makes the middleware a no-op. */
  store: RateLimitStore | undefined;
  /** Budgets in order; counting stops at the first refusal. */
  targets: readonly RateLimitTarget[];
  /** When the store is unreachable: let the request through, or refuse it with 503. */
  whenUnavailable: 'allow' | 'refuse';
  /** Count only these methods (all when omitted). */
  methods?: readonly string[];
}

function tooManyRequests(c: Context, decisions: RateLimitDecision[]): Response {
  const refused = decisions[decisions.length - 1];
  const retryAfter = retryAfterSeconds(decisions);
  const res = problemResponse(c, 429, {
    detail: `Too many requests: the "${refused.policy}" limit allows ${refused.window.points} per ${refused.window.windowSeconds} s. Retry in ${retryAfter} s.`,
    headers: { 'Retry-After': String(retryAfter) },
  });
  appendRateLimitHeaders(res.headers, decisions);
  return res;
}

function storeUnavailable(c: Context): Response {
  return problemResponse(c, 503, {
    detail: 'This endpoint is paused: its rate-limit store is unreachable and it is never served unthrottled. Retry shortly.',
    headers: { 'Retry-After': '5' },
  });
}

/**
 * Counts each request against `targets` and refuses with 429 once one is spent.
 *
 * @example
 * app.use('/reports/*', rateLimit({ store, whenUnavailable: 'allow', targets: [perClient('default')] }));
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const { store, targets, whenUnavailable, methods } = options;
  return async function rateLimitMiddleware(c, next) {
    if (!store || (methods && !methods.includes(c.req.method))) return next();
    const decisions: RateLimitDecision[] = [];
    const refundable: RateLimitBudget[] = [];
    for (const target of targets) {
      const budget = await target(c);
      if (!budget) continue;
      const result = await store.consume(budget.policy, budget.key);
      if ('unavailable' in result) {
        if (whenUnavailable === 'refuse') return storeUnavailable(c);
        continue;
      }
      decisions.push(result);
      if (!result.allowed) return tooManyRequests(c, decisions);
      if (budget.refundOnSuccess) refundable.push(budget);
    }
    await next();
    appendRateLimitHeaders(c.res.headers, decisions);
    // Counted up front (atomic under a burst), given back once the attempt proved legitimate.
    if (c.res.status < 400) await Promise.all(refundable.map((b) => store.refund(b.policy, b.key)));
  };
}

/** A budget per client address (see identity.ts for how proxies are trusted). */
export function perClient(policy: PolicyName): RateLimitTarget {
  return async (c) => ({ policy, key: clientKey(c, { trustProxy: c.get('config').trustProxy }) });
}

const perUserOrClient: RateLimitTarget = async (c) => {
  const user = await userKey(c);
  return user ? { policy: 'user', key: user } : perClient('default')(c);
};

const perAccount: RateLimitTarget = async (c) => {
  const key = await accountKey(c);
  return key ? { policy: 'login-account', key, refundOnSuccess: true } : undefined;
};

/**
 * The default limit on every route: per user once authenticated, else per client. Fails open.
 *
 * @example
 * app.use(apiRateLimit({ store }));
 */
export function apiRateLimit(options: { store: RateLimitStore | undefined }): MiddlewareHandler<AppEnv> {
  return rateLimit({ store: options.store, targets: [perUserOrClient], whenUnavailable: 'allow' });
}

/**
 * POST /auth/login: per client (every attempt), then per account (failed attempts: a successful
 * login gives its point back). Fails closed.
 *
 * @example
 * app.use('/auth/login', loginRateLimit({ store }));
 */
export function loginRateLimit(options: { store: RateLimitStore | undefined }): MiddlewareHandler<AppEnv> {
  return rateLimit({ store: options.store, targets: [perClient('login'), perAccount], whenUnavailable: 'refuse', methods: ['POST'] });
}

/**
 * POST /auth/register and /auth/refresh: per client. Fails closed.
 *
 * @example
 * app.use('/auth/register', authStrictRateLimit({ store }));
 */
export function authStrictRateLimit(options: { store: RateLimitStore | undefined }): MiddlewareHandler<AppEnv> {
  return rateLimit({ store: options.store, targets: [perClient('auth-strict')], whenUnavailable: 'refuse', methods: ['POST'] });
}

/**
 * POST /auth/password-reset and /auth/password-reset/confirm: per client, its own budget (mail
 * is sent on each request; tokens are guessed on confirm). Fails closed.
 *
 * @example
 * app.use('/auth/password-reset/*', passwordResetRateLimit({ store }));
 */
export function passwordResetRateLimit(options: { store: RateLimitStore | undefined }): MiddlewareHandler<AppEnv> {
  return rateLimit({ store: options.store, targets: [perClient('password-reset')], whenUnavailable: 'refuse', methods: ['POST'] });
}
