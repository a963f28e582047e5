import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { teamRoutes } from '../team/index.js';
import { authRoutes } from './index.js';

// The OpenAPI description of the auth and team routes, generated from the same zod schemas
// that validate requests: each operation tagged, summarised, secured where it needs a token,
// and every request body closed to unknown fields.
describe('auth and team in the OpenAPI document', () => {
  const app = new OpenAPIHono();
  app.route('/auth', authRoutes());
  app.route('/team', teamRoutes());
  const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'reos', version: 'test' } });
  const schemas = doc.components?.schemas ?? {};
  const operation = (path: string, method: string) => (doc.paths?.[path] as Record<string, any>)[method];

  const publicOps = [['/auth/register', 'post'], ['/auth/login', 'post'], ['/auth/refresh', 'post'], ['/auth/password-reset', 'post'], ['/auth/password-reset/confirm', 'post']];
  const securedOps = [
    ['/auth/me', 'get'],
    ['/auth/me', 'patch'],
    ['/auth/logout', 'post'],
    ['/auth/change-password', 'post'],
    ['/team', 'get'],
    ['/team/members', 'post'],
    ['/team/members/{id}', 'patch'],
  ];

  it.each(publicOps)('%s %s is documented without security', (path, method) => {
    const op = operation(path, method);
    expect(op.tags).toEqual(['auth']);
    expect(op.summary).toBeTruthy();
    expect(op.security).toBeUndefined();
  });

  it.each(securedOps)('%s %s is documented with bearerAuth and a 401', (path, method) => {
    const op = operation(path, method);
    expect(op.tags).toEqual([path.startsWith('/team') ? 'team' : 'auth']);
    expect(op.summary).toBeTruthy();
    expect(op.security).toEqual([{ bearerAuth: [] }]);
    expect(op.responses['401']).toBeDefined();
  });

  it('closes every request body to unknown fields', () => {
    const requests = Object.keys(schemas).filter((name) => name.endsWith('Request'));
    expect(requests.sort()).toEqual([
      'AddMemberRequest',
      'ChangePasswordRequest',
      'LoginRequest',
      'LogoutRequest',
      'PasswordResetConfirmRequest',
      'PasswordResetRequest',
      'RefreshRequest',
      'RegisterRequest',
      'UpdateMemberRequest',
      'UpdateProfileRequest',
    ]);
    for (const name of requests) expect((schemas[name] as { additionalProperties?: unknown }).additionalProperties, name).toBe(false);
  });

  it('never describes a password hash in a response schema', () => {
    expect(JSON.stringify(doc)).not.toMatch(/password_?hash/i);
  });
});
