/**
 * Templates under /campaigns/templates: the shipped ones (every team, read-only, stable ids) and
 * the team's own (generated ids). Variables are checked when a template is saved: a placeholder
 * that is neither known nor declared is a 422 naming it.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { findInTeam } from '../lib/team-scope.js';
import { isStorableText } from '../lib/text.js';
import { assertTemplateVariables } from './render.js';
import { Template, TemplateCreate, TemplateList, TemplateUpdate } from './schema.js';
import { templateJson, shippedTemplateJson, type TemplateJson } from './serialize.js';
import { SHIPPED_TEMPLATES, shippedTemplate } from './shipped-templates.js';
import { campaignTemplates } from './tables.js';

/** A shipped template or one of the team's; undefined when neither has this id. */
export async function findTemplate(db: Db, teamId: string, id: string): Promise<TemplateJson | undefined> {
  const shipped = shippedTemplate(id);
  if (shipped) return shippedTemplateJson(shipped);
  if (!isStorableText(id)) return undefined;
  const [row] = await db.select().from(campaignTemplates).where(and(eq(campaignTemplates.id, id), eq(campaignTemplates.teamId, teamId)));
  return row ? templateJson(row) : undefined;
}

function refuseShipped(id: string): void {
  if (shippedTemplate(id)) {
    throw new ProblemError(403, { detail: `The template ${id} ships with the platform and is read-only; create your own with POST /campaigns/templates.` });
  }
}

const tags = ['campaigns'];
const TEMPLATE_PATH = '/templates/{id}';

const list = createRoute({ method: 'get', path: '/templates', tags, summary: 'List mail templates (shipped and your team’s)', description: 'The shipped templates (read-only, stable ids such as new_listing) come first, then your team’s own.', security: bearerAuth, responses: { 200: jsonResponse(TemplateList, 'Shipped templates first, then yours, oldest first'), ...errors(401) } });
const get = createRoute({ method: 'get', path: TEMPLATE_PATH, tags, summary: 'Get a mail template', description: 'A shipped template or one of your team’s; any other id is 404.', security: bearerAuth, request: { params: IdParams }, responses: { 200: jsonResponse(Template, 'The template'), ...errors(401, 404) } });
const create = createRoute({
  method: 'post',
  path: '/templates',
  tags,
  summary: 'Create a mail template; every {{variable}} must be known or declared',
  description: 'A placeholder that is neither a known variable (lead.name, agent.name, unsubscribe_url ...) nor listed in `variables` is a 422 naming it.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(TemplateCreate) },
  responses: { 201: { ...jsonResponse(Template, 'The new template'), headers: { Location: { schema: { type: 'string' }, description: 'URL of the template' } } }, ...errors(400, 401, 403, 415, 422) },
});
const update = createRoute({
  method: 'patch',
  path: TEMPLATE_PATH,
  tags,
  summary: 'Change a template of your team (shipped ones are read-only)',
  description: 'Send only what changes; placeholders are checked again. A shipped template’s id is 403, another team’s is 404.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, body: jsonBody(TemplateUpdate) },
  responses: { 200: jsonResponse(Template, 'The template'), ...errors(400, 401, 403, 404, 415, 422) },
});
const remove = createRoute({
  method: 'delete',
  path: TEMPLATE_PATH,
  tags,
  summary: 'Delete a template of your team (campaigns keep the text they were made with)',
  description: 'Shipped templates cannot be deleted (403); another team’s id is 404.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) },
});

export function registerTemplateRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const rows = await c.get('db').select().from(campaignTemplates).where(eq(campaignTemplates.teamId, c.get('user').teamId)).orderBy(asc(campaignTemplates.createdAt), asc(campaignTemplates.id));
    const items = [...SHIPPED_TEMPLATES.map(shippedTemplateJson), ...rows.map(templateJson)];
    return c.json({ items, total: items.length }, 200);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const found = await findTemplate(c.get('db'), c.get('user').teamId, id);
    if (!found) throw new ProblemError(404, { detail: `No template with id ${id}` });
    return c.json(found, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    assertTemplateVariables(body);
    const user = c.get('user');
    const [row] = await c
      .get('db')
      .insert(campaignTemplates)
      .values({ id: crypto.randomUUID(), teamId: user.teamId, createdBy: user.id, name: body.name, subject: body.subject, bodyText: body.body_text, bodyHtml: body.body_html ?? null, variables: body.variables })
      .returning();
    return c.json(templateJson(row), 201, { Location: `/campaigns/templates/${row.id}` });
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    refuseShipped(id);
    const body = c.req.valid('json');
    const db = c.get('db');
    const scope = { teamId: c.get('user').teamId, id };
    const row = await db.transaction(async (tx) => {
      const current = templateJson(await findInTeam(tx, campaignTemplates, scope, { noun: 'template', lock: true }));
      const next = { ...current, ...body, body_html: body.body_html === undefined ? current.body_html : body.body_html };
      assertTemplateVariables(next);
      const [saved] = await tx
        .update(campaignTemplates)
        .set({ name: next.name, subject: next.subject, bodyText: next.body_text, bodyHtml: next.body_html, variables: next.variables, updatedAt: new Date() })
        .where(and(eq(campaignTemplates.id, id), eq(campaignTemplates.teamId, scope.teamId)))
        .returning();
      return saved;
    });
    return c.json(templateJson(row), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    refuseShipped(id);
    const scope = { teamId: c.get('user').teamId, id };
    await findInTeam(c.get('db'), campaignTemplates, scope, { noun: 'template' });
    await c.get('db').delete(campaignTemplates).where(and(eq(campaignTemplates.id, id), eq(campaignTemplates.teamId, scope.teamId)));
    return c.body(null, 204);
  });
}
