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
  410: problem('Existed, but is no longer available (expired or revoked)'),
  412: problem('The If-Match precondition failed'),
  413: problem('Request body too large'),
  415: problem('Unsupported content type'),
  422: problem('Validation failed; `errors` points at each fault'),
  429: problem('Too many requests'),
  502: problem('An upstream provider refused, failed or answered garbage'),
  503: problem('A dependency is unavailable'),
  504: problem('An upstream provider did not answer in time'),
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
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: '5b0f7c9e-8d1a-4b7e-9c55-2f0a6a3e9d11' }),
});

export const Timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-26T12:00:00.000Z' });

// Header parameters are keyed in lower case, as Hono reads headers, and named the same: the
// generator refuses a key and a `param.name` that differ, even in case alone.
/** Optional precondition on a write of a versioned object; see preconditions.ts. */
export const IfMatchHeaders = z.object({
  'if-match': z.string().max(1000).optional().openapi({
    param: { name: 'if-match', in: 'header' },
    description: 'The ETag from your last read (or `*`); a stale one gets 412 and changes nothing',
    example: '"v3"',
  }),
});

export const IfNoneMatchHeaders = z.object({
  'if-none-match': z.string().max(1000).optional().openapi({
    param: { name: 'if-none-match', in: 'header' },
    description: 'An ETag you hold; 304 without a body while it is still current',
    example: '"v3"',
  }),
});

/** The `ETag` response header of a versioned object, for `responses[status].headers`. */
export const ETAG_HEADER = {
  ETag: { description: 'Strong entity tag of this version; send it back in If-Match or If-None-Match', schema: { type: 'string' as const } },
};

/** The 304 of a GET with If-None-Match. */
export const NOT_MODIFIED_RESPONSE = { description: 'Not modified since the ETag in If-None-Match', headers: ETAG_HEADER };

interface RegisteredRoute {
  type: string;
  route?: { request?: { body?: { content?: Record<string, unknown> } }; responses: Record<string, unknown> };
}

/**
 * Every operation that takes a JSON body can answer 400 (the body is not JSON: the parser
 * refuses it before validation), so the document says so for each one, including routes a domain
 * declares without `errors(400)`. Call once, after every router is mounted, before the document
 * is served; the contract fuzzer fails any status a document leaves out.
 */
export function documentMalformedBodies(definitions: readonly RegisteredRoute[]): void {
  for (const definition of definitions) {
    const route = definition.type === 'route' ? definition.route : undefined;
    if (route?.request?.body?.content?.['application/json'] && !route.responses['400']) route.responses['400'] = ERROR_RESPONSES[400];
  }
}
