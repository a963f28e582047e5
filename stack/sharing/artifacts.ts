/**
 * Artifacts of a deal room: POST /deal-rooms/{id}/artifacts (multipart, field `file`, any
 * document up to ARTIFACT_MAX_BYTES), GET .../artifacts (list), GET .../artifacts/{artifactId}
 * (the bytes, always as an attachment: a shared HTML file must not run in the API's origin),
 * DELETE .../artifacts/{artifactId}. Object first, row after; a failed row removes the object.
 */
import crypto from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, count, desc, eq } from 'drizzle-orm';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { invalidRequest } from '../lib/validation.js';
import { Artifact, ArtifactListQuery, ArtifactPage, ArtifactParams, UploadArtifactForm } from './schema.js';
import { artifactJson, artifactKey, findArtifact, findDealRoom } from './store.js';
import { dealRoomArtifacts } from './tables.js';

/** Deal documents (scans, PDFs, spreadsheets) stay well under this; the app's body limit for the route follows it. */
export const ARTIFACT_MAX_BYTES = 10 * 1024 * 1024;

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

const uploadDef = createRoute({
  method: 'post',
  path: '/{id}/artifacts',
  tags: ['sharing'],
  summary: 'Upload a document to a deal room (multipart/form-data, field `file`)',
  description: `Any file type, at most ${ARTIFACT_MAX_BYTES} bytes (10 MiB); stored in the object store with its SHA-256. Honours Idempotency-Key.`,
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, body: { required: true, content: { 'multipart/form-data': { schema: UploadArtifactForm } } } },
  responses: {
    201: { ...jsonResponse(Artifact, 'The stored artifact'), headers: { Location: { description: 'Download URL', schema: { type: 'string' } } } },
    ...errors(400, 401, 403, 404, 413, 415, 422),
  },
});

const listDef = createRoute({
  method: 'get',
  path: '/{id}/artifacts',
  tags: ['sharing'],
  summary: 'List a deal room’s artifacts',
  description: 'Newest first: filename, content type, size and SHA-256 of each document. Another team’s room is a 404.',
  security: bearerAuth,
  request: { params: IdParams, query: ArtifactListQuery },
  responses: { 200: jsonResponse(ArtifactPage, 'Artifacts, newest first'), ...errors(401, 404, 422) },
});

const downloadDef = createRoute({
  method: 'get',
  path: '/{id}/artifacts/{artifactId}',
  tags: ['sharing'],
  summary: 'Download an artifact',
  description: 'Always sent as an attachment (Content-Disposition) with its stored content type and the SHA-256 as ETag, so a shared HTML file never runs in the API’s origin. An unknown artifact, another team’s room or bytes gone from storage is a 404.',
  security: bearerAuth,
  request: { params: ArtifactParams },
  responses: { 200: { description: 'The bytes, as an attachment', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errors(401, 404) },
});

const deleteDef = createRoute({
  method: 'delete',
  path: '/{id}/artifacts/{artifactId}',
  tags: ['sharing'],
  summary: 'Delete an artifact',
  description: 'Removes the row, then the stored bytes, and announces deal_room.artifact_deleted. Another team’s room or artifact is a 404.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: ArtifactParams },
  responses: { 204: { description: 'Deleted, row and bytes' }, ...errors(401, 403, 404) },
});

/** A file name safe to echo in a header: the client's base name, or one made from the id. */
function safeFilename(name: string | undefined, id: string): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[^A-Za-z0-9._ -]/g, '_').trim().slice(0, 200);
  return base && base !== '.' && base !== '..' ? base : `artifact-${id}`;
}

