/**
 * POST /admin/idempotency/cleanup: deletes the team's expired Idempotency-Key records (a replay
 * after expiry runs the request again anyway) and says how many went.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, lt, sql } from 'drizzle-orm';
import { idempotencyKeys } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';

const CleanupResult = z.object({ deleted: z.number().int(), remaining: z.number().int() }).openapi('IdempotencyCleanup');

const route = createRoute({
  method: 'post',
  path: '/idempotency/cleanup',
  tags: ['admin'],
  summary: 'Delete the team’s expired idempotency keys',
  description: 'Removes Idempotency-Key records past their expiry (a replay after expiry runs the request again anyway) and says how many went and how many live ones remain. Admins only (403 otherwise).',
  security: bearerAuth,
  responses: { 200: jsonResponse(CleanupResult, 'How many expired keys were deleted, and how many live ones remain'), ...errors(401, 403) },
});

export function registerIdempotencyCleanup(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const db = c.get('db');
    const teamId = c.get('user').teamId;
    const deleted = await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.teamId, teamId), lt(idempotencyKeys.expiresAt, sql`now()`))).returning({ id: idempotencyKeys.id });
    const [{ remaining }] = await db.select({ remaining: sql<number>`count(*)::int` }).from(idempotencyKeys).where(eq(idempotencyKeys.teamId, teamId));
    return c.json({ deleted: deleted.length, remaining }, 200);
  });
}
