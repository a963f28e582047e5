/**
 * The interactive driver: between steps the presenter picks with @inquirer/prompts' expand
 * (one key, then Enter; Enter alone is "next"): next, retry, skip, show the curl, expand the
 * folded response, show the recorded exchange of a failed step, open a link, quit. Showing
 * things re-asks; only next, retry, skip and quit move the show. Ctrl+C quits the show cleanly.
 * The prompt carries the section's clock against its plan, redrawn every second.
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

/** How often the prompt's clock is redrawn while the presenter has typed nothing. */
const CLOCK_REFRESH_MS = 1_000;

/**
 * The expand prompt with a running clock: while nothing is typed, the prompt is aborted and
 * redrawn every second with the message re-computed; once a key is typed it stays put until
 * Enter, so a half-typed choice is never lost. The chosen line is printed afterwards (the
 * prompt itself is cleared on every redraw).
 */
async function askWithClock(message: () => string, choices: Array<{ key: Key; name: string; value: Choice }>, options: InteractiveOptions): Promise<Choice | 'quit-by-signal'> {
  const { expand } = await import('@inquirer/prompts');
  const input = (options.input ?? process.stdin) as NodeJS.ReadableStream & NodeJS.EventEmitter;
  for (;;) {
    const redraw = new AbortController();
    let typed = false;
    const onKey = () => (typed = true);
    const text = message();
    const prompt = expand({ message: text, choices, default: 'n', expanded: true }, { ...(options.input ? { input: options.input } : {}), ...(options.output ? { output: options.output } : {}), clearPromptOnDone: true, signal: redraw.signal });
    input.on('keypress', onKey);
    const timer = setInterval(() => typed || redraw.abort(), CLOCK_REFRESH_MS);
    try {
      const choice = await prompt;
      options.write(`${options.colors.green('✔')} ${text} ${options.colors.cyan(choices.find((c) => c.value === choice)?.name ?? choice)}`);
      return choice;
    } catch (error) {
      if (redraw.signal.aborted && (error as Error).name === 'AbortPromptError') continue;
      if ((error as Error).name === 'ExitPromptError') return 'quit-by-signal';
      throw error;
    } finally {
      clearInterval(timer);
      input.off('keypress', onKey);
    }
  }
}

export function interactiveDriver(options: InteractiveOptions): Driver {
  const c = options.colors;
  return {
    showRecordedAtOnce: false,
    async decide(moment) {
      const asked = performance.now();
      const isLast = moment.sectionIndex === options.run.show.sections.length - 1;
      for (;;) {
        const choices = choicesFor(moment, isLast);
        const choice = await askWithClock(() => {
          const elapsed = moment.elapsedMs + (performance.now() - asked);
          const timer = `${clock(elapsed)} / ${clock(moment.section.plannedMs)}`;
          const over = elapsed > moment.section.plannedMs;
          return `${moment.section.title} ${over ? c.red(`[${timer} over plan]`) : c.dim(`[${timer}]`)} - what next?`;
        }, choices, options);
        if (choice === 'quit-by-signal') return 'quit';
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
