/**
 * Server-sent events over a real socket (a stack on an ephemeral port), read with undici's
 * fetch and eventsource-parser as a browser's EventSource would: token rules, headers, the
 * retry line, heartbeats, delivery, Last-Event-ID resume, team isolation, and cleanup when the
 * client leaves or the stack closes.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStreamToken } from '../../stack/sse/index.js';
import { openStream, startSocketStack, streamToken, type OpenedStream, type SocketStack, type SocketUser } from './sse-helpers.js';

const ids = (s: OpenedStream) => s.events.map((e) => Number(e.id));

describe('SSE', { timeout: 30_000 }, () => {
  let s: SocketStack;
  let admin: SocketUser;
  const emit = async (user: SocketUser, data: Record<string, unknown> = {}, type?: string) => {
    const res = await s.send('POST', '/sse/test/emit', { token: user.token, body: { data, ...(type ? { type } : {}) } });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: number; type: string };
  };
  const open = async (user: SocketUser, query = '', headers: Record<string, string> = {}) =>
    openStream(s.url, `/sse/stream?token=${await streamToken(s, user)}${query}`, headers);
  const stats = async () =>
    (await s.send('GET', '/sse/stats', { token: admin.token })).body as { connections: number; events_published: number; events_delivered: number; subscribers: number };

  beforeAll(async () => {
    s = await startSocketStack({ env: { SSE_HEARTBEAT_MS: '100' } });
    admin = await s.user();
  }, 60_000);
  afterAll(() => s?.close());

  describe('GET /sse/token', () => {
    it('issues a 60 s stream token and the URL to open', async () => {
      const res = await s.send('GET', '/sse/token', { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ token_type: 'sse', expires_in: 60 });
      expect(res.body.stream_url).toBe(`${s.url}/sse/stream?token=${res.body.token}`);
      const claims = JSON.parse(Buffer.from(res.body.token.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ typ: 'sse', aud: 'reos-sse', team: admin.teamId, sub: admin.id });
      expect(claims.exp - claims.iat).toBe(60);
    });

    it('needs an access token', async () => {
      expect((await s.send('GET', '/sse/token')).status).toBe(401);
    });

    it('is useless as an API token: 401 on /auth/me, /properties and /sse/token itself', async () => {
      const token = await streamToken(s, admin);
      for (const path of ['/auth/me', '/properties', '/sse/token', '/sse/stats']) {
        const res = await s.send('GET', path, { token });
        expect(res.status, path).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
    });
  });

  describe('GET /sse/stream', () => {
    it.each([
      ['missing', () => ''],
      ['forged', () => new SignJWT({ team: admin.teamId, typ: 'sse' }).setProtectedHeader({ alg: 'HS256' }).setSubject(admin.id).setIssuer('reos').setAudience('reos-sse').setIssuedAt().setExpirationTime('1m').sign(new TextEncoder().encode('x'.repeat(64)))],
      ['expired', () => signStreamToken(s.config.jwt, { userId: admin.id, teamId: admin.teamId }, -5)],
      ['an access token', () => admin.token],
    ])('refuses a %s token with 401 problem', async (_what, make) => {
      const token = await make();
      const res = await s.send('GET', `/sse/stream${token ? `?token=${token}` : ''}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.status).toBe(401);
    });

    it('answers text/event-stream with no-cache, X-Accel-Buffering: no, a retry line first, then heartbeats', async () => {
      const stream = await open(admin);
      try {
        expect(stream.status).toBe(200);
        expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
        expect(stream.headers.get('cache-control')).toBe('no-cache');
        expect(stream.headers.get('x-accel-buffering')).toBe('no');
        await stream.until((x) => x.comments.length >= 2, 'two heartbeats');
        expect(stream.raw.startsWith('retry: 3000\n\n')).toBe(true);
        expect(stream.retry).toBe(3000);
        expect(stream.comments.slice(0, 2)).toEqual(['ping', 'ping']);
      } finally {
        stream.close();
      }
    });

    it('delivers an emitted event with id, event type and JSON data', async () => {
      const stream = await open(admin);
      try {
        const sent = await emit(admin, { hello: 'world', n: 1 }, 'property.created');
        await stream.until((x) => x.events.length >= 1, 'the event');
        expect(stream.events[0]).toMatchObject({ id: String(sent.id), event: 'property.created' });
        expect(JSON.parse(stream.events[0].data)).toEqual({ hello: 'world', n: 1 });
      } finally {
        stream.close();
      }
    });

    it('delivers concurrent emits once each, in increasing id order', async () => {
      const stream = await open(admin);
      try {
        const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => emit(admin, { i })));
        await stream.until((x) => x.events.length >= 20, '20 events');
        expect(ids(stream)).toEqual(sent.map((e) => e.id).sort((a, b) => a - b));
      } finally {
        stream.close();
      }
    });

    it('resumes after Last-Event-ID with no gap and no duplicate across a disconnect', async () => {
      const first = await open(admin);
      const seen = await emit(admin, { n: 1 });
      await first.until((x) => x.events.length === 1, 'the first event');
      first.close();
      const missed = [await emit(admin, { n: 2 }), await emit(admin, { n: 3 })];
      const resumed = await open(admin, '', { 'Last-Event-ID': String(seen.id) });
      try {
        const live = await emit(admin, { n: 4 });
        await resumed.until((x) => ids(x).includes(live.id), 'the live event');
        expect(ids(resumed)).toEqual([...missed.map((e) => e.id), live.id]);
        expect(resumed.events.map((e) => JSON.parse(e.data).n)).toEqual([2, 3, 4]);
      } finally {
        resumed.close();
      }
    });

    it('resumes from ?last_event_id= too, and the header wins over it', async () => {
      const a = await emit(admin, { n: 'a' });
      const b = await emit(admin, { n: 'b' });
      const byQuery = await open(admin, `&last_event_id=${a.id}`);
      const both = await open(admin, `&last_event_id=0`, { 'Last-Event-ID': String(a.id) });
      try {
        await byQuery.until((x) => x.events.length >= 1, 'the replay');
        await both.until((x) => x.events.length >= 1, 'the replay');
        expect(ids(byQuery)[0]).toBe(b.id);
        expect(ids(both)[0]).toBe(b.id);
      } finally {
        byQuery.close();
        both.close();
      }
    });

    it('treats a Last-Event-ID from another database (above every stored id) as a fresh stream', async () => {
      const stream = await open(admin, '', { 'Last-Event-ID': '999999999999' });
      try {
        const sent = await emit(admin, { fresh: true });
        await stream.until((x) => x.events.length >= 1, 'the event');
        expect(ids(stream)).toEqual([sent.id]);
      } finally {
        stream.close();
      }
    });

    it('refuses a malformed Last-Event-ID with 422', async () => {
      const res = await s.send('GET', `/sse/stream?token=${await streamToken(s, admin)}`, { headers: { 'Last-Event-ID': 'abc' } });
      expect(res.status).toBe(422);
    });

    it('never shows a team another team’s events, not even on replay', async () => {
      const other = await s.user();
      const mine = await open(admin, '&last_event_id=0');
      const theirs = await open(other, '&last_event_id=0');
      try {
        const forOther = await emit(other, { secret: true });
        const forMe = await emit(admin, { mine: true });
        await theirs.until((x) => x.events.length >= 1, 'their event');
        await mine.until((x) => ids(x).includes(forMe.id), 'my event');
        expect(ids(theirs)).toEqual([forOther.id]);
        expect(ids(mine)).not.toContain(forOther.id);
      } finally {
        mine.close();
        theirs.close();
      }
    });

    it('outlives its token: the token is only checked at connect', async () => {
      // exp is in whole seconds: 2 s leaves at least one for the connect.
      const token = await signStreamToken(s.config.jwt, { userId: admin.id, teamId: admin.teamId }, 2);
      const stream = await openStream(s.url, `/sse/stream?token=${token}`);
      try {
        expect(stream.status).toBe(200);
        const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp as number;
        await stream.until(() => Date.now() / 1000 > exp + 1 && stream.comments.length > 0, 'the token to expire');
        const sent = await emit(admin, { late: true });
        await stream.until((x) => ids(x).includes(sent.id), 'the event after expiry');
      } finally {
        stream.close();
      }
    });

    it('frees the connection when the client leaves: stats.connections drops back', async () => {
      await expect.poll(async () => (await stats()).connections, { timeout: 10_000 }).toBe(0);
      const streams = await Promise.all([open(admin), open(admin), open(admin)]);
      expect((await stats()).connections).toBe(3);
      expect((await stats()).subscribers).toBe(3);
      streams.forEach((x) => x.close());
      await expect.poll(async () => (await stats()).connections, { timeout: 10_000 }).toBe(0);
      // No leaked bus subscriber either.
      expect((await stats()).subscribers).toBe(0);
    });
  });

  describe('GET /sse/stats and POST /sse/test/emit', () => {
    it('counts published and delivered events', async () => {
      const before = await stats();
      const stream = await open(admin);
      try {
        await emit(admin);
        await stream.until((x) => x.events.length >= 1, 'the event');
        const after = await stats();
        expect(after.events_published - before.events_published).toBe(1);
        expect(after.events_delivered - before.events_delivered).toBe(1);
        expect(after.connections).toBe(1);
      } finally {
        stream.close();
      }
    });

    it('lets only admins emit', async () => {
      const agent = await s.user({ role: 'agent', teamId: admin.teamId });
      const res = await s.send('POST', '/sse/test/emit', { token: agent.token, body: {} });
      expect(res.status).toBe(403);
    });

    it('validates the emitted type', async () => {
      const res = await s.send('POST', '/sse/test/emit', { token: admin.token, body: { type: 'Bad Type\nid: 1' } });
      expect(res.status).toBe(422);
    });
  });
});

describe('SSE on stack close', { timeout: 30_000 }, () => {
  it('ends open streams so close() completes', async () => {
    const s = await startSocketStack();
    const user = await s.user();
    const streams = await Promise.all([1, 2, 3].map(async () => openStream(s.url, `/sse/stream?token=${await streamToken(s, user)}`)));
    await Promise.all(streams.map((x) => x.until((y) => y.retry === 3000, 'the retry line')));
    await s.close();
    await Promise.all(streams.map((x) => x.ended));
    expect(streams.every((x) => x.raw.startsWith('retry: 3000'))).toBe(true);
  }, 60_000);
});
