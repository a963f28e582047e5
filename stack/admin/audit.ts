/**
 * The audit log. `auditTrail()` (mounted in app.ts before the routers) writes one `audit_log`
 * row for every successful (2xx/3xx) POST, PUT, PATCH or DELETE a signed-in user made: actor,
 * team, method, route pattern, resource id, status, request id and, for a PATCH, the names of
 * the fields sent. It runs after the handler, so a refused or failed request (and an idempotent
 * replay, which never reaches a router) leaves no entry; a failed insert is logged, never turned
 * into an error for a write that already happened. GET /admin/audit-log reads it.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { and, desc, eq, gte } from 'drizzle-orm';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { AuditPage, AuditQuery } from './schema.js';
import { auditLog } from './tables.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The pattern of the route that answered (`/properties/:id`), not the wildcard middleware's. */
export function answeringRoute(c: Context): string {
  const routes = matchedRoutes(c);
  const handler = routes[c.req.routeIndex] ?? routes.at(-1);
  const path = handler && handler.path !== '/*' && handler.path !== '*' ? handler.path : c.req.path;
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/**
 * The resource a request was about: the route's first path parameter, or for a create the id in
 * its Location (the segment after the route's own).
 */
export function resourceIdOf(route: string, path: string, location: string | null): string | null {
  const pattern = route.split('/');
  const segments = path.split('/');
  const param = pattern.findIndex((part) => part.startsWith(':'));
  if (param >= 0) return segments[param] ? decodeURIComponent(segments[param]) : null;
  if (!location) return null;
  const located = new URL(location, 'http://x').pathname.split('/');
  return located.length > pattern.length && pattern.every((part, i) => part === located[i]) ? decodeURIComponent(located[pattern.length]) : null;
}

async function sentFields(c: Context): Promise<string[] | null> {
  if (c.req.method !== 'PATCH') return null;
  // The validator parsed the body already; Hono answers from its cache.
  const body = await c.req.json().catch(() => undefined);
  return body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body).sort() : null;
}

export function auditTrail(options: { exclude: string[] }): MiddlewareHandler<AppEnv> {
  return async function auditTrailMiddleware(c, next) {
    await next();
    if (!MUTATING.has(c.req.method) || c.res.status >= 400) return;
    if (options.exclude.some((prefix) => c.req.path === prefix || c.req.path.startsWith(`${prefix}/`))) return;
    const user = c.get('user');
    if (!user) return;
    const route = answeringRoute(c);
    try {
      await c.get('db').insert(auditLog).values({
        teamId: user.teamId,
        actorId: user.id,
        method: c.req.method,
        route,
        resourceId: resourceIdOf(route, c.req.path, c.res.headers.get('Location')),
        status: c.res.status,
        requestId: c.get('requestId'),
        changedFields: await sentFields(c),
      });
    } catch (error) {
      c.get('logger').error({ request_id: c.get('requestId'), err: error }, 'audit log entry not written');
    }
  };
}

const route = createRoute({
  method: 'get',
  path: '/audit-log',
  tags: ['admin'],
  summary: 'Who changed what: the team’s successful writes, newest first',
  description: 'One entry per successful POST, PUT, PATCH or DELETE by a member of the team. Filter by actor (user id), resource id and time.',
  security: bearerAuth,
  request: { query: AuditQuery },
  responses: { 200: jsonResponse(AuditPage, 'A page of audit entries'), ...errors(401, 403, 422) },
});

type AuditRow = typeof auditLog.$inferSelect;

const toAuditJson = (row: AuditRow) => ({
  id: String(row.id),
  actor_id: row.actorId,
  method: row.method,
  route: row.route,
  resource_id: row.resourceId,
  status: row.status,
  request_id: row.requestId,
  changed_fields: row.changedFields ?? null,
  created_at: row.createdAt.toISOString(),
});

export function registerAuditLog(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { actor, resource, since, limit, offset } = c.req.valid('query');
    const page = await listPage(c.get('db'), {
      table: auditLog,
      where: and(
        eq(auditLog.teamId, c.get('user').teamId),
        actor ? eq(auditLog.actorId, actor) : undefined,
        resource ? eq(auditLog.resourceId, resource) : undefined,
        since ? gte(auditLog.createdAt, new Date(since)) : undefined,
      ),
      page: { limit, offset },
      toItem: toAuditJson,
      orderBy: [desc(auditLog.id)],
    });
    return c.json(page, 200);
  });
}
