/**
 * The catcher's HTTP side: MailHog's API (`/api/v2/messages`, `/api/v2/search`,
 * `/api/v1/messages[/{id}[/download]]`) over the shared store, plus the inbox page at `/`.
 * JSON is written with `<`, `>` and `&` escaped as \u00XX: still the same JSON to every parser,
 * but mail content can never appear as a live HTML tag in any response.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { renderInboxPage } from './inbox-page.js';
import { toMailHogMessage, toMailHogPage } from './mailhog-shape.js';
import type { MessageStore, SearchKind } from './message-store.js';

const DEFAULT_LIMIT = 50;
const SEARCH_KINDS: readonly SearchKind[] = ['from', 'to', 'containing'];

/**
 * @example
 * serve({ fetch: createMailApi({ store, logger }).fetch, port: 8025 });
 */
export function createMailApi(options: { store: MessageStore; logger: Logger }): Hono {
  const { store, logger } = options;
  const app = new Hono();

  app.use(async function noSniff(c, next) {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
  });

  app.get('/', (c) => {
    const nonce = randomBytes(16).toString('base64');
    c.header('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'`);
    c.header('Cache-Control', 'no-store');
    return c.html(renderInboxPage(store.list(), { nonce }));
  });

  app.get('/api/v2/messages', (c) => {
    const page = readPage(c);
    return page ? json(c, toMailHogPage(store.list(), page)) : badRequest(c, 'start and limit must be whole numbers');
  });

  app.get('/api/v2/search', (c) => {
    const kind = c.req.query('kind') as SearchKind;
    const query = c.req.query('query') ?? '';
    const page = readPage(c);
    if (!SEARCH_KINDS.includes(kind)) return badRequest(c, 'kind must be one of from, to, containing');
    if (!page) return badRequest(c, 'start and limit must be whole numbers');
    return json(c, toMailHogPage(store.search(kind, query), page));
  });

  // MailHog v1 lists every message as a bare array, newest first.
  app.get('/api/v1/messages', (c) => json(c, store.list().map(toMailHogMessage)));

  app.get('/api/v1/messages/:id', (c) => {
    const message = store.get(c.req.param('id'));
    return message ? json(c, toMailHogMessage(message)) : notFound(c);
  });

  // The message as it arrived, for mail clients and `diff` (MailHog's download link).
  app.get('/api/v1/messages/:id/download', (c) => {
    const message = store.get(c.req.param('id'));
    if (!message) return notFound(c);
    return c.body(message.raw, 200, { 'Content-Type': 'message/rfc822', 'Content-Disposition': `attachment; filename="${message.id}.eml"` });
  });

  app.delete('/api/v1/messages', (c) => {
    store.clear();
    return c.body(null, 200);
  });

  app.delete('/api/v1/messages/:id', (c) => (store.remove(c.req.param('id')) ? c.body(null, 200) : notFound(c)));

  app.notFound(notFound);
  app.onError((error, c) => {
    logger.error({ err: error, path: c.req.path }, 'mail api failed');
    return json(c, { error: 'internal error' }, 500);
  });
  return app;
}

function readPage(c: Context): { start: number; limit: number } | undefined {
  const start = Number(c.req.query('start') ?? 0);
  const limit = Number(c.req.query('limit') ?? DEFAULT_LIMIT);
  if (!Number.isInteger(start) || !Number.isInteger(limit) || start < 0 || limit < 0) return undefined;
  return { start, limit };
}

/** JSON with HTML-significant characters escaped (see the module comment). */
function json(c: Context, value: unknown, status: 200 | 400 | 404 | 500 = 200): Response {
  const body = JSON.stringify(value).replace(/[<>&]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return c.body(body, status, { 'Content-Type': 'application/json; charset=utf-8' });
}

function badRequest(c: Context, error: string): Response {
  return json(c, { error }, 400);
}

function notFound(c: Context): Response {
  return json(c, { error: 'not found', path: c.req.path }, 404);
}
