/**
 * The sharing domain: share links (authenticated management under /share-links, the public
 * read-only view under /s) and deal rooms with their artifacts and zip export. Writes need the
 * agent or admin role and are announced on the team's event feed. `isArtifactUpload` lets the
 * app's body limit and JSON-only check make room for the one multipart route here.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerShareLinkAnalytics } from './analytics.js';
import { ARTIFACT_MAX_BYTES, registerArtifacts } from './artifacts.js';
import { registerDealRooms } from './deal-rooms.js';
import { registerDealRoomExport } from './export.js';
import { publicShareRoutes } from './public.js';
import { registerShareLinks } from './share-links.js';

export { ARTIFACT_MAX_BYTES } from './artifacts.js';

const ARTIFACT_UPLOAD_PATH = /^\/deal-rooms\/[^/]+\/artifacts\/?$/;

export function isArtifactUpload(method: string, path: string): boolean {
  return method === 'POST' && ARTIFACT_UPLOAD_PATH.test(path);
}

/** The artifact route's body limit: the file plus room for the multipart envelope. */
export const ARTIFACT_UPLOAD_LIMIT = ARTIFACT_MAX_BYTES + 64 * 1024;

export function shareLinkRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  registerShareLinks(app);
  registerShareLinkAnalytics(app);
  return app;
}

/** GET /s/{code}: no `requireAuth`, on purpose; see public.ts. */
export function publicShareLinkRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  publicShareRoutes(app);
  return app;
}

export function dealRoomRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth());
  registerDealRooms(app);
  registerDealRoomExport(app);
  registerArtifacts(app);
  return app;
}
