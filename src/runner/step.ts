/**
 * Runs one step: builds its CheckContext, calls its kind with a timeout, and turns anything
 * thrown (a missing env variable, a bug in a check, the timeout) into an `error` result, so a
 * step can never crash the run.
 */
import { setMaxListeners } from 'node:events';
import { checkKinds } from '../checks/index.js';
import type { CheckContext, HttpExchange, ScenarioDefinition, SourceLocation, StepDefinition, StepResult } from '../model.js';
import { interpolate, InterpolationError, type InterpolationScope } from '../scenarios/interpolation.js';
import { escapePointer } from '../scenarios/yaml-source.js';

export const DEFAULT_STEP_TIMEOUT_MS = 15_000;
/** The most requests a step can have in flight (a burst's `concurrency` maximum), plus its own listeners. */
const MAX_CONCURRENT_REQUESTS = 1_010;

export interface StepEnvironment {
  baseUrls: string[];
  scope: InterpolationScope;
  logs?: () => string[];
  mailUrl?: string;
  previous: StepResult[];
  runExchanges: () => HttpExchange[];
  signal: AbortSignal;
  stepTimeoutMs?: number;
}

class StepTimeout extends Error {
  override name = 'StepTimeout';
}

/** The position of the nearest recorded ancestor of `path` in the step's spec. */
export function locator(step: StepDefinition): (path: readonly (string | number)[]) => SourceLocation {
  return (path) => {
    const locations = step.locations ?? {};
    for (let n = path.length; n >= 0; n--) {
      const pointer = path.slice(0, n).map((p) => `/${escapePointer(p)}`).join('');
      if (locations[pointer]) return locations[pointer];
    }
    return step.location;
  };
}

export function stepResult(step: StepDefinition, fields: Partial<StepResult> & Pick<StepResult, 'status'>): StepResult {
  return {
    id: step.id,
    kind: step.kind,
    name: step.name ?? step.id,
    assertions: [],
    captures: {},
    exchanges: [],
    startedAt: new Date().toISOString(),
    durationMs: 0,
    location: step.location,
    ...fields,
  };
}

export async function runStep(scenario: ScenarioDefinition, step: StepDefinition, env: StepEnvironment): Promise<StepResult> {
  const startedAt = new Date().toISOString();
  const began = performance.now();
  const timeoutMs = step.timeoutMs ?? env.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const controller = new AbortController();
  // Every request in flight listens to the step's signal: a burst (concurrency up to 1000)
  // legitimately holds that many, which is no leak to warn about on the operator's terminal.
  setMaxListeners(MAX_CONCURRENT_REQUESTS, controller.signal);
  const onParentAbort = () => controller.abort(env.signal.reason ?? new Error('the run was aborted'));
  env.signal.addEventListener('abort', onParentAbort, { once: true });
  if (env.signal.aborted) onParentAbort();
  const timer = setTimeout(() => controller.abort(new StepTimeout(`step timed out after ${timeoutMs} ms`)), timeoutMs);
  const finish = (fields: Partial<StepResult> & Pick<StepResult, 'status'>) =>
    stepResult(step, { ...fields, startedAt, durationMs: Math.round((performance.now() - began) * 100) / 100 });

  const kind = checkKinds.get(step.kind);
  if (!kind) return finish({ status: 'error', reason: `unknown check kind "${step.kind}" (known: ${[...checkKinds.keys()].join(', ')})` });
  const ctx: CheckContext = {
    baseUrl: env.baseUrls[0] ?? '',
    baseUrls: env.baseUrls,
    interpolate: (value) => interpolate(value, env.scope),
    ...(env.logs ? { logs: env.logs } : {}),
    ...(env.mailUrl ? { mailUrl: env.mailUrl } : {}),
    previous: env.previous,
    runExchanges: env.runExchanges,
    locate: locator(step),
    signal: controller.signal,
  };
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    const outcome = await Promise.race([kind.run(step.spec, ctx), aborted]);
    return finish(outcome);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = error instanceof InterpolationError || error instanceof StepTimeout ? message : `the ${step.kind} check failed to run: ${message}`;
    return finish({ status: 'error', reason });
  } finally {
    clearTimeout(timer);
    env.signal.removeEventListener('abort', onParentAbort);
  }
}
