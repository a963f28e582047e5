/**
 * Shared OpenAPI pieces: the problem schema, the standard error responses and helpers that keep
 * each route file short. Every route is declared with `createRoute` so that the document at
 * /docs/openapi.json is generated from the same zod schemas that validate requests.
 */
import { z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE } from './problem.js';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'about:blank' }),
    title: z.string().openapi({ example: 'Not Found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    request_id: z.string().optional(),
    errors: z.array(z.object({ detail: z.string(), pointer: z.string().optional(), parameter: z.string().optional() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } });

/** Error responses, picked per route: `...errors(401, 404, 422)`. */
export const ERROR_RESPONSES = {
  400: problem('Malformed request'),
  401: problem('Missing, invalid or expired access token'),
  403: problem('The caller’s role does not allow this'),
  404: problem('No such resource in the caller’s team'),
  409: problem('Conflicts with the current state'),
  412: problem('The If-Match precondition failed'),
  413: problem('Request body too large'),
  415: problem('Unsupported content type'),
  422: problem('Validation failed; `errors` points at each fault'),
  429: problem('Too many requests'),
  503: problem('A dependency is unavailable'),
} as const;

type ErrorStatus = keyof typeof ERROR_RESPONSES;

export function errors<S extends ErrorStatus>(...statuses: S[]): { [K in S]: (typeof ERROR_RESPONSES)[K] } {
  return Object.fromEntries(statuses.map((s) => [s, ERROR_RESPONSES[s]])) as never;
}

/** A required JSON request body. `required: true` makes a non-JSON body fail validation. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { 'application/json': { schema } } };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export const bearerAuth = [{ bearerAuth: [] as string[] }];

/** Path parameter `{id}`: any string; an id that matches nothing is 404, never 422. */
export const IdParams = z.object({
  id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: '5b0f7c9e-8d1a-4b7e-9c55-2f0a6a3e9d11' }),
});

export const Timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-26T12:00:00.000Z' });
