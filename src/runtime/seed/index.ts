/**
 * `reos db seed`: idempotent demo data for presenters, written through the API's own routes
 * (validation, tenant scope, pipeline rules, domain events) by calling the app in process with
 * `app.request()`, on the embedded database or DATABASE_URL. Every record is looked up by its
 * natural key first, so a second run creates nothing and changes nothing.
 *
 * Extension point: SEED_STEPS is an ordered list of `{ name, run(ctx) }`; another domain adds
 * its demo data (e.g. campaign templates) as one more step that reads what earlier steps made
 * (`ctx.ids`) and reports what it created or found.
 */
import type { StackConfig } from '../../../stack/config.js';
import { loadStackConfig } from '../../../stack/config.js';
import type { Database } from '../../../stack/db/client.js';
import { EXIT, ReosError } from '../../errors.js';
import type { DatabaseTarget } from '../database-target.js';
import { withMigratedDatabase } from '../db.js';
import type { EnvMap } from '../env.js';
import { DEMO_AGENT, DEMO_DEALS, DEMO_LEADS, DEMO_OWNER, DEMO_PROPERTIES } from './data.js';
import { apiClient, type ApiClient } from './client.js';
import { portfolioStep } from './portfolio.js';
import { dataStep } from './data-step.js';
import { workflowStep } from './workflow.js';
import { complianceStep } from './compliance.js';

export interface SeedCounts {
  created: number;
  existing: number;
}

export interface SeedResult {
  database: { kind: Database['kind']; location: string };
  team: { id: string; name: string };
  /** Who can log in, with the mock passwords the presenter types. */
  users: { email: string; password: string; role: string }[];
  steps: Record<string, SeedCounts>;
  /** Records this run created, over every step: 0 on a second run. */
  created: number;
}

export interface SeedContext {
  api: ApiClient;
  /** The owner's (admin's) access token. */
  token: string;
  /** Ids by natural key, filled by each step for the next ones: `property:<address>`, `lead:<email>`, `user:<email>`. */
  ids: Map<string, string>;
}

export interface SeedStep {
  name: string;
  run(ctx: SeedContext): Promise<SeedCounts>;
}

type Item = { id: string; [key: string]: unknown };

