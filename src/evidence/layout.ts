/**
 * Where things go inside an evidence pack: the pack's name from the run's start time (UTC),
 * one folder per area, one folder per scenario, one `<nn>-<step-id>.json` per step. Pure
 * functions, so the writer, the reporters and a later auditor agree on every path.
 */
import path from 'node:path';
import type { RunResult } from '../model.js';

/** `runtime_YYYYMMDD_HHMMSS` for a date, in UTC. */
export function packBaseName(date: Date): string {
  const iso = date.toISOString(); // 2025-11-05T18:22:13.123Z
  return `runtime_${iso.slice(0, 10).replace(/-/g, '')}_${iso.slice(11, 19).replace(/:/g, '')}`;
}

/** A file-name-safe, lower-case slug; never empty. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'unnamed';
}

/**
 * The transcript path of every step, keyed `[scenarioIndex][stepIndex]`, POSIX separators,
 * relative to the pack root. Two scenarios whose names slug alike get `-2`, `-3` ...
 */
export function transcriptPaths(run: Pick<RunResult, 'scenarios'>): string[][] {
  const taken = new Set<string>();
  return run.scenarios.map((scenario) => {
    const base = `${slugify(scenario.area)}/${slugify(scenario.name)}`;
    let folder = base;
    for (let n = 2; taken.has(folder); n++) folder = `${base}-${n}`;
    taken.add(folder);
    const width = Math.max(2, String(scenario.steps.length).length);
    return scenario.steps.map((step, i) => `${folder}/${String(i + 1).padStart(width, '0')}-${slugify(step.id)}.json`);
  });
}

/** A path as shown in packs and messages: relative to `cwd` when inside it, POSIX separators. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  return shown.split(path.sep).join('/');
}
