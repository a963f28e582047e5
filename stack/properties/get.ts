/**
 * GET /properties/{id}: one property of the caller's team, with a strong ETag; a matching
 * If-None-Match answers 304 without a body.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, ETAG_HEADER, IdParams, IfNoneMatchHeaders, jsonResponse, NOT_MODIFIED_RESPONSE } from '../lib/openapi.js';
import { etagOf, isNotModified } from '../lib/preconditions.js';
import { PropertySchema } from './schema.js';
import { toPropertyJson } from './serialize.js';
import { findProperty } from './store.js';

const route = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['properties'],
  summary: 'Get a property',
  description: 'With an ETag; If-None-Match answers 304 while it is current. Another team’s id is 404.',
  security: bearerAuth,
  request: { params: IdParams, headers: IfNoneMatchHeaders },
  responses: {
    200: { ...jsonResponse(PropertySchema, 'The property'), headers: ETAG_HEADER },
    304: NOT_MODIFIED_RESPONSE,
    ...errors(401, 404, 422),
  },
});

export function registerGetProperty(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const row = await findProperty(c.get('db'), c.get('user'), c.req.valid('param').id);
    const etag = etagOf(row);
    if (isNotModified(c.req.valid('header')['if-none-match'], row)) return c.body(null, 304, { ETag: etag });
    return c.json(toPropertyJson(row), 200, { ETag: etag });
  });
}
