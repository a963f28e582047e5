/**
 * GET /portfolio/template-performance: per campaign template, what its campaigns achieved:
 * sends (the relay took the mail), delivered and failed (provider events), opens and clicks
 * (provider counters), unsubscribes (recipients who joined the team's list after the
 * campaign was made), and each as a rate of sends.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, count, countDistinct, eq, gte, isNotNull, sql, sum } from 'drizzle-orm';
import { campaignRecipients, campaigns, campaignTemplates, unsubscribes } from '../db/schema.js';
import { shippedTemplate } from '../campaigns/shipped-templates.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { TemplatePerformance } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/template-performance',
  tags: ['portfolio'],
  summary: 'How each campaign template performs',
  description: 'Rates are percent of sends (2 decimals; null before any send). Opens and clicks are provider events, so a rate can pass 100% when recipients open twice.',
  security: bearerAuth,
  responses: { 200: jsonResponse(TemplatePerformance, 'One row per template used by a campaign, most sends first'), ...errors(401) },
});

const rate = (part: number, sends: number) => (sends > 0 ? Math.round((part / sends) * 10_000) / 100 : null);

export function registerTemplatePerformance(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const db = c.get('db');
    const teamId = c.get('user').teamId;
    const ofTeam = eq(campaigns.teamId, teamId);
    const [totals, recipients, unsubscribed, names] = await Promise.all([
      db.select({ templateId: campaigns.templateId, campaigns: count(), opens: sum(campaigns.opens), clicks: sum(campaigns.clicks) }).from(campaigns).where(ofTeam).groupBy(campaigns.templateId),
      db
        .select({
          templateId: campaigns.templateId,
          sends: sql<number>`count(*) filter (where ${campaignRecipients.sentAt} is not null)`.mapWith(Number),
          delivered: sql<number>`count(*) filter (where ${campaignRecipients.status} = 'delivered')`.mapWith(Number),
          failed: sql<number>`count(*) filter (where ${campaignRecipients.status} = 'failed')`.mapWith(Number),
        })
        .from(campaignRecipients)
        .innerJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId))
        .where(and(ofTeam, eq(campaignRecipients.teamId, teamId)))
        .groupBy(campaigns.templateId),
      db
        .select({ templateId: campaigns.templateId, n: countDistinct(unsubscribes.email) })
        .from(campaignRecipients)
        .innerJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId))
        .innerJoin(unsubscribes, and(eq(unsubscribes.teamId, teamId), eq(unsubscribes.email, sql`lower(${campaignRecipients.email})`), gte(unsubscribes.createdAt, campaigns.createdAt)))
        .where(and(ofTeam, isNotNull(campaignRecipients.sentAt)))
        .groupBy(campaigns.templateId),
      db.select({ id: campaignTemplates.id, name: campaignTemplates.name }).from(campaignTemplates).where(eq(campaignTemplates.teamId, teamId)),
    ]);
    const items = totals.map((t) => {
      const r = recipients.find((x) => x.templateId === t.templateId);
      const sends = r?.sends ?? 0;
      const delivered = r?.delivered ?? 0;
      const opens = Number(t.opens ?? 0);
      const clicks = Number(t.clicks ?? 0);
      const unsubs = unsubscribed.find((x) => x.templateId === t.templateId)?.n ?? 0;
      return {
        template_id: t.templateId,
        name: shippedTemplate(t.templateId)?.name ?? names.find((n) => n.id === t.templateId)?.name ?? null,
        campaigns: t.campaigns,
        sends,
        delivered,
        failed: r?.failed ?? 0,
        opens,
        clicks,
        unsubscribes: unsubs,
        delivery_rate: rate(delivered, sends),
        open_rate: rate(opens, sends),
        click_rate: rate(clicks, sends),
        unsubscribe_rate: rate(unsubs, sends),
      };
    });
    items.sort((a, b) => b.sends - a.sends || a.template_id.localeCompare(b.template_id));
    return c.json({ items }, 200);
  });
}
