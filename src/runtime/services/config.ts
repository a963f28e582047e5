/**
 * Whether `reos up` runs in services mode, and with what: the flags, then the environment, then
 * the defaults of a local PostgreSQL and Redis. Bad values are refused before anything starts.
 */
import { checkDatabaseUrl } from '../database-target.js';
import type { EnvMap } from '../env.js';
import { EXIT, ReosError } from '../../errors.js';
import { resolveUpConfig, type UpFlags } from '../up-config.js';
import type { ServicesPlan } from './components.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/reos';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ServicesFlags extends UpFlags {
  replicas?: number;
  redisUrl?: string;
}

/** --services, --replicas or --redis-url; or DATABASE_URL / REDIS_URL in the environment (not with --ephemeral). */
export function servicesRequested(env: EnvMap, flags: { services?: boolean; replicas?: number; 'redis-url'?: string; ephemeral?: boolean }): boolean {
  if (flags.ephemeral) return false;
  return Boolean(flags.services || flags.replicas !== undefined || flags['redis-url'] || env.DATABASE_URL || env.REDIS_URL);
}

export function resolveServicesConfig(env: EnvMap, flags: ServicesFlags, version: string): Omit<ServicesPlan, 'logDir'> & { dataDir: string } {
  const databaseUrl = flags.databaseUrl ?? (env.DATABASE_URL || DEFAULT_DATABASE_URL);
  checkDatabaseUrl(databaseUrl);
  const redisUrl = flags.redisUrl ?? (env.REDIS_URL || DEFAULT_REDIS_URL);
  if (!/^rediss?:\/\//.test(redisUrl)) {
    throw new ReosError('The Redis URL must be a redis:// or rediss:// URL.', { hint: 'Pass --redis-url redis://host:6379 (or set REDIS_URL).', exitCode: EXIT.usage, code: 'BAD_REDIS_URL' });
  }
  // The same checks and defaults as the embedded start (port range, log level, data dir).
  const config = resolveUpConfig({ ...env, DATABASE_URL: databaseUrl }, { ...flags, ephemeral: false }, version);
  if (config.port === 0) {
    throw new ReosError('Services mode needs a fixed base port: replicas listen on consecutive ports from it.', { hint: 'Pass --port 8000 (or any free base port).', exitCode: EXIT.usage, code: 'BAD_CONFIG' });
  }
  return { host: config.host, basePort: config.port, replicas: flags.replicas ?? 1, databaseUrl, redisUrl, logLevel: config.logLevel, env, dataDir: config.dataDir };
}
