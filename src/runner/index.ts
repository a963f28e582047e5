/**
 * The scenario runner: a library (no oclif) that runs loaded scenarios against one or more
 * base URLs and reports progress through listener events. Independent scenarios run side by
 * side up to `concurrency`; a scenario named in another's `requires` finishes first; an
 * `isolated` one runs alone once every other scenario has finished. It validates nothing
 * (loadScenarios did) and never throws for a failing target: every problem ends up in the
 * results.
 *
 * @example
 * const { scenarios } = await runScenarios(loaded, { baseUrls: ['http://127.0.0.1:8000'], runId: '20260101_120000' }, {
 *   stepEnd: (s, r) => console.log(s.name, r.id, r.status),
 * });
 */
import { CAPABILITIES } from '../checks/index.js';
import type { ScenarioDefinition, ScenarioResult, StepDefinition, StepResult } from '../model.js';
import { runScenario, skippedScenario } from './scenario.js';
import { schedule } from './schedule.js';
import { RunState } from './state.js';

export interface RunOptions {
  baseUrls: string[];
  /** Scenarios in flight at once (4 by default). */
  concurrency?: number;
  /** Stop starting scenarios after the first failure; the rest are recorded as skipped. */
  bail?: boolean;
  /** Values for `${{ env.X }}` (process.env by default). */
  env?: Record<string, string | undefined>;
  runId: string;
  /** The API's log lines so far; absent when the target exposes none (remote). */
  logs?: () => string[];
  signal?: AbortSignal;
  /** Per-step timeout (15000 ms by default; a step's own timeoutMs wins). */
  stepTimeoutMs?: number;
  /**
   * Capabilities the target offers (storage, redis). Unset: assumed present, and the checks say
   * otherwise. `logs` follows `logs`; `mail` follows `mailUrl`; `replicas` needs more than one base URL.
   */
  capabilities?: string[];
  /**
   * Base URL of a mail catcher's MailHog API that answered: `mail` steps read it, the `mail`
   * capability follows it, and `${{ run.mail_url }}` is it (else REOS_MAIL_URL, else http://localhost:8025).
   */
  mailUrl?: string;
  /** Why no mail catcher is available (for the not-run reason of scenarios requiring `mail`). */
  mailProblem?: string;
}

export interface RunListener {
  scenarioStart?(s: ScenarioDefinition): void;
  stepStart?(s: ScenarioDefinition, step: StepDefinition): void;
  stepEnd?(s: ScenarioDefinition, r: StepResult): void;
  scenarioEnd?(r: ScenarioResult): void;
}

const DEFAULT_CONCURRENCY = 4;

function missingCapability(scenario: ScenarioDefinition, options: RunOptions): string | undefined {
  for (const need of scenario.requires) {
    if (!(CAPABILITIES as readonly string[]).includes(need)) continue;
    if (need === 'mail') {
      if (options.mailUrl === undefined) return `requires a mail catcher (MailHog API)${options.mailProblem ? `: ${options.mailProblem}` : ', and none is known for this target (pass --mail-url)'}`;
      continue;
    }
    const present = need === 'logs' ? options.logs !== undefined : need === 'replicas' ? options.baseUrls.length > 1 : (options.capabilities?.includes(need) ?? true);
    if (!present) {
      if (need === 'logs') return 'requires the API logs, which this target does not expose (remote target)';
      if (need === 'replicas') return `requires replicas: at least two --target URLs (this run has ${options.baseUrls.length}), e.g. the ports of \`reos up --services --replicas 2\``;
      return `requires ${need}, which this target does not offer`;
    }
  }
  return undefined;
}

/** A listener whose exceptions are reported as warnings: a reporter bug must not hang the run. */
function guardListener(listener: RunListener): Required<RunListener> {
  const guard =
    <A extends unknown[]>(name: keyof RunListener, fn?: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn?.apply(listener, args);
      } catch (error) {
        process.emitWarning(`reos run listener ${name} threw: ${(error as Error).message}`);
      }
    };
  return {
    scenarioStart: guard('scenarioStart', listener.scenarioStart),
    stepStart: guard('stepStart', listener.stepStart),
    stepEnd: guard('stepEnd', listener.stepEnd),
    scenarioEnd: guard('scenarioEnd', listener.scenarioEnd),
  };
}

/** Runs every scenario; results come back in the order the scenarios were given. */
export async function runScenarios(scenarios: ScenarioDefinition[], options: RunOptions, listener: RunListener = {}): Promise<{ scenarios: ScenarioResult[] }> {
  const safe = guardListener(listener);
  const state = new RunState(options, safe);
  const results = new Map<ScenarioDefinition, ScenarioResult>();
  let bailedAfter: string | undefined;
  await schedule(scenarios, Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY), {
    async run(scenario) {
      safe.scenarioStart(scenario);
      const result = await runScenario(scenario, state).catch((error: unknown) => ({
        ...skippedScenario(scenario, `the runner failed on this scenario: ${error instanceof Error ? error.message : String(error)}`),
        status: 'failed' as const,
      }));
      results.set(scenario, result);
      safe.scenarioEnd(result);
      if (result.status === 'failed' && options.bail) bailedAfter ??= scenario.name;
      return result;
    },
    skip(scenario, reason) {
      const result = skippedScenario(scenario, reason);
      safe.scenarioStart(scenario);
      for (const step of result.steps) state.recordStep(scenario.name, step);
      results.set(scenario, result);
      safe.scenarioEnd(result);
    },
    unavailable: (scenario) => missingCapability(scenario, options),
    stopReason: () => (options.signal?.aborted ? 'the run was aborted' : bailedAfter ? `not run: --bail after scenario ${bailedAfter} failed` : undefined),
  });
  return { scenarios: scenarios.map((s) => results.get(s)!) };
}
