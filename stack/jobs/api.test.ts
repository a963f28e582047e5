/**
 * The jobs API through the real app with a worker over the same database and storage: the memo
 * job produces a real PDF (pdf-lib reads it back), enrichment records derived facts, and the
 * routes' validation, scoping, roles and states hold. `job.completed` lands in the team's events.
 */
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { testWorker, waitForJob } from '../../test/support/jobs.js';
import { eventsAfter } from '../events/store.js';
import type { Worker } from '../worker.js';
import { enqueueJob } from './queue.js';

let t: TestApp;
let admin: TestUser;
let agent: TestUser;
let outsider: TestUser;
let worker: Worker;
let propertyId: string;

beforeAll(async () => {
  t = await createTestApp(NO_RATE_LIMITS);
  admin = await t.user({ role: 'admin' });
  agent = await t.user({ role: 'agent', teamId: admin.teamId });
  outsider = await t.user();
  const created = await t.send('POST', '/properties', {
    token: agent.token,
    body: { address: '12 Memo Lane', city: 'Denver', state: 'CO', zip: '80202', price: 640000, bedrooms: 3, bathrooms: 2.5, sqft: 1600, description: 'Corner lot — café nearby ☕' },
  });
  propertyId = created.body.id;
  worker = testWorker(t);
});
afterAll(async () => {
  await worker.close();
  await t.close();
});

