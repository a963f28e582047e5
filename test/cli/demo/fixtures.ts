/**
 * Fixtures for the `reos demo` CLI tests: small show files (a working one, one with a step on a
 * route that does not exist) and an evidence pack holding a recorded, passed exchange for that
 * step, laid out exactly as the evidence writer lays out transcripts.
 */
import fs from 'node:fs';
import path from 'node:path';

export const WORKING_SHOW = `name: tiny-show
title: Tiny show
sections:
  - id: opening
    title: Opening
    duration: 30s
    script: The platform is alive.
    talking_points: [Liveness answers without touching the database]
    links:
      - { label: API docs, url: "\${{ run.base_url }}/docs" }
    steps:
      - id: alive
        name: Liveness
        http: { url: /healthz }
        expect: { status: 200 }
  - id: closing
    title: Closing
    duration: 1m
    script: "Liveness answered \${{ steps.alive.status }}."
    steps:
      - id: spec
        name: Count the operations
        openapi: { url: /docs/openapi.json, probe: false, validate: false }
    figures:
      - { label: Operations, value: "\${{ steps.spec.operations }}" }
    results: true
`;

/** Three steps: one that works, one on a dead route (a fixture pack records it), one more. */
export const FAILING_SHOW = `name: tty-show
title: TTY show
sections:
  - id: only
    title: The only section
    duration: 2m
    script: Watch the fallback.
    links:
      - { label: API docs, url: "\${{ run.base_url }}/docs" }
    steps:
      - id: alive
        name: Liveness
        http: { url: /healthz }
        expect: { status: 200 }
      - id: dead
        name: A route that is not there yet
        http: { url: /not-built-yet }
        expect: { status: 200 }
      - id: ready
        name: Readiness
        http: { url: /ready }
        expect: { status: 200 }
`;

export const RECORDED_AT = '2020-01-02T03:04:05.000Z';

/** An evidence pack (folder only: the demo reads folders) with a passed transcript of step `dead`. */
export function writeFixturePack(root: string, show = 'tty-show'): string {
  const name = 'runtime_20200102_030405';
  const dir = path.join(root, name, 'demo', show);
  fs.mkdirSync(dir, { recursive: true });
  const step = {
    id: 'dead',
    kind: 'http',
    name: 'A route that is not there yet',
    status: 'passed',
    assertions: [{ label: 'status', op: 'eq', expected: 200, actual: 200, passed: true }],
    captures: { status: 200 },
    exchanges: [
      {
        request: { method: 'GET', url: 'http://127.0.0.1:8000/not-built-yet', headers: { Authorization: '[REDACTED]' } },
        response: { status: 200, headers: { 'content-type': 'application/json' }, body: { recorded_marker: 'from-the-fixture-pack' }, bodyText: '{"recorded_marker":"from-the-fixture-pack"}' },
        timing: { startedAt: RECORDED_AT, durationMs: 12 },
      },
    ],
    startedAt: RECORDED_AT,
    durationMs: 12,
    location: { file: 'show.yaml', line: 1, column: 1 },
  };
  fs.writeFileSync(path.join(dir, '02-dead.json'), JSON.stringify({ format: 'reos-transcript', formatVersion: 1, runId: 'fixture', scenario: { name: show, area: 'demo' }, index: 2, step }));
  fs.writeFileSync(path.join(root, name, 'manifest.json'), JSON.stringify({ createdAt: RECORDED_AT }));
  return name;
}
