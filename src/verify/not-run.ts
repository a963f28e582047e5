/** Results for scenarios that never ran (the stack was not ready): every step skipped, with why. */
import type { ScenarioDefinition, ScenarioResult } from '../model.js';

export function notRunResults(scenarios: ScenarioDefinition[], reason: string, at: Date): ScenarioResult[] {
  const startedAt = at.toISOString();
  return scenarios.map((scenario) => ({
    name: scenario.name,
    area: scenario.area,
    severity: scenario.severity,
    file: scenario.file,
    status: 'skipped',
    reason,
    startedAt,
    durationMs: 0,
    steps: scenario.steps.map((step) => ({
      id: step.id,
      kind: step.kind,
      name: step.name ?? step.id,
      status: 'skipped',
      reason,
      assertions: [],
      captures: {},
      exchanges: [],
      startedAt,
      durationMs: 0,
      location: step.location,
    })),
  }));
}
