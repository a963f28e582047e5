/**
 * Consent records: POST /compliance/consents records a grant or a withdrawal (for a lead, an
 * address, or both) with its source; nothing is ever updated, so the history is the audit
 * trail, and the newest record per subject and type is the state in force (`?current=true`
 * lists only those). The send gate refuses a marketing send whose latest record is a withdrawal.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { checkReferences } from '../lib/team-scope.js';
import { invalidRequest } from '../lib/validation.js';
import { normalizePhone, normalizeEmailAddress } from './phone.js';
import { Consent, ConsentCreate, ConsentListQuery, ConsentPage } from './schema.js';
import { consentRecords } from './tables.js';

const tags = ['compliance'];
type ConsentRow = typeof consentRecords.$inferSelect;
export const consentJson = (r: ConsentRow) => ({
  id: r.id, lead_id: r.leadId, address: r.address, consent_type: r.consentType, granted: r.granted, source: r.source, note: r.note, recorded_by: r.recordedBy, created_at: r.createdAt.toISOString(),
});

const add = createRoute({
  method: 'post', path: '/consents', tags, summary: 'Record a consent grant or withdrawal',
  description: 'Appends a record; the newest per lead/address and type wins. An email consent takes an email address, sms and calls take a phone number.',
  security: bearerAuth, middleware: [requireWriter()] as const, request: { body: jsonBody(ConsentCreate) },
  responses: { 201: jsonResponse(Consent, 'Recorded'), ...errors(401, 403, 415, 422) },
});
const list = createRoute({
  method: 'get', path: '/consents', tags, summary: 'List consent records (or only the state in force)',
  description: 'The append-only history, newest first, filtered by lead, address or consent type; `current=true` keeps only the newest record per subject and type, which is what the send gate uses.',
  security: bearerAuth, request: { query: ConsentListQuery }, responses: { 200: jsonResponse(ConsentPage, 'Newest first'), ...errors(401, 422) },
});

/** An email for email_marketing, a phone for the others: stored normalised, or a 422. */
export function consentAddress(type: ConsentRow['consentType'], address: string): string {
  const value = type === 'email_marketing' ? (/^[^\s@]+@[^\s@]+$/.test(address) ? normalizeEmailAddress(address) : undefined) : normalizePhone(address);
  if (!value) throw invalidRequest('The address does not fit the consent type.', [{ detail: type === 'email_marketing' ? 'must be an email address' : 'must be a phone number such as +15551234567', pointer: '/address' }]);
  return value;
}

export function registerConsents(app: OpenAPIHono<AppEnv>): void {
  app.openapi(add, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    await checkReferences(c.get('db'), user.teamId, [{ kind: 'lead', id: body.lead_id, pointer: '/lead_id' }]);
    const address = body.address === undefined ? null : consentAddress(body.consent_type, body.address);
    const [row] = await c.get('db')
      .insert(consentRecords)
      .values({ id: crypto.randomUUID(), teamId: user.teamId, leadId: body.lead_id ?? null, address, consentType: body.consent_type, granted: body.granted, source: body.source, note: body.note ?? null, recordedBy: user.id })
      .returning();
    await announce(c, 'compliance.consent_recorded', consentJson(row));
    return c.json(consentJson(row), 201);
  });

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const teamId = c.get('user').teamId;
    const address = query.address === undefined ? undefined : (normalizePhone(query.address) ?? normalizeEmailAddress(query.address));
    const latestOnly = query.current === 'true'
      ? sql`${consentRecords.id} in (select distinct on (team_id, consent_type, coalesce(lead_id, ''), coalesce(address, '')) id from compliance_consent_records where team_id = ${teamId} order by team_id, consent_type, coalesce(lead_id, ''), coalesce(address, ''), created_at desc, id desc)`
      : undefined;
    const where = and(
      eq(consentRecords.teamId, teamId),
      query.lead_id ? eq(consentRecords.leadId, query.lead_id) : undefined,
      address ? eq(consentRecords.address, address) : undefined,
      query.consent_type ? eq(consentRecords.consentType, query.consent_type) : undefined,
      latestOnly,
    );
    return c.json(await listPage(c.get('db'), { table: consentRecords, where, page: query, toItem: consentJson }), 200);
  });
}
