/** GET /quick-wins/templates?stage=: the campaign templates suited to each property stage (stage-templates.ts). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { shippedTemplate } from '../campaigns/shipped-templates.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { PROPERTY_STAGES, type PropertyStage } from '../properties/schema.js';
import { StageQuery, StageTemplateList } from './schema.js';
import { SMS_TEXT, STAGE_TEMPLATES } from './stage-templates.js';

const route = createRoute({
  method: 'get', path: '/templates', tags: ['quick-wins'], summary: 'Templates suited to a property stage',
  description: 'The shipped campaign templates by stage (new/outreach: new_listing; contacted: follow_up; qualified: open_house; negotiating and lost: price_drop; under_contract and closed: follow_up; archived: none), the first being the default.',
  security: bearerAuth, request: { query: StageQuery }, responses: { 200: jsonResponse(StageTemplateList, 'One entry per stage asked'), ...errors(401, 422) },
});

export function stageTemplates(stage: PropertyStage) {
  const templates = STAGE_TEMPLATES[stage].map((id) => {
    const t = shippedTemplate(id)!;
    return { id: t.id, name: t.name, subject: t.subject, sms_text: SMS_TEXT[id] ?? null };
  });
  return { stage, default_template_id: templates[0]?.id ?? null, templates };
}

export function registerQuickWinTemplates(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, (c) => {
    const { stage } = c.req.valid('query');
    return c.json({ items: (stage ? [stage] : [...PROPERTY_STAGES]).map(stageTemplates) }, 200);
  });
}
