// The LockoutStore port's contract (src/api/auth/lockout.ts): what every store promises the
// LoginGuard. Registered by the memory store and the libSQL store (test/node/security) and by the
// D1 store inside workerd (test/workers/lockout-store.test.ts). Stores may share one database
// across cases, so every case uses its own subjects.

import { describe, expect, it } from 'vitest';
import { type LockoutStore, LoginGuard } from '../../src/api/auth/lockout.ts';

let next = 0;
const fresh = (what: string) => `${what}:contract-${Date.now()}-${next++}`;

export function lockoutStoreContract(name: string, makeStore: () => LockoutStore | Promise<LockoutStore>): void {
  describe(`LockoutStore contract: ${name}`, () => {
    it('answers undefined for a subject it never saw', async () => {
      const store = await makeStore();
      expect(await store.get(fresh('ip'))).toBeUndefined();
    });

    it('returns what was put, and a later put replaces it', async () => {
      const store = await makeStore();
      const s = fresh('ip');
      await store.put(s, { failures: 1, lockedUntil: 0 }, 1_000);
      expect(await store.get(s)).toEqual({ failures: 1, lockedUntil: 0 });
      await store.put(s, { failures: 5, lockedUntil: 1_700_000_060_000 }, 2_000);
      expect(await store.get(s)).toEqual({ failures: 5, lockedUntil: 1_700_000_060_000 });
    });

    it('keeps subjects apart, and clear removes only its own subject', async () => {
      const store = await makeStore();
      const a = fresh('ip');
      const b = fresh('user');
      await store.put(a, { failures: 2, lockedUntil: 0 }, 1_000);
      await store.put(b, { failures: 3, lockedUntil: 9_000 }, 1_000);
      await store.clear(a);
      expect(await store.get(a)).toBeUndefined();
      expect(await store.get(b)).toEqual({ failures: 3, lockedUntil: 9_000 });
      await store.clear(fresh('ip')); // clearing an unknown subject is not an error
    });

    it('holds subjects with any characters the guard builds (IPv6 /64, NUL separator, unicode names)', async () => {
      const store = await makeStore();
      const subjects = [
        `${fresh('ip')}-2001:db8:0:1::/64`,
        `${fresh('known')}-2001:db8::1\u0000ädmin`,
        `${fresh('user')}-'; --`,
      ];
      for (const [i, s] of subjects.entries()) await store.put(s, { failures: i, lockedUntil: i * 10 }, 1_000);
      for (const [i, s] of subjects.entries()) expect(await store.get(s)).toEqual({ failures: i, lockedUntil: i * 10 });
    });

    it('lets the LoginGuard lock an IP at the limit, double the wait, and clear it on success', async () => {
      const guard = new LoginGuard(await makeStore(), () => ({ maxFailures: 3, lockoutMs: 60_000 }));
      const ip = `198.51.100.${next++ % 250}`;
      const user = fresh('name');
      const now = 1_700_000_000_000 + next * 1_000_000_000;
      for (let i = 0; i < 2; i++) await guard.recordFailure(ip, user, now);
      expect(await guard.retryAfterMs(ip, user, now)).toBe(0);
      await guard.recordFailure(ip, user, now);
      expect(await guard.retryAfterMs(ip, user, now)).toBe(60_000);
      await guard.recordFailure(ip, user, now + 60_001);
      expect(await guard.retryAfterMs(ip, undefined, now + 60_001)).toBe(120_000);
      await guard.recordSuccess(ip, user, now + 200_000);
      expect(await guard.retryAfterMs(ip, undefined, now + 200_000)).toBe(0);
      // The username stays locked for strangers, but this client is now known and passes.
      expect(await guard.isKnownClient(ip, user, now + 200_000)).toBe(true);
      expect(await guard.retryAfterMs(`203.0.113.${next++ % 250}`, user, now + 60_002)).toBeGreaterThan(0);
    });
  });
}
