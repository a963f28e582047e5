/**
 * GET /properties/{id}/timeline: the property's history (created, updated, stage_changed),
 * newest first, paged by limit and offset.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import { propertyEvents } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { PropertyEventPage, TimelineQuery } from './schema.js';
import { toEventJson } from './serialize.js';
import { findProperty } from './store.js';

const route = createRoute({
  method: 'get',
  path: '/{id}/timeline',
  tags: ['properties'],
  summary: 'List a property’s history, newest first',
  description: 'Its creation, each edit (field by field, from and to) and each stage change, with who made it.',
  security: bearerAuth,
  request: { params: IdParams, query: TimelineQuery },
  responses: {
    200: jsonResponse(PropertyEventPage, 'A page of events'),
    ...errors(401, 404, 422),
  },
});

export function registerTimeline(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const db = c.get('db');
    const property = await findProperty(db, c.get('user'), c.req.valid('param').id);
    const page = await listPage(db, {
      table: propertyEvents,
      where: and(eq(propertyEvents.propertyId, property.id), eq(propertyEvents.teamId, property.teamId)),
      page: c.req.valid('query'),
      toItem: toEventJson,
      // The identity column orders events exactly, even two within one millisecond.
      orderBy: [desc(propertyEvents.id)],
    });
    return c.json(page, 200);
  });
}
