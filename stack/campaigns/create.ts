/**
 * POST /campaigns: a campaign from a template, to a list of addresses or the team's leads
 * matching a filter. One row per recipient is recorded with the campaign, in one transaction.
 * Unless `draft: true`, it answers 202 with the campaign `sending` and a `campaign.deliver` job
 * queued in the same transaction (deliver-job.ts): the mail goes out from the job worker, so a
 * slow or dead relay never holds the request and a restart loses no delivery.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { checkReferences } from '../lib/team-scope.js';
import { invalidRequest } from '../lib/validation.js';
import { wakeWorkers } from '../jobs/queue.js';
import { insertCampaignDelivery } from './deliver-job.js';
import { resolveRecipients } from './recipients.js';
import { assertTemplateVariables, customVariablesOf, usesPropertyVariables } from './render.js';
import { Campaign, CampaignCreate } from './schema.js';
import { campaignJson, type TemplateJson } from './serialize.js';
import { findTemplate } from './templates.js';
import { campaignRecipients, campaigns } from './tables.js';

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['campaigns'],
  summary: 'Create a campaign and send it (202), or save it as a draft (201)',
  description: 'Recipients are `recipients` (addresses) or `lead_filter` (your leads with an email). Unsubscribed addresses are skipped and counted. Follow delivery with GET /campaigns/{id} and /campaigns/{id}/stats.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(CampaignCreate) },
  responses: {
    201: { ...jsonResponse(Campaign, 'The draft, not sent'), headers: { Location: { schema: { type: 'string' }, description: 'URL of the campaign' } } },
    202: { ...jsonResponse(Campaign, 'Accepted: the campaign is sending'), headers: { Location: { schema: { type: 'string' }, description: 'URL of the campaign' } } },
    ...errors(400, 401, 403, 415, 422),
  },
});

/** The template and what the campaign must bring for it: a property for property.*, a value per custom variable. */
async function checkedTemplate(c: Context<AppEnv>, body: z.infer<typeof CampaignCreate>): Promise<TemplateJson> {
  const template = await findTemplate(c.get('db'), c.get('user').teamId, body.template_id);
  if (!template) throw invalidRequest('The template does not exist.', [{ detail: `No template with id ${body.template_id} (shipped or of your team)`, pointer: '/template_id' }]);
  const subject = body.subject ?? template.subject;
  assertTemplateVariables({ ...template, subject });
  const missing = customVariablesOf({ ...template, subject }).filter((name) => body.variables?.[name] === undefined);
  if (missing.length > 0) {
    throw invalidRequest(`The template needs values for ${missing.join(', ')}.`, missing.map((name) => ({ detail: `Give a value for {{${name}}}`, pointer: `/variables/${name}` })));
  }
  if (!body.property_id && usesPropertyVariables({ ...template, subject })) {
    throw invalidRequest(`The template ${template.id} uses property details.`, [{ detail: 'Name the property the campaign is about', pointer: '/property_id' }]);
  }
  await checkReferences(c.get('db'), c.get('user').teamId, [{ kind: 'property', id: body.property_id, pointer: '/property_id' }]);
  return { ...template, subject };
}

export function registerCreateCampaign(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const db = c.get('db');
    const template = await checkedTemplate(c, body);
    const recipients = await resolveRecipients(db, user.teamId, body);
    const draft = body.draft === true;
    const id = crypto.randomUUID();
    const row = await db.transaction(async (tx) => {
      const [campaign] = await tx
        .insert(campaigns)
        .values({
          id,
          teamId: user.teamId,
          createdBy: user.id,
          name: body.name,
          subject: template.subject,
          templateId: template.id,
          bodyText: template.body_text,
          bodyHtml: template.body_html,
          propertyId: body.property_id ?? null,
          variables: body.variables ?? {},
          status: draft ? 'draft' : 'sending',
          recipientCount: recipients.length,
          linkBase: c.get('config').publicUrl ?? new URL(c.req.url).origin,
          sentAt: draft ? null : new Date(),
        })
        .returning();
      await tx.insert(campaignRecipients).values(recipients.map((r) => ({ id: crypto.randomUUID(), teamId: user.teamId, campaignId: id, email: r.email, leadId: r.leadId })));
      if (!draft) await insertCampaignDelivery(tx, campaign);
      return campaign;
    });
    const json = campaignJson(row);
    const headers = { Location: `/campaigns/${id}` };
    if (draft) return c.json(json, 201, headers);
    // Announced before the worker is woken, so campaign.sent comes before campaign.completed.
    await announce(c, 'campaign.sent', json);
    wakeWorkers();
    return c.json(json, 202, headers);
  });
}
