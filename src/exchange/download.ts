// Downloads candle history into the candle store: pages of candles from the exchange, saved as
// they arrive, with progress reported per page.

import type { CandlePersistence } from './candle-store.ts';
import { type CandleType, type Exchange, timeframeToMs } from './port.ts';

export interface DownloadJob {
  pair: string;
  timeframe: string;
  candleType: CandleType;
  since: number;
  until: number;
}

export interface DownloadProgress {
  job: DownloadJob;
  /** Candles saved so far for this job / expected in total. */
  done: number;
  total: number;
}

const PAGE = 1000;

export function expectedCandles(job: DownloadJob): number {
  const tf = timeframeToMs(job.timeframe);
  return Math.max(0, Math.floor((job.until - job.since) / tf));
}

/** Fetches [since, until) page by page, keeping only closed candles; returns how many were saved. */
export async function downloadCandles(
  exchange: Exchange,
  store: CandlePersistence,
  job: DownloadJob,
  onProgress?: (p: DownloadProgress) => void,
): Promise<number> {
  const tf = timeframeToMs(job.timeframe);
  const total = expectedCandles(job);
  let since = Math.floor(job.since / tf) * tf;
  let done = 0;
  while (since + tf <= job.until) {
    const page = await exchange.fetchOHLCV(job.pair, job.timeframe, since, PAGE, job.candleType);
    const closed = page.filter((c) => c[0] >= since && c[0] + tf <= job.until);
    if (closed.length === 0) break;
    await store.save([{ key: { pair: job.pair, timeframe: job.timeframe, candleType: job.candleType }, rows: closed }]);
    done += closed.length;
    onProgress?.({ job, done: Math.min(done, total), total });
    since = closed[closed.length - 1][0] + tf;
  }
  return done;
}

export interface StoredRange {
  first: number;
  last: number;
}

/**
 * The window to fetch for one key, as freqtrade's download-data decides it: existing data is
 * extended after its newest candle (or, with prepend, before its oldest); `erase` starts over.
 * Undefined when there is nothing to fetch.
 */
export function downloadWindow(
  wanted: { since: number; until: number },
  timeframe: string,
  stored: StoredRange | undefined,
  opts: { erase: boolean; prepend: boolean },
): { since: number; until: number } | undefined {
  const tf = timeframeToMs(timeframe);
  let { since, until } = wanted;
  if (stored && !opts.erase) {
    if (opts.prepend) until = Math.min(until, stored.first);
    else since = Math.max(since, stored.last + tf);
  }
  return since + tf <= until ? { since, until } : undefined;
}
