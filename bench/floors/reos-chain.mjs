// Floor for the throughput benchmark: the real reos app (every middleware in stack/app.ts, the
// bearer-token check included) with one extra route that answers a constant instead of reading
// the database. Between the Hono hello-world and `reos up` on PostgreSQL, it splits the cost of a
// request into the middleware chain and the database read. Needs `npm run build` (reads dist/).
// A token comes on stdout after "ready": `ready <token>`.
import { serve } from '@hono/node-server';
import { createApp } from '../../dist/stack/app.js';
import { signAccessToken } from '../../dist/stack/auth/tokens.js';
import { loadStackConfig } from '../../dist/stack/config.js';
import { openDatabase } from '../../dist/stack/db/client.js';
import { requireAuth } from '../../dist/stack/lib/auth-guard.js';

// As bench/foundation.mjs runs `reos up`: no rate limit, warn-level logs.
const config = loadStackConfig({ ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: 'false' }, 'bench');
// createApp needs a database; the constant route never queries it.
const database = await openDatabase({ ephemeral: true, migrate: false });
const app = createApp({ database, config });
app.get('/chain/:id', requireAuth(), (c) => c.json({ id: c.req.param('id'), address: '123 Demo St' }));
const token = await signAccessToken(config.jwt, { id: 'bench-user', teamId: 'bench-team', role: 'agent' });
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log(`ready ${token}`));
