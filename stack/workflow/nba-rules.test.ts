import { describe, expect, it } from 'vitest';
import { evaluateRules, STALE_PROPERTY_DAYS, STALLED_DEAL_DAYS, type PropertySnapshot } from './nba-rules.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 24 * 3600_000);

function snapshot(overrides: Partial<PropertySnapshot> = {}): PropertySnapshot {
  return { id: 'p1', address: '1 Rule Rd', stage: 'outreach', price: 500000, images: 2, createdAt: daysAgo(3), lastActivityAt: daysAgo(1), leads: [], deals: [], ...overrides };
}
const rules = (p: PropertySnapshot) => evaluateRules(p, NOW).map((a) => `${a.ruleId}:${a.subjectId}`);

describe('next-best-action rules', () => {
  it('propose nothing for a priced, pictured, active property with contacted leads', () => {
    expect(rules(snapshot({ leads: [{ id: 'l1', name: 'Ann', status: 'contacted', createdAt: daysAgo(2), contacts: 1 }] }))).toEqual([]);
  });

  it('fire on a missing price and missing images, explaining why', () => {
    const actions = evaluateRules(snapshot({ price: null, images: 0 }), NOW);
    expect(actions.map((a) => a.ruleId)).toEqual(['missing_price', 'missing_images']);
    expect(actions[0].explanation).toContain('1 Rule Rd has no price');
  });

  it(`call a property stale after ${STALE_PROPERTY_DAYS} idle days, not a day before`, () => {
    expect(rules(snapshot({ lastActivityAt: daysAgo(STALE_PROPERTY_DAYS - 1) }))).toEqual([]);
    const [stale] = evaluateRules(snapshot({ lastActivityAt: daysAgo(STALE_PROPERTY_DAYS + 2) }), NOW);
    expect(stale).toMatchObject({ ruleId: 'stale_property', subjectId: '' });
    expect(stale.explanation).toContain(`${STALE_PROPERTY_DAYS + 2} days`);
  });

  it('name each uncontacted open lead, one action per lead', () => {
    const leads = [
      { id: 'l1', name: 'Ann', status: 'new', createdAt: daysAgo(5), contacts: 0 },
      { id: 'l2', name: 'Bob', status: 'lost', createdAt: daysAgo(5), contacts: 0 },
      { id: 'l3', name: 'Cat', status: 'new', createdAt: daysAgo(5), contacts: 2 },
    ];
    const actions = evaluateRules(snapshot({ leads }), NOW);
    expect(actions.map((a) => `${a.ruleId}:${a.subjectId}`)).toEqual(['uncontacted_lead:l1']);
    expect(actions[0]).toMatchObject({ title: 'Contact Ann', explanation: expect.stringContaining('for 5 day(s)') });
  });

  it(`flag an open deal stuck ${STALLED_DEAL_DAYS} days in one status, never a closed one`, () => {
    const deals = [
      { id: 'd1', title: 'Main St', status: 'negotiation', open: true, statusSince: daysAgo(STALLED_DEAL_DAYS) },
      { id: 'd2', title: 'Old', status: 'closed_lost', open: false, statusSince: daysAgo(90) },
      { id: 'd3', title: 'Fresh', status: 'offer_made', open: true, statusSince: daysAgo(2) },
    ];
    expect(rules(snapshot({ deals }))).toEqual(['stalled_deal:d1']);
  });

  it('propose nothing once the property is closed, lost or archived', () => {
    for (const stage of ['closed', 'lost', 'archived']) expect(rules(snapshot({ stage, price: null, images: 0, lastActivityAt: daysAgo(100) }))).toEqual([]);
  });
});
