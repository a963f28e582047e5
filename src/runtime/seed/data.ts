/**
 * The demo data set `reos db seed` writes: one team (its owner registers it), an agent, and
 * properties, leads with activities and deals spread over every stage a presenter shows. Each
 * record has a natural key (email, address, lead email, deal title) by which a second run finds
 * it instead of creating it again. The passwords are mock values, printed by the command.
 */
export const DEMO_OWNER = { email: 'owner@demo.reos.test', password: 'Demo-Owner-2026!', name: 'Olivia Owner' };
export const DEMO_AGENT = { email: 'agent@demo.reos.test', password: 'Demo-Agent-2026!', name: 'Adam Agent', role: 'agent' as const };

export interface DemoProperty {
  address: string;
  city: string;
  state: string;
  zip: string;
  price: number;
  bedrooms: number;
  bathrooms: number;
  sqft: number;
  property_type: 'single_family' | 'condo' | 'townhouse' | 'multi_family' | 'land' | 'commercial';
  owner_name: string;
  stage: 'new' | 'outreach' | 'contacted' | 'qualified' | 'negotiating' | 'under_contract' | 'closed' | 'lost';
}

export const DEMO_PROPERTIES: DemoProperty[] = [
  { address: '123 Demo St', city: 'Austin', state: 'TX', zip: '78701', price: 450000, bedrooms: 3, bathrooms: 2, sqft: 1850, property_type: 'single_family', owner_name: 'Jane Seller', stage: 'new' },
  { address: '48 Harbor View Dr', city: 'San Diego', state: 'CA', zip: '92101', price: 825000, bedrooms: 2, bathrooms: 2, sqft: 1200, property_type: 'condo', owner_name: 'Marco Rossi', stage: 'outreach' },
  { address: '901 Maple Ave', city: 'Columbus', state: 'OH', zip: '43215', price: 289000, bedrooms: 4, bathrooms: 2.5, sqft: 2300, property_type: 'single_family', owner_name: 'Priya Patel', stage: 'contacted' },
  { address: '77 Elm Row', city: 'Denver', state: 'CO', zip: '80202', price: 615000, bedrooms: 3, bathrooms: 3, sqft: 1980, property_type: 'townhouse', owner_name: 'Sam Lee', stage: 'qualified' },
  { address: '15 Lakeshore Blvd', city: 'Chicago', state: 'IL', zip: '60601', price: 1250000, bedrooms: 5, bathrooms: 4, sqft: 3400, property_type: 'single_family', owner_name: 'Grace Kim', stage: 'negotiating' },
  { address: '3300 Commerce Pkwy', city: 'Atlanta', state: 'GA', zip: '30303', price: 2100000, bedrooms: 0, bathrooms: 2, sqft: 8000, property_type: 'commercial', owner_name: 'Peachtree Holdings', stage: 'under_contract' },
  { address: '12 Orchard Ln', city: 'Portland', state: 'OR', zip: '97201', price: 540000, bedrooms: 3, bathrooms: 2, sqft: 1700, property_type: 'single_family', owner_name: 'Tom Baker', stage: 'closed' },
  { address: '600 Prairie Rd', city: 'Omaha', state: 'NE', zip: '68102', price: 175000, bedrooms: 0, bathrooms: 0, sqft: 43560, property_type: 'land', owner_name: 'Ruth Miller', stage: 'lost' },
];

export interface DemoLead {
  name: string;
  email: string;
  phone: string;
  source: string;
  status: 'new' | 'contacted' | 'qualified' | 'nurturing' | 'converted' | 'lost';
  /** Address of the property the lead is interested in. */
  property: string;
  /** Assigned to the agent (else to nobody). */
  toAgent: boolean;
  activities: { type: 'call' | 'email' | 'sms' | 'meeting' | 'showing' | 'note'; note: string; outcome?: string }[];
}

export const DEMO_LEADS: DemoLead[] = [
  { name: 'Jane Prospect', email: 'jane.prospect@demo.reos.test', phone: '555-0100', source: 'website', status: 'new', property: '123 Demo St', toAgent: true, activities: [{ type: 'email', note: 'Sent the listing brochure' }] },
  { name: 'Carlos Diaz', email: 'carlos.diaz@demo.reos.test', phone: '555-0101', source: 'referral', status: 'contacted', property: '901 Maple Ave', toAgent: true, activities: [{ type: 'call', note: 'Initial contact - interested in 3BR homes', outcome: 'positive' }, { type: 'sms', note: 'Confirmed Saturday showing' }] },
  { name: 'Mei Chen', email: 'mei.chen@demo.reos.test', phone: '555-0102', source: 'open house', status: 'qualified', property: '77 Elm Row', toAgent: false, activities: [{ type: 'showing', note: 'Toured the townhouse with her partner', outcome: 'very interested' }, { type: 'meeting', note: 'Reviewed pre-approval letter' }] },
  { name: 'David Okafor', email: 'david.okafor@demo.reos.test', phone: '555-0103', source: 'zillow', status: 'nurturing', property: '48 Harbor View Dr', toAgent: true, activities: [{ type: 'note', note: 'Wants to buy after the school year ends' }] },
  { name: 'Sofia Rossi', email: 'sofia.rossi@demo.reos.test', phone: '555-0104', source: 'website', status: 'converted', property: '12 Orchard Ln', toAgent: true, activities: [{ type: 'call', note: 'Accepted the counter-offer', outcome: 'closed' }] },
  { name: 'Liam Walsh', email: 'liam.walsh@demo.reos.test', phone: '555-0105', source: 'cold call', status: 'lost', property: '600 Prairie Rd', toAgent: false, activities: [{ type: 'call', note: 'Bought elsewhere', outcome: 'lost' }] },
];

export interface DemoDeal {
  title: string;
  property: string;
  /** Email of the lead on the deal. */
  lead: string;
  value: number;
  expected_close_date: string;
  /** The open status it is created in, then the moves (through the API's transition rules). */
  start: 'prospecting' | 'offer_made' | 'negotiation' | 'under_contract';
  moves: ('negotiation' | 'under_contract' | 'closed_won' | 'closed_lost')[];
}

export const DEMO_DEALS: DemoDeal[] = [
  { title: '123 Demo St - Jane Prospect', property: '123 Demo St', lead: 'jane.prospect@demo.reos.test', value: 450000, expected_close_date: '2027-03-31', start: 'prospecting', moves: [] },
  { title: '901 Maple Ave - Carlos Diaz', property: '901 Maple Ave', lead: 'carlos.diaz@demo.reos.test', value: 285000, expected_close_date: '2027-02-15', start: 'offer_made', moves: [] },
  { title: '15 Lakeshore Blvd - Mei Chen', property: '15 Lakeshore Blvd', lead: 'mei.chen@demo.reos.test', value: 1200000, expected_close_date: '2027-01-31', start: 'negotiation', moves: [] },
  { title: '3300 Commerce Pkwy - Peachtree', property: '3300 Commerce Pkwy', lead: 'david.okafor@demo.reos.test', value: 2050000, expected_close_date: '2026-12-20', start: 'negotiation', moves: ['under_contract'] },
  { title: '12 Orchard Ln - Sofia Rossi', property: '12 Orchard Ln', lead: 'sofia.rossi@demo.reos.test', value: 530000, expected_close_date: '2026-11-01', start: 'under_contract', moves: ['closed_won'] },
  { title: '600 Prairie Rd - Liam Walsh', property: '600 Prairie Rd', lead: 'liam.walsh@demo.reos.test', value: 170000, expected_close_date: '2026-10-15', start: 'prospecting', moves: ['closed_lost'] },
];
