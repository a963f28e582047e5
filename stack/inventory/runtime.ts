/**
 * What runs and who provides each outside service, read from the stack's configuration and the
 * objects it opened (never guessed from behaviour). A provider is `mock` when it is a local
 * stand-in (the mail catcher, the SMS outbox, files on disk, the embedded PGlite) and `real`
 * when it is the production service (an SMTP relay outside MOCK_MODE, SendGrid, Twilio, S3,
 * PostgreSQL).
 */
import type { StackConfig } from '../config.js';

export interface Component {
  name: 'api' | 'worker' | 'event-bus' | 'rate-limit-store' | 'mail-catcher';
  /** Where it runs: `in-process`, `separate` (another process), `redis`, `memory` or `disabled`. */
  mode: string;
  detail: string;
}

export interface Provider {
  name: 'mail' | 'sms' | 'storage' | 'database';
  kind: string;
  mode: 'mock' | 'real';
  detail: string;
}

export interface RuntimeFacts {
  config: StackConfig;
  database: { kind: 'pglite' | 'postgres'; location: string };
  events: { kind: 'memory' | 'redis' };
  storage: { kind: 'fs' | 's3'; location: string };
}

export function componentsOf({ config, events }: RuntimeFacts): Component[] {
  const worker: Component =
    config.jobs.worker === 'inline'
      ? { name: 'worker', mode: 'in-process', detail: `JOBS_WORKER=inline: jobs run in this API process (concurrency ${config.jobs.concurrency})` }
      : { name: 'worker', mode: 'separate', detail: 'JOBS_WORKER=off: jobs run in a separate worker process (stack/worker-main.ts), not observed from here' };
  const rateLimit: Component = !config.rateLimit.enabled
    ? { name: 'rate-limit-store', mode: 'disabled', detail: 'RATE_LIMIT_ENABLED=false' }
    : config.redisUrl
      ? { name: 'rate-limit-store', mode: 'redis', detail: 'shared by every replica (REDIS_URL)' }
      : { name: 'rate-limit-store', mode: 'memory', detail: 'this process only' };
  return [
    { name: 'api', mode: 'in-process', detail: `Real Estate OS API ${config.version}, pid ${process.pid}` },
    worker,
    events.kind === 'redis'
      ? { name: 'event-bus', mode: 'redis', detail: 'events persisted in domain_events, fanned out over Redis pub/sub' }
      : { name: 'event-bus', mode: 'in-process', detail: 'events persisted in domain_events, fanned out in this process' },
    rateLimit,
    ...(config.mail.catcher ? [{ name: 'mail-catcher' as const, mode: 'in-process', detail: 'SMTP catcher with a MailHog-compatible API' }] : []),
  ];
}

export function providersOf({ config, database, storage }: RuntimeFacts): Provider[] {
  return [mailProvider(config), smsProvider(config), storageProvider(storage), databaseProvider(database)];
}

function mailProvider(config: StackConfig): Provider {
  if (config.mail.provider === 'sendgrid') return { name: 'mail', kind: 'sendgrid', mode: 'real', detail: 'SendGrid v3 API (MAIL_PROVIDER=sendgrid)' };
  if (config.mail.catcher) return { name: 'mail', kind: 'catcher', mode: 'mock', detail: 'the embedded mail catcher keeps every message' };
  return config.mockMode
    ? { name: 'mail', kind: 'smtp', mode: 'mock', detail: `SMTP to ${config.mail.smtpHost}:${config.mail.smtpPort} in MOCK_MODE (a catcher such as MailHog)` }
    : { name: 'mail', kind: 'smtp', mode: 'real', detail: `SMTP relay ${config.mail.smtpHost}:${config.mail.smtpPort}` };
}

function smsProvider(config: StackConfig): Provider {
  return config.sms.provider === 'twilio'
    ? { name: 'sms', kind: 'twilio', mode: 'real', detail: `Twilio REST API at ${config.sms.apiBaseUrl}` }
    : { name: 'sms', kind: 'mock', mode: 'mock', detail: 'stored outbox, readable at /communications/sms/outbox' };
}

function storageProvider(storage: RuntimeFacts['storage']): Provider {
  return storage.kind === 's3'
    ? { name: 'storage', kind: 's3', mode: 'real', detail: `S3 (${storage.location})` }
    : { name: 'storage', kind: 'fs', mode: 'mock', detail: `files on local disk (${storage.location})` };
}

function databaseProvider(database: RuntimeFacts['database']): Provider {
  return database.kind === 'postgres'
    ? { name: 'database', kind: 'postgres', mode: 'real', detail: database.location }
    : { name: 'database', kind: 'pglite', mode: 'mock', detail: `embedded PGlite (${database.location})` };
}
