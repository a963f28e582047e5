/**
 * GET /leads/{id}: one lead of the caller's team, with a strong ETag; a matching If-None-Match
 * answers 304 without a body. Another team's lead answers 404 like a missing one.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { leads } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, ETAG_HEADER, IdParams, IfNoneMatchHeaders, jsonResponse, NOT_MODIFIED_RESPONSE } from '../lib/openapi.js';
import { etagOf, isNotModified } from '../lib/preconditions.js';
import { findInTeam } from '../lib/team-scope.js';
import { Lead } from './schema.js';
import { leadJson } from './serialize.js';

const route = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['leads'],
  summary: 'Get a lead',
  description: 'With an ETag; If-None-Match answers 304 while it is current. Another team’s id is 404.',
  security: bearerAuth,
  request: { params: IdParams, headers: IfNoneMatchHeaders },
  responses: {
    200: { ...jsonResponse(Lead, 'The lead'), headers: ETAG_HEADER },
    304: NOT_MODIFIED_RESPONSE,
    ...errors(401, 404, 422),
  },
});

export function registerGetLead(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const row = await findInTeam(c.get('db'), leads, { teamId: c.get('user').teamId, id: c.req.valid('param').id }, { noun: 'lead' });
    const etag = etagOf(row);
    if (isNotModified(c.req.valid('header')['if-none-match'], row)) return c.body(null, 304, { ETag: etag });
    return c.json(leadJson(row), 200, { ETag: etag });
  });
}
