/**
 * `openapi`: the spec is reachable and is an OpenAPI 3.x document (basic structure); its
 * operation count is captured as `operations`; every documented GET without path parameters
 * answers without a 5xx (with the bearer token if given; event streams are not probed); and
 * every response recorded so far in the run that hit a documented operation is validated
 * against the schema documented for its status (Ajv, JSON Schema 2020-12, strict off).
 *
 * @example
 * - id: spec
 *   openapi: { url: /docs/openapi.json, bearer: "${{ steps.login.token }}" }
 *   expect: { operations: { gte: 20 } }
 */
import type { AssertionResult, CheckContext, CheckKind, HttpExchange } from '../../model.js';
import { sendRequest } from '../support/http-client.js';
import { matchValue, type Matcher } from '../support/matchers.js';
import { errored, outcome } from '../support/outcome.js';
import { describeSchemaErrors } from '../support/json-schema.js';
import { expectationsOf, stepLocator } from '../support/reevaluate.js';
import { documentedResponse, findOperation, mediaFor, operationsOf, ResponseValidator, structureProblems, type Operation } from './document.js';

export type OpenApiSpec = {
  openapi: { url?: string; bearer?: string; probe?: boolean; validate?: boolean; skip?: string[]; probeTimeoutMs?: number };
  expect?: { operations?: Matcher; paths?: Matcher };
};

const DEFAULT_URL = '/docs/openapi.json';
const PROBE_CONCURRENCY = 4;

function isEventStream(op: Operation): boolean {
  const responses = (op.definition.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
  return Object.values(responses).some((r) => Object.keys(r?.content ?? {}).some((m) => m.startsWith('text/event-stream')));
}

function probeTargets(ops: Operation[], spec: OpenApiSpec['openapi']): Operation[] {
  return ops.filter((op) => op.method === 'get' && !op.path.includes('{') && !isEventStream(op) && !(spec.skip ?? []).includes(op.path));
}

async function probe(ops: Operation[], spec: OpenApiSpec['openapi'], ctx: CheckContext): Promise<{ assertions: AssertionResult[]; exchanges: HttpExchange[] }> {
  const targets = probeTargets(ops, spec);
  const exchanges: HttpExchange[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(spec.probeTimeoutMs ?? 5_000)]);
      exchanges[i] = await sendRequest({ url: targets[i].path, ...(spec.bearer ? { bearer: spec.bearer } : {}) }, { baseUrls: ctx.baseUrls, signal });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, targets.length) }, worker));
  return { assertions: probeAssertions(targets, exchanges, ctx.locate), exchanges };
}

function probeAssertions(targets: Operation[], exchanges: HttpExchange[], locate: CheckContext['locate']): AssertionResult[] {
  const location = locate(['openapi', 'probe']);
  return targets.map((op, i): AssertionResult => {
    const status = exchanges[i].response?.status;
    const passed = status !== undefined && status < 500;
    const message = exchanges[i].error ?? `GET ${op.path} answered ${status}`;
    return { label: `GET ${op.path} answers without a 5xx`, op: 'lt', expected: 500, actual: status ?? exchanges[i].error, passed, ...(passed ? {} : { message }), location };
  });
}

function pathOf(url: string, baseUrls: readonly string[]): string | undefined {
  const base = baseUrls.find((b) => url.startsWith(b.replace(/\/+$/, '')));
  if (!base) return undefined;
  return new URL(url).pathname.slice(new URL(base).pathname.replace(/\/+$/, '').length) || '/';
}

interface ValidationGroup {
  label: string;
  checked: number;
  failures: string[];
}

