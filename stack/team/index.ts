/**
 * The team domain, mounted at /team: the caller's team, and member management for its admins.
 * One file per operation; this one only registers them.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { mountAddMember } from './add-member.js';
import { mountGetTeam } from './get.js';
import { mountUpdateMember } from './update-member.js';

export function teamRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  mountGetTeam(app);
  mountAddMember(app);
  mountUpdateMember(app);
  return app;
}
