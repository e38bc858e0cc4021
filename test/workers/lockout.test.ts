// Lockout on the edge: the Worker counts failures in D1 (DbLockoutStore), so every isolate sees
// them. Clients are told apart by CF-Connecting-IP. login_max_failures is 50 in this project.

import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, TEST_USER } from '../support/test-config.ts';

const MAX = 50;
const basic = (u: string, p: string) => `Basic ${btoa(`${u}:${p}`)}`;
const GOOD = basic(TEST_USER, TEST_PASSWORD);
const call = (path: string, ip: string, authorization: string, method = 'GET') =>
  SELF.fetch(`https://tickhub.test${path}`, { method, headers: { 'cf-connecting-ip': ip, authorization } });

async function failures(subject: string) {
  return env.DB.prepare('SELECT failures, locked_until FROM login_failures WHERE subject = ?')
    .bind(subject)
    .first<{ failures: number; locked_until: number }>();
}

describe('lockout (workers, D1 store)', () => {
  it('locks an IP after login_max_failures with 429 + Retry-After; other IPs unaffected', async () => {
    const ip = '192.0.2.1';
    for (let i = 0; i < MAX; i++) {
      const r = await call('/api/v1/version', ip, basic('mallory', `guess-${i}`));
      expect(r.status).toBe(401);
      await r.arrayBuffer();
    }
    const locked = await call('/api/v1/version', ip, GOOD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect(await locked.json()).toEqual({ detail: 'Too many failed login attempts, try again later.' });
    const login = await call('/api/v1/token/login', ip, GOOD, 'POST');
    expect(login.status).toBe(429);
    await login.arrayBuffer();

    const other = await call('/api/v1/version', '192.0.2.2', GOOD);
    expect(other.status).toBe(200);
    await other.arrayBuffer();

    const row = await failures(`ip:${ip}`);
    expect(row?.failures).toBe(MAX);
    expect(row?.locked_until).toBeGreaterThan(Date.now());
  });

  it('doubles the wait for a failure after an expired lock (state in D1)', async () => {
    const ip = '192.0.2.3';
    await env.DB.prepare('INSERT INTO login_failures (subject, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)')
      .bind(`ip:${ip}`, MAX, Date.now() - 1000, Date.now() - 61_000)
      .run();
    const retry = await call('/api/v1/version', ip, basic('trudy', 'again'));
    expect(retry.status).toBe(401);
    await retry.arrayBuffer();
    const locked = await call('/api/v1/version', ip, GOOD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBe(120);
    await locked.arrayBuffer();
  });

  it('locks a username tried from many IPs; the IPs stay usable for other users', async () => {
    const user = 'victim';
    for (let i = 0; i < MAX; i++) {
      const r = await call('/api/v1/token/login', `198.51.100.${i + 1}`, basic(user, 'wrong'), 'POST');
      expect(r.status).toBe(401);
      await r.arrayBuffer();
    }
    expect((await failures(`user:${user}`))?.failures).toBe(MAX);
    const fresh = await call('/api/v1/token/login', '198.51.100.200', basic(user, 'whatever'), 'POST');
    expect(fresh.status).toBe(429);
    await fresh.arrayBuffer();
    const otherUser = await call('/api/v1/version', '198.51.100.1', GOOD);
    expect(otherUser.status).toBe(200);
    await otherUser.arrayBuffer();
  });
});
