/**
 * `reos evidence diff`: what changed between two packs. The verdict (better, worse, same),
 * the scenarios whose status changed (passed -> failed is a regression), the steps whose
 * latency moved beyond both thresholds (percent AND milliseconds, so a 2 ms step doubling is
 * not news), and the endpoints added to or removed from the recorded OpenAPI documents
 * (`openapi.json` in each pack). Pure: it reads two opened packs and returns data.
 */
import type { ReadPack } from '../../evidence/read.js';
import type { ScenarioStatus, Verdict } from '../../model.js';
import { formatDuration } from '../format.js';
import { checkSummaryShape } from '../summary-shape.js';
import { openApiEndpoints } from './openapi.js';

type Pack = Pick<ReadPack, 'source' | 'name' | 'files' | 'summary'>;

export interface DiffThreshold {
  /** Minimum relative change, in percent of the first run's duration. */
  percent: number;
  /** Minimum absolute change, in milliseconds. */
  ms: number;
}

export const DEFAULT_THRESHOLD: DiffThreshold = { percent: 50, ms: 100 };

export type Change = 'better' | 'worse' | 'same';

export interface ScenarioChange {
  area: string;
  scenario: string;
  before: ScenarioStatus | 'absent';
  after: ScenarioStatus | 'absent';
  /** `regressed`: it fails now and did not before; `fixed`: the reverse. */
  change: 'regressed' | 'fixed' | 'added' | 'removed' | 'changed';
}

export interface LatencyChange {
  area: string;
  scenario: string;
  step: string;
  beforeMs: number;
  afterMs: number;
  deltaMs: number;
  deltaPercent: number;
  direction: 'slower' | 'faster';
}

export interface PackDiff {
  a: { source: string; name: string; verdict: Verdict; confidence: number };
  b: { source: string; name: string; verdict: Verdict; confidence: number };
  verdict: { before: Verdict; after: Verdict; change: Change };
  confidence: { before: number; after: number; delta: number };
  scenarios: ScenarioChange[];
  latency: LatencyChange[];
  threshold: DiffThreshold;
  endpoints: { compared: boolean; note?: string; added: string[]; removed: string[] };
  /** True when the verdict got worse or a scenario regressed: the command exits 1. */
  regression: boolean;
}

const VERDICT_RANK: Record<Verdict, number> = { 'NO-GO': 0, 'CONDITIONAL GO': 1, GO: 2 };
const key = (area: string, name: string) => `${area}\u0000${name}`;

function scenarioChanges(a: Pack, b: Pack): ScenarioChange[] {
  const before = new Map(a.summary.scenarios.map((s) => [key(s.area, s.name), s]));
  const after = new Map(b.summary.scenarios.map((s) => [key(s.area, s.name), s]));
  const changes: ScenarioChange[] = [];
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const x = before.get(k);
    const y = after.get(k);
    const ref = (y ?? x)!;
    const was = x?.status ?? 'absent';
    const now = y?.status ?? 'absent';
    if (was === now) continue;
    let change: ScenarioChange['change'];
    if (was === 'absent') change = 'added';
    else if (now === 'absent') change = 'removed';
    else if (now === 'failed') change = 'regressed';
    else if (was === 'failed' && now === 'passed') change = 'fixed';
    else change = 'changed';
    changes.push({ area: ref.area, scenario: ref.name, before: was, after: now, change });
  }
  return changes;
}

function latencyChanges(a: Pack, b: Pack, threshold: DiffThreshold): LatencyChange[] {
  const ran = (status: string) => status !== 'skipped';
  const before = new Map(a.summary.scenarios.flatMap((s) => s.steps.filter((st) => ran(st.status)).map((st) => [`${key(s.area, s.name)}\u0000${st.id}`, st.durationMs] as const)));
  const changes: LatencyChange[] = [];
  for (const s of b.summary.scenarios) {
    for (const step of s.steps.filter((st) => ran(st.status))) {
      const was = before.get(`${key(s.area, s.name)}\u0000${step.id}`);
      if (was === undefined) continue;
      const deltaMs = step.durationMs - was;
      const deltaPercent = was > 0 ? (deltaMs / was) * 100 : deltaMs === 0 ? 0 : Infinity;
      if (deltaMs === 0 || Math.abs(deltaMs) < threshold.ms || Math.abs(deltaPercent) < threshold.percent) continue;
      changes.push({ area: s.area, scenario: s.name, step: step.id, beforeMs: was, afterMs: step.durationMs, deltaMs, deltaPercent: Number.isFinite(deltaPercent) ? Math.round(deltaPercent) : deltaPercent, direction: deltaMs > 0 ? 'slower' : 'faster' });
    }
  }
  return changes.sort((x, y) => Math.abs(y.deltaMs) - Math.abs(x.deltaMs));
}

