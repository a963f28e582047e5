/**
 * ETags and preconditions on deals: the shared contract (GET with ETag and 304, PATCH and DELETE
 * honouring If-Match atomically, 404 before 412).
 */
import { describeConditionalRequests } from '../../test/support/conditional-requests.js';

describeConditionalRequests({ collection: '/deals', create: { title: '123 Demo St' }, patches: [{ title: 'Offer A' }, { value: 250000 }] });
