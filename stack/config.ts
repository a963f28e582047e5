/**
 * The stack's configuration, read once from an environment map (process.env merged with
 * `.env` and `.env.mock` by the CLI). Every value has a default that works in MOCK_MODE.
 */
import { StackError } from './lib/errors.js';
import { parseCorsOrigins } from './lib/cors.js';
import { readRateLimitSettings, type RateLimitSettings } from './lib/rate-limit/policies.js';
import { assertNoMockSecrets, MOCK_JWT_SECRET, MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY, MOCK_TWILIO_AUTH_TOKEN } from './lib/mock-secrets.js';

export interface StackConfig {
  mockMode: boolean;
  host: string;
  port: number;
  databaseUrl?: string;
  /** Hot reads as named prepared statements (DATABASE_PREPARED_STATEMENTS, default true; false behind PgBouncer in transaction mode). */
  databasePreparedStatements: boolean;
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
  /** Object storage for images and memos (STORAGE_DRIVER=fs|s3, fs by default: files under <dataDir>/files). */
  storage: {
    driver: 'fs' | 's3';
    s3: {
      /** S3_ENDPOINT, e.g. http://minio:9000; unset = AWS. */
      endpoint?: string;
      /** S3_BUCKET (reos). */
      bucket: string;
      /** S3_REGION (us-east-1). */
      region: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      /** S3_FORCE_PATH_STYLE (true: bucket in the path, as MinIO wants). */
      forcePathStyle: boolean;
    };
  };
  /** Largest property image accepted, in bytes (IMAGE_MAX_BYTES, 5 MiB; 413 above it). */
  imageMaxBytes: number;
  /** Background jobs: run the worker inside the API process (JOBS_WORKER=inline) or not (off). */
  jobs: {
    worker: 'inline' | 'off';
    /** Jobs one worker runs at once (JOBS_CONCURRENCY, 2). */
    concurrency: number;
    /** How often an idle worker looks for work (JOBS_POLL_MS, 500). */
    pollMs: number;
    /** A running job's lease; renewed every third of it while the handler runs (JOBS_LEASE_MS, 30000). */
    leaseMs: number;
    /** Attempts before a job goes to the dead-letter list (JOBS_MAX_ATTEMPTS, 5). */
    maxAttempts: number;
    /** First retry delay; doubles each attempt, with jitter (JOBS_BACKOFF_MS, 1000). */
    backoffMs: number;
  };
  /** GET /admin/dlq/alerts fires above DLQ_ALERT_SIZE dead jobs in a team (10) or with one older than DLQ_ALERT_AGE_SECONDS (3600). */
  dlqAlerts: { size: number; ageSeconds: number };
  /** Outgoing SMS (stack/communications/sms-provider.ts). */
  sms: SmsConfig;
  /** Provider webhooks' signature secrets (stack/webhooks/). */
  webhooks: WebhookConfig;
  /** The API's public base URL for links in mail (PUBLIC_URL); the request's own origin when unset. */
  publicUrl?: string;
  version: string;
}

export interface SmsConfig {
  /** SMS_PROVIDER: `mock` (a stored outbox, readable at /communications/sms/outbox; default) or `twilio`. */
  provider: 'mock' | 'twilio';
  /** TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN: the REST API's basic auth; the token also signs Twilio's webhooks. */
  accountSid: string;
  authToken?: string;
  /** TWILIO_FROM: the number messages are sent from (E.164). */
  from: string;
  /** TWILIO_API_BASE_URL (https://api.twilio.com); tests point it at a local server. */
  apiBaseUrl: string;
  /** TWILIO_TIMEOUT_MS (10000): a slow Twilio answers 504, never a hang. */
  timeoutMs: number;
}

