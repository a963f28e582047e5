/**
 * The onboarding presets: a way of working in one click. Each sets the team's pipeline stages
 * (an ordered subset of the platform's, always starting at `new`, the stage a property is
 * created in), installs campaign templates (matched by name, so applying again adds none) and
 * cadence rules (keyed by name in the compliance domain).
 */
import type { CadenceRuleInput } from '../compliance/cadence.js';
import type { PropertyStage } from '../properties/schema.js';

export interface PresetTemplate {
  name: string;
  subject: string;
  body_text: string;
}

/** Written with the compliance domain's upsertCadenceRules (stack/compliance/cadence.ts). */
export type PresetCadenceRule = CadenceRuleInput;

export interface Preset {
  name: string;
  title: string;
  description: string;
  stages: readonly PropertyStage[];
  templates: readonly PresetTemplate[];
  cadence: readonly PresetCadenceRule[];
}

const SIGNATURE = '\n\nBest,\n{{agent.name}}\n{{agent.email}}\n\n--\n{{team.name}}\nTo stop receiving these emails: {{unsubscribe_url}}\n';

export const PRESETS: readonly Preset[] = [
  {
    name: 'wholesaler',
    title: 'Wholesaler',
    description: 'Find motivated sellers, make offers fast, assign contracts: outreach-heavy pipeline, firm contact caps.',
    stages: ['new', 'outreach', 'contacted', 'negotiating', 'under_contract', 'closed', 'lost'],
    templates: [
      { name: 'Wholesaler: cash offer', subject: 'A cash offer for {{property.address}}', body_text: 'Hi {{lead.name}},\n\nWe buy houses as they are, for cash, and can close on your schedule. Would you consider an offer on {{property.address}}?' + SIGNATURE },
      { name: 'Wholesaler: still interested?', subject: 'Still thinking about selling?', body_text: 'Hi {{lead.name}},\n\nJust checking in: is selling still on your mind? Our offer stands and there are no fees or repairs on your side.' + SIGNATURE },
    ],
    cadence: [
      { name: 'Wholesaler: 2 texts a week', channel: 'sms', maxMessages: 2, windowDays: 7 },
      { name: 'Wholesaler: quiet nights', channel: 'any', quietStartHour: 21, quietEndHour: 8 },
    ],
  },
  {
    name: 'listing_agent',
    title: 'Listing agent',
    description: 'Win listings and market them: qualification before negotiation, gentle nurture emails.',
    stages: ['new', 'contacted', 'qualified', 'negotiating', 'under_contract', 'closed', 'lost', 'archived'],
    templates: [
      { name: 'Listing agent: free valuation', subject: 'What is your home worth today?', body_text: 'Hi {{lead.name}},\n\nHomes near you have been selling quickly. I would be glad to prepare a free, no-obligation valuation.' + SIGNATURE },
      { name: 'Listing agent: open house recap', subject: 'Thanks for visiting {{property.address}}', body_text: 'Hi {{lead.name}},\n\nThank you for coming to the open house at {{property.address}}. Any questions, or a second viewing?' + SIGNATURE },
    ],
    cadence: [{ name: 'Listing agent: 3 emails a week', channel: 'email', maxMessages: 3, windowDays: 7 }],
  },
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
