/**
 * The API suite on embedded PGlite, the same suite on PostgreSQL (+ Redis when a test needs
 * it), everything that does not depend on a backend (CLI, library units), and the crash and
 * fault tests of reos itself.
 * PostgreSQL is probed once here: without it the `api:postgres` project is left out with one
 * clear line, unless CI=true, where the run fails: CI must prove both backends.
 */
import pg from 'pg';
import { defineConfig } from 'vitest/config';
import type { CoverageOptions } from 'vitest/node';
import { redisProblem, TEST_REDIS_URL } from './test/support/services.js';

const apiTests = ['stack/**/*.test.ts', 'test/api/**/*.test.ts'];
const adminUrl = process.env.REOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const redisUrl = TEST_REDIS_URL;

/**
 * `npm test` runs with --coverage (so CI's one run measures it); targeted runs
 * (`npx vitest run path`) do not. Lines of src/ and stack/ must stay at 80% or more.
 */
const coverage: CoverageOptions = {
  // @vitest/coverage-v8, plus the spawned CLI and stack processes mapped back from dist/ (test/support/coverage-v8).
  provider: 'custom',
  customProviderModule: './test/support/coverage-v8/index.ts',
  include: ['src/**/*.ts', 'stack/**/*.ts'],
  exclude: [
    '**/*.test.ts', // the tests themselves
    '**/*.d.ts', // declarations: no code
    'stack/db/migrations/**', // drizzle-kit's generated SQL and snapshots
  ],
  // The summary on the console; coverage-summary.json (per file, read by .ci/run) and coverage-final.json.
  reporter: ['text-summary', 'json-summary', 'json'],
  reportsDirectory: './coverage',
  thresholds: { lines: 80 },
  // A failed test still leaves the figures (.ci/run prints them either way).
  reportOnFailure: true,
};

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default defineConfig(async () => {
  const pgProblem = await postgresReachable();
  if (pgProblem) {
    const why = `PostgreSQL is not reachable at ${adminUrl} (${pgProblem})`;
    if (process.env.CI === 'true') throw new Error(`${why}; CI=true requires it. Start PostgreSQL or set REOS_TEST_PG_URL.`);
    console.warn(`\n[api:postgres] SKIPPED: ${why}.\n  Start PostgreSQL or set REOS_TEST_PG_URL to run the API suite on it too.\n`);
  }
  const redisDown = await redisProblem();
  if (redisDown) {
    const why = `Redis is not reachable at ${redisUrl} (${redisDown})`;
    if (process.env.CI === 'true') throw new Error(`${why}; CI=true requires it. Start Redis or set REOS_TEST_REDIS_URL.`);
    console.warn(`\n[replicas] SKIPPED: ${why}.\n  Start Redis or set REOS_TEST_REDIS_URL to run the two-replica tests.\n`);
  }
  const replicas = !pgProblem && !redisDown;
  return {
    test: {
      testTimeout: 30_000,
      hookTimeout: 60_000,
      // While coverage runs, the processes the tests spawn record theirs too (see coverage below).
      setupFiles: ['./test/support/coverage-v8/children.ts'],
      coverage,
      projects: [
        { extends: true, test: { name: 'api:pglite', include: apiTests, env: { REOS_TEST_BACKEND: 'pglite' } } },
        ...(pgProblem ? [] : [{ extends: true, test: { name: 'api:postgres', include: apiTests, env: { REOS_TEST_BACKEND: 'postgres', REOS_TEST_PG_URL: adminUrl } } }]),
        ...(replicas ? [{ extends: true, test: { name: 'replicas', include: ['test/replicas/**/*.test.ts'], env: { REOS_TEST_PG_URL: adminUrl, REOS_TEST_REDIS_URL: redisUrl } } }] : []),
        { extends: true, test: { name: 'cli', include: ['src/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/unit/**/*.test.ts'] } },
        // Crash and fault tests of reos itself: real processes killed with SIGKILL, a private
        // redis-server killed mid-run. Each file gates its own services (test/crash/services.ts).
        { extends: true, test: { name: 'crash', include: ['test/crash/**/*.test.ts'] } },
      ],
    },
  };
});
