/**
 * report.html in a real browser: a real pack (embedded stack, one failing step whose response
 * body carries `</script><script>`) is opened from file:// in Debian's headless Chromium with
 * no network. The verdict and the failing step's details must be visible, the hostile body
 * must stay text, and no request may leave the page. Saves test-results/report.png.
 * Skips with a message when /usr/bin/chromium is absent, except under CI=true (.ci/run installs it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { makeRealPack, type RealPack } from '../support/packs.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = fs.existsSync(CHROMIUM);
const HOSTILE = `</script><script>document.title='pwned';window.pwned=1</script><img src="http://127.0.0.1:9/x.png">`;

const scenario = [
  'name: hostile-register',
  'area: auth',
  'severity: critical',
  'steps:',
  '  - id: healthz',
  '    http: { url: /healthz }',
  '    expect: { status: 200 }',
  '  - id: register',
  '    name: Register with a hostile name',
  '    http:',
  '      method: POST',
  '      url: /auth/register',
  `      json: { email: "\${{ run.email }}", password: "Demo123!", name: ${JSON.stringify(HOSTILE)} }`,
  '    expect:',
  '      status: 418',
  '',
].join('\n');

if (!available && process.env.CI === 'true') {
  describe('report.html in Chromium', () => {
    it('needs Chromium under CI', () => {
      throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install chromium`);
    });
  });
} else if (!available) {
  console.warn(`[skip] report.html Chromium tests: ${CHROMIUM} is not installed (apt-get install -y chromium).`);
}

describe.skipIf(!available)('report.html in Chromium', { timeout: 240_000 }, () => {
  let pack: RealPack;
  let context: BrowserContext;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-chromium-'));

  beforeAll(async () => {
    pack = await makeRealPack({ 'hostile.yaml': scenario });
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, offline: true });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  it('shows the verdict and the failing step, runs nothing from the transcript and sends no request', async () => {
    const file = path.join(pack.pack.dir, 'report.html');
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    // Anything but the page itself is refused and recorded: the page must not ask for it.
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'load' });

    expect(await page.locator('#verdict').isVisible()).toBe(true);
    expect(await page.locator('#verdict .verdict').textContent()).toBe('NO-GO');
    expect(pack.summary.verdict).toBe('NO-GO');

    const failing = page.locator('details.step.failed', { hasText: 'register' });
    expect(await failing.isVisible()).toBe(true);
    expect(await failing.getAttribute('open')).not.toBeNull();
    const failures = failing.locator('table.failures');
    expect(await failures.isVisible()).toBe(true);
    expect(await failures.innerText()).toMatch(/status[\s\S]*418[\s\S]*201/);
    expect(await failing.locator('pre', { hasText: '</script><script>' }).first().isVisible()).toBe(true);
    expect(await page.title()).not.toContain('pwned');
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();

    expect(requests).toEqual([url]);
    fs.mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: path.join('test-results', 'report.png'), fullPage: true });
    expect(fs.statSync(path.join('test-results', 'report.png')).size).toBeGreaterThan(1000);
  });
});
