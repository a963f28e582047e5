/**
 * Loads a run-of-show: parse the YAML with positions, validate it against the show schema with
 * the scenario loader's messages (`file:line:column: what, expected what`), build every
 * section's steps as ONE scenario (so `${{ steps.login.token }}` reads across sections) and
 * check every reference, the presenter fields' included. Nothing runs when problems are found.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { buildSteps, locateReferences, type LocatedReference, type RawStep } from '../../scenarios/build.js';
import { compiledValidator } from '../../scenarios/compiled-validator.js';
import { packageRoot } from '../../scenarios/files.js';
import { sortProblems, type ScenarioProblem } from '../../scenarios/problems.js';
import { crossCheck } from '../../scenarios/references.js';
import { DOCUMENT_AJV_OPTIONS, validateDocument, type StepEntry } from '../../scenarios/validate.js';
import { YamlSource, type PathSegment } from '../../scenarios/yaml-source.js';
import { problemAt } from '../../scenarios/problems.js';
import { showJsonSchema } from './schema.js';
import { parseDuration, type Show, type ShowSection } from './types.js';

export const DEMO_AREA = 'demo';

/** The shipped show: `scenarios/demo/run-of-show.yaml` in the reos package. */
export function shippedShowFile(): string {
  return path.join(packageRoot(), 'scenarios', 'demo', 'run-of-show.yaml');
}

type RawSection = {
  id: string;
  title: string;
  duration: string;
  script: string;
  talking_points?: string[];
  links?: Array<{ label: string; url: string }>;
  figures?: Array<{ label: string; value: string }>;
  results?: boolean;
  fallback?: string;
  steps?: RawStep[];
};
type RawShow = { name: string; title: string; description?: string; sections: RawSection[]; troubleshooting?: Array<{ problem: string; fix: string }> };

let validator: ReturnType<typeof compiledValidator> | undefined;

function showSteps(data: unknown): StepEntry[] {
  const sections = (data as { sections?: unknown })?.sections;
  if (!Array.isArray(sections)) return [];
  return sections.flatMap((section, i) => {
    const steps = (section as { steps?: unknown })?.steps;
    return Array.isArray(steps) ? steps.map((value, j) => ({ path: ['sections', i, 'steps', j] as PathSegment[], value })) : [];
  });
}

/** References in presenter fields: before the section's steps (script, points, links) or after them (figures). */
function presenterReferences(source: YamlSource, raw: RawShow, problems: ScenarioProblem[]): LocatedReference[] {
  const out: LocatedReference[] = [];
  let before = 0;
  raw.sections.forEach((section, i) => {
    const after = before + (section.steps?.length ?? 0);
    const at = (...rest: PathSegment[]) => ['sections', i, ...rest];
    out.push(...locateReferences(source, section.script, at('script'), before, problems));
    section.talking_points?.forEach((point, j) => out.push(...locateReferences(source, point, at('talking_points', j), before, problems)));
    section.links?.forEach((link, j) => out.push(...locateReferences(source, link.url, at('links', j, 'url'), before, problems)));
    section.figures?.forEach((figure, j) => out.push(...locateReferences(source, figure.value, at('figures', j, 'value'), after, problems)));
    before = after;
  });
  return out;
}

function duplicateSections(source: YamlSource, raw: RawShow): ScenarioProblem[] {
  const seen = new Map<string, number>();
  const problems: ScenarioProblem[] = [];
  raw.sections.forEach((section, i) => {
    const earlier = seen.get(section.id);
    if (earlier === undefined) seen.set(section.id, i);
    else problems.push(problemAt(source.file, source.position(['sections', i, 'id']), `section id "${section.id}" is already used by section ${earlier + 1}`, 'an id unique in the show'));
  });
  return problems;
}

export async function loadShow(file: string, cwd = process.cwd()): Promise<{ show?: Show; problems: ScenarioProblem[] }> {
  const relative = path.relative(cwd, file);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    return { problems: [{ file: shown, line: 0, column: 0, message: `cannot read the show file: ${(error as Error).message}` }] };
  }
  const source = new YamlSource(shown, bytes.toString('utf8'));
  if (source.syntaxProblems.length) return { problems: source.syntaxProblems.map((p) => problemAt(shown, p, `YAML syntax error: ${p.message}`, 'valid YAML')) };
  validator ??= compiledValidator(showJsonSchema(), DOCUMENT_AJV_OPTIONS);
  const schemaProblems = validateDocument(source, { validate: validator, steps: showSteps(source.data), rootExpected: 'a mapping with name, title and sections' });
  if (schemaProblems.length) return { problems: sortProblems(schemaProblems) };

  const raw = source.data as RawShow;
  const entries = raw.sections.flatMap((section, i) => (section.steps ?? []).map((step, j) => ({ path: ['sections', i, 'steps', j] as PathSegment[], raw: step })));
  const { steps, references, problems } = buildSteps(source, entries);
  const presenter = presenterReferences(source, raw, problems);
  references.push(...presenter);
  problems.push(...duplicateSections(source, raw));
  const fileSha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const scenario = {
    name: raw.name,
    area: DEMO_AREA,
    severity: 'critical' as const,
    ...(raw.description ? { description: raw.description } : {}),
    tags: ['demo'],
    requires: [],
    steps,
    file: shown,
    fileSha256,
    location: { file: shown, ...source.position(['name'], { key: true }) },
  };
  // The runner's words ("runs as this step") do not fit a script line: say when it is read.
  const said = new Set(presenter.map((r) => `${r.position.line}:${r.position.column}`));
  for (const problem of crossCheck([{ definition: scenario, source, references }])) {
    const presenterLine = said.has(`${problem.line}:${problem.column}`);
    problems.push(presenterLine ? { ...problem, message: problem.message.replace(/which runs (as this step|after this one)/, 'which has not run yet when this is shown (scripts, points and links read earlier sections; figures read their own section)') } : problem);
  }
  if (problems.length) return { problems: sortProblems(problems) };

  let offset = 0;
  const sections: ShowSection[] = raw.sections.map((section, i) => {
    const count = section.steps?.length ?? 0;
    const built: ShowSection = {
      id: section.id,
      title: section.title,
      duration: section.duration,
      plannedMs: parseDuration(section.duration),
      script: section.script,
      talkingPoints: section.talking_points ?? [],
      links: section.links ?? [],
      figures: section.figures ?? [],
      results: section.results ?? false,
      ...(section.fallback ? { fallback: section.fallback } : {}),
      steps: steps.slice(offset, offset + count),
      location: source.location(['sections', i]),
    };
    offset += count;
    return built;
  });
  return {
    show: { name: raw.name, title: raw.title, ...(raw.description ? { description: raw.description } : {}), sections, troubleshooting: raw.troubleshooting ?? [], scenario, file: shown, fileSha256 },
    problems: [],
  };
}
