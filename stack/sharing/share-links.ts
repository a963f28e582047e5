/**
 * Share links: POST /share-links (a short, unguessable code for one property or deal room,
 * showing only the fields chosen), GET /share-links (filter by resource), GET /share-links/{id},
 * POST /share-links/{id}/revoke (the public view answers 410 from then on).
 */
import crypto from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { isUniqueViolation } from '../lib/database-errors.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { invalidRequest } from '../lib/validation.js';
import { SHAREABLE_FIELDS, ShareLink, ShareLinkCreate, ShareLinkListQuery, ShareLinkPage } from './schema.js';
import { checkShareable, findShareLink, newShareCode, shareLinkJson } from './store.js';
import { shareLinks } from './tables.js';

const DEFAULT_EXPIRY_DAYS = 30;
const DAY_MS = 86_400_000;

const createRouteDef = createRoute({
  method: 'post',
  path: '/',
  tags: ['sharing'],
  summary: 'Share a property or deal room through a public link',
  description:
    'Answers a 10-character URL-safe code; `GET /s/{code}` then shows the chosen fields to anyone, without a login. ' +
    `Expiry: expires_at, or expires_in_days, else ${DEFAULT_EXPIRY_DAYS} days. Ids, the team, the creator and the owner's name are never shown unless listed in fields (owner_name).`,
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(ShareLinkCreate) },
  responses: {
    201: { ...jsonResponse(ShareLink, 'The new link'), headers: { Location: { description: 'The link', schema: { type: 'string' } } } },
    ...errors(401, 403, 415, 422),
  },
});

const listRouteDef = createRoute({
  method: 'get',
  path: '/',
  tags: ['sharing'],
  summary: 'List the team’s share links',
  description: 'Newest first, with each link’s status (active, expired, revoked).',
  security: bearerAuth,
  request: { query: ShareLinkListQuery },
  responses: { 200: jsonResponse(ShareLinkPage, 'A page of share links'), ...errors(401, 422) },
});

const getRouteDef = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['sharing'],
  summary: 'Get a share link',
  description: 'The link with its code, fields, expiry and status (active, expired, revoked). Another team’s link is a 404.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(ShareLink, 'The link'), ...errors(401, 404) },
});

const revokeRouteDef = createRoute({
  method: 'post',
  path: '/{id}/revoke',
  tags: ['sharing'],
  summary: 'Revoke a share link',
  description: 'The public view answers 410 Gone from now on; the link and its analytics stay. Revoking twice changes nothing.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams },
  responses: { 200: jsonResponse(ShareLink, 'The revoked link'), ...errors(401, 403, 404) },
});

function expiryOf(body: ShareLinkCreate): Date {
  if (body.expires_in_days === undefined && body.expires_at !== undefined) {
    const at = new Date(body.expires_at);
    if (at.getTime() <= Date.now()) throw invalidRequest('The expiry must be in the future.', [{ detail: 'must be in the future', pointer: '/expires_at' }]);
    if (at.getTime() > Date.now() + 366 * DAY_MS) throw invalidRequest('A link lasts at most a year.', [{ detail: 'must be within a year', pointer: '/expires_at' }]);
    return at;
  }
  return new Date(Date.now() + (body.expires_in_days ?? DEFAULT_EXPIRY_DAYS) * DAY_MS);
}

export function registerShareLinks(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createRouteDef, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const db = c.get('db');
    await checkShareable(db, user.teamId, body.resource_type, body.resource_id);
    const values = {
      teamId: user.teamId,
      resourceType: body.resource_type,
      resourceId: body.resource_id,
      fields: body.fields ?? [...SHAREABLE_FIELDS[body.resource_type].default],
      expiresAt: expiryOf(body),
      createdBy: user.id,
    };
    // 56 random bits: a collision is rare enough that a couple of retries always suffice.
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await db.insert(shareLinks).values({ ...values, id: crypto.randomUUID(), code: newShareCode() }).returning();
        const link = shareLinkJson(row);
        await announce(c, 'share_link.created', link);
        return c.json(link, 201, { Location: `/share-links/${row.id}` });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  });

  app.openapi(listRouteDef, async (c) => {
    const query = c.req.valid('query');
    const where = and(
      eq(shareLinks.teamId, c.get('user').teamId),
      query.resource_type === undefined ? undefined : eq(shareLinks.resourceType, query.resource_type),
      query.resource_id === undefined ? undefined : eq(shareLinks.resourceId, query.resource_id),
    );
    return c.json(await listPage(c.get('db'), { table: shareLinks, where, page: query, toItem: shareLinkJson }), 200);
  });

  app.openapi(getRouteDef, async (c) => {
    const row = await findShareLink(c.get('db'), c.get('user').teamId, c.req.valid('param').id);
    return c.json(shareLinkJson(row), 200);
  });

  app.openapi(revokeRouteDef, async (c) => {
    const user = c.get('user');
    const found = await findShareLink(c.get('db'), user.teamId, c.req.valid('param').id);
    if (found.revokedAt) return c.json(shareLinkJson(found), 200);
    const [row] = await c
      .get('db')
      .update(shareLinks)
      .set({ revokedAt: sql`coalesce(${shareLinks.revokedAt}, date_trunc('milliseconds', now()))` })
      .where(and(eq(shareLinks.id, found.id), eq(shareLinks.teamId, user.teamId)))
      .returning();
    const link = shareLinkJson(row);
    await announce(c, 'share_link.revoked', link);
    return c.json(link, 200);
  });
}
