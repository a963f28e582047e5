import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';

interface Item {
  id: string;
  address: string;
  price: number | null;
  created_at: string;
  updated_at: string;
}

const FIXTURES = [
  { address: '1 Alder St', city: 'Austin', state: 'TX', zip: '73301', price: 300000, bedrooms: 2, owner_name: 'Olive Park' },
  { address: '2 Birch Ave', city: 'austin', state: 'TX', zip: '73302', price: 450000, bedrooms: 3, stage: 'qualified' },
  { address: '3 Cedar Rd', city: 'Denver', state: 'CO', zip: '80014', price: 900000, bedrooms: 5, owner_name: 'Max 100% Holdings' },
  { address: '4 Dogwood Ln', city: 'Denver', state: 'CO', zip: '80014', bedrooms: 1 },
  { address: '5 Elm_Ct', city: 'Boise', state: 'ID', zip: '83701', price: 120000, bedrooms: 4, stage: 'qualified' },
];

describe('GET /properties', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    user = await t.user({ role: 'viewer' });
    const writer = await t.user({ role: 'agent', teamId: user.teamId });
    for (const body of FIXTURES) expect((await t.send('POST', '/properties', { token: writer.token, body })).status).toBe(201);
    // Another team's rows must never show up in this team's lists.
    const stranger = await t.user();
    await t.send('POST', '/properties', { token: stranger.token, body: { address: '1 Alder St', city: 'Austin', state: 'TX', zip: '73301' } });
  });
  afterAll(() => t.close());

  const list = (query = '') => t.send('GET', `/properties${query}`, { token: user.token });
  const addresses = (body: { items: Item[] }) => body.items.map((p) => p.address);

  it('answers the runbook’s list curl with the page envelope, newest first', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, limit: 20, offset: 0, next_cursor: null });
    expect(res.body.items).toHaveLength(5);
    const created = res.body.items.map((p: Item) => Date.parse(p.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it.each([
    ['?city=AUSTIN', ['1 Alder St', '2 Birch Ave']],
    ['?state=co', ['3 Cedar Rd', '4 Dogwood Ln']],
    ['?zip=80014', ['3 Cedar Rd', '4 Dogwood Ln']],
    ['?stage=qualified', ['2 Birch Ave', '5 Elm_Ct']],
    ['?min_price=400000', ['2 Birch Ave', '3 Cedar Rd']],
    ['?max_price=300000', ['1 Alder St', '5 Elm_Ct']],
    ['?min_price=300000&max_price=450000', ['1 Alder St', '2 Birch Ave']],
    ['?min_bedrooms=4', ['3 Cedar Rd', '5 Elm_Ct']],
    ['?q=olive', ['1 Alder St']],
    ['?q=DENV', ['3 Cedar Rd', '4 Dogwood Ln']],
    ['?q=birch', ['2 Birch Ave']],
    ['?q=100%25', ['3 Cedar Rd']],
    ['?q=_', ['5 Elm_Ct']],
    ['?q=%25', ['3 Cedar Rd']],
    ['?state=TX&min_bedrooms=3', ['2 Birch Ave']],
  ])('filters %s', async (query, expected) => {
    const res = await list(query);
    expect(res.status).toBe(200);
    expect(addresses(res.body).sort()).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it('sorts by price both ways, rows without a price last', async () => {
    expect(addresses((await list('?sort=price')).body)).toEqual(['5 Elm_Ct', '1 Alder St', '2 Birch Ave', '3 Cedar Rd', '4 Dogwood Ln']);
    expect(addresses((await list('?sort=-price')).body)).toEqual(['3 Cedar Rd', '2 Birch Ave', '1 Alder St', '5 Elm_Ct', '4 Dogwood Ln']);
  });

  it('sorts by address and by creation time', async () => {
    expect(addresses((await list('?sort=address')).body)).toEqual(FIXTURES.map((f) => f.address));
    const newest = (await list()).body.items.map((p: Item) => p.id);
    const oldest = (await list('?sort=created_at')).body.items.map((p: Item) => p.id);
    expect(oldest).toEqual([...newest].reverse());
  });

  it('sorts by updated_at: the last edited comes first with -updated_at', async () => {
    const writer = await t.user({ role: 'agent', teamId: user.teamId });
    const target = (await list('?q=Cedar')).body.items[0];
    expect((await t.send('PATCH', `/properties/${target.id}`, { token: writer.token, body: { bedrooms: 6 } })).status).toBe(200);
    expect(addresses((await list('?sort=-updated_at')).body)[0]).toBe('3 Cedar Rd');
    expect(addresses((await list('?sort=updated_at')).body).at(-1)).toBe('3 Cedar Rd');
  });

  it('pages with limit and offset, with the total of all matches', async () => {
    const all = addresses((await list('?sort=address')).body);
    const second = await list('?sort=address&limit=2&offset=2');
    expect(second.body).toMatchObject({ total: 5, limit: 2, offset: 2, next_cursor: null });
    expect(addresses(second.body)).toEqual(all.slice(2, 4));
  });

  it('walks every row exactly once by cursor', async () => {
    const seen: string[] = [];
    let res = await list('?limit=2');
    for (let pages = 1; ; pages++) {
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((p: Item) => p.id));
      if (!res.body.next_cursor) break;
      expect(pages).toBeLessThan(5);
      res = await list(`?limit=2&cursor=${res.body.next_cursor}`);
    }
    const all = (await list()).body.items.map((p: Item) => p.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(5);
  });

  it('sets next_cursor on an offset page of the default sort when rows remain', async () => {
    const res = await list('?limit=2&offset=1');
    expect(res.body.next_cursor).toEqual(expect.any(String));
    const next = await list(`?limit=2&cursor=${res.body.next_cursor}`);
    const all = (await list()).body.items.map((p: Item) => p.id);
    expect(next.body.items.map((p: Item) => p.id)).toEqual(all.slice(3, 5));
  });

  it.each([
    ['?limit=101', 'limit'],
    ['?limit=0', 'limit'],
    ['?offset=-1', 'offset'],
    ['?sort=bedrooms', 'sort'],
    ['?stage=sold', 'stage'],
    ['?min_price=abc', 'min_price'],
    ['?min_price=10&max_price=5', 'max_price'],
    ['?cursor=not-a-cursor', 'cursor'],
    ['?sort=price&cursor=' + Buffer.from(JSON.stringify([new Date().toISOString(), 'x'])).toString('base64url'), 'cursor'],
  ])('answers %s with 422 naming the parameter', async (query, parameter) => {
    const res = await list(query);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ parameter })]));
  });
});
