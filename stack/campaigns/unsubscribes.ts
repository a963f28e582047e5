/**
 * The team's unsubscribe list over the API (GET / POST / DELETE /campaigns/unsubscribes) and the
 * public unsubscribe link (GET /unsubscribe?token=..., and POST for RFC 8058 one-click): no
 * login, the signed token says which team and address; the page confirms in plain words.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, count, eq } from 'drizzle-orm';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { bearerAuth, errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { PageQuery } from '../lib/pagination.js';
import { ProblemError } from '../lib/problem.js';
import { isStorableText } from '../lib/text.js';
import { validationHook } from '../lib/validation.js';
import { UnsubscribeCreate, Unsubscribe, UnsubscribeEmailParams, UnsubscribeList } from './schema.js';
import { addUnsubscribe, normalizeEmail, removeUnsubscribe, verifyUnsubscribeToken } from './suppressions.js';
import { unsubscribes } from './tables.js';

const tags = ['campaigns'];
const unsubscribeJson = (row: typeof unsubscribes.$inferSelect) => ({ email: row.email, source: row.source, created_at: row.createdAt.toISOString() });

const list = createRoute({ method: 'get', path: '/unsubscribes', tags, summary: 'List the addresses your team must not mail', description: 'Addresses unsubscribed by link, one-click, SendGrid events or by hand, with their source, oldest first.', security: bearerAuth, request: { query: PageQuery.omit({ cursor: true }) }, responses: { 200: jsonResponse(UnsubscribeList, 'Newest first'), ...errors(401, 422) } });
const add = createRoute({
  method: 'post',
  path: '/unsubscribes',
  tags,
  summary: 'Unsubscribe an address (campaigns skip it)',
  description: '201 when the address is added, 200 when it was already on the list (idempotent).',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { body: jsonBody(UnsubscribeCreate) },
  responses: { 201: jsonResponse(Unsubscribe, 'Added'), 200: jsonResponse(Unsubscribe, 'Already on the list'), ...errors(400, 401, 403, 415, 422) },
});
const remove = createRoute({
  method: 'delete',
  path: '/unsubscribes/{email}',
  tags,
  summary: 'Take an address off the list (it may be mailed again)',
  description: '204 when removed; an address not on your team’s list is 404.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: UnsubscribeEmailParams },
  responses: { 204: { description: 'Removed' }, ...errors(401, 403, 404) },
});

export function registerUnsubscribeRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const { limit, offset } = c.req.valid('query');
    const teamId = c.get('user').teamId;
    const where = eq(unsubscribes.teamId, teamId);
    const [rows, [{ total }]] = await Promise.all([
      c.get('db').select().from(unsubscribes).where(where).orderBy(asc(unsubscribes.createdAt), asc(unsubscribes.email)).limit(limit).offset(offset),
      c.get('db').select({ total: count() }).from(unsubscribes).where(where),
    ]);
    return c.json({ items: rows.map(unsubscribeJson), total }, 200);
  });

  app.openapi(add, async (c) => {
    const teamId = c.get('user').teamId;
    const { email } = c.req.valid('json');
    const added = await addUnsubscribe(c.get('db'), teamId, email, 'api');
    const [row] = await c.get('db').select().from(unsubscribes).where(and(eq(unsubscribes.teamId, teamId), eq(unsubscribes.email, normalizeEmail(email))));
    return added ? c.json(unsubscribeJson(row), 201) : c.json(unsubscribeJson(row), 200);
  });

  app.openapi(remove, async (c) => {
    const { email } = c.req.valid('param');
    // A NUL can be on no list (PostgreSQL text refuses it): 404 without asking the database.
    if (!isStorableText(email) || !(await removeUnsubscribe(c.get('db'), c.get('user').teamId, email))) throw new ProblemError(404, { detail: `${email} is not on your team’s unsubscribe list.` });
    return c.body(null, 204);
  });
}

const TokenQuery = z.object({ token: z.string().min(1).max(2000).openapi({ param: { name: 'token', in: 'query' }, description: 'From the link in a campaign mail' }) });
const html = { 'text/html': { schema: z.string() } };
const page = createRoute({ method: 'get', path: '/unsubscribe', tags, summary: 'Unsubscribe link of a campaign mail (no login)', description: 'The signed token from the mail names the team and address; a valid one unsubscribes and shows a confirmation page, a forged or malformed one is a problem.', request: { query: TokenQuery }, responses: { 200: { description: 'Confirmation page', content: html }, ...errors(400, 422) } });
const oneClick = createRoute({ method: 'post', path: '/unsubscribe', tags, summary: 'One-click unsubscribe (RFC 8058, List-Unsubscribe-Post)', description: 'What mail clients call from the List-Unsubscribe-Post header (form body `List-Unsubscribe=One-Click`); same token and effect as the link.', request: { query: TokenQuery }, responses: { 200: { description: 'Unsubscribed', content: html }, ...errors(400, 422) } });

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const confirmation = (email: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribed</title></head><body>` +
  `<h1>You are unsubscribed</h1><p>${escape(email)} will not receive these emails any more.</p></body></html>`;

/** The public unsubscribe link: mounted at the root, outside every auth guard (the token is the credential). */
export function unsubscribeLinkRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  for (const route of [page, oneClick]) {
    app.openapi(route, async (c) => {
      const claim = verifyUnsubscribeToken(c.get('config').jwt.secret, c.req.valid('query').token);
      if (!claim) throw new ProblemError(400, { detail: 'This unsubscribe link is not valid: copy the whole link from the email, or reply to the sender.' });
      await addUnsubscribe(c.get('db'), claim.teamId, claim.email, 'link');
      return c.html(confirmation(claim.email), 200);
    });
  }
  return app;
}
