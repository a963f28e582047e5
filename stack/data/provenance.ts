/**
 * Provenance per property field: which source last set it (`user:<id>`, `enrichment:<dataset>`
 * with the dataset's version, or `import`) and when. Written in the same transaction as the
 * write it describes (properties' create and PATCH call `recordProvenance`; so does enrichment),
 * so it never claims a value the property does not hold. GET /properties/{id}/provenance reads it.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, IdParams, jsonResponse, Timestamp } from '../lib/openapi.js';
import { findProperty } from '../properties/store.js';
import { fieldProvenance } from './tables.js';

export interface ProvenanceWrite {
  teamId: string;
  propertyId: string;
  /** API field names (snake_case), e.g. `price`, `property_type`. */
  fields: string[];
  /** `user:<id>`, `enrichment:<dataset>` or `import`. */
  source: string;
  datasetVersion?: string;
}

/** Records `source` as the setter of each field, now; one statement whatever the number of fields. */
export async function recordProvenance(db: Db, write: ProvenanceWrite): Promise<void> {
  if (write.fields.length === 0) return;
  await db
    .insert(fieldProvenance)
    .values(write.fields.map((field) => ({ teamId: write.teamId, propertyId: write.propertyId, field, source: write.source, datasetVersion: write.datasetVersion ?? null })))
    .onConflictDoUpdate({
      target: [fieldProvenance.propertyId, fieldProvenance.field],
      set: { source: sql`excluded.source`, datasetVersion: sql`excluded.dataset_version`, recordedAt: sql`date_trunc('milliseconds', now())` },
    });
}

export const ProvenanceEntry = z
  .object({
    field: z.string().openapi({ example: 'sqft' }),
    source: z.string().openapi({ description: '`user:<id>`, `enrichment:<dataset>` or `import`', example: 'enrichment:county-parcels' }),
    source_kind: z.enum(['user', 'enrichment', 'import']),
    dataset_version: z.string().nullable().openapi({ example: '2026.11' }),
    recorded_at: Timestamp,
  })
  .openapi('FieldProvenance');

const ProvenanceList = z.object({ property_id: z.string(), fields: z.array(ProvenanceEntry) }).openapi('PropertyProvenance');

const route = createRoute({
  method: 'get',
  path: '/{id}/provenance',
  tags: ['data'],
  summary: 'Which source set each field of a property, and when',
  description: 'One entry per field that has been set, by field name: the user who typed it, the open-data set (with its version) that filled it, or an import.',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 200: jsonResponse(ProvenanceList, 'The provenance of each set field'), ...errors(401, 404) },
});

type ProvenanceRow = typeof fieldProvenance.$inferSelect;

export function toProvenanceJson(row: ProvenanceRow): z.infer<typeof ProvenanceEntry> {
  return {
    field: row.field,
    source: row.source,
    source_kind: row.source.split(':')[0] as 'user' | 'enrichment' | 'import',
    dataset_version: row.datasetVersion,
    recorded_at: row.recordedAt.toISOString(),
  };
}

export async function provenanceOf(db: Db, teamId: string, propertyId: string): Promise<ProvenanceRow[]> {
  return db
    .select()
    .from(fieldProvenance)
    .where(and(eq(fieldProvenance.teamId, teamId), eq(fieldProvenance.propertyId, propertyId)))
    .orderBy(asc(fieldProvenance.field));
}

export function registerProvenance(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const property = await findProperty(c.get('db'), c.get('user'), c.req.valid('param').id);
    const rows = await provenanceOf(c.get('db'), property.teamId, property.id);
    return c.json({ property_id: property.id, fields: rows.map(toProvenanceJson) }, 200);
  });
}
