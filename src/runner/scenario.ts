/**
 * Runs one scenario's steps in order. A step that reads captures of a step that did not pass
 * (in this scenario or a required one) is skipped with the reason; every other step runs, so
 * one failure does not hide the rest of the evidence. Run variables (`run.email`, ...) are
 * fresh per scenario so scenarios running side by side never collide.
 */
import crypto from 'node:crypto';
import type { ScenarioDefinition, ScenarioResult, StepDefinition, StepResult } from '../model.js';
import { referencesIn, type InterpolationScope } from '../scenarios/interpolation.js';
import type { RunState } from './state.js';
import { runStep, stepResult } from './step.js';

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24) || 'run';
}

/** Where `${{ run.mail_url }}` points when nothing says otherwise: the catcher's default port. */
export const DEFAULT_MAIL_URL = 'http://localhost:8025';

export function runVariables(scenario: ScenarioDefinition, runId: string, baseUrl: string, mailUrl?: string): Record<string, unknown> {
  const started = new Date();
  const unique = `${slug(runId)}-${crypto.randomBytes(4).toString('hex')}`;
  return {
    id: runId,
    scenario: scenario.name,
    unique,
    email: `reos-${unique}@example.com`,
    uuid: crypto.randomUUID(),
    timestamp: started.toISOString(),
    epoch: started.getTime(),
    base_url: baseUrl,
    mail_url: (mailUrl || DEFAULT_MAIL_URL).replace(/\/+$/, ''),
  };
}

const VERB: Record<StepResult['status'], string> = { passed: 'passed', failed: 'failed', error: 'errored', skipped: 'was skipped' };

/** Why `step` cannot run, if it reads captures of a step that did not pass. */
function blockedBy(scenario: ScenarioDefinition, step: StepDefinition, state: RunState): string | undefined {
  for (const ref of referencesIn(step.spec)) {
    if (ref.root === 'steps') {
      const earlier = state.stepResult(scenario.name, ref.step);
      if (earlier && earlier.status !== 'passed') return `depends on step ${ref.step} which ${VERB[earlier.status]}`;
    } else if (ref.root === 'scenarios') {
      const earlier = state.stepResult(ref.scenario, ref.step);
      if (!earlier) return `depends on scenario ${ref.scenario}, which did not run`;
      if (earlier.status !== 'passed') return `depends on step ${ref.step} of scenario ${ref.scenario} which ${VERB[earlier.status]}`;
    }
  }
  return undefined;
}

export function scenarioStatus(steps: StepResult[]): ScenarioResult['status'] {
  if (steps.some((s) => s.status === 'failed' || s.status === 'error')) return 'failed';
  return steps.length > 0 && steps.every((s) => s.status === 'skipped') ? 'skipped' : 'passed';
}

/** A scenario that did not run at all: every step skipped with `reason`. */
export function skippedScenario(scenario: ScenarioDefinition, reason: string): ScenarioResult {
  return {
    name: scenario.name,
    area: scenario.area,
    severity: scenario.severity,
    file: scenario.file,
    status: 'skipped',
    steps: scenario.steps.map((step) => stepResult(step, { status: 'skipped', reason })),
    reason,
    startedAt: new Date().toISOString(),
    durationMs: 0,
  };
}

/**
 * One scenario opened for running step by step: `run(step)` runs it now (again, for a retry:
 * the newer result replaces the older one), `skip(step, reason)` records it as skipped,
 * `result()` is the scenario's result so far. `runScenario` and `reos demo` both drive this.
 */
export interface ScenarioSession {
  /** The values `${{ }}` references resolve against (captures, env, run variables). */
  readonly scope: InterpolationScope;
  run(step: StepDefinition): Promise<StepResult>;
  skip(step: StepDefinition, reason: string): StepResult;
  result(): ScenarioResult;
}

export function openScenario(scenario: ScenarioDefinition, state: RunState): ScenarioSession {
  const startedAt = new Date().toISOString();
  const began = performance.now();
  const { options, listener } = state;
  const steps: StepResult[] = [];
  const scope: InterpolationScope = {
    steps: state.stepCaptures(scenario.name),
    scenarios: state.captures,
    env: options.env ?? process.env,
    run: runVariables(scenario, options.runId, options.baseUrls[0] ?? '', options.mailUrl ?? options.env?.REOS_MAIL_URL ?? process.env.REOS_MAIL_URL),
    targets: options.baseUrls,
  };
  const record = (result: StepResult) => {
    const at = steps.findIndex((s) => s.id === result.id);
    if (at >= 0) steps[at] = result;
    else steps.push(result);
    state.recordStep(scenario.name, result);
    listener.stepEnd?.(scenario, result);
    return result;
  };
  return {
    scope,
    async run(step) {
      listener.stepStart?.(scenario, step);
      const reason = options.signal?.aborted ? 'the run was aborted' : blockedBy(scenario, step, state);
      if (reason) return record(stepResult(step, { status: 'skipped', reason }));
      return record(
        await runStep(scenario, step, {
          baseUrls: options.baseUrls,
          scope,
          logs: options.logs,
          mailUrl: options.mailUrl,
          previous: steps.filter((s) => s.id !== step.id),
          runExchanges: () => state.exchanges(),
          signal: options.signal ?? new AbortController().signal,
          stepTimeoutMs: options.stepTimeoutMs,
        }),
      );
    },
    skip(step, reason) {
      listener.stepStart?.(scenario, step);
      return record(stepResult(step, { status: 'skipped', reason }));
    },
    result() {
      return {
        name: scenario.name,
        area: scenario.area,
        severity: scenario.severity,
        file: scenario.file,
        status: scenarioStatus(steps),
        steps: [...steps],
        startedAt,
        durationMs: Math.round((performance.now() - began) * 100) / 100,
      };
    },
  };
}

export async function runScenario(scenario: ScenarioDefinition, state: RunState): Promise<ScenarioResult> {
  const session = openScenario(scenario, state);
  for (const step of scenario.steps) await session.run(step);
  return session.result();
}
