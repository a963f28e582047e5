/**
 * The conditional-request contract (RFC 9110 sections 8.8.3 and 13.1; API-CONTRACT.md) as one
 * suite every versioned resource runs: a strong ETag on GET and on writes, 304 for a matching
 * If-None-Match, 412 for a stale If-Match with nothing changed, exactly one winner of two
 * concurrent PATCHes with the same ETag, `If-Match: *`, and 401/403/404 before 412. A domain
 * calls it with its collection and two PATCH bodies that give different representations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from './app.js';
import { expectProblem } from './fixtures.js';

export interface ConditionalResource {
  /** Collection path, e.g. `/leads`; the object lives at `<collection>/<id>`. */
  collection: string;
  /** A valid POST body for the collection. */
  create: Record<string, unknown>;
  /** Two valid PATCH bodies whose results differ from each other and from `create`. */
  patches: [Record<string, unknown>, Record<string, unknown>];
}

/** The ETag that no version has yet, whatever the resource. */
const NEVER = '"v999"';

export function describeConditionalRequests(resource: ConditionalResource): void {
  describe(`conditional requests on ${resource.collection}/{id}`, () => {
    let t: TestApp;
    let agent: TestUser;
    const [firstPatch, secondPatch] = resource.patches;
    const url = (id: string) => `${resource.collection}/${id}`;
    const get = (id: string, headers: Record<string, string> = {}) => t.send('GET', url(id), { token: agent.token, headers });
    const patch = (id: string, body: unknown, ifMatch?: string, token = agent.token) =>
      t.send('PATCH', url(id), { token, body, headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch } });
    /** A new object and the ETag it was created with. */
    const create = async () => {
      const res = await t.send('POST', resource.collection, { token: agent.token, body: resource.create });
      expect(res.status, res.text).toBe(201);
      return { id: res.body.id as string, etag: res.headers.get('etag')!, body: res.body };
    };

    beforeAll(async () => {
      t = await createTestApp();
      agent = await t.user({ role: 'agent' });
    });
    afterAll(() => t.close());

    it('answers GET with a strong, quoted ETag, the one the create answered with', async () => {
      const created = await create();
      expect(created.etag).toMatch(/^"[^"]+"$/);
      const res = await get(created.id);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe(created.etag);
    });

    it('answers 304 without a body for a matching If-None-Match (strong, weak or *), 200 once changed', async () => {
      const { id, etag } = await create();
      for (const tag of [etag, `W/${etag}`, `${NEVER}, ${etag}`, '*']) {
        const same = await get(id, { 'If-None-Match': tag });
        expect(same.status, tag).toBe(304);
        expect(same.text).toBe('');
        expect(same.headers.get('etag')).toBe(etag);
      }
      expect((await get(id, { 'If-None-Match': NEVER })).status).toBe(200);
      const changed = await patch(id, firstPatch);
      expect(changed.status).toBe(200);
      const after = await get(id, { 'If-None-Match': etag });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).toBe(changed.headers.get('etag'));
      expect(after.headers.get('etag')).not.toBe(etag);
    });

    it('applies a PATCH whose If-Match is current and answers with the new ETag', async () => {
      const { id, etag } = await create();
      const res = await patch(id, firstPatch, etag);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject(firstPatch);
      const next = res.headers.get('etag');
      expect(next).toMatch(/^"[^"]+"$/);
      expect(next).not.toBe(etag);
      expect((await get(id)).headers.get('etag')).toBe(next);
    });

    it('refuses a PATCH with a stale or weak If-Match with 412 and changes nothing', async () => {
      const { id, etag } = await create();
      const first = await patch(id, firstPatch, etag);
      const current = first.headers.get('etag')!;
      for (const tag of [etag, NEVER, `W/${current}`]) {
        const stale = await patch(id, secondPatch, tag);
        const problem = expectProblem(stale, 412);
        expect(problem.detail).toContain(current);
        expect(stale.headers.get('etag')).toBe(current);
      }
      const res = await get(id);
      expect(res.body).toEqual(first.body);
      expect(res.headers.get('etag')).toBe(current);
    });

    it('lets `If-Match: *` through when the object exists', async () => {
      const { id } = await create();
      const res = await patch(id, firstPatch, '*');
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject(firstPatch);
    });

    it('lets exactly one of two concurrent PATCHes carrying the same ETag through', async () => {
      const { id, etag } = await create();
      const results = await Promise.all([patch(id, firstPatch, etag), patch(id, secondPatch, etag)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!;
      const loser = results.find((r) => r.status === 412)!;
      expect(loser.headers.get('etag')).toBe(winner.headers.get('etag'));
      const res = await get(id);
      expect(res.body).toEqual(winner.body);
      expect(res.headers.get('etag')).toBe(winner.headers.get('etag'));
    });

    it('refuses a DELETE with a stale If-Match with 412 and keeps the object; the current one deletes it', async () => {
      const { id, etag } = await create();
      const current = (await patch(id, firstPatch)).headers.get('etag')!;
      expectProblem(await t.send('DELETE', url(id), { token: agent.token, headers: { 'If-Match': etag } }), 412);
      expect((await get(id)).status).toBe(200);
      expect((await t.send('DELETE', url(id), { token: agent.token, headers: { 'If-Match': current } })).status).toBe(204);
      expectProblem(await get(id), 404);
    });

    it('puts 401, 403 and 404 before 412', async () => {
      const { id } = await create();
      const stranger = await t.user({ role: 'agent' });
      const viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
      const stale = { 'If-Match': NEVER };
      expectProblem(await t.send('PATCH', url(id), { body: firstPatch, headers: stale }), 401);
      expectProblem(await patch(id, firstPatch, NEVER, viewer.token), 403);
      expectProblem(await patch(id, firstPatch, NEVER, stranger.token), 404);
      expectProblem(await t.send('DELETE', url(id), { token: stranger.token, headers: stale }), 404);
      expectProblem(await patch('no-such-id', firstPatch, NEVER), 404);
      // `*` names an existing object only: a missing one is still 404.
      expectProblem(await patch('no-such-id', firstPatch, '*'), 404);
      const res = await get(id);
      expect(res.body).toMatchObject(resource.create);
      expect((await get(id, { 'If-None-Match': '*' })).status).toBe(304);
      expectProblem(await t.send('GET', url(id), { token: stranger.token, headers: { 'If-None-Match': '*' } }), 404);
    });

    it('refuses an If-Match or If-None-Match over 1000 characters with 422 naming the header, and changes nothing', async () => {
      const { id } = await create();
      const long = `"${'v'.repeat(1000)}"`;
      const refused = [
        await get(id, { 'If-None-Match': long }),
        await patch(id, firstPatch, long),
        await t.send('DELETE', url(id), { token: agent.token, headers: { 'If-Match': long } }),
      ];
      for (const res of refused) {
        const problem = expectProblem(res, 422);
        expect(problem.errors).toHaveLength(1);
        expect(problem.errors[0].parameter).toMatch(/^if-(none-)?match$/);
      }
      const res = await get(id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject(resource.create);
    });

    it('documents If-Match, If-None-Match, ETag, 304 and 412 in the OpenAPI document', async () => {
      const doc = await t.send('GET', '/docs/openapi.json');
      expect(doc.status).toBe(200);
      const item = doc.body.paths[`${resource.collection}/{id}`];
      const headerNames = (op: { parameters?: { in: string; name: string }[] }) =>
        (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect(headerNames(item.get)).toContain('if-none-match');
      expect(item.get.responses['200'].headers).toHaveProperty('ETag');
      expect(item.get.responses['304'].headers).toHaveProperty('ETag');
      for (const method of ['patch', 'delete']) {
        expect(headerNames(item[method]), method).toContain('if-match');
        expect(item[method].responses, method).toHaveProperty('412');
      }
      expect(item.patch.responses['200'].headers).toHaveProperty('ETag');
    });
  });
}
