// freqtrade's filters on daily candles: AgeFilter (days listed), VolatilityFilter (average
// rolling std of daily log returns) and RangeStabilityFilter (high-low range over the lookback).

import { ohlcvCandleLimit } from '../../exchange/candle-limits.ts';
import type { Candle } from '../../exchange/port.ts';
import { DAY_MS, floorDay, num, optNum, type PairlistContext, plural } from './context.ts';
import { TtlCache } from './state.ts';

/** Complete daily candles since `since` (the still-forming candle is dropped). */
async function dailyCandles(ctx: PairlistContext, pair: string, since: number): Promise<Candle[] | undefined> {
  try {
    const rows = await ctx.input.exchange.fetchOHLCV(pair, '1d', since, 1000, ctx.candleType);
    return rows.filter((c) => c[0] >= since && c[0] + DAY_MS <= ctx.input.now);
  } catch (e) {
    ctx.logOnce(`Could not fetch daily candles for ${pair}: ${(e as Error).message}`, 'warning');
    return undefined;
  }
}

/** The exchange's 1d candle limit (freqtrade's ohlcv_candle_limit("1d", candle_type_def)). */
export const dailyCandleLimit = (ctx: PairlistContext) => ohlcvCandleLimit(ctx.input.exchange.id, '1d', ctx.candleType);

function sortDirection(ctx: PairlistContext, name: string): 'asc' | 'desc' | undefined {
  const d = ctx.pl.sort_direction ?? null;
  if (d === null || d === '') return undefined;
  if (d !== 'asc' && d !== 'desc') {
    throw new Error(`${name} requires sort_direction to be either None (undefined), 'asc' or 'desc'`);
  }
  return d;
}

function sortBy(pairs: string[], values: Map<string, number>, direction: 'asc' | 'desc' | undefined): string[] {
  if (!direction) return pairs;
  const sign = direction === 'desc' ? -1 : 1;
  return [...pairs].sort((a, b) => sign * ((values.get(a) ?? 0) - (values.get(b) ?? 0)));
}

export async function ageFilter(ctx: PairlistContext, pairs: string[]): Promise<string[]> {
  const min = num(ctx.pl.min_days_listed, 10);
  const max = optNum(ctx.pl.max_days_listed);
  const limit = dailyCandleLimit(ctx);
  if (min < 1) throw new Error('AgeFilter requires min_days_listed to be >= 1');
  if (min > limit) {
    throw new Error(`AgeFilter requires min_days_listed to not exceed exchange max request size (${limit})`);
  }
  if (max && max <= min) throw new Error('AgeFilter max_days_listed <= min_days_listed not permitted');
  if (max && max > limit) {
    throw new Error(`AgeFilter requires max_days_listed to not exceed exchange max request size (${limit})`);
  }
  const s = ctx.state.slot(`${ctx.index}:AgeFilter`, () => ({
    checked: new Map<string, number>(),
    failed: new TtlCache<number>(86_400_000),
  }));
  const now = ctx.input.now;
  const needed = pairs.filter((p) => !s.checked.has(p) && !s.failed.has(p, now));
  if (needed.length === 0) return pairs.filter((p) => !s.failed.has(p, now));
  const since = floorDay(now) + (-(max ?? min) - 1) * DAY_MS;
  const candles = new Map<string, Candle[] | undefined>();
  for (const p of needed) candles.set(p, await dailyCandles(ctx, p, since));
  const out = pairs.filter((p) => {
    if (s.checked.has(p)) return true;
    const daily = candles.get(p);
    if (!daily) return false;
    if (daily.length >= min && (!max || daily.length <= max)) {
      s.checked.set(p, now);
      return true;
    }
    ctx.logOnce(
      `Removed ${p} from whitelist, because age ${daily.length} is less than ${min} ${plural(min, 'day')}` +
        (max ? ` or more than ${max} ${plural(max, 'day')}` : ''),
    );
    s.failed.set(p, now, now);
    return false;
  });
  ctx.logOnce(`Validated ${out.length} pairs.`);
  return out;
}

