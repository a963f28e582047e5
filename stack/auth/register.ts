/**
 * POST /auth/register: self-service sign-up. Creates a team named after the person and makes
 * them its admin, in one transaction, so a failed step never leaves a team without its owner.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { teams } from '../db/schema.js';
import type { AppEnv } from '../lib/context.js';
import { errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { insertUser, withUniqueEmail } from './accounts.js';
import { hashPassword } from './passwords.js';
import { AccountSchema, RegisterBody } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/register',
  tags: ['auth'],
  summary: 'Create an account: a new team with you as its admin',
  description: 'Email and password policy are validated (422 with pointers); an email already registered is 409. Rate limited per client address. Log in afterwards for tokens.',
  request: { body: jsonBody(RegisterBody) },
  responses: {
    201: { ...jsonResponse(AccountSchema, 'The new account; log in to get tokens'), headers: { Location: { schema: { type: 'string' }, description: '/auth/me' } } },
    ...errors(400, 409, 415, 422),
  },
});

export function mountRegister(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { email, password, name } = c.req.valid('json');
    const passwordHash = await hashPassword(password);
    const { team, user } = await withUniqueEmail(email, () =>
      c.get('db').transaction(async (tx) => {
        const [team] = await tx.insert(teams).values({ id: crypto.randomUUID(), name: `${name}'s team` }).returning();
        const user = await insertUser(tx, { teamId: team.id, email, name, passwordHash, role: 'admin' });
        return { team, user };
      }),
    );
    const body = {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      team_id: team.id,
      team: { id: team.id, name: team.name },
      created_at: user.createdAt.toISOString(),
    };
    return c.json(body, 201, { Location: '/auth/me' });
  });
}
