/**
 * GET /share-links/{id}/analytics: how often a link was opened, by how many distinct visitors,
 * on which days (UTC), from which referring sites, and when last.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, count, countDistinct, desc, eq, isNotNull, max, sql } from 'drizzle-orm';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { ShareLinkAnalytics } from './schema.js';
import { findShareLink } from './store.js';
import { shareLinkViews } from './tables.js';

const route = createRoute({
  method: 'get',
  path: '/{id}/analytics',
  tags: ['sharing'],
  summary: 'Views of a share link',
  description: 'Total views, unique visitors (a hash of client network and user agent per link; no address is stored), views per UTC day (oldest first), top referring origins and the last view.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(ShareLinkAnalytics, 'The link’s views'), ...errors(401, 404) },
});

export function registerShareLinkAnalytics(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const db = c.get('db');
    const link = await findShareLink(db, c.get('user').teamId, c.req.valid('param').id);
    const where = and(eq(shareLinkViews.shareLinkId, link.id), eq(shareLinkViews.teamId, link.teamId));
    const day = sql<string>`to_char(${shareLinkViews.viewedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
    const [[totals], days, referrers] = await Promise.all([
      db.select({ views: count(), unique: countDistinct(shareLinkViews.visitorHash), last: max(shareLinkViews.viewedAt) }).from(shareLinkViews).where(where),
      db.select({ day, views: count(), unique: countDistinct(shareLinkViews.visitorHash) }).from(shareLinkViews).where(where).groupBy(day).orderBy(day),
      db
        .select({ referrer: shareLinkViews.referrer, views: count() })
        .from(shareLinkViews)
        .where(and(where, isNotNull(shareLinkViews.referrer)))
        .groupBy(shareLinkViews.referrer)
        .orderBy(desc(count()), shareLinkViews.referrer)
        .limit(10),
    ]);
    return c.json(
      {
        share_link_id: link.id,
        views_total: totals.views,
        unique_visitors: totals.unique,
        last_viewed_at: totals.last ? new Date(totals.last).toISOString() : null,
        by_day: days.map((d) => ({ day: d.day, views: d.views, unique_visitors: d.unique })),
        top_referrers: referrers.map((r) => ({ referrer: r.referrer!, views: r.views })),
      },
      200,
    );
  });
}
