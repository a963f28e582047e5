/** `sse_connections` on /metrics (the Grafana dashboard's SSE panel) follows the streams open in the process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream, startSocketStack, streamToken, type SocketStack, type SocketUser } from './sse-helpers.js';

describe('sse_connections', { timeout: 30_000 }, () => {
  let s: SocketStack;
  let user: SocketUser;
  const gauge = async () => {
    const text = (await s.send('GET', '/metrics')).text;
    expect(text).toMatch(/^# TYPE sse_connections gauge$/m);
    return Number(/^sse_connections (\d+)$/m.exec(text)?.[1]);
  };

  beforeAll(async () => {
    s = await startSocketStack();
    user = await s.user();
  }, 60_000);
  afterAll(() => s?.close());

  it('counts open streams and drops when clients leave', async () => {
    expect(await gauge()).toBe(0);
    const streams = await Promise.all([1, 2].map(async () => openStream(s.url, `/sse/stream?token=${await streamToken(s, user)}`)));
    expect(streams.map((stream) => stream.status)).toEqual([200, 200]);
    expect(await gauge()).toBe(2);
    streams.forEach((stream) => stream.close());
    await expect.poll(gauge, { timeout: 10_000 }).toBe(0);
  });
});
