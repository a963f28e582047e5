/**
 * The interactive driver: between steps the presenter picks with @inquirer/prompts' expand
 * (one key, then Enter; Enter alone is "next"): next, retry, skip, show the curl, expand the
 * folded response, show the recorded exchange of a failed step, open a link, quit. Showing
 * things re-asks; only next, retry, skip and quit move the show. Ctrl+C quits the show cleanly.
 */
import type { ChalkInstance } from 'chalk';
import { openInBrowser } from './browser.js';
import { curlView, recordedView, stepResultView } from './present.js';
import type { ShowRun } from './session.js';
import type { Action, Driver, Moment } from './show-loop.js';
import { clock } from './show/types.js';

type Choice = 'next' | 'retry' | 'skip' | 'curl' | 'expand' | 'recorded' | 'open' | 'quit';
type Key = 'n' | 'r' | 's' | 'c' | 'e' | 'f' | 'o' | 'q';

export interface InteractiveOptions {
  run: ShowRun;
  colors: ChalkInstance;
  write(text: string): void;
  env: Record<string, string | undefined>;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

function choicesFor(moment: Moment, last: boolean): Array<{ key: Key; name: string; value: Choice }> {
  const { next, last: previous } = moment;
  const out: Array<{ key: Key; name: string; value: Choice }> = [{ key: 'n', name: next ? `next: run "${next.name ?? next.id}"` : last ? 'finish the show' : 'next section', value: 'next' }];
  if (previous && previous.result.status !== 'skipped') out.push({ key: 'r', name: `retry "${previous.step.name ?? previous.step.id}"`, value: 'retry' });
  if (next) out.push({ key: 's', name: `skip "${next.name ?? next.id}"`, value: 'skip' });
  if (previous?.result.exchanges.length) {
    out.push({ key: 'c', name: 'show the curl', value: 'curl' });
    out.push({ key: 'e', name: 'expand the full response', value: 'expand' });
  }
  if (previous?.recorded && (previous.result.status === 'failed' || previous.result.status === 'error')) out.push({ key: 'f', name: `show the RECORDED exchange (${previous.recorded.recordedAt})`, value: 'recorded' });
  if (moment.links.length) out.push({ key: 'o', name: `open ${moment.links.map((l) => l.label).join(' / ')} in the browser`, value: 'open' });
  out.push({ key: 'q', name: 'quit the show', value: 'quit' });
  return out;
}

export function interactiveDriver(options: InteractiveOptions): Driver {
  const c = options.colors;
  return {
    showRecordedAtOnce: false,
    async decide(moment) {
      const { expand } = await import('@inquirer/prompts');
      const asked = performance.now();
      const isLast = moment.sectionIndex === options.run.show.sections.length - 1;
      for (;;) {
        const elapsed = moment.elapsedMs + (performance.now() - asked);
        const over = elapsed > moment.section.plannedMs;
        const timer = `${clock(elapsed)} / ${clock(moment.section.plannedMs)}`;
        const message = `${moment.section.title} ${over ? c.red(`[${timer} over plan]`) : c.dim(`[${timer}]`)} - what next?`;
        let choice: Choice;
        try {
          choice = await expand(
            { message, choices: choicesFor(moment, isLast), default: 'n', expanded: true },
            { ...(options.input ? { input: options.input } : {}), ...(options.output ? { output: options.output } : {}), clearPromptOnDone: false },
          );
        } catch (error) {
          if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') return 'quit';
          throw error;
        }
        const previous = moment.last;
        if (choice === 'curl' && previous) options.write(curlView(previous.result, c));
        else if (choice === 'expand' && previous) options.write(stepResultView(previous.result, c, { fold: false }).text);
        else if (choice === 'recorded' && previous?.recorded) {
          options.write(recordedView(previous.recorded, c, { fold: true }).text);
          options.run.cover(previous.step, previous.recorded);
        } else if (choice === 'open') {
          for (const link of moment.links) options.write(await openInBrowser(link.url, options.env));
        } else return choice as Action;
      }
    },
  };
}
