/**
 * The run-of-show loader: the shipped show (ten sections after the seed, the campaign body
 * exactly the seed's), the committed schema matching the generator, and problems reported as
 * file:line:column for a bad step kind, a duplicate section and a script reading a capture
 * before its step runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderShowSchema, showSchemaPath } from '../../checks/schema-file.js';
import { formatProblem } from '../../scenarios/problems.js';
import { loadShow, shippedShowFile } from './load.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-show-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function problemsOf(text: string): Promise<string[]> {
  const file = path.join(dir, `show-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, text);
  const { problems } = await loadShow(file, dir);
  return problems.map(formatProblem);
}

const BASE = `name: s
title: S
sections:
  - id: one
    title: One
    duration: 1m
    script: Hello
    steps:
      - id: a
        http: { url: /healthz }
`;

describe('run-of-show loader', () => {
  it('loads the shipped show: ten sections in the seed order, one scenario of area demo', async () => {
    const { show, problems } = await loadShow(shippedShowFile());
    expect(problems).toEqual([]);
    expect(show!.sections.map((s) => s.id)).toEqual(['introduction', 'health', 'authentication', 'properties', 'leads', 'deals', 'campaign', 'analytics', 'realtime', 'wrap-up']);
    expect(show!.scenario).toMatchObject({ name: 'run-of-show', area: 'demo' });
    expect(show!.scenario.steps.length).toBe(show!.sections.reduce((n, s) => n + s.steps.length, 0));
    const campaign = show!.scenario.steps.find((s) => s.id === 'create-campaign')!;
    expect(campaign.spec.http).toMatchObject({ method: 'POST', url: '/campaigns', json: { name: 'New Listing Alert', subject: 'New 3BR Home in SF', recipients: ['jane@example.com'], template_id: 'new_listing' } });
    expect(show!.scenario.steps.find((s) => s.id === 'mail-caught')!.spec.mail).toMatchObject({ to: 'jane@example.com', subject: 'New 3BR Home in SF' });
    expect(show!.sections.at(-1)!.results).toBe(true);
  });

  it('the committed run-of-show schema is what showJsonSchema() generates', () => {
    // On failure: npm run schema:generate
    expect(fs.readFileSync(showSchemaPath(), 'utf8')).toBe(renderShowSchema());
  });

  it('reports a step of an unknown kind inside a section with its position', async () => {
    const problems = await problemsOf(BASE.replace('http: { url: /healthz }', 'htp: { url: /healthz }'));
    expect(problems).toEqual([expect.stringMatching(/:10:9: unknown step kind "htp" in step "a", expected one of the known kinds: http, /)]);
  });

  it('reports a duplicate section id and a script reading a step of its own section', async () => {
    const twice = `${BASE}  - id: one
    title: Again
    duration: 30s
    script: "It said \${{ steps.b.status }}"
    steps:
      - id: b
        http: { url: /ready }
`;
    const problems = await problemsOf(twice);
    expect(problems).toEqual([
      expect.stringMatching(/:11:9: section id "one" is already used by section 1/),
      expect.stringMatching(/:14:22: \$\{\{ steps\.b\.status \}\} reads step "b", which has not run yet when this is shown/),
    ]);
  });

  it('a figure may read a step of its own section', async () => {
    const problems = await problemsOf(`${BASE}    figures:\n      - { label: Status, value: "\${{ steps.a.status }}" }\n`);
    expect(problems).toEqual([]);
  });
});
