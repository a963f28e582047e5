/**
 * The catcher over real sockets: mail sent through createMailer arrives and reads back in
 * MailHog's shape, search/delete/bounds behave, content is escaped, ports and close() are sound.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger.js';
import { StackError } from '../lib/errors.js';
import { startMailCatcher, type RunningMailCatcher } from './catcher.js';
import { createMailer, MailDeliveryError } from './mailer.js';
import type { MailHogMessage, MailHogPage } from './mailhog-shape.js';

const logger = createLogger({ level: 'silent' });
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: { maxMessages?: number; maxMessageBytes?: number; smtpPort?: number; httpPort?: number } = {}): Promise<RunningMailCatcher> {
  const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, logger, ...options });
  cleanups.push(() => catcher.close());
  return catcher;
}

function mailerFor(catcher: RunningMailCatcher) {
  const mailer = createMailer({ host: '127.0.0.1', port: catcher.smtpPort, from: 'Real Estate OS <no-reply@reos.local>' });
  cleanups.push(() => mailer.close());
  return mailer;
}

async function getJson<T>(catcher: RunningMailCatcher, path: string): Promise<T> {
  const response = await fetch(`${catcher.httpUrl}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('startMailCatcher', () => {
  it('listens on real ports when asked for port 0', async () => {
    const catcher = await start();
    expect(catcher.smtpPort).toBeGreaterThan(0);
    expect(catcher.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(catcher.httpUrl.endsWith(':0')).toBe(false);
  });

  it('catches a message and serves it in MailHog shape', async () => {
    const catcher = await start();
    const sent = await mailerFor(catcher).send({ to: 'buyer@example.com', subject: 'New listing: 12 Elm St', text: 'Three bedrooms, two baths.' });
    expect(sent.accepted).toEqual(['buyer@example.com']);

    const page = await getJson<MailHogPage>(catcher, '/api/v2/messages?start=0&limit=50');
    expect(page).toMatchObject({ total: 1, count: 1, start: 0 });
    const [item] = page.items;
    expect(item.ID).toEqual(expect.any(String));
    expect(item.From).toEqual({ Relays: null, Mailbox: 'no-reply', Domain: 'reos.local', Params: '' });
    expect(item.To).toEqual([{ Relays: null, Mailbox: 'buyer', Domain: 'example.com', Params: '' }]);
    expect(item.Content.Headers.Subject[0]).toBe('New listing: 12 Elm St');
    expect(item.Content.Headers.To[0]).toBe('buyer@example.com');
    expect(item.Content.Body).toContain('Three bedrooms, two baths.');
    expect(new Date(item.Created).toISOString()).toBe(item.Created);
    expect(item.Raw.Data).toContain(`Message-ID: ${sent.messageId}`);
    expect(item.Raw).toMatchObject({ From: 'no-reply@reos.local', To: ['buyer@example.com'] });

    const one = await getJson<MailHogMessage>(catcher, `/api/v1/messages/${item.ID}`);
    expect(one.ID).toBe(item.ID);
    const download = await fetch(`${catcher.httpUrl}/api/v1/messages/${item.ID}/download`);
    expect(download.headers.get('content-type')).toBe('message/rfc822');
    expect(await download.text()).toBe(item.Raw.Data);
    expect(catcher.messages()).toHaveLength(1);
  });

  it('exposes the parts of a multipart message as MailHog does', async () => {
    const catcher = await start();
    await mailerFor(catcher).send({ to: 'a@example.com', subject: 'Reset', text: 'Reset at /reset?t=abc', html: '<p>Reset <a href="/reset?t=abc">here</a></p>' });
    const [item] = (await getJson<MailHogPage>(catcher, '/api/v2/messages')).items;
    expect(item.Content.MIME).toBeNull();
    const types = item.MIME?.Parts.map((part) => part.Headers['Content-Type'][0]);
    expect(types).toEqual([expect.stringContaining('text/plain'), expect.stringContaining('text/html')]);
    expect(item.MIME?.Parts[0].Body).toContain('Reset at /reset?t=abc');
    const found = await getJson<MailHogPage>(catcher, '/api/v2/search?kind=containing&query=RESET AT');
    expect(found.total).toBe(1);
  });

  it('searches by to, from and containing, case-insensitively', async () => {
    const catcher = await start();
    const mailer = mailerFor(catcher);
    await mailer.send({ to: 'alice@example.com', subject: 'Offer received', text: 'An offer on Maple Avenue.' });
    await mailer.send({ to: 'bob@example.com', subject: 'Viewing booked', text: 'Saturday at ten.' });

    const byTo = await getJson<MailHogPage>(catcher, '/api/v2/search?kind=to&query=ALICE@example.com');
    expect(byTo.items.map((item) => item.Raw.To[0])).toEqual(['alice@example.com']);
    const byFrom = await getJson<MailHogPage>(catcher, '/api/v2/search?kind=from&query=no-reply');
    expect(byFrom.total).toBe(2);
    const byBody = await getJson<MailHogPage>(catcher, '/api/v2/search?kind=containing&query=maple avenue');
    expect(byBody.items.map((item) => item.Content.Headers.Subject[0])).toEqual(['Offer received']);
    const bySubject = await getJson<MailHogPage>(catcher, '/api/v2/search?kind=containing&query=viewing');
    expect(bySubject.total).toBe(1);
    expect((await fetch(`${catcher.httpUrl}/api/v2/search?kind=bogus&query=x`)).status).toBe(400);
  });

  it('deletes one message and then all of them, and answers 404 JSON elsewhere', async () => {
    const catcher = await start();
    const mailer = mailerFor(catcher);
    for (const subject of ['one', 'two', 'three']) await mailer.send({ to: 'a@example.com', subject, text: subject });
    const [newest] = (await getJson<MailHogPage>(catcher, '/api/v2/messages')).items;
    expect(newest.Content.Headers.Subject[0]).toBe('three');

    expect((await fetch(`${catcher.httpUrl}/api/v1/messages/${newest.ID}`, { method: 'DELETE' })).status).toBe(200);
    expect((await getJson<MailHogPage>(catcher, '/api/v2/messages')).total).toBe(2);
    expect((await fetch(`${catcher.httpUrl}/api/v1/messages`, { method: 'DELETE' })).status).toBe(200);
    expect((await getJson<MailHogPage>(catcher, '/api/v2/messages')).total).toBe(0);

    for (const path of ['/api/v1/messages/missing-id', '/nope']) {
      const response = await fetch(`${catcher.httpUrl}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toMatchObject({ error: 'not found' });
    }
  });

  it('keeps at most maxMessages, dropping the oldest', async () => {
    const catcher = await start({ maxMessages: 3 });
    const mailer = mailerFor(catcher);
    for (let n = 1; n <= 5; n++) await mailer.send({ to: 'a@example.com', subject: `message ${n}`, text: `body ${n}` });
    const page = await getJson<MailHogPage>(catcher, '/api/v2/messages');
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.Content.Headers.Subject[0])).toEqual(['message 5', 'message 4', 'message 3']);
  });

  it('pages with start and limit', async () => {
    const catcher = await start();
    const mailer = mailerFor(catcher);
    for (let n = 1; n <= 3; n++) await mailer.send({ to: 'a@example.com', subject: `m${n}`, text: 'x' });
    const page = await getJson<MailHogPage>(catcher, '/api/v2/messages?start=1&limit=1');
    expect(page).toMatchObject({ total: 3, count: 1, start: 1 });
    expect(page.items[0].Content.Headers.Subject[0]).toBe('m2');
  });

  it('never echoes message content as live HTML', async () => {
    const catcher = await start();
    const payload = '<script>alert("pwned")</script>';
    await mailerFor(catcher).send({ to: 'a@example.com', subject: `Hi ${payload}`, text: `Body ${payload}` });

    const page = await fetch(`${catcher.httpUrl}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'nonce-");
    const html = await page.text();
    expect(html).not.toContain('<script>alert(');
    expect(html).toContain('Hi &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain('Body &lt;script&gt;');

    const api = await fetch(`${catcher.httpUrl}/api/v2/messages`);
    const text = await api.text();
    expect(text).not.toContain('<script>');
    expect(text).toContain('Body \\u003cscript\\u003e');
    // The escaping is JSON's own: a parser gets the original text back.
    const parsed = JSON.parse(text) as MailHogPage;
    expect(parsed.items[0].Content.Body).toContain(`Body ${payload}`);
  });

  it('refuses a message over the size limit with a 552', async () => {
    const catcher = await start({ maxMessageBytes: 2_000 });
    const error = await mailerFor(catcher)
      .send({ to: 'a@example.com', subject: 'big', text: 'x'.repeat(10_000) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ code: 'MAIL_REJECTED', responseCode: 552, retryable: false });
    expect(catcher.messages()).toHaveLength(0);
  });

  it('refuses an oversized DATA that declared no SIZE, with a message saying why', async () => {
    const catcher = await start({ maxMessageBytes: 2_000 });
    const socket = await openSocket(catcher.smtpPort);
    cleanups.push(() => void socket.destroy());
    const replies = replyReader(socket);
    expect(await replies.next()).toMatch(/^220 /);
    for (const [command, expected] of [['EHLO test', /^250[ -]/], ['MAIL FROM:<a@example.com>', /^250 /], ['RCPT TO:<b@example.com>', /^250 /], ['DATA', /^354 /]] as const) {
      socket.write(`${command}\r\n`);
      expect(await replies.next()).toMatch(expected);
    }
    socket.write(`Subject: big\r\n\r\n${'y'.repeat(5_000)}\r\n.\r\n`);
    expect(await replies.next()).toMatch(/^552 .*maximum size of 2000 bytes/);
    expect(catcher.messages()).toHaveLength(0);
  });

  it.each([
    ['smtpPort', 'MAIL_SMTP_PORT'],
    ['httpPort', 'MAIL_HTTP_PORT'],
  ] as const)('reports a taken %s as PORT_IN_USE naming %s', async (side, env) => {
    const blocker = await occupyPort();
    const error = await startMailCatcher({ smtpPort: 0, httpPort: 0, logger, [side]: blocker.port }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StackError);
    expect(error).toMatchObject({ code: 'PORT_IN_USE' });
    expect((error as StackError).hint).toContain(env);
  });

  it('releases the SMTP port when the HTTP side cannot listen', async () => {
    const smtpPort = await freePort();
    const blocker = await occupyPort();
    await expect(startMailCatcher({ smtpPort, httpPort: blocker.port, logger })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    const catcher = await start({ smtpPort });
    expect(catcher.smtpPort).toBe(smtpPort);
  });

  it('closes promptly with SMTP and HTTP connections still open', async () => {
    const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, logger });
    const httpPort = Number(new URL(catcher.httpUrl).port);
    const sockets = await Promise.all([openSocket(catcher.smtpPort), openSocket(httpPort)]);
    cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
    const began = performance.now();
    await catcher.close();
    expect(performance.now() - began).toBeLessThan(3_000);
    await catcher.close(); // a second close is harmless
  });
});

async function occupyPort(): Promise<{ port: number }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as { port: number }).port };
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Reads whole SMTP replies (the last line of a multi-line reply, `250 ...`) one at a time. */
function replyReader(socket: Socket): { next(): Promise<string> } {
  let buffered = '';
  const waiting: Array<(reply: string) => void> = [];
  const ready: string[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\r\n')) !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (/^\d{3}-/.test(line)) continue;
      const resolve = waiting.shift();
      if (resolve) resolve(line);
      else ready.push(line);
    }
  });
  return { next: () => (ready.length > 0 ? Promise.resolve(ready.shift()!) : new Promise((resolve) => waiting.push(resolve))) };
}
