/**
 * An in-process API for tests: the real app over a private database, plus helpers to make
 * users (straight into the database, so a domain's tests do not depend on the auth routes)
 * and to send JSON requests through `app.request()`.
 */
import crypto from 'node:crypto';
import { createApp, type App } from '../../stack/app.js';
import { signAccessToken } from '../../stack/auth/tokens.js';
import { hashPassword } from '../../stack/auth/passwords.js';
import { loadStackConfig, type StackConfig } from '../../stack/config.js';
import type { Database } from '../../stack/db/client.js';
import { teams, users } from '../../stack/db/schema.js';
import type { Role } from '../../stack/lib/context.js';
import { createLogger } from '../../stack/lib/logger.js';
import { readRateLimitSettings } from '../../stack/lib/rate-limit/index.js';
import { closeRedisClients } from '../../stack/lib/redis.js';
import { openTestDatabase } from './backend.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFsStore, type ObjectStore } from '../../stack/storage/index.js';
import type { Mailer } from '../../stack/mail/mailer.js';
import { createConfiguredMailer } from '../../stack/mail/provider.js';

/**
 * Config overrides that switch every rate limiter off: for tests of features other than the
 * limits themselves, where every attempt must reach the handler.
 */
export const NO_RATE_LIMITS = { rateLimit: readRateLimitSettings({ RATE_LIMIT_ENABLED: 'false' }) };

export interface TestUser {
  id: string;
  teamId: string;
  email: string;
  password: string;
  role: Role;
  token: string;
}

export interface SendOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the text. */
  body: any;
  text: string;
}

export interface TestApp {
  app: App;
  database: Database;
  config: StackConfig;
  /** The app's object store: files in a private temporary directory, removed by close(). */
  storage: ObjectStore;
  /** The app's mailer (config.mail), also what `runDueJobs` hands the jobs it runs; closed by close(). */
  mailer: Mailer;
  /** Creates a user; with `teamId` it joins that team, otherwise it gets a new team. */
  user(options?: { role?: Role; teamId?: string; password?: string }): Promise<TestUser>;
  send(method: string, path: string, options?: SendOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

/** `database`: an already open (and migrated) database to use instead of a private one; the caller closes it. */
export async function createTestApp(overrides: Partial<StackConfig> = {}, options: { database?: Database } = {}): Promise<TestApp> {
  const database = options.database ?? (await openTestDatabase());
  const config = { ...loadStackConfig({ LOG_LEVEL: 'silent' }, 'test'), ...overrides };
  const storage = createFsStore({ root: fs.mkdtempSync(path.join(os.tmpdir(), 'reos-test-files-')), removeOnClose: true });
  const mailer = createConfiguredMailer(config);
  const app = createApp({ database, config, logger: createLogger({ level: 'silent' }), storage, mailer });

  return {
    app,
    database,
    config,
    storage,
    mailer,
    async user(options = {}) {
      const role = options.role ?? 'admin';
      let teamId = options.teamId;
      if (!teamId) {
        teamId = crypto.randomUUID();
        await database.db.insert(teams).values({ id: teamId, name: `Team ${teamId.slice(0, 8)}` });
      }
      const id = crypto.randomUUID();
      const email = `user-${id.slice(0, 8)}@example.test`;
      const password = options.password ?? 'Correct-Horse-9';
      await database.db.insert(users).values({ id, teamId, email, name: 'Test User', role, passwordHash: await hashPassword(password) });
      const token = await signAccessToken(config.jwt, { id, teamId, role });
      return { id, teamId, email, password, role, token };
    },
    async send(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['Content-Type'] ??= 'application/json';
      }
      const res = await app.request(path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      if (/json/.test(res.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    async close() {
      mailer.close();
      await storage.close();
      if (!options.database) await database.close();
      await closeRedisClients(config);
    },
  };
}
