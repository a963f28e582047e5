/**
 * HTTP helpers for the dependency-outage tests: a call that can never hang the test (it aborts
 * after HANG_MS, which would fail the test, never pass it), and a poll until a probe settles.
 */

/** A request that takes longer than this counts as a hang. */
export const HANG_MS = 15_000;

export async function call(url: string, path: string, init: RequestInit & { token?: string } = {}) {
  const response = await fetch(url + path, {
    ...init,
    headers: { ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
    signal: AbortSignal.timeout(HANG_MS),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

/** Probes every 100 ms until `done` holds or the attempts run out; returns the last value either way. */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, attempts = 200): Promise<T> {
  let last = await probe();
  for (let i = 0; i < attempts && !done(last); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await probe();
  }
  return last;
}
