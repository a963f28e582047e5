/**
 * Property images: upload (multipart), list, download, delete, on the properties router. The
 * upload is the API's one non-JSON body; `isImageUpload` lets the app-wide body limit and the
 * JSON-only check make that exception and no other.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { registerDeleteImage } from './delete.js';
import { registerReadImages } from './read.js';
import { registerUploadImage } from './upload.js';

export { propertyPrefix } from './store.js';

/** Room for the multipart envelope (boundaries, part headers) above IMAGE_MAX_BYTES. */
export const UPLOAD_OVERHEAD_BYTES = 64 * 1024;

const UPLOAD_PATH = /^\/properties\/[^/]+\/images\/?$/;

export function isImageUpload(method: string, path: string): boolean {
  return method === 'POST' && UPLOAD_PATH.test(path);
}

export function registerPropertyImages(app: OpenAPIHono<AppEnv>): void {
  registerUploadImage(app);
  registerReadImages(app);
  registerDeleteImage(app);
}