/** Every item of a collection (pages of 100). */
async function listAll(ctx: SeedContext, path: string): Promise<Item[]> {
  const items: Item[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = (await ctx.api.call('GET', `${path}?limit=100&offset=${offset}`, { token: ctx.token, expect: [200] })) as { items: Item[]; total: number };
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

const agentStep: SeedStep = {
  name: 'users',
  async run(ctx) {
    const team = (await ctx.api.call('GET', '/team', { token: ctx.token, expect: [200] })) as { members: { id: string; email: string }[] };
    const found = team.members.find((m) => m.email === DEMO_AGENT.email);
    if (found) {
      ctx.ids.set(`user:${DEMO_AGENT.email}`, found.id);
      return { created: 0, existing: 1 };
    }
    const member = (await ctx.api.call('POST', '/team/members', { token: ctx.token, body: DEMO_AGENT, expect: [201] })) as Item;
    ctx.ids.set(`user:${DEMO_AGENT.email}`, member.id);
    return { created: 1, existing: 0 };
  },
};

const propertiesStep: SeedStep = {
  name: 'properties',
  async run(ctx) {
    const existing = new Map((await listAll(ctx, '/properties')).map((p) => [p.address as string, p.id]));
    let created = 0;
    for (const property of DEMO_PROPERTIES) {
      let id = existing.get(property.address);
      if (!id) {
        id = ((await ctx.api.call('POST', '/properties', { token: ctx.token, body: property, expect: [201] })) as Item).id;
        created++;
      }
      ctx.ids.set(`property:${property.address}`, id);
    }
    return { created, existing: DEMO_PROPERTIES.length - created };
  },
};

const leadsStep: SeedStep = {
  name: 'leads',
  async run(ctx) {
    const existing = new Map((await listAll(ctx, '/leads')).map((l) => [l.email as string, l.id]));
    let created = 0;
    for (const { activities: _activities, property, toAgent, ...lead } of DEMO_LEADS) {
      let id = existing.get(lead.email);
      if (!id) {
        const body = { ...lead, property_id: ctx.ids.get(`property:${property}`), ...(toAgent ? { assigned_to: ctx.ids.get(`user:${DEMO_AGENT.email}`) } : {}) };
        id = ((await ctx.api.call('POST', '/leads', { token: ctx.token, body, expect: [201] })) as Item).id;
        created++;
      }
      ctx.ids.set(`lead:${lead.email}`, id);
    }
    return { created, existing: DEMO_LEADS.length - created };
  },
};

/** Activities are matched by type and note, so a run interrupted between a lead and its activities completes them. */
const activitiesStep: SeedStep = {
  name: 'activities',
  async run(ctx) {
    let created = 0;
    let total = 0;
    for (const lead of DEMO_LEADS) {
      const leadId = ctx.ids.get(`lead:${lead.email}`)!;
      const listed = (await ctx.api.call('GET', `/leads/${leadId}/activities?limit=100`, { token: ctx.token, expect: [200] })) as { items: { type: string; note: string | null }[] };
      for (const activity of lead.activities) {
        total++;
        if (listed.items.some((a) => a.type === activity.type && a.note === activity.note)) continue;
        await ctx.api.call('POST', `/leads/${leadId}/activities`, { token: ctx.token, body: activity, expect: [201] });
        created++;
      }
    }
    return { created, existing: total - created };
  },
};

/** Deals are created in an open status and moved along the pipeline by PATCH, as a user would. */
const dealsStep: SeedStep = {
  name: 'deals',
  async run(ctx) {
    const existing = new Map((await listAll(ctx, '/deals')).map((d) => [d.title as string, d.id]));
    let created = 0;
    for (const deal of DEMO_DEALS) {
      if (existing.has(deal.title)) continue;
      const body = { title: deal.title, property_id: ctx.ids.get(`property:${deal.property}`), lead_id: ctx.ids.get(`lead:${deal.lead}`), value: deal.value, expected_close_date: deal.expected_close_date, status: deal.start };
      const { id } = (await ctx.api.call('POST', '/deals', { token: ctx.token, body, expect: [201] })) as Item;
      for (const status of deal.moves) await ctx.api.call('PATCH', `/deals/${id}`, { token: ctx.token, body: { status }, expect: [200] });
      created++;
    }
    return { created, existing: DEMO_DEALS.length - created };
  },
};

/** In order; each step may read the ids earlier ones recorded. Campaign templates go after deals. */
export const SEED_STEPS: SeedStep[] = [agentStep, propertiesStep, leadsStep, activitiesStep, dealsStep, workflowStep, portfolioStep, dataStep, complianceStep];

export interface SeedOptions {
  target: DatabaseTarget;
  env: EnvMap;
  version: string;
  steps?: SeedStep[];
}

export async function seedDemoData(options: SeedOptions): Promise<SeedResult> {
  const base = loadStackConfig({ ...options.env, DATABASE_URL: options.target.databaseUrl }, options.version);
  // In process, one caller: the API's limits would only throttle the seed itself.
  const config: StackConfig = { ...base, redisUrl: undefined, rateLimit: { ...base.rateLimit, enabled: false }, logLevel: 'silent' };
  return withMigratedDatabase(options.target, async (database) => {
    const api = await apiClient(database, config);
    try {
      const { token, team } = await ownerSession(api);
      const ctx: SeedContext = { api, token, ids: new Map() };
      const steps: Record<string, SeedCounts> = {};
      for (const step of options.steps ?? SEED_STEPS) steps[step.name] = await step.run(ctx);
      return {
        database: { kind: database.kind, location: database.location },
        team,
        users: [
          { email: DEMO_OWNER.email, password: DEMO_OWNER.password, role: 'admin' },
          { email: DEMO_AGENT.email, password: DEMO_AGENT.password, role: DEMO_AGENT.role },
        ],
        steps,
        created: Object.values(steps).reduce((sum, s) => sum + s.created, 0),
      };
    } finally {
      await api.close();
    }
  });
}

/** Logs the demo owner in, registering them (and so their team) on the first run. */
async function ownerSession(api: ApiClient): Promise<{ token: string; team: { id: string; name: string } }> {
  const credentials = { email: DEMO_OWNER.email, password: DEMO_OWNER.password };
  let login = await api.call('POST', '/auth/login', { body: credentials, expect: [200, 401] });
  if (login === undefined) {
    const registered = await api.call('POST', '/auth/register', { body: DEMO_OWNER, expect: [201, 409] });
    if (registered === undefined) {
      throw new ReosError(`The demo owner ${DEMO_OWNER.email} exists but its password is no longer the demo one.`, {
        hint: 'Seed another database (--database-url, --data-dir), or reset that user; the seed never overwrites a password.',
        exitCode: EXIT.failed,
        code: 'SEED_OWNER_CHANGED',
      });
    }
    login = await api.call('POST', '/auth/login', { body: credentials, expect: [200] });
  }
  const token = (login as { access_token: string }).access_token;
  const team = (await api.call('GET', '/team', { token, expect: [200] })) as { id: string; name: string };
  return { token, team: { id: team.id, name: team.name } };
}

export function formatSeed(result: SeedResult): string {
  const rows = Object.entries(result.steps).map(([name, c]) => `  ${name.padEnd(11)} ${c.created} created, ${c.existing} already there`);
  return [
    result.created === 0 ? `The demo data was already in ${result.database.location}: nothing changed.` : `Seeded ${result.created} record(s) into ${result.database.location}.`,
    `  team        ${result.team.name} (${result.team.id})`,
    ...rows,
    'Log in with (mock passwords, for demos only):',
    ...result.users.map((u) => `  ${u.role.padEnd(6)} ${u.email}  ${u.password}`),
  ].join('\n');
}
