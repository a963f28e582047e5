/**
 * Zod schemas of the team domain, named for the OpenAPI document. Member bodies are strict, so
 * a field the route does not own (`team_id`, `password_hash`) is a 422, never silently set.
 */
import { z } from '@hono/zod-openapi';
import { EmailSchema, NewPasswordSchema, PersonNameSchema, RoleSchema, atLeastOneField } from '../auth/schema.js';
import { Timestamp } from '../lib/openapi.js';

export const TeamMemberSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    active: z.boolean(),
    created_at: Timestamp,
  })
  .openapi('TeamMember');

export const TeamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    created_at: Timestamp,
    members: z.array(TeamMemberSchema).openapi({ description: 'Oldest first' }),
  })
  .openapi('Team');

export const AddMemberBody = z
  .object({ email: EmailSchema, name: PersonNameSchema, password: NewPasswordSchema, role: RoleSchema })
  .strict()
  .openapi('AddMemberRequest');

export const UpdateMemberBody = z
  .object({
    role: RoleSchema.optional(),
    active: z.boolean().optional().openapi({ description: 'false deactivates: no login, no refresh, sessions revoked' }),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, atLeastOneField)
  .openapi('UpdateMemberRequest');
