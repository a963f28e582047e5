/**
 * The Hono environment every route shares: what middleware puts on the context.
 */
import type { Logger } from 'pino';
import type { Database, Db } from '../db/client.js';
import type { StackConfig } from '../config.js';

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
  /** Set by `requireAuth`; absent on public routes. */
  user: AuthUser;
}

export interface AppEnv {
  Variables: AppVariables;
}