function validateRecorded(exchanges: HttpExchange[], ops: Operation[], validator: ResponseValidator, ctx: CheckContext) {
  const groups = new Map<string, ValidationGroup>();
  const undocumented = new Set<string>();
  let unmatched = 0;
  for (const exchange of exchanges) {
    const response = exchange.response;
    const path = response && pathOf(exchange.request.url, ctx.baseUrls);
    if (!response || path === undefined) continue;
    const op = findOperation(ops, exchange.request.method, path);
    if (!op) {
      unmatched += 1;
      continue;
    }
    const documented = documentedResponse(op, response.status);
    const name = `${op.method.toUpperCase()} ${op.path} ${response.status}`;
    if (!documented) {
      undocumented.add(name);
      continue;
    }
    const media = mediaFor(documented.response, response.headers['content-type']);
    // A stream's body is a sequence of frames, not one document a schema describes.
    if (!media || media.startsWith('text/event-stream') || response.bodyText === undefined || response.bodyText === '') continue;
    const validate = validator.validator(op, documented.key, media);
    const group = groups.get(name) ?? { label: `${name} responses match the spec`, checked: 0, failures: [] };
    groups.set(name, group);
    group.checked += 1;
    if (validate instanceof Error) group.failures.push(`the spec's schema does not compile: ${validate.message}`);
    else if (!validate(response.body)) group.failures.push(`${path}: ${describeSchemaErrors(validate.errors, 3).join('; ')}`);
  }
  const location = ctx.locate(['openapi', 'validate']);
  const assertions = [...groups.values()].map((g): AssertionResult => ({
    label: g.label,
    op: 'schema',
    expected: `${g.checked} valid`,
    actual: `${g.checked - g.failures.length} valid`,
    passed: g.failures.length === 0,
    ...(g.failures.length ? { message: g.failures.slice(0, 3).join(' | ') } : {}),
    location,
  }));
  return { assertions, details: { validatedResponses: [...groups.values()].reduce((n, g) => n + g.checked, 0), undocumentedStatuses: [...undocumented], unmatchedRequests: unmatched } };
}

export const openapiKind: CheckKind<OpenApiSpec> = {
  kind: 'openapi',
  description: 'the OpenAPI document is reachable and valid, its GET operations answer, recorded responses match it',
  schema: {
    properties: {
      openapi: {
        type: 'object',
        description: '{url, bearer, probe, validate, skip, probeTimeoutMs}',
        properties: {
          url: { type: 'string', minLength: 1, description: `where the document is (${DEFAULT_URL} by default)` },
          bearer: { type: 'string', description: 'token sent with the probes' },
          probe: { type: 'boolean', description: 'GET every documented operation without path parameters (true by default)' },
          validate: { type: 'boolean', description: 'validate the run’s recorded responses against the spec (true by default)' },
          skip: { type: 'array', items: { type: 'string' }, description: 'paths not to probe' },
          probeTimeoutMs: { type: 'integer', minimum: 1, description: 'per-probe timeout (5000 by default)' },
        },
        additionalProperties: false,
      },
      expect: {
        type: 'object',
        properties: { operations: { $ref: '#/$defs/numberMatcher' }, paths: { $ref: '#/$defs/numberMatcher' } },
        additionalProperties: false,
      },
    },
    required: ['openapi'],
  },
  captures: () => ['operations', 'paths', 'version', 'status', 'request_id'],
  async run(spec, ctx) {
    const options = ctx.interpolate(spec.openapi);
    const expect = ctx.interpolate(spec.expect ?? {});
    const fetched = await sendRequest({ url: options.url ?? DEFAULT_URL }, ctx);
    if (fetched.error) return errored(fetched.error, { exchanges: [fetched] });
    const { assertions, problems, ops, paths, captures } = documentAssertions(fetched, expect, ctx.locate);
    if (!ops) return outcome({ assertions, exchanges: [fetched], expectations: { options, expect } });
    const doc = fetched.response?.body;
    if (problems.length) return outcome({ assertions, captures, exchanges: [fetched], details: { operationCount: ops.length, pathCount: paths }, expectations: { options, expect } });

    const probed = options.probe === false ? { assertions: [], exchanges: [] } : await probe(ops, options, ctx);
    assertions.push(...probed.assertions);
    let validation: Record<string, unknown> = {};
    if (options.validate !== false) {
      const validated = validateRecorded([...ctx.runExchanges(), ...probed.exchanges], ops, new ResponseValidator(doc as Record<string, unknown>), ctx);
      assertions.push(...validated.assertions);
      validation = validated.details;
    }
    return outcome({
      assertions,
      captures,
      exchanges: [fetched, ...probed.exchanges],
      details: { operationCount: ops.length, pathCount: paths, probed: probed.exchanges.length, ...validation },
      expectations: { options, expect },
    });
  },
  /**
   * The document's reachability, structure and counts from the recorded fetch, and every probe
   * from its recorded exchange. The validation of the run's other responses depends on the
   * order scenarios finished in, which the pack does not fix: those are listed as not
   * re-evaluated.
   */
  reevaluate(step) {
    const stored = expectationsOf<{ options: OpenApiSpec['openapi']; expect: NonNullable<OpenApiSpec['expect']> }>(step);
    const fetched = step.exchanges[0];
    if (!stored || !fetched?.response) return { assertions: [], notReevaluated: [{ label: '*', why: stored ? 'the document fetch has no recorded response' : 'the pack stores no expectations for this step' }] };
    const locate = stepLocator(step);
    const { assertions, problems, ops } = documentAssertions(fetched, stored.expect, locate);
    if (!ops || problems.length) return { assertions };
    const targets = stored.options.probe === false ? [] : probeTargets(ops, stored.options);
    const probes = step.exchanges.slice(1, 1 + targets.length);
    const issues = probes.length === targets.length ? [] : [`${targets.length} documented GET operations should have been probed, ${probes.length} probes are recorded`];
    assertions.push(...probeAssertions(targets.slice(0, probes.length), probes, locate));
    const notReevaluated = step.assertions.filter((a) => a.op === 'schema' && a.label.endsWith('responses match the spec')).map((a) => ({ label: a.label, why: 'validates responses of the whole run in the order steps finished' }));
    return { assertions, notReevaluated, problems: issues };
  },
};

