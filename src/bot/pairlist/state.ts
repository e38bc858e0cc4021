// What pairlist handlers keep between refreshes (freqtrade keeps it on the handler objects):
// TTL caches keyed per handler position, and log_once so a removal is logged once per period.

const LOG_ONCE_MS = 3_600_000;

export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();
  ttlMs: number;
  constructor(ttlMs: number) {
    this.ttlMs = ttlMs;
  }
  get(key: string, now: number): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }
  has(key: string, now: number): boolean {
    return this.get(key, now) !== undefined;
  }
  set(key: string, value: T, now: number): void {
    if (this.entries.size >= 1000 && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, until: now + this.ttlMs });
  }
  clear(): void {
    this.entries.clear();
  }
}

export class PairlistState {
  private readonly slots = new Map<string, unknown>();
  private readonly logged = new Map<string, number>();

  /** The handler's own state object, created on first use. */
  slot<T>(key: string, init: () => T): T {
    let s = this.slots.get(key) as T | undefined;
    if (s === undefined) {
      s = init();
      this.slots.set(key, s);
    }
    return s;
  }

  /** True when `message` was not logged in the last hour (and records it). */
  shouldLog(message: string, now: number): boolean {
    const last = this.logged.get(message);
    if (last !== undefined && now - last < LOG_ONCE_MS) return false;
    if (this.logged.size > 5000) this.logged.clear();
    this.logged.set(message, now);
    return true;
  }
}
