/**
 * Writes scenario YAML to a temporary folder and loads it with the real loader, so check and
 * runner tests exercise the same path as `reos verify`, line numbers included.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadScenarios, formatProblem } from '../../../src/scenarios/index.js';
import { runScenarios, type RunListener, type RunOptions } from '../../../src/runner/index.js';
import type { ScenarioDefinition, ScenarioResult, StepResult } from '../../../src/model.js';

export async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'reos-unit-'));
}

/** Writes `files` (name -> YAML text) into a fresh folder and loads them all. */
export async function loadYaml(files: Record<string, string>) {
  const dir = await tempDir();
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  const result = await loadScenarios([dir], { cwd: dir });
  return { dir, ...result, messages: result.problems.map(formatProblem) };
}

/** Loads scenarios that must be valid (throws with the problems otherwise). */
export async function validScenarios(files: Record<string, string>): Promise<ScenarioDefinition[]> {
  const { scenarios, messages } = await loadYaml(files);
  if (messages.length) throw new Error(`unexpected problems:\n${messages.join('\n')}`);
  return scenarios;
}

/** Loads one scenario from YAML and runs it against `baseUrl`; returns its result. */
export async function runYaml(yaml: string, baseUrl: string, options: Partial<RunOptions> = {}, listener?: RunListener): Promise<ScenarioResult> {
  const scenarios = await validScenarios({ 'scenario.yaml': yaml });
  const { scenarios: results } = await runScenarios(scenarios, { baseUrls: [baseUrl], runId: 'unit', ...options }, listener);
  return results[0];
}

export function step(result: ScenarioResult, id: string): StepResult {
  const found = result.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in ${result.name}`);
  return found;
}

/** The scenario header every test file needs. */
export function scenario(name: string, steps: string, extra = ''): string {
  return `name: ${name}\narea: health\nseverity: major\n${extra}steps:\n${steps}`;
}
