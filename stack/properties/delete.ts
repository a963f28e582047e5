/**
 * DELETE /properties/{id}: removes a property and, by cascade, its timeline; the team's live
 * stream gets `property.deleted`. Honours If-Match.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { properties } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, IfMatchHeaders } from '../lib/openapi.js';
import { deleteInTeam } from '../lib/team-scope.js';
import { propertyPrefix } from '../property-images/store.js';

/** The rows went with the property (cascade); its stored files (images) go now. A failure is logged, not returned. */
async function removePropertyFiles(c: Context<AppEnv>, id: string): Promise<void> {
  const storage = c.get('storage');
  try {
    for (const key of await storage.list(propertyPrefix(c.get('user').teamId, id))) await storage.delete(key);
  } catch (error) {
    c.get('logger').warn({ err: error, property_id: id }, 'files of a deleted property not removed');
  }
}

const route = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['properties'],
  summary: 'Delete a property and its timeline',
  description: 'With If-Match, only while the property is unchanged (412 otherwise). Its images are deleted too.',
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
    await removePropertyFiles(c, id);
    await announce(c, 'property.deleted', { id });
    return c.body(null, 204);
  });
}
