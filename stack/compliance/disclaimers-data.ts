/**
 * The shipped state disclaimers: every US state and DC with its real-estate licensing
 * regulator and a short disclosure to print on marketing (who licenses the brokerage, plus the
 * state's best-known disclosure duty where there is one). Short and generic on purpose: a team's
 * lawyer has the last word; this is the default the quick wins and templates can cite.
 */
export interface StateDisclaimer {
  state: string;
  name: string;
  regulator: string;
  text: string;
}

type Row = [state: string, name: string, regulator: string, note?: string];

const ROWS: Row[] = [
  ['AL', 'Alabama', 'Alabama Real Estate Commission', 'Alabama law requires the RECAD brochure on brokerage services to be given at first substantive contact.'],
  ['AK', 'Alaska', 'Alaska Real Estate Commission', 'The Alaska Consumer Pamphlet on real estate relationships is available on request.'],
  ['AZ', 'Arizona', 'Arizona Department of Real Estate'],
  ['AR', 'Arkansas', 'Arkansas Real Estate Commission'],
  ['CA', 'California', 'California Department of Real Estate (DRE)', 'The responsible broker’s name and DRE license number appear on all first-contact solicitation materials.'],
  ['CO', 'Colorado', 'Colorado Division of Real Estate', 'Different brokerage relationships are available; see the Colorado Definitions of Working Relationships.'],
  ['CT', 'Connecticut', 'Connecticut Department of Consumer Protection, Real Estate Commission'],
  ['DE', 'Delaware', 'Delaware Real Estate Commission'],
  ['DC', 'District of Columbia', 'District of Columbia Real Estate Commission'],
  ['FL', 'Florida', 'Florida Real Estate Commission (FREC)', 'Florida licensees are presumed to act as transaction brokers unless another relationship is agreed in writing.'],
  ['GA', 'Georgia', 'Georgia Real Estate Commission'],
  ['HI', 'Hawaii', 'Hawaii Real Estate Commission'],
  ['ID', 'Idaho', 'Idaho Real Estate Commission', 'The Idaho Agency Disclosure Brochure is provided before any agency agreement.'],
  ['IL', 'Illinois', 'Illinois Department of Financial and Professional Regulation'],
  ['IN', 'Indiana', 'Indiana Real Estate Commission'],
  ['IA', 'Iowa', 'Iowa Real Estate Commission'],
  ['KS', 'Kansas', 'Kansas Real Estate Commission', 'The Kansas Real Estate Brokerage Relationships brochure is available on request.'],
  ['KY', 'Kentucky', 'Kentucky Real Estate Commission'],
  ['LA', 'Louisiana', 'Louisiana Real Estate Commission'],
  ['ME', 'Maine', 'Maine Real Estate Commission', 'The Real Estate Brokerage Relationships Form is provided at the first substantive contact.'],
  ['MD', 'Maryland', 'Maryland Real Estate Commission', 'The Understanding Whom Real Estate Agents Represent notice is provided at the first scheduled face-to-face meeting.'],
  ['MA', 'Massachusetts', 'Massachusetts Board of Registration of Real Estate Brokers and Salespersons', 'The Massachusetts Mandatory Licensee-Consumer Relationship Disclosure is provided at the first personal meeting.'],
  ['MI', 'Michigan', 'Michigan Department of Licensing and Regulatory Affairs (LARA)'],
  ['MN', 'Minnesota', 'Minnesota Department of Commerce', 'The Minnesota Agency Relationships in Real Estate Transactions disclosure is provided at the first substantive contact.'],
  ['MS', 'Mississippi', 'Mississippi Real Estate Commission'],
  ['MO', 'Missouri', 'Missouri Real Estate Commission', 'The Missouri Broker Disclosure Form is provided before any real estate service is performed.'],
  ['MT', 'Montana', 'Montana Board of Realty Regulation'],
  ['NE', 'Nebraska', 'Nebraska Real Estate Commission'],
  ['NV', 'Nevada', 'Nevada Real Estate Division', 'The Duties Owed by a Nevada Real Estate Licensee disclosure is provided before any agreement.'],
  ['NH', 'New Hampshire', 'New Hampshire Real Estate Commission'],
  ['NJ', 'New Jersey', 'New Jersey Real Estate Commission', 'The New Jersey Consumer Information Statement on brokerage relationships is provided before any substantive discussion.'],
  ['NM', 'New Mexico', 'New Mexico Real Estate Commission'],
  ['NY', 'New York', 'New York Department of State, Division of Licensing Services', 'New York agency disclosure and the Housing and Anti-Discrimination Disclosure Form are provided at the first substantive contact; the brokerage’s Standardized Operating Procedures are available on request.'],
  ['NC', 'North Carolina', 'North Carolina Real Estate Commission', 'The Working with Real Estate Agents brochure is reviewed at the first substantial contact.'],
  ['ND', 'North Dakota', 'North Dakota Real Estate Commission'],
  ['OH', 'Ohio', 'Ohio Division of Real Estate and Professional Licensing', 'The Ohio Consumer Guide to Agency Relationships is provided at the first substantive contact.'],
  ['OK', 'Oklahoma', 'Oklahoma Real Estate Commission'],
  ['OR', 'Oregon', 'Oregon Real Estate Agency', 'The Initial Agency Disclosure Pamphlet is provided at the first contact.'],
  ['PA', 'Pennsylvania', 'Pennsylvania State Real Estate Commission', 'The Pennsylvania Consumer Notice is provided at the first substantive contact.'],
  ['RI', 'Rhode Island', 'Rhode Island Department of Business Regulation, Real Estate Section'],
  ['SC', 'South Carolina', 'South Carolina Real Estate Commission'],
  ['SD', 'South Dakota', 'South Dakota Real Estate Commission'],
  ['TN', 'Tennessee', 'Tennessee Real Estate Commission'],
  ['TX', 'Texas', 'Texas Real Estate Commission (TREC)', 'Texas law requires the Information About Brokerage Services (IABS) notice and the TREC Consumer Protection Notice to be made available.'],
  ['UT', 'Utah', 'Utah Division of Real Estate'],
  ['VT', 'Vermont', 'Vermont Real Estate Commission', 'The Vermont Real Estate Consumer Disclosure is provided before any confidential information is discussed.'],
  ['VA', 'Virginia', 'Virginia Real Estate Board'],
  ['WA', 'Washington', 'Washington State Department of Licensing', 'The Real Estate Brokerage in Washington pamphlet is provided before any confidential information is received.'],
  ['WV', 'West Virginia', 'West Virginia Real Estate Commission'],
  ['WI', 'Wisconsin', 'Wisconsin Department of Safety and Professional Services', 'The Wisconsin Broker Disclosure to Customers is provided before any negotiation.'],
  ['WY', 'Wyoming', 'Wyoming Real Estate Commission'],
];

export const STATE_DISCLAIMERS: readonly StateDisclaimer[] = ROWS.map(([state, name, regulator, note]) => ({
  state,
  name,
  regulator,
  text:
    `Real estate brokerage services in ${name} are provided by a brokerage licensed by the ${regulator}. ` +
    'This message is an advertisement and not an offer where prohibited; information is deemed reliable but not guaranteed. ' +
    (note ? `${note} ` : '') +
    'Equal Housing Opportunity.',
}));

const BY_STATE = new Map(STATE_DISCLAIMERS.map((d) => [d.state, d]));

/** The disclaimer of a two-letter code (any case), or undefined. */
export function disclaimerFor(state: string): StateDisclaimer | undefined {
  return BY_STATE.get(state.trim().toUpperCase());
}
