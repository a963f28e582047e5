/**
 * PATCH /leads/{id}: change any field of a lead. Each change bumps `version` (the ETag) and
 * `updated_at`. `updateLead` also serves POST /leads/{id}/assign, which is the same write with
 * its own field. Both honour If-Match: a stale one is 412 and changes nothing.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../db/client.js';
import { leads } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, ETAG_HEADER, IdParams, IfMatchHeaders, jsonBody, jsonResponse } from '../lib/openapi.js';
import { etagOf, nextRevision } from '../lib/preconditions.js';
import { inTeam, lockInTeam } from '../lib/team-scope.js';
import { checkLeadReferences } from './references.js';
import { Lead, LeadUpdate } from './schema.js';
import { leadJson, leadValues } from './serialize.js';

export interface LeadUpdateOptions {
  teamId: string;
  id: string;
  changes: LeadUpdate;
  /** The request's If-Match header, if it sent one. */
  ifMatch?: string;
  /** Where the assignee sits in the body the caller sent (`/assigned_to` or `/user_id`). */
  assigneePointer?: string;
}

export async function updateLead(db: Db, options: LeadUpdateOptions): Promise<typeof leads.$inferSelect> {
  const { teamId, id, changes } = options;
  return db.transaction(async (tx) => {
    // A missing lead is reported before a stale If-Match, and both before anything wrong in the
    // body; the lock holds until the write, so If-Match is checked against what is overwritten.
    await lockInTeam(tx, leads, { teamId, id }, { noun: 'lead', ifMatch: options.ifMatch });
    await checkLeadReferences(tx, teamId, changes, options.assigneePointer);
    const [row] = await tx
      .update(leads)
      .set({ ...leadValues(changes), ...nextRevision(leads) })
      .where(inTeam(leads, { teamId, id }))
      .returning();
    return row;
  });
}

const route = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['leads'],
  summary: 'Update a lead',
  description: 'Send only the fields to change; null clears an optional field. With If-Match, only while the lead is unchanged (412 otherwise).',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, headers: IfMatchHeaders, body: jsonBody(LeadUpdate) },
  responses: {
    200: { ...jsonResponse(Lead, 'The updated lead'), headers: ETAG_HEADER },
    ...errors(400, 401, 403, 404, 412, 415, 422),
  },
});

export function registerUpdateLead(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const row = await updateLead(c.get('db'), {
      teamId: c.get('user').teamId,
      id: c.req.valid('param').id,
      changes: c.req.valid('json'),
      ifMatch: c.req.valid('header')['if-match'],
    });
    const lead = leadJson(row);
    await announce(c, 'lead.updated', lead);
    return c.json(lead, 200, { ETag: etagOf(row) });
  });
}
