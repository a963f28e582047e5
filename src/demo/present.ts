/**
 * What the audience sees, as text: section headers with the clock against the plan, the script
 * and talking points, each step's request (method, URL) and live response (status, timing,
 * folded coloured body), a failure said plainly, a RECORDED exchange clearly marked, the live
 * figures and the run's results. Pure functions of data and a chalk instance.
 */
import type { ChalkInstance } from 'chalk';
import type { HttpExchange, StepDefinition, StepResult } from '../model.js';
import { toCurl } from './curl.js';
import { viewBody } from './json-view.js';
import type { RecordedStep } from './recorded.js';
import type { Tally } from './session.js';
import { clock, type Show, type ShowSection } from './show/types.js';

const MAX_TEXT_LINE = 160;

export function showBanner(show: Show, target: string, c: ChalkInstance): string {
  const planned = show.sections.reduce((sum, s) => sum + s.plannedMs, 0);
  return [c.bold(show.title), c.dim(`${show.sections.length} sections, planned ${clock(planned)} - against ${target}`)].join('\n');
}

export function clockLine(section: ShowSection, elapsedMs: number, c: ChalkInstance): string {
  const over = elapsedMs > section.plannedMs;
  const text = `[${clock(elapsedMs)} / ${clock(section.plannedMs)}]`;
  return over ? c.red(`${text} over plan`) : c.dim(text);
}

export function sectionHeader(section: ShowSection, index: number, total: number, c: ChalkInstance): string {
  return `\n${c.bold.inverse(` ${index + 1}/${total} ${section.title} `)} ${c.dim(`planned ${section.duration}`)}`;
}

export function scriptBlock(script: string, points: string[], links: Array<{ label: string; url: string }>, c: ChalkInstance): string {
  const lines = [`${c.bold('SAY')}  ${c.italic(`"${script}"`)}`];
  for (const point of points) lines.push(`  - ${point}`);
  for (const link of links) lines.push(`  ${c.dim('link')} ${link.label}: ${c.underline(link.url)}`);
  return lines.join('\n');
}

export function stepHeader(step: StepDefinition, n: number, total: number, c: ChalkInstance): string {
  return `\n${c.cyan(`> step ${n}/${total}`)} ${c.bold(step.name ?? step.id)} ${c.dim(`(${step.kind} ${step.id})`)}`;
}

function bodyView(exchange: HttpExchange, c: ChalkInstance, fold: boolean): { text: string; folded: boolean } {
  const body = exchange.response?.body;
  if (body === undefined) return { text: c.dim('(empty body)'), folded: false };
  const view = viewBody(body, c, { fold, maxLines: typeof body === 'string' ? 12 : 30 });
  if (typeof body === 'string' && fold) {
    const lines = view.text.split('\n').map((l) => (l.length > MAX_TEXT_LINE ? `${l.slice(0, MAX_TEXT_LINE)}…` : l));
    return { text: lines.join('\n'), folded: view.folded || lines.some((l) => l.endsWith('…')) };
  }
  return view;
}

function exchangeLines(exchange: HttpExchange, c: ChalkInstance, fold: boolean, withBody: boolean): { lines: string[]; folded: boolean } {
  const lines = [`${c.bold(exchange.request.method)} ${exchange.request.url}`];
  if (exchange.error) return { lines: [...lines, c.red(`  no response: ${exchange.error}`)], folded: false };
  const status = exchange.response!.status;
  const paint = status >= 500 ? c.red : status >= 400 ? c.yellow : c.green;
  lines.push(`${paint(`HTTP ${status}`)} ${c.dim(`in ${exchange.timing.durationMs} ms`)}`);
  if (!withBody) return { lines, folded: false };
  const view = bodyView(exchange, c, fold);
  lines.push(view.text);
  return { lines, folded: view.folded };
}

