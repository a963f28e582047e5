import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { PROPERTY_STAGES } from './schema.js';

describe('POST /properties/{id}/stage', () => {
  let t: TestApp;
  let agent: TestUser;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
    id = (await t.send('POST', '/properties', { token: agent.token, body: { address: '7 Pine St', city: 'Fresno', state: 'CA', zip: '93650' } })).body.id;
  });
  afterAll(() => t.close());

  const move = (body: unknown, headers?: Record<string, string>) => t.send('POST', `/properties/${id}/stage`, { token: agent.token, body, headers });

  it('moves the property, bumps its version and records from, to and the note', async () => {
    const res = await move({ stage: 'outreach', note: ' Mailed a letter ' });
    expect(res.status).toBe(200);
    expect(res.body.stage).toBe('outreach');
    expect(res.headers.get('etag')).toBe('"v2"');
    const events = (await t.send('GET', `/properties/${id}/timeline`, { token: agent.token })).body.items;
    expect(events[0]).toMatchObject({ kind: 'stage_changed', actor_id: agent.id, data: { from: 'new', to: 'outreach', note: 'Mailed a letter' } });
  });

  it('records a null note when none is given', async () => {
    expect((await move({ stage: 'contacted' })).status).toBe(200);
    const events = (await t.send('GET', `/properties/${id}/timeline`, { token: agent.token })).body.items;
    expect(events[0].data).toEqual({ from: 'outreach', to: 'contacted', note: null });
  });

  it('answers 409 when the property is already in that stage, recording nothing', async () => {
    const before = (await t.send('GET', `/properties/${id}/timeline`, { token: agent.token })).body.total;
    const res = await move({ stage: 'contacted' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 409, detail: expect.stringContaining('already in stage contacted') });
    expect((await t.send('GET', `/properties/${id}/timeline`, { token: agent.token })).body.total).toBe(before);
  });

  it('accepts every stage of the pipeline', async () => {
    for (const stage of PROPERTY_STAGES.filter((s) => s !== 'contacted')) {
      const res = await move({ stage });
      expect(res.status, stage).toBe(200);
      expect(res.body.stage).toBe(stage);
    }
  });

  it.each([
    [{}, '/stage'],
    [{ stage: 'sold' }, '/stage'],
    [{ stage: 'new', note: 'x'.repeat(1001) }, '/note'],
  ])('answers %j with 422', async (body, pointer) => {
    const res = await move(body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('refuses an unknown field with 422 naming it', async () => {
    const res = await move({ stage: 'new', reason: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: expect.any(String), detail: expect.stringContaining('reason') })]);
  });

  it('answers 412 for a stale If-Match and leaves the stage alone', async () => {
    const current = await t.send('GET', `/properties/${id}`, { token: agent.token });
    const res = await move({ stage: current.body.stage === 'new' ? 'lost' : 'new' }, { 'If-Match': '"v1"' });
    expect(res.status).toBe(412);
    expect((await t.send('GET', `/properties/${id}`, { token: agent.token })).body.stage).toBe(current.body.stage);
  });
});
