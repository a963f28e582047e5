/**
 * `reos db seed` through the built CLI on an embedded database in a private cwd: the demo data
 * lands through the API's routes (stages, activities, the deal pipeline), and a second run
 * creates nothing and changes no row of any table it touches.
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../stack/db/client.js';
import { removeTemps, runReos, STACK_TIMEOUT, tempDir } from './helpers.js';

afterAll(removeTemps);

const TABLES = ['teams', 'users', 'properties', 'property_events', 'leads', 'lead_activities', 'deals', 'deal_events', 'domain_events', 'investors', 'deal_scenarios', 'deal_rooms', 'share_links', 'property_signals', 'jobs', 'tasks', 'smart_lists', 'next_best_actions'];

/** Every row of every seeded table (refresh tokens aside: each login makes one). */
async function snapshot(dataDir: string): Promise<Record<string, unknown[]>> {
  const database = await openDatabase({ dataDir, migrate: false });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) out[table] = ((await database.db.execute(sql.raw(`select * from ${table} order by 1`))) as unknown as { rows: unknown[] }).rows;
    return out;
  } finally {
    await database.close();
  }
}

interface SeedJson {
  created: number;
  team: { id: string; name: string };
  users: { email: string; password: string; role: string }[];
  steps: Record<string, { created: number; existing: number }>;
}

describe('reos db seed', () => {
  it('loads the demo data once, and a second run changes nothing', { timeout: STACK_TIMEOUT }, async () => {
    const cwd = tempDir();
    const dataDir = path.join(cwd, '.reos');
    const first = await runReos(['db', 'seed', '--json'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const seeded = JSON.parse(first.stdout) as SeedJson;
    expect(seeded.steps).toEqual({
      users: { created: 1, existing: 0 },
      properties: { created: 8, existing: 0 },
      leads: { created: 6, existing: 0 },
      activities: { created: 8, existing: 0 },
      deals: { created: 6, existing: 0 },
      portfolio: { created: 5, existing: 0 },
      data: { created: 8, existing: 0 },
      // 3 tasks, 1 smart list, and "add photos" on each of the 6 active properties.
      workflow: { created: 10, existing: 0 },
      compliance: { created: 4, existing: 0 },
    });
    expect(seeded.users.map((u) => [u.email, u.role])).toEqual([
      ['owner@demo.reos.test', 'admin'],
      ['agent@demo.reos.test', 'agent'],
    ]);

    const before = await snapshot(dataDir);
    expect(new Set(before.properties.map((p) => (p as { stage: string }).stage))).toEqual(new Set(['new', 'outreach', 'contacted', 'qualified', 'negotiating', 'under_contract', 'closed', 'lost']));
    expect(new Set(before.deals.map((d) => (d as { status: string }).status))).toEqual(new Set(['prospecting', 'offer_made', 'negotiation', 'under_contract', 'closed_won', 'closed_lost']));
    // Moved by PATCH, so the pipeline history and the domain events are the API's own.
    expect(before.deal_events.length).toBeGreaterThan(before.deals.length);
    expect(before.domain_events.length).toBeGreaterThan(0);
    // Two investors, a scenario, a deal room and an active share link for the demo's first deal.
    expect([before.investors.length, before.deal_scenarios.length, before.deal_rooms.length, before.share_links.length]).toEqual([2, 1, 1, 1]);
    // Seven demo signals and one enrichment, queued for the stack's worker.
    expect(before.property_signals).toHaveLength(7);
    expect(before.jobs.map((j) => (j as { type: string; state: string }).type + ':' + (j as { state: string }).state)).toEqual(['property.enrichment:queued']);

    const second = await runReos(['db', 'seed'], { cwd });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('nothing changed');
    expect(second.stdout).toContain('owner@demo.reos.test  Demo-Owner-2026!');
    expect(await snapshot(dataDir)).toEqual(before);
  });
});