export function registerArtifacts(app: OpenAPIHono<AppEnv>): void {
  app.openapi(uploadDef, async (c) => {
    const user = c.get('user');
    const room = await findDealRoom(c.get('db'), user.teamId, c.req.valid('param').id);
    const file = (c.req.valid('form') as { file?: unknown }).file;
    if (!(file instanceof File)) throw invalidRequest('The upload needs one file part named `file`.', [{ detail: 'must be a file', pointer: '/file' }]);
    if (file.size > ARTIFACT_MAX_BYTES) throw new ProblemError(413, { detail: `The file is ${file.size} bytes; a deal room artifact is at most ${ARTIFACT_MAX_BYTES} bytes.` });
    if (file.size === 0) throw invalidRequest('The file is empty.', [{ detail: 'must not be empty', pointer: '/file' }]);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const declared = (file.type || '').split(';')[0].trim().toLowerCase();
    const contentType = MEDIA_TYPE.test(declared) ? declared : 'application/octet-stream';
    const id = crypto.randomUUID();
    const key = artifactKey(user.teamId, room.id, id);
    const storage = c.get('storage');
    await storage.put(key, bytes, { contentType });
    let row;
    try {
      [row] = await c
        .get('db')
        .insert(dealRoomArtifacts)
        .values({ id, teamId: user.teamId, roomId: room.id, filename: safeFilename(file.name, id), contentType, size: bytes.byteLength, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), storageKey: key, createdBy: user.id })
        .returning();
    } catch (error) {
      await storage.delete(key).catch(() => undefined);
      throw error;
    }
    const artifact = artifactJson(row);
    await announce(c, 'deal_room.artifact_added', artifact);
    return c.json(artifact, 201, { Location: artifact.url });
  });

  app.openapi(listDef, async (c) => {
    const teamId = c.get('user').teamId;
    const room = await findDealRoom(c.get('db'), teamId, c.req.valid('param').id);
    const { limit, offset } = c.req.valid('query');
    const where = and(eq(dealRoomArtifacts.teamId, teamId), eq(dealRoomArtifacts.roomId, room.id));
    const [rows, [{ total }]] = await Promise.all([
      c.get('db').select().from(dealRoomArtifacts).where(where).orderBy(desc(dealRoomArtifacts.createdAt), desc(dealRoomArtifacts.id)).limit(limit).offset(offset),
      c.get('db').select({ total: count() }).from(dealRoomArtifacts).where(where),
    ]);
    return c.json({ items: rows.map(artifactJson), total, limit, offset, next_cursor: null }, 200);
  });

  app.openapi(downloadDef, async (c) => {
    const teamId = c.get('user').teamId;
    const { id, artifactId } = c.req.valid('param');
    const room = await findDealRoom(c.get('db'), teamId, id);
    const row = await findArtifact(c.get('db'), { teamId, roomId: room.id, id: artifactId });
    const stored = await c.get('storage').get(row.storageKey);
    if (!stored) throw new ProblemError(404, { detail: `The bytes of artifact ${row.id} are no longer in storage.` });
    return c.body(stored.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': row.contentType,
      'Content-Length': String(stored.size),
      ETag: `"${row.sha256}"`,
      'Cache-Control': 'private, max-age=0',
      'Content-Disposition': `attachment; filename="${row.filename.replace(/"/g, '_')}"`,
    }) as never;
  });

  app.openapi(deleteDef, async (c) => {
    const teamId = c.get('user').teamId;
    const { id, artifactId } = c.req.valid('param');
    const room = await findDealRoom(c.get('db'), teamId, id);
    const row = await findArtifact(c.get('db'), { teamId, roomId: room.id, id: artifactId });
    await c.get('db').delete(dealRoomArtifacts).where(and(eq(dealRoomArtifacts.id, row.id), eq(dealRoomArtifacts.teamId, teamId)));
    // The row is gone first: a failed object delete leaves an orphan file, never a row without bytes.
    await c.get('storage').delete(row.storageKey).catch((err: unknown) => c.get('logger').warn({ err, key: row.storageKey }, 'artifact object not deleted'));
    await announce(c, 'deal_room.artifact_deleted', { id: row.id, room_id: room.id });
    return c.body(null, 204);
  });
}
