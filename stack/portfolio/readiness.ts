/**
 * GET /properties/{id}/investor-readiness: a live checklist of what an investor expects before a
 * property is sent out (price, details, description, photos, the PDF memo, a deal scenario,
 * disclosures in a deal room), each with pass or fail and why, and the share that passes.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, count, eq, ilike, or, sql } from 'drizzle-orm';
import { deals, jobs, propertyImages } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { findProperty } from '../properties/store.js';
import { MEMO_JOB } from '../jobs/handlers/memo.js';
import { dealRoomArtifacts, dealRooms } from '../sharing/tables.js';
import { propertyEconomics } from './property-economics.js';
import { Readiness } from './schema.js';

/** Long enough to say something about the property beyond its address. */
export const MIN_DESCRIPTION_CHARS = 80;

const route = createRoute({
  method: 'get',
  path: '/{id}/investor-readiness',
  tags: ['portfolio'],
  summary: 'Is the property ready to show investors?',
  description: `Computed live: price set; beds, baths, size and type filled in; a description of at least ${MIN_DESCRIPTION_CHARS} characters; at least one image; a completed PDF memo job; a deal scenario; a disclosures document (file name containing "disclos" or "disclaim") in a deal room of a deal on the property. Score = percent of checks passed.`,
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(Readiness, 'The checklist'), ...errors(401, 404) },
});

interface Check {
  id: string;
  label: string;
  passed: boolean;
  detail: string;
}

export function registerInvestorReadiness(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const user = c.get('user');
    const db = c.get('db');
    const p = await findProperty(db, user, c.req.valid('param').id);
    const [[images], [memos], economics, [disclosures]] = await Promise.all([
      db.select({ n: count() }).from(propertyImages).where(and(eq(propertyImages.teamId, user.teamId), eq(propertyImages.propertyId, p.id))),
      db.select({ n: count() }).from(jobs).where(and(eq(jobs.teamId, user.teamId), eq(jobs.type, MEMO_JOB), eq(jobs.state, 'completed'), sql`${jobs.payload}->>'property_id' = ${p.id}`)),
      propertyEconomics(db, user.teamId, p.id),
      db
        .select({ n: count() })
        .from(dealRoomArtifacts)
        .innerJoin(dealRooms, eq(dealRooms.id, dealRoomArtifacts.roomId))
        .innerJoin(deals, eq(deals.id, dealRooms.dealId))
        .where(and(eq(dealRoomArtifacts.teamId, user.teamId), eq(deals.teamId, user.teamId), eq(deals.propertyId, p.id), or(ilike(dealRoomArtifacts.filename, '%disclos%'), ilike(dealRoomArtifacts.filename, '%disclaim%')))),
    ]);
    const missing = (['bedrooms', 'bathrooms', 'sqft', 'propertyType'] as const).filter((k) => p[k] === null).map((k) => (k === 'propertyType' ? 'property_type' : k));
    const description = p.description?.trim() ?? '';
    const checks: Check[] = [
      { id: 'price', label: 'Asking price set', passed: p.price !== null && p.price > 0, detail: p.price ? `Price is $${p.price.toLocaleString('en-US')}.` : 'No price: set one with PATCH /properties/{id}.' },
      { id: 'details', label: 'Beds, baths, size and type', passed: missing.length === 0, detail: missing.length === 0 ? 'All set.' : `Missing: ${missing.join(', ')}.` },
      { id: 'description', label: `Description of ${MIN_DESCRIPTION_CHARS}+ characters`, passed: description.length >= MIN_DESCRIPTION_CHARS, detail: `The description has ${description.length} characters.` },
      { id: 'images', label: 'At least one image', passed: images.n > 0, detail: images.n > 0 ? `${images.n} image(s).` : 'No image: POST /properties/{id}/images.' },
      { id: 'memo_pdf', label: 'PDF memo generated', passed: memos.n > 0, detail: memos.n > 0 ? `${memos.n} completed memo job(s).` : 'No completed memo: POST /properties/{id}/memo.' },
      { id: 'deal_scenario', label: 'A deal scenario', passed: economics.scenario !== null, detail: economics.scenario ? `Newest: "${economics.scenario.name}" (cap rate ${economics.capRate ?? 'n/a'}%).` : 'No scenario on a deal of this property: POST /deals/{id}/scenarios.' },
      { id: 'disclosures', label: 'Disclosures in a deal room', passed: disclosures.n > 0, detail: disclosures.n > 0 ? `${disclosures.n} disclosure document(s).` : 'No deal room document named like "disclosures" for a deal on this property.' },
    ];
    const passed = checks.filter((k) => k.passed).length;
    return c.json({ property_id: p.id, score: Math.round((passed / checks.length) * 100), ready: passed === checks.length, checks }, 200);
  });
}
