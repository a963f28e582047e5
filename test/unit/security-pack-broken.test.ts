/**
 * The broken build: the same stack with tenant scoping turned off by this test (reads by id
 * ignore team_id), which is what a forgotten `team_id` filter does. The security pack must
 * catch it: NO-GO, with the BOLA scenario (api1-bola) failed by name on the reads by id, and
 * every other scenario unaffected. Nothing in the shipped stack can switch scoping off; the
 * mock lives only in this file.
 */
import { eq, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../../stack/db/client.js';
import type { FindOptions, TeamScope, TeamScopedTable } from '../../stack/lib/team-scope.js';
import { runSecurityPack, SECURITY_SCENARIOS } from '../support/security-pack.js';

vi.mock('../../stack/lib/team-scope.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../stack/lib/team-scope.js')>();
  return {
    ...real,
    // By id only: another team's row is found as if it were the caller's.
    inTeam: (table: TeamScopedTable, scope: TeamScope): SQL => eq(table.id, scope.id),
    findInTeam: async (db: Db, table: TeamScopedTable, scope: TeamScope, options: FindOptions) => {
      const query = db.select().from(table as PgTable).where(eq(table.id, scope.id)).limit(1);
      const [row] = options.lock ? await query.for('update') : await query;
      if (!row) throw real.notFoundInTeam(options.noun, scope.id);
      return row;
    },
  };
});

describe('the security pack against a build without tenant scoping', () => {
  it('is NO-GO, with api1-bola failed on the reads by id and the rest as usual', { timeout: 300_000 }, async () => {
    const run = await runSecurityPack();
    expect(run.summary.verdict).toBe('NO-GO');
    expect(run.exitCode).toBe(1);
    expect(run.statuses['api1-bola']).toBe('failed');
    expect(run.summary.reasons.join('\n')).toContain('api1-bola');
    // B now reads A's property, lead, deal, template, campaign, job ... by id (61 steps today).
    expect(run.failedSteps).toEqual(expect.arrayContaining(['api1-bola/b-get-property', 'api1-bola/b-get-lead', 'api1-bola/b-get-deal']));
    // ... and the newer domains' objects: one route of each, all found through findInTeam.
    const newer = ['b-get-task', 'b-get-smart-list', 'b-complete-nba', 'b-get-share-link', 'b-share-link-analytics', 'b-get-deal-room', 'b-export-deal-room', 'b-get-investor', 'b-list-scenarios', 'b-get-signals', 'b-propensity', 'b-provenance', 'b-data-quality', 'b-delete-dnc', 'b-delete-opt-out', 'b-get-cadence', 'b-get-reconciliation'];
    expect(run.failedSteps).toEqual(expect.arrayContaining(newer.map((step) => `api1-bola/${step}`)));
    // B's writes went through: A finds its task, smart list and cadence rule changed.
    expect(run.failedSteps).toEqual(expect.arrayContaining(['api1-bola/a-task-intact', 'api1-bola/a-smart-list-intact', 'api1-bola/a-cadence-intact']));
    expect(run.failedSteps.every((step) => step.startsWith('api1-bola/'))).toBe(true);
    const others = SECURITY_SCENARIOS.filter((name) => name !== 'api1-bola');
    expect(Object.fromEntries(others.map((name) => [name, run.statuses[name]]))).toEqual(Object.fromEntries(others.map((name) => [name, 'passed'])));
  });
});
