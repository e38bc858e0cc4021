// Brute-force protection: failures are counted per client IP and per username; past the limit
// the subject is locked out with a doubling back-off. Two stores share one contract: in memory
// (one Node process) and in the database (src/db/repo/login-failures.ts: every Worker isolate sees
// the same counters).

import type { LoginFailureRecord } from '../../db/repo/login-failures.ts';

export interface LockoutPolicy {
  maxFailures: number;
  lockoutMs: number;
}

export type FailureRecord = LoginFailureRecord;

export interface LockoutStore {
  get(subject: string): Promise<FailureRecord | undefined>;
  put(subject: string, record: FailureRecord, now: number): Promise<void>;
  clear(subject: string): Promise<void>;
}

const MEMORY_STORE_LIMIT = 100_000;

export class MemoryLockoutStore implements LockoutStore {
  private readonly map = new Map<string, FailureRecord>();
  async get(subject: string) {
    return this.map.get(subject);
  }
  async put(subject: string, record: FailureRecord, now: number) {
    if (this.map.size >= MEMORY_STORE_LIMIT) this.evict(now);
    this.map.delete(subject); // re-insert: the Map's order is the order of last failure
    this.map.set(subject, record);
  }
  /** Bounds memory under a spray of random IPs/usernames: drop unlocked, then oldest entries. */
  private evict(now: number) {
    for (const [k, r] of this.map) if (r.lockedUntil <= now) this.map.delete(k);
    for (const k of this.map.keys()) {
      if (this.map.size < MEMORY_STORE_LIMIT * 0.9) break;
      this.map.delete(k);
    }
  }
  async clear(subject: string) {
    this.map.delete(subject);
  }
}

/**
 * The unit an IP is counted in: IPv4 addresses as they are, IPv6 addresses by their /64 prefix
 * (one subscriber usually holds a whole /64, so rotating inside it must not reset the count).
 */
export function ipSubject(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.toLowerCase().split('::', 2);
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return ip;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export class LoginGuard {
  private readonly store: LockoutStore;
  private readonly policy: () => LockoutPolicy;
  constructor(store: LockoutStore, policy: () => LockoutPolicy) {
    this.store = store;
    this.policy = policy;
  }

  private subjects(ip: string, username: string): string[] {
    return [`ip:${ipSubject(ip)}`, `user:${username}`];
  }

  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs one login attempt (check, verify, record) after every earlier attempt for the same IP or
   * username has finished, so a burst of parallel guesses cannot all pass the check before the
   * first failure is recorded. Per process: Worker isolates each serialize their own requests.
   */
  async exclusive<T>(ip: string, username: string, attempt: () => Promise<T>): Promise<T> {
    const keys = this.subjects(ip, username);
    const prior = keys.map((k) => this.tails.get(k));
    let release: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const k of keys) this.tails.set(k, done);
    try {
      await Promise.all(prior);
      return await attempt();
    } finally {
      release();
      for (const k of keys) if (this.tails.get(k) === done) this.tails.delete(k);
    }
  }

  /** Milliseconds until the IP or the username may try again (0 = not locked). */
  async retryAfterMs(ip: string, username: string | undefined, now: number): Promise<number> {
    const subjects = username === undefined ? [`ip:${ipSubject(ip)}`] : this.subjects(ip, username);
    let wait = 0;
    for (const s of subjects) {
      const r = await this.store.get(s);
      if (r && r.lockedUntil > now) wait = Math.max(wait, r.lockedUntil - now);
    }
    return wait;
  }

  async recordFailure(ip: string, username: string, now: number): Promise<void> {
    const { maxFailures, lockoutMs } = this.policy();
    for (const s of this.subjects(ip, username)) {
      const prev = (await this.store.get(s)) ?? { failures: 0, lockedUntil: 0 };
      const failures = prev.failures + 1;
      const over = failures - maxFailures;
      // Locked from the limit on; each further failure doubles the wait (capped at 64×).
      const lockedUntil = over >= 0 ? now + lockoutMs * 2 ** Math.min(over, 6) : prev.lockedUntil;
      await this.store.put(s, { failures, lockedUntil }, now);
    }
  }

  async recordSuccess(ip: string, username: string): Promise<void> {
    for (const s of this.subjects(ip, username)) await this.store.clear(s);
  }
}
