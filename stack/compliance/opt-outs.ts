/**
 * Opt-outs: POST /compliance/opt-outs (`email`, `phone`, or `property`: the property's owner,
 * which blocks every lead linked to it), GET /compliance/opt-outs, DELETE
 * /compliance/opt-outs/{id}. Campaign unsubscribes (/campaigns/unsubscribes) stay in their own
 * list; the send gate consults both, so either one blocks an address.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { checkReferences, findInTeam } from '../lib/team-scope.js';
import { invalidRequest } from '../lib/validation.js';
import { normalizeRecipient } from './gate.js';
import { OptOut, OptOutCreate, OptOutListQuery, OptOutPage } from './schema.js';
import { optOuts, type OptOutKind } from './tables.js';

const tags = ['compliance'];
type OptOutRow = typeof optOuts.$inferSelect;
export const optOutJson = (r: OptOutRow) => ({ id: r.id, kind: r.kind, value: r.value, reason: r.reason, source: r.source, created_by: r.createdBy, created_at: r.createdAt.toISOString() });

const add = createRoute({
  method: 'post', path: '/opt-outs', tags, summary: 'Record an opt-out (email, phone or property owner)',
  description: '`kind: property` takes a property id of your team: its owner and every lead linked to it are no longer contacted for marketing. Already recorded: 200 with the existing opt-out.',
  security: bearerAuth, middleware: [requireWriter()] as const, request: { body: jsonBody(OptOutCreate) },
  responses: { 201: jsonResponse(OptOut, 'Recorded'), 200: jsonResponse(OptOut, 'Already recorded'), ...errors(401, 403, 415, 422) },
});
const list = createRoute({ method: 'get', path: '/opt-outs', tags, summary: 'List opt-outs', description: 'Newest first; `kind` narrows to email, phone or property opt-outs. Campaign unsubscribes are listed at /campaigns/unsubscribes.', security: bearerAuth, request: { query: OptOutListQuery }, responses: { 200: jsonResponse(OptOutPage, 'Newest first'), ...errors(401, 422) } });
const remove = createRoute({
  method: 'delete', path: '/opt-outs/{id}', tags, summary: 'Remove an opt-out (contact is allowed again)', description: 'Marketing to the address or the property’s leads is allowed again unless another list blocks it. Another team’s opt-out is 404.',
  security: bearerAuth, middleware: [requireWriter()] as const, request: { params: IdParams }, responses: { 204: { description: 'Removed' }, ...errors(401, 403, 404) },
});

/** The stored value of an opt-out, or a 422 naming the fault. */
async function optOutValue(db: Db, teamId: string, kind: OptOutKind, value: string): Promise<string> {
  if (kind === 'property') {
    await checkReferences(db, teamId, [{ kind: 'property', id: value, pointer: '/value' }]);
    return value;
  }
  const normalized = normalizeRecipient(kind === 'email' ? 'email' : 'sms', value);
  if (!normalized) throw invalidRequest('The value is not what its kind says.', [{ detail: kind === 'email' ? 'must be an email address' : 'must be a phone number such as +15551234567', pointer: '/value' }]);
  return normalized;
}

export function registerOptOuts(app: OpenAPIHono<AppEnv>): void {
  app.openapi(add, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const value = await optOutValue(c.get('db'), user.teamId, body.kind, body.value);
    const [created] = await c.get('db')
      .insert(optOuts)
      .values({ id: crypto.randomUUID(), teamId: user.teamId, kind: body.kind, value, reason: body.reason ?? null, source: body.source ?? 'api', createdBy: user.id })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [existing] = await c.get('db').select().from(optOuts).where(and(eq(optOuts.teamId, user.teamId), eq(optOuts.kind, body.kind), eq(optOuts.value, value)));
      return c.json(optOutJson(existing), 200);
    }
    await announce(c, 'compliance.opt_out_added', optOutJson(created));
    return c.json(optOutJson(created), 201);
  });

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const where = and(eq(optOuts.teamId, c.get('user').teamId), query.kind ? eq(optOuts.kind, query.kind) : undefined);
    return c.json(await listPage(c.get('db'), { table: optOuts, where, page: query, toItem: optOutJson }), 200);
  });

  app.openapi(remove, async (c) => {
    const teamId = c.get('user').teamId;
    const row = await findInTeam(c.get('db'), optOuts, { teamId, id: c.req.valid('param').id }, { noun: 'opt-out' });
    await c.get('db').delete(optOuts).where(and(eq(optOuts.id, row.id), eq(optOuts.teamId, teamId)));
    await announce(c, 'compliance.opt_out_removed', optOutJson(row));
    return c.body(null, 204);
  });
}
