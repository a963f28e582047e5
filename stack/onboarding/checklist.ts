/**
 * GET /onboarding/checklist: the caller's first steps, each computed from live data (the first
 * row that satisfies it), so a step ticks itself the moment the user does the thing, by the API,
 * the CLI's seed or any client; there is nothing to tick by hand and nothing to fall out of sync.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, isNotNull, min, ne } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { campaigns } from '../campaigns/tables.js';
import type { Db } from '../db/client.js';
import { deals, leadActivities, leads, properties, users } from '../db/schema.js';
import type { AppEnv, AuthUser } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { tasks } from '../workflow/tables.js';
import { Checklist } from './schema.js';
import { teamPipelineSettings } from './tables.js';

interface Step {
  id: string;
  title: string;
  description: string;
  how: string;
  /** When the first row satisfying the step was made, or null. */
  doneAt(db: Db, user: AuthUser): Promise<Date | null>;
}

async function firstAt(db: Db, table: PgTable, column: PgColumn, where: ReturnType<typeof and>): Promise<Date | null> {
  const [row] = await db.select({ at: min(column) }).from(table).where(where);
  return row?.at instanceof Date ? row.at : row?.at ? new Date(row.at as string) : null;
}

export const CHECKLIST_STEPS: readonly Step[] = [
  {
    id: 'create_property', title: 'Create a property', how: 'POST /properties',
    description: 'Add the first listing you are working on.',
    doneAt: (db, u) => firstAt(db, properties, properties.createdAt, and(eq(properties.teamId, u.teamId), eq(properties.createdBy, u.id))),
  },
  {
    id: 'add_lead', title: 'Add a lead', how: 'POST /leads',
    description: 'Capture a buyer or seller you are talking to.',
    doneAt: (db, u) => firstAt(db, leads, leads.createdAt, and(eq(leads.teamId, u.teamId), eq(leads.createdBy, u.id))),
  },
  {
    id: 'log_activity', title: 'Log an activity', how: 'POST /leads/{id}/activities',
    description: 'Record a call, email, text, meeting or showing with a lead.',
    doneAt: (db, u) => firstAt(db, leadActivities, leadActivities.createdAt, and(eq(leadActivities.teamId, u.teamId), eq(leadActivities.actorId, u.id))),
  },
  {
    id: 'create_deal', title: 'Create a deal', how: 'POST /deals',
    description: 'Open a deal when a lead and a property come together.',
    doneAt: (db, u) => firstAt(db, deals, deals.createdAt, and(eq(deals.teamId, u.teamId), eq(deals.createdBy, u.id))),
  },
  {
    id: 'create_task', title: 'Plan a task', how: 'POST /workflow/tasks',
    description: 'Put your next follow-up on the calendar.',
    doneAt: (db, u) => firstAt(db, tasks, tasks.createdAt, and(eq(tasks.teamId, u.teamId), eq(tasks.createdBy, u.id))),
  },
  {
    id: 'send_campaign', title: 'Send a campaign', how: 'POST /campaigns (or POST /campaigns/{id}/send for a draft)',
    description: 'Email a group of leads from a template.',
    doneAt: (db, u) => firstAt(db, campaigns, campaigns.sentAt, and(eq(campaigns.teamId, u.teamId), eq(campaigns.createdBy, u.id), isNotNull(campaigns.sentAt))),
  },
  {
    id: 'invite_teammate', title: 'Invite a teammate', how: 'POST /team/members',
    description: 'Work leads together: add an agent to your team.',
    doneAt: (db, u) => firstAt(db, users, users.createdAt, and(eq(users.teamId, u.teamId), ne(users.id, u.id))),
  },
  {
    id: 'choose_pipeline', title: 'Choose a pipeline preset', how: 'POST /onboarding/presets/{name}/apply',
    description: 'Start from stages, templates and contact rules made for the way you work.',
    doneAt: (db, u) => firstAt(db, teamPipelineSettings, teamPipelineSettings.updatedAt, eq(teamPipelineSettings.teamId, u.teamId)),
  },
];

const route = createRoute({
  method: 'get', path: '/checklist', tags: ['onboarding'], summary: 'Your onboarding checklist',
  description: `Steps: ${CHECKLIST_STEPS.map((s) => s.id).join(', ')}. Each is done when your data shows it (the team’s for inviting a teammate and choosing a preset); none is ticked by hand.`,
  security: bearerAuth,
  responses: { 200: jsonResponse(Checklist, 'The steps, done or not, and the next one'), ...errors(401) },
});

export function registerChecklist(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const user = c.get('user');
    const db = c.get('db');
    const dates = await Promise.all(CHECKLIST_STEPS.map((s) => s.doneAt(db, user)));
    const steps = CHECKLIST_STEPS.map((s, i) => ({ id: s.id, title: s.title, description: s.description, how: s.how, done: dates[i] !== null, done_at: dates[i]?.toISOString() ?? null }));
    const completed = steps.filter((s) => s.done).length;
    return c.json({
      user_id: user.id,
      steps,
      completed,
      total: steps.length,
      percent: Math.round((completed / steps.length) * 100),
      next_step: steps.find((s) => !s.done)?.id ?? null,
    }, 200);
  });
}
