/**
 * POST /properties/{id}/images: multipart/form-data with one `file` part. The type is decided
 * by the bytes (JPEG, PNG, WebP, GIF; anything else 415, as is a declared image type the bytes
 * contradict); more than IMAGE_MAX_BYTES is 413. The object is stored first and the row written
 * after; if the row cannot be written the object is removed, so neither is left alone.
 */
import crypto from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { invalidRequest } from '../lib/validation.js';
import { findProperty } from '../properties/store.js';
import { detectImageType, EXTENSIONS, IMAGE_TYPES } from './magic.js';
import { ImageSchema, UploadImageForm } from './schema.js';
import { imageKey, toImageJson } from './store.js';
import { propertyImages } from './tables.js';

const route = createRoute({
  method: 'post',
  path: '/{id}/images',
  tags: ['properties'],
  summary: 'Upload an image of a property (multipart/form-data, field `file`)',
  description: `Accepts ${IMAGE_TYPES.join(', ')}, recognised by their bytes; at most IMAGE_MAX_BYTES (5 MiB by default). The one route that takes a non-JSON body. Honours Idempotency-Key (the fingerprint covers the parts, not the boundary).`,
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, body: { required: true, content: { 'multipart/form-data': { schema: UploadImageForm } } } },
  responses: {
    201: { ...jsonResponse(ImageSchema, 'The stored image'), headers: { Location: { description: 'Download URL', schema: { type: 'string' } } } },
    ...errors(400, 401, 403, 404, 413, 415, 422),
  },
});

/** A file name safe to echo in a header: the client's base name, or one made from the id. */
function safeFilename(name: string | undefined, id: string, ext: string): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[^A-Za-z0-9._ -]/g, '_').trim().slice(0, 200);
  return base && base !== '.' && base !== '..' ? base : `${id}.${ext}`;
}

export function registerUploadImage(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    route,
    async (c) => {
      const user = c.get('user');
      const { id } = c.req.valid('param');
      const property = await findProperty(c.get('db'), user, id);
      const file = (c.req.valid('form') as { file?: unknown }).file;
      if (!(file instanceof File)) throw invalidRequest('The upload needs one file part named `file`.', [{ detail: 'must be a file', pointer: '/file' }]);
      const max = c.get('config').imageMaxBytes;
      if (file.size > max) throw new ProblemError(413, { detail: `The image is ${file.size} bytes; the limit is ${max} bytes (IMAGE_MAX_BYTES).` });
      if (file.size === 0) throw invalidRequest('The file is empty.', [{ detail: 'must not be empty', pointer: '/file' }]);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const detected = detectImageType(bytes);
      const declared = (file.type || '').split(';')[0].trim().toLowerCase();
      if (!detected) {
        throw new ProblemError(415, { detail: `The file is not an image this API accepts (${IMAGE_TYPES.join(', ')}), whatever its declared type${declared ? ` (${declared})` : ''}.`, headers: { 'Accept-Post': 'multipart/form-data' } });
      }
      if (declared.startsWith('image/') && declared !== detected) {
        throw new ProblemError(415, { detail: `The file was declared ${declared} but its bytes are ${detected}.` });
      }
      const imageId = crypto.randomUUID();
      const key = imageKey(user.teamId, property.id, imageId);
      const storage = c.get('storage');
      await storage.put(key, bytes, { contentType: detected });
      let row;
      try {
        [row] = await c
          .get('db')
          .insert(propertyImages)
          .values({
            id: imageId,
            teamId: user.teamId,
            propertyId: property.id,
            filename: safeFilename(file.name, imageId, EXTENSIONS[detected]),
            contentType: detected,
            size: bytes.byteLength,
            sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
            storageKey: key,
            createdBy: user.id,
          })
          .returning();
      } catch (error) {
        await storage.delete(key).catch(() => undefined);
        throw error;
      }
      const image = toImageJson(row);
      await announce(c, 'property.image_added', image);
      return c.json(image, 201, { Location: image.url });
    },
  );
}
