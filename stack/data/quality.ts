/**
 * Data-quality flags: GET /properties/{id}/data-quality for one property, GET /data/quality for
 * the team (counts by code and severity, and the flagged properties, most errors first). Computed
 * on read from the rows (quality-rules.ts), so a fix shows at once.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { properties } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { findProperty } from '../properties/store.js';
import type { PropertyRow } from '../properties/serialize.js';
import { atLeast, qualityFlags, type ParcelSnapshot, type Severity } from './quality-rules.js';
import { PropertyQuality, TeamQuality, TeamQualityQuery } from './schema.js';
import { propertyParcels } from './tables.js';

const propertyRoute = createRoute({
  method: 'get',
  path: '/{id}/data-quality',
  tags: ['data'],
  summary: 'Data-quality flags of one property',
  description: 'Missing key fields, implausible values (bedrooms > 20, price per sq ft outliers, ZIP not 5 digits), conflicts with the matched open data, stale data.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(PropertyQuality, 'The property’s flags, errors first'), ...errors(401, 404) },
});

const teamRoute = createRoute({
  method: 'get',
  path: '/quality',
  tags: ['data'],
  summary: 'Data-quality summary of the team’s properties',
  description: 'Checks every property of the team on read (up to 10,000): flag counts by code and severity, and the flagged properties, most serious first; `severity` sets the minimum level reported.',
  security: bearerAuth,
  request: { query: TeamQualityQuery },
  responses: { 200: jsonResponse(TeamQuality, 'Counts by code and severity, and the flagged properties'), ...errors(401, 422) },
});

const snapshot = (row: typeof propertyParcels.$inferSelect | undefined): ParcelSnapshot | undefined =>
  row && { datasetVersion: row.datasetVersion, matchedAt: row.matchedAt, attributes: row.attributes };

function report(p: PropertyRow, parcel: ParcelSnapshot | undefined, now: Date, severity?: Severity) {
  return { property_id: p.id, address: p.address, checked_at: now.toISOString(), flags: qualityFlags(p, parcel, now).filter(atLeast(severity)) };
}

/** Largest team scanned in one request; the summary says how many were checked. */
const MAX_SCANNED = 10_000;

export async function teamQuality(db: Db, teamId: string, options: { limit: number; severity?: Severity }, now = new Date()) {
  const rows = await db
    .select({ property: properties, parcel: propertyParcels })
    .from(properties)
    .leftJoin(propertyParcels, and(eq(propertyParcels.propertyId, properties.id), eq(propertyParcels.teamId, properties.teamId)))
    .where(eq(properties.teamId, teamId))
    .orderBy(asc(properties.createdAt), asc(properties.id))
    .limit(MAX_SCANNED);
  const reports = rows.map((r) => report(r.property, snapshot(r.parcel ?? undefined), now, options.severity)).filter((r) => r.flags.length > 0);
  const byCode: Record<string, number> = {};
  const bySeverity = { info: 0, warning: 0, error: 0 };
  for (const flag of reports.flatMap((r) => r.flags)) {
    byCode[flag.code] = (byCode[flag.code] ?? 0) + 1;
    bySeverity[flag.severity]++;
  }
  const weight = (r: (typeof reports)[number]) => r.flags.reduce((sum, f) => sum + (f.severity === 'error' ? 100 : f.severity === 'warning' ? 10 : 1), 0);
  reports.sort((a, b) => weight(b) - weight(a) || a.property_id.localeCompare(b.property_id));
  return {
    properties_checked: rows.length,
    properties_flagged: reports.length,
    flags: bySeverity.info + bySeverity.warning + bySeverity.error,
    by_code: byCode,
    by_severity: bySeverity,
    properties: reports.slice(0, options.limit),
    checked_at: now.toISOString(),
  };
}

export function registerPropertyQuality(app: OpenAPIHono<AppEnv>): void {
  app.openapi(propertyRoute, async (c) => {
    const db = c.get('db');
    const property = await findProperty(db, c.get('user'), c.req.valid('param').id);
    const [parcel] = await db.select().from(propertyParcels).where(and(eq(propertyParcels.propertyId, property.id), eq(propertyParcels.teamId, property.teamId)));
    return c.json(report(property, snapshot(parcel), new Date()), 200);
  });
}

export function registerTeamQuality(app: OpenAPIHono<AppEnv>): void {
  app.openapi(teamRoute, async (c) => c.json(await teamQuality(c.get('db'), c.get('user').teamId, c.req.valid('query')), 200));
}
