/**
 * Deal rooms: a named set of documents around one deal (POST /deal-rooms, GET /deal-rooms,
 * GET /deal-rooms/{id}); the documents are its artifacts (artifacts.ts), the whole room
 * downloads as a zip (export.ts) and can be shared read-only through a share link.
 */
import crypto from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deals } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { isStorableText } from '../lib/text.js';
import { invalidRequest } from '../lib/validation.js';
import { DealRoom, DealRoomCreate, DealRoomListQuery, DealRoomPage } from './schema.js';
import { findDealRoom, type DealRoomRow } from './store.js';
import { dealRoomArtifacts, dealRooms } from './tables.js';

const createDef = createRoute({
  method: 'post',
  path: '/',
  tags: ['sharing'],
  summary: 'Open a deal room for a deal',
  description: 'A place for the deal’s documents (inspection, title, disclosures ...): upload artifacts, export the room as a zip, share it with a link.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(DealRoomCreate) },
  responses: { 201: { ...jsonResponse(DealRoom, 'The new room'), headers: { Location: { description: 'The room', schema: { type: 'string' } } } }, ...errors(401, 403, 415, 422) },
});

const listDef = createRoute({
  method: 'get',
  path: '/',
  tags: ['sharing'],
  summary: 'List deal rooms',
  description: 'Newest first, each with its artifact count; `deal_id` narrows to one deal’s rooms.',
  security: bearerAuth,
  request: { query: DealRoomListQuery },
  responses: { 200: jsonResponse(DealRoomPage, 'A page of rooms, newest first'), ...errors(401, 422) },
});

const getDef = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['sharing'],
  summary: 'Get a deal room',
  description: 'The room with its deal and artifact count. Another team’s room is a 404.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(DealRoom, 'The room'), ...errors(401, 404) },
});

async function artifactCounts(db: Db, teamId: string, roomIds: string[]): Promise<Map<string, number>> {
  if (roomIds.length === 0) return new Map();
  const rows = await db
    .select({ roomId: dealRoomArtifacts.roomId, n: count() })
    .from(dealRoomArtifacts)
    .where(and(eq(dealRoomArtifacts.teamId, teamId), inArray(dealRoomArtifacts.roomId, roomIds)))
    .groupBy(dealRoomArtifacts.roomId);
  return new Map(rows.map((r) => [r.roomId, r.n]));
}

export function dealRoomJson(row: DealRoomRow, artifactCount: number) {
  return { id: row.id, deal_id: row.dealId, name: row.name, artifact_count: artifactCount, created_by: row.createdBy, created_at: row.createdAt.toISOString() };
}

export function registerDealRooms(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createDef, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const db = c.get('db');
    const [deal] = isStorableText(body.deal_id) ? await db.select({ id: deals.id }).from(deals).where(and(eq(deals.id, body.deal_id), eq(deals.teamId, user.teamId))).limit(1) : [];
    if (!deal) throw invalidRequest('The body refers to something that does not exist in your team.', [{ detail: `No deal with id ${body.deal_id} in your team.`, pointer: '/deal_id' }]);
    const [row] = await db.insert(dealRooms).values({ id: crypto.randomUUID(), teamId: user.teamId, dealId: deal.id, name: body.name, createdBy: user.id }).returning();
    const room = dealRoomJson(row, 0);
    await announce(c, 'deal_room.created', room);
    return c.json(room, 201, { Location: `/deal-rooms/${row.id}` });
  });

  app.openapi(listDef, async (c) => {
    const query = c.req.valid('query');
    const teamId = c.get('user').teamId;
    const where = and(eq(dealRooms.teamId, teamId), query.deal_id === undefined ? undefined : eq(dealRooms.dealId, query.deal_id));
    const page = await listPage(c.get('db'), { table: dealRooms, where, page: query, toItem: (row) => row });
    const counts = await artifactCounts(c.get('db'), teamId, page.items.map((r) => r.id));
    return c.json({ ...page, items: page.items.map((r) => dealRoomJson(r, counts.get(r.id) ?? 0)) }, 200);
  });

  app.openapi(getDef, async (c) => {
    const teamId = c.get('user').teamId;
    const row = await findDealRoom(c.get('db'), teamId, c.req.valid('param').id);
    const counts = await artifactCounts(c.get('db'), teamId, [row.id]);
    return c.json(dealRoomJson(row, counts.get(row.id) ?? 0), 200);
  });
}
