/**
 * The API in process for the seed: the real app (routes, validation, domain events) over an
 * open database, called with `app.request()`, no socket. An answer outside `expect` becomes
 * one clear error naming the call and the problem's detail; an expected non-2xx gives undefined.
 */
import type { StackConfig } from '../../../stack/config.js';
import type { Database } from '../../../stack/db/client.js';
import { createApp } from '../../../stack/app.js';
import { createEventBus } from '../../../stack/events/index.js';
import { createLogger } from '../../../stack/lib/logger.js';
import { EXIT, ReosError } from '../../errors.js';

export interface ApiClient {
  call(method: string, path: string, options: { token?: string; body?: unknown; expect: number[] }): Promise<unknown>;
  close(): Promise<void>;
}

export async function apiClient(database: Database, config: StackConfig): Promise<ApiClient> {
  const logger = createLogger({ level: 'silent' });
  const events = createEventBus({ db: database.db, logger, config });
  await events.start();
  const app = createApp({ database, config, logger, events });
  return {
    async call(method, path, { token, body, expect }) {
      const response = await app.request(path, {
        method,
        headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      if (!expect.includes(response.status)) {
        const detail = (json?.detail ?? json?.title ?? text) as string;
        throw new ReosError(`Seeding failed at ${method} ${path}: ${response.status} ${detail}`, {
          hint: 'The database may hold data the seed does not expect; seed a fresh one (--database-url, --data-dir) and report this if it persists.',
          exitCode: EXIT.failed,
          code: 'SEED_FAILED',
        });
      }
      return response.status >= 300 ? undefined : json;
    },
    close: () => events.close(),
  };
}
