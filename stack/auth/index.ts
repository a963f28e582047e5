/**
 * The auth domain, mounted at /auth: registration, login, the caller's profile, refresh-token
 * rotation, logout, password change and password reset by mail. One file per operation; this one only registers them.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { mountChangePassword } from './change-password.js';
import { mountLogin } from './login.js';
import { mountLogout } from './logout.js';
import { mountMe } from './me.js';
import { mountPasswordReset } from './password-reset.js';
import { mountRefresh } from './refresh.js';
import { mountRegister } from './register.js';

export function authRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  mountRegister(app);
  mountLogin(app);
  mountMe(app);
  mountRefresh(app);
  mountLogout(app);
  mountChangePassword(app);
  mountPasswordReset(app);
  return app;
}
