/**
 * GET /properties/{id}/images (the property's images, newest first) and
 * GET /properties/{id}/images/{imageId} (the bytes, with Content-Type, Content-Length and the
 * SHA-256 as a strong ETag).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, count, desc, eq } from 'drizzle-orm';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { findProperty } from '../properties/store.js';
import { ImageListQuery, ImagePage, ImageParams } from './schema.js';
import { findImage, toImageJson } from './store.js';
import { propertyImages } from './tables.js';

const listRoute = createRoute({
  method: 'get',
  path: '/{id}/images',
  tags: ['properties'],
  summary: 'List a property’s images',
  description: 'Metadata (content type, size, dimensions), newest first; download each with its own URL.',
  security: bearerAuth,
  request: { params: IdParams, query: ImageListQuery },
  responses: { 200: jsonResponse(ImagePage, 'Images, newest first'), ...errors(401, 404, 422) },
});

const downloadRoute = createRoute({
  method: 'get',
  path: '/{id}/images/{imageId}',
  tags: ['properties'],
  summary: 'Download an image',
  description: 'The bytes as stored, with their content type.',
  security: bearerAuth,
  request: { params: ImageParams },
  responses: {
    200: {
      description: 'The image bytes',
      content: Object.fromEntries(['image/jpeg', 'image/png', 'image/webp', 'image/gif'].map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }])),
    },
    ...errors(401, 404),
  },
});

export function registerReadImages(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async (c) => {
    const user = c.get('user');
    const property = await findProperty(c.get('db'), user, c.req.valid('param').id);
    const { limit, offset } = c.req.valid('query');
    const where = and(eq(propertyImages.teamId, user.teamId), eq(propertyImages.propertyId, property.id));
    const [rows, [{ total }]] = await Promise.all([
      c.get('db').select().from(propertyImages).where(where).orderBy(desc(propertyImages.createdAt), desc(propertyImages.id)).limit(limit).offset(offset),
      c.get('db').select({ total: count() }).from(propertyImages).where(where),
    ]);
    return c.json({ items: rows.map(toImageJson), total, limit, offset, next_cursor: null }, 200);
  });
  app.openapi(downloadRoute, async (c) => {
    const user = c.get('user');
    const { id, imageId } = c.req.valid('param');
    const property = await findProperty(c.get('db'), user, id);
    const row = await findImage(c.get('db'), { teamId: user.teamId, propertyId: property.id, id: imageId });
    const stored = await c.get('storage').get(row.storageKey);
    if (!stored) throw new ProblemError(404, { detail: `The bytes of image ${row.id} are no longer in storage.` });
    return c.body(stored.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': row.contentType,
      'Content-Length': String(stored.size),
      ETag: `"${row.sha256}"`,
      'Cache-Control': 'private, max-age=0',
      'Content-Disposition': `inline; filename="${row.filename.replace(/"/g, '_')}"`,
    }) as never;
  });
}
