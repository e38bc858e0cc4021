// Closed candles per (pair, timeframe, candle type): cached in memory, persisted through a port
// (the database implements it: src/db/repo/candles.ts), refreshed incrementally (only candles newer
// than the last one are fetched).

import { type Candle, type CandleType, type Exchange, timeframeToMs } from './port.ts';

export interface CandleKey {
  pair: string;
  timeframe: string;
  candleType: string;
}

/** Where closed candles are kept between runs. */
export interface CandlePersistence {
  /** The newest stored candles of a key (ascending), at most `limit`. */
  latest(key: CandleKey, limit: number): Promise<Candle[]>;
  /** Saves (upserts) candles of several keys at once, atomically. */
  save(sets: { key: CandleKey; rows: Candle[] }[]): Promise<void>;
}

export interface CandleStoreOptions {
  /** Candles kept in memory per key (and fetched on a cold start). */
  keep: number;
}

export class CandleStore {
  private readonly cache = new Map<string, Candle[]>();
  private readonly exchange: Exchange;
  private readonly persistence: CandlePersistence;
  private readonly keep: number;
  /** New closed candles not written yet (refresh collects, flush writes them in one batch). */
  private pending: { key: CandleKey; rows: Candle[] }[] = [];

  constructor(exchange: Exchange, persistence: CandlePersistence, options: CandleStoreOptions) {
    this.exchange = exchange;
    this.persistence = persistence;
    this.keep = options.keep;
  }

  private static id(k: CandleKey): string {
    return `${k.pair}|${k.timeframe}|${k.candleType}`;
  }

  /** Cached closed candles (no I/O). */
  cached(pair: string, timeframe: string, candleType: CandleType): Candle[] {
    return this.cache.get(CandleStore.id({ pair, timeframe, candleType })) ?? [];
  }

  /** Brings the key up to date at `now` and returns its closed candles (ascending). */
  async refresh(pair: string, timeframe: string, candleType: CandleType, now: number): Promise<Candle[]> {
    const key = { pair, timeframe, candleType };
    const id = CandleStore.id(key);
    const tfMs = timeframeToMs(timeframe);
    let have = this.cache.get(id);
    if (!have) have = await this.persistence.latest(key, this.keep);
    const lastClosedOpen = Math.floor(now / tfMs) * tfMs - tfMs; // open time of the newest closed candle
    const lastHave = have.length > 0 ? have[have.length - 1][0] : undefined;
    const oldestWanted = lastClosedOpen - (this.keep - 1) * tfMs;
    if (lastHave === undefined || lastHave < lastClosedOpen) {
      // A long gap (or nothing yet): fetch only the window we keep.
      const since = lastHave === undefined || lastHave < oldestWanted ? oldestWanted : lastHave + tfMs;
      const fetched = await this.fetchSince(pair, timeframe, candleType, since, now);
      const fresh = fetched.filter((c) => c[0] + tfMs <= now && (lastHave === undefined || c[0] > lastHave));
      if (fresh.length > 0) {
        this.pending.push({ key, rows: fresh });
        have = lastHave !== undefined && lastHave < oldestWanted ? fresh : have.concat(fresh);
      }
    }
    if (have.length > this.keep) have = have.slice(have.length - this.keep);
    this.cache.set(id, have);
    return have;
  }

  /**
   * Candles from `since` up to now. Exchanges cap one reply (OKX 100 / 300, Kraken 720), so pages
   * follow the newest row until the current candle is reached (freqtrade's paginated download);
   * bounded by the number of candles wanted.
   */
  private async fetchSince(
    pair: string,
    timeframe: string,
    candleType: CandleType,
    since: number,
    now: number,
  ): Promise<Candle[]> {
    const tfMs = timeframeToMs(timeframe);
    const rows: Candle[] = [];
    let from = since;
    for (let page = 0; page < 20; page++) {
      const limit = Math.min(1500, Math.floor((now - from) / tfMs) + 2);
      const batch = await this.exchange.fetchOHLCV(pair, timeframe, from, limit, candleType);
      const next = batch.filter((c) => c[0] >= from);
      rows.push(...next);
      const newest = next.at(-1)?.[0];
      // Done when the reply reached the current candle, or made no progress.
      if (newest === undefined || newest + 2 * tfMs > now || next.length >= limit) break;
      from = newest + tfMs;
    }
    return rows;
  }

  /** Writes every candle fetched since the last flush, in one batch (one commit, not one per pair). */
  async flush(): Promise<void> {
    const sets = this.pending;
    this.pending = [];
    if (sets.length > 0) await this.persistence.save(sets);
  }
}
