/**
 * Cadence rules over the API: CRUD at /compliance/cadence-rules, POST .../{id}/toggle to switch
 * one on or off, and POST/DELETE .../{id}/properties to apply a rule to a property (a rule
 * applied to none governs every send). The gate enforces enabled rules (cadence.ts).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../db/client.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { checkReferences, findInTeam } from '../lib/team-scope.js';
import { invalidRequest } from '../lib/validation.js';
import { assertCadenceRule, ruleProperties, type CadenceRuleInput, type CadenceRuleRow } from './cadence.js';
import { CadenceApply, CadenceRule, CadenceRuleCreate, CadenceRuleList, CadenceRulePatch, CadenceToggle, RulePropertyParams } from './schema.js';
import { cadenceRuleProperties, cadenceRules } from './tables.js';

const tags = ['compliance'];
const ruleResponse = (description: string) => jsonResponse(CadenceRule, description);

const create = createRoute({
  method: 'post', path: '/cadence-rules', tags, summary: 'Create a cadence rule',
  description: 'At most `max_messages` per recipient on `channel` within `window_days`, and/or no sends between the quiet hours (UTC). The name is unique in the team (409 if taken).',
  security: bearerAuth, middleware: [requireWriter()] as const, request: { body: jsonBody(CadenceRuleCreate) }, responses: { 201: ruleResponse('Created'), ...errors(401, 403, 409, 415, 422) },
});
const list = createRoute({ method: 'get', path: '/cadence-rules', tags, summary: 'List the team’s cadence rules', description: 'Oldest first, each with the properties it is applied to.', security: bearerAuth, responses: { 200: jsonResponse(CadenceRuleList, 'Oldest first'), ...errors(401) } });
const get = createRoute({ method: 'get', path: '/cadence-rules/{id}', tags, summary: 'Get a cadence rule', description: 'Another team’s rule is 404.', security: bearerAuth, request: { params: IdParams }, responses: { 200: ruleResponse('The rule'), ...errors(401, 404) } });
const patch = createRoute({
  method: 'patch', path: '/cadence-rules/{id}', tags, summary: 'Change a cadence rule', description: 'Only the fields sent change; `null` clears a limit. The rule must still limit something (422), and a new name must be free (409).', security: bearerAuth, middleware: [requireWriter()] as const,
  request: { params: IdParams, body: jsonBody(CadenceRulePatch) }, responses: { 200: ruleResponse('Changed'), ...errors(401, 403, 404, 409, 415, 422) },
});
const remove = createRoute({ method: 'delete', path: '/cadence-rules/{id}', tags, summary: 'Delete a cadence rule', description: 'The gate stops enforcing it at once; its property links go with it.', security: bearerAuth, middleware: [requireWriter()] as const, request: { params: IdParams }, responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) } });
const toggle = createRoute({
  method: 'post', path: '/cadence-rules/{id}/toggle', tags, summary: 'Enable or disable a cadence rule', description: 'A disabled rule is kept but not enforced.', security: bearerAuth, middleware: [requireWriter()] as const,
  request: { params: IdParams, body: jsonBody(CadenceToggle) }, responses: { 200: ruleResponse('The rule with its new state'), ...errors(401, 403, 404, 415, 422) },
});
const apply = createRoute({
  method: 'post', path: '/cadence-rules/{id}/properties', tags, summary: 'Apply a cadence rule to a property',
  description: 'From then on the rule governs only sends about the properties it is applied to. Applying twice changes nothing.',
  security: bearerAuth, middleware: [requireWriter()] as const, request: { params: IdParams, body: jsonBody(CadenceApply) }, responses: { 200: ruleResponse('The rule with its properties'), ...errors(401, 403, 404, 415, 422) },
});
const unapply = createRoute({
  method: 'delete', path: '/cadence-rules/{id}/properties/{propertyId}', tags, summary: 'Stop applying a cadence rule to a property', description: 'With no property left, the rule governs every send again. 404 when it was not applied there.', security: bearerAuth, middleware: [requireWriter()] as const,
  request: { params: RulePropertyParams }, responses: { 200: ruleResponse('The rule with its remaining properties'), ...errors(401, 403, 404) },
});

async function ruleJson(db: Db, row: CadenceRuleRow) {
  const properties = (await ruleProperties(db, row.teamId, [row.id])).get(row.id) ?? [];
  return ruleJsonWith(row, properties);
}
function ruleJsonWith(row: CadenceRuleRow, propertyIds: string[]) {
  return {
    id: row.id, name: row.name, channel: row.channel, max_messages: row.maxMessages, window_days: row.windowDays, quiet_start_hour: row.quietStartHour, quiet_end_hour: row.quietEndHour,
    enabled: row.enabled, property_ids: propertyIds.sort(), created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString(),
  };
}

function toInput(body: z.infer<typeof CadenceRuleCreate>): CadenceRuleInput {
  return { name: body.name, channel: body.channel, maxMessages: body.max_messages, windowDays: body.window_days, quietStartHour: body.quiet_start_hour, quietEndHour: body.quiet_end_hour, enabled: body.enabled };
}

function validRule(input: CadenceRuleInput): void {
  try {
    assertCadenceRule(input);
  } catch (error) {
    throw invalidRequest((error as Error).message, [{ detail: 'give max_messages with window_days, quiet_start_hour with quiet_end_hour, or both pairs', pointer: '/max_messages' }]);
  }
}

async function nameFree(db: Db, teamId: string, name: string, exceptId?: string): Promise<void> {
  const [taken] = await db.select({ id: cadenceRules.id }).from(cadenceRules).where(and(eq(cadenceRules.teamId, teamId), eq(cadenceRules.name, name)));
  if (taken && taken.id !== exceptId) throw new ProblemError(409, { detail: `Your team already has a cadence rule named "${name}" (${taken.id}); change that one or pick another name.` });
}

export function registerCadenceRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, async (c) => {
    const user = c.get('user');
    const input = toInput(c.req.valid('json'));
    validRule(input);
    await nameFree(c.get('db'), user.teamId, input.name);
    const [row] = await c.get('db').insert(cadenceRules).values({
      id: crypto.randomUUID(), teamId: user.teamId, createdBy: user.id, name: input.name, channel: input.channel, maxMessages: input.maxMessages ?? null, windowDays: input.windowDays ?? null,
      quietStartHour: input.quietStartHour ?? null, quietEndHour: input.quietEndHour ?? null, enabled: input.enabled ?? true,
    }).returning();
    const json = ruleJsonWith(row, []);
    await announce(c, 'compliance.cadence_rule_created', json);
    return c.json(json, 201, { Location: `/compliance/cadence-rules/${row.id}` });
  });

  app.openapi(list, async (c) => {
    const teamId = c.get('user').teamId;
    const rows = await c.get('db').select().from(cadenceRules).where(eq(cadenceRules.teamId, teamId)).orderBy(asc(cadenceRules.createdAt), asc(cadenceRules.id));
    const links = await ruleProperties(c.get('db'), teamId, rows.map((r) => r.id));
    return c.json({ items: rows.map((r) => ruleJsonWith(r, links.get(r.id) ?? [])), total: rows.length }, 200);
  });

  app.openapi(get, async (c) => {
    const row = await findInTeam(c.get('db'), cadenceRules, { teamId: c.get('user').teamId, id: c.req.valid('param').id }, { noun: 'cadence rule' });
    return c.json(await ruleJson(c.get('db'), row), 200);
  });

  app.openapi(patch, async (c) => {
    const teamId = c.get('user').teamId;
    const db = c.get('db');
    const current = await findInTeam(db, cadenceRules, { teamId, id: c.req.valid('param').id }, { noun: 'cadence rule' });
    const body = c.req.valid('json');
    const merged: CadenceRuleInput = {
      name: body.name ?? current.name, channel: body.channel ?? current.channel,
      maxMessages: body.max_messages !== undefined ? body.max_messages : current.maxMessages, windowDays: body.window_days !== undefined ? body.window_days : current.windowDays,
      quietStartHour: body.quiet_start_hour !== undefined ? body.quiet_start_hour : current.quietStartHour, quietEndHour: body.quiet_end_hour !== undefined ? body.quiet_end_hour : current.quietEndHour,
      enabled: body.enabled ?? current.enabled,
    };
    validRule(merged);
    if (merged.name !== current.name) await nameFree(db, teamId, merged.name, current.id);
    const row = await updateRule(db, teamId, current.id, {
      name: merged.name, channel: merged.channel, maxMessages: merged.maxMessages ?? null, windowDays: merged.windowDays ?? null,
      quietStartHour: merged.quietStartHour ?? null, quietEndHour: merged.quietEndHour ?? null, enabled: merged.enabled,
    });
    const json = await ruleJson(db, row);
    await announce(c, 'compliance.cadence_rule_updated', json);
    return c.json(json, 200);
  });

  app.openapi(toggle, async (c) => {
    const teamId = c.get('user').teamId;
    const current = await findInTeam(c.get('db'), cadenceRules, { teamId, id: c.req.valid('param').id }, { noun: 'cadence rule' });
    const row = await updateRule(c.get('db'), teamId, current.id, { enabled: c.req.valid('json').enabled });
    const json = await ruleJson(c.get('db'), row);
    await announce(c, 'compliance.cadence_rule_updated', json);
    return c.json(json, 200);
  });

  app.openapi(remove, async (c) => {
    const teamId = c.get('user').teamId;
    const row = await findInTeam(c.get('db'), cadenceRules, { teamId, id: c.req.valid('param').id }, { noun: 'cadence rule' });
    await c.get('db').delete(cadenceRules).where(and(eq(cadenceRules.id, row.id), eq(cadenceRules.teamId, teamId)));
    await announce(c, 'compliance.cadence_rule_deleted', { id: row.id, name: row.name });
    return c.body(null, 204);
  });

  app.openapi(apply, async (c) => {
    const teamId = c.get('user').teamId;
    const db = c.get('db');
    const rule = await findInTeam(db, cadenceRules, { teamId, id: c.req.valid('param').id }, { noun: 'cadence rule' });
    const { property_id: propertyId } = c.req.valid('json');
    await checkReferences(db, teamId, [{ kind: 'property', id: propertyId, pointer: '/property_id' }]);
    await db.insert(cadenceRuleProperties).values({ teamId, ruleId: rule.id, propertyId }).onConflictDoNothing();
    const json = await ruleJson(db, rule);
    await announce(c, 'compliance.cadence_rule_updated', json);
    return c.json(json, 200);
  });

  app.openapi(unapply, async (c) => {
    const teamId = c.get('user').teamId;
    const db = c.get('db');
    const { id, propertyId } = c.req.valid('param');
    const rule = await findInTeam(db, cadenceRules, { teamId, id }, { noun: 'cadence rule' });
    const gone = await db.delete(cadenceRuleProperties).where(and(eq(cadenceRuleProperties.ruleId, rule.id), eq(cadenceRuleProperties.propertyId, propertyId))).returning();
    if (gone.length === 0) throw new ProblemError(404, { detail: `Cadence rule ${rule.id} is not applied to property ${propertyId}.` });
    const json = await ruleJson(db, rule);
    await announce(c, 'compliance.cadence_rule_updated', json);
    return c.json(json, 200);
  });
}

async function updateRule(db: Db, teamId: string, id: string, fields: Partial<typeof cadenceRules.$inferInsert>): Promise<CadenceRuleRow> {
  const [row] = await db
    .update(cadenceRules)
    .set({ ...fields, version: sql`${cadenceRules.version} + 1`, updatedAt: sql`date_trunc('milliseconds', now())` })
    .where(and(eq(cadenceRules.id, id), eq(cadenceRules.teamId, teamId)))
    .returning();
  return row;
}
