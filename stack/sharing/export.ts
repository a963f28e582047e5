/**
 * GET /deal-rooms/{id}/export: the whole room as one zip, `manifest.json` (the room, its deal,
 * and each artifact's path, type, size and SHA-256) beside `artifacts/`. Written by the same
 * zip writer as the evidence packs (node:zlib, no extra dependency). An artifact whose bytes
 * are missing from storage is listed in the manifest with `missing: true` rather than dropped.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { zipPack } from '../../src/evidence/zip.js';
import { deals } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams } from '../lib/openapi.js';
import { findDealRoom } from './store.js';
import { dealRoomArtifacts } from './tables.js';

const route = createRoute({
  method: 'get',
  path: '/{id}/export',
  tags: ['sharing'],
  summary: 'Download a deal room as a zip',
  description: 'One folder named after the room holding manifest.json (room, deal, artifacts with SHA-256) and artifacts/<id>-<filename>.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: { description: 'The zip', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errors(401, 404) },
});

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'deal-room';

export function registerDealRoomExport(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const db = c.get('db');
    const teamId = c.get('user').teamId;
    const room = await findDealRoom(db, teamId, c.req.valid('param').id);
    const [[deal], rows] = await Promise.all([
      db.select().from(deals).where(and(eq(deals.id, room.dealId), eq(deals.teamId, teamId))).limit(1),
      db.select().from(dealRoomArtifacts).where(and(eq(dealRoomArtifacts.teamId, teamId), eq(dealRoomArtifacts.roomId, room.id))).orderBy(asc(dealRoomArtifacts.createdAt), asc(dealRoomArtifacts.id)),
    ]);
    const files: { path: string; data: Buffer }[] = [];
    const listed = [];
    for (const row of rows) {
      const path = `artifacts/${row.id.slice(0, 8)}-${row.filename}`;
      const stored = await c.get('storage').get(row.storageKey);
      if (stored) files.push({ path, data: Buffer.from(stored.body) });
      listed.push({ id: row.id, path: stored ? path : null, filename: row.filename, content_type: row.contentType, size: row.size, sha256: row.sha256, created_at: row.createdAt.toISOString(), ...(stored ? {} : { missing: true }) });
    }
    const exportedAt = new Date();
    const manifest = {
      room: { id: room.id, name: room.name, created_at: room.createdAt.toISOString() },
      deal: deal ? { id: deal.id, title: deal.title, status: deal.status, value: deal.value } : null,
      exported_at: exportedAt.toISOString(),
      artifacts: listed,
    };
    files.unshift({ path: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) });
    const name = slug(room.name);
    const zip = await zipPack(name, files, exportedAt);
    return c.body(new Uint8Array(zip), 200, {
      'Content-Type': 'application/zip',
      'Content-Length': String(zip.byteLength),
      'Content-Disposition': `attachment; filename="${name}.zip"`,
      'Cache-Control': 'private, no-store',
    }) as never;
  });
}
