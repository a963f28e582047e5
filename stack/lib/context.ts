/**
 * The Hono environment every route shares: what middleware puts on the context.
 */
import type { Logger } from 'pino';
import type { Database, Db } from '../db/client.js';
import type { StackConfig } from '../config.js';
import type { EventBus } from '../events/types.js';
import type { Mailer } from '../mail/mailer.js';
import type { ObjectStore } from '../storage/types.js';

export type Role = 'admin' | 'agent' | 'viewer';

export interface AuthUser {
  id: string;
  teamId: string;
  role: Role;
}

export interface AppVariables {
  requestId: string;
  db: Db;
  database: Database;
  config: StackConfig;
  logger: Logger;
  /** The domain event bus: `c.get('events').publish(teamId, type, data)`, or `announce(c, ...)`. */
  events: EventBus;
  /** Sends mail over SMTP (the embedded catcher, MailHog or a relay): `c.get('mailer').send(...)`. */
  mailer: Mailer;
  /** The object store (files under .reos/files, or S3): property images, memo PDFs. */
  storage: ObjectStore;
  /** Set by `requireAuth`; absent on public routes. */
  user: AuthUser;
}

export interface AppEnv {
  Variables: AppVariables;
}
