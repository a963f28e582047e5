/**
 * The stack's configuration, read once from an environment map (process.env merged with
 * `.env` and `.env.mock` by the CLI). Every value has a default that works in MOCK_MODE.
 */
import { StackError } from './lib/errors.js';

export interface StackConfig {
  mockMode: boolean;
  host: string;
  port: number;
  databaseUrl?: string;
  dataDir: string;
  ephemeral: boolean;
  logLevel: string;
  jwt: {
    secret: string;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
  };
  /** Largest request body accepted, in bytes (413 above it). */
  maxBodyBytes: number;
  version: string;
}

/** The JWT secret `.env.mock` ships: fine for a local demo, refused outside MOCK_MODE. */
export const MOCK_JWT_SECRET = 'mock-only-jwt-secret-change-me-0c1b6a2f9e4d48d7a3f5b8e1c7d2a9f4';

function int(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new StackError('BAD_CONFIG', `${name} must be a whole number, got "${raw}".`, { hint: `Fix ${name} in your environment or .env file.` });
  }
  return value;
}

export function loadStackConfig(env: Record<string, string | undefined> = process.env, version = '0.0.0'): StackConfig {
  const mockMode = (env.MOCK_MODE ?? 'true').toLowerCase() !== 'false';
  const secret = env.JWT_SECRET || MOCK_JWT_SECRET;
  if (!mockMode && secret === MOCK_JWT_SECRET) {
    throw new StackError('MOCK_SECRET_OUTSIDE_MOCK_MODE', 'JWT_SECRET is still the mock value from .env.mock while MOCK_MODE=false.', {
      hint: 'Set JWT_SECRET to a random value of at least 32 bytes (for example `openssl rand -hex 32`).',
    });
  }
  if (secret.length < 32) {
    throw new StackError('BAD_CONFIG', 'JWT_SECRET must be at least 32 characters long.', { hint: 'Use `openssl rand -hex 32` to make one.' });
  }
  return {
    mockMode,
    host: env.REOS_HOST || '127.0.0.1',
    port: int(env, 'REOS_PORT', int(env, 'PORT', 8000)),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.REOS_DATA_DIR || '.reos',
    ephemeral: false,
    logLevel: env.LOG_LEVEL || 'info',
    jwt: {
      secret,
      issuer: env.JWT_ISSUER || 'reos',
      audience: env.JWT_AUDIENCE || 'reos-api',
      accessTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900),
      refreshTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600),
    },
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1024 * 1024),
    version,
  };
}
