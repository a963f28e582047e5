/**
 * DELETE /deals/{id}: removes a deal and its history. Honours If-Match.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { deals } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, IfMatchHeaders } from '../lib/openapi.js';
import { deleteInTeam } from '../lib/team-scope.js';

const route = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['deals'],
  summary: 'Delete a deal and its history',
  description: 'Admins and agents; with If-Match, only while the deal is unchanged (412 otherwise).',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, headers: IfMatchHeaders },
  responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 412, 422) },
});

export function registerDeleteDeal(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const ifMatch = c.req.valid('header')['if-match'];
    await deleteInTeam(c.get('db'), deals, { teamId: c.get('user').teamId, id }, { noun: 'deal', ifMatch });
    await announce(c, 'deal.deleted', { id });
    return c.body(null, 204);
  });
}
