/**
 * The shipped scenarios must catch a broken platform, not just bless a working one. A real
 * stack runs behind a proxy that drops the `Idempotency-Key` header (a misconfigured edge is
 * exactly how idempotency breaks in production): `reos verify --target` through it must end
 * NO-GO, name the idempotency scenario and its failing step, while the same run straight
 * against the stack is GO.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStackConfig } from '../../stack/config.js';
import { startStack, type RunningStack } from '../../stack/server.js';
import { removeTemps, runReos, tempDir } from './helpers.js';

/** A pass-through proxy that forgets one request header, streaming both ways (SSE included). */
function headerDroppingProxy(target: string, dropped: string): Promise<http.Server> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers };
    delete headers[dropped];
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('reos verify against a deliberately broken platform', { timeout: 180_000 }, () => {
  let stack: RunningStack;
  let proxy: http.Server;

  beforeAll(async () => {
    const config = { ...loadStackConfig({ LOG_LEVEL: 'silent', MAIL_SMTP_PORT: '0', MAIL_HTTP_PORT: '0' }, 'test'), ephemeral: true, port: 0, host: '127.0.0.1' };
    stack = await startStack({ config });
    proxy = await headerDroppingProxy(stack.url, 'idempotency-key');
  }, 60_000);

  afterAll(async () => {
    await new Promise((r) => proxy?.close(r));
    proxy?.closeAllConnections();
    await stack?.close();
    removeTemps();
  });

  it('turns the verdict into NO-GO and names the idempotency step when the key is lost on the way', async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const out = tempDir('reos-fault-');
    const broken = await runReos(['verify', '--target', proxyUrl, '--area', 'hardening', '--out', out, '--json']);
    expect(broken.code, broken.stderr).toBe(1);
    const summary = JSON.parse(broken.stdout);
    expect(summary.verdict).toBe('NO-GO');
    const failed = summary.scenarios.filter((s: { status: string }) => s.status === 'failed');
    expect(failed.map((s: { name: string }) => s.name)).toEqual(['hardening-idempotency']);
    const steps = failed[0].steps.filter((s: { status: string }) => s.status === 'failed');
    expect(steps.length).toBeGreaterThan(0);
    expect(JSON.stringify(summary.reasons)).toContain('hardening-idempotency');
  });
});
