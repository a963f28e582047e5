/**
 * POST /leads: capture a prospect. Status starts at `new` unless the caller knows better.
 * Answers 201 with the lead, its Location and its ETag.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { leads } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, ETAG_HEADER, jsonBody, jsonResponse } from '../lib/openapi.js';
import { etagOf } from '../lib/preconditions.js';
import { checkLeadReferences } from './references.js';
import { Lead, LeadCreate } from './schema.js';
import { leadJson, leadValues } from './serialize.js';

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['leads'],
  summary: 'Create a lead',
  description: 'Name required; email, phone, source, status, property and assignee optional (the property and assignee must be your team’s).',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(LeadCreate) },
  responses: {
    201: {
      ...jsonResponse(Lead, 'The new lead'),
      headers: { Location: { description: 'URL of the new lead', schema: { type: 'string' } }, ...ETAG_HEADER },
    },
    ...errors(400, 401, 403, 415, 422),
  },
});

export function registerCreateLead(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { teamId, id: userId } = c.get('user');
    const db = c.get('db');
    await checkLeadReferences(db, teamId, body);
    const [row] = await db
      .insert(leads)
      .values({ ...leadValues(body), id: crypto.randomUUID(), teamId, createdBy: userId, name: body.name })
      .returning();
    const lead = leadJson(row);
    await announce(c, 'lead.created', lead);
    return c.json(lead, 201, { Location: `/leads/${row.id}`, ETag: etagOf(row) });
  });
}
