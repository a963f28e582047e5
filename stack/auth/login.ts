/**
 * POST /auth/login: email and password for an access token and a refresh token. Every failure
 * (unknown email, wrong password, deactivated account) answers the same 401, and an unknown
 * email still costs one password hash, so neither wording nor timing says which one it was.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { errors, jsonBody, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { findUserByEmail, toAuthUser } from './accounts.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords.js';
import { LoginBody, TokenPairSchema } from './schema.js';
import { NO_STORE, startSession } from './sessions.js';

const route = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Log in: exchange email and password for an access and a refresh token',
  description: 'Rate limited per client address and per account (only failures spend the account budget, so a lockout does not reveal whether the email exists). A wrong email or password is the same 401.',
  request: { body: jsonBody(LoginBody) },
  responses: { 200: jsonResponse(TokenPairSchema, 'The new tokens'), ...errors(400, 401, 415, 422) },
});

function invalidCredentials(): ProblemError {
  return new ProblemError(401, { detail: 'Invalid email or password.', headers: { 'WWW-Authenticate': 'Bearer realm="reos"' } });
}

export function mountLogin(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { email, password } = c.req.valid('json');
    const db = c.get('db');
    const user = await findUserByEmail(db, email);
    const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !passwordMatches || !user.active) throw invalidCredentials();
    const pair = await startSession(db, c.get('config').jwt, toAuthUser(user));
    return c.json(pair, 200, NO_STORE);
  });
}
