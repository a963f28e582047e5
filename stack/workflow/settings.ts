/**
 * GET and PUT /workflow/settings: the team's auto-assign on reply toggle and strategy. A team
 * that never set them has auto-assign off (round_robin if turned on without a strategy).
 * PUT is admin-only (it changes how the whole team's leads are handed out) and announced as
 * workflow.settings_updated.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { announce } from '../events/announce.js';
import { requireRole } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { readSettings, type WorkflowSettingsRow } from './auto-assign.js';
import { WorkflowSettings, WorkflowSettingsBody } from './schema.js';
import { workflowSettings } from './tables.js';

const tags = ['workflow'];

const get = createRoute({
  method: 'get', path: '/settings', tags, summary: 'Get the team’s workflow settings',
  description: 'Whether unassigned leads are auto-assigned when they reply, and by which strategy; a team that never set them gets auto-assign off with round_robin and updated_at null.', security: bearerAuth,
  responses: { 200: jsonResponse(WorkflowSettings, 'The settings (defaults until an admin sets them)'), ...errors(401) },
});
const put = createRoute({
  method: 'put', path: '/settings', tags, summary: 'Turn auto-assign on reply on or off and pick its strategy',
  description: 'When on, a lead that replies by SMS or email while unassigned is assigned to an active agent or admin by the strategy, and the assignment is recorded as a lead activity. Admins only.',
  security: bearerAuth, middleware: [requireRole('admin')] as const,
  request: { body: jsonBody(WorkflowSettingsBody) },
  responses: { 200: jsonResponse(WorkflowSettings, 'The saved settings'), ...errors(401, 403, 415, 422) },
});

function settingsJson(row: WorkflowSettingsRow | undefined) {
  return {
    auto_assign_on_reply: row?.autoAssignOnReply ?? false,
    strategy: (row?.strategy ?? 'round_robin') as 'round_robin' | 'least_loaded',
    updated_at: row ? row.updatedAt.toISOString() : null,
  };
}

export function registerSettings(app: OpenAPIHono<AppEnv>): void {
  app.openapi(get, async (c) => c.json(settingsJson(await readSettings(c.get('db'), c.get('user').teamId)), 200));

  app.openapi(put, async (c) => {
    const { teamId } = c.get('user');
    const body = c.req.valid('json');
    const values = { autoAssignOnReply: body.auto_assign_on_reply, strategy: body.strategy, updatedAt: new Date() };
    const [row] = await c.get('db').insert(workflowSettings).values({ teamId, ...values }).onConflictDoUpdate({ target: workflowSettings.teamId, set: values }).returning();
    const settings = settingsJson(row);
    await announce(c, 'workflow.settings_updated', settings);
    return c.json(settings, 200);
  });
}
