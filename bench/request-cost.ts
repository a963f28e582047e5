/**
 * CPU cost of one authenticated `GET /properties/{id}` on PostgreSQL, measured in process
 * (no socket, no load generator), side by side: the app with prepared hot reads and the same
 * app with them off (DATABASE_PREPARED_STATEMENTS=false), alternating rounds in one run.
 *
 *   node --import tsx bench/request-cost.ts [--requests 15000] [--rounds 5] [--concurrency 50]
 *
 * CPU microseconds per request (process.cpuUsage) move far less than req/s when other work
 * shares the machine, so this is the figure to compare on a busy box; bench/foundation.mjs
 * gives the end-to-end req/s and p99 over HTTP.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp } from '../stack/app.js';
import { loadStackConfig } from '../stack/config.js';
import { openDatabase, type Database } from '../stack/db/client.js';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '15000' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '50' },
  },
});
const REQUESTS = Number(args.requests);
const ROUNDS = Number(args.rounds);
const CONCURRENCY = Number(args.concurrency);
const ADMIN_URL = process.env.REOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const admin = new pg.Client(ADMIN_URL);
await admin.connect();
const name = `reos_bench_cost_${process.pid}`;
await admin.query(`drop database if exists ${name}`);
await admin.query(`create database ${name}`);
const databaseUrl = new URL(ADMIN_URL);
databaseUrl.pathname = `/${name}`;
const config = { ...loadStackConfig({ LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: 'false' }, 'bench'), databaseUrl: databaseUrl.toString() };

async function variant(label: string, preparedStatements: boolean) {
  const database: Database = await openDatabase({ databaseUrl: config.databaseUrl, preparedStatements });
  const app = createApp({ database, config });
  return { label, database, app };
}

const variants = [await variant('prepared reads', true), await variant('unprepared (baseline)', false)];
const { app } = variants[0];
const post = async (path: string, body: unknown, token?: string) => {
  const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, string>;
};
await post('/auth/register', { email: 'bench@example.test', password: 'Bench-Pass-1', name: 'Bench' });
const { access_token: token } = await post('/auth/login', { email: 'bench@example.test', password: 'Bench-Pass-1' });
const property = await post('/properties', { address: '1 Bench Way', city: 'Bench', state: 'CA', zip: '90000' }, token);

async function load(target: (typeof variants)[number], requests: number): Promise<number> {
  let sent = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent++ < requests) {
        const res = await target.app.request(`http://bench/properties/${property.id}`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET -> ${res.status}`);
      }
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / requests;
}

for (const v of variants) await load(v, 2000); // warm up both: JIT, pool connections, statements
const samples = new Map<string, number[]>(variants.map((v) => [v.label, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const v of round % 2 ? [...variants].reverse() : variants) samples.get(v.label)!.push(await load(v, REQUESTS));
}
const [fast, base] = variants.map((v) => median(samples.get(v.label)!));
console.log(`GET /properties/{id} on PostgreSQL, in process, ${CONCURRENCY} concurrent, ${ROUNDS} rounds x ${REQUESTS} requests`);
for (const v of variants) console.log(`  ${v.label.padEnd(24)} median ${Math.round(median(samples.get(v.label)!))} CPU-us/request  (rounds: ${samples.get(v.label)!.map(Math.round).join(', ')})`);
console.log(`  ratio prepared/baseline: ${(fast / base).toFixed(2)}`);
for (const v of variants) await v.database.close();
await admin.query(`drop database ${name} with (force)`);
await admin.end();
