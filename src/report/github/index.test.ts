import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPackContents } from '../../evidence/contents.js';
import { sampleRun } from '../../../test/unit/verify-fixtures.js';
import { formatAnnotation, reportToGitHub } from './index.js';

function writtenPack() {
  const contents = buildPackContents({ run: sampleRun(), requiredAreas: [], scenarioFiles: [], secrets: [], displayFile: () => 'scenarios/auth.yaml' }, { createdAt: new Date('2025-11-05T18:30:00Z') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-gh-'));
  for (const file of contents.files) {
    fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, file.path), file.data);
  }
  return { dir, summary: contents.summary };
}

describe('formatAnnotation', () => {
  it('escapes properties and data as GitHub reads them', () => {
    expect(formatAnnotation({ file: 'a,b:c.yaml', line: 7, title: 'x: y, z 100%', message: 'one\ntwo 50%\r' })).toBe('::error file=a%2Cb%3Ac.yaml,line=7,title=x%3A y%2C z 100%25::one%0Atwo 50%25%0D');
  });
});

describe('reportToGitHub', () => {
  it('annotates each failed step at its scenario line and appends the Markdown summary', async () => {
    const { dir, summary } = writtenPack();
    const stepSummary = path.join(dir, 'step-summary.md');
    fs.writeFileSync(stepSummary, '# earlier step\n');
    const lines: string[] = [];
    await reportToGitHub({ summary, packDir: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary }, write: (l) => lines.push(l), warn: (l) => lines.push(`WARN ${l}`) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error file=scenarios\/auth\.yaml,line=3,title=reos%3A .* me failed::status eq: expected 200, got 401/);
    const written = fs.readFileSync(stepSummary, 'utf8');
    expect(written.startsWith('# earlier step\n')).toBe(true);
    expect(written).toContain(summary.verdict);
  });

  it('does nothing outside GitHub Actions, and only warns when the summary file cannot be written', async () => {
    const { dir, summary } = writtenPack();
    const lines: string[] = [];
    await reportToGitHub({ summary, packDir: dir, env: {}, write: (l) => lines.push(l), warn: (l) => lines.push(l) });
    expect(lines).toEqual([]);
    await reportToGitHub({ summary, packDir: dir, env: { GITHUB_STEP_SUMMARY: path.join(dir, 'missing-dir', 'x.md') }, write: (l) => lines.push(l), warn: (l) => lines.push(`WARN ${l}`) });
    expect(lines).toEqual([expect.stringMatching(/^WARN Could not append the summary to GITHUB_STEP_SUMMARY/)]);
  });
});