/** Mean of the rolling (window = days) sample std of daily log returns, times sqrt(days). */
export function volatility(closes: number[], days: number): number {
  const returns = closes.map((c, i) => (i === 0 ? 0 : Math.log(closes[i - 1] / c)));
  const values: number[] = [];
  for (let end = days; end <= returns.length; end++) {
    const w = returns.slice(end - days, end);
    if (w.length < 2) continue;
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const variance = w.reduce((a, b) => a + (b - mean) ** 2, 0) / (w.length - 1);
    values.push(Math.sqrt(variance) * Math.sqrt(days));
  }
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** (highest high - lowest low) / lowest low over the candles; 0 when the low is not positive. */
export function rateOfChange(candles: Candle[]): number {
  const high = Math.max(...candles.map((c) => c[2]));
  const low = Math.min(...candles.map((c) => c[3]));
  return low > 0 ? (high - low) / low : 0;
}

const fmt3 = (v: number) => (Number.isNaN(v) ? 'nan' : v.toFixed(3));

export async function volatilityFilter(ctx: PairlistContext, pairs: string[]): Promise<string[]> {
  const days = num(ctx.pl.lookback_days, 10);
  const min = num(ctx.pl.min_volatility, 0);
  const max = num(ctx.pl.max_volatility, Number.MAX_SAFE_INTEGER);
  if (days < 1) throw new Error('VolatilityFilter requires lookback_days to be >= 1');
  const limit = dailyCandleLimit(ctx);
  if (days > limit) {
    throw new Error(`VolatilityFilter requires lookback_days to not exceed exchange max request size (${limit})`);
  }
  const direction = sortDirection(ctx, 'VolatilityFilter');
  const refreshMs = num(ctx.pl.refresh_period, 1440) * 1000;
  const cache = ctx.state.slot(`${ctx.index}:VolatilityFilter`, () => new TtlCache<number>(refreshMs));
  const now = ctx.input.now;
  const since = floorDay(now) - days * DAY_MS;
  const values = new Map<string, number>();
  const out: string[] = [];
  for (const p of pairs) {
    let v = cache.get(p, now);
    if (v === undefined) {
      const daily = await dailyCandles(ctx, p, since);
      if (daily && daily.length > 0) {
        v = volatility(
          daily.map((c) => c[4]),
          days,
        );
        cache.set(p, v, now);
      }
    }
    if (v === undefined) {
      ctx.logOnce(`Removed ${p} from whitelist, no candles found.`);
      continue;
    }
    if (min <= v && v <= max) {
      out.push(p);
      values.set(p, Number.isNaN(v) ? 0 : v);
    } else {
      ctx.logOnce(
        `Removed ${p} from whitelist, because volatility over ${days} ${plural(days, 'day')} is: ${fmt3(v)} ` +
          `which is not in the configured range of ${min}-${max}.`,
      );
    }
  }
  return sortBy(out, values, direction);
}

export async function rangeStabilityFilter(ctx: PairlistContext, pairs: string[]): Promise<string[]> {
  const days = num(ctx.pl.lookback_days, 10);
  const min = num(ctx.pl.min_rate_of_change, 0.01);
  const max = optNum(ctx.pl.max_rate_of_change);
  if (days < 1) throw new Error('RangeStabilityFilter requires lookback_days to be >= 1');
  const limit = dailyCandleLimit(ctx);
  if (days > limit) {
    throw new Error(`RangeStabilityFilter requires lookback_days to not exceed exchange max request size (${limit})`);
  }
  const direction = sortDirection(ctx, 'RangeStabilityFilter');
  const refreshMs = num(ctx.pl.refresh_period, 86400) * 1000;
  const cache = ctx.state.slot(`${ctx.index}:RangeStabilityFilter`, () => new TtlCache<number>(refreshMs));
  const now = ctx.input.now;
  const since = floorDay(now) - (days + 1) * DAY_MS;
  const values = new Map<string, number>();
  const out: string[] = [];
  for (const p of pairs) {
    let v = cache.get(p, now);
    if (v === undefined) {
      const daily = await dailyCandles(ctx, p, since);
      if (daily && daily.length > 0) {
        v = rateOfChange(daily);
        cache.set(p, v, now);
      }
    }
    if (v === undefined) {
      ctx.logOnce(`Removed ${p} from whitelist, no candles found.`);
      continue;
    }
    let keep = true;
    const over = `over ${days} ${plural(days, 'day')} is ${fmt3(v)}`;
    if (v < min) {
      ctx.logOnce(
        `Removed ${p} from whitelist, because rate of change ${over}, which is below the threshold of ${min}.`,
      );
      keep = false;
    }
    if (max && v > max) {
      ctx.logOnce(
        `Removed ${p} from whitelist, because rate of change ${over}, which is above the threshold of ${max}.`,
      );
      keep = false;
    }
    if (keep) {
      out.push(p);
      values.set(p, v);
    }
  }
  return sortBy(out, values, direction);
}
