/**
 * The rate-limit response headers, in the structured-field syntax of the IETF httpapi
 * "RateLimit header fields" draft: `RateLimit-Policy: "login";q=10;w=60` describes a quota and
 * `RateLimit: "login";r=3;t=42` says what is left of it and in how many seconds it resets. Both
 * are lists, so each limiter a request passes appends its own member.
 */
import type { RateLimitWindow } from './policies.js';

/** What one limiter decided for one request. */
export interface RateLimitDecision {
  policy: string;
  window: RateLimitWindow;
  allowed: boolean;
  remaining: number;
  /** Whole seconds until the window resets (rounded up, so never earlier than the store's reset). */
  resetSeconds: number;
}

export function policyField(policy: string, window: RateLimitWindow): string {
  return `"${policy}";q=${window.points};w=${window.windowSeconds}`;
}

export function limitField(decision: RateLimitDecision): string {
  return `"${decision.policy}";r=${decision.remaining};t=${decision.resetSeconds}`;
}

/**
 * Seconds to wait after a refusal: the longest reset among the refusing policies, so a client
 * honouring `Retry-After` is never refused again by the same windows.
 */
export function retryAfterSeconds(decisions: readonly RateLimitDecision[]): number {
  return Math.max(1, ...decisions.filter((d) => !d.allowed).map((d) => d.resetSeconds));
}

/**
 * Appends one `RateLimit-Policy` and one `RateLimit` member per decision.
 *
 * @example
 * appendRateLimitHeaders(c.res.headers, [decision]);
 * // RateLimit-Policy: "login";q=10;w=60
 * // RateLimit: "login";r=9;t=60
 */
export function appendRateLimitHeaders(headers: Headers, decisions: readonly RateLimitDecision[]): void {
  for (const decision of decisions) {
    headers.append('RateLimit-Policy', policyField(decision.policy, decision.window));
    headers.append('RateLimit', limitField(decision));
  }
}
