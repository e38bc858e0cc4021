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
      if (!k.startsWith('known:')) this.map.delete(k); // known clients go last
    }
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

/** How long a client that logged in stays known (refreshed by its later successes). */
export const KNOWN_CLIENT_MS = 30 * 86_400_000;
/** A counter whose last lock ended this long ago starts again from zero. */
const FORGET_AFTER_MS = 86_400_000;

/**
 * Counts failures per client IP (whatever username it tries) and per username (whatever IP tries
 * it). The per-username lock stops guessing spread over many addresses, but it only applies to
 * strangers: a client (IP, username) that logged in successfully before is "known" for 30 days and
 * keeps working while the username is locked, so nobody can lock the owner out by failing on
 * purpose. A known client's own IP counter still applies to it.
 */
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

  private knownSubject(ip: string, username: string): string {
    return `known:${ipSubject(ip)}\u0000${username}`;
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

  /** Whether this IP logged in as this username before (within KNOWN_CLIENT_MS). */
  async isKnownClient(ip: string, username: string, now: number): Promise<boolean> {
    const r = await this.store.get(this.knownSubject(ip, username));
    return r !== undefined && r.lockedUntil > now;
  }

  /** Milliseconds until the IP or the username may try again (0 = not locked). */
  async retryAfterMs(ip: string, username: string | undefined, now: number): Promise<number> {
    const ipLock = await this.store.get(`ip:${ipSubject(ip)}`);
    let wait = ipLock && ipLock.lockedUntil > now ? ipLock.lockedUntil - now : 0;
    if (username === undefined) return wait;
    const userLock = await this.store.get(`user:${username}`);
    if (userLock && userLock.lockedUntil > now && !(await this.isKnownClient(ip, username, now)))
      wait = Math.max(wait, userLock.lockedUntil - now);
    return wait;
  }

  async recordFailure(ip: string, username: string, now: number): Promise<void> {
    const { maxFailures, lockoutMs } = this.policy();
    for (const s of this.subjects(ip, username)) {
      let prev = (await this.store.get(s)) ?? { failures: 0, lockedUntil: 0 };
      if (prev.lockedUntil > 0 && now - prev.lockedUntil > FORGET_AFTER_MS) prev = { failures: 0, lockedUntil: 0 };
      const failures = prev.failures + 1;
      const over = failures - maxFailures;
      // Locked from the limit on; each further failure doubles the wait (capped at 64×).
      const lockedUntil = over >= 0 ? now + lockoutMs * 2 ** Math.min(over, 6) : prev.lockedUntil;
      await this.store.put(s, { failures, lockedUntil }, now);
    }
  }

  /**
   * Clears the IP's counter and marks the client known. The username's counter is left alone: it
   * counts strangers' guesses, and an owner's login must not hand them a fresh allowance.
   */
  async recordSuccess(ip: string, username: string, now: number): Promise<void> {
    const ipKey = `ip:${ipSubject(ip)}`;
    if (await this.store.get(ipKey)) await this.store.clear(ipKey);
    const knownKey = this.knownSubject(ip, username);
    const known = await this.store.get(knownKey);
    // Refreshed when half its time is gone, so Basic auth on every request does not write each time.
    if (!known || known.lockedUntil - now < KNOWN_CLIENT_MS / 2)
      await this.store.put(knownKey, { failures: 0, lockedUntil: now + KNOWN_CLIENT_MS }, now);
  }
}
