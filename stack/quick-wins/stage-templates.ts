/**
 * Which shipped campaign template suits a property at each pipeline stage (the first is the
 * one `generate-and-send` uses), and the short SMS text sent in its place on the sms channel.
 *
 * | stage          | templates                 | why                                             |
 * |----------------|---------------------------|-------------------------------------------------|
 * | new, outreach  | new_listing, open_house   | announce the listing, then invite to see it     |
 * | contacted      | follow_up, open_house     | keep the conversation going                     |
 * | qualified      | open_house, follow_up     | a serious buyer: get them through the door      |
 * | negotiating    | price_drop, follow_up     | a price move is what unblocks a negotiation     |
 * | under_contract | follow_up                 | keep the buyer informed to closing              |
 * | closed         | follow_up                 | thank-you and referral ask                      |
 * | lost           | price_drop, follow_up     | win back with the new price                     |
 * | archived       | (none)                    | not marketed any more                           |
 */
import type { PropertyStage } from '../properties/schema.js';

export const STAGE_TEMPLATES: Record<PropertyStage, readonly string[]> = {
  new: ['new_listing', 'open_house'],
  outreach: ['new_listing', 'open_house'],
  contacted: ['follow_up', 'open_house'],
  qualified: ['open_house', 'follow_up'],
  negotiating: ['price_drop', 'follow_up'],
  under_contract: ['follow_up'],
  closed: ['follow_up'],
  lost: ['price_drop', 'follow_up'],
  archived: [],
};

/** SMS bodies by template id; `{name}`, `{address}`, `{city}`, `{agent}` are filled per lead. */
export const SMS_TEXT: Record<string, string> = {
  new_listing: 'Hi {name}, {agent} here: {address}, {city} just came on the market. Want a viewing? Reply STOP to opt out.',
  open_house: 'Hi {name}, {agent} here: open house at {address}, {city} this weekend. Reply YES to join. Reply STOP to opt out.',
  price_drop: 'Hi {name}, {agent} here: the price of {address}, {city} was reduced. Want the details? Reply STOP to opt out.',
  follow_up: 'Hi {name}, {agent} here, following up about {address}, {city}. Anything I can help with? Reply STOP to opt out.',
};

export function smsText(templateId: string, values: { name: string; address: string; city: string; agent: string }): string {
  const text = SMS_TEXT[templateId] ?? SMS_TEXT.follow_up;
  return text.replace(/\{(name|address|city|agent)\}/g, (_, key: keyof typeof values) => values[key]);
}