/** The main exchange of a step: the one an audience should see (the last request it made, for most kinds the only one). */
export function mainExchange(result: Pick<StepResult, 'exchanges'>): HttpExchange | undefined {
  return result.exchanges[0];
}

export interface StepView {
  text: string;
  /** The body was folded: offer to expand. */
  folded: boolean;
}

export function stepResultView(result: StepResult, c: ChalkInstance, options: { fold: boolean }): StepView {
  const lines: string[] = [];
  let folded = false;
  const exchanges = result.kind === 'http' ? result.exchanges.slice(0, 1) : result.exchanges.slice(0, 2);
  for (const exchange of exchanges) {
    // The kinds that make several requests (openapi, sse) are summed up by their captures below.
    const part = exchangeLines(exchange, c, options.fold, result.kind === 'http' || !options.fold);
    lines.push(...part.lines);
    folded ||= part.folded;
  }
  if (result.exchanges.length > exchanges.length) lines.push(c.dim(`(+${result.exchanges.length - exchanges.length} more requests in the evidence pack)`));
  const captured = Object.entries(result.captures).filter(([k]) => k !== 'request_id' && k !== 'status' && !/token/i.test(k));
  if (captured.length && result.kind !== 'http') lines.push(c.dim(`captured: ${captured.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')}`));
  lines.push(statusLine(result, c));
  return { text: lines.join('\n'), folded };
}

export function statusLine(result: StepResult, c: ChalkInstance): string {
  const took = c.dim(`(${Math.round(result.durationMs)} ms)`);
  if (result.status === 'passed') return `${c.green('LIVE OK')} ${took}`;
  if (result.status === 'skipped') return `${c.yellow('SKIPPED')} ${result.reason ?? ''}`;
  const failures = result.assertions.filter((a) => !a.passed).map((a) => a.message ?? `${a.label}: expected ${JSON.stringify(a.expected)}, got ${JSON.stringify(a.actual)}`);
  const why = result.reason ?? failures.join('; ');
  return `${c.red.bold('LIVE STEP FAILED')} ${took}: ${why}`;
}

export function curlView(result: Pick<StepResult, 'exchanges' | 'kind'>, c: ChalkInstance): string {
  if (result.exchanges.length === 0) return c.dim('(this step sent no request)');
  return result.exchanges
    .slice(0, 3)
    .map((e) => toCurl(e.request, { stream: result.kind === 'sse' && /\/stream/.test(e.request.url) }))
    .join('\n\n');
}

export function recordedView(recorded: RecordedStep, c: ChalkInstance, options: { fold: boolean }): StepView {
  const banner = c.bgYellow.black.bold(` RECORDED ${recorded.recordedAt} `);
  const view = stepResultView({ ...recorded.step }, c, options);
  const text = view.text.split('\n').slice(0, -1).join('\n');
  return { text: [`${banner} ${c.dim(`not live: pack ${recorded.pack}, ${recorded.file} (scenario ${recorded.scenario})`)}`, text, banner].join('\n'), folded: view.folded };
}

export function noRecording(c: ChalkInstance, root: string): string {
  return c.yellow(`No recorded exchange for this step in ${root}: none is available to show (run \`reos verify\` or a rehearsal with \`reos demo --auto\` to record one).`);
}

export function figuresView(figures: Array<{ label: string; value: string }>, c: ChalkInstance): string {
  if (figures.length === 0) return '';
  const width = Math.max(...figures.map((f) => f.label.length));
  return [c.bold('Measured live:'), ...figures.map((f) => `  ${f.label.padEnd(width)}  ${c.bold(f.value)}`)].join('\n');
}

export function tallyView(tally: Tally, c: ChalkInstance): string {
  const parts = [c.green(`${tally.passed} passed live`), tally.failed ? c.red(`${tally.failed} failed live`) : `${tally.failed} failed`, `${tally.recorded} shown from a recording`, `${tally.skipped} skipped`];
  return `${c.bold('This run:')} ${parts.join(', ')} (of ${tally.total} steps)`;
}
