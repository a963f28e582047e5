/**
 * Runs the OWASP API Security Top 10 pack (scenarios/security) through the `reos verify`
 * library against an embedded stack started in this process, so a test can change the stack
 * (vi.mock of a stack module) and see which scenarios catch it. The pack goes to a temporary
 * folder; the summary is the answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PackSummary } from '../../src/evidence/index.js';
import { loadEnvironment } from '../../src/runtime/env.js';
import { verify } from '../../src/verify/index.js';

export const SECURITY_PACK = path.resolve(import.meta.dirname, '../../scenarios/security');

/** The pack's scenarios, by name: the three setup ones, then API1..API10. */
export const SECURITY_SCENARIOS = [
  'security-user-a',
  'security-user-b',
  'security-member',
  'api1-bola',
  'api2-broken-authentication',
  'api3-property-level-authorization',
  'api4-resource-consumption',
  'api5-function-level-authorization',
  'api6-business-flows',
  'api7-ssrf',
  'api8-security-misconfiguration',
  'api9-inventory',
  'api10-unsafe-consumption',
] as const;

export interface SecurityPackRun {
  summary: PackSummary;
  exitCode: number;
  /** Scenario name -> passed / failed / skipped. */
  statuses: Record<string, string>;
  /** Failed steps as `scenario/step`. */
  failedSteps: string[];
}

export async function runSecurityPack(): Promise<SecurityPackRun> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-security-pack-'));
  try {
    const { summary, exitCode } = await verify({
      cwd: process.cwd(),
      env: loadEnvironment().env,
      version: 'test',
      targets: [],
      scenarios: [SECURITY_PACK],
      areas: [],
      tags: [],
      bail: false,
      concurrency: 4,
      out,
      readyTimeoutMs: 60_000,
      failOn: 'no-go',
    });
    const statuses = Object.fromEntries(summary.scenarios.map((s) => [s.name, s.status]));
    const failedSteps = summary.scenarios.flatMap((s) => s.steps.filter((step) => step.status === 'failed' || step.status === 'error').map((step) => `${s.name}/${step.id}`));
    return { summary, exitCode, statuses, failedSteps };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
