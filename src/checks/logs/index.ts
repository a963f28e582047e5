/**
 * `logs`: the API wrote a JSON log line for a given request (by its request id, usually an
 * earlier step's `request_id` capture) carrying the given fields. Reads the run's log lines
 * (embedded mode); against a target that exposes no logs the step is `skipped`, never passed.
 * Lines are polled until `within` ms pass, since loggers flush asynchronously.
 *
 * @example
 * - id: log-line
 *   logs:
 *     request_id: "${{ steps.health.request_id }}"
 *     fields: { level: info, method: GET, path: /healthz, status: 200 }
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AssertionResult, CheckKind } from '../../model.js';
import { selectJsonPath } from '../support/jsonpath.js';
import { matchValue, type Matcher } from '../support/matchers.js';
import { outcome, skipped } from '../support/outcome.js';
import { expectationsOf, stepLocator } from '../support/reevaluate.js';

export type LogsSpec = {
  logs: { request_id: string; fields?: Record<string, Matcher>; within?: number };
};

const POLL_MS = 50;
const DEFAULT_WITHIN_MS = 2_000;

function parseLines(lines: string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      const value: unknown = JSON.parse(line);
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

/** A field by name, or by JSONPath when the key starts with `$`. */
function fieldOf(line: Record<string, unknown>, key: string): unknown {
  if (!key.startsWith('$')) return line[key];
  try {
    return selectJsonPath(line, key);
  } catch {
    return undefined;
  }
}

export const logsKind: CheckKind<LogsSpec> = {
  kind: 'logs',
  description: 'a JSON log line carrying a request id and the given fields',
  schema: {
    properties: {
      logs: {
        type: 'object',
        description: '{request_id, fields, within}',
        properties: {
          request_id: { type: 'string', minLength: 1, description: 'the request id to find, e.g. "${{ steps.create.request_id }}"' },
          fields: { type: 'object', description: 'field name (or $.json.path) -> matcher', additionalProperties: { $ref: '#/$defs/matcher' } },
          within: { type: 'integer', minimum: 0, description: 'ms to wait for the line to appear (2000 by default)' },
        },
        required: ['request_id'],
        additionalProperties: false,
      },
    },
    required: ['logs'],
  },
  captures: () => ['line'],
  async run(spec, ctx) {
    if (!ctx.logs) return skipped('the target exposes no API logs (remote target); run against the embedded stack to check them');
    const { request_id: requestId, fields = {}, within = DEFAULT_WITHIN_MS } = ctx.interpolate(spec.logs);
    const deadline = performance.now() + within;
    let lines = parseLines(ctx.logs()).filter((l) => l.request_id === requestId);
    while (lines.length === 0 && performance.now() < deadline && !ctx.signal.aborted) {
      await sleep(POLL_MS);
      lines = parseLines(ctx.logs()).filter((l) => l.request_id === requestId);
    }
    const found: AssertionResult = {
      label: `a JSON log line with request_id ${requestId}`,
      op: 'exists',
      expected: true,
      actual: lines.length,
      passed: lines.length > 0,
      ...(lines.length ? {} : { message: `no JSON log line carries request_id ${requestId} (searched ${ctx.logs().length} lines for ${within} ms)` }),
      location: ctx.locate(['logs', 'request_id']),
    };
    const expectations = { request_id: requestId, fields };
    if (lines.length === 0) return outcome({ assertions: [found], details: { searched: ctx.logs().length }, expectations });
    // The request's own line is the one carrying the most of the asked-for fields.
    const scored = lines.map((line) => ({ line, score: Object.keys(fields).filter((k) => fieldOf(line, k) !== undefined).length }));
    const line = scored.sort((a, b) => b.score - a.score)[0].line;
    const assertions = [found, ...Object.entries(fields).flatMap(([key, matcher]) => matchValue({ label: `log field ${key}`, actual: fieldOf(line, key), locate: ctx.locate }, matcher, ['logs', 'fields', key]))];
    return outcome({ assertions, captures: { line }, details: { line, matchingLines: lines.length }, expectations });
  },
  /**
   * Against the pack's logs/api.jsonl: a line with the request id exists (or, for a recorded
   * failure, none does), the recorded line is one of the pack's lines, and its fields match.
   */
  reevaluate(step, ctx) {
    const stored = expectationsOf<{ request_id: string; fields: Record<string, Matcher> }>(step);
    if (!stored) return { assertions: [], notReevaluated: [{ label: '*', why: 'the pack stores no expectations for this step' }] };
    const locate = stepLocator(step);
    const lines = parseLines(ctx.logs).filter((l) => l.request_id === stored.request_id);
    const found = { label: `a JSON log line with request_id ${stored.request_id}`, op: 'exists', expected: true, actual: lines.length, passed: lines.length > 0, location: locate([]), compareActual: false as const };
    const line = (step.details as { line?: Record<string, unknown> } | undefined)?.line;
    if (!line) return { assertions: [found] };
    const problems = lines.some((l) => JSON.stringify(l) === JSON.stringify(line)) ? [] : [`the recorded log line of request ${stored.request_id} is not in logs/api.jsonl`];
    const fields = Object.entries(stored.fields).flatMap(([key, matcher]) => matchValue({ label: `log field ${key}`, actual: fieldOf(line, key), locate }, matcher, ['logs', 'fields', key]));
    return { assertions: [found, ...fields], problems };
  },
};
