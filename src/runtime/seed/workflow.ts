/**
 * The seed's workflow step: a few demo tasks, a smart list and the next-best-actions of every
 * demo property, so a demo opens on a populated workflow. Tasks are found by title and smart lists
 * by name; next-best-action generation is idempotent on its own (it never opens an action twice).
 */
import { DEMO_AGENT, DEMO_PROPERTIES } from './data.js';
import type { SeedContext, SeedCounts, SeedStep } from './index.js';

interface DemoTask {
  title: string;
  notes: string;
  dueInDays: number;
  property?: string;
  lead?: string;
  toAgent: boolean;
}

const DEMO_TASKS: DemoTask[] = [
  { title: 'Call Jane about the 123 Demo St brochure', notes: 'She opened the brochure twice; ask about a viewing.', dueInDays: 1, property: '123 Demo St', lead: 'jane.prospect@demo.reos.test', toAgent: true },
  { title: 'Send Mei the Elm Row HOA documents', notes: 'Her lender asked for them before the appraisal.', dueInDays: 2, property: '77 Elm Row', lead: 'mei.chen@demo.reos.test', toAgent: false },
  { title: 'Prepare the counter-offer for 15 Lakeshore Blvd', notes: 'Seller will not go below 1.2M.', dueInDays: 3, property: '15 Lakeshore Blvd', toAgent: false },
];

const DEMO_SMART_LIST = { name: 'Family homes in play (3+ bedrooms)', filters: { min_bedrooms: 3, stages: ['new', 'outreach', 'contacted', 'qualified', 'negotiating'] } };

type Item = { id: string; [key: string]: unknown };
const DAY_MS = 24 * 60 * 60 * 1000;

async function titles(ctx: SeedContext, path: string, key: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (let offset = 0; ; offset += 100) {
    const page = (await ctx.api.call('GET', `${path}?limit=100&offset=${offset}`, { token: ctx.token, expect: [200] })) as { items: Item[]; total: number };
    for (const item of page.items) found.add(item[key] as string);
    if (offset + page.items.length >= page.total || page.items.length === 0) return found;
  }
}

async function seedTasks(ctx: SeedContext): Promise<number> {
  const existing = await titles(ctx, '/workflow/tasks', 'title');
  let created = 0;
  for (const task of DEMO_TASKS.filter((t) => !existing.has(t.title))) {
    const body = {
      title: task.title,
      notes: task.notes,
      due_at: new Date(Date.now() + task.dueInDays * DAY_MS).toISOString(),
      property_id: task.property ? ctx.ids.get(`property:${task.property}`) : undefined,
      lead_id: task.lead ? ctx.ids.get(`lead:${task.lead}`) : undefined,
      ...(task.toAgent ? { assignee_id: ctx.ids.get(`user:${DEMO_AGENT.email}`) } : {}),
    };
    await ctx.api.call('POST', '/workflow/tasks', { token: ctx.token, body, expect: [201] });
    created++;
  }
  return created;
}

async function seedSmartList(ctx: SeedContext): Promise<number> {
  if ((await titles(ctx, '/workflow/smart-lists', 'name')).has(DEMO_SMART_LIST.name)) return 0;
  await ctx.api.call('POST', '/workflow/smart-lists', { token: ctx.token, body: DEMO_SMART_LIST, expect: [201] });
  return 1;
}

async function seedActions(ctx: SeedContext): Promise<{ created: number; open: number }> {
  let created = 0;
  let open = 0;
  for (const { address } of DEMO_PROPERTIES) {
    const id = ctx.ids.get(`property:${address}`)!;
    const result = (await ctx.api.call('POST', `/properties/${id}/next-best-actions/generate`, { token: ctx.token, expect: [200] })) as { created: number; items: unknown[] };
    created += result.created;
    open += result.items.length;
  }
  return { created, open };
}

export const workflowStep: SeedStep = {
  name: 'workflow',
  async run(ctx): Promise<SeedCounts> {
    const tasks = await seedTasks(ctx);
    const lists = await seedSmartList(ctx);
    const actions = await seedActions(ctx);
    const created = tasks + lists + actions.created;
    return { created, existing: DEMO_TASKS.length - tasks + (1 - lists) + actions.open - actions.created };
  },
};
