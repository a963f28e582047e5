/**
 * ETags and preconditions on properties: the contract leads and deals share, held here too so
 * the three cannot drift apart.
 */
import { describeConditionalRequests } from '../../test/support/conditional-requests.js';

describeConditionalRequests({
  collection: '/properties',
  create: { address: '1 Elm St', city: 'Reno', state: 'NV', zip: '89501' },
  patches: [{ bedrooms: 2 }, { sqft: 900 }],
});
