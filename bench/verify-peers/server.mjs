/**
 * The small API every runner of the verify-peers benchmark talks to: just enough of the
 * platform for the 10-request flow, in memory, on node:http. POST /auth/login answers a
 * token; POST /properties, GET and PATCH /properties/{id} need it; anything else is a 404
 * problem+json. Listens on a free port of 127.0.0.1 and prints `{"port":N}` once ready.
 */
import crypto from 'node:crypto';
import http from 'node:http';

const USER = { email: 'bench@example.test', password: 'Bench-Pass-1' };
const tokens = new Set();
const properties = new Map();

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function problem(res, status, title, detail) {
  const text = JSON.stringify({ type: 'about:blank', title, status, detail });
  res.writeHead(status, { 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  try {
    return raw === '' ? {} : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function authorized(req) {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  return match !== null && tokens.has(match[1]);
}

async function login(req, res) {
  const body = await readJson(req);
  if (body?.email !== USER.email || body?.password !== USER.password) return problem(res, 401, 'Unauthorized', 'wrong email or password');
  const token = crypto.randomBytes(24).toString('base64url');
  tokens.add(token);
  send(res, 200, { access_token: token, token_type: 'bearer', expires_in: 900 });
}

async function createProperty(req, res) {
  const body = await readJson(req);
  if (!body || typeof body.address !== 'string') return problem(res, 422, 'Unprocessable Entity', 'address is required');
  const property = { id: crypto.randomUUID(), stage: 'new', ...body };
  properties.set(property.id, property);
  send(res, 201, property, { Location: `/properties/${property.id}` });
}

async function patchProperty(req, res, property) {
  const body = await readJson(req);
  if (!body) return problem(res, 422, 'Unprocessable Entity', 'the body must be JSON');
  Object.assign(property, body, { id: property.id });
  send(res, 200, property);
}

async function route(req, res) {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'POST' && url.pathname === '/auth/login') return login(req, res);
  const item = /^\/properties\/([^/]+)$/.exec(url.pathname);
  if (url.pathname !== '/properties' && !item) return problem(res, 404, 'Not Found', `no route for ${req.method} ${url.pathname}`);
  if (!authorized(req)) return problem(res, 401, 'Unauthorized', 'a valid bearer token is required');
  if (!item && req.method === 'POST') return createProperty(req, res);
  if (!item && req.method === 'GET') return send(res, 200, { items: [...properties.values()], total: properties.size });
  const property = item && properties.get(item[1]);
  if (!property) return problem(res, 404, 'Not Found', `no property ${item?.[1]}`);
  if (req.method === 'GET') return send(res, 200, property);
  if (req.method === 'PATCH') return patchProperty(req, res, property);
  problem(res, 405, 'Method Not Allowed', `${req.method} is not allowed here`);
}

const server = http.createServer((req, res) => {
  route(req, res).catch((error) => problem(res, 500, 'Internal Server Error', error.message));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
