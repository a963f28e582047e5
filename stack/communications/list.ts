/**
 * GET /communications (filtered by channel, direction, status, lead, property) and
 * GET /communications/{id}: the team's communications, whatever the channel.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { findInTeam } from '../lib/team-scope.js';
import { Communication, CommunicationListQuery, CommunicationPage } from './schema.js';
import { communicationJson } from './store.js';
import { communications } from './tables.js';

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['communications'],
  summary: 'List communications (email, SMS, calls)',
  description: 'Every message of your team across channels, newest first, filterable and paged.',
  security: bearerAuth,
  request: { query: CommunicationListQuery },
  responses: { 200: jsonResponse(CommunicationPage, 'A page of communications, newest first'), ...errors(401, 422) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['communications'],
  summary: 'Get a communication',
  description: 'One email, SMS or call of your team, with its provider id, status and error; another team’s id is 404.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(Communication, 'The communication'), ...errors(401, 404) },
});

export function listCommunications(db: Db, teamId: string, query: z.infer<typeof CommunicationListQuery>) {
  const where = and(
    eq(communications.teamId, teamId),
    query.channel === undefined ? undefined : eq(communications.channel, query.channel),
    query.direction === undefined ? undefined : eq(communications.direction, query.direction),
    query.status === undefined ? undefined : eq(communications.status, query.status),
    query.lead_id === undefined ? undefined : eq(communications.leadId, query.lead_id),
    query.property_id === undefined ? undefined : eq(communications.propertyId, query.property_id),
  );
  return listPage(db, { table: communications, where, page: query, toItem: communicationJson });
}

export function registerListCommunications(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (c) => c.json(await listCommunications(c.get('db'), c.get('user').teamId, c.req.valid('query')), 200));
}

export function registerGetCommunication(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getRoute, async (c) => {
    const row = await findInTeam(c.get('db'), communications, { teamId: c.get('user').teamId, id: c.req.valid('param').id }, { noun: 'communication' });
    return c.json(communicationJson(row), 200);
  });
}
