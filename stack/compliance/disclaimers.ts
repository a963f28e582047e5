/**
 * GET /compliance/disclaimers and /compliance/disclaimers/{state}: the shipped licensing and
 * brokerage disclosure of every US state and DC (disclaimers-data.ts). The same for every team.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { disclaimerFor, STATE_DISCLAIMERS } from './disclaimers-data.js';
import { Disclaimer, DisclaimerList, StateParams } from './schema.js';

const tags = ['compliance'];
const list = createRoute({ method: 'get', path: '/disclaimers', tags, summary: 'Every state’s disclaimer (50 states and DC)', description: 'The licensing regulator and a short brokerage disclosure per state, shipped with the platform (the same for every team).', security: bearerAuth, responses: { 200: jsonResponse(DisclaimerList, 'By state code'), ...errors(401) } });
const get = createRoute({
  method: 'get', path: '/disclaimers/{state}', tags, summary: 'One state’s disclaimer', description: 'Two-letter USPS code, any case; an unknown code is 404.',
  security: bearerAuth, request: { params: StateParams }, responses: { 200: jsonResponse(Disclaimer, 'The disclaimer'), ...errors(401, 404) },
});

export function registerDisclaimers(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, (c) => c.json({ items: [...STATE_DISCLAIMERS], total: STATE_DISCLAIMERS.length }, 200));
  app.openapi(get, (c) => {
    const { state } = c.req.valid('param');
    const found = disclaimerFor(state);
    if (!found) throw new ProblemError(404, { detail: `No disclaimer for state code ${JSON.stringify(state)}: use a two-letter USPS code of the 50 states or DC (e.g. CA, NY, DC).` });
    return c.json(found, 200);
  });
}
