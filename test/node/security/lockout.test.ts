// Brute-force lockout: per IP and per username, 429 + Retry-After, doubling back-off, other
// clients unaffected; the guard on both stores, and over HTTP with distinct client IPs through a
// trusted proxy header.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ipSubject, type LockoutStore, LoginGuard, MemoryLockoutStore } from '../../../src/api/auth/lockout.ts';
import { DbLockoutStore } from '../../../src/db/repo/login-failures.ts';
import { type OpenDatabase, openDatabase } from '../../../src/hosts/node/database.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { basicAuth, startTestServer, type TestServer } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';

const POLICY = { maxFailures: 3, lockoutMs: 60_000 };
let dir: string;
let database: OpenDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickhub-lockout-'));
  database = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const stores: [string, () => LockoutStore][] = [
  ['memory', () => new MemoryLockoutStore()],
  ['database', () => new DbLockoutStore(database.db)],
];

describe.each(stores)('LoginGuard (%s store)', (_name, makeStore) => {
  it('locks an IP after maxFailures, then doubles the wait on each further failure', async () => {
    const guard = new LoginGuard(makeStore(), () => POLICY);
    const t0 = 1_000_000;
    const ip = `10.0.0.${Math.floor(Math.random() * 200)}`;
    const user = `u-${Math.random()}`;
    for (let i = 0; i < 2; i++) await guard.recordFailure(ip, user, t0);
    expect(await guard.retryAfterMs(ip, user, t0)).toBe(0);
    await guard.recordFailure(ip, user, t0);
    expect(await guard.retryAfterMs(ip, user, t0)).toBe(60_000);
    expect(await guard.retryAfterMs(ip, 'someone-else', t0)).toBe(60_000); // the IP is locked
    expect(await guard.retryAfterMs('10.9.9.9', 'someone-else', t0)).toBe(0);
    expect(await guard.retryAfterMs(ip, user, t0 + 60_000)).toBe(0);
    await guard.recordFailure(ip, user, t0 + 60_000);
    expect(await guard.retryAfterMs(ip, user, t0 + 60_000)).toBe(120_000);
    await guard.recordFailure(ip, user, t0 + 180_000);
    expect(await guard.retryAfterMs(ip, user, t0 + 180_000)).toBe(240_000);
    await guard.recordSuccess(ip, user, t0 + 180_000);
    expect(await guard.retryAfterMs(ip, user, t0 + 180_000)).toBe(0);
  });

  it('keeps a known client working while its username is locked for strangers (issue 18)', async () => {
    const guard = new LoginGuard(makeStore(), () => POLICY);
    const owner = `10.1.1.${Math.floor(Math.random() * 200)}`;
    const user = `admin-${Math.random()}`;
    await guard.recordSuccess(owner, user, 0);
    for (let i = 1; i <= 3; i++) await guard.recordFailure(`192.0.2.${i}`, user, 1_000);
    expect(await guard.retryAfterMs('192.0.2.77', user, 1_000)).toBe(60_000); // strangers: locked
    expect(await guard.retryAfterMs(owner, user, 1_000)).toBe(0); // the owner: not
    expect(await guard.isKnownClient(owner, `${user}-other`, 1_000)).toBe(false);
    // known for 30 days after the last success
    expect(await guard.isKnownClient(owner, user, 29 * 86_400_000)).toBe(true);
    expect(await guard.isKnownClient(owner, user, 31 * 86_400_000)).toBe(false);
  });

  it('locks a username tried from many IPs, without locking those IPs for other users', async () => {
    const guard = new LoginGuard(makeStore(), () => POLICY);
    const user = `victim-${Math.random()}`;
    for (let i = 1; i <= 3; i++) await guard.recordFailure(`192.0.2.${i}`, user, 5_000);
    expect(await guard.retryAfterMs('192.0.2.99', user, 5_000)).toBe(60_000);
    expect(await guard.retryAfterMs('192.0.2.1', 'other-user', 5_000)).toBe(0);
  });
});

