/**
 * POST /communications/calls: records a phone call (either direction) with its outcome and
 * notes, on the lead's or property's thread. GET /communications/calls: the team's calls,
 * filtered by lead, property, direction or status.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { checkReferences } from '../lib/team-scope.js';
import { listCommunications } from './list.js';
import { CallCreate, CallListQuery, Communication, CommunicationPage } from './schema.js';
import { communicationJson, insertCommunication } from './store.js';

const createCall = createRoute({
  method: 'post',
  path: '/calls',
  tags: ['communications'],
  summary: 'Log a phone call with its outcome and notes',
  description: 'Recorded on the lead’s (or property’s) thread; no call is placed. Inbound and outbound, with duration and outcome.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(CallCreate) },
  responses: {
    201: { ...jsonResponse(Communication, 'The call record'), headers: { Location: { description: 'URL of the communication', schema: { type: 'string' } } } },
    ...errors(400, 401, 403, 415, 422),
  },
});

const listCalls = createRoute({
  method: 'get',
  path: '/calls',
  tags: ['communications'],
  summary: 'List calls',
  description: 'Your team’s calls, newest first, filterable by direction, status, lead and property.',
  security: bearerAuth,
  request: { query: CallListQuery },
  responses: { 200: jsonResponse(CommunicationPage, 'A page of calls, newest first'), ...errors(401, 422) },
});

export function registerCalls(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createCall, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const db = c.get('db');
    await checkReferences(db, user.teamId, [
      { kind: 'lead', id: body.lead_id, pointer: '/lead_id' },
      { kind: 'property', id: body.property_id, pointer: '/property_id' },
    ]);
    const row = await insertCommunication(db, {
      teamId: user.teamId,
      leadId: body.lead_id ?? null,
      propertyId: body.property_id ?? null,
      channel: 'call',
      direction: body.direction,
      status: 'completed',
      toAddress: body.to ?? null,
      fromAddress: body.from ?? null,
      durationSeconds: body.duration_seconds ?? null,
      outcome: body.outcome,
      notes: body.notes ?? null,
      provider: 'manual',
      createdBy: user.id,
    });
    const json = communicationJson(row);
    await announce(c, 'communication.created', json);
    return c.json(json, 201, { Location: `/communications/${row.id}` });
  });

  app.openapi(listCalls, async (c) => c.json(await listCommunications(c.get('db'), c.get('user').teamId, { ...c.req.valid('query'), channel: 'call' }), 200));
}
