import { describe, expect, it } from 'vitest';
import { buildPackContents } from '../../evidence/contents.js';
import { sampleRun } from '../../../test/unit/verify-fixtures.js';
import { escapeHtml, prettyJson } from './escape.js';
import { REPORT_FILE } from './index.js';

const HOSTILE = `</script><script>alert(1)</script><img src="https://evil.example/x.png" onerror="x()">`;

function packWithHostileBody() {
  const run = sampleRun();
  const exchange = run.scenarios[1].steps[1].exchanges[0];
  if (exchange?.response) exchange.response.body = { detail: HOSTILE };
  run.scenarios[1].name = `Login <b>&</b> "me"`;
  return buildPackContents({ run, requiredAreas: [], scenarioFiles: [], secrets: [] }, { createdAt: new Date('2025-11-05T18:30:00Z') });
}

describe('report.html', () => {
  const contents = packWithHostileBody();
  const file = contents.files.find((f) => f.path === REPORT_FILE);
  const html = file?.data.toString('utf8') ?? '';

  it('is in every pack and hashed by the manifest', () => {
    expect(file).toBeDefined();
    expect(contents.manifest.files.map((f) => f.path)).toContain(REPORT_FILE);
  });

  it('loads nothing: no script, no external URL in src/href, a CSP that forbids fetching', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|iframe|object|embed|img)\b/i);
    expect([...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]).every((v) => v.startsWith('#'))).toBe(true);
    expect(html).toContain(`content="default-src 'none'`);
  });

  it('keeps a hostile body as text', () => {
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('Login &lt;b&gt;&amp;&lt;/b&gt; &quot;me&quot;');
  });

  it('shows the verdict, the failed assertion and the hashes of every other file', () => {
    expect(html).toContain(`<span class="verdict">${contents.summary.verdict}</span>`);
    expect(html).toMatch(/<td class="mono">401<\/td>/);
    for (const entry of contents.manifest.files.filter((f) => f.path !== REPORT_FILE)) expect(html).toContain(entry.sha256);
    expect(html).toContain('<svg');
  });

  it('never writes a secret the pack redacted', () => {
    expect(html).not.toContain('Hunter2-S3cret!');
  });
});

describe('escape helpers', () => {
  it('escapes the five HTML specials and control characters', () => {
    expect(escapeHtml(`<a href='x'>"&"</a>\u0007`)).toBe('&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;\uFFFD');
  });
  it('pretty-prints JSON values and JSON strings, and cuts huge ones', () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('not json')).toBe('not json');
    expect(prettyJson('x'.repeat(300_000))).toMatch(/more characters: see the transcript file\)$/);
  });
});
