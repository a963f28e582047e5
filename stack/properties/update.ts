/**
 * PATCH /properties/{id}: changes any descriptive field (the stage moves through
 * POST /properties/{id}/stage). Only fields whose value really changes are written; they bump
 * the version and updated_at and are recorded as one `updated` event with {from, to} per field
 * (the team's live stream gets `property.updated`). A PATCH that changes nothing answers the
 * property as it is and records nothing.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { announce } from '../events/announce.js';
import type { Db } from '../db/client.js';
import type { AppEnv, AuthUser } from '../lib/context.js';
import { requireWriter } from '../lib/auth-guard.js';
import { bearerAuth, errors, ETAG_HEADER, IdParams, IfMatchHeaders, jsonBody, jsonResponse } from '../lib/openapi.js';
import { etagOf } from '../lib/preconditions.js';
import { PropertySchema, UpdatePropertyBody, type UpdatePropertyInput } from './schema.js';
import { EDITABLE_FIELDS, toColumns, toPropertyJson, type EditableField, type PropertyRow } from './serialize.js';
import { applyChange, lockProperty } from './store.js';
import { recordProvenance } from '../data/provenance.js';

const route = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['properties'],
  summary: 'Update a property’s details',
  description: 'Send only the fields to change; null clears an optional field. The stage is changed with POST /properties/{id}/stage.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, headers: IfMatchHeaders, body: jsonBody(UpdatePropertyBody) },
  responses: {
    200: { ...jsonResponse(PropertySchema, 'The updated property'), headers: ETAG_HEADER },
    ...errors(400, 401, 403, 404, 412, 413, 415, 422),
  },
});

type Changes = Partial<Record<EditableField, { from: unknown; to: unknown }>>;

/** The fields of `body` whose value differs from the stored row, as {from, to}. */
export function diffFields(row: PropertyRow, body: UpdatePropertyInput): Changes {
  const changes: Changes = {};
  for (const [field, column] of Object.entries(EDITABLE_FIELDS) as [EditableField, keyof PropertyRow][]) {
    const to = body[field];
    if (to !== undefined && to !== row[column]) changes[field] = { from: row[column], to };
  }
  return changes;
}

interface UpdateRequest {
  id: string;
  body: UpdatePropertyInput;
  ifMatch: string | undefined;
}

/** Locks the property, checks If-Match, and writes what differs; `changes` is empty when nothing did. */
async function updateProperty(db: Db, user: AuthUser, request: UpdateRequest): Promise<{ row: PropertyRow; changes: Changes }> {
  return db.transaction(async (tx) => {
    const current = await lockProperty(tx, user, request.id, request.ifMatch);
    const changes = diffFields(current, request.body);
    const fields = Object.keys(changes) as EditableField[];
    if (fields.length === 0) return { row: current, changes };
    const set = toColumns(Object.fromEntries(fields.map((field) => [field, request.body[field]])));
    const row = await applyChange(tx, current, user, { set, event: { kind: 'updated', data: { changes } } });
    await recordProvenance(tx, { teamId: user.teamId, propertyId: row.id, fields, source: `user:${user.id}` });
    return { row, changes };
  });
}

export function registerUpdateProperty(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const request = { id: c.req.valid('param').id, body: c.req.valid('json'), ifMatch: c.req.valid('header')['if-match'] };
    const { row, changes } = await updateProperty(c.get('db'), c.get('user'), request);
    const property = toPropertyJson(row);
    if (Object.keys(changes).length > 0) await announce(c, 'property.updated', { ...property, changes });
    return c.json(property, 200, { ETag: etagOf(row) });
  });
}