describe('jobs API', () => {
  it('turns a memo job into a downloadable PDF carrying the property’s data', async () => {
    const submitted = await t.send('POST', '/jobs', { token: agent.token, body: { type: 'property.memo', payload: { property_id: propertyId } } });
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get('location')).toBe(`/jobs/${submitted.body.id}/status`);
    expect(submitted.body).toMatchObject({ type: 'property.memo', state: 'queued', attempts: 0, result_url: null });

    await waitForJob(t.database, submitted.body.id, (r) => r.state === 'completed');
    const status = await t.send('GET', `/jobs/${submitted.body.id}/status`, { token: agent.token });
    expect(status.body).toMatchObject({ state: 'completed', attempts: 1, result_url: `/jobs/${submitted.body.id}/result` });
    expect(status.body.result.file.content_type).toBe('application/pdf');

    const res = await t.app.request(`/jobs/${submitted.body.id}/result`, { headers: { Authorization: `Bearer ${agent.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('Property memo: 12 Memo Lane');

    const events = await eventsAfter(t.database.db, admin.teamId, 0, 100);
    const completed = events.find((e) => e.type === 'job.completed' && (e.data as { id: string }).id === submitted.body.id);
    expect(completed).toBeDefined();
  });

  it('queues a memo through the property shortcut, and 404s another team’s property there', async () => {
    const res = await t.send('POST', `/properties/${propertyId}/memo`, { token: agent.token });
    expect(res.status).toBe(202);
    expect(res.body.payload).toEqual({ property_id: propertyId });
    expect((await t.send('POST', `/properties/${propertyId}/memo`, { token: outsider.token })).status).toBe(404);
  });

  it('records enrichment facts derived from the property', async () => {
    const submitted = await t.send('POST', '/jobs', { token: agent.token, body: { type: 'property.enrichment', payload: { property_id: propertyId } } });
    await waitForJob(t.database, submitted.body.id, (r) => r.state === 'completed');
    const result = await t.send('GET', `/jobs/${submitted.body.id}/result`, { token: agent.token });
    expect(result.status).toBe(200);
    expect(result.body.facts).toMatchObject({ price_per_sqft: 400, price_band: 'upper', sqft_per_bedroom: 533, total_rooms: 5.5, missing_fields: ['propertyType', 'ownerName'] });
  });

  it('validates the type and payload (422 with pointers) and the property’s team', async () => {
    const unknown = await t.send('POST', '/jobs', { token: agent.token, body: { type: 'nope', payload: {} } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].pointer).toBe('/type');
    const bad = await t.send('POST', '/jobs', { token: agent.token, body: { type: 'property.memo', payload: { property: 'x' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/payload/property_id', '/payload/property']));
    const foreign = await t.send('POST', '/jobs', { token: outsider.token, body: { type: 'property.memo', payload: { property_id: propertyId } } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].pointer).toBe('/payload/property_id');
  });

  it('keeps jobs to their team (404) and answers 409 for a result that does not exist yet', async () => {
    // Due in an hour, so the test's worker cannot pick it up before it is cancelled.
    const row = await enqueueJob(t.database.db, { teamId: admin.teamId, type: 'property.enrichment', payload: { property_id: 'gone' }, maxAttempts: 1, runAt: new Date(Date.now() + 3_600_000) });
    expect((await t.send('POST', `/jobs/${row.id}/cancel`, { token: agent.token })).status).toBe(200);
    expect((await t.send('GET', `/jobs/${row.id}/status`, { token: outsider.token })).status).toBe(404);
    expect((await t.send('POST', `/jobs/${row.id}/cancel`, { token: outsider.token })).status).toBe(404);
    expect((await t.send('GET', `/jobs/${row.id}/result`, { token: agent.token })).status).toBe(409);
    expect((await t.send('POST', `/jobs/${row.id}/cancel`, { token: agent.token })).status).toBe(409);
    expect((await t.send('GET', '/jobs/nonexistent-id/status', { token: agent.token })).status).toBe(404);
  });

  it('lists active jobs of the caller’s team only', async () => {
    const row = await enqueueJob(t.database.db, { teamId: admin.teamId, type: 'test.never-registered', payload: {}, maxAttempts: 1, runAt: new Date(Date.now() + 3_600_000) });
    const mine = await t.send('GET', '/jobs/active', { token: agent.token });
    expect(mine.body.items.map((j: { id: string }) => j.id)).toContain(row.id);
    const theirs = await t.send('GET', '/jobs/active', { token: outsider.token });
    expect(theirs.body.items).toEqual([]);
    await t.send('POST', `/jobs/${row.id}/cancel`, { token: agent.token });
  });

  it('shows the dead-letter list to admins only and replays from it', async () => {
    const dead = await t.send('POST', '/jobs', { token: agent.token, body: { type: 'property.memo', payload: { property_id: propertyId } } });
    await waitForJob(t.database, dead.body.id, (r) => r.state === 'completed');
    // A job of a type no worker knows dies at once (a permanent failure).
    const orphan = await enqueueJob(t.database.db, { teamId: admin.teamId, type: 'test.never-registered', payload: {}, maxAttempts: 3 });
    await waitForJob(t.database, orphan.id, (r) => r.state === 'dead');
    expect((await t.send('GET', '/jobs/dead-letter', { token: agent.token })).status).toBe(403);
    const list = await t.send('GET', '/jobs/dead-letter', { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items.find((j: { id: string }) => j.id === orphan.id)).toMatchObject({ state: 'dead', last_error: expect.stringMatching(/No handler/) });
    expect((await t.send('GET', '/jobs/dead-letter', { token: outsider.token })).body.items).toEqual([]);
    expect((await t.send('POST', `/jobs/dead-letter/${orphan.id}/replay`, { token: agent.token })).status).toBe(403);
    expect((await t.send('POST', `/jobs/dead-letter/${dead.body.id}/replay`, { token: admin.token })).status).toBe(409);
    const replay = await t.send('POST', `/jobs/dead-letter/${orphan.id}/replay`, { token: admin.token });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ state: 'queued', attempts: 0 });
    await waitForJob(t.database, orphan.id, (r) => r.state === 'dead');
    const events = await eventsAfter(t.database.db, admin.teamId, 0, 1000);
    expect(events.some((e) => e.type === 'job.failed' && (e.data as { id: string }).id === orphan.id)).toBe(true);
  });

  it('documents every jobs route in the OpenAPI document', async () => {
    const doc = await t.send('GET', '/docs/openapi.json');
    for (const path of ['/jobs', '/jobs/{id}/status', '/jobs/{id}/cancel', '/jobs/active', '/jobs/{id}/result', '/jobs/dead-letter', '/jobs/dead-letter/{id}/replay', '/properties/{id}/memo', '/properties/{id}/images', '/properties/{id}/images/{imageId}']) {
      expect(doc.body.paths[path], path).toBeDefined();
    }
  });
});
