// POST /download_data's job: candles for every pair × timeframe × candle type, into the candle
// store (the database), reporting progress as freqtrade's progress tracker does — one task for
// the pairs, one for the candles of the pair being downloaded.

import type { Db } from '../../db/client.ts';
import { candleBounds, candlePersistence, deleteCandles } from '../../db/repo/candles.ts';
import { downloadCandles, downloadWindow, expectedCandles } from '../../exchange/download.ts';
import { type CandleType, type Exchange, isValidTimeframe } from '../../exchange/port.ts';
import { parseTimerange } from '../../reports/timerange.ts';
import type { DownloadDataPayload } from '../wire/index.ts';
import type { JobContext } from './jobs.ts';

/** freqtrade's DL_DATA_TIMEFRAMES: what it downloads when no timeframe is given. */
export const DEFAULT_DOWNLOAD_TIMEFRAMES = ['1m', '5m'];
/** Days downloaded for a pair without data when neither days nor timerange is given (new_pairs_days). */
const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;
const CANDLE_TYPES: readonly CandleType[] = ['spot', 'futures', 'mark', 'index', 'premiumIndex', 'funding_rate'];

export interface DownloadPlan {
  pairs: string[];
  timeframes: string[];
  candleTypes: CandleType[];
  since: number;
  until: number;
  erase: boolean;
  prepend: boolean;
}

/** Checks the request against the market and turns it into a plan; throws Error with the reason. */
export function planDownload(
  payload: DownloadDataPayload,
  market: Exchange,
  tradingMode: string,
  now: number,
): DownloadPlan {
  const timeframes = payload.timeframes ?? DEFAULT_DOWNLOAD_TIMEFRAMES;
  for (const tf of timeframes) if (!isValidTimeframe(tf)) throw new Error(`Invalid timeframe: ${tf}`);
  const defaultType: CandleType = tradingMode === 'futures' ? 'futures' : 'spot';
  const candleTypes = (payload.candle_types?.length ? payload.candle_types : [defaultType]) as CandleType[];
  for (const ct of candleTypes) if (!CANDLE_TYPES.includes(ct)) throw new Error(`Invalid candle type: ${ct}`);
  const markets = market.markets();
  const unknown = payload.pairs.filter((p) => !markets[p]);
  if (unknown.length > 0) throw new Error(`Pairs not available on ${market.id}: ${unknown.join(', ')}`);
  let since = now - (payload.days ?? DEFAULT_DAYS) * DAY_MS;
  let until = now;
  if (payload.timerange) {
    const range = parseTimerange(payload.timerange);
    since = range.start ?? since;
    until = Math.min(range.stop ?? now, now);
  }
  return {
    pairs: payload.pairs,
    timeframes,
    candleTypes,
    since,
    until,
    erase: payload.erase,
    prepend: payload.prepend_data,
  };
}

/** Runs a plan; answers how many candles were saved. */
export async function runDownload(db: Db, market: Exchange, plan: DownloadPlan, ctx: JobContext): Promise<number> {
  const persisted = candlePersistence(db);
  // The offline market and an embedded database answer without real I/O: without a macrotask
  // turn between pages a long download would hold the event loop (and every request) until done.
  const store = {
    ...persisted,
    save: async (sets: Parameters<typeof persisted.save>[0]) => {
      await persisted.save(sets);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
  const units = plan.pairs.length * plan.timeframes.length * plan.candleTypes.length;
  const describe = `Downloading data for ${plan.pairs.length} pair(s)`;
  let unit = 0;
  let saved = 0;
  ctx.setTask('0', { progress: 0, total: units, description: describe });
  for (const pair of plan.pairs) {
    for (const timeframe of plan.timeframes) {
      for (const candleType of plan.candleTypes) {
        const key = { pair, timeframe, candleType };
        if (plan.erase) await deleteCandles(db, key);
        const window = downloadWindow(plan, timeframe, await candleBounds(db, key), plan);
        const label = `${pair} ${timeframe}${candleType === 'spot' ? '' : ` ${candleType}`}`;
        if (window) {
          const job = { pair, timeframe, candleType, ...window };
          const total = expectedCandles(job);
          ctx.setTask('1', { progress: 0, total, description: label });
          saved += await downloadCandles(market, store, job, (p) =>
            ctx.setTask('1', { progress: p.done, total, description: label }),
          );
          ctx.setTask('1', { progress: total, total, description: label });
        }
        unit += 1;
        ctx.setTask('0', { progress: unit, total: units, description: describe });
      }
    }
  }
  return saved;
}
