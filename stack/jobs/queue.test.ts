/**
 * The queue's guarantees on the test backend (PGlite or PostgreSQL): one claim per job,
 * retries with backoff to the dead-letter list and a replay out of it, cancel, a lease that
 * expires making the job claimable again while fencing the old holder out, graceful release.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { testWorker, waitForJob } from '../../test/support/jobs.js';
import { retryDelayMs } from './backoff.js';
import { cancelJob, claimNextJob, completeJob, enqueueJob, failJob, renewLease, replayJob } from './queue.js';
import { PermanentJobError, registerJobHandler } from './registry.js';
import { jobs } from './tables.js';

let t: TestApp;
let user: TestUser;
const calls = new Map<string, number>();

registerJobHandler('test.flaky', async ({ job }) => {
  const n = (calls.get(job.id) ?? 0) + 1;
  calls.set(job.id, n);
  if (n < Number(job.payload.succeed_on ?? Infinity)) throw new Error(`attempt ${n} failed on purpose`);
  return { succeeded_on: n };
});
registerJobHandler('test.permanent', async () => {
  throw new PermanentJobError('cannot ever work');
});
registerJobHandler('test.slow', async ({ signal }) => {
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, 60_000);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
  return { done: true };
});

const enqueue = (type: string, payload: Record<string, unknown> = {}, maxAttempts = 3) => enqueueJob(t.database.db, { teamId: user.teamId, createdBy: user.id, type, payload, maxAttempts });

beforeAll(async () => {
  t = await createTestApp(NO_RATE_LIMITS);
  user = await t.user();
});
afterAll(() => t.close());

describe('backoff', () => {
  it('doubles per attempt with jitter between half and the whole delay, capped', () => {
    expect(retryDelayMs(1, 1000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(2000);
    expect(retryDelayMs(3, 1000, () => 1)).toBe(4000);
    expect(retryDelayMs(40, 1000, () => 1)).toBe(60 * 60 * 1000);
  });
});

describe('job queue', () => {
  it('gives a due job to exactly one of several concurrent claimers', async () => {
    const job = await enqueue('test.flaky', { succeed_on: 1 });
    const claims = await Promise.all(Array.from({ length: 5 }, (_, i) => claimNextJob(t.database.db, `w${i}`, 10_000)));
    const winners = claims.filter((c) => c?.id === job.id);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ state: 'running', attempts: 1 });
    // Leave the table clean for the next tests.
    for (const c of claims) if (c) await completeJob(t.database.db, c.id, c.lockedBy!, null);
  });

  it('schedules a retry after a failure with a backoff, then sends the job to the dead-letter list', async () => {
    const job = await enqueue('test.flaky', {}, 2);
    const first = (await claimNextJob(t.database.db, 'w1', 10_000))!;
    expect(first.id).toBe(job.id);
    const failed = (await failJob(t.database.db, first, 'w1', { message: 'boom', backoffMs: 60_000 }))!;
    expect(failed.state).toBe('failed');
    expect(failed.lastError).toBe('boom');
    // Not due yet: the backoff holds it back (30-60 s for the first retry).
    expect(failed.runAt.getTime() - Date.now()).toBeGreaterThan(20_000);
    expect(await claimNextJob(t.database.db, 'w2', 10_000)).toBeUndefined();
    await t.database.db.update(jobs).set({ runAt: new Date(Date.now() - 1000) }).where(eq(jobs.id, job.id));
    const second = (await claimNextJob(t.database.db, 'w2', 10_000))!;
    expect(second).toMatchObject({ id: job.id, attempts: 2 });
    const dead = (await failJob(t.database.db, second, 'w2', { message: 'boom again', backoffMs: 0 }))!;
    expect(dead).toMatchObject({ state: 'dead', lastError: 'boom again' });
    expect(dead.finishedAt).not.toBeNull();
  });

  it('runs retries through the worker to success, and to the dead-letter list and back by replay', async () => {
    const worker = testWorker(t);
    try {
      const eventually = await enqueue('test.flaky', { succeed_on: 3 }, 3);
      const ok = await waitForJob(t.database, eventually.id, (r) => r.state === 'completed');
      expect(ok).toMatchObject({ attempts: 3, result: { succeeded_on: 3 } });

      const doomed = await enqueue('test.flaky', { succeed_on: 4 }, 2);
      const dead = await waitForJob(t.database, doomed.id, (r) => r.state === 'dead');
      expect(dead).toMatchObject({ attempts: 2, lastError: 'attempt 2 failed on purpose' });
      expect(calls.get(doomed.id)).toBe(2);

      const replayed = await replayJob(t.database.db, user.teamId, doomed.id);
      expect(replayed).toMatchObject({ state: 'queued', attempts: 0 });
      // Two more attempts (3rd and 4th call): the 4th succeeds.
      const done = await waitForJob(t.database, doomed.id, (r) => r.state === 'completed');
      expect(done.result).toEqual({ succeeded_on: 4 });
      await expect(replayJob(t.database.db, user.teamId, doomed.id)).rejects.toMatchObject({ status: 409 });
    } finally {
      await worker.close();
    }
  });

  it('sends a permanent failure straight to the dead-letter list', async () => {
    const worker = testWorker(t);
    try {
      const job = await enqueue('test.permanent', {}, 5);
      const dead = await waitForJob(t.database, job.id, (r) => r.state === 'dead');
      expect(dead).toMatchObject({ attempts: 1, lastError: 'cannot ever work' });
    } finally {
      await worker.close();
    }
  });

  it('cancels a queued job (never run) and a running one (aborted), and refuses to cancel a finished one', async () => {
    const queued = await enqueue('test.flaky', { succeed_on: 1 });
    expect((await cancelJob(t.database.db, user.teamId, queued.id)).state).toBe('cancelled');
    await expect(cancelJob(t.database.db, user.teamId, queued.id)).rejects.toMatchObject({ status: 409 });
    expect(calls.has(queued.id)).toBe(false);

    const worker = testWorker(t, { leaseMs: 1000 });
    try {
      const slow = await enqueue('test.slow');
      await waitForJob(t.database, slow.id, (r) => r.state === 'running');
      await cancelJob(t.database.db, user.teamId, slow.id);
      // The heartbeat notices within a third of the lease and the handler is aborted; nothing overwrites the cancel.
      for (let i = 0; worker.running() > 0 && i < 400; i++) await new Promise((r) => setTimeout(r, 25));
      expect(worker.running()).toBe(0);
      const [row] = await t.database.db.select().from(jobs).where(eq(jobs.id, slow.id));
      expect(row.state).toBe('cancelled');
    } finally {
      await worker.close();
    }
  });

  it('makes a job whose lease expired claimable again, and fences the old holder out', async () => {
    const job = await enqueue('test.flaky', { succeed_on: 1 });
    const held = (await claimNextJob(t.database.db, 'dying', 1000))!;
    expect(held.id).toBe(job.id);
    expect(await claimNextJob(t.database.db, 'other', 1000)).toBeUndefined();
    // The holder dies: no heartbeat. Age the lease instead of sleeping through it.
    await t.database.db.update(jobs).set({ lockedUntil: new Date(Date.now() - 1) }).where(eq(jobs.id, job.id));
    const taken = (await claimNextJob(t.database.db, 'other', 10_000))!;
    expect(taken).toMatchObject({ id: job.id, lockedBy: 'other', attempts: 2 });
    expect(await renewLease(t.database.db, job.id, 'dying', 1000)).toBe(false);
    expect(await completeJob(t.database.db, job.id, 'dying', { stale: true })).toBeUndefined();
    expect(await completeJob(t.database.db, job.id, 'other', { fresh: true })).toMatchObject({ state: 'completed', result: { fresh: true } });
  });

  it('releases a running job on shutdown without counting the attempt', async () => {
    const worker = testWorker(t);
    const job = await enqueue('test.slow');
    await waitForJob(t.database, job.id, (r) => r.state === 'running');
    await worker.close();
    const [row] = await t.database.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(row).toMatchObject({ state: 'queued', attempts: 0, lockedBy: null });
    await cancelJob(t.database.db, user.teamId, job.id);
  });
});
