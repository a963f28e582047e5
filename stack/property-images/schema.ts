/** Zod schemas of the property images API. */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { pageSchema, PageQuery } from '../lib/pagination.js';
import { IMAGE_TYPES } from './magic.js';

export const ImageParams = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, description: 'The property id' }),
  imageId: z.string().min(1).openapi({ param: { name: 'imageId', in: 'path' }, description: 'The image id' }),
});

export const UploadImageForm = z
  .object({
    file: z.any().openapi({ type: 'string', format: 'binary', description: `The image: ${IMAGE_TYPES.join(', ')} (checked by its bytes), at most IMAGE_MAX_BYTES (5 MiB)` }),
  })
  .openapi('UploadImage');

export const ImageSchema = z
  .object({
    id: z.string(),
    property_id: z.string(),
    filename: z.string(),
    content_type: z.enum(IMAGE_TYPES),
    size: z.number().int(),
    sha256: z.string().openapi({ description: 'SHA-256 of the bytes, hex' }),
    created_at: Timestamp,
    url: z.string().openapi({ description: 'Where to download it (same auth)' }),
  })
  .openapi('PropertyImage');

export const ImagePage = pageSchema(ImageSchema, 'PropertyImagePage');
export const ImageListQuery = PageQuery.pick({ limit: true, offset: true });
