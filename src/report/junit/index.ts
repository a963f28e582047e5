/**
 * junit.xml for CI: one <testsuite> per scenario, one <testcase> per step; a failed step's
 * <failure> message is its first failed assertion (expected vs actual) and its body lists all
 * of them; errored steps get <error>, skipped ones <skipped/>. Reads only the `PackSummary`.
 */
import type { PackSummary, SummaryScenario, SummaryStep } from '../../evidence/summary.js';
import { formatFailure } from '../format.js';

// Characters XML 1.0 does not allow at all, even escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe in XML content and in double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);
const attrs = (pairs: Record<string, string | number>) =>
  Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeXml(String(v))}"`)
    .join(' ');

function testcase(scenario: SummaryScenario, step: SummaryStep): string {
  const open = `    <testcase ${attrs({ name: `${step.id}${step.name && step.name !== step.id ? `: ${step.name}` : ''}`, classname: `${scenario.area}.${scenario.name}`, time: seconds(step.durationMs), file: scenario.file })}`;
  if (step.status === 'passed') return `${open}/>`;
  let inner: string;
  if (step.status === 'skipped') inner = `<skipped ${attrs({ message: step.reason ?? 'skipped' })}/>`;
  else {
    const messages = step.failures.map(formatFailure);
    const message = messages[0] ?? step.reason ?? step.status;
    const body = [...messages, ...(step.reason ? [step.reason] : []), `transcript: ${step.transcript}`].join('\n');
    const tag = step.status === 'error' ? 'error' : 'failure';
    inner = `<${tag} ${attrs({ message, type: step.status === 'error' ? 'error' : 'assertion' })}>${escapeXml(body)}</${tag}>`;
  }
  return `${open}>\n      ${inner}\n    </testcase>`;
}

export function renderJunit(summary: PackSummary): string {
  const by = (steps: SummaryStep[], status: string) => steps.filter((s) => s.status === status).length;
  const all = summary.scenarios.flatMap((s) => s.steps);
  const suites = summary.scenarios.map((scenario) => {
    const header = attrs({
      name: `${scenario.area} / ${scenario.name}`,
      tests: scenario.steps.length,
      failures: by(scenario.steps, 'failed'),
      errors: by(scenario.steps, 'error'),
      skipped: by(scenario.steps, 'skipped'),
      time: seconds(scenario.durationMs),
      timestamp: summary.startedAt,
      file: scenario.file,
    });
    const properties = `    <properties>\n      <property ${attrs({ name: 'area', value: scenario.area })}/>\n      <property ${attrs({ name: 'severity', value: scenario.severity })}/>\n      <property ${attrs({ name: 'status', value: scenario.status })}/>\n    </properties>`;
    return [`  <testsuite ${header}>`, properties, ...scenario.steps.map((step) => testcase(scenario, step)), '  </testsuite>'].join('\n');
  });
  const root = attrs({
    name: `reos verify: ${summary.verdict} (${summary.confidence}%)`,
    tests: all.length,
    failures: by(all, 'failed'),
    errors: by(all, 'error'),
    skipped: by(all, 'skipped'),
    time: seconds(summary.durationMs),
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${root}>`, ...suites, '</testsuites>', ''].join('\n');
}
