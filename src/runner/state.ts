/**
 * What scenarios of one run share: each scenario's step results and captures (read through
 * `scenarios.<name>.<step>.<capture>` by scenarios that require it) and every HTTP exchange
 * recorded so far (the openapi check validates them against the spec).
 */
import type { HttpExchange, StepResult } from '../model.js';
import type { RunListener, RunOptions } from './index.js';

export class RunState {
  /** scenario name -> step id -> captures (passed steps only). */
  readonly captures = new Map<string, Map<string, Record<string, unknown>>>();
  private readonly results = new Map<string, Map<string, StepResult>>();
  private readonly recorded: HttpExchange[] = [];

  constructor(
    readonly options: RunOptions,
    readonly listener: RunListener,
  ) {}

  /** Records a finished step: its result, its captures if it passed, its exchanges. */
  recordStep(scenario: string, result: StepResult): void {
    if (!this.results.has(scenario)) {
      this.results.set(scenario, new Map());
      this.captures.set(scenario, new Map());
    }
    this.results.get(scenario)!.set(result.id, result);
    if (result.status === 'passed') this.captures.get(scenario)!.set(result.id, result.captures);
    this.recorded.push(...result.exchanges);
  }

  stepResult(scenario: string, step: string): StepResult | undefined {
    return this.results.get(scenario)?.get(step);
  }

  /** The captures of one scenario's passed steps (a live view). */
  stepCaptures(scenario: string): ReadonlyMap<string, Record<string, unknown>> {
    if (!this.captures.has(scenario)) {
      this.results.set(scenario, new Map());
      this.captures.set(scenario, new Map());
    }
    return this.captures.get(scenario)!;
  }

  exchanges(): HttpExchange[] {
    return [...this.recorded];
  }
}
