/**
 * Where the counters live: rate-limiter-flexible's `RateLimiterMemory` in process (embedded
 * mode), or `RateLimiterRedis` when `REDIS_URL` is set, so every replica draws on one budget.
 * Both count atomically (Redis runs one Lua script per request: set-if-absent with the TTL,
 * INCRBY, PTTL), so a concurrent burst can never admit more than the limit.
 *
 * No `insuranceLimiter`: falling back to per-process memory would silently multiply the limit
 * by the number of replicas. A Redis failure is reported to the caller as `unavailable`
 * instead, and each middleware decides (see index.ts): login refuses, the rest lets through.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from 'pino';
import type { StackConfig } from '../../config.js';
import { connectRedis, createRedis } from '../redis.js';
import type { RateLimitDecision } from './headers.js';
import { POLICY_NAMES, type PolicyName, type RateLimitWindow } from './policies.js';

export type ConsumeResult = RateLimitDecision | { policy: PolicyName; unavailable: true; error: Error };

export interface RateLimitStore {
  readonly backend: 'memory' | 'redis';
  /** Counts one request of `key` against `policy`. Never throws. */
  consume(policy: PolicyName, key: string): Promise<ConsumeResult>;
  /** Gives one point back. Never throws: a lost refund costs the key one point, nothing more. */
  refund(policy: PolicyName, key: string): Promise<void>;
}

const WARN_EVERY_MS = 10_000;

/**
 * The store for a stack, or `undefined` when `RATE_LIMIT_ENABLED=false`.
 *
 * @example
 * const store = createRateLimitStore({ config, logger });
 * const result = await store?.consume('login', '203.0.113.7');
 */
export function createRateLimitStore(options: { config: StackConfig; logger: Logger }): RateLimitStore | undefined {
  const { config, logger } = options;
  if (!config.rateLimit.enabled) return undefined;
  const redis = config.redisUrl ? createRedis(config, 'rate-limit', { logger }) : undefined;
  const limiters = new Map<PolicyName, RateLimiterAbstract>();
  for (const policy of POLICY_NAMES) {
    const { points, windowSeconds: duration } = config.rateLimit.policies[policy];
    const keyPrefix = `rl:${policy}`;
    limiters.set(
      policy,
      redis ? new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, rejectIfRedisNotReady: true }) : new RateLimiterMemory({ points, duration, keyPrefix }),
    );
  }
  let lastWarning = 0;

  async function consume(policy: PolicyName, key: string): Promise<ConsumeResult> {
    const window = config.rateLimit.policies[policy];
    try {
      if (redis) await connectRedis(redis);
      const res = await limiters.get(policy)!.consume(key);
      return decision(policy, window, true, res);
    } catch (error) {
      if (error instanceof RateLimiterRes) return decision(policy, window, false, error);
      if (Date.now() - lastWarning > WARN_EVERY_MS) {
        lastWarning = Date.now();
        logger.warn({ policy, err: (error as Error).message }, 'rate-limit store unavailable');
      }
      return { policy, unavailable: true, error: error as Error };
    }
  }

  async function refund(policy: PolicyName, key: string): Promise<void> {
    await limiters.get(policy)!.reward(key, 1).catch(() => undefined);
  }

  return { backend: redis ? 'redis' : 'memory', consume, refund };
}

function decision(policy: PolicyName, window: RateLimitWindow, allowed: boolean, res: RateLimiterRes): RateLimitDecision {
  const resetSeconds = Math.max(allowed ? 0 : 1, Math.ceil(res.msBeforeNext / 1000));
  return { policy, window, allowed, remaining: allowed ? res.remainingPoints : 0, resetSeconds };
}
