/**
 * Which scenarios a command works on: the files the user named (paths or globs) or the
 * shipped ones, loaded and validated, then narrowed by --area and --tag. An invalid file stops
 * everything with every problem listed (file:line:column), so nothing half-validated runs.
 */
import type { ScenarioDefinition } from '../model.js';
import { EXIT, ReosError } from '../errors.js';

export interface SelectOptions {
  /** Paths or globs; empty means the scenarios shipped with reos. */
  patterns: string[];
  areas?: string[];
  tags?: string[];
  cwd?: string;
}

export interface Selection {
  scenarios: ScenarioDefinition[];
  /** True when the shipped scenarios were used (no --scenarios). */
  shipped: boolean;
  /** How many were loaded before --area / --tag. */
  loaded: number;
}

export interface ScenarioProblemLike {
  file: string;
  line: number;
  column: number;
  message: string;
  expected?: string;
}

/** Invalid scenario files: exit 2, and the message lists every problem on its own line. */
export class ScenarioProblemsError extends ReosError {
  readonly problems: ScenarioProblemLike[];
  readonly lines: string[];
  readonly count: string;

  constructor(problems: ScenarioProblemLike[], lines: string[]) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'} in the scenario files; nothing was run.`;
    super(`${lines.join('\n')}\n${count}`, { hint: PROBLEMS_HINT, exitCode: EXIT.usage, code: 'INVALID_SCENARIOS' });
    this.problems = problems;
    this.lines = lines;
    this.count = count;
  }
}

const PROBLEMS_HINT = 'Fix each file at the line and column shown; `reos scenarios validate <files>` re-checks them without running anything.';

/**
 * For human output: writes each problem line as it is (the CLI's error box would wrap them,
 * and editors and CI annotations read `file:line:column` from the start of a line), and
 * returns the error to throw instead, carrying only the count. Other errors pass through.
 */
export function printProblems(error: unknown, write: (line: string) => void): unknown {
  if (!(error instanceof ScenarioProblemsError)) return error;
  for (const line of error.lines) write(line);
  return new ReosError(error.count, { hint: PROBLEMS_HINT, exitCode: EXIT.usage, code: 'INVALID_SCENARIOS' });
}

/** Loads and validates; throws ScenarioProblemsError when any file is invalid. */
export async function loadSelectedScenarios(options: SelectOptions): Promise<Selection> {
  const { loadScenarios, shippedScenariosDir, formatProblem } = await import('../scenarios/index.js');
  const shipped = options.patterns.length === 0;
  const patterns = shipped ? [shippedScenariosDir()] : options.patterns;
  const { scenarios, problems } = await loadScenarios(patterns, { cwd: options.cwd });
  if (problems.length > 0) throw new ScenarioProblemsError(problems, problems.map(formatProblem));
  const selected = withRequirements(filterScenarios(scenarios, options), scenarios);
  return { scenarios: selected, shipped, loaded: scenarios.length };
}

/** Keeps scenarios in any of `areas` (when given) carrying any of `tags` (when given). */
export function filterScenarios(scenarios: ScenarioDefinition[], filters: { areas?: string[]; tags?: string[] }): ScenarioDefinition[] {
  const areas = new Set((filters.areas ?? []).map((a) => a.toLowerCase()));
  const tags = new Set((filters.tags ?? []).map((t) => t.toLowerCase()));
  return scenarios.filter(
    (s) => (areas.size === 0 || areas.has(s.area.toLowerCase())) && (tags.size === 0 || s.tags.some((t) => tags.has(t.toLowerCase()))),
  );
}

/**
 * The selection plus every scenario it requires (by name, transitively) from `all`, in the
 * loaded order: `--area health` still runs the login scenario whose captures a health step reads.
 */
export function withRequirements(selected: ScenarioDefinition[], all: ScenarioDefinition[]): ScenarioDefinition[] {
  if (selected.length === 0) return selected;
  const byName = new Map(all.map((s) => [s.name, s]));
  const keep = new Set(selected);
  const queue = [...selected];
  while (queue.length > 0) {
    for (const name of queue.shift()!.requires) {
      const required = byName.get(name);
      if (required && !keep.has(required)) {
        keep.add(required);
        queue.push(required);
      }
    }
  }
  return all.filter((s) => keep.has(s));
}

/** Thrown when the filters leave nothing to run. */
export function nothingSelected(filters: { areas?: string[]; tags?: string[] }, loaded: number): ReosError {
  const named = [...(filters.areas ?? []).map((a) => `--area ${a}`), ...(filters.tags ?? []).map((t) => `--tag ${t}`)].join(' ');
  return new ReosError(named ? `No scenario matches ${named} (${loaded} loaded).` : 'No scenario was found.', {
    hint: named ? 'Run `reos scenarios list` to see each scenario\'s area and tags.' : 'Pass scenario files or globs with --scenarios, e.g. --scenarios "checks/*.yaml".',
    exitCode: EXIT.usage,
    code: 'NO_SCENARIOS',
  });
}
