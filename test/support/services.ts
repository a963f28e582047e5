/**
 * Is a test service reachable? One probe per service, shared by vitest.config.ts (which drops
 * projects whose services are missing) and by test files that need Redis: without it they skip
 * with one clear line, unless CI=true, where they fail, since CI must prove those paths.
 */
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REOS_TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Undefined when Redis answers PING, else why not. */
export async function redisProblem(url = TEST_REDIS_URL): Promise<string | undefined> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    client.disconnect();
  }
}

/** Probes Redis for a test file: returns the problem (skip the file) or throws under CI=true. */
export async function redisOrSkip(label: string): Promise<string | undefined> {
  const problem = await redisProblem();
  if (problem) {
    const why = `Redis is not reachable at ${TEST_REDIS_URL} (${problem})`;
    if (process.env.CI === 'true') throw new Error(`${why}; CI=true requires it. Start Redis or set REOS_TEST_REDIS_URL.`);
    console.warn(`\n[${label}] SKIPPED: ${why}. Start Redis or set REOS_TEST_REDIS_URL to run these tests.\n`);
  }
  return problem;
}
