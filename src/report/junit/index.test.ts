import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../evidence/summary.js';
import { redactRun } from '../../evidence/redact.js';
import { sampleRun } from '../../../test/unit/verify-fixtures.js';
import { xmlProblems } from '../../../test/unit/verify-xml.js';
import { junitSchemaProblems, skipSchemaTests } from '../../../test/support/junit-schema.js';
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
    expect(xml).toMatch(/<testsuite name="auth \/ Login[^>]* tests="3" failures="1" errors="0" skipped="1"/);
    expect(xml).toMatch(/<failure message="status eq: expected 200, got 401 \(token &lt;rejected&gt; &amp; &quot;logged&quot; out\)" type="assertion">/);
    expect(xml).toMatch(/<testcase name="logout"[^>]*>\s*<skipped message="an earlier step failed"\/>/);
  });

  it('reports an errored step as <error>', () => {
    const s = summary();
    Object.assign(s.scenarios[0].steps[0], { status: 'error', reason: 'connect ECONNREFUSED', failures: [] });
    const xml = renderJunit(s);
    expect(xml).toMatch(/<error message="connect ECONNREFUSED" type="error">/);
    expect(xml).toMatch(/<testsuite [^>]*errors="1"/);
    expect(xmlProblems(xml)).toEqual([]);
  });

  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

describe.skipIf(skipSchemaTests('JUnit schema tests'))('renderJunit against the JUnit XML schema (xmllint)', () => {
  it('is valid with passed, failed, errored and skipped steps and hostile text', () => {
    const s = summary();
    s.scenarios[1].steps[1].failures[0].message = 'bell \u0007 and <tag> & "quotes" ]]>';
    Object.assign(s.scenarios[0].steps[0], { status: 'error', reason: 'connect ECONNREFUSED', failures: [] });
    expect(junitSchemaProblems(renderJunit(s))).toEqual([]);
  });

  it('is valid for a target run and a run with no scenario', () => {
    const s = summary();
    s.environment = { ...s.environment, mode: 'target', target: 'https://api.example.com:8443, https://b.example.com' };
    expect(renderJunit(s)).toContain('hostname="api.example.com"');
    expect(junitSchemaProblems(renderJunit(s))).toEqual([]);
    expect(junitSchemaProblems(renderJunit({ ...s, scenarios: [] }))).toEqual([]);
  });

  it('the checker is real: the schema rejects what it should', () => {
    const xml = renderJunit(summary());
    expect(junitSchemaProblems(xml.replace('<testsuites>', '<testsuites tests="4">')).join('\n')).toMatch(/tests/);
    expect(junitSchemaProblems(xml.replace(/ hostname="[^"]*"/, '')).join('\n')).toMatch(/hostname/);
    expect(execFileSync('xmllint', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBeDefined();
  });
});
