/**
 * junit.xml for CI: one <testsuite> per scenario, one <testcase> per step; a failed step's
 * <failure> message is its first failed assertion (expected vs actual) and its body lists all
 * of them; errored steps get <error>, skipped ones <skipped/>. Reads only the `PackSummary`.
 *
 * The document is valid against the Apache Ant / Jenkins JUnit schema (windyroad JUnit.xsd,
 * kept in test/fixtures/junit/), the strictest reading CI servers share: no attributes on
 * <testsuites>, `package` and `id` on each suite, a timestamp without a zone, `hostname`, the
 * <properties>, <system-out> and <system-err> elements, and no extra attributes on <testcase>
 * (the scenario file is a suite property instead).
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
  const open = `    <testcase ${attrs({ name: `${step.id}${step.name && step.name !== step.id ? `: ${step.name}` : ''}`, classname: `${scenario.area}.${scenario.name}`, time: seconds(step.durationMs) })}`;
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

/** `2025-11-05T18:22:13`: the schema's ISO 8601 form, UTC without the zone or fractions. */
function timestamp(iso: string): string {
  const date = new Date(iso);
  return (Number.isNaN(date.getTime()) ? new Date(0) : date).toISOString().slice(0, 19);
}

/** The machine the steps ran against: `localhost` for the embedded stack, else the target's host. */
function hostname(summary: PackSummary): string {
  if (summary.environment.mode === 'embedded') return 'localhost';
  try {
    return new URL(summary.environment.target.split(',')[0].trim()).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

export function renderJunit(summary: PackSummary): string {
  const by = (steps: SummaryStep[], status: string) => steps.filter((s) => s.status === status).length;
  const host = hostname(summary);
  const suites = summary.scenarios.map((scenario, id) => {
    const header = attrs({
      name: `${scenario.area} / ${scenario.name}`,
      package: scenario.area,
      id,
      tests: scenario.steps.length,
      failures: by(scenario.steps, 'failed'),
      errors: by(scenario.steps, 'error'),
      skipped: by(scenario.steps, 'skipped'),
      time: seconds(scenario.durationMs),
      timestamp: timestamp(summary.startedAt),
      hostname: host,
    });
    const props = { area: scenario.area, severity: scenario.severity, status: scenario.status, file: scenario.file, verdict: `${summary.verdict} (${summary.confidence}%)` };
    const properties = ['    <properties>', ...Object.entries(props).map(([name, value]) => `      <property ${attrs({ name, value })}/>`), '    </properties>'].join('\n');
    return [`  <testsuite ${header}>`, properties, ...scenario.steps.map((step) => testcase(scenario, step)), '    <system-out></system-out>', '    <system-err></system-err>', '  </testsuite>'].join('\n');
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>', ...suites, '</testsuites>', ''].join('\n');
}
