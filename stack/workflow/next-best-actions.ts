/**
 * Next-best-actions: POST /properties/{id}/next-best-actions/generate runs the rules
 * (nba-rules.ts) over the property's live state and opens an action per new finding; one still
 * open is kept, never duplicated (a partial unique index backs this up), and one whose rule no
 * longer fires is marked `resolved`; one a user completed stays quiet for DONE_QUIET_DAYS.
 * GET /workflow/next-best-actions lists them (open by default, by property);
 * POST /workflow/next-best-actions/{id}/complete marks one done.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { properties } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { findInTeam, inTeam } from '../lib/team-scope.js';
import { evaluateRules, NBA_RULES } from './nba-rules.js';
import { loadSnapshot } from './nba-snapshot.js';
import { GeneratedActions, NextBestAction, NextBestActionPage, NextBestActionQuery } from './schema.js';
import { nextBestActionJson, type NextBestActionRow } from './serialize.js';
import { nextBestActions } from './tables.js';

/** Days a completed action stays quiet even if its rule still fires. */
export const DONE_QUIET_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

const tags = ['workflow'];
const RULE_LIST = NBA_RULES.map((r) => `\`${r.id}\` (${r.description})`).join('; ');

const generate = createRoute({
  method: 'post', path: '/{id}/next-best-actions/generate', tags, summary: 'Generate a property’s next-best-actions',
  description: `Runs the rules over the property’s stage, price, images, linked leads, deals and history: ${RULE_LIST}. Idempotent: an action still open is not opened again, one completed in the last ${DONE_QUIET_DAYS} days stays quiet, and an open one whose rule no longer fires is resolved.`,
  security: bearerAuth, middleware: [requireWriter()] as const,
  request: { params: IdParams },
  responses: { 200: jsonResponse(GeneratedActions, 'What changed and the open actions'), ...errors(401, 403, 404) },
});
const list = createRoute({
  method: 'get', path: '/next-best-actions', tags, summary: 'List next-best-actions',
  description: 'Open ones by default, newest first; `property_id` narrows to one property, `status` shows done or resolved ones.',
  security: bearerAuth, request: { query: NextBestActionQuery },
  responses: { 200: jsonResponse(NextBestActionPage, 'A page of actions'), ...errors(401, 422) },
});
const complete = createRoute({
  method: 'post', path: '/next-best-actions/{id}/complete', tags, summary: 'Mark a next-best-action done',
  description: `Only an open action can be completed (409 otherwise). Generations leave it closed for ${DONE_QUIET_DAYS} days; after that it opens again only if its rule still fires.`,
  security: bearerAuth, middleware: [requireWriter()] as const,
  request: { params: IdParams },
  responses: { 200: jsonResponse(NextBestAction, 'The completed action'), ...errors(401, 403, 404, 409) },
});

const keyOf = (a: { ruleId: string; subjectId: string }) => `${a.ruleId}\u0000${a.subjectId}`;

export interface Generation {
  created: number;
  resolved: number;
  open: NextBestActionRow[];
}

/** Runs the rules for one property of the team (404 if it is not theirs) and reconciles its open actions. */
export async function generateNextBestActions(db: Db, teamId: string, propertyId: string, now = new Date()): Promise<Generation> {
  return db.transaction(async (tx) => {
    // Locked: two generations at once see each other's actions rather than racing.
    const property = await findInTeam(tx, properties, { teamId, id: propertyId }, { noun: 'property', lock: true });
    const candidates = evaluateRules(await loadSnapshot(tx, property), now);
    const openWhere = and(eq(nextBestActions.teamId, teamId), eq(nextBestActions.propertyId, propertyId), eq(nextBestActions.status, 'open'));
    const existing = await tx.select().from(nextBestActions).where(openWhere);
    // A user who just marked an action done is not nagged with it again for a while.
    const recentlyDone = await tx
      .select({ ruleId: nextBestActions.ruleId, subjectId: nextBestActions.subjectId })
      .from(nextBestActions)
      .where(and(eq(nextBestActions.teamId, teamId), eq(nextBestActions.propertyId, propertyId), eq(nextBestActions.status, 'done'), gt(nextBestActions.completedAt, new Date(now.getTime() - DONE_QUIET_DAYS * DAY_MS))));
    const known = new Set([...existing, ...recentlyDone].map(keyOf));
    const fresh = candidates.filter((a) => !known.has(keyOf(a)));
    if (fresh.length) {
      await tx.insert(nextBestActions).values(fresh.map((a) => ({ id: crypto.randomUUID(), teamId, propertyId, ...a }))).onConflictDoNothing();
    }
    const wanted = new Set(candidates.map(keyOf));
    const stale = existing.filter((a) => !wanted.has(keyOf(a))).map((a) => a.id);
    if (stale.length) await tx.update(nextBestActions).set({ status: 'resolved', completedAt: now }).where(inArray(nextBestActions.id, stale));
    const open = await tx.select().from(nextBestActions).where(openWhere).orderBy(asc(nextBestActions.createdAt), asc(nextBestActions.ruleId), asc(nextBestActions.subjectId));
    return { created: fresh.length, resolved: stale.length, open };
  });
}

/** POST /properties/{id}/next-best-actions/generate, on the properties router. */
export function registerGenerateActions(app: OpenAPIHono<AppEnv>): void {
  app.openapi(generate, async (c) => {
    const propertyId = c.req.valid('param').id;
    const result = await generateNextBestActions(c.get('db'), c.get('user').teamId, propertyId);
    const body = { property_id: propertyId, created: result.created, resolved: result.resolved, items: result.open.map(nextBestActionJson) };
    if (result.created || result.resolved) await announce(c, 'next_best_action.generated', body);
    return c.json(body, 200);
  });
}

export function registerNextBestActions(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const where = and(
      eq(nextBestActions.teamId, c.get('user').teamId),
      eq(nextBestActions.status, query.status),
      query.property_id === undefined ? undefined : eq(nextBestActions.propertyId, query.property_id),
    );
    return c.json(await listPage(c.get('db'), { table: nextBestActions, where, page: query, toItem: nextBestActionJson }), 200);
  });

  app.openapi(complete, async (c) => {
    const user = c.get('user');
    const scope = { teamId: user.teamId, id: c.req.valid('param').id };
    const row = await c.get('db').transaction(async (tx) => {
      const current = await findInTeam(tx, nextBestActions, scope, { noun: 'next-best-action', lock: true });
      if (current.status !== 'open') throw new ProblemError(409, { detail: `Action ${scope.id} is already ${current.status}; only open actions can be completed.` });
      const [done] = await tx.update(nextBestActions).set({ status: 'done', completedBy: user.id, completedAt: new Date() }).where(inTeam(nextBestActions, scope)).returning();
      return done;
    });
    const action = nextBestActionJson(row);
    await announce(c, 'next_best_action.completed', action);
    return c.json(action, 200);
  });
}
