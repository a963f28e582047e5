/**
 * The templates every team sees, read-only, with stable ids (`template_id: "new_listing"` works
 * on any stack). They only use known variables, so they render for any recipient; `listing.details`
 * reads well with or without a property.
 */
import type { TemplateText } from './render.js';

export interface ShippedTemplate extends TemplateText {
  id: string;
  name: string;
}

const FOOTER = '\n\n--\n{{team.name}}\nTo stop receiving these emails: {{unsubscribe_url}}\n';

export const SHIPPED_TEMPLATES: readonly ShippedTemplate[] = [
  {
    id: 'new_listing',
    name: 'New listing alert',
    subject: 'New listing: {{listing.details}}',
    body_text: 'Hi {{lead.name}},\n\nA new home just came on the market and we thought of you:\n\n{{listing.details}}\n\nReply to this email or contact {{agent.name}} ({{agent.email}}) to arrange a viewing.' + FOOTER,
    body_html:
      '<p>Hi {{lead.name}},</p><p>A new home just came on the market and we thought of you:</p><p><strong>{{listing.details}}</strong></p>' +
      '<p>Reply to this email or contact {{agent.name}} ({{agent.email}}) to arrange a viewing.</p>' +
      '<hr><p>{{team.name}}<br><a href="{{unsubscribe_url}}">Unsubscribe</a></p>',
    variables: [],
  },
  {
    id: 'price_drop',
    name: 'Price drop',
    subject: 'Price reduced: {{property.address}}',
    body_text: 'Hi {{lead.name}},\n\nGood news: {{property.address}}, {{property.city}} is now listed at {{property.price}}.\n\nContact {{agent.name}} ({{agent.email}}) before it goes.' + FOOTER,
    body_html: null,
    variables: [],
  },
  {
    id: 'open_house',
    name: 'Open house invitation',
    subject: 'Open house at {{property.address}}',
    body_text: 'Hi {{lead.name}},\n\nYou are invited to an open house at {{property.address}}, {{property.city}} ({{listing.details}}).\n\n{{agent.name}} will be there to show you around; reply to let us know you are coming.' + FOOTER,
    body_html: null,
    variables: [],
  },
  {
    id: 'follow_up',
    name: 'Follow-up',
    subject: 'Following up from {{team.name}}',
    body_text: 'Hi {{lead.name}},\n\nI wanted to follow up on your home search. Is there anything I can help you with?\n\nBest,\n{{agent.name}}\n{{agent.email}}' + FOOTER,
    body_html: null,
    variables: [],
  },
];

export function shippedTemplate(id: string): ShippedTemplate | undefined {
  return SHIPPED_TEMPLATES.find((t) => t.id === id);
}
