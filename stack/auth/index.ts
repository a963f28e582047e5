/** The auth domain's routes (to be filled in). */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';

export function authRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  return app;
}
