import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';

const SEED_MINIMAL = { address: '123 Demo St', city: 'Demo City', state: 'CA', zip: '90000' };
const SEED_DEMO = { address: '123 Enterprise Blvd', city: 'San Francisco', state: 'CA', zip: '94102', price: 1500000, bedrooms: 3, bathrooms: 2 };

describe('POST /properties', () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  const create = (body: unknown) => t.send('POST', '/properties', { token: agent.token, body });

  it('creates the runbook’s minimal property with defaults, a Location and an ETag', async () => {
    const res = await create(SEED_MINIMAL);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ...SEED_MINIMAL,
      price: null,
      bedrooms: null,
      bathrooms: null,
      sqft: null,
      property_type: null,
      owner_name: null,
      description: null,
      stage: 'new',
      created_by: agent.id,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(res.headers.get('location')).toBe(`/properties/${res.body.id}`);
    expect(res.headers.get('etag')).toBe('"v1"');
    expect(res.body.created_at).toBe(res.body.updated_at);
  });

  it('creates the demo property with price, bedrooms and bathrooms, and GET returns it', async () => {
    const res = await create(SEED_DEMO);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(SEED_DEMO);
    const detail = await t.send('GET', `/properties/${res.body.id}`, { token: agent.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual(res.body);
  });

  it('trims text, upper-cases the state, keeps half bathrooms and cents, and takes an initial stage', async () => {
    const res = await create({
      address: '  9 Harbor Way ',
      city: ' Oakland ',
      state: 'ca',
      zip: '94607-1234',
      price: 650000.5,
      bathrooms: 2.5,
      sqft: 1400,
      property_type: 'condo',
      owner_name: '  Ann Owner ',
      description: '',
      stage: 'qualified',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      address: '9 Harbor Way',
      city: 'Oakland',
      state: 'CA',
      zip: '94607-1234',
      price: 650000.5,
      bathrooms: 2.5,
      sqft: 1400,
      property_type: 'condo',
      owner_name: 'Ann Owner',
      description: null,
      stage: 'qualified',
    });
  });

  it('answers 422 with a pointer per faulty field', async () => {
    const res = await create({ address: '   ', city: 'X', state: 'ZZ', zip: '123', bathrooms: 2.3, price: -1, property_type: 'castle', stage: 'sold' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/address', '/state', '/zip', '/bathrooms', '/price', '/property_type', '/stage']));
    expect(pointers).not.toContain('/city');
  });

  it('answers 422 naming each missing required field', async () => {
    const res = await create({});
    expect(res.status).toBe(422);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/address', '/city', '/state', '/zip']));
  });

  it('refuses an unknown field with 422 and a pointer, creating nothing', async () => {
    const before = await t.send('GET', '/properties', { token: agent.token });
    const res = await create({ ...SEED_MINIMAL, team_id: 'someone-else' });
    expect(res.status).toBe(422);
    const error = res.body.errors.find((e: { detail: string }) => e.detail.includes('team_id'));
    expect(error).toBeDefined();
    expect(typeof error.pointer).toBe('string');
    const after = await t.send('GET', '/properties', { token: agent.token });
    expect(after.body.total).toBe(before.body.total);
  });

  it('refuses text the database cannot store (NUL) with 422 rather than failing', async () => {
    const res = await create({ ...SEED_MINIMAL, address: 'A\u0000B' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].pointer).toBe('/address');
  });

  it('refuses over-long text', async () => {
    const res = await create({ ...SEED_MINIMAL, address: 'x'.repeat(201) });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/address', detail: 'must be at most 200 characters' });
  });
});
