/**
 * The stack's configuration, read once from an environment map (process.env merged with
 * `.env` and `.env.mock` by the CLI). Every value has a default that works in MOCK_MODE.
 */
import { StackError } from './lib/errors.js';
import { parseCorsOrigins } from './lib/cors.js';
import { readRateLimitSettings, type RateLimitSettings } from './lib/rate-limit/policies.js';

export interface StackConfig {
  mockMode: boolean;
  host: string;
  port: number;
  databaseUrl?: string;
  /** Redis for rate limits, idempotency locks and SSE fan-out across replicas; in process when unset. */
  redisUrl?: string;
  /** Prefix of every Redis key, so several stacks (and test runs) can share one server. */
  redisPrefix: string;
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
  /** How long an Idempotency-Key and its stored response live (IDEMPOTENCY_TTL_SECONDS, 24 h). */
  idempotencyTtlSeconds: number;
  /** Server-sent events: stream tokens, heartbeats and the bounded replay log. */
  sse: {
    /** Lifetime of a `/sse/token` stream token (SSE_TOKEN_TTL_SECONDS, 60). */
    tokenTtlSeconds: number;
    /** Interval of `: ping` comments on open streams (SSE_HEARTBEAT_MS, 15000; 0 turns them off). */
    heartbeatMs: number;
    /** Reconnection delay advertised to clients in the `retry:` field (SSE_RETRY_MS, 3000). */
    retryMs: number;
    /** Events kept per team for Last-Event-ID replay (SSE_EVENT_LOG_SIZE, 1000). */
    eventLogSize: number;
    /** Age after which events are purged whatever their count (SSE_EVENT_RETENTION_SECONDS, 24 h). */
    eventRetentionSeconds: number;
  };
  /** Take the client address from X-Forwarded-For's first hop (TRUST_PROXY=true, only behind a proxy that sets it). */
  trustProxy: boolean;
  /** Rate-limit policies (RATE_LIMIT_ENABLED, RATE_LIMIT_<POLICY>=points/seconds; see stack/lib/rate-limit/policies.ts). */
  rateLimit: RateLimitSettings;
  /** Origins allowed by CORS (CORS_ORIGINS, comma-separated; empty = no CORS headers). */
  corsOrigins: string[];
  /** Strict-Transport-Security max-age in seconds (HSTS_MAX_AGE; 0 = no header, TLS terminates upstream). */
  hstsMaxAgeSeconds: number;
  /** Outgoing mail and the embedded catcher (stack/mail/). */
  mail: MailConfig;
  /** The API's public base URL for links in mail (PUBLIC_URL); the request's own origin when unset. */
  publicUrl?: string;
  version: string;
}

export interface MailConfig {
  /**
   * Run the embedded mail catcher (SMTP + MailHog-compatible HTTP) in the stack's process: on by
   * default, off when SMTP_HOST points at another server (MailHog in docker mode, a real relay)
   * or MAIL_CATCHER=false.
   */
  catcher: boolean;
  /** The catcher's SMTP port (MAIL_SMTP_PORT, 1025; 0 picks a free one). */
  catcherSmtpPort: number;
  /** The catcher's HTTP port: MailHog's API and the inbox page (MAIL_HTTP_PORT, 8025; 0 picks a free one). */
  catcherHttpPort: number;
  /** Messages the catcher keeps before dropping the oldest (MAIL_MAX_MESSAGES, 1000). */
  catcherMaxMessages: number;
  /** Where the mailer sends (SMTP_HOST / SMTP_PORT); the catcher when it runs. */
  smtpHost: string;
  smtpPort: number;
  /** Relay credentials (SMTP_USER / SMTP_PASSWORD), when the relay wants them. */
  smtpAuth?: { user: string; pass: string };
  /** Default sender (MAIL_FROM). */
  from: string;
  /** Who delivers mail (MAIL_PROVIDER=smtp|sendgrid, smtp by default; always smtp in MOCK_MODE). */
  provider: 'smtp' | 'sendgrid';
  /** SendGrid's API key (SENDGRID_API_KEY), required with MAIL_PROVIDER=sendgrid. */
  sendgridApiKey?: string;
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
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_KEY_PREFIX || 'reos:',
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
    idempotencyTtlSeconds: int(env, 'IDEMPOTENCY_TTL_SECONDS', 24 * 3600),
    sse: {
      tokenTtlSeconds: int(env, 'SSE_TOKEN_TTL_SECONDS', 60),
      heartbeatMs: int(env, 'SSE_HEARTBEAT_MS', 15_000),
      retryMs: int(env, 'SSE_RETRY_MS', 3_000),
      eventLogSize: int(env, 'SSE_EVENT_LOG_SIZE', 1000),
      eventRetentionSeconds: int(env, 'SSE_EVENT_RETENTION_SECONDS', 24 * 3600),
    },
    trustProxy: (env.TRUST_PROXY ?? '').trim().toLowerCase() === 'true',
    rateLimit: readRateLimitSettings(env),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    hstsMaxAgeSeconds: int(env, 'HSTS_MAX_AGE', 0),
    mail: readMailConfig(env, mockMode),
    publicUrl: env.PUBLIC_URL?.trim() || undefined,
    version,
  };
}

function readMailProvider(env: Record<string, string | undefined>, mockMode: boolean): Pick<MailConfig, 'provider' | 'sendgridApiKey'> {
  const provider = (env.MAIL_PROVIDER ?? 'smtp').trim().toLowerCase() || 'smtp';
  if (provider !== 'smtp' && provider !== 'sendgrid') {
    throw new StackError('BAD_CONFIG', `MAIL_PROVIDER must be smtp or sendgrid, got "${env.MAIL_PROVIDER}".`, { hint: 'Fix MAIL_PROVIDER in your environment or .env file.' });
  }
  const sendgridApiKey = env.SENDGRID_API_KEY?.trim() || undefined;
  // MOCK_MODE never talks to a real provider: mail goes to the catcher over SMTP.
  if (mockMode || provider === 'smtp') return { provider: 'smtp', sendgridApiKey };
  if (!sendgridApiKey) {
    throw new StackError('BAD_CONFIG', 'MAIL_PROVIDER=sendgrid needs SENDGRID_API_KEY.', { hint: 'Create an API key with the "Mail Send" permission in SendGrid and set SENDGRID_API_KEY.' });
  }
  return { provider: 'sendgrid', sendgridApiKey };
}

function readMailConfig(env: Record<string, string | undefined>, mockMode: boolean): MailConfig {
  const relayHost = env.SMTP_HOST?.trim() || undefined;
  const catcher = !relayHost && (env.MAIL_CATCHER ?? 'true').trim().toLowerCase() !== 'false';
  const catcherSmtpPort = int(env, 'MAIL_SMTP_PORT', 1025);
  const user = env.SMTP_USER?.trim();
  return {
    catcher,
    catcherSmtpPort,
    catcherHttpPort: int(env, 'MAIL_HTTP_PORT', 8025),
    catcherMaxMessages: int(env, 'MAIL_MAX_MESSAGES', 1000),
    smtpHost: relayHost ?? '127.0.0.1',
    smtpPort: int(env, 'SMTP_PORT', catcherSmtpPort),
    smtpAuth: user ? { user, pass: env.SMTP_PASSWORD ?? '' } : undefined,
    from: env.MAIL_FROM?.trim() || 'Real Estate OS <no-reply@reos.local>',
    ...readMailProvider(env, mockMode),
  };
}
