import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignTemplates } from '../campaigns/tables.js';
import { cadenceRules } from '../compliance/tables.js';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem, insertProperty } from '../../test/support/fixtures.js';
import { PROPERTY_STAGES } from '../properties/schema.js';
import { PRESETS } from './presets.js';

describe('onboarding', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const checklist = async (user: TestUser) => (await t.send('GET', '/onboarding/checklist', { token: user.token })).body;
  const done = async (user: TestUser) => (await checklist(user)).steps.filter((s: { done: boolean }) => s.done).map((s: { id: string }) => s.id);

  describe('GET /onboarding/checklist', () => {
    it('ticks each step from the user’s own live data, in order', async () => {
      const owner = await t.user({ role: 'admin' });
      const fresh = await checklist(owner);
      expect(fresh).toMatchObject({ user_id: owner.id, completed: 0, total: 8, percent: 0, next_step: 'create_property' });
      expect(fresh.steps[0]).toMatchObject({ id: 'create_property', done: false, done_at: null, how: 'POST /properties' });

      const property = (await t.send('POST', '/properties', { token: owner.token, body: { address: '1 Go St', city: 'Reno', state: 'NV', zip: '89501' } })).body;
      const lead = (await t.send('POST', '/leads', { token: owner.token, body: { name: 'Lee' } })).body;
      await t.send('POST', `/leads/${lead.id}/activities`, { token: owner.token, body: { type: 'sms' } });
      await t.send('POST', '/deals', { token: owner.token, body: { property_id: property.id, lead_id: lead.id } });
      await t.send('POST', '/workflow/tasks', { token: owner.token, body: { title: 'Next' } });
      expect(await done(owner)).toEqual(['create_property', 'add_lead', 'log_activity', 'create_deal', 'create_task']);

      const mate = await t.user({ role: 'agent', teamId: owner.teamId });
      await t.send('POST', '/onboarding/presets/listing_agent/apply', { token: owner.token });
      const after = await checklist(owner);
      expect(after).toMatchObject({ completed: 7, percent: 88, next_step: 'send_campaign' });
      expect(after.steps[0].done_at).toBe(property.created_at);
      // The teammate's own steps are theirs: only the team-wide ones are done for them.
      expect(await done(mate)).toEqual(['invite_teammate', 'choose_pipeline']);
    });

    it('does not count another team’s data', async () => {
      const a = await t.user({ role: 'admin' });
      const b = await t.user({ role: 'admin' });
      await insertProperty(t, a);
      expect(await done(b)).toEqual([]);
      expectProblem(await t.send('GET', '/onboarding/checklist'), 401);
    });
  });

  describe('presets', () => {
    it('lists the presets and the team’s current pipeline (the platform’s until one is applied)', async () => {
      const owner = await t.user({ role: 'admin' });
      const res = await t.send('GET', '/onboarding/presets', { token: owner.token });
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: { name: string }) => p.name)).toEqual(PRESETS.map((p) => p.name));
      expect(res.body.current).toEqual({ preset: null, stages: [...PROPERTY_STAGES] });
    });

    it('apply is idempotent: the second call changes nothing', async () => {
      const owner = await t.user({ role: 'admin' });
      const first = await t.send('POST', '/onboarding/presets/wholesaler/apply', { token: owner.token });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ preset: 'wholesaler', changed: true, stages_changed: true, cadence_rules: 2 });
      expect(first.body.templates_created).toHaveLength(2);
      const rows = () => t.database.db.select().from(campaignTemplates).where(eq(campaignTemplates.teamId, owner.teamId));
      const rules = () => t.database.db.select().from(cadenceRules).where(eq(cadenceRules.teamId, owner.teamId)).orderBy(cadenceRules.name);
      const before = await rows();
      const rulesBefore = await rules();
      expect(rulesBefore.map((r) => r.name)).toEqual(['Wholesaler: 2 texts a week', 'Wholesaler: quiet nights']);
      const second = await t.send('POST', '/onboarding/presets/wholesaler/apply', { token: owner.token });
      expect(second.body).toMatchObject({ changed: false, stages_changed: false, templates_created: [], cadence_rules: 0 });
      expect(await rows()).toEqual(before);
      expect(await rules()).toEqual(rulesBefore);
      // A rule changed by hand is put back by the next apply, and only that one.
      await t.database.db.update(cadenceRules).set({ maxMessages: 9 }).where(eq(cadenceRules.id, rulesBefore[0].id));
      expect((await t.send('POST', '/onboarding/presets/wholesaler/apply', { token: owner.token })).body).toMatchObject({ changed: true, cadence_rules: 1 });
      expect((await rules())[0].maxMessages).toBe(2);
      // Switching presets replaces the stages and adds that preset's templates.
      const other = await t.send('POST', '/onboarding/presets/listing_agent/apply', { token: owner.token });
      expect(other.body).toMatchObject({ changed: true, stages_changed: true });
      expect(await rows()).toHaveLength(4);
    });

    it('makes property writes use the team’s stages; other teams keep the default ones', async () => {
      const owner = await t.user({ role: 'admin' });
      const other = await t.user({ role: 'admin' });
      await t.send('POST', '/onboarding/presets/wholesaler/apply', { token: owner.token });
      const body = (stage: string) => ({ address: '2 Stage St', city: 'Reno', state: 'NV', zip: '89501', stage });
      expectInvalid(await t.send('POST', '/properties', { token: owner.token, body: body('qualified') }), '/stage');
      const created = await t.send('POST', '/properties', { token: owner.token, body: body('outreach') });
      expect(created.status).toBe(201);
      expectInvalid(await t.send('POST', `/properties/${created.body.id}/stage`, { token: owner.token, body: { stage: 'archived' } }), '/stage');
      expect((await t.send('POST', `/properties/${created.body.id}/stage`, { token: owner.token, body: { stage: 'contacted' } })).status).toBe(200);
      expect((await t.send('POST', '/properties', { token: other.token, body: body('qualified') })).status).toBe(201);
    });

    it('is 404 for an unknown preset and 403 for an agent', async () => {
      const owner = await t.user({ role: 'admin' });
      const agent = await t.user({ role: 'agent', teamId: owner.teamId });
      expect(expectProblem(await t.send('POST', '/onboarding/presets/nope/apply', { token: owner.token }), 404).detail).toContain('wholesaler');
      expectProblem(await t.send('POST', '/onboarding/presets/wholesaler/apply', { token: agent.token }), 403);
    });
  });
});
