// Display rates kept for a short while per pair and side (freqtrade caches these rates too), so
// busy API clients do not hammer the exchange.

const RATE_TTL_MS = 2000;
const MAX_ENTRIES = 1000;

export class RateCache {
  private readonly entries = new Map<string, { at: number; rate: number | null }>();

  async get(pair: string, isShort: boolean, now: number, fetch: () => Promise<number | null>): Promise<number | null> {
    const key = `${pair}|${isShort ? 's' : 'l'}`;
    const cached = this.entries.get(key);
    if (cached && now - cached.at < RATE_TTL_MS) return cached.rate;
    const rate = await fetch();
    if (this.entries.size > MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { at: now, rate });
    return rate;
  }
}
