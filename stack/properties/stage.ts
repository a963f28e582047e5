/**
 * POST /properties/{id}/stage: moves a property to another pipeline stage and records a
 * `stage_changed` event {from, to, note}; the team's live stream gets `property.stage_changed`.
 * Moving to the stage it is already in is 409, so a double-clicked button or a retried request
 * does not leave a misleading event.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, ETAG_HEADER, IdParams, IfMatchHeaders, jsonBody, jsonResponse } from '../lib/openapi.js';
import { etagOf } from '../lib/preconditions.js';
import { ProblemError } from '../lib/problem.js';
import { PropertySchema, StageChangeBody } from './schema.js';
import { toPropertyJson } from './serialize.js';
import { assertTeamStage } from '../onboarding/stages.js';
import { applyChange, lockProperty } from './store.js';

const route = createRoute({
  method: 'post',
  path: '/{id}/stage',
  tags: ['properties'],
  summary: 'Move a property to another pipeline stage',
  description: 'Recorded on the timeline with an optional note; moving to the stage it is already in is 409.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, headers: IfMatchHeaders, body: jsonBody(StageChangeBody) },
  responses: {
    200: { ...jsonResponse(PropertySchema, 'The property in its new stage'), headers: ETAG_HEADER },
    ...errors(400, 401, 403, 404, 409, 412, 413, 415, 422),
  },
});

export function registerChangeStage(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const user = c.get('user');
    const { stage } = c.req.valid('json');
    const note = c.req.valid('json').note ?? null;
    const { row, from } = await c.get('db').transaction(async (tx) => {
      const current = await lockProperty(tx, user, c.req.valid('param').id, c.req.valid('header')['if-match']);
      if (current.stage === stage) {
        throw new ProblemError(409, { detail: `Property ${current.id} is already in stage ${stage}.` });
      }
      await assertTeamStage(tx, user.teamId, stage);
      const event = { kind: 'stage_changed' as const, data: { from: current.stage, to: stage, note } };
      return { row: await applyChange(tx, current, user, { set: { stage }, event }), from: current.stage };
    });
    const property = toPropertyJson(row);
    await announce(c, 'property.stage_changed', { from, to: stage, note, property });
    return c.json(property, 200, { ETag: etagOf(row) });
  });
}
