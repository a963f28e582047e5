/**
 * `http`: one request, then assertions on the response (status, headers, JSONPath, JSON Schema,
 * body, time) and captures for later steps. Every http step also captures `status` and
 * `request_id` (the X-Request-Id response header). Without `expect.status`, a 5xx fails.
 *
 * @example
 * - id: login
 *   http: { method: POST, url: /auth/login, json: { email: "${{ run.email }}", password: "Demo123!" } }
 *   expect: { status: 200, jsonpath: { "$.token_type": { eq: Bearer } } }
 *   capture: { token: { jsonpath: "$.access_token" } }
 */
import type { CheckContext, CheckKind, HttpExchange, Reevaluation, SourceLocation } from '../../model.js';
import { assertResponse, captureFrom, implicitCaptures, IMPLICIT_CAPTURES, type CaptureSpec, type ResponseExpect } from '../support/expect.js';
import { sendRequest, type RequestSpec } from '../support/http-client.js';
import { errored, outcome, type CheckOutcome } from '../support/outcome.js';
import { expectationsOf, flagRedacted, holdsRedaction, stepLocator } from '../support/reevaluate.js';
import { scenarioDir } from '../support/scenario-dir.js';

export type HttpSpec = {
  http: RequestSpec;
  expect?: ResponseExpect;
  capture?: Record<string, CaptureSpec>;
};

/** Runs one http spec; `base` prefixes assertion locations (nested triggers live deeper in the file). */
export async function runHttp(spec: HttpSpec, ctx: CheckContext, base: (string | number)[] = []): Promise<CheckOutcome> {
  const request = ctx.interpolate(spec.http);
  const exchange = await sendRequest(request, ctx, { baseDir: scenarioDir(ctx) });
  if (exchange.error) return errored(exchange.error, { exchanges: [exchange] });
  // `schema` is left uninterpolated so that one schema object compiles once.
  const expect = spec.expect ? { ...ctx.interpolate({ ...spec.expect, schema: undefined }), schema: spec.expect.schema } : undefined;
  const { assertions, captures } = httpAssertions(exchange, expect, spec.capture, ctx.locate, base);
  return outcome({ assertions, captures: { ...implicitCaptures(exchange), ...captures }, exchanges: [exchange], expectations: { expect, capture: spec.capture } });
}

/** The assertions and captures of one response: what `run` computes and `reevaluate` recomputes. */
export function httpAssertions(exchange: HttpExchange, expect: ResponseExpect | undefined, capture: HttpSpec['capture'], locate: (path: readonly (string | number)[]) => SourceLocation, base: (string | number)[] = []) {
  const assertions = assertResponse(exchange, expect, locate, [...base, 'expect']);
  const captured = captureFrom(exchange, capture, locate, [...base, 'capture']);
  assertions.push(...captured.assertions);
  return { assertions, captures: captured.captures };
}

/**
 * Re-evaluation of a recorded response: the same assertions from the stored `expect` and
 * `capture`. A capture that fails only because the pack redacted its source is left out.
 */
export function reevaluateHttp(exchange: HttpExchange | undefined, stored: { expect?: ResponseExpect; capture?: HttpSpec['capture'] }, step: Parameters<typeof stepLocator>[0]): Reevaluation {
  if (!exchange?.response) return { assertions: [], notReevaluated: [{ label: '*', why: 'no response was recorded' }] };
  const { assertions } = httpAssertions(exchange, stored.expect, stored.capture, stepLocator(step));
  const kept = assertions.filter((a) => !(a.op === 'capture' && holdsRedaction(exchange.response)));
  return { assertions: flagRedacted(kept, exchange, Object.keys(stored.expect?.jsonpath ?? {})) };
}

export const httpKind: CheckKind<HttpSpec> = {
  kind: 'http',
  description: 'one HTTP request with assertions on the response and captures for later steps',
  schema: {
    properties: {
      http: { $ref: '#/$defs/request' },
      expect: { $ref: '#/$defs/responseExpect' },
      capture: { $ref: '#/$defs/captures' },
    },
    required: ['http'],
  },
  captures: (spec) => [...IMPLICIT_CAPTURES, ...Object.keys(spec.capture ?? {})],
  run: (spec, ctx) => runHttp(spec, ctx),
  reevaluate(step) {
    const stored = expectationsOf<{ expect?: ResponseExpect; capture?: HttpSpec['capture'] }>(step);
    if (!stored) return { assertions: [], notReevaluated: [{ label: '*', why: 'the pack stores no expectations for this step' }] };
    return reevaluateHttp(step.exchanges[0], stored, step);
  },
};
