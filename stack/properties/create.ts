/**
 * POST /properties: adds a property to the caller's team and opens its timeline with a
 * `created` event; the team's live stream gets `property.created`. Answers 201 with the
 * property, its Location and its ETag.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { properties } from '../db/schema.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, ETAG_HEADER, jsonBody, jsonResponse } from '../lib/openapi.js';
import { etagOf } from '../lib/preconditions.js';
import { CreatePropertyBody, PropertySchema } from './schema.js';
import { toColumns, toPropertyJson } from './serialize.js';
import { assertTeamStage } from '../onboarding/stages.js';
import { recordEvent } from './store.js';
import { recordProvenance } from '../data/provenance.js';

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['properties'],
  summary: 'Create a property',
  description: 'Address, city, state and zip required; it starts in stage `new`. Answers 201 with Location and an ETag.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(CreatePropertyBody) },
  responses: {
    201: {
      ...jsonResponse(PropertySchema, 'The new property'),
      headers: { Location: { description: 'URL of the new property', schema: { type: 'string' } }, ...ETAG_HEADER },
    },
    ...errors(400, 401, 403, 413, 415, 422),
  },
});

export function registerCreateProperty(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const user = c.get('user');
    const { stage, ...fields } = c.req.valid('json');
    await assertTeamStage(c.get('db'), user.teamId, stage);
    const row = await c.get('db').transaction(async (tx) => {
      // The body schema guarantees the required columns that toColumns' Partial type cannot show.
      const [created] = await tx
        .insert(properties)
        .values({ ...toColumns(fields), id: crypto.randomUUID(), teamId: user.teamId, createdBy: user.id, stage } as typeof properties.$inferInsert)
        .returning();
      await recordEvent(tx, created, user, { kind: 'created', data: { stage } });
      const setFields = Object.entries(fields).filter(([, value]) => value !== undefined && value !== null).map(([field]) => field);
      await recordProvenance(tx, { teamId: user.teamId, propertyId: created.id, fields: [...setFields, 'stage'], source: `user:${user.id}` });
      return created;
    });
    const property = toPropertyJson(row);
    await announce(c, 'property.created', property);
    return c.json(property, 201, { Location: `/properties/${row.id}`, ETag: etagOf(row) });
  });
}
