/**
 * The deal pipeline: its statuses and the one table of allowed moves. Code, tests and the
 * OpenAPI description all read `DEAL_TRANSITIONS`, so they cannot disagree.
 */
export const DEAL_STATUSES = ['prospecting', 'offer_made', 'negotiation', 'under_contract', 'closed_won', 'closed_lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** Statuses a deal can be created in: a deal is never born closed. */
export const OPEN_DEAL_STATUSES = ['prospecting', 'offer_made', 'negotiation', 'under_contract'] as const;
export type OpenDealStatus = (typeof OPEN_DEAL_STATUSES)[number];

export const CLOSED_DEAL_STATUSES: readonly DealStatus[] = ['closed_won', 'closed_lost'];

export const DEAL_TRANSITIONS: Readonly<Record<DealStatus, readonly DealStatus[]>> = {
  prospecting: ['offer_made', 'negotiation', 'closed_lost'],
  offer_made: ['negotiation', 'under_contract', 'closed_lost'],
  negotiation: ['offer_made', 'under_contract', 'closed_lost'],
  // Back to negotiation: a contract that fell through.
  under_contract: ['closed_won', 'closed_lost', 'negotiation'],
  // A lost deal can be reopened; a won one is final.
  closed_lost: ['prospecting', 'negotiation'],
  closed_won: [],
};

export function canTransition(from: DealStatus, to: DealStatus): boolean {
  return DEAL_TRANSITIONS[from].includes(to);
}

export function isClosed(status: DealStatus): boolean {
  return CLOSED_DEAL_STATUSES.includes(status);
}

/** The table as Markdown lines, for the OpenAPI description of PATCH /deals/{id}. */
export function describeTransitions(): string {
  return DEAL_STATUSES.map((from) => {
    const to = DEAL_TRANSITIONS[from];
    return `- \`${from}\` -> ${to.length ? to.map((s) => `\`${s}\``).join(', ') : 'nothing (final)'}`;
  }).join('\n');
}
