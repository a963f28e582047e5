/**
 * `reos up` on a data directory killed with SIGKILL, three times over, once after quiet writes
 * and twice in the middle of a burst of concurrent writes: each restart on the same directory
 * must take over the dead process's lock, and every write the client was told succeeded (a
 * 201 it fully read) must be there with the data it was given. Writes in flight at the kill
 * may or may not have landed; none may be half-there (each is read back whole or is a 404).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort, killAll, removeTemps, spawnReos, STACK_TIMEOUT, tempDir, waitReady, type Spawned } from '../cli/helpers.js';

interface Account {
  email: string;
  password: string;
}

interface Written {
  id: string;
  account: Account;
  body: { address: string; city: string; state: string; zip: string; price: number; bedrooms: number };
}

afterEach(killAll);
afterAll(removeTemps);

const password = 'Crash-Safe-9!';
let serial = 0;

function propertyBody(tag: string): Written['body'] {
  serial++;
  return { address: `${serial} Kill Street (${tag})`, city: 'Oakland', state: 'CA', zip: '94607', price: 100_000 + serial, bedrooms: (serial % 5) + 1 };
}

async function json(url: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('reos up killed with SIGKILL', () => {
  it('restarts on the same data directory with every acknowledged write intact', { timeout: STACK_TIMEOUT * 2 }, async () => {
    const dataDir = path.join(tempDir('reos-crash-up-'), 'data');
    const lockFile = path.join(dataDir, 'reos.lock');
    const accounts: Account[] = [];
    const written: Written[] = [];
    const attempted: Array<Pick<Written, 'account' | 'body'>> = [];

    async function start(): Promise<{ up: Spawned; url: string }> {
      const port = await freePort();
      const up = spawnReos(['up', '--data-dir', dataDir, '--port', String(port)], { env: { RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn' } });
      const url = `http://127.0.0.1:${port}`;
      await waitReady(url, up);
      expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).toBe(up.child.pid);
      return { up, url };
    }

    async function login(url: string, account: Account): Promise<string> {
      const res = await json(`${url}/auth/login`, { method: 'POST', body: account });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.access_token as string;
    }

    /** Every acknowledged write is there, field for field; an attempted one is whole or absent. */
    async function checkAll(url: string): Promise<void> {
      const tokens = new Map<string, string>();
      for (const account of accounts) tokens.set(account.email, await login(url, account));
      for (const w of written) {
        const res = await json(`${url}/properties/${w.id}`, { token: tokens.get(w.account.email) });
        expect(res.status, `acknowledged property ${w.id} after the kill`).toBe(200);
        expect(res.body).toMatchObject(w.body);
      }
      for (const account of accounts) {
        const listed = await json(`${url}/properties?limit=100`, { token: tokens.get(account.email) });
        expect(listed.status).toBe(200);
        expect(listed.body.total).toBeLessThanOrEqual(100);
        const items = listed.body.items as Array<Written['body'] & { id: string }>;
        for (const item of items) {
          const known = attempted.find((w) => w.account === account && w.body.address === item.address);
          expect(known, `an unexpected property ${item.address}`).toBeDefined();
          expect(item).toMatchObject(known!.body);
        }
      }
    }

    async function create(url: string, account: Account, token: string, tag: string): Promise<void> {
      const body = propertyBody(tag);
      attempted.push({ account, body });
      const res = await json(`${url}/properties`, { method: 'POST', token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      written.push({ id: res.body.id as string, account, body });
    }

    /** Concurrent creates until the process dies; only fully read 201s count as acknowledged. */
    async function burstAndKill(url: string, up: Spawned, account: Account, token: string, killAfter: number): Promise<number> {
      let acked = 0;
      const worker = async () => {
        for (;;) {
          try {
            await create(url, account, token, 'burst');
          } catch {
            return; // connection refused or reset: the process is gone
          }
          if (++acked === killAfter) up.child.kill('SIGKILL');
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      return acked;
    }

    for (let cycle = 1; cycle <= 3; cycle++) {
      const { up, url } = await start();
      await checkAll(url);
      const account = { email: `crash-${cycle}-${process.pid}@example.test`, password };
      const reg = await json(`${url}/auth/register`, { method: 'POST', body: { ...account, name: `Crash ${cycle}` } });
      expect(reg.status, JSON.stringify(reg.body)).toBe(201);
      accounts.push(account);
      const token = await login(url, account);
      for (let i = 0; i < 3; i++) await create(url, account, token, `quiet ${cycle}`);
      if (cycle === 1) up.child.kill('SIGKILL');
      else expect(await burstAndKill(url, up, account, token, 5 + cycle * 3)).toBeGreaterThanOrEqual(5 + cycle * 3);
      const result = await up.exited;
      expect(result.signal).toBe('SIGKILL');
      // The dead process's lock is still on disk: the next start must take it over.
      expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).toBe(up.child.pid);
    }

    const { up, url } = await start();
    await checkAll(url);
    up.child.kill('SIGTERM');
    expect((await up.exited).code).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
    console.info(`[up-sigkill] 3 kills, ${written.length} acknowledged writes all intact, ${attempted.length - written.length} in flight at a kill`);
  });
});
