/**
 * Zod schemas of the auth domain, named for the OpenAPI document. Request bodies are strict:
 * an unknown field is a 422, so a client can never slip `role` or `team_id` into a profile.
 * Response shapes are snake_case and never carry a password hash or a stored token hash.
 */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';

export const RoleSchema = z
  .enum(['admin', 'agent', 'viewer'])
  .openapi('Role', { description: 'admin manages the team; agent reads and writes; viewer only reads' });

export const EmailSchema = z
  .email({ error: 'Must be an email address, like name@example.com' })
  .max(254, 'An email address has at most 254 characters')
  .openapi({ example: 'demo@test.com' });

export const NewPasswordSchema = z
  .string()
  .min(8, 'Use at least 8 characters')
  .max(128, 'Use at most 128 characters')
  .openapi({ format: 'password', example: 'Demo123!' });

/** A password being checked, not chosen: any length an account could have, so failures stay 401/403. */
export const PresentedPasswordSchema = z.string().min(1, 'Required').max(1024).openapi({ format: 'password', example: 'Demo123!' });

export const PersonNameSchema = z
  .string()
  .trim()
  .min(1, 'Must not be empty')
  .max(200, 'Use at most 200 characters')
  .openapi({ example: 'Demo User' });

/** Rejects `{}` on PATCH-like bodies, but only once the fields themselves are valid. */
export const atLeastOneField = {
  message: 'Send at least one field to change',
  when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
};

export const RegisterBody = z
  .object({ email: EmailSchema, password: NewPasswordSchema, name: PersonNameSchema })
  .strict()
  .openapi('RegisterRequest');

export const LoginBody = z
  .object({ email: z.string().trim().min(1, 'Required').max(320).openapi({ example: 'demo@test.com' }), password: PresentedPasswordSchema })
  .strict()
  .openapi('LoginRequest');

export const RefreshBody = z
  .object({ refresh_token: z.string().min(1, 'Required').max(512).openapi({ description: 'The refresh_token from login or the last refresh' }) })
  .strict()
  .openapi('RefreshRequest');

export const LogoutBody = z
  .object({
    refresh_token: z.string().min(1).max(512).optional().openapi({ description: 'End only this session (its whole rotation chain)' }),
    all: z.boolean().optional().openapi({ description: 'End every session of the caller (also the default without refresh_token)' }),
  })
  .strict()
  .openapi('LogoutRequest');

export const ChangePasswordBody = z
  .object({ current_password: PresentedPasswordSchema, new_password: NewPasswordSchema })
  .strict()
  .openapi('ChangePasswordRequest');

export const UpdateProfileBody = z
  .object({ name: PersonNameSchema.optional(), email: EmailSchema.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, atLeastOneField)
  .openapi('UpdateProfileRequest');

export const TokenPairSchema = z
  .object({
    access_token: z.string().openapi({ description: 'JWT for `Authorization: Bearer`' }),
    refresh_token: z.string().openapi({ description: 'Opaque, single use: exchange it at POST /auth/refresh' }),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().openapi({ description: 'Seconds until the access token expires', example: 900 }),
  })
  .openapi('TokenPair');

export const ProfileSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    team_id: z.string(),
    active: z.boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Profile');

export const AccountSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    team_id: z.string(),
    team: z.object({ id: z.string(), name: z.string() }),
    created_at: Timestamp,
  })
  .openapi('Account');
