/**
 * GET /onboarding/presets and POST /onboarding/presets/{name}/apply. Applying sets the team's
 * pipeline stages, installs the preset's campaign templates (matched by name) and its cadence
 * rules, in one transaction. Idempotent: a second apply finds everything in place, changes
 * nothing and says so (`changed: false`). Admins only: it reshapes the whole team's pipeline.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, inArray } from 'drizzle-orm';
import { campaignTemplates } from '../campaigns/tables.js';
import type { Db } from '../db/client.js';
import { announce } from '../events/announce.js';
import { requireRole } from '../lib/auth-guard.js';
import type { AppEnv, AuthUser } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { cadenceRules } from '../compliance/tables.js';
import { upsertCadenceRules, type CadenceRuleRow } from '../compliance/cadence.js';
import { findPreset, PRESETS, type Preset, type PresetCadenceRule } from './presets.js';
import { PresetApplied, PresetList, PresetParams } from './schema.js';
import { teamStages } from './stages.js';
import { teamPipelineSettings } from './tables.js';

const tags = ['onboarding'];

const list = createRoute({
  method: 'get', path: '/presets', tags, summary: 'List onboarding presets',
  description: 'Each preset’s pipeline stages, campaign templates and cadence rules, with the team’s current pipeline, so a client can show what POST /onboarding/presets/{name}/apply would change.', security: bearerAuth,
  responses: { 200: jsonResponse(PresetList, 'The presets and your team’s current pipeline'), ...errors(401) },
});
const apply = createRoute({
  method: 'post', path: '/presets/{name}/apply', tags, summary: 'Apply a preset: pipeline stages, campaign templates, cadence rules',
  description: 'Idempotent: applying the same preset again changes nothing (`changed: false`). Properties in a stage the new pipeline lacks keep it, but new writes must use the team’s stages (422 otherwise). Admins only.',
  security: bearerAuth, middleware: [requireRole('admin')] as const,
  request: { params: PresetParams },
  responses: { 200: jsonResponse(PresetApplied, 'What the apply changed'), ...errors(401, 403, 404) },
});

async function applyStages(tx: Db, teamId: string, preset: Preset): Promise<boolean> {
  const [current] = await tx.select().from(teamPipelineSettings).where(eq(teamPipelineSettings.teamId, teamId)).for('update');
  if (current && current.preset === preset.name && JSON.stringify(current.stages) === JSON.stringify(preset.stages)) return false;
  const values = { stages: [...preset.stages], preset: preset.name, updatedAt: new Date() };
  await tx.insert(teamPipelineSettings).values({ teamId, ...values }).onConflictDoUpdate({ target: teamPipelineSettings.teamId, set: values });
  return true;
}

async function installTemplates(tx: Db, user: AuthUser, preset: Preset): Promise<string[]> {
  const names = preset.templates.map((t) => t.name);
  const existing = await tx.select({ name: campaignTemplates.name }).from(campaignTemplates).where(and(eq(campaignTemplates.teamId, user.teamId), inArray(campaignTemplates.name, names)));
  const have = new Set(existing.map((t) => t.name));
  const missing = preset.templates.filter((t) => !have.has(t.name));
  if (missing.length === 0) return [];
  const rows = missing.map((t) => ({ id: crypto.randomUUID(), teamId: user.teamId, createdBy: user.id, name: t.name, subject: t.subject, bodyText: t.body_text, bodyHtml: null, variables: [] }));
  await tx.insert(campaignTemplates).values(rows);
  return rows.map((r) => r.id);
}

const sameRule = (row: CadenceRuleRow, rule: PresetCadenceRule) =>
  row.channel === rule.channel && row.enabled &&
  row.maxMessages === (rule.maxMessages ?? null) && row.windowDays === (rule.windowDays ?? null) &&
  row.quietStartHour === (rule.quietStartHour ?? null) && row.quietEndHour === (rule.quietEndHour ?? null);

/** Writes only the preset's rules that are missing or differ, so a second apply bumps no version. */
async function installCadence(tx: Db, user: AuthUser, preset: Preset): Promise<number> {
  const names = preset.cadence.map((r) => r.name);
  const existing = await tx.select().from(cadenceRules).where(and(eq(cadenceRules.teamId, user.teamId), inArray(cadenceRules.name, names)));
  const byName = new Map(existing.map((r) => [r.name, r]));
  const changed = preset.cadence.filter((rule) => !byName.has(rule.name) || !sameRule(byName.get(rule.name)!, rule));
  if (changed.length) await upsertCadenceRules(tx, user.teamId, changed, user.id);
  return changed.length;
}

export function registerPresets(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const current = await teamStages(c.get('db'), c.get('user').teamId);
    const items = PRESETS.map((p) => ({
      name: p.name, title: p.title, description: p.description, stages: [...p.stages],
      templates: p.templates.map((t) => t.name), cadence_rules: p.cadence.map((r) => r.name), applied: current.preset === p.name,
    }));
    return c.json({ items, current }, 200);
  });

  app.openapi(apply, async (c) => {
    const user = c.get('user');
    const { name } = c.req.valid('param');
    const preset = findPreset(name);
    if (!preset) throw new ProblemError(404, { detail: `No preset named ${name}; GET /onboarding/presets lists them (${PRESETS.map((p) => p.name).join(', ')}).` });
    const result = await c.get('db').transaction(async (tx) => ({
      stagesChanged: await applyStages(tx, user.teamId, preset),
      templates: await installTemplates(tx, user, preset),
      cadence: await installCadence(tx, user, preset),
    }));
    const changed = result.stagesChanged || result.templates.length > 0 || result.cadence > 0;
    const body = { preset: preset.name, stages: [...preset.stages], changed, stages_changed: result.stagesChanged, templates_created: result.templates, cadence_rules: result.cadence };
    if (changed) await announce(c, 'onboarding.preset_applied', body);
    return c.json(body, 200);
  });
}