export interface WebhookConfig {
  /** SENDGRID_WEBHOOK_PUBLIC_KEY: the Signed Event Webhook's verification key (base64 DER SPKI, as SendGrid shows it). */
  sendgridPublicKey?: string;
  /** PUBLIC_BASE_URL: the URL Twilio calls us at (what it signs), e.g. https://crm.example.com; else X-Forwarded-* (TRUST_PROXY) or the request URL. */
  publicBaseUrl?: string;
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

export { MOCK_JWT_SECRET, MOCK_SENDGRID_WEBHOOK_PRIVATE_KEY, MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY, MOCK_TWILIO_AUTH_TOKEN } from './lib/mock-secrets.js';

export const MOCK_TWILIO_ACCOUNT_SID = 'ACmock00000000000000000000000000000';
/** Twilio's magic "valid sender" test number. */
export const MOCK_TWILIO_FROM = '+15005550006';

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
  assertNoMockSecrets(env, mockMode);
  const secret = env.JWT_SECRET || MOCK_JWT_SECRET;
  if (secret.length < 32) {
    throw new StackError('BAD_CONFIG', 'JWT_SECRET must be at least 32 characters long.', { hint: 'Use `openssl rand -hex 32` to make one.' });
  }
  return {
    mockMode,
    host: env.REOS_HOST || '127.0.0.1',
    port: int(env, 'REOS_PORT', int(env, 'PORT', 8000)),
    databaseUrl: env.DATABASE_URL || undefined,
    databasePreparedStatements: (env.DATABASE_PREPARED_STATEMENTS ?? 'true').trim().toLowerCase() !== 'false',
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
    storage: {
      driver: oneOf(env, 'STORAGE_DRIVER', ['fs', 's3'] as const, 'fs'),
      s3: {
        endpoint: env.S3_ENDPOINT || undefined,
        bucket: env.S3_BUCKET || 'reos',
        region: env.S3_REGION || 'us-east-1',
        accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
        forcePathStyle: (env.S3_FORCE_PATH_STYLE ?? 'true').trim().toLowerCase() !== 'false',
      },
    },
    imageMaxBytes: int(env, 'IMAGE_MAX_BYTES', 5 * 1024 * 1024),
    jobs: {
      worker: oneOf(env, 'JOBS_WORKER', ['inline', 'off'] as const, 'inline'),
      concurrency: Math.max(1, int(env, 'JOBS_CONCURRENCY', 2)),
      pollMs: Math.max(10, int(env, 'JOBS_POLL_MS', 500)),
      leaseMs: Math.max(1000, int(env, 'JOBS_LEASE_MS', 30_000)),
      maxAttempts: Math.max(1, int(env, 'JOBS_MAX_ATTEMPTS', 5)),
      backoffMs: int(env, 'JOBS_BACKOFF_MS', 1000),
    },
    dlqAlerts: { size: Math.max(0, int(env, 'DLQ_ALERT_SIZE', 10)), ageSeconds: Math.max(0, int(env, 'DLQ_ALERT_AGE_SECONDS', 3600)) },
    sms: readSmsConfig(env, mockMode),
    webhooks: readWebhookConfig(env, mockMode),
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

function oneOf<T extends string>(env: Record<string, string | undefined>, name: string, allowed: readonly T[], fallback: T): T {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new StackError('BAD_CONFIG', `${name} must be one of ${allowed.join(', ')}, got "${env[name]}".`, { hint: `Fix ${name} in your environment or .env file.` });
  }
  return raw as T;
}

/** A mock value outside MOCK_MODE is refused, as JWT_SECRET's is. */
function mockOnly(name: string, value: string | undefined, mock: string, mockMode: boolean): string | undefined {
  const chosen = value?.trim() || (mockMode ? mock : undefined);
  if (!mockMode && chosen === mock) {
    throw new StackError('MOCK_SECRET_OUTSIDE_MOCK_MODE', `${name} is still the mock value from .env.mock while MOCK_MODE=false.`, {
      hint: `Set ${name} to your provider's real value, or unset it.`,
    });
  }
  return chosen;
}

function readSmsConfig(env: Record<string, string | undefined>, mockMode: boolean): SmsConfig {
  const provider = (env.SMS_PROVIDER?.trim().toLowerCase() || 'mock') as SmsConfig['provider'];
  if (provider !== 'mock' && provider !== 'twilio') {
    throw new StackError('BAD_CONFIG', `SMS_PROVIDER must be mock or twilio, got "${env.SMS_PROVIDER}".`, { hint: 'Use SMS_PROVIDER=mock for a local outbox.' });
  }
  const authToken = mockOnly('TWILIO_AUTH_TOKEN', env.TWILIO_AUTH_TOKEN, MOCK_TWILIO_AUTH_TOKEN, mockMode);
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim() || MOCK_TWILIO_ACCOUNT_SID;
  if (provider === 'twilio' && (!authToken || (accountSid === MOCK_TWILIO_ACCOUNT_SID && !mockMode))) {
    throw new StackError('BAD_CONFIG', 'SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM.', {
      hint: 'Copy them from the Twilio console, or use SMS_PROVIDER=mock.',
    });
  }
  return {
    provider,
    accountSid,
    authToken,
    from: env.TWILIO_FROM?.trim() || MOCK_TWILIO_FROM,
    apiBaseUrl: env.TWILIO_API_BASE_URL?.trim() || 'https://api.twilio.com',
    timeoutMs: int(env, 'TWILIO_TIMEOUT_MS', 10_000),
  };
}

function readWebhookConfig(env: Record<string, string | undefined>, mockMode: boolean): WebhookConfig {
  return {
    sendgridPublicKey: mockOnly('SENDGRID_WEBHOOK_PUBLIC_KEY', env.SENDGRID_WEBHOOK_PUBLIC_KEY, MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY, mockMode),
    publicBaseUrl: env.PUBLIC_BASE_URL?.trim().replace(/\/+$/, '') || undefined,
  };
}
