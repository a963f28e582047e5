/**
 * The public side of share links, mounted at /s without `requireAuth`: GET /s/{code} (the
 * shared fields, each view recorded) and GET /s/{code}/artifacts/{artifactId} (an artifact of a
 * shared deal room). Unknown code 404; revoked or expired 410. The general rate limit applies
 * per client address, as on every anonymous route; GETs never touch idempotency.
 */
import crypto from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { eq } from 'drizzle-orm';
import { announceToTeam } from '../events/announce.js';
import type { AppEnv } from '../lib/context.js';
import { errors, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { clientKey } from '../lib/rate-limit/identity.js';
import { isStorableText } from '../lib/text.js';
import { CodeArtifactParams, CodeParams, PublicView } from './schema.js';
import { SHARE_DISCLAIMER, sharedFields } from './shared-view.js';
import { findArtifact, shareStatus, type ShareLinkRow } from './store.js';
import { shareLinks, shareLinkViews } from './tables.js';

const PUBLIC_HEADERS = { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow', 'Referrer-Policy': 'no-referrer' };

const viewRoute = createRoute({
  method: 'get',
  path: '/{code}',
  tags: ['sharing'],
  summary: 'Open a share link (public, no login)',
  description: 'Read-only: only the fields the link shares, with a disclaimer. Each view is counted (time, a hash of the client network and user agent, the referrer’s origin; never the address). 404 for an unknown code, 410 once revoked or expired.',
  request: { params: CodeParams },
  responses: { 200: jsonResponse(PublicView, 'The shared view'), ...errors(404, 410, 429) },
});

const artifactRoute = createRoute({
  method: 'get',
  path: '/{code}/artifacts/{artifactId}',
  tags: ['sharing'],
  summary: 'Download an artifact of a shared deal room (public, no login)',
  description: 'Only when the link shares a deal room with its `artifacts` field; served as an attachment.',
  request: { params: CodeArtifactParams },
  responses: { 200: { description: 'The artifact bytes', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errors(404, 410, 429) },
});

/** The live link with this code: 404 unknown, 410 revoked or expired. */
async function openLink(c: Context<AppEnv>, code: string): Promise<ShareLinkRow> {
  const [link] = isStorableText(code) ? await c.get('db').select().from(shareLinks).where(eq(shareLinks.code, code)).limit(1) : [];
  if (!link) throw new ProblemError(404, { detail: `No share link with code ${code}.` });
  const status = shareStatus(link);
  if (status === 'revoked') throw new ProblemError(410, { detail: 'This share link was revoked by its owner; ask them for a new one.' });
  if (status === 'expired') throw new ProblemError(410, { detail: `This share link expired at ${link.expiresAt!.toISOString()}; ask its owner for a new one.` });
  return link;
}

function refererOrigin(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin.slice(0, 200);
  } catch {
    return null;
  }
}

async function recordView(c: Context<AppEnv>, link: ShareLinkRow): Promise<void> {
  const client = clientKey(c, { trustProxy: c.get('config').trustProxy });
  const visitorHash = crypto.createHash('sha256').update(`${link.id}\n${client}\n${c.req.header('User-Agent') ?? ''}`).digest('hex');
  const [view] = await c
    .get('db')
    .insert(shareLinkViews)
    .values({ id: crypto.randomUUID(), teamId: link.teamId, shareLinkId: link.id, visitorHash, referrer: refererOrigin(c.req.header('Referer')) })
    .returning();
  await announceToTeam(c, link.teamId, 'share_link.viewed', { share_link_id: link.id, code: link.code, viewed_at: view.viewedAt.toISOString() });
}

export function publicShareRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(viewRoute, async (c) => {
    const link = await openLink(c, c.req.valid('param').code);
    const shared = await sharedFields(c.get('db'), link);
    await recordView(c, link);
    const body = { code: link.code, resource_type: link.resourceType, shared, expires_at: link.expiresAt?.toISOString() ?? null, disclaimer: SHARE_DISCLAIMER };
    return c.json(body, 200, PUBLIC_HEADERS);
  });

  app.openapi(artifactRoute, async (c) => {
    const { code, artifactId } = c.req.valid('param');
    const link = await openLink(c, code);
    if (link.resourceType !== 'deal_room' || !link.fields.includes('artifacts')) throw new ProblemError(404, { detail: 'This share link does not share files.' });
    const row = await findArtifact(c.get('db'), { teamId: link.teamId, roomId: link.resourceId, id: artifactId });
    const stored = await c.get('storage').get(row.storageKey);
    if (!stored) throw new ProblemError(404, { detail: `The bytes of artifact ${row.id} are no longer in storage.` });
    return c.body(stored.body as Uint8Array<ArrayBuffer>, 200, {
      ...PUBLIC_HEADERS,
      'Content-Type': row.contentType,
      'Content-Length': String(stored.size),
      'Content-Disposition': `attachment; filename="${row.filename.replace(/"/g, '_')}"`,
    }) as never;
  });
}
