/**
 * What the terminal listens to while a run goes on: the runner's events. Two renderings share
 * this contract: live listr2 tasks by area and scenario on a TTY, plain lines (one per finished
 * scenario) in CI and pipes. Whatever reaches the screen goes through `redact` first.
 */
import type { ScenarioDefinition, ScenarioResult, StepDefinition, StepResult } from '../../model.js';
import { formatDuration, formatValue } from '../format.js';

export interface ProgressListener {
  scenarioStart?(scenario: ScenarioDefinition): void;
  stepStart?(scenario: ScenarioDefinition, step: StepDefinition): void;
  stepEnd?(scenario: ScenarioDefinition, result: StepResult): void;
  scenarioEnd?(result: ScenarioResult): void;
}

export interface RunProgress {
  listener: ProgressListener;
  /** Called once the runner has returned; resolves when the rendering is complete. */
  finish(): Promise<void>;
}

export interface ProgressContext {
  redact(text: string): string;
}

export type ProgressFactory = (plan: ScenarioDefinition[], context: ProgressContext) => RunProgress;

/** The failed steps of a scenario as short lines: `me: status eq: expected 200, got 401`. */
export function failureLines(result: ScenarioResult): string[] {
  return result.steps
    .filter((s) => s.status === 'failed' || s.status === 'error')
    .map((step) => {
      const failed = step.assertions.find((a) => !a.passed);
      const what = failed ? `${failed.label}: expected ${formatValue(failed.expected, 80)}, got ${formatValue(failed.actual, 80)}` : (step.reason ?? step.status);
      return `${step.id}: ${what}`;
    });
}

/** `3/3 steps, 120 ms`. */
export function stepTally(result: ScenarioResult): string {
  const passed = result.steps.filter((s) => s.status === 'passed').length;
  return `${passed}/${result.steps.length} steps, ${formatDuration(result.durationMs)}`;
}
