/**
 * The seed's compliance step: one do-not-call number, one opt-out, one consent record and one
 * cadence rule, so a demo shows the compliance lists populated. Written through the API like
 * the other steps and matched by natural key (the number, the address, lead + type, the rule's
 * name), so a second run creates nothing. Chosen so they never block the demo's own sends:
 * addresses that are not demo leads, a consent grant, and a rule on calls (which are logged, not sent).
 */
import { DEMO_LEADS } from './data.js';
import type { SeedContext, SeedCounts, SeedStep } from './index.js';

export const DEMO_DNC = { phone: '+15550100999', reason: 'Asked not to be called (demo)', source: 'seed' };
export const DEMO_OPT_OUT = { kind: 'email', value: 'do-not-mail@demo.reos.test', reason: 'Unsubscribed by phone (demo)', source: 'seed' };
export const DEMO_CADENCE_RULE = { name: 'No more than 2 calls a day', channel: 'call', max_messages: 2, window_days: 1 };

type Listed = { items: Array<Record<string, unknown>>; total: number };

async function dnc(ctx: SeedContext): Promise<boolean> {
  const check = (await ctx.api.call('GET', `/compliance/dnc/check?phone=${encodeURIComponent(DEMO_DNC.phone)}`, { token: ctx.token, expect: [200] })) as { listed: boolean };
  if (check.listed) return false;
  await ctx.api.call('POST', '/compliance/dnc', { token: ctx.token, body: DEMO_DNC, expect: [201] });
  return true;
}

async function optOut(ctx: SeedContext): Promise<boolean> {
  const listed = (await ctx.api.call('GET', '/compliance/opt-outs?kind=email&limit=100', { token: ctx.token, expect: [200] })) as Listed;
  if (listed.items.some((o) => o.value === DEMO_OPT_OUT.value)) return false;
  await ctx.api.call('POST', '/compliance/opt-outs', { token: ctx.token, body: DEMO_OPT_OUT, expect: [201] });
  return true;
}

async function consent(ctx: SeedContext): Promise<boolean> {
  const leadId = ctx.ids.get(`lead:${DEMO_LEADS[0].email}`)!;
  const listed = (await ctx.api.call('GET', `/compliance/consents?lead_id=${leadId}&consent_type=email_marketing`, { token: ctx.token, expect: [200] })) as Listed;
  if (listed.total > 0) return false;
  const body = { lead_id: leadId, address: DEMO_LEADS[0].email, consent_type: 'email_marketing', granted: true, source: 'open house sign-in sheet' };
  await ctx.api.call('POST', '/compliance/consents', { token: ctx.token, body, expect: [201] });
  return true;
}

async function cadenceRule(ctx: SeedContext): Promise<boolean> {
  const listed = (await ctx.api.call('GET', '/compliance/cadence-rules', { token: ctx.token, expect: [200] })) as Listed;
  if (listed.items.some((r) => r.name === DEMO_CADENCE_RULE.name)) return false;
  await ctx.api.call('POST', '/compliance/cadence-rules', { token: ctx.token, body: DEMO_CADENCE_RULE, expect: [201] });
  return true;
}

export const complianceStep: SeedStep = {
  name: 'compliance',
  async run(ctx): Promise<SeedCounts> {
    const made = [await dnc(ctx), await optOut(ctx), await consent(ctx), await cadenceRule(ctx)];
    const created = made.filter(Boolean).length;
    return { created, existing: made.length - created };
  },
};
