/**
 * Is a target up? GET <url>/ready until it answers 2xx, within a bounded time. A target that
 * is not this platform may have no /ready: on a 404 or 405 the probe falls back to /healthz,
 * then to `/`, where any answer below 500 counts (users verify their own APIs). A 503 from
 * /ready means "this platform, not ready yet": keep waiting, no fallback. undici's `request`
 * (as the runner uses) rather than `fetch`, which refuses ports such as 6000 by specification.
 */
import { request } from '../checks/support/undici-request.js';

export interface ReadinessResult {
  ready: boolean;
  /** The path that answered, when ready. */
  probe?: string;
  status?: number;
  /** Why it is not ready, in words for the operator. */
  problem?: string;
  elapsedMs: number;
}

const PROBES = ['/ready', '/healthz', '/'] as const;

export function probeUrl(base: string, probe: string): string {
  return `${base.replace(/\/+$/, '')}${probe}`;
}

async function probeOnce(base: string, perRequestMs: number, signal?: AbortSignal): Promise<{ ready: boolean; probe?: string; status?: number; problem: string }> {
  let problem = '';
  for (const probe of PROBES) {
    try {
      const timeout = AbortSignal.timeout(perRequestMs);
      const response = await request(probeUrl(base, probe), { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      await response.body.dump().catch(() => undefined);
      const status = response.statusCode;
      const ok = probe === '/' ? status < 500 : status >= 200 && status < 300;
      if (ok) return { ready: true, probe, status, problem: '' };
      problem = `GET ${probe} answered ${status}`;
      if (status !== 404 && status !== 405) return { ready: false, status, problem };
    } catch (error) {
      const { code, name, message } = error as NodeJS.ErrnoException;
      const timedOut = name === 'TimeoutError' || (error as { cause?: { name?: string } }).cause?.name === 'TimeoutError';
      return { ready: false, problem: timedOut ? `GET ${probe} did not answer within ${perRequestMs} ms` : (code ?? message) };
    }
  }
  return { ready: false, problem };
}

/** Polls until ready or `timeoutMs` has passed (at least one probe is always made). */
export async function waitUntilReady(base: string, options: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal }): Promise<ReadinessResult> {
  const began = performance.now();
  const deadline = began + options.timeoutMs;
  let last: Awaited<ReturnType<typeof probeOnce>>;
  for (;;) {
    const remaining = Math.round(Math.max(250, Math.min(5_000, deadline - performance.now())));
    last = await probeOnce(base, remaining, options.signal);
    const elapsedMs = Math.round(performance.now() - began);
    if (last.ready) return { ready: true, probe: last.probe, status: last.status, elapsedMs };
    if (performance.now() + (options.intervalMs ?? 250) >= deadline || options.signal?.aborted) {
      return { ready: false, status: last.status, problem: last.problem, elapsedMs };
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
