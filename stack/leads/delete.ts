/**
 * DELETE /leads/{id}: removes a lead with its activities and notes. Deals that referred to it
 * stay, without a lead (the foreign key sets it to null). Honours If-Match.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { leads } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, IfMatchHeaders } from '../lib/openapi.js';
import { deleteInTeam } from '../lib/team-scope.js';

const route = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['leads'],
  summary: 'Delete a lead with its activities and notes',
  description: 'Deals that referred to the lead keep existing, without a lead.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, headers: IfMatchHeaders },
  responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 412, 422) },
});

export function registerDeleteLead(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const ifMatch = c.req.valid('header')['if-match'];
    await deleteInTeam(c.get('db'), leads, { teamId: c.get('user').teamId, id }, { noun: 'lead', ifMatch });
    await announce(c, 'lead.deleted', { id });
    return c.body(null, 204);
  });
}
