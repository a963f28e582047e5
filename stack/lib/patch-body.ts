/**
 * PATCH bodies change what they name, so `{}` would be a silent no-op: it is refused with 422.
 * The check waits until the fields themselves are valid, so `{"role": "admin"}` reports the
 * unknown field alone rather than also "send at least one field".
 *
 * @example
 * export const LeadUpdate = requireSomeField(z.object(leadFields).partial().strict());
 */
import type { z } from '@hono/zod-openapi';

export function requireSomeField<T extends z.ZodObject>(schema: T): T {
  return schema.refine((body) => Object.keys(body).length > 0, {
    message: 'Send at least one field to change.',
    when: (payload) => payload.issues.length === 0,
  });
}
