/**
 * The admin domain, for the team's admins only (agents and viewers get 403): detailed health,
 * the dead-letter queue, reconciliation runs, idempotency-key cleanup and the audit log. Even an
 * admin sees and changes only their own team's data.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth, requireRole } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { validationHook } from '../lib/validation.js';
import { registerAuditLog } from './audit.js';
import { registerDlq } from './dlq.js';
import { registerAdminHealth } from './health.js';
import { registerIdempotencyCleanup } from './idempotency-cleanup.js';
import { registerReconciliation } from './reconciliation.js';

export { auditTrail } from './audit.js';

export function adminRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requireAuth(), requireRole('admin'));
  registerAdminHealth(app);
  registerDlq(app);
  registerReconciliation(app);
  registerIdempotencyCleanup(app);
  registerAuditLog(app);
  return app;
}
