/**
 * The periodic purge of expired idempotency keys, started by the stack and stopped on close.
 * Expired rows are also treated as new when claimed, so the purge only reclaims space.
 */
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { purgeExpiredKeys } from './store.js';

export interface PurgeTimer {
  stop(): void;
}

/**
 * @example
 * const purge = startIdempotencyPurge(database.db, logger, 60_000);
 * // on shutdown
 * purge.stop();
 */
export function startIdempotencyPurge(db: Db, logger: Logger, intervalMs = 60_000): PurgeTimer {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    purgeExpiredKeys(db)
      .then((deleted) => deleted > 0 && logger.debug({ deleted }, 'expired idempotency keys purged'))
      .catch((error: unknown) => logger.warn({ err: error }, 'idempotency key purge failed'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
