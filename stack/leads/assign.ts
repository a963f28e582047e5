/**
 * POST /leads/{id}/assign: hand a lead to an active member of the team, or take it back (null).
 * A write of the lead like PATCH: it bumps the ETag and honours If-Match.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, ETAG_HEADER, IdParams, IfMatchHeaders, jsonBody, jsonResponse } from '../lib/openapi.js';
import { etagOf } from '../lib/preconditions.js';
import { AssignBody, Lead } from './schema.js';
import { leadJson } from './serialize.js';
import { updateLead } from './update.js';

const route = createRoute({
  method: 'post',
  path: '/{id}/assign',
  tags: ['leads'],
  summary: 'Assign a lead to a team member, or unassign it',
  description: '`user_id` must be an active member of your team (422 otherwise); null unassigns. With If-Match, only while the lead is unchanged.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, headers: IfMatchHeaders, body: jsonBody(AssignBody) },
  responses: {
    200: { ...jsonResponse(Lead, 'The lead with its new assignee'), headers: ETAG_HEADER },
    ...errors(400, 401, 403, 404, 412, 415, 422),
  },
});

export function registerAssignLead(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const row = await updateLead(c.get('db'), {
      teamId: c.get('user').teamId,
      id: c.req.valid('param').id,
      changes: { assigned_to: c.req.valid('json').user_id },
      ifMatch: c.req.valid('header')['if-match'],
      assigneePointer: '/user_id',
    });
    const lead = leadJson(row);
    await announce(c, 'lead.updated', lead);
    return c.json(lead, 200, { ETag: etagOf(row) });
  });
}
