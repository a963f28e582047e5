/**
 * One live show: the show's steps run through the scenario runner's session (the same
 * RunState, check kinds, interpolation and timeouts as `reos verify`), plus what only a show
 * needs: presenter text resolved against live captures, which failures were covered by a
 * recorded exchange, and the tally the wrap-up shows.
 */
import type { ScenarioResult, StepDefinition, StepResult } from '../model.js';
import { RunState } from '../runner/state.js';
import { openScenario, type ScenarioSession } from '../runner/scenario.js';
import { findReferences, parseReference, resolveReference } from '../scenarios/interpolation.js';
import type { RecordedStep } from './recorded.js';
import type { Show, ShowSection } from './show/types.js';

export interface ShowRunOptions {
  baseUrls: string[];
  runId: string;
  env: Record<string, string | undefined>;
  mailUrl?: string;
  logs?: () => string[];
  stepTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface Tally {
  passed: number;
  failed: number;
  /** Failed live, covered by a recorded exchange. */
  recorded: number;
  skipped: number;
  total: number;
}

const TOKEN = /\$\{\{\s*(.*?)\s*\}\}/g;

/** A captured value for an audience: a list shows its length and items. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `${value.length}${value.length ? ` (${value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')})` : ''}`;
  if (typeof value === 'string') return value;
  return value === undefined ? '' : JSON.stringify(value);
}

export class ShowRun {
  readonly session: ScenarioSession;
  private readonly covered = new Map<string, RecordedStep>();

  constructor(
    readonly show: Show,
    options: ShowRunOptions,
  ) {
    const state = new RunState({ baseUrls: options.baseUrls, runId: options.runId, env: options.env, mailUrl: options.mailUrl, logs: options.logs, stepTimeoutMs: options.stepTimeoutMs, signal: options.signal }, {});
    this.session = openScenario(show.scenario, state);
  }

  run(step: StepDefinition): Promise<StepResult> {
    this.covered.delete(step.id);
    return this.session.run(step);
  }

  skip(step: StepDefinition, reason: string): StepResult {
    this.covered.delete(step.id);
    return this.session.skip(step, reason);
  }

  /** Notes that a failed step's recorded exchange was shown; the pack records it beside the live failure. */
  cover(step: StepDefinition, recorded: RecordedStep): void {
    this.covered.set(step.id, recorded);
  }

  /** Presenter text with each `${{ }}` resolved; a value not measured (its step failed) says so. */
  text(template: string): string {
    if (findReferences(template).length === 0) return template;
    return template.replace(TOKEN, (_match, expression: string) => {
      const parsed = parseReference(expression);
      if ('error' in parsed) return '(not measured)';
      try {
        return describeValue(resolveReference(parsed.reference, this.session.scope));
      } catch {
        return '(not measured: its step did not pass)';
      }
    });
  }

  figures(section: ShowSection): Array<{ label: string; value: string }> {
    return section.figures.map((f) => ({ label: f.label, value: this.text(f.value) }));
  }

  tally(): Tally {
    const steps = this.session.result().steps;
    const failed = steps.filter((s) => s.status === 'failed' || s.status === 'error');
    return {
      passed: steps.filter((s) => s.status === 'passed').length,
      failed: failed.length,
      recorded: failed.filter((s) => this.covered.has(s.id)).length,
      skipped: steps.filter((s) => s.status === 'skipped').length,
      total: this.show.scenario.steps.length,
    };
  }

  /** The show as a scenario result for the pack: steps never reached are skipped, fallbacks noted. */
  result(endedEarly?: string): ScenarioResult {
    for (const step of this.show.scenario.steps) {
      if (!this.session.result().steps.some((s) => s.id === step.id)) this.session.skip(step, endedEarly ?? 'not reached');
    }
    const result = this.session.result();
    result.steps = this.show.scenario.steps.map((def) => {
      const step = result.steps.find((s) => s.id === def.id)!;
      const recorded = this.covered.get(step.id);
      return recorded ? { ...step, details: { ...step.details, fallback: { shown: 'RECORDED', pack: recorded.pack, recorded_at: recorded.recordedAt, transcript: recorded.file, scenario: recorded.scenario } } } : step;
    });
    return result;
  }
}
