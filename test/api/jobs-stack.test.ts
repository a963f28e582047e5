/**
 * Jobs on a running stack (startStack on a socket, the worker inline as in `reos up`): a memo
 * submitted over HTTP completes, `/sse/stream` subscribers see `job.queued` then
 * `job.completed`, and the PDF downloads. JOBS_WORKER=off leaves the job queued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream, startSocketStack, streamToken, type SocketStack, type SocketUser } from './sse-helpers.js';

describe('jobs on a running stack', () => {
  let s: SocketStack;
  let user: SocketUser;
  beforeAll(async () => {
    s = await startSocketStack({ env: { JOBS_POLL_MS: '50', RATE_LIMIT_ENABLED: 'false' } });
    user = await s.user({ role: 'agent' });
  });
  afterAll(() => s?.close());

  it('runs the memo job in process and announces job.completed on the team’s stream', async () => {
    expect(s.stack.worker).toBeDefined();
    const token = await streamToken(s, user);
    const stream = await openStream(s.url, `/sse/stream?token=${token}`);
    try {
      const property = await s.send('POST', '/properties', { token: user.token, body: { address: '5 Stream St', city: 'Boise', state: 'ID', zip: '83702', price: 350000 } });
      const job = await s.send('POST', `/properties/${property.body.id}/memo`, { token: user.token });
      expect(job.status).toBe(202);
      await stream.until((st) => st.events.some((e) => e.event === 'job.completed' && JSON.parse(e.data).id === job.body.id), 'job.completed');
      const types = stream.events.map((e) => e.event);
      expect(types.indexOf('job.queued')).toBeLessThan(types.indexOf('job.completed'));
      const completed = JSON.parse(stream.events.find((e) => e.event === 'job.completed')!.data);
      expect(completed).toMatchObject({ state: 'completed', result_url: `/jobs/${job.body.id}/result` });
      const pdf = await fetch(`${s.url}/jobs/${job.body.id}/result`, { headers: { Authorization: `Bearer ${user.token}` } });
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString()).toBe('%PDF');
    } finally {
      stream.close();
    }
  });
});

describe('JOBS_WORKER=off', () => {
  let s: SocketStack;
  beforeAll(async () => {
    s = await startSocketStack({ env: { JOBS_WORKER: 'off', RATE_LIMIT_ENABLED: 'false' } });
  });
  afterAll(() => s?.close());

  it('queues jobs for an outside worker and runs none in the API process', async () => {
    expect(s.stack.worker).toBeUndefined();
    const user = await s.user({ role: 'agent' });
    const property = await s.send('POST', '/properties', { token: user.token, body: { address: '6 Idle Ave', city: 'Boise', state: 'ID', zip: '83702' } });
    const job = await s.send('POST', '/jobs', { token: user.token, body: { type: 'property.enrichment', payload: { property_id: property.body.id } } });
    expect(job.status).toBe(202);
    const active = await s.send('GET', '/jobs/active', { token: user.token });
    expect(active.body.items).toEqual([expect.objectContaining({ id: job.body.id, state: 'queued', attempts: 0 })]);
  });
});