/** Reachability, structure and count assertions on the fetched document (shared by `run` and `reevaluate`). */
function documentAssertions(fetched: HttpExchange, expect: NonNullable<OpenApiSpec['expect']>, locate: CheckContext['locate']) {
  const doc = fetched.response?.body;
  const status = fetched.response?.status;
  const reachable = status === 200 && doc !== null && typeof doc === 'object';
  const assertions: AssertionResult[] = [
    { label: 'spec reachable as JSON', op: 'eq', expected: 200, actual: status, passed: reachable, ...(reachable ? {} : { message: `GET ${fetched.request.url} answered ${status} ${fetched.response?.headers['content-type'] ?? ''}` }), location: locate(['openapi']) },
  ];
  if (!reachable) return { assertions, problems: [] as string[], ops: undefined, paths: 0, captures: {} };
  const problems = structureProblems(doc);
  assertions.push({ label: 'valid OpenAPI 3.x document', op: 'valid', expected: [], actual: problems, passed: problems.length === 0, ...(problems.length ? { message: problems.join('; ') } : {}), location: locate(['openapi']) });
  const ops = operationsOf(doc);
  const paths = Object.keys((doc as { paths?: object }).paths ?? {}).length;
  const captures = { operations: ops.length, paths, version: (doc as { openapi?: unknown }).openapi, status, ...(fetched.response?.headers['x-request-id'] ? { request_id: fetched.response.headers['x-request-id'] } : {}) };
  if (expect.operations !== undefined) assertions.push(...matchValue({ label: 'documented operations', actual: ops.length, locate }, expect.operations, ['expect', 'operations']));
  if (expect.paths !== undefined) assertions.push(...matchValue({ label: 'documented paths', actual: paths, locate }, expect.paths, ['expect', 'paths']));
  return { assertions, problems, ops, paths, captures };
}
