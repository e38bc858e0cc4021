// freqtrade's VolumePairList: pairs ranked by quote volume, from the tickers or, with
// lookback_days / lookback_timeframe + lookback_period, from the sum of the last complete candles'
// quote volume (base volume x typical price x contract size). As the first pairlist its list is
// kept for refresh_period seconds; as a filter it ranks the incoming pairs on every refresh.

import { ohlcvCandleLimit } from '../../exchange/candle-limits.ts';
import { timeframeToMs } from '../../exchange/port.ts';
import { expandBlacklist } from './blacklist.ts';
import { num, optNum, type PairlistContext } from './context.ts';

const SORT_VALUES = ['quoteVolume'];

interface VolumeSettings {
  numberAssets: number;
  minValue: number;
  maxValue: number | undefined;
  refreshMs: number;
  /** Candle range mode: timeframe and number of candles; undefined for tickers. */
  range: { timeframe: string; period: number } | undefined;
}

/** freqtrade's checks of the VolumePairList config (OperationalException texts), at every build. */
export function volumeSettings(ctx: PairlistContext): VolumeSettings {
  const pl = ctx.pl;
  if (pl.number_assets === undefined) {
    throw new Error(
      '`number_assets` not specified. Please check your configuration for "pairlist.config.number_assets"',
    );
  }
  const refreshPeriod = num(pl.refresh_period, 1800);
  const lookbackDays = num(pl.lookback_days, 0);
  let timeframe = typeof pl.lookback_timeframe === 'string' ? pl.lookback_timeframe : '1d';
  let period = num(pl.lookback_period, 0);
  if (lookbackDays > 0 && period > 0) {
    throw new Error(
      'Ambiguous configuration: lookback_days and lookback_period both set in pairlist config. ' +
        'Please set lookback_days only or lookback_period and lookback_timeframe and restart the bot.',
    );
  }
  if (lookbackDays > 0) {
    timeframe = '1d';
    period = lookbackDays;
  }
  const tfSeconds = timeframeToMs(timeframe) / 1000;
  const useRange = tfSeconds > 0 && period > 0;
  if (useRange && refreshPeriod < tfSeconds) {
    throw new Error(
      `Refresh period of ${refreshPeriod} seconds is smaller than one timeframe of ${timeframe}. ` +
        `Please adjust refresh_period to at least ${tfSeconds} and restart the bot.`,
    );
  }
  const sortKey = typeof pl.sort_key === 'string' ? pl.sort_key : 'quoteVolume';
  if (!SORT_VALUES.includes(sortKey)) throw new Error(`key ${sortKey} not in ${JSON.stringify(SORT_VALUES)}`);
  const limit = ohlcvCandleLimit(ctx.input.exchange.id, timeframe, ctx.candleType);
  if (period < 0) throw new Error('VolumeFilter requires lookback_period to be >= 0');
  if (period > limit) {
    throw new Error(`VolumeFilter requires lookback_period to not exceed exchange max request size (${limit})`);
  }
  return {
    numberAssets: num(pl.number_assets, 30),
    minValue: num(pl.min_value, 0),
    maxValue: optNum(pl.max_value),
    refreshMs: refreshPeriod * 1000,
    range: useRange ? { timeframe, period } : undefined,
  };
}

/**
 * Quote volume of the last `period` complete candles: candles fetched from the timeframe start
 * (period + 1) candles back, the forming one dropped, the rolling sum's last value (0 with fewer
 * candles than the period, as pandas' rolling().sum().fillna(0)).
 */
async function rangeVolume(ctx: PairlistContext, pair: string, timeframe: string, period: number): Promise<number> {
  const tf = timeframeToMs(timeframe);
  const now = ctx.input.now;
  const since = Math.floor((now - (period + 1) * tf) / tf) * tf;
  let candles: number[][];
  try {
    candles = await ctx.input.exchange.fetchOHLCV(pair, timeframe, since, period + 2, ctx.candleType);
  } catch (e) {
    ctx.logOnce(`Could not fetch ${timeframe} candles for ${pair}: ${(e as Error).message}`, 'warning');
    return 0;
  }
  const complete = candles.filter((c) => c[0] >= since && c[0] + tf <= now);
  if (complete.length < period) return 0;
  const contractSize = ctx.markets[pair]?.contractSize ?? 1;
  return complete.slice(-period).reduce((sum, c) => sum + c[5] * ((c[2] + c[3] + c[4]) / 3) * (contractSize || 1), 0);
}

export async function volumePairList(ctx: PairlistContext, pairs: string[], first: boolean): Promise<string[]> {
  const s = volumeSettings(ctx);
  const now = ctx.input.now;
  const cache = ctx.state.slot(`${ctx.index}:VolumePairList`, () => ({ pairs: [] as string[], until: 0 }));
  if (first && cache.until > now) return [...cache.pairs];
  const range = s.range;
  const black = new Set(expandBlacklist(ctx.input.blacklist, Object.keys(ctx.markets)));
  let candidates = first ? Object.keys(ctx.markets).filter((p) => ctx.tradable(p) && !black.has(p)) : pairs;
  let volumes: { pair: string; v: number }[];
  if (range) {
    const tf = timeframeToMs(range.timeframe);
    const from = Math.floor((now - (range.period + 1) * tf) / tf) * tf;
    const till = Math.floor((now - tf) / tf) * tf;
    ctx.logOnce(
      `Using volume range of ${range.period} candles, timeframe: ${range.timeframe}, ` +
        `starting from ${isoSeconds(from)} till ${isoSeconds(till)}`,
    );
    volumes = [];
    for (const pair of candidates)
      volumes.push({ pair, v: await rangeVolume(ctx, pair, range.timeframe, range.period) });
  } else {
    const tickers = await ctx.tickers();
    if (first) candidates = candidates.filter((p) => typeof tickers[p]?.quoteVolume === 'number');
    volumes = candidates.filter((p) => tickers[p]).map((pair) => ({ pair, v: tickers[pair].quoteVolume ?? 0 }));
  }
  if (s.minValue > 0) volumes = volumes.filter((x) => x.v > s.minValue);
  if (s.maxValue !== undefined) volumes = volumes.filter((x) => x.v < (s.maxValue as number));
  const ranked = volumes
    .sort((a, b) => b.v - a.v)
    .map((x) => x.pair)
    .filter((p) => ctx.tradable(p) && !black.has(p))
    .slice(0, s.numberAssets);
  if (first) {
    cache.pairs = [...ranked];
    cache.until = now + s.refreshMs;
  }
  return ranked;
}

/** freqtrade's format_ms_time: "2026-01-05T00:00:00". */
const isoSeconds = (ms: number) => new Date(ms).toISOString().slice(0, 19);
