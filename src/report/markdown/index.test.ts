import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../evidence/summary.js';
import { redactRun } from '../../evidence/redact.js';
import { sampleRun } from '../../../test/unit/verify-fixtures.js';
import { renderSummaryMarkdown } from './index.js';

const markdown = (mutate: (run: ReturnType<typeof sampleRun>) => void = () => undefined) => {
  const run = sampleRun();
  mutate(run);
  return renderSummaryMarkdown(buildSummary(redactRun(run), { requiredAreas: ['health', 'auth'] }));
};

describe('renderSummaryMarkdown', () => {
  it('opens with the verdict, confidence and why', () => {
    const md = markdown();
    expect(md.split('\n')[0]).toBe('# Runtime verification: NO-GO');
    expect(md).toContain('| Confidence | 37% |');
    expect(md).toContain('- critical scenario "Login & me <check>" (auth) failed');
    expect(md).toContain('| Steps | 4 | 2 | 1 | 1 |');
  });

  it('has one row per step linking to its transcript, and the failed assertions', () => {
    const md = markdown();
    expect(md).toContain('| 2 | me | http | ❌ failed | 12 ms | [02-me.json](auth/login-me-check/02-me.json) |');
    expect(md).toContain('| 3 | logout | http | ⏭️ skipped: an earlier step failed | 12 ms | [03-logout.json](auth/login-me-check/03-logout.json) |');
    expect(md).toContain('- `me`: `status eq: expected 200, got 401 (token <rejected> & "logged" out)`');
  });

  it('keeps table rows intact when names hold pipes, newlines or backticks', () => {
    const md = markdown((run) => {
      run.scenarios[0].name = 'a | b\nc';
      run.scenarios[1].steps[1].assertions[0].message = 'has `ticks`';
    });
    expect(md).toContain('| ✅ passed | a \\| b c | health | major | 1 | 8 ms |');
    expect(md).toContain('- `me`: `` status eq: expected 200, got 401 (has `ticks`) ``');
  });
});