describe('IPv6 clients are counted per /64', () => {
  it('ipSubject keeps IPv4 and reduces IPv6 to its /64 prefix', () => {
    expect(ipSubject('198.51.100.7')).toBe('198.51.100.7');
    expect(ipSubject('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(ipSubject('2001:0DB8:0000:0001:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
    expect(ipSubject('::1')).toBe('0:0:0:0::/64');
    expect(ipSubject('unknown')).toBe('unknown');
  });

  it('rotating addresses inside one /64 does not reset the count', async () => {
    const guard = new LoginGuard(new MemoryLockoutStore(), () => POLICY);
    for (let i = 1; i <= 3; i++) await guard.recordFailure(`2001:db8:0:7::${i}`, `user-${i}`, 0);
    expect(await guard.retryAfterMs('2001:db8:0:7:ffff::1', 'fresh-user', 0)).toBe(60_000);
    expect(await guard.retryAfterMs('2001:db8:0:8::1', 'fresh-user', 0)).toBe(0);
  });
});

describe('MemoryLockoutStore under a spray of subjects', () => {
  it('stays bounded and keeps the subjects that are locked', async () => {
    const store = new MemoryLockoutStore();
    await store.put('ip:victim-lock', { failures: 9, lockedUntil: 10_000 }, 0);
    for (let i = 0; i < 100_100; i++) await store.put(`ip:spray-${i}`, { failures: 1, lockedUntil: 0 }, 5);
    expect(await store.get('ip:victim-lock')).toEqual({ failures: 9, lockedUntil: 10_000 });
    expect(await store.get('ip:spray-0')).toBeUndefined();
    expect(await store.get('ip:spray-100099')).toEqual({ failures: 1, lockedUntil: 0 });
  });
});

describe('lockout over HTTP (Node)', () => {
  let server: TestServer;
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const from = (ip: string, authorization: string) => ({ headers: { 'x-forwarded-for': ip, authorization } });
  const wrong = (user = TEST_USER) => basicAuth(user, 'wrong-password');
  const good = basicAuth(TEST_USER, TEST_PASSWORD);

  beforeAll(async () => {
    server = await startTestServer(
      { api_server: { login_max_failures: 3, login_lockout_secs: 60, trusted_proxies: ['127.0.0.1'] } },
      { clock },
    );
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    clock.advance(3_600_000 * 24); // let every lock from one test expire before the next
  });

  it('per IP: 429 with Retry-After on Basic routes and token/login; other IPs unaffected; doubling', async () => {
    const ip = '198.51.100.10';
    for (let i = 0; i < 3; i++) {
      const r = await server.fetch('/api/v1/version', from(ip, wrong('nobody')));
      expect(r.status).toBe(401);
    }
    const locked = await server.fetch('/api/v1/version', from(ip, good));
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect(await locked.json()).toEqual({ detail: 'Too many failed login attempts, try again later.' });
    const login = await server.fetch('/api/v1/token/login', { method: 'POST', ...from(ip, good) });
    expect(login.status).toBe(429);

    const other = await server.fetch('/api/v1/version', from('198.51.100.11', good));
    expect(other.status).toBe(200);

    clock.advance(60_000);
    expect((await server.fetch('/api/v1/version', from(ip, wrong('nobody')))).status).toBe(401);
    const doubled = await server.fetch('/api/v1/version', from(ip, good));
    expect(doubled.status).toBe(429);
    expect(doubled.headers.get('retry-after')).toBe('120');
  });

  it('per username: rotating IPs does not help; other usernames and IPs unaffected', async () => {
    for (let i = 1; i <= 3; i++) {
      const r = await server.fetch('/api/v1/token/login', { method: 'POST', ...from(`203.0.113.${i}`, wrong()) });
      expect(r.status).toBe(401);
    }
    const fresh = await server.fetch('/api/v1/token/login', { method: 'POST', ...from('203.0.113.50', good) });
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('retry-after'))).toBe(60);
    // the IPs used are not locked for a different username
    const otherUser = await server.fetch('/api/v1/version', from('203.0.113.1', wrong('another')));
    expect(otherUser.status).toBe(401);
    clock.advance(61_000);
    expect((await server.fetch('/api/v1/version', from('203.0.113.50', good))).status).toBe(200);
  });

  it('a success resets the counters', async () => {
    const ip = '198.51.100.20';
    for (let i = 0; i < 2; i++) await server.fetch('/api/v1/version', from(ip, wrong()));
    expect((await server.fetch('/api/v1/version', from(ip, good))).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      expect((await server.fetch('/api/v1/version', from(ip, wrong()))).status).toBe(401);
    }
    expect((await server.fetch('/api/v1/version', from(ip, good))).status).toBe(200);
  });

  it('parallel guesses cannot exceed the limit', async () => {
    const ip = '198.51.100.30';
    const results = await Promise.all(
      Array.from({ length: 20 }, () => server.fetch('/api/v1/version', from(ip, wrong('burst')))),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
  });

  it('cannot be used against the owner: a client that logged in before keeps working (issue 18)', async () => {
    const owner = '198.51.100.60';
    expect((await server.fetch('/api/v1/version', from(owner, good))).status).toBe(200);
    // an attacker fails on purpose for the owner's username, from several addresses, renewing the lock
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3; i++) {
        const r = await server.fetch('/api/v1/token/login', {
          method: 'POST',
          ...from(`203.0.113.${100 + i}`, wrong()),
        });
        expect([401, 429]).toContain(r.status);
      }
      clock.advance(30_000);
      // the owner: Basic auth and token login still work
      expect((await server.fetch('/api/v1/version', from(owner, good))).status).toBe(200);
      expect((await server.fetch('/api/v1/token/login', { method: 'POST', ...from(owner, good) })).status).toBe(200);
    }
    // the attacker: 429 with Retry-After, also with the right password from a stranger's address
    const attacker = await server.fetch('/api/v1/version', from('203.0.113.100', wrong()));
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await server.fetch('/api/v1/version', from('203.0.113.199', good))).status).toBe(429);
    const lines = server.deps.logs.recent().map((r) => r[4]);
    expect(lines).toContain('Authentication failure: ip=203.0.113.100 user="tester" path=/api/v1/token/login');
  });

  it('writes one stable log line per failure, with IP and username', async () => {
    const before = server.deps.logs.recent().length;
    await server.fetch('/api/v1/version', from('198.51.100.40', basicAuth('eve "x"', 'nope')));
    await server.fetch('/api/v1/token/login', { method: 'POST', ...from('198.51.100.41', wrong('mallory')) });
    const lines = server.deps.logs
      .recent()
      .slice(before)
      .map((r) => r[4])
      .filter((m) => m.startsWith('Authentication failure'));
    expect(lines).toEqual([
      'Authentication failure: ip=198.51.100.40 user="eve \\"x\\"" path=/api/v1/version',
      'Authentication failure: ip=198.51.100.41 user="mallory" path=/api/v1/token/login',
    ]);
  });
});

describe('X-Forwarded-For without trusted_proxies', () => {
  it('is ignored: a spoofed header does not escape the lockout', async () => {
    const server = await startTestServer({ api_server: { login_max_failures: 2 } });
    try {
      for (let i = 0; i < 2; i++) {
        await server.fetch('/api/v1/version', { headers: { authorization: basicAuth('x', 'y') } });
      }
      const spoofed = await server.fetch('/api/v1/version', {
        headers: { authorization: server.basic, 'x-forwarded-for': '192.0.2.77' },
      });
      expect(spoofed.status).toBe(429);
      const line = server.deps.logs.recent().find((r) => r[4].startsWith('Authentication failure'));
      expect(line?.[4]).toMatch(/^Authentication failure: ip=127\.0\.0\.1 user="x" path=\/api\/v1\/version$/);
    } finally {
      await server.close();
    }
  });
});
