/**
 * The reconciliation checks: each recounts something two ways (the analytics module against the
 * rows, a campaign's stored recipient count against its recipients) or looks for a reference
 * that crosses teams or points at nothing. All of them read the caller's team only; each finding
 * names the check, the row and what was expected.
 */
import { and, count, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { campaignStats, dealStats, propertyStats } from '../analytics/queries.js';
import { campaignRecipients, campaigns } from '../campaigns/tables.js';
import { communications } from '../communications/tables.js';
import type { Db } from '../db/client.js';
import { dealEvents, deals, leadActivities, leadNotes, leads, properties, propertyEvents } from '../db/schema.js';
import { fieldProvenance, propertyParcels, propertySignals } from '../data/tables.js';

export interface Finding {
  check: string;
  resource: string;
  id: string | null;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

export interface ReconciliationCheck {
  name: string;
  description: string;
  run(db: Db, teamId: string): Promise<Finding[]>;
}

/** Rows of `child` (in the team) whose `column` names a row of `parent` that is missing or in another team. */
async function danglingReferences(
  db: Db,
  teamId: string,
  spec: { child: PgTable & { id: PgColumn; teamId: PgColumn }; column: PgColumn; parent: PgTable & { id: PgColumn; teamId: PgColumn } },
): Promise<string[]> {
  const rows = await db
    .select({ id: spec.child.id })
    .from(spec.child as PgTable)
    .where(
      and(
        eq(spec.child.teamId, teamId),
        isNotNull(spec.column),
        sql`not exists (select 1 from ${spec.parent} p where p.id = ${spec.column} and p.team_id = ${teamId})`,
      ),
    )
    .limit(500);
  return rows.map((r) => String(r.id));
}

function referenceCheck(name: string, noun: string, target: string, spec: Parameters<typeof danglingReferences>[2]): ReconciliationCheck {
  return {
    name,
    description: `Every ${noun} that names a ${target} names one that exists in the team`,
    async run(db, teamId) {
      const ids = await danglingReferences(db, teamId, spec);
      return ids.map((id) => ({ check: name, resource: noun, id, message: `${noun} ${id} refers to a ${target} that is deleted or belongs to another team.` }));
    },
  };
}

/** History and data rows whose `team_id` differs from their parent's: orphans a cross-team write would leave. */
function orphanCheck(): ReconciliationCheck {
  const pairs: { noun: string; table: PgTable & { teamId: PgColumn }; id: SQL; parent: PgTable & { id: PgColumn; teamId: PgColumn }; fk: PgColumn }[] = [
    { noun: 'property_event', table: propertyEvents, id: sql`${propertyEvents.id}::text`, parent: properties, fk: propertyEvents.propertyId },
    { noun: 'property_signal', table: propertySignals, id: sql`${propertySignals.id}`, parent: properties, fk: propertySignals.propertyId },
    { noun: 'field_provenance', table: fieldProvenance, id: sql`${fieldProvenance.propertyId} || ':' || ${fieldProvenance.field}`, parent: properties, fk: fieldProvenance.propertyId },
    { noun: 'property_parcel', table: propertyParcels, id: sql`${propertyParcels.propertyId}`, parent: properties, fk: propertyParcels.propertyId },
    { noun: 'lead_activity', table: leadActivities, id: sql`${leadActivities.id}`, parent: leads, fk: leadActivities.leadId },
    { noun: 'lead_note', table: leadNotes, id: sql`${leadNotes.id}`, parent: leads, fk: leadNotes.leadId },
    { noun: 'deal_event', table: dealEvents, id: sql`${dealEvents.id}::text`, parent: deals, fk: dealEvents.dealId },
    { noun: 'campaign_recipient', table: campaignRecipients, id: sql`${campaignRecipients.id}`, parent: campaigns, fk: campaignRecipients.campaignId },
  ];
  return {
    name: 'orphan_rows',
    description: 'History, data and recipient rows belong to the same team as the row they hang off',
    async run(db, teamId) {
      const found = await Promise.all(
        pairs.map(async (pair) => {
          const rows = await db
            .select({ id: pair.id })
            .from(pair.table)
            .where(and(eq(pair.table.teamId, teamId), sql`not exists (select 1 from ${pair.parent} p where p.id = ${pair.fk} and p.team_id = ${teamId})`))
            .limit(200);
          return rows.map((r) => ({ check: 'orphan_rows', resource: pair.noun, id: String(r.id), message: `${pair.noun} ${String(r.id)} hangs off a row that is not in the team.` }));
        }),
      );
      return found.flat();
    },
  };
}

const pipelineCheck: ReconciliationCheck = {
  name: 'analytics_pipeline',
  description: 'The analytics pipeline and property counts equal a recount of the deals and properties',
  async run(db, teamId) {
    const [dealsView, propertiesView, dealRows, [propertyRow]] = await Promise.all([
      dealStats(db, teamId),
      propertyStats(db, teamId),
      db.select({ status: deals.status, n: count() }).from(deals).where(eq(deals.teamId, teamId)).groupBy(deals.status),
      db.select({ n: count() }).from(properties).where(eq(properties.teamId, teamId)),
    ]);
    const findings: Finding[] = [];
    const recount = new Map(dealRows.map((r) => [r.status, r.n]));
    const listed = new Set(dealsView.by_stage.map((s) => s.status as string));
    for (const stage of dealsView.by_stage) {
      const actual = recount.get(stage.status) ?? 0;
      if (actual !== stage.count) findings.push({ check: 'analytics_pipeline', resource: 'deal_stage', id: stage.status, message: `The pipeline shows ${stage.count} deals in ${stage.status}; the deals table holds ${actual}.`, expected: actual, actual: stage.count });
    }
    for (const [status, n] of recount) {
      if (!listed.has(status)) findings.push({ check: 'analytics_pipeline', resource: 'deal_stage', id: status, message: `${n} deal(s) have status ${status}, which the pipeline does not show.`, expected: n, actual: 0 });
    }
    if (propertiesView.total !== propertyRow.n) {
      findings.push({ check: 'analytics_pipeline', resource: 'properties', id: null, message: `Analytics counts ${propertiesView.total} properties; the table holds ${propertyRow.n}.`, expected: propertyRow.n, actual: propertiesView.total });
    }
    return findings;
  },
};

const campaignCountsCheck: ReconciliationCheck = {
  name: 'campaign_recipient_counts',
  description: 'Each campaign’s recipient_count equals its recipient rows, and the analytics total equals both',
  async run(db, teamId) {
    const rows = await db
      .select({ id: campaigns.id, stored: campaigns.recipientCount, actual: sql<number>`(select count(*) from ${campaignRecipients} r where r.campaign_id = ${campaigns.id})`.mapWith(Number) })
      .from(campaigns)
      .where(and(eq(campaigns.teamId, teamId)));
    const findings: Finding[] = rows
      .filter((r) => r.stored !== r.actual)
      .map((r) => ({ check: 'campaign_recipient_counts', resource: 'campaign', id: r.id, message: `Campaign ${r.id} says ${r.stored} recipients but has ${r.actual} recipient rows.`, expected: r.actual, actual: r.stored }));
    const stats = await campaignStats(db, teamId);
    const rowsTotal = rows.reduce((sum, r) => sum + r.actual, 0);
    if (stats.recipients.total !== rowsTotal) {
      findings.push({ check: 'campaign_recipient_counts', resource: 'campaign_stats', id: null, message: `Analytics counts ${stats.recipients.total} recipients; the team’s campaigns have ${rowsTotal}.`, expected: rowsTotal, actual: stats.recipients.total });
    }
    return findings;
  },
};

export const RECONCILIATION_CHECKS: ReconciliationCheck[] = [
  pipelineCheck,
  referenceCheck('deal_property_reference', 'deal', 'property', { child: deals, column: deals.propertyId, parent: properties }),
  referenceCheck('deal_lead_reference', 'deal', 'lead', { child: deals, column: deals.leadId, parent: leads }),
  referenceCheck('lead_property_reference', 'lead', 'property', { child: leads, column: leads.propertyId, parent: properties }),
  referenceCheck('communication_property_reference', 'communication', 'property', { child: communications, column: communications.propertyId, parent: properties }),
  campaignCountsCheck,
  orphanCheck(),
];

/** Runs every check; a check that throws is a finding of its own, not a failed run. */
export async function runChecks(db: Db, teamId: string) {
  const results = await Promise.all(
    RECONCILIATION_CHECKS.map(async (check) => {
      try {
        return { check, findings: await check.run(db, teamId) };
      } catch (error) {
        return { check, findings: [{ check: check.name, resource: 'check', id: null, message: `The check could not run: ${(error as Error).message}` }] };
      }
    }),
  );
  return {
    checks: results.map((r) => ({ name: r.check.name, description: r.check.description, findings: r.findings.length })),
    findings: results.flatMap((r) => r.findings),
  };
}

