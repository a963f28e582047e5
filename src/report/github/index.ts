/**
 * GitHub Actions reporting for `reos verify`: with GITHUB_STEP_SUMMARY set, the pack's Markdown
 * summary is appended to that file (the job's summary page); with GITHUB_ACTIONS set, each
 * failed or errored step becomes an `::error file=...,line=...,title=...::message` workflow
 * command pointing at the step in its scenario file. The step's line comes from its transcript
 * (every recorded step keeps its YAML location), so annotations need nothing but the pack.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PackSummary } from '../../evidence/summary.js';
import { formatFailure } from '../format.js';
import { renderSummaryMarkdown } from '../markdown/index.js';

export interface Annotation {
  file: string;
  line?: number;
  title: string;
  message: string;
}

/** Workflow-command escaping (as @actions/core does): data escapes %, CR, LF; properties also : and ,. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatAnnotation(a: Annotation): string {
  const props = [`file=${escapeProperty(a.file)}`, ...(a.line ? [`line=${a.line}`] : []), `title=${escapeProperty(a.title)}`];
  return `::error ${props.join(',')}::${escapeData(a.message)}`;
}

/** The 1-based line of a step in its scenario file, read from the step's transcript; undefined if unknown. */
export async function transcriptLine(packDir: string, transcript: string): Promise<number | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(packDir, ...transcript.split('/')), 'utf8')) as { step?: { location?: { line?: unknown } } };
    const line = parsed.step?.location?.line;
    return typeof line === 'number' && Number.isInteger(line) && line > 0 ? line : undefined;
  } catch {
    return undefined;
  }
}

/** One annotation per failed or errored step, in the summary's order. */
export async function failureAnnotations(summary: PackSummary, packDir: string): Promise<Annotation[]> {
  const annotations: Annotation[] = [];
  for (const scenario of summary.scenarios) {
    for (const step of scenario.steps) {
      if (step.status !== 'failed' && step.status !== 'error') continue;
      const messages = step.failures.map(formatFailure);
      annotations.push({
        file: scenario.file,
        line: await transcriptLine(packDir, step.transcript),
        title: `reos: ${scenario.name} › ${step.id} ${step.status}`,
        message: [...messages, ...(step.reason ? [step.reason] : []), ...(messages.length || step.reason ? [] : [step.status]), `transcript: ${step.transcript}`].join('\n'),
      });
    }
  }
  return annotations;
}

export interface GitHubReportOptions {
  summary: PackSummary;
  packDir: string;
  env: Record<string, string | undefined>;
  /** Where workflow commands go (stdout, where the runner reads them). */
  write(line: string): void;
  /** Where a problem writing the step summary is reported (the run's result is unaffected). */
  warn(line: string): void;
}

/** Does what the environment asks for; a no-op outside GitHub Actions. */
export async function reportToGitHub(options: GitHubReportOptions): Promise<void> {
  const file = options.env.GITHUB_STEP_SUMMARY;
  if (file) {
    try {
      await fs.appendFile(file, `${renderSummaryMarkdown(options.summary)}\n`, 'utf8');
    } catch (error) {
      options.warn(`Could not append the summary to GITHUB_STEP_SUMMARY (${file}): ${(error as Error).message}`);
    }
  }
  if (options.env.GITHUB_ACTIONS) {
    for (const annotation of await failureAnnotations(options.summary, options.packDir)) options.write(formatAnnotation(annotation));
  }
}
