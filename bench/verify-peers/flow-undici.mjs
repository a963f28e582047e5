/**
 * The floor of the verify-peers benchmark: the same 10-request flow and assertions as the
 * other runners, written by hand on undici's `request`. No report, no evidence; exits 1 with
 * the first failed assertion.
 *
 *   node bench/verify-peers/flow-undici.mjs http://127.0.0.1:PORT
 */
import assert from 'node:assert/strict';
import { request } from 'undici';

const base = process.argv[2] ?? 'http://127.0.0.1:8000';

async function call(method, path, { token, json } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (json) headers['content-type'] = 'application/json';
  const res = await request(`${base}${path}`, { method, headers, body: json ? JSON.stringify(json) : undefined });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

const login = await call('POST', '/auth/login', { json: { email: 'bench@example.test', password: 'Bench-Pass-1' } });
assert.equal(login.status, 200);
assert.equal(typeof login.body.access_token, 'string');
const token = login.body.access_token;

const created = await call('POST', '/properties', { token, json: { address: '1 Bench Way', city: 'Bench', state: 'CA', zip: '90000', price: 1500000 } });
assert.equal(created.status, 201);
assert.equal(typeof created.body.id, 'string');
assert.equal(created.body.address, '1 Bench Way');
const item = `/properties/${created.body.id}`;

const read = await call('GET', item, { token });
assert.equal(read.status, 200);
assert.equal(read.body.id, created.body.id);

for (const method of ['PATCH', 'GET']) {
  const res = await call(method, item, { token, json: method === 'PATCH' ? { price: 1450000 } : undefined });
  assert.equal(res.status, 200);
  assert.equal(res.body.price, 1450000);
}

const list = await call('GET', '/properties', { token });
assert.equal(list.status, 200);
assert.ok(list.body.items.some((p) => p.id === created.body.id));

const missing = await call('GET', '/properties/does-not-exist', { token });
assert.equal(missing.status, 404);
assert.match(missing.headers['content-type'], /application\/problem\+json/);

for (let i = 0; i < 3; i++) assert.equal((await call('GET', item, { token })).status, 200);
console.log('PASS 10 requests');
