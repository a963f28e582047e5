/**
 * The next-best-action rules: pure functions over a property's snapshot (its row, images, linked
 * leads and deals, and when anything last happened). Each rule yields candidates with a stable
 * `ruleId` + `subjectId` (so regeneration recognises an action it already opened), a title and a
 * human explanation of why it fired. No I/O here: nba-snapshot.ts reads, next-best-actions.ts writes.
 */
export const STALE_PROPERTY_DAYS = 14;
export const STALLED_DEAL_DAYS = 21;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Stages where work is over: no action is proposed there. */
const FINISHED_STAGES = new Set(['closed', 'lost', 'archived']);

export interface LeadSnapshot {
  id: string;
  name: string;
  status: string;
  createdAt: Date;
  /** Activities logged plus messages sent to the lead. */
  contacts: number;
}

export interface DealSnapshot {
  id: string;
  title: string | null;
  status: string;
  open: boolean;
  /** When the deal entered its current status. */
  statusSince: Date;
}

export interface PropertySnapshot {
  id: string;
  address: string;
  stage: string;
  price: number | null;
  images: number;
  createdAt: Date;
  /** The newest of: a change of the property, a message about it, an activity on a linked lead. */
  lastActivityAt: Date;
  leads: LeadSnapshot[];
  deals: DealSnapshot[];
}

export interface ActionCandidate {
  ruleId: string;
  subjectId: string;
  title: string;
  explanation: string;
}

interface Rule {
  id: string;
  description: string;
  evaluate(p: PropertySnapshot, now: Date): ActionCandidate[];
}

const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);
const day = (d: Date) => d.toISOString().slice(0, 10);

export const NBA_RULES: readonly Rule[] = [
  {
    id: 'missing_price',
    description: 'An active property has no asking price',
    evaluate: (p) => (p.price === null ? [{ ruleId: 'missing_price', subjectId: '', title: 'Set an asking price', explanation: `${p.address} has no price, so it cannot be matched to buyers, valued in the pipeline or announced in a price campaign.` }] : []),
  },
  {
    id: 'missing_images',
    description: 'An active property has no photos',
    evaluate: (p) => (p.images === 0 ? [{ ruleId: 'missing_images', subjectId: '', title: 'Add photos', explanation: `${p.address} has no images; listings with photos get far more replies, and the memo PDF has nothing to show.` }] : []),
  },
  {
    id: 'stale_property',
    description: `Nothing happened on an active property for ${STALE_PROPERTY_DAYS} days`,
    evaluate: (p, now) => {
      const idle = daysBetween(p.lastActivityAt, now);
      if (idle < STALE_PROPERTY_DAYS) return [];
      return [{ ruleId: 'stale_property', subjectId: '', title: `Revive ${p.address}`, explanation: `No change, message or lead activity for ${idle} days (last on ${day(p.lastActivityAt)}) while it is in stage ${p.stage}: call the owner or move it to another stage.` }];
    },
  },
  {
    id: 'uncontacted_lead',
    description: 'A lead interested in the property was never contacted',
    evaluate: (p, now) =>
      p.leads
        .filter((l) => l.contacts === 0 && !['converted', 'lost', 'unqualified'].includes(l.status))
        .map((l) => ({ ruleId: 'uncontacted_lead', subjectId: l.id, title: `Contact ${l.name}`, explanation: `${l.name} has been interested in ${p.address} for ${daysBetween(l.createdAt, now)} day(s) and nobody has called, emailed, texted or met them yet.` })),
  },
  {
    id: 'stalled_deal',
    description: `An open deal stayed in one status for ${STALLED_DEAL_DAYS} days`,
    evaluate: (p, now) =>
      p.deals
        .filter((d) => d.open && daysBetween(d.statusSince, now) >= STALLED_DEAL_DAYS)
        .map((d) => ({ ruleId: 'stalled_deal', subjectId: d.id, title: `Unblock ${d.title ?? 'the deal'}`, explanation: `The deal has been in ${d.status} for ${daysBetween(d.statusSince, now)} days (since ${day(d.statusSince)}); agree the next step or close it as lost.` })),
  },
];

/** Every action the rules propose for the property now; none for a finished one. */
export function evaluateRules(property: PropertySnapshot, now: Date): ActionCandidate[] {
  if (FINISHED_STAGES.has(property.stage)) return [];
  return NBA_RULES.flatMap((rule) => rule.evaluate(property, now));
}
