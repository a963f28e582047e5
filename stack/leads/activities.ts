/**
 * POST and GET /leads/{id}/activities: the touch points with a lead (calls, emails, showings).
 * The first call, email, sms or meeting on a `new` lead moves it to `contacted`, in the same
 * transaction as the activity, so the status never disagrees with the history. Since recording
 * one may write the lead, POST honours an If-Match carrying the lead's ETag, as PATCH does.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { leadActivities, leads } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv, AuthUser } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, IfMatchHeaders, jsonBody, jsonResponse } from '../lib/openapi.js';
import { PageQuery } from '../lib/pagination.js';
import { nextRevision } from '../lib/preconditions.js';
import { findInTeam, inTeam, lockInTeam } from '../lib/team-scope.js';
import { Activity, ActivityCreate, ActivityPage, CONTACT_ACTIVITY_TYPES } from './schema.js';
import { activityJson, leadJson } from './serialize.js';

const CONTACT_TYPES: ReadonlySet<string> = new Set(CONTACT_ACTIVITY_TYPES);

const createActivityRoute = createRoute({
  method: 'post',
  path: '/{id}/activities',
  tags: ['leads'],
  summary: 'Record an activity on a lead',
  description: [
    `A first ${CONTACT_ACTIVITY_TYPES.join(', ')} on a lead in status \`new\` moves it to \`contacted\`.`,
    'With If-Match (the lead’s ETag), the activity is recorded only while the lead is unchanged.',
  ].join(' '),
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, headers: IfMatchHeaders, body: jsonBody(ActivityCreate) },
  responses: {
    201: { ...jsonResponse(Activity, 'The recorded activity'), headers: z.object({ Location: z.string() }) },
    ...errors(400, 401, 403, 404, 412, 415, 422),
  },
});

const listActivitiesRoute = createRoute({
  method: 'get',
  path: '/{id}/activities',
  tags: ['leads'],
  summary: 'List a lead’s activities',
  description: 'Calls, emails, SMS, meetings, showings and notes logged on the lead, with cursor or offset paging.',
  security: bearerAuth,
  request: { params: IdParams, query: PageQuery },
  responses: { 200: jsonResponse(ActivityPage, 'A page of activities, newest first'), ...errors(401, 404, 422) },
});

interface ActivityRequest {
  leadId: string;
  body: z.infer<typeof ActivityCreate>;
  ifMatch: string | undefined;
}

async function recordActivity(db: Db, user: AuthUser, request: ActivityRequest) {
  const { leadId, body } = request;
  return db.transaction(async (tx) => {
    // Locked so two first calls at once move the status once and both see the same lead.
    const lead = await lockInTeam(tx, leads, { teamId: user.teamId, id: leadId }, { noun: 'lead', ifMatch: request.ifMatch });
    const [activity] = await tx
      .insert(leadActivities)
      .values({ id: crypto.randomUUID(), teamId: user.teamId, leadId, actorId: user.id, type: body.type, note: body.note, outcome: body.outcome })
      .returning();
    if (lead.status !== 'new' || !CONTACT_TYPES.has(body.type)) return { activity, contacted: undefined };
    const [contacted] = await tx
      .update(leads)
      .set({ status: 'contacted', ...nextRevision(leads) })
      .where(inTeam(leads, { teamId: user.teamId, id: leadId }))
      .returning();
    return { activity, contacted };
  });
}

export function registerActivities(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createActivityRoute, async (c) => {
    const leadId = c.req.valid('param').id;
    const request = { leadId, body: c.req.valid('json'), ifMatch: c.req.valid('header')['if-match'] };
    const { activity, contacted } = await recordActivity(c.get('db'), c.get('user'), request);
    if (contacted) await announce(c, 'lead.updated', leadJson(contacted));
    return c.json(activityJson(activity), 201, { Location: `/leads/${leadId}/activities` });
  });

  app.openapi(listActivitiesRoute, async (c) => {
    const { teamId } = c.get('user');
    const db = c.get('db');
    const lead = await findInTeam(db, leads, { teamId, id: c.req.valid('param').id }, { noun: 'lead' });
    const page = await listPage(db, {
      table: leadActivities,
      where: and(eq(leadActivities.teamId, teamId), eq(leadActivities.leadId, lead.id)),
      page: c.req.valid('query'),
      toItem: activityJson,
    });
    return c.json(page, 200);
  });
}
