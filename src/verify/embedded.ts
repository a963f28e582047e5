/**
 * The stack `reos verify` starts by default: in this process, on a free port of 127.0.0.1,
 * over a fresh in-memory database, with everything else in process too (no Redis), and its
 * JSON log lines captured in memory for the `logs` check kind and the evidence pack.
 */
import type { DestinationStream } from 'pino';
import type { StackConfig } from '../../stack/config.js';
import type { EnvMap } from '../runtime/env.js';

export interface EmbeddedStack {
  url: string;
  /** The API's log lines so far (the array grows while the stack runs). */
  logs: string[];
  /** Values that must never reach a pack (the JWT secret). */
  secrets: string[];
  /** `pglite (memory)`, for messages. */
  database: string;
  /** Base URL of the embedded mail catcher's MailHog API (for `mail` steps). */
  mailUrl?: string;
  startupMs: number;
  close(): Promise<void>;
}

/** A pino destination that keeps each JSON line in `lines` instead of writing it anywhere. */
export function memoryLogDestination(lines: string[]): DestinationStream {
  let partial = '';
  return {
    write(chunk: string) {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) if (line.trim() !== '') lines.push(line);
    },
  };
}

/**
 * The embedded stack's configuration; throws (a usage error) when the environment is invalid,
 * before anything starts. DATABASE_URL and REDIS_URL are ignored: the run gets fresh state.
 */
export async function embeddedStackConfig(env: EnvMap, version: string): Promise<StackConfig> {
  const { loadStackConfig } = await import('../../stack/config.js');
  const base = loadStackConfig(env, version);
  // Free ports for the mail catcher too: a developer's `reos up` may be holding 1025 and 8025.
  return {
    ...base,
    rateLimit: withScenarioAuthBudgets(base.rateLimit, env),
    ephemeral: true,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'info',
    databaseUrl: undefined,
    redisUrl: undefined,
    mail: { ...base.mail, catcher: true, smtpHost: '127.0.0.1', catcherSmtpPort: 0, catcherHttpPort: 0 },
  };
}

/**
 * Every shipped scenario signs up and logs in its own team, and in an embedded run they all come
 * from one address (127.0.0.1): about 35 sign-ups and logins a minute, over the per-client budgets
 * a deployment applies to one address (20 and 30 a minute). Those two budgets are raised for the
 * embedded run only, unless the environment sets them; the per-account limit (failed logins per
 * email) and every other budget keep their values, and the rate-limit scenarios prove them.
 */
export const SCENARIO_AUTH_BUDGETS = { login: 300, 'auth-strict': 200 } as const;

function withScenarioAuthBudgets(settings: StackConfig['rateLimit'], env: EnvMap): StackConfig['rateLimit'] {
  const policies = { ...settings.policies };
  if (!env.RATE_LIMIT_LOGIN) policies.login = { ...policies.login, points: Math.max(policies.login.points, SCENARIO_AUTH_BUDGETS.login) };
  if (!env.RATE_LIMIT_AUTH_STRICT) {
    policies['auth-strict'] = { ...policies['auth-strict'], points: Math.max(policies['auth-strict'].points, SCENARIO_AUTH_BUDGETS['auth-strict']) };
  }
  return { ...settings, policies };
}

/**
 * A viewer's access token for reos' own read-only calls to the stack it started (GET /inventory
 * after a run): reos holds the stack's JWT secret, so it registers no account, which would spend
 * the auth rate limit the scenarios share and add a user to the counts. The user id and team are
 * random: /inventory reads no team data.
 */
export async function operatorToken(config: StackConfig): Promise<string> {
  const { signAccessToken } = await import('../../stack/auth/tokens.js');
  return signAccessToken(config.jwt, { id: crypto.randomUUID(), teamId: crypto.randomUUID(), role: 'viewer' });
}

/** Loads the stack's modules (Hono, Drizzle, PGlite's JS) ahead of time; never rejects. */
export function preloadEmbeddedStack(): Promise<void> {
  return import('../../stack/server.js').then(
    () => undefined,
    () => undefined,
  );
}

export async function startEmbeddedStack(config: StackConfig): Promise<EmbeddedStack> {
  const { startStack } = await import('../../stack/server.js');
  const logs: string[] = [];
  const stack = await startStack({ config, logDestination: memoryLogDestination(logs) });
  return {
    url: stack.url,
    logs,
    secrets: [config.jwt.secret],
    database: `${stack.database.kind} (${stack.database.location})`,
    mailUrl: stack.mail?.httpUrl,
    startupMs: stack.startupMs,
    close: () => stack.close(),
  };
}
