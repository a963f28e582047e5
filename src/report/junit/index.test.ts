import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../evidence/summary.js';
import { redactRun } from '../../evidence/redact.js';
import { sampleRun } from '../../../test/unit/verify-fixtures.js';
import { xmlProblems } from '../../../test/unit/verify-xml.js';
import { escapeXml, renderJunit } from './index.js';

const summary = () => buildSummary(redactRun(sampleRun()), { requiredAreas: [] });

describe('xmlProblems (the checker the JUnit tests rely on)', () => {
  it.each([
    ['<a><b></a></b>', /unbalanced/],
    ['<a x="1" x="2"/>', /duplicate attribute/],
    ['<a>fish & chips</a>', /bad entity/],
    ['<a/><b/>', /one root/],
    ['<a t="x<y"/>', /malformed/],
  ])('rejects %s', (xml, problem) => {
    expect(xmlProblems(xml).join('\n')).toMatch(problem);
  });
});

describe('renderJunit', () => {
  it('is well-formed XML even with <, &, quotes and control characters in names and messages', () => {
    const s = summary();
    s.scenarios[1].steps[1].failures[0].message = 'bell \u0007 and <tag> & "quotes" \'single\' ]]>';
    const xml = renderJunit(s);
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toContain('name="auth / Login &amp; me &lt;check&gt;"');
  });

  it('has one testsuite per scenario and one testcase per step, with failures and skips', () => {
    const xml = renderJunit(summary());
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toMatch(/<testsuites [^>]*tests="4" failures="1" errors="0" skipped="1"/);
    expect(xml).toMatch(/<failure message="status eq: expected 200, got 401 \(token &lt;rejected&gt; &amp; &quot;logged&quot; out\)" type="assertion">/);
    expect(xml).toMatch(/<testcase name="logout"[^>]*>\s*<skipped message="an earlier step failed"\/>/);
  });

  it('reports an errored step as <error>', () => {
    const s = summary();
    Object.assign(s.scenarios[0].steps[0], { status: 'error', reason: 'connect ECONNREFUSED', failures: [] });
    const xml = renderJunit(s);
    expect(xml).toMatch(/<error message="connect ECONNREFUSED" type="error">/);
    expect(xml).toMatch(/<testsuites [^>]*errors="1"/);
    expect(xmlProblems(xml)).toEqual([]);
  });

  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
