/**
 * Real evidence packs for the report tests: writes scenario YAML into a temporary folder and
 * runs the real `verify` library on the embedded stack (in process, free port, in-memory
 * database), exactly as `reos verify --scenarios` does. One pack per call; test files cache
 * them in `beforeAll`.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { verify, type VerifyOutcome } from '../../src/verify/index.js';

/** Health checks: `healthz` passes; `ready` fails when `failing` (it expects 418). */
export function healthScenario(options: { name?: string; failing?: boolean; area?: string } = {}): string {
  return [
    `name: ${options.name ?? 'health-basics'}`,
    `area: ${options.area ?? 'health'}`,
    'severity: critical',
    'steps:',
    '  - id: healthz',
    '    name: Liveness',
    '    http: { url: /healthz }',
    '    expect:',
    '      status: 200',
    '  - id: ready',
    '    name: Readiness',
    '    http: { url: /ready }',
    '    expect:',
    `      status: ${options.failing ? 418 : 200}`,
    '',
  ].join('\n');
}

/** An OpenAPI scenario, so the pack records the document (and `openapi.json`). */
export const OPENAPI_SCENARIO = [
  'name: docs',
  'area: flows',
  'severity: minor',
  'steps:',
  '  - id: spec',
  '    http: { url: /docs/openapi.json }',
  '    expect:',
  '      status: 200',
  '',
].join('\n');

export interface RealPack extends VerifyOutcome {
  /** The folder the scenarios were written in (the run's cwd). */
  cwd: string;
}

export async function makeRealPack(scenarios: Record<string, string>, env: Record<string, string> = {}): Promise<RealPack> {
  const cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'reos-pack-'));
  for (const [name, text] of Object.entries(scenarios)) {
    await fs.mkdir(path.dirname(path.join(cwd, name)), { recursive: true });
    await fs.writeFile(path.join(cwd, name), text);
  }
  const outcome = await verify({
    cwd,
    env: { MOCK_MODE: 'true', ...env },
    version: '0.0.0-test',
    targets: [],
    scenarios: Object.keys(scenarios),
    areas: [],
    tags: [],
    bail: false,
    concurrency: 2,
    out: 'evidence',
    readyTimeoutMs: 120_000,
    failOn: 'no-go',
  });
  return { ...outcome, cwd };
}
