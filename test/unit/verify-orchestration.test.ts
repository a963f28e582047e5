import { describe, expect, it } from 'vitest';
import type { ScenarioDefinition } from '../../src/model.js';
import { memoryLogDestination } from '../../src/verify/embedded.js';
import { exitCodeFor } from '../../src/verify/index.js';
import { notRunResults } from '../../src/verify/not-run.js';
import { filterScenarios, ScenarioProblemsError, withRequirements } from '../../src/verify/select.js';

const loc = { file: 'a.yaml', line: 1, column: 1 };
const scenario = (name: string, area: string, tags: string[] = []): ScenarioDefinition => ({
  name,
  area,
  severity: 'major',
  tags,
  requires: [],
  steps: [{ id: 'one', kind: 'http', spec: {}, location: loc }],
  file: '/x/a.yaml',
  fileSha256: 'f'.repeat(64),
  location: loc,
});

describe('exitCodeFor', () => {
  it.each([
    ['GO', true, 'no-go', 0],
    ['CONDITIONAL GO', true, 'no-go', 0],
    ['CONDITIONAL GO', true, 'conditional', 1],
    ['NO-GO', true, 'no-go', 1],
    ['NO-GO', false, 'no-go', 3],
  ] as const)('%s (ready %s, --fail-on %s) exits %i', (verdict, stackReady, failOn, code) => {
    expect(exitCodeFor({ verdict, stackReady }, failOn)).toBe(code);
  });
});

describe('filterScenarios', () => {
  const all = [scenario('a', 'health', ['smoke']), scenario('b', 'Auth', ['smoke', 'slow']), scenario('c', 'flows')];
  it('keeps every scenario without filters', () => expect(filterScenarios(all, {})).toHaveLength(3));
  it('filters by area (any of, case-insensitive) and tag (any of)', () => {
    expect(filterScenarios(all, { areas: ['auth', 'flows'] }).map((s) => s.name)).toEqual(['b', 'c']);
    expect(filterScenarios(all, { tags: ['slow'] }).map((s) => s.name)).toEqual(['b']);
    expect(filterScenarios(all, { areas: ['health'], tags: ['slow'] })).toEqual([]);
  });
});

describe('withRequirements', () => {
  it('adds the scenarios a selection requires, transitively, in loaded order, ignoring capabilities', () => {
    const login = scenario('login', 'auth');
    const property = { ...scenario('property', 'flows'), requires: ['login', 'mail'] };
    const spec = { ...scenario('spec', 'health'), requires: ['property'] };
    const other = scenario('other', 'hardening');
    const all = [login, property, other, spec];
    expect(withRequirements([spec], all).map((s) => s.name)).toEqual(['login', 'property', 'spec']);
    expect(withRequirements([other], all)).toEqual([other]);
    expect(withRequirements([], all)).toEqual([]);
  });
});

describe('notRunResults', () => {
  it('records every scenario and step as skipped with the reason', () => {
    const [result] = notRunResults([scenario('a', 'health')], 'not run: ECONNREFUSED', new Date('2025-01-01T00:00:00Z'));
    expect(result).toMatchObject({ name: 'a', status: 'skipped', reason: 'not run: ECONNREFUSED', durationMs: 0 });
    expect(result.steps).toEqual([expect.objectContaining({ id: 'one', status: 'skipped', reason: 'not run: ECONNREFUSED', exchanges: [] })]);
  });
});

describe('memoryLogDestination', () => {
  it('keeps one entry per JSON line, across chunk boundaries', () => {
    const lines: string[] = [];
    const destination = memoryLogDestination(lines);
    destination.write('{"a":1}\n{"b":');
    destination.write('2}\n\n');
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });
});

describe('ScenarioProblemsError', () => {
  it('exits 2 and lists every problem line', () => {
    const error = new ScenarioProblemsError([{ file: 'a.yaml', line: 3, column: 7, message: 'x' }, { file: 'b.yaml', line: 1, column: 1, message: 'y' }], ['a.yaml:3:7 x', 'b.yaml:1:1 y']);
    expect(error.exitCode).toBe(2);
    expect(error.message.split('\n')).toEqual(['a.yaml:3:7 x', 'b.yaml:1:1 y', '2 problems in the scenario files; nothing was run.']);
  });
});
