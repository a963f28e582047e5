/**
 * POST /quick-wins/generate-and-send {stage, channel}: for the team's properties at that stage,
 * picks the stage's template (stage-templates.ts), takes each property's linked leads with an
 * address on the channel, asks the send gate for each (recorded decisions), and queues the
 * allowed ones: email as one campaign per property (its `campaign.deliver` job, which asks the
 * gate again before mailing), SMS as one `quick_wins.sms` job per lead. Answers 202 with what
 * was queued and what was blocked and why.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Context } from 'hono';
import { insertCampaignDelivery } from '../campaigns/deliver-job.js';
import { campaignJson } from '../campaigns/serialize.js';
import { campaignRecipients, campaigns } from '../campaigns/tables.js';
import { findTemplate } from '../campaigns/templates.js';
import { checkSend, normalizeRecipient } from '../compliance/gate.js';
import { leads, properties, users } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { wakeWorkers } from '../jobs/queue.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { invalidRequest } from '../lib/validation.js';
import { GenerateAndSend, QuickWinResult } from './schema.js';
import { insertQuickWinSms } from './sms-job.js';
import { smsText, STAGE_TEMPLATES } from './stage-templates.js';

/** Properties one call covers; more at one stage is a sign to segment. */
const MAX_PROPERTIES = 100;

const route = createRoute({
  method: 'post', path: '/generate-and-send', tags: ['quick-wins'], summary: 'Send the stage’s template to every lead of the properties at a stage',
  description: 'Each recipient passes the compliance send gate now (the refused ones are listed in `blocked` with their reasons) and again when its job runs. Email: one campaign per property (follow it with GET /campaigns/{id}); SMS: one job per lead. Replay-safe with Idempotency-Key.',
  security: bearerAuth, middleware: [requireWriter()] as const, request: { body: jsonBody(GenerateAndSend) },
  responses: { 202: jsonResponse(QuickWinResult, 'Queued and blocked recipients'), ...errors(401, 403, 415, 422) },
});

type Body = z.infer<typeof GenerateAndSend>;
type Result = z.infer<typeof QuickWinResult>;
type PropertyRow = typeof properties.$inferSelect;
interface Planned { property: PropertyRow; leadId: string; leadName: string; to: string; sendKey: string; decisionId: string }

function chosenTemplate(body: Body): string {
  const suited = STAGE_TEMPLATES[body.stage];
  if (suited.length === 0) throw invalidRequest(`Properties at stage ${body.stage} are not marketed.`, [{ detail: 'Pick another stage', pointer: '/stage' }]);
  if (body.template_id && !suited.includes(body.template_id)) throw invalidRequest(`The template ${body.template_id} does not suit stage ${body.stage}.`, [{ detail: `must be one of: ${suited.join(', ')}`, pointer: '/template_id' }]);
  return body.template_id ?? suited[0];
}

/** Gate every linked lead with an address on the channel; allowed ones come back planned, the rest fill `result`. */
async function planRecipients(c: Context<AppEnv>, body: Body, props: PropertyRow[], templateId: string, result: Result): Promise<Planned[]> {
  const user = c.get('user');
  const db = c.get('db');
  if (props.length === 0) return [];
  const byId = new Map(props.map((p) => [p.id, p]));
  const linked = await db.select().from(leads).where(and(eq(leads.teamId, user.teamId), inArray(leads.propertyId, [...byId.keys()]))).orderBy(asc(leads.createdAt), asc(leads.id));
  const planned: Planned[] = [];
  const seen = new Set<string>();
  for (const lead of linked) {
    const property = byId.get(lead.propertyId!)!;
    const raw = body.channel === 'email' ? lead.email : lead.phone;
    const to = raw ? normalizeRecipient(body.channel, raw) : undefined;
    if (!to) { result.skipped_no_address++; continue; }
    if (seen.has(`${property.id}:${to}`)) continue;
    seen.add(`${property.id}:${to}`);
    const recipientId = crypto.randomUUID();
    const sendKey = body.channel === 'email' ? `campaign_recipient:${recipientId}` : `quick_win_sms:${recipientId}`;
    const decision = await checkSend(db, {
      teamId: user.teamId, channel: body.channel, to, leadId: lead.id, propertyId: property.id, purpose: 'marketing', actorId: user.id,
      context: { source: 'quick_wins', stage: body.stage, template_id: templateId, send_key: sendKey, request_id: c.get('requestId') },
    });
    if (decision.allowed) planned.push({ property, leadId: lead.id, leadName: lead.name, to, sendKey, decisionId: decision.id });
    else result.blocked.push({ property_id: property.id, lead_id: lead.id, to, decision_id: decision.id, reasons: decision.reasons });
  }
  return planned;
}

