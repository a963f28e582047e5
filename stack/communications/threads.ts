/**
 * GET /communications/threads?lead_id=|property_id=: the team's conversations, most recently
 * active first. GET /communications/threads/{id}: one thread with its messages, oldest first
 * (every channel: email, SMS, calls), each with direction, status, provider ids and times.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { findInTeam } from '../lib/team-scope.js';
import { ThreadListQuery, ThreadPage, ThreadWithMessages } from './schema.js';
import { communicationJson, threadJson, threadMessages } from './store.js';
import { communicationThreads } from './tables.js';

const listRoute = createRoute({
  method: 'get',
  path: '/threads',
  tags: ['communications'],
  summary: 'List conversation threads',
  description: 'One thread per lead (or per property, for messages with no lead); most recently active first; paged by offset.',
  security: bearerAuth,
  request: { query: ThreadListQuery },
  responses: { 200: jsonResponse(ThreadPage, 'A page of threads'), ...errors(401, 422) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/threads/{id}',
  tags: ['communications'],
  summary: 'Get a thread with its messages',
  description: 'A lead’s (or property’s) thread and every message in it, oldest first; another team’s id is 404.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(ThreadWithMessages, 'The thread and its messages, oldest first'), ...errors(401, 404) },
});

export function registerThreads(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const t = communicationThreads;
    const where = and(
      eq(t.teamId, c.get('user').teamId),
      query.lead_id === undefined ? undefined : eq(t.leadId, query.lead_id),
      query.property_id === undefined ? undefined : eq(t.propertyId, query.property_id),
    );
    const page = await listPage(c.get('db'), { table: t, where, page: query, orderBy: [desc(t.updatedAt), desc(t.id)], toItem: threadJson });
    return c.json(page, 200);
  });

  app.openapi(getRoute, async (c) => {
    const db = c.get('db');
    const thread = await findInTeam(db, communicationThreads, { teamId: c.get('user').teamId, id: c.req.valid('param').id }, { noun: 'thread' });
    const messages = await threadMessages(db, thread.id);
    return c.json({ ...threadJson(thread), messages: messages.map(communicationJson) }, 200);
  });
}
