/**
 * The admin domain through the real app: admins only (agents and viewers 403), one team's data
 * only; the dead-letter queue (stats, list, alerts, single and bulk replay, archive); detailed
 * health; reconciliation finds what is wrong and nothing on consistent data; expired idempotency
 * keys are cleaned; the audit trail records successful writes with their route and fields.
 */
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { runDueJobs } from '../../test/support/jobs.js';
import { idempotencyKeys, leads } from '../db/schema.js';
import { enqueueJob } from '../jobs/queue.js';

let t: TestApp;
let admin: TestUser;
let agent: TestUser;
let viewer: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await createTestApp({ ...NO_RATE_LIMITS, dlqAlerts: { size: 1, ageSeconds: 3600 } });
  admin = await t.user({ role: 'admin' });
  agent = await t.user({ role: 'agent', teamId: admin.teamId });
  viewer = await t.user({ role: 'viewer', teamId: admin.teamId });
  outsider = await t.user({ role: 'admin' });
});
afterAll(() => t.close());

/** A job of a type no worker knows dies on its first run: a dead-letter entry on demand. */
async function deadJob(teamId: string, type = 'test.never-registered'): Promise<string> {
  const row = await enqueueJob(t.database.db, { teamId, type, payload: {}, maxAttempts: 3 });
  await runDueJobs(t);
  return row.id;
}

describe('admin access', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/admin/health'],
    ['GET', '/admin/dlq/stats'],
    ['GET', '/admin/dlq'],
    ['GET', '/admin/dlq/alerts'],
    ['POST', '/admin/dlq/replay', {}],
    ['POST', '/admin/dlq/x/replay'],
    ['POST', '/admin/dlq/x/archive'],
    ['POST', '/admin/reconciliation/runs'],
    ['GET', '/admin/reconciliation/runs'],
    ['GET', '/admin/reconciliation/runs/x'],
    ['POST', '/admin/idempotency/cleanup'],
    ['GET', '/admin/audit-log'],
  ];
  it.each(routes)('%s %s is 403 problem+json for agents and viewers, 401 without a token', async (method, path, body) => {
    for (const user of [agent, viewer]) {
      const res = await t.send(method, path, { token: user.token, body });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.detail).toContain('admin');
    }
    expect((await t.send(method, path, { body })).status).toBe(401);
  });
});