async function queueEmail(c: Context<AppEnv>, body: Body, templateId: string, planned: Planned[], result: Result): Promise<Array<typeof campaigns.$inferSelect>> {
  const user = c.get('user');
  const template = (await findTemplate(c.get('db'), user.teamId, templateId))!;
  const groups = new Map<string, Planned[]>();
  for (const p of planned) groups.set(p.property.id, [...(groups.get(p.property.id) ?? []), p]);
  const linkBase = c.get('config').publicUrl ?? new URL(c.req.url).origin;
  return c.get('db').transaction(async (tx) => {
    const made: Array<typeof campaigns.$inferSelect> = [];
    for (const group of groups.values()) {
      const property = group[0].property;
      const id = crypto.randomUUID();
      const [campaign] = await tx.insert(campaigns).values({
        id, teamId: user.teamId, createdBy: user.id, name: `Quick win (${body.stage}): ${property.address}`, subject: template.subject, templateId: template.id,
        bodyText: template.body_text, bodyHtml: template.body_html, propertyId: property.id, variables: {}, status: 'sending', recipientCount: group.length, linkBase, sentAt: new Date(),
      }).returning();
      await tx.insert(campaignRecipients).values(group.map((p) => ({ id: p.sendKey.slice('campaign_recipient:'.length), teamId: user.teamId, campaignId: id, email: p.to, leadId: p.leadId })));
      const job = await insertCampaignDelivery(tx, campaign);
      for (const p of group) result.queued.push({ property_id: property.id, lead_id: p.leadId, to: p.to, decision_id: p.decisionId, campaign_id: id, job_id: job.id });
      made.push(campaign);
    }
    return made;
  });
}

async function queueSms(c: Context<AppEnv>, body: Body, templateId: string, planned: Planned[], result: Result): Promise<void> {
  const user = c.get('user');
  const [agent] = await c.get('db').select({ name: users.name }).from(users).where(eq(users.id, user.id));
  await c.get('db').transaction(async (tx) => {
    for (const p of planned) {
      const text = smsText(templateId, { name: p.leadName, address: p.property.address, city: p.property.city, agent: agent?.name ?? 'your agent' });
      const job = await insertQuickWinSms(tx, user.teamId, user.id, { to: p.to, body: text, lead_id: p.leadId, property_id: p.property.id, send_key: p.sendKey, stage: body.stage });
      result.queued.push({ property_id: p.property.id, lead_id: p.leadId, to: p.to, decision_id: p.decisionId, campaign_id: null, job_id: job.id });
    }
  });
}

export function registerGenerateAndSend(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const user = c.get('user');
    const templateId = chosenTemplate(body);
    const props = await c.get('db').select().from(properties).where(and(eq(properties.teamId, user.teamId), eq(properties.stage, body.stage))).orderBy(asc(properties.createdAt), asc(properties.id)).limit(MAX_PROPERTIES);
    const result: Result = { stage: body.stage, channel: body.channel, template_id: templateId, properties: props.length, queued: [], blocked: [], skipped_no_address: 0 };
    const planned = await planRecipients(c, body, props, templateId, result);
    const made = body.channel === 'email' ? await queueEmail(c, body, templateId, planned, result) : (await queueSms(c, body, templateId, planned, result), []);
    for (const campaign of made) await announce(c, 'campaign.sent', campaignJson(campaign));
    await announce(c, 'quick_wins.queued', { stage: body.stage, channel: body.channel, template_id: templateId, queued: result.queued.length, blocked: result.blocked.length });
    if (result.queued.length > 0) wakeWorkers();
    return c.json(result, 202);
  });
}