function documentOf(pack: Pack): unknown {
  const bytes = pack.files.get('openapi.json');
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

function endpointChanges(a: Pack, b: Pack): PackDiff['endpoints'] {
  const before = openApiEndpoints(documentOf(a));
  const after = openApiEndpoints(documentOf(b));
  const missing = [before ? undefined : a.name, after ? undefined : b.name].filter(Boolean);
  if (!before || !after) return { compared: false, note: `no readable openapi.json in ${missing.join(' and ')} (the target served no OpenAPI document)`, added: [], removed: [] };
  const had = new Set(before);
  const has = new Set(after);
  return { compared: true, added: after.filter((e) => !had.has(e)), removed: before.filter((e) => !has.has(e)) };
}

export function diffPacks(a: Pack, b: Pack, threshold: DiffThreshold = DEFAULT_THRESHOLD): PackDiff {
  for (const pack of [a, b]) checkSummaryShape(pack.source, pack.summary);
  const rank = VERDICT_RANK[b.summary.verdict] - VERDICT_RANK[a.summary.verdict];
  const verdictChange: Change = rank > 0 ? 'better' : rank < 0 ? 'worse' : 'same';
  const scenarios = scenarioChanges(a, b);
  const side = (p: Pack) => ({ source: p.source, name: p.name, verdict: p.summary.verdict, confidence: p.summary.confidence });
  return {
    a: side(a),
    b: side(b),
    verdict: { before: a.summary.verdict, after: b.summary.verdict, change: verdictChange },
    confidence: { before: a.summary.confidence, after: b.summary.confidence, delta: b.summary.confidence - a.summary.confidence },
    scenarios,
    latency: latencyChanges(a, b, threshold),
    threshold,
    endpoints: endpointChanges(a, b),
    regression: verdictChange === 'worse' || scenarios.some((s) => s.change === 'regressed'),
  };
}

export function formatDiff(diff: PackDiff): string {
  const lines = [
    `A  ${diff.a.name}: ${diff.a.verdict} (${diff.a.confidence}%)`,
    `B  ${diff.b.name}: ${diff.b.verdict} (${diff.b.confidence}%)`,
    '',
    `Verdict      ${diff.verdict.change === 'same' ? `unchanged, ${diff.verdict.after}` : `${diff.verdict.before} -> ${diff.verdict.after} (${diff.verdict.change})`}; confidence ${diff.confidence.before}% -> ${diff.confidence.after}%`,
    '',
    diff.scenarios.length ? `Scenarios that changed (${diff.scenarios.length})` : 'Scenarios    no status changed',
    ...diff.scenarios.map((s) => `  ${s.change.padEnd(9)} ${s.area} / ${s.scenario}: ${s.before} -> ${s.after}`),
    '',
    diff.latency.length ? `Latency beyond ${diff.threshold.percent}% and ${diff.threshold.ms} ms (${diff.latency.length})` : `Latency      no step moved beyond ${diff.threshold.percent}% and ${diff.threshold.ms} ms`,
    ...diff.latency.map((l) => `  ${l.direction.padEnd(6)} ${l.area} / ${l.scenario} › ${l.step}: ${formatDuration(l.beforeMs)} -> ${formatDuration(l.afterMs)} (${l.deltaMs > 0 ? '+' : ''}${Math.round(l.deltaMs)} ms, ${l.deltaPercent > 0 ? '+' : ''}${l.deltaPercent}%)`),
    '',
  ];
  if (!diff.endpoints.compared) lines.push(`Endpoints    not compared: ${diff.endpoints.note}`);
  else if (!diff.endpoints.added.length && !diff.endpoints.removed.length) lines.push('Endpoints    the OpenAPI documents declare the same operations');
  else lines.push('Endpoints', ...diff.endpoints.added.map((e) => `  + ${e}`), ...diff.endpoints.removed.map((e) => `  - ${e}`));
  lines.push('', diff.regression ? 'Regression: B is worse than A.' : 'No regression.');
  return lines.join('\n');
}
