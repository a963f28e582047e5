/**
 * Retry delays: exponential (base x 2^(attempt-1)) with "equal jitter" (half fixed, half
 * random), capped, so retries of many jobs failing together spread out instead of stampeding.
 */
export const MAX_BACKOFF_MS = 60 * 60 * 1000;

/**
 * @example
 * retryDelayMs(3, 1000) // between 2000 and 4000
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
