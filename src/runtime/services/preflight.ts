/**
 * What `reos up --services` checks before it starts anything, each failure one clear error
 * (message, hint, exit 3): every port of the replica range is free (naming the one that is
 * not), PostgreSQL answers (the database is created when the server answers but it is missing),
 * and Redis answers PING.
 */
import net from 'node:net';
import pg from 'pg';
import { Redis } from 'ioredis';
import { redactUrl } from '../../../stack/db/client.js';
import { maskRedisUrl } from '../../../stack/lib/redis.js';
import { EXIT, ReosError } from '../../errors.js';

const CONNECT_TIMEOUT_MS = 3_000;

/** Resolves when `port` can be bound on `host`, else rejects with the socket error. */
function tryListen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** Every port from `basePort` for `count` replicas must be free; names the first taken one. */
export async function checkPorts(host: string, basePort: number, count: number): Promise<void> {
  const last = basePort + count - 1;
  if (last > 65_535) {
    throw new ReosError(`${count} replicas from port ${basePort} would need ports up to ${last}, past 65535.`, {
      hint: 'Use a lower --port or fewer --replicas.',
      exitCode: EXIT.usage,
      code: 'BAD_CONFIG',
    });
  }
  for (let i = 0; i < count; i++) {
    const port = basePort + i;
    try {
      await tryListen(host, port);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const range = count > 1 ? ` (the range ${basePort}-${last} is for api-1..api-${count})` : '';
      throw new ReosError(`Port ${port} on ${host}, needed by api-${i + 1}, is ${code === 'EADDRINUSE' ? 'already in use' : `not usable (${code})`}${range}.`, {
        hint: `Stop what is using it (\`lsof -i :${port}\`), or start with --port <another base port>.`,
        exitCode: EXIT.unreachable,
        code: 'PORT_IN_USE',
        cause: error,
      });
    }
  }
}

/**
 * Connects to the database; when the server answers that it does not exist (3D000), creates it
 * from the server's `postgres` database. Returns whether it was created.
 */
export async function ensurePostgres(url: string): Promise<{ created: boolean }> {
  const problem = await tryPostgres(url);
  if (!problem) return { created: false };
  if (problem.code !== '3D000') throw unreachablePostgres(url, problem);
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } catch (error) {
    // Another start may have created it meanwhile (42P04): that is what we wanted.
    if ((error as { code?: string }).code !== '42P04') {
      throw new ReosError(`The database "${name}" does not exist on ${redactUrl(url)} and could not be created: ${(error as Error).message}.`, {
        hint: `Create it yourself (\`createdb ${name}\`), or pass --database-url with a database that exists.`,
        exitCode: EXIT.unreachable,
        code: 'DATABASE_MISSING',
        cause: error,
      });
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  return { created: true };
}

async function tryPostgres(url: string): Promise<(Error & { code?: string }) | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error as Error & { code?: string };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function unreachablePostgres(url: string, error: Error & { code?: string }): ReosError {
  return new ReosError(`PostgreSQL is not reachable at ${redactUrl(url)}: ${(error.message || error.code || 'no answer').replace(/\.+$/, '')}.`, {
    hint: 'Start PostgreSQL (e.g. `pg_ctlcluster 15 main start`), or pass --database-url (or DATABASE_URL) for another server; `reos up` without --services needs none.',
    exitCode: EXIT.unreachable,
    code: 'POSTGRES_UNREACHABLE',
    cause: error,
  });
}

export async function checkRedis(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // ioredis rejects with "Connection is closed"; the socket error said why.
  let socketError: Error | undefined;
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const why = (socketError ?? (error as Error)).message.replace(/\.+$/, '');
    throw new ReosError(`Redis is not reachable at ${maskRedisUrl(url)}: ${why}.`, {
      hint: 'Start Redis (e.g. `redis-server --daemonize yes`), or pass --redis-url (or REDIS_URL) for another server; `reos up` without --services needs none.',
      exitCode: EXIT.unreachable,
      code: 'REDIS_UNREACHABLE',
      cause: error,
    });
  } finally {
    client.disconnect();
  }
}
