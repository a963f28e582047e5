/**
 * The team's do-not-call list: POST /compliance/dnc (any usual spelling, stored `+digits`;
 * adding a listed number again answers 200 with the entry), GET /compliance/dnc, DELETE
 * /compliance/dnc/{id}, and GET /compliance/dnc/check?phone=. The send gate refuses SMS and
 * calls to a listed number.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { findInTeam } from '../lib/team-scope.js';
import { normalizePhone } from './phone.js';
import { DncCheck, DncCheckQuery, DncCreate, DncEntry, DncListQuery, DncPage } from './schema.js';
import { dncNumbers } from './tables.js';

const tags = ['compliance'];
type DncRow = typeof dncNumbers.$inferSelect;
export const dncJson = (r: DncRow) => ({ id: r.id, phone: r.phone, reason: r.reason, source: r.source, created_by: r.createdBy, created_at: r.createdAt.toISOString() });

const add = createRoute({
  method: 'post', path: '/dnc', tags, summary: 'Put a phone number on the do-not-call list',
  description: 'Normalised to `+` and digits (10 digits are taken as +1). Already listed: 200 with the existing entry. Junk is 422.',
  security: bearerAuth, middleware: [requireWriter()] as const, request: { body: jsonBody(DncCreate) },
  responses: { 201: jsonResponse(DncEntry, 'Listed'), 200: jsonResponse(DncEntry, 'Already listed'), ...errors(401, 403, 415, 422) },
});
const list = createRoute({ method: 'get', path: '/dnc', tags, summary: 'List the do-not-call numbers', description: 'Newest first; `phone` (any spelling) narrows to one number.', security: bearerAuth, request: { query: DncListQuery }, responses: { 200: jsonResponse(DncPage, 'Newest first'), ...errors(401, 422) } });
const check = createRoute({
  method: 'get', path: '/dnc/check', tags, summary: 'Is this number on the do-not-call list?', description: 'Normalises `phone` as the list does (10 digits are +1) and answers `listed` with the entry; 422 for something that is not a phone number.',
  security: bearerAuth, request: { query: DncCheckQuery }, responses: { 200: jsonResponse(DncCheck, 'The normalised number and its entry, if listed'), ...errors(401, 422) },
});
const remove = createRoute({
  method: 'delete', path: '/dnc/{id}', tags, summary: 'Take a number off the do-not-call list', description: 'SMS and calls to it are allowed again (unless another list blocks it). Another team’s entry is 404.',
  security: bearerAuth, middleware: [requireWriter()] as const, request: { params: IdParams }, responses: { 204: { description: 'Removed' }, ...errors(401, 403, 404) },
});

export function registerDnc(app: OpenAPIHono<AppEnv>): void {
  app.openapi(add, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const phone = normalizePhone(body.phone)!;
    const [created] = await c.get('db')
      .insert(dncNumbers)
      .values({ id: crypto.randomUUID(), teamId: user.teamId, phone, reason: body.reason ?? null, source: body.source ?? 'api', createdBy: user.id })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [existing] = await c.get('db').select().from(dncNumbers).where(and(eq(dncNumbers.teamId, user.teamId), eq(dncNumbers.phone, phone)));
      return c.json(dncJson(existing), 200);
    }
    await announce(c, 'compliance.dnc_added', dncJson(created));
    return c.json(dncJson(created), 201);
  });

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const phone = query.phone === undefined ? undefined : (normalizePhone(query.phone) ?? query.phone);
    const where = and(eq(dncNumbers.teamId, c.get('user').teamId), phone ? eq(dncNumbers.phone, phone) : undefined);
    return c.json(await listPage(c.get('db'), { table: dncNumbers, where, page: query, toItem: dncJson }), 200);
  });

  app.openapi(check, async (c) => {
    const phone = normalizePhone(c.req.valid('query').phone)!;
    const [entry] = await c.get('db').select().from(dncNumbers).where(and(eq(dncNumbers.teamId, c.get('user').teamId), eq(dncNumbers.phone, phone)));
    return c.json({ phone, listed: Boolean(entry), entry: entry ? dncJson(entry) : null }, 200);
  });

  app.openapi(remove, async (c) => {
    const teamId = c.get('user').teamId;
    const row = await findInTeam(c.get('db'), dncNumbers, { teamId, id: c.req.valid('param').id }, { noun: 'do-not-call entry' });
    await c.get('db').delete(dncNumbers).where(and(eq(dncNumbers.id, row.id), eq(dncNumbers.teamId, teamId)));
    await announce(c, 'compliance.dnc_removed', dncJson(row));
    return c.body(null, 204);
  });
}
