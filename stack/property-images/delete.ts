/** DELETE /properties/{id}/images/{imageId}: removes the row, then the object; 204. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors } from '../lib/openapi.js';
import { findProperty } from '../properties/store.js';
import { ImageParams } from './schema.js';
import { findImage } from './store.js';
import { propertyImages } from './tables.js';

const route = createRoute({
  method: 'delete',
  path: '/{id}/images/{imageId}',
  tags: ['properties'],
  summary: 'Delete an image',
  description: 'Removes the stored object and its record; another team’s property or image is 404.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: ImageParams },
  responses: { 204: { description: 'Deleted, bytes included' }, ...errors(401, 403, 404) },
});

export function registerDeleteImage(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const user = c.get('user');
    const { id, imageId } = c.req.valid('param');
    const property = await findProperty(c.get('db'), user, id);
    const row = await findImage(c.get('db'), { teamId: user.teamId, propertyId: property.id, id: imageId });
    await c.get('db').delete(propertyImages).where(eq(propertyImages.id, row.id));
    // The row is gone first: a failure below leaves an unreferenced object, never a row without bytes.
    await c.get('storage').delete(row.storageKey).catch((error: unknown) => c.get('logger').warn({ err: error, key: row.storageKey }, 'image object not removed'));
    await announce(c, 'property.image_deleted', { id: row.id, property_id: property.id });
    return c.body(null, 204);
  });
}
