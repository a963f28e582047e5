/**
 * A bearer token for `GET /inventory`: the one given (--token or REOS_TOKEN), or a throwaway
 * account registered the way scenarios do it (a random email, a random password), then logged in.
 * Only ever done against an API whose OpenAPI document lists /auth/register and /auth/login.
 */
import crypto from 'node:crypto';
import { request } from '../checks/support/undici-request.js';
import { probeUrl } from '../verify/readiness.js';

export type TokenResult = { token: string } | { problem: string };

async function postJson(base: string, path: string, body: unknown, signal: AbortSignal): Promise<{ status: number; body: unknown }> {
  const response = await request(probeUrl(base, path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the message
  }
  return { status: response.statusCode, body: parsed };
}

const detailOf = (body: unknown) => (body && typeof body === 'object' && typeof (body as { detail?: unknown }).detail === 'string' ? `: ${(body as { detail: string }).detail}` : '');

/** Registers `reos-inventory-<random>@example.test` and logs it in; never throws. */
export async function throwawayToken(base: string, signal: AbortSignal = AbortSignal.timeout(10_000)): Promise<TokenResult> {
  const email = `reos-inventory-${crypto.randomUUID()}@example.test`;
  const password = `Inv-${crypto.randomBytes(12).toString('base64url')}9!`;
  try {
    const registered = await postJson(base, '/auth/register', { email, password, name: 'reos inventory' }, signal);
    if (registered.status !== 201 && registered.status !== 200) return { problem: `registering a throwaway account answered ${registered.status}${detailOf(registered.body)}` };
    const login = await postJson(base, '/auth/login', { email, password }, signal);
    const token = (login.body as { access_token?: unknown } | undefined)?.access_token;
    if (login.status !== 200 || typeof token !== 'string') return { problem: `logging the throwaway account in answered ${login.status}${detailOf(login.body)}` };
    return { token };
  } catch (error) {
    return { problem: `could not register a throwaway account: ${(error as Error).message}` };
  }
}
