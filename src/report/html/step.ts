/**
 * One step of report.html: a <details> (open when the step failed) whose summary line gives
 * status, id, name and duration, and whose body shows the failed assertions (expected vs
 * actual), every assertion, and each HTTP exchange: request line, headers and pretty JSON body,
 * then the response's status, headers and body. Everything comes from the step's transcript.
 */
import type { AssertionResult, HttpExchange, StepResult } from '../../model.js';
import type { SummaryStep } from '../../evidence/summary.js';
import { formatDuration, formatValue } from '../format.js';
import { escapeHtml as h, prettyJson } from './escape.js';

const headersTable = (headers: Record<string, string> | undefined) => {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0) return '<p class="note">No headers.</p>';
  return `<table class="headers"><tbody>${entries.map(([k, v]) => `<tr><th class="mono">${h(k)}</th><td class="mono">${h(v)}</td></tr>`).join('')}</tbody></table>`;
};

const body = (value: unknown) => (value === undefined || value === '' ? '<p class="note">No body.</p>' : `<pre>${h(prettyJson(value))}</pre>`);

function exchange(x: HttpExchange, n: number, total: number): string {
  const title = `${total > 1 ? `#${n} ` : ''}${x.request.method} ${x.request.url} → ${x.response ? x.response.status : (x.error ?? 'no response')} (${formatDuration(x.timing.durationMs)})`;
  const request = `<h4>Request</h4><p class="mono">${h(`${x.request.method} ${x.request.url}`)}</p>${headersTable(x.request.headers)}${body(x.request.body)}`;
  const response = x.response
    ? `<h4>Response: <span class="mono">${h(x.response.status)}</span></h4>${headersTable(x.response.headers)}${body(x.response.body ?? x.response.bodyText)}`
    : `<h4>No response</h4><p class="failure">${h(x.error ?? 'the request did not complete')}</p>`;
  // The first exchanges open by default; a burst of hundreds stays folded.
  return `<details class="exchange"${n <= 3 ? ' open' : ''}><summary class="mono">${h(title)}</summary>${request}${response}</details>`;
}

function assertionRows(assertions: AssertionResult[]): string {
  return assertions
    .map(
      (a) =>
        `<tr class="${a.passed ? '' : 'failure'}"><td class="status ${a.passed ? 'passed' : 'failed'}">${a.passed ? 'passed' : 'FAILED'}</td><td>${h(a.label)}</td><td class="mono">${h(a.op)}</td><td class="mono">${h(formatValue(a.expected, 400))}</td><td class="mono">${h(formatValue(a.actual, 400))}</td><td>${h(a.message ?? '')}${a.location ? ` <span class="note mono">line ${h(a.location.line)}</span>` : ''}</td></tr>`,
    )
    .join('');
}

function failures(step: SummaryStep): string {
  if (step.failures.length === 0) return '';
  const rows = step.failures
    .map((f) => `<tr class="failure"><td>${h(f.label)}</td><td class="mono">${h(f.op)}</td><td class="mono">${h(formatValue(f.expected, 400))}</td><td class="mono">${h(formatValue(f.actual, 400))}</td><td>${h(f.message ?? '')}</td></tr>`)
    .join('');
  return `<h4>Failed assertions</h4><table class="failures"><thead><tr><th>Assertion</th><th>Op</th><th>Expected</th><th>Actual</th><th>Message</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A step as a collapsible block; `recorded` is its transcript's step (undefined if missing). */
export function stepBlock(anchor: string, step: SummaryStep, recorded: StepResult | undefined): string {
  const bad = step.status === 'failed' || step.status === 'error';
  const head = `<span class="status ${h(step.status)}">${h(step.status.toUpperCase())}</span> <span class="mono">${h(step.id)}</span>${step.name && step.name !== step.id ? ` ${h(step.name)}` : ''} <span class="note">(${h(step.kind)}, ${h(formatDuration(step.durationMs))})</span>`;
  const parts = [failures(step)];
  if (step.reason) parts.push(`<p class="${bad ? 'failure' : 'note'}">${h(step.reason)}</p>`);
  parts.push(`<p class="note">Transcript: <span class="mono">${h(step.transcript)}</span>${recorded?.location ? `; scenario line ${h(recorded.location.line)}` : ''}</p>`);
  if (!recorded) parts.push('<p class="failure">The transcript is missing from the pack.</p>');
  else {
    if (recorded.assertions.length) parts.push(`<details class="assertions"><summary>All assertions (${recorded.assertions.length})</summary><table><thead><tr><th>Result</th><th>Assertion</th><th>Op</th><th>Expected</th><th>Actual</th><th>Message</th></tr></thead><tbody>${assertionRows(recorded.assertions)}</tbody></table></details>`);
    recorded.exchanges.forEach((x, i) => parts.push(exchange(x, i + 1, recorded.exchanges.length)));
    if (recorded.details && Object.keys(recorded.details).length) parts.push(`<details><summary>Details recorded by the ${h(step.kind)} check</summary>${body(recorded.details)}</details>`);
  }
  return `<details class="step ${h(step.status)}" id="${h(anchor)}"${bad ? ' open' : ''}><summary>${head}</summary>${parts.join('')}</details>`;
}
