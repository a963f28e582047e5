/**
 * The stack's Redis connections (services mode: rate limits, idempotency locks, SSE fan-out).
 * One module makes them all, so every client gets the same defaults:
 *
 * - `lazyConnect`: creating a client opens nothing; the first command (or `connectRedis`) does.
 *   `createApp` stays synchronous and a stack without traffic holds no socket.
 * - bounded waits: a connect gives up after `connectTimeoutMs`, a command after
 *   `commandTimeoutMs`, and a command is retried on at most one reconnection, so a Redis outage
 *   costs a request a bounded delay, never a hang. ioredis keeps reconnecting in the background.
 * - `keyPrefix` = `config.redisPrefix`, so stacks and test runs sharing one server never meet.
 *   (ioredis prefixes keys, not pub/sub channel names: prefix channels yourself.)
 * - a clear error: `connectRedis` fails with a `StackError` naming the URL (password masked),
 *   what the connection was for and the socket error, instead of ioredis' "Connection is closed".
 *
 * Every client is tracked under the config object that made it, so whoever owns a stack's
 * config (server close, test helpers) closes them all with `closeRedisClients(config)`.
 *
 * @example
 * const redis = createRedis(config, 'idempotency');
 * await connectRedis(redis); // throws StackError REDIS_UNREACHABLE when it cannot connect
 * await redis.set('k', 'v'); // key reos:k
 * await closeRedisClients(config);
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { StackConfig } from '../config.js';
import { StackError } from './errors.js';

export interface RedisClientOptions {
  /** Give up connecting after this long (default 2 s). */
  connectTimeoutMs?: number;
  /** Fail a command with no reply after this long (default 1 s; pass 0 for blocking commands). */
  commandTimeoutMs?: number;
  /** Where connection errors are reported (once per outage, not per retry). */
  logger?: Logger;
}

interface ClientInfo {
  purpose: string;
  target: string;
  lastError?: Error;
  initialConnect?: Promise<void>;
}

const info = new WeakMap<Redis, ClientInfo>();
const owned = new WeakMap<object, Set<Redis>>();

/** The URL without its password, fit for logs and error messages. */
export function maskRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

/**
 * A new, not yet connected ioredis client for `purpose` (shown in `CLIENT LIST` as
 * `reos:<purpose>`). Throws when the config has no `redisUrl`.
 */
export function createRedis(config: Pick<StackConfig, 'redisUrl' | 'redisPrefix'>, purpose: string, options: RedisClientOptions = {}): Redis {
  if (!config.redisUrl) {
    throw new StackError('REDIS_NOT_CONFIGURED', `Redis is needed for ${purpose} but REDIS_URL is not set.`, {
      hint: 'Set REDIS_URL (for example redis://127.0.0.1:6379) or run embedded, where this runs in process.',
    });
  }
  const client = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    commandTimeout: options.commandTimeoutMs === 0 ? undefined : (options.commandTimeoutMs ?? 1_000),
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    keyPrefix: config.redisPrefix,
    connectionName: `reos:${purpose}`,
  });
  const meta: ClientInfo = { purpose, target: maskRedisUrl(config.redisUrl) };
  info.set(client, meta);
  let reported = false;
  // Without an 'error' listener ioredis prints every failed reconnect to stderr.
  client.on('error', (error: Error) => {
    meta.lastError = error;
    if (!reported) options.logger?.warn({ redis: meta.target, purpose, err: error.message }, 'redis unavailable');
    reported = true;
  });
  client.on('ready', () => {
    if (reported) options.logger?.info({ redis: meta.target, purpose }, 'redis reconnected');
    reported = false;
  });
  let clients = owned.get(config);
  if (!clients) owned.set(config, (clients = new Set()));
  clients.add(client);
  return client;
}

function unreachable(client: Redis, cause: unknown): StackError {
  const meta = info.get(client);
  const why = meta?.lastError?.message ?? (cause as Error)?.message ?? String(cause);
  return new StackError('REDIS_UNREACHABLE', `Redis at ${meta?.target ?? 'REDIS_URL'} is not reachable for ${meta?.purpose ?? 'this stack'}: ${why}.`, {
    hint: 'Start Redis (or check REDIS_URL, its password and the network), or unset REDIS_URL to run embedded.',
    cause,
  });
}

/**
 * Opens the connection once, resolving when it is ready. Every later call returns the same
 * first attempt: after it, ioredis reconnects on its own and `client.status` tells the truth.
 */
export function connectRedis(client: Redis): Promise<void> {
  const meta = info.get(client) ?? { purpose: 'this stack', target: 'REDIS_URL' };
  meta.initialConnect ??= client.status === 'wait' ? client.connect().catch((error: unknown) => Promise.reject(unreachable(client, error))) : Promise.resolve();
  info.set(client, meta);
  return meta.initialConnect;
}

/** Closes one client: a polite QUIT when connected, else an immediate disconnect. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through: the connection is already gone
    }
  }
  client.disconnect();
}

/** Closes every client created with this config object. */
export async function closeRedisClients(config: object): Promise<void> {
  const clients = owned.get(config);
  if (!clients) return;
  owned.delete(config);
  await Promise.all([...clients].map(closeRedis));
}
