/**
 * Test fixtures shared by the API suites: rows inserted straight into the database (so a
 * domain's suite does not depend on another domain's routes) and the assertion every error
 * response must pass.
 */
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { deals, properties, users } from '../../stack/db/schema.js';
import type { TestApp, TestResponse, TestUser } from './app.js';

export async function insertProperty(t: TestApp, owner: TestUser, address = '123 Demo St'): Promise<string> {
  const id = crypto.randomUUID();
  await t.database.db
    .insert(properties)
    .values({ id, teamId: owner.teamId, createdBy: owner.id, address, city: 'Demo City', state: 'CA', zip: '90000' });
  return id;
}

export async function deactivate(t: TestApp, user: TestUser): Promise<void> {
  await t.database.db.update(users).set({ active: false }).where(eq(users.id, user.id));
}

/** A deal already in `status`, as the pipeline would have left it (closed ones carry closed_at). */
export async function insertDeal(t: TestApp, owner: TestUser, status: string, value: number | null = null): Promise<string> {
  const id = crypto.randomUUID();
  const closedAt = status.startsWith('closed_') ? new Date() : null;
  await t.database.db.insert(deals).values({ id, teamId: owner.teamId, createdBy: owner.id, status, value, closedAt });
  return id;
}

/** An RFC 9457 problem with this status; returns the body for further checks. */
export function expectProblem(res: TestResponse, status: number): Record<string, any> {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String) });
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return res.body;
}

/** A 422 whose `errors` point at exactly these JSON Pointers (in any order). */
export function expectInvalid(res: TestResponse, ...pointers: string[]): void {
  const body = expectProblem(res, 422);
  expect((body.errors as { pointer?: string }[]).map((e) => e.pointer).sort()).toEqual([...pointers].sort());
}
