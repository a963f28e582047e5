/**
 * The sharing routes in the OpenAPI document, mounted as app.ts mounts them: every operation
 * tagged `sharing` with a summary, bearer auth on all but the public /s routes, which have none.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { dealRoomRoutes, publicShareLinkRoutes, shareLinkRoutes } from './index.js';

describe('sharing in the OpenAPI document', () => {
  it('documents every operation, public ones without security', () => {
    const doc = new OpenAPIHono()
      .route('/share-links', shareLinkRoutes())
      .route('/s', publicShareLinkRoutes())
      .route('/deal-rooms', dealRoomRoutes())
      .getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'sharing', version: '0' } });
    const operations = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) => Object.entries(ops as Record<string, { tags: string[]; summary: string; security?: unknown }>).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));
    expect(operations.map((o) => o.key).sort()).toEqual([
      'DELETE /deal-rooms/{id}/artifacts/{artifactId}',
      'GET /deal-rooms',
      'GET /deal-rooms/{id}',
      'GET /deal-rooms/{id}/artifacts',
      'GET /deal-rooms/{id}/artifacts/{artifactId}',
      'GET /deal-rooms/{id}/export',
      'GET /s/{code}',
      'GET /s/{code}/artifacts/{artifactId}',
      'GET /share-links',
      'GET /share-links/{id}',
      'GET /share-links/{id}/analytics',
      'POST /deal-rooms',
      'POST /deal-rooms/{id}/artifacts',
      'POST /share-links',
      'POST /share-links/{id}/revoke',
    ]);
    for (const { key, op } of operations) {
      expect(op.tags, key).toEqual(['sharing']);
      expect(op.summary.length, key).toBeGreaterThan(5);
      expect(op.security, key).toEqual(key.includes(' /s/') ? undefined : [{ bearerAuth: [] }]);
    }
  });
});
