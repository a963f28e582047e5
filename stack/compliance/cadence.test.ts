import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { cadenceViolations, inQuietHours, upsertCadenceRules } from './cadence.js';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.user({ role: 'admin' });
});
afterAll(() => t.close());

describe('upsertCadenceRules', () => {
  it('creates rules, then updates the same names in place (idempotent by name)', async () => {
    const first = await upsertCadenceRules(t.database.db, admin.teamId, [
      { name: 'email weekly cap', channel: 'email', maxMessages: 3, windowDays: 7 },
      { name: 'no night texts', channel: 'sms', quietStartHour: 21, quietEndHour: 8 },
    ]);
    expect(first.map((r) => r.name)).toEqual(['email weekly cap', 'no night texts']);
    const again = await upsertCadenceRules(t.database.db, admin.teamId, [{ name: 'email weekly cap', channel: 'email', maxMessages: 5, windowDays: 7, enabled: false }]);
    expect(again[0].id).toBe(first[0].id);
    expect(again[0]).toMatchObject({ maxMessages: 5, enabled: false, version: 2 });
  });

  it('refuses a rule that limits nothing or gives half a window', async () => {
    await expect(upsertCadenceRules(t.database.db, admin.teamId, [{ name: 'empty', channel: 'email' }])).rejects.toThrow(/limits nothing/);
    await expect(upsertCadenceRules(t.database.db, admin.teamId, [{ name: 'half', channel: 'email', maxMessages: 2 }])).rejects.toThrow(/go together/);
  });

  it('works inside a transaction', async () => {
    const rows = await t.database.db.transaction((tx) => upsertCadenceRules(tx, admin.teamId, [{ name: 'calls cap', channel: 'call', maxMessages: 1, windowDays: 1 }]));
    expect(rows[0].teamId).toBe(admin.teamId);
  });
});

describe('cadence checks', () => {
  it('quiet hours wrap midnight', () => {
    expect(inQuietHours(22, 21, 8)).toBe(true);
    expect(inQuietHours(3, 21, 8)).toBe(true);
    expect(inQuietHours(12, 21, 8)).toBe(false);
    expect(inQuietHours(9, 9, 17)).toBe(true);
    expect(inQuietHours(17, 9, 17)).toBe(false);
  });

  it('reports the quiet-hours rule of the channel only while enabled', async () => {
    const night = new Date('2026-11-26T23:30:00Z');
    const reasons = await cadenceViolations(t.database.db, { teamId: admin.teamId, channel: 'sms', recipient: '+15551230000', now: night });
    expect(reasons.map((r) => r.code)).toEqual(['quiet_hours']);
    expect(await cadenceViolations(t.database.db, { teamId: admin.teamId, channel: 'email', recipient: 'a@example.com', now: night })).toEqual([]);
  });
});
