/**
 * DELETE /properties/{id}: removes a property and, by cascade, its timeline; the team's live
 * stream gets `property.deleted`. Honours If-Match.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { properties } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, IfMatchHeaders } from '../lib/openapi.js';
import { deleteInTeam } from '../lib/team-scope.js';

const route = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['properties'],
  summary: 'Delete a property and its timeline',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, headers: IfMatchHeaders },
  responses: {
    204: { description: 'Deleted' },
    ...errors(401, 403, 404, 412, 422),
  },
});

export function registerDeleteProperty(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const ifMatch = c.req.valid('header')['if-match'];
    await deleteInTeam(c.get('db'), properties, { teamId: c.get('user').teamId, id }, { noun: 'property', ifMatch });
    await announce(c, 'property.deleted', { id });
    return c.body(null, 204);
  });
}
