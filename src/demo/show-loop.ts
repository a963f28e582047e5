/**
 * The walk through a show, section by section and step by step, shared by the interactive and
 * the --auto drivers: a driver only decides what comes next (next, retry, skip, quit); the loop
 * runs the step live, shows it, and when it fails says so and shows (auto) or offers
 * (interactive) the recorded exchange from the newest evidence pack holding one.
 */
import type { ChalkInstance } from 'chalk';
import type { StepDefinition, StepResult } from '../model.js';
import { clockLine, figuresView, noRecording, recordedView, scriptBlock, sectionHeader, stepHeader, stepResultView, tallyView } from './present.js';
import type { RecordedExchanges, RecordedStep } from './recorded.js';
import type { ShowRun } from './session.js';
import type { ShowSection } from './show/types.js';

export type Action = 'next' | 'retry' | 'skip' | 'quit';

/** What a driver knows when it decides. */
export interface Moment {
  section: ShowSection;
  sectionIndex: number;
  /** The step `next` would run, if the section has one left. */
  next?: StepDefinition;
  /** The step just shown, with its live result and the recording found for it when it failed. */
  last?: { step: StepDefinition; result: StepResult; recorded?: RecordedStep };
  /** Elapsed time in this section. */
  elapsedMs: number;
  /** Links of the section, resolved. */
  links: Array<{ label: string; url: string }>;
}

export interface Driver {
  decide(moment: Moment): Promise<Action>;
  /** Whether a failed step's recording is shown at once (auto) or only when asked (interactive). */
  showRecordedAtOnce: boolean;
}

export interface LoopIo {
  write(text: string): void;
  colors: ChalkInstance;
  now?(): number;
}

export interface LoopOutcome {
  /** Set when the presenter ended the show early. */
  quit?: string;
}

export async function walkShow(run: ShowRun, recordings: RecordedExchanges, recordingsRoot: string, driver: Driver, io: LoopIo): Promise<LoopOutcome> {
  const c = io.colors;
  const now = io.now ?? (() => performance.now());
  const { sections } = run.show;
  let stepNumber = 0;
  const total = run.show.scenario.steps.length;

  const runAndShow = async (step: StepDefinition, n: number) => {
    io.write(stepHeader(step, n, total, c));
    const result = await run.run(step);
    io.write(stepResultView(result, c, { fold: true }).text);
    let recorded: RecordedStep | undefined;
    if (result.status === 'failed' || result.status === 'error') {
      recorded = recordings.find(run.show.name, step.id);
      if (!recorded) io.write(noRecording(c, recordingsRoot));
      else if (driver.showRecordedAtOnce) {
        io.write(recordedView(recorded, c, { fold: true }).text);
        run.cover(step, recorded);
      } else io.write(c.yellow(`A recorded exchange of this step is available (pack ${recorded.pack}, ${recorded.recordedAt}): choose "recorded" to show it.`));
    }
    return { step, result, recorded };
  };

  for (const [si, section] of sections.entries()) {
    const started = now();
    const links = section.links.map((l) => ({ label: l.label, url: run.text(l.url) }));
    io.write(sectionHeader(section, si, sections.length, c));
    io.write(scriptBlock(run.text(section.script), section.talkingPoints.map((p) => run.text(p)), links, c));
    let index = 0;
    let last: Moment['last'];
    for (;;) {
      const next = section.steps[index];
      const action = await driver.decide({ section, sectionIndex: si, ...(next ? { next } : {}), ...(last ? { last } : {}), elapsedMs: now() - started, links });
      if (action === 'quit') return { quit: `the presenter ended the show in section ${si + 1} (${section.title})` };
      if (action === 'retry' && last) {
        last = await runAndShow(last.step, stepNumber);
        continue;
      }
      if (!next) break;
      stepNumber++;
      index++;
      if (action === 'skip') {
        const result = run.skip(next, 'skipped by the presenter');
        io.write(`${stepHeader(next, stepNumber, total, c)}\n${c.yellow('SKIPPED by the presenter')}`);
        last = { step: next, result };
        continue;
      }
      last = await runAndShow(next, stepNumber);
    }
    const figures = figuresView(run.figures(section), c);
    if (figures) io.write(figures);
    if (section.results) io.write(tallyView(run.tally(), c));
    if (section.fallback && run.show.sections[si].steps.some((s) => run.session.result().steps.find((r) => r.id === s.id && (r.status === 'failed' || r.status === 'error')))) {
      io.write(c.yellow(`Fallback: ${section.fallback}`));
    }
    io.write(`${c.dim(`end of section ${si + 1}`)} ${clockLine(section, now() - started, c)}`);
  }
  return {};
}
