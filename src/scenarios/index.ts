/**
 * Loading scenarios: expand the patterns, parse each YAML file with positions, validate it
 * against the scenario JSON Schema, then check what needs the whole set (names, requires,
 * references). Every problem is collected as `file:line:column: what is wrong, expected what`;
 * the caller runs nothing when `problems` is not empty. No HTTP, no oclif.
 *
 * @example
 * const { scenarios, problems } = await loadScenarios(['scenarios/auth-*.yaml']);
 * if (problems.length) for (const p of problems) console.error(formatProblem(p));
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ScenarioDefinition } from '../model.js';
import { buildScenario, type BuiltScenario } from './build.js';
import { expandPatterns, shippedScenariosDir } from './files.js';
import { problemAt, sortProblems, type ScenarioProblem } from './problems.js';
import { crossCheck, missingRequirements } from './references.js';
import { validateScenarioData } from './validate.js';
import { YamlSource } from './yaml-source.js';

export { formatProblem, type ScenarioProblem } from './problems.js';
export { shippedScenariosDir } from './files.js';
export { RUN_VARIABLES } from './interpolation.js';

export interface LoadOptions {
  /** Base for relative patterns and for the file names in messages (process.cwd() by default). */
  cwd?: string;
}

function displayName(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Parses and validates one file; `built` is set only when the file is a valid scenario. */
export async function loadScenarioFile(file: string, cwd: string): Promise<{ built?: BuiltScenario; problems: ScenarioProblem[] }> {
  const shown = displayName(file, cwd);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    return { problems: [{ file: shown, line: 0, column: 0, message: `cannot read the file: ${(error as Error).message}` }] };
  }
  const source = new YamlSource(shown, bytes.toString('utf8'));
  if (source.syntaxProblems.length) {
    return { problems: source.syntaxProblems.map((p) => problemAt(shown, p, `YAML syntax error: ${p.message}`, 'valid YAML')) };
  }
  const problems = validateScenarioData(source);
  if (problems.length) return { problems };
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  const { built, problems: buildProblems } = buildScenario(source, sha);
  return { built, problems: buildProblems };
}

/** Loads required scenarios missing from the selection from the requiring files' folders. */
async function addRequired(loaded: BuiltScenario[], files: Set<string>, cwd: string): Promise<BuiltScenario[]> {
  const added: BuiltScenario[] = [];
  let missing = missingRequirements(loaded.map((s) => s.definition));
  const folders = new Set(loaded.map((s) => path.dirname(path.resolve(cwd, s.definition.file))));
  for (const folder of folders) {
    if (missing.size === 0) break;
    const siblings = (await fs.readdir(folder)).filter((f) => /\.ya?ml$/i.test(f)).map((f) => path.join(folder, f));
    for (const file of siblings.filter((f) => !files.has(f))) {
      const { built, problems } = await loadScenarioFile(file, cwd);
      if (!built || problems.length || !missing.has(built.definition.name)) continue;
      files.add(file);
      added.push(built);
      loaded.push(built);
      folders.add(path.dirname(file));
      missing = missingRequirements(loaded.map((s) => s.definition));
    }
  }
  return added;
}

/**
 * Loads the scenarios the patterns select (files, folders, globs); with no pattern, the
 * package's shipped scenarios (leaving out `demo/` and `pending/`). A scenario another one
 * requires is loaded from the same folder when the patterns left it out.
 */
export async function loadScenarios(patterns: string[], options: LoadOptions = {}): Promise<{ scenarios: ScenarioDefinition[]; problems: ScenarioProblem[] }> {
  const cwd = options.cwd ?? process.cwd();
  const { files, unmatched } = expandPatterns(patterns.length ? patterns : [shippedScenariosDir()], cwd);
  const problems: ScenarioProblem[] = unmatched.map((p) => ({ file: p, line: 0, column: 0, message: 'no scenario file matches this pattern', expected: 'a .yaml file, a folder of them or a glob such as scenarios/auth-*.yaml' }));
  const built: BuiltScenario[] = [];
  for (const file of files) {
    const result = await loadScenarioFile(file, cwd);
    problems.push(...result.problems);
    if (result.built) built.push(result.built);
  }
  await addRequired(built, new Set(files), cwd);
  problems.push(...crossCheck(built));
  return { scenarios: built.map((b) => b.definition), problems: sortProblems(problems) };
}
