/**
 * What `reos scenarios list` and `reos scenarios validate` answer: the scenarios a set of files
 * holds (one row each), and whether those files are valid, with every problem at its
 * file:line:column. Same loading and filtering as `reos verify`, so they never disagree.
 */
import type { Severity } from '../model.js';
import { displayPath } from '../evidence/layout.js';
import { loadSelectedScenarios, ScenarioProblemsError, type ScenarioProblemLike } from './select.js';

export { printProblems } from './select.js';

export interface ScenarioRow {
  name: string;
  area: string;
  severity: Severity;
  tags: string[];
  steps: number;
  file: string;
  line: number;
}

export interface ValidationReport {
  valid: boolean;
  scenarios: number;
  files: number;
  problems: Array<ScenarioProblemLike & { text: string }>;
}

export async function listScenarios(options: { patterns: string[]; areas?: string[]; tags?: string[]; cwd: string }): Promise<ScenarioRow[]> {
  const { scenarios } = await loadSelectedScenarios(options);
  return scenarios.map((s) => ({
    name: s.name,
    area: s.area,
    severity: s.severity,
    tags: s.tags,
    steps: s.steps.length,
    file: displayPath(s.file, options.cwd),
    line: s.location.line,
  }));
}

/** Never throws for invalid files: the problems are the answer. */
export async function validateScenarios(options: { patterns: string[]; cwd: string }): Promise<ValidationReport> {
  try {
    const { scenarios } = await loadSelectedScenarios(options);
    return { valid: true, scenarios: scenarios.length, files: new Set(scenarios.map((s) => s.file)).size, problems: [] };
  } catch (error) {
    if (!(error instanceof ScenarioProblemsError)) throw error;
    const problems = error.problems.map((p, i) => ({ ...p, file: displayPath(p.file, options.cwd), text: error.lines[i] }));
    return { valid: false, scenarios: 0, files: new Set(problems.map((p) => p.file)).size, problems };
  }
}
