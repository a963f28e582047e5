/**
 * The compliance routes through the app: do-not-call (normalised, idempotent add, check,
 * remove), opt-outs (email, phone, property), consent (latest wins), disclaimers (51 codes, 404),
 * cadence rules (CRUD, toggle, apply to a property), validate-send and the decisions list, roles
 * and tenant scope (another team's id is 404, its lists are not seen).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem, insertProperty } from '../../test/support/fixtures.js';
import { domainEvents } from '../db/schema.js';
import { normalizePhone } from './phone.js';

let t: TestApp;
let agent: TestUser;
let viewer: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  agent = await t.user({ role: 'agent' });
  viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
  stranger = await t.user({ role: 'agent' });
});
afterAll(() => t.close());

const validate = (token: string, body: Record<string, unknown>) => t.send('POST', '/compliance/validate-send', { token, body });

describe('phone normalisation', () => {
  it('keeps + and digits, takes 10 digits as +1, refuses junk', () => {
    expect(normalizePhone('(555) 123-4567')).toBe('+15551234567');
    expect(normalizePhone('1 555 123 4567')).toBe('+15551234567');
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('call me')).toBeUndefined();
    expect(normalizePhone('12345')).toBeUndefined();
  });
});

describe('do-not-call list', () => {
  it('adds a number once (201, then 200), checks it in any spelling, blocks SMS, and removes it', async () => {
    const first = await t.send('POST', '/compliance/dnc', { token: agent.token, body: { phone: '(555) 700-0001', reason: 'asked on the phone' } });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ phone: '+15557000001', reason: 'asked on the phone', source: 'api', created_by: agent.id });
    const again = await t.send('POST', '/compliance/dnc', { token: agent.token, body: { phone: '+1 555 700 0001' } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const check = await t.send('GET', '/compliance/dnc/check?phone=555.700.0001', { token: viewer.token });
    expect(check.body).toMatchObject({ phone: '+15557000001', listed: true, entry: { id: first.body.id } });
    expect((await t.send('GET', '/compliance/dnc/check?phone=%2B15557000001', { token: stranger.token })).body.listed).toBe(false);
    expect((await t.send('GET', '/compliance/dnc', { token: viewer.token })).body).toMatchObject({ total: 1, items: [{ id: first.body.id }] });
    expect((await t.send('GET', '/compliance/dnc', { token: stranger.token })).body.total).toBe(0);

    const decision = await validate(agent.token, { channel: 'sms', to: '5557000001' });
    expect(decision.body).toMatchObject({ allowed: false, recipient: '+15557000001', dry_run: true, reasons: [{ code: 'do_not_call' }] });
    const transactional = await validate(agent.token, { channel: 'sms', to: '5557000001', purpose: 'transactional' });
    expect(transactional.body).toMatchObject({ allowed: true, reasons: [] });

    expectProblem(await t.send('DELETE', `/compliance/dnc/${first.body.id}`, { token: stranger.token }), 404);
    expectProblem(await t.send('DELETE', `/compliance/dnc/${first.body.id}`, { token: viewer.token }), 403);
    expect((await t.send('DELETE', `/compliance/dnc/${first.body.id}`, { token: agent.token })).status).toBe(204);
    expect((await validate(agent.token, { channel: 'sms', to: '5557000001' })).body.allowed).toBe(true);
    const types = (await t.database.db.select().from(domainEvents).where(eq(domainEvents.teamId, agent.teamId))).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['compliance.dnc_added', 'compliance.dnc_removed']));
  });

  it('refuses junk with a 422 pointing at the field', async () => {
    expectInvalid(await t.send('POST', '/compliance/dnc', { token: agent.token, body: { phone: 'not a phone' } }), '/phone');
    expect((await t.send('GET', '/compliance/dnc/check?phone=abc', { token: agent.token })).status).toBe(422);
  });
});

describe('opt-outs', () => {
  it('blocks an email, a phone, and every lead of an opted-out property; removal lifts it', async () => {
    const email = await t.send('POST', '/compliance/opt-outs', { token: agent.token, body: { kind: 'email', value: 'Out@Example.com' } });
    expect(email.status).toBe(201);
    expect(email.body).toMatchObject({ kind: 'email', value: 'out@example.com' });
    expect((await t.send('POST', '/compliance/opt-outs', { token: agent.token, body: { kind: 'email', value: 'out@example.com' } })).status).toBe(200);
    expect((await validate(agent.token, { channel: 'email', to: 'OUT@example.com' })).body.reasons).toEqual([expect.objectContaining({ code: 'opted_out' })]);
    expect((await validate(stranger.token, { channel: 'email', to: 'out@example.com' })).body.allowed).toBe(true);

    const propertyId = await insertProperty(t, agent, '9 Owner Way');
    const lead = await t.send('POST', '/leads', { token: agent.token, body: { name: 'Owner', email: 'owner@example.com', phone: '(555) 700-0002', property_id: propertyId } });
    expect(lead.status, lead.text).toBe(201);
    expect((await validate(agent.token, { channel: 'email', to: 'owner@example.com' })).body.allowed).toBe(true);
    const prop = await t.send('POST', '/compliance/opt-outs', { token: agent.token, body: { kind: 'property', value: propertyId, reason: 'owner asked' } });
    expect(prop.status).toBe(201);
    expect((await validate(agent.token, { channel: 'email', to: 'owner@example.com' })).body.reasons).toEqual([expect.objectContaining({ code: 'property_owner_opted_out' })]);
    expect((await validate(agent.token, { channel: 'sms', to: '+15557000002' })).body.reasons).toEqual([expect.objectContaining({ code: 'property_owner_opted_out' })]);
    expect((await validate(agent.token, { channel: 'email', to: 'someone@example.com', property_id: propertyId })).body.allowed).toBe(false);
    expectInvalid(await t.send('POST', '/compliance/opt-outs', { token: stranger.token, body: { kind: 'property', value: propertyId } }), '/value');
    expectInvalid(await t.send('POST', '/compliance/opt-outs', { token: agent.token, body: { kind: 'phone', value: 'junk' } }), '/value');

    const list = await t.send('GET', '/compliance/opt-outs?kind=property', { token: viewer.token });
    expect(list.body).toMatchObject({ total: 1, items: [{ id: prop.body.id }] });
    expect((await t.send('DELETE', `/compliance/opt-outs/${prop.body.id}`, { token: agent.token })).status).toBe(204);
    expect((await validate(agent.token, { channel: 'email', to: 'owner@example.com' })).body.allowed).toBe(true);
    expectProblem(await t.send('DELETE', `/compliance/opt-outs/${prop.body.id}`, { token: agent.token }), 404);
  });

  it('treats a campaign unsubscribe as blocking', async () => {
    await t.send('POST', '/campaigns/unsubscribes', { token: agent.token, body: { email: 'unsub@example.com' } });
    expect((await validate(agent.token, { channel: 'email', to: 'unsub@example.com' })).body.reasons).toEqual([expect.objectContaining({ code: 'unsubscribed' })]);
  });
});

describe('consent records', () => {
  it('keeps every record and lets the latest one decide', async () => {
    const lead = (await t.send('POST', '/leads', { token: agent.token, body: { name: 'Consenting', email: 'consent@example.com' } })).body;
    const withdraw = await t.send('POST', '/compliance/consents', { token: agent.token, body: { lead_id: lead.id, consent_type: 'email_marketing', granted: false, source: 'phone call' } });
    expect(withdraw.status, withdraw.text).toBe(201);
    expect((await validate(agent.token, { channel: 'email', to: 'consent@example.com', lead_id: lead.id })).body.reasons).toEqual([expect.objectContaining({ code: 'consent_withdrawn' })]);
    const grant = await t.send('POST', '/compliance/consents', { token: agent.token, body: { lead_id: lead.id, address: 'Consent@example.com', consent_type: 'email_marketing', granted: true, source: 'web form' } });
    expect(grant.body).toMatchObject({ address: 'consent@example.com', granted: true });
    expect((await validate(agent.token, { channel: 'email', to: 'consent@example.com', lead_id: lead.id })).body.allowed).toBe(true);

    const all = await t.send('GET', `/compliance/consents?lead_id=${lead.id}`, { token: viewer.token });
    expect(all.body.total).toBe(2);
    const current = await t.send('GET', `/compliance/consents?lead_id=${lead.id}&current=true`, { token: viewer.token });
    expect(current.body.items.map((r: { id: string }) => r.id)).toContain(grant.body.id);
    expectInvalid(await t.send('POST', '/compliance/consents', { token: agent.token, body: { consent_type: 'sms_marketing', granted: true, source: 'x' } }), '/lead_id');
    expectInvalid(await t.send('POST', '/compliance/consents', { token: agent.token, body: { address: 'nope', consent_type: 'sms_marketing', granted: true, source: 'x' } }), '/address');
    expectInvalid(await t.send('POST', '/compliance/consents', { token: stranger.token, body: { lead_id: lead.id, consent_type: 'calls', granted: true, source: 'x' } }), '/lead_id');
  });
});

describe('state disclaimers', () => {
  it('ships all 50 states and DC, and 404s an unknown code', async () => {
    const list = await t.send('GET', '/compliance/disclaimers', { token: viewer.token });
    expect(list.body.total).toBe(51);
    expect(new Set(list.body.items.map((d: { state: string }) => d.state)).size).toBe(51);
    const tx = await t.send('GET', '/compliance/disclaimers/tx', { token: viewer.token });
    expect(tx.body).toMatchObject({ state: 'TX', name: 'Texas' });
    expect(tx.body.text).toContain('Information About Brokerage Services');
    expectProblem(await t.send('GET', '/compliance/disclaimers/ZZ', { token: viewer.token }), 404);
  });
});

describe('cadence rules', () => {
  it('CRUD, toggle and apply to a property; the gate counts earlier sends', async () => {
    const created = await t.send('POST', '/compliance/cadence-rules', { token: agent.token, body: { name: 'One email a week', channel: 'email', max_messages: 1, window_days: 7 } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ enabled: true, property_ids: [] });
    expectProblem(await t.send('POST', '/compliance/cadence-rules', { token: agent.token, body: { name: 'One email a week', channel: 'sms', max_messages: 1, window_days: 7 } }), 409);
    expectInvalid(await t.send('POST', '/compliance/cadence-rules', { token: agent.token, body: { name: 'Nothing', channel: 'sms' } }), '/max_messages');
    expectProblem(await t.send('POST', '/compliance/cadence-rules', { token: viewer.token, body: { name: 'x', channel: 'sms', max_messages: 1, window_days: 1 } }), 403);

    // A recorded (non-dry-run) send, as a real send path makes, counts; dry runs do not.
    const { checkSend } = await import('./gate.js');
    expect((await validate(agent.token, { channel: 'email', to: 'cadence@example.com' })).body.allowed).toBe(true);
    expect((await validate(agent.token, { channel: 'email', to: 'cadence@example.com' })).body.allowed).toBe(true);
    await checkSend(t.database.db, { teamId: agent.teamId, channel: 'email', to: 'cadence@example.com', purpose: 'marketing' });
    const limited = await validate(agent.token, { channel: 'email', to: 'cadence@example.com' });
    expect(limited.body.reasons).toEqual([expect.objectContaining({ code: 'cadence_limit' })]);

    const off = await t.send('POST', `/compliance/cadence-rules/${created.body.id}/toggle`, { token: agent.token, body: { enabled: false } });
    expect(off.body.enabled).toBe(false);
    expect((await validate(agent.token, { channel: 'email', to: 'cadence@example.com' })).body.allowed).toBe(true);
    await t.send('POST', `/compliance/cadence-rules/${created.body.id}/toggle`, { token: agent.token, body: { enabled: true } });

    const propertyId = await insertProperty(t, agent, '1 Cadence Ct');
    const applied = await t.send('POST', `/compliance/cadence-rules/${created.body.id}/properties`, { token: agent.token, body: { property_id: propertyId } });
    expect(applied.body.property_ids).toEqual([propertyId]);
    // Now only sends about that property are governed.
    expect((await validate(agent.token, { channel: 'email', to: 'cadence@example.com' })).body.allowed).toBe(true);
    expect((await validate(agent.token, { channel: 'email', to: 'cadence@example.com', property_id: propertyId })).body.allowed).toBe(false);
    expect((await t.send('DELETE', `/compliance/cadence-rules/${created.body.id}/properties/${propertyId}`, { token: agent.token })).body.property_ids).toEqual([]);

    const patched = await t.send('PATCH', `/compliance/cadence-rules/${created.body.id}`, { token: agent.token, body: { max_messages: 5, quiet_start_hour: 22, quiet_end_hour: 6 } });
    expect(patched.body).toMatchObject({ max_messages: 5, window_days: 7, quiet_start_hour: 22, quiet_end_hour: 6 });
    expect((await t.send('GET', '/compliance/cadence-rules', { token: viewer.token })).body.total).toBe(1);
    expectProblem(await t.send('GET', `/compliance/cadence-rules/${created.body.id}`, { token: stranger.token }), 404);
    expect((await t.send('GET', `/compliance/cadence-rules/${created.body.id}`, { token: viewer.token })).body.id).toBe(created.body.id);
    expect((await t.send('DELETE', `/compliance/cadence-rules/${created.body.id}`, { token: agent.token })).status).toBe(204);
    expectProblem(await t.send('GET', `/compliance/cadence-rules/${created.body.id}`, { token: agent.token }), 404);
  });
});

describe('decisions', () => {
  it('lists the team’s decisions, filtered by recipient and allowed', async () => {
    const blocked = await t.send('GET', '/compliance/decisions?allowed=false', { token: viewer.token });
    expect(blocked.body.total).toBeGreaterThan(0);
    expect(blocked.body.items.every((d: { allowed: boolean }) => !d.allowed)).toBe(true);
    const one = await t.send('GET', `/compliance/decisions?recipient=${encodeURIComponent('OUT@example.com')}`, { token: viewer.token });
    expect(one.body.items[0]).toMatchObject({ recipient: 'out@example.com', allowed: false, reasons: [{ code: 'opted_out' }], context: { source: 'validate-send' } });
    // The other team asked about the same address once: it sees its own (allowed) decision only.
    const theirs = await t.send('GET', '/compliance/decisions?recipient=out%40example.com', { token: stranger.token });
    expect(theirs.body.items).toEqual([expect.objectContaining({ allowed: true, actor_id: stranger.id })]);
    expectInvalid(await validate(agent.token, { channel: 'email', to: 'x@example.com', lead_id: 'nope' }), '/lead_id');
  });
});