describe('GET /admin/health', () => {
  it('reports the database, the team’s queue, the bus, mail, storage, redis and the process', async () => {
    await deadJob(admin.teamId, 'test.health');
    const res = await t.send('GET', '/admin/health', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      database: { status: 'pass', kind: t.database.kind, latency_ms: expect.any(Number), migrations: { pending: 0, applied: expect.any(Number) } },
      queue: { by_state: { dead: expect.any(Number), queued: 0 }, oldest_queued_age_seconds: null },
      events: { mode: 'memory' },
      storage: { status: 'pass', driver: 'fs' },
      redis: { configured: false },
      process: { pid: process.pid, uptime_seconds: expect.any(Number), memory: { rss_bytes: expect.any(Number) } },
    });
    // The newest migration in the committed journal is the one the database reports last applied.
    const journal = JSON.parse(readFileSync(new URL('../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: { tag: string }[] };
    expect(res.body.database.migrations.latest).toBe(journal.entries.at(-1)?.tag);
    expect(res.body.queue.dlq_size).toBeGreaterThanOrEqual(1);
    expect(['pass', 'warn']).toContain(res.body.status);
    const theirs = await t.send('GET', '/admin/health', { token: outsider.token });
    expect(theirs.body.queue.dlq_size).toBe(0);
  });
});

describe('dead-letter queue', () => {
  it('counts, lists, alerts, replays one and many, and archives, for the team only', async () => {
    const a = await deadJob(admin.teamId, 'test.dlq-a');
    const b = await deadJob(admin.teamId, 'test.dlq-b');
    const c = await deadJob(admin.teamId, 'test.dlq-b');
    const theirs = await deadJob(outsider.teamId, 'test.dlq-b');
    const stats = (await t.send('GET', '/admin/dlq/stats', { token: admin.token })).body;
    expect(stats.by_type).toEqual(expect.arrayContaining([{ type: 'test.dlq-a', count: 1 }, { type: 'test.dlq-b', count: 2 }]));
    expect(stats.by_error.find((e: { type: string }) => e.type === 'test.dlq-b')).toMatchObject({ count: 2, error: expect.stringContaining('No handler') });
    const list = (await t.send('GET', '/admin/dlq', { token: admin.token })).body;
    expect(list.items.map((j: { id: string }) => j.id)).toEqual(expect.arrayContaining([a, b, c]));
    expect(list.items.map((j: { id: string }) => j.id)).not.toContain(theirs);
    const alerts = (await t.send('GET', '/admin/dlq/alerts', { token: admin.token })).body;
    expect(alerts).toMatchObject({ firing: true, thresholds: { size: 1, age_seconds: 3600 }, alerts: [{ code: 'dlq_size', threshold: 1 }] });

    expect((await t.send('POST', `/admin/dlq/${theirs}/replay`, { token: admin.token })).status).toBe(404);
    const one = await t.send('POST', `/admin/dlq/${a}/replay`, { token: admin.token });
    expect(one.status).toBe(202);
    expect(one.body).toMatchObject({ id: a, state: 'queued', attempts: 0 });
    expect((await t.send('POST', `/admin/dlq/${a}/replay`, { token: admin.token })).status).toBe(409);

    const bulk = await t.send('POST', '/admin/dlq/replay', { token: admin.token, body: { type: 'test.dlq-b', error_contains: 'no handler' } });
    expect(bulk.status).toBe(200);
    expect(bulk.body.replayed).toBe(2);
    expect(bulk.body.ids.sort()).toEqual([b, c].sort());
    expect((await t.send('POST', '/admin/dlq/replay', { token: admin.token, body: { type: 'test.dlq-b' } })).body.replayed).toBe(0);
    expect((await t.send('POST', '/admin/dlq/replay', { token: admin.token, body: { limit: 0 } })).status).toBe(422);

    // They die again (still no handler); archive one.
    await runDueJobs(t);
    expect((await t.send('POST', `/admin/dlq/${theirs}/archive`, { token: admin.token })).status).toBe(404);
    const archived = await t.send('POST', `/admin/dlq/${b}/archive`, { token: admin.token });
    expect(archived.status).toBe(200);
    expect(archived.body.state).toBe('archived');
    expect((await t.send('POST', `/admin/dlq/${b}/archive`, { token: admin.token })).status).toBe(409);
    const afterList = (await t.send('GET', '/admin/dlq', { token: admin.token })).body.items.map((j: { id: string }) => j.id);
    expect(afterList).not.toContain(b);
    const archivedList = (await t.send('GET', '/admin/dlq?state=archived', { token: admin.token })).body.items.map((j: { id: string }) => j.id);
    expect(archivedList).toEqual([b]);
    // An archived job is never claimed again.
    expect((await runDueJobs(t)).map((r) => r.id)).not.toContain(b);
  });
});

describe('reconciliation', () => {
  it('finds nothing on consistent data, then names a lead pointing at another team’s property', async () => {
    const property = (await t.send('POST', '/properties', { token: agent.token, body: { address: '1 Recon St', city: 'Austin', state: 'TX', zip: '78701', price: 100000 } })).body;
    const lead = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Recon Lead', email: 'recon@example.test', property_id: property.id } })).body;
    await t.send('POST', '/deals', { token: agent.token, body: { title: 'Recon deal', property_id: property.id, lead_id: lead.id, value: 1000 } });
    const clean = await t.send('POST', '/admin/reconciliation/runs', { token: admin.token });
    expect(clean.status).toBe(201);
    expect(clean.body).toMatchObject({ status: 'clean', finding_count: 0, findings: [], started_by: admin.id });
    expect(clean.body.checks.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['analytics_pipeline', 'lead_property_reference', 'campaign_recipient_counts', 'orphan_rows']));
    expect(clean.headers.get('location')).toBe(`/admin/reconciliation/runs/${clean.body.id}`);

    const foreign = (await t.send('POST', '/properties', { token: outsider.token, body: { address: '2 Elsewhere', city: 'Austin', state: 'TX', zip: '78701' } })).body;
    await t.database.db.update(leads).set({ propertyId: foreign.id }).where(eq(leads.id, lead.id));
    const dirty = await t.send('POST', '/admin/reconciliation/runs', { token: admin.token });
    expect(dirty.body).toMatchObject({ status: 'findings', finding_count: 1, findings: [{ check: 'lead_property_reference', resource: 'lead', id: lead.id }] });
    await t.database.db.update(leads).set({ propertyId: property.id }).where(eq(leads.id, lead.id));

    const history = await t.send('GET', '/admin/reconciliation/runs', { token: admin.token });
    expect(history.body.items.map((r: { id: string }) => r.id).slice(0, 2)).toEqual([dirty.body.id, clean.body.id]);
    expect((await t.send('GET', `/admin/reconciliation/runs/${dirty.body.id}`, { token: admin.token })).body.findings).toHaveLength(1);
    expect((await t.send('GET', `/admin/reconciliation/runs/${dirty.body.id}`, { token: outsider.token })).status).toBe(404);
    expect((await t.send('GET', '/admin/reconciliation/runs', { token: outsider.token })).body.total).toBe(0);
  });
});

describe('POST /admin/idempotency/cleanup', () => {
  it('deletes the team’s expired keys only and says how many', async () => {
    const key = (teamId: string, userId: string, expired: boolean) => ({
      id: crypto.randomUUID(), teamId, userId, key: crypto.randomUUID(), fingerprint: 'f', method: 'POST', path: '/x',
      expiresAt: sql`now() + ${expired ? '-1 hour' : '1 hour'}::interval` as unknown as Date,
    });
    await t.database.db.insert(idempotencyKeys).values([key(admin.teamId, admin.id, true), key(admin.teamId, admin.id, true), key(admin.teamId, admin.id, false), key(outsider.teamId, outsider.id, true)]);
    const res = await t.send('POST', '/admin/idempotency/cleanup', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.deleted).toBe(2);
    expect(res.body.remaining).toBeGreaterThanOrEqual(1);
    expect((await t.send('POST', '/admin/idempotency/cleanup', { token: admin.token })).body.deleted).toBe(0);
    expect((await t.send('POST', '/admin/idempotency/cleanup', { token: outsider.token })).body.deleted).toBe(1);
  });
});

describe('audit log', () => {
  it('records successful writes with route, resource, request id and PATCH fields; failures and reads are not recorded', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const created = await t.send('POST', '/properties', { token: agent.token, body: { address: '1 Audit Ave', city: 'Austin', state: 'TX', zip: '78701' }, headers: { 'X-Request-Id': 'audit-create-1' } });
    const id = created.body.id;
    await t.send('PATCH', `/properties/${id}`, { token: agent.token, body: { price: 1000, owner_name: 'X' }, headers: { 'X-Request-Id': 'audit-patch-1' } });
    expect((await t.send('PATCH', `/properties/${id}`, { token: agent.token, body: { bedrooms: 1.5 } })).status).toBe(422);
    await t.send('GET', `/properties/${id}`, { token: agent.token });
    const res = await t.send('GET', `/admin/audit-log?resource=${id}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ method: 'PATCH', route: '/properties/:id', resource_id: id, status: 200, actor_id: agent.id, request_id: 'audit-patch-1', changed_fields: ['owner_name', 'price'] }),
      expect.objectContaining({ method: 'POST', route: '/properties', resource_id: id, status: 201, request_id: 'audit-create-1', changed_fields: null }),
    ]);
    const byActor = await t.send('GET', `/admin/audit-log?actor=${agent.id}&since=${encodeURIComponent(since)}`, { token: admin.token });
    expect(byActor.body.items.every((e: { actor_id: string }) => e.actor_id === agent.id)).toBe(true);
    expect(byActor.body.total).toBeGreaterThanOrEqual(2);
    const future = await t.send('GET', `/admin/audit-log?since=2999-01-01T00:00:00Z`, { token: admin.token });
    expect(future.body.total).toBe(0);
    expect((await t.send('GET', `/admin/audit-log?resource=${id}`, { token: outsider.token })).body.total).toBe(0);
    expect((await t.send('GET', '/admin/audit-log?since=yesterday', { token: admin.token })).status).toBe(422);
  });
});
