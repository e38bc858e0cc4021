// freqtrade's filters on the offline market: AgeFilter, VolatilityFilter, RangeStabilityFilter,
// PrecisionFilter, PerformanceFilter, FullTradesFilter — each pinned to values computed here from
// the same daily candles with freqtrade's formulas, plus refresh periods and log_once messages.

import { describe, expect, it } from 'vitest';
import { buildWhitelist, type PairlistInput } from '../../../src/bot/pairlist/pairlists.ts';
import { PairlistState } from '../../../src/bot/pairlist/state.ts';
import { validateConfig } from '../../../src/config/load.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { OfflineExchange } from '../../../src/exchange/offline/index.ts';
import type { Candle, Exchange } from '../../../src/exchange/port.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { LogHub } from '../../../src/util/logger.ts';

const DAY = 86_400_000;
const PAIRS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'ADA/USDT', 'DOGE/USDT'];

function setup(start = Date.UTC(2026, 1, 1, 13, 30)) {
  const clock = new ManualClock(start);
  const offline = new OfflineExchange({ clock });
  let ohlcvCalls = 0;
  const exchange: Exchange = Object.create(offline);
  exchange.fetchOHLCV = (...args) => {
    ohlcvCalls++;
    return offline.fetchOHLCV(...args);
  };
  const logs = new LogHub(() => clock.now());
  const state = new PairlistState();
  const run = async (
    pairlists: ConfigInput['pairlists'],
    extra: Partial<PairlistInput> = {},
    cfg: ConfigInput = {},
  ) => {
    await offline.loadMarkets();
    const { config } = validateConfig({
      exchange: { pair_whitelist: PAIRS },
      pairlists: [{ method: 'StaticPairList' }, ...(pairlists ?? [])],
      ...cfg,
    } as Record<string, unknown>);
    return buildWhitelist({
      config,
      exchange,
      blacklist: [],
      log: logs.logger('pairlist'),
      now: clock.now(),
      state,
      ...extra,
    });
  };
  /** Complete daily candles from `since` to the start of today. */
  const daily = async (pair: string, since: number): Promise<Candle[]> =>
    (await offline.fetchOHLCV(pair, '1d', since, 1000)).filter((c) => c[0] + DAY <= clock.now());
  const messages = () => logs.recent().map((r) => r[4]);
  return { clock, run, daily, messages, calls: () => ohlcvCalls };
}

const today = (ms: number) => Math.floor(ms / DAY) * DAY;

describe('AgeFilter', () => {
  it('keeps pairs listed at least min_days_listed; max_days_listed removes older ones; results are cached', async () => {
    const t = setup();
    expect(await t.run([{ method: 'AgeFilter', min_days_listed: 10 }])).toEqual(PAIRS);
    expect(t.calls()).toBe(PAIRS.length);
    // Checked pairs are never fetched again.
    expect(await t.run([{ method: 'AgeFilter', min_days_listed: 10 }])).toEqual(PAIRS);
    expect(t.calls()).toBe(PAIRS.length);
    expect(t.messages()).toContain('Validated 6 pairs.');

    // The offline market has years of history: 21 complete daily candles since today-21d, so > 20.
    const u = setup();
    expect(await u.run([{ method: 'AgeFilter', min_days_listed: 10, max_days_listed: 20 }])).toEqual([]);
    expect(u.messages()).toContain(
      'Removed BTC/USDT from whitelist, because age 21 is less than 10 days or more than 20 days',
    );
    // Failed pairs stay out for a day without new requests.
    const before = u.calls();
    expect(await u.run([{ method: 'AgeFilter', min_days_listed: 10, max_days_listed: 20 }])).toEqual([]);
    expect(u.calls()).toBe(before);
  });

  it('rejects freqtrade’s invalid settings', async () => {
    const t = setup();
    await expect(t.run([{ method: 'AgeFilter', min_days_listed: 0 }])).rejects.toThrow(
      'AgeFilter requires min_days_listed to be >= 1',
    );
    await expect(t.run([{ method: 'AgeFilter', min_days_listed: 5, max_days_listed: 5 }])).rejects.toThrow(
      'AgeFilter max_days_listed <= min_days_listed not permitted',
    );
  });
});

/** freqtrade's formula, written out: rolling(days) sample std of ln(close[i-1]/close[i]) × √days, averaged. */
function expectedVolatility(closes: number[], days: number): number {
  const r = closes.map((c, i) => (i === 0 ? 0 : Math.log(closes[i - 1] / c)));
  const windows: number[] = [];
  for (let e = days; e <= r.length; e++) {
    const w = r.slice(e - days, e);
    const m = w.reduce((a, b) => a + b, 0) / days;
    windows.push(Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / (days - 1)) * Math.sqrt(days));
  }
  return windows.reduce((a, b) => a + b, 0) / windows.length;
}

describe('VolatilityFilter', () => {
  it('keeps pairs inside [min, max], sorts by volatility and caches values for refresh_period', async () => {
    const t = setup();
    const days = 5;
    const since = today(t.clock.now()) - days * DAY;
    const vol = new Map<string, number>();
    for (const p of PAIRS) {
      const candles = await t.daily(p, since);
      expect(candles).toHaveLength(days);
      vol.set(
        p,
        expectedVolatility(
          candles.map((c) => c[4]),
          days,
        ),
      );
    }
    const sorted = [...PAIRS].sort((a, b) => vol.get(a)! - vol.get(b)!);
    const min = vol.get(sorted[2])!;
    const max = vol.get(sorted[4])!;
    const calls = t.calls();
    const kept = await t.run([
      {
        method: 'VolatilityFilter',
        lookback_days: days,
        min_volatility: min,
        max_volatility: max,
        sort_direction: 'desc',
      },
    ]);
    expect(kept).toEqual([sorted[4], sorted[3], sorted[2]]);
    expect(t.calls() - calls).toBe(PAIRS.length);
    expect(
      t
        .messages()
        .some((m) => m.startsWith(`Removed ${sorted[0]} from whitelist, because volatility over 5 days is: `)),
    ).toBe(true);
    // Within refresh_period (default 1440 s) the cached values serve; after it, candles are read again.
    t.clock.advance(1000_000);
    await t.run([{ method: 'VolatilityFilter', lookback_days: days, min_volatility: min, max_volatility: max }]);
    expect(t.calls() - calls).toBe(PAIRS.length);
    t.clock.advance(500_000);
    await t.run([{ method: 'VolatilityFilter', lookback_days: days, min_volatility: min, max_volatility: max }]);
    expect(t.calls() - calls).toBe(2 * PAIRS.length);
  });
});

describe('RangeStabilityFilter', () => {
  it('removes pairs whose (max high - min low) / min low is below min or above max', async () => {
    const t = setup();
    const days = 7;
    const since = today(t.clock.now()) - (days + 1) * DAY;
    const roc = new Map<string, number>();
    for (const p of PAIRS) {
      const c = await t.daily(p, since);
      expect(c).toHaveLength(days + 1);
      const low = Math.min(...c.map((x) => x[3]));
      roc.set(p, (Math.max(...c.map((x) => x[2])) - low) / low);
    }
    const sorted = [...PAIRS].sort((a, b) => roc.get(a)! - roc.get(b)!);
    const kept = await t.run([
      {
        method: 'RangeStabilityFilter',
        lookback_days: days,
        min_rate_of_change: roc.get(sorted[1])!,
        max_rate_of_change: roc.get(sorted[4])!,
        sort_direction: 'asc',
      },
    ]);
    expect(kept).toEqual(sorted.slice(1, 5));
    const low = t
      .messages()
      .find((m) => m.startsWith(`Removed ${sorted[0]} from whitelist, because rate of change over 7 days is `));
    expect(low).toMatch(/which is below the threshold of/);
    const high = t.messages().find((m) => m.startsWith(`Removed ${sorted[5]} from whitelist`));
    expect(high).toMatch(/which is above the threshold of/);
  });
});

describe('PrecisionFilter', () => {
  it('removes pairs where the stop price rounded up to the tick would not sit above 99 % of it', async () => {
    const t = setup();
    // stoploss -0.999: stop = last × 0.001. XRP ≈ 0.6 → 0.0006 = 6 ticks of 0.0001, and 99 % of it
    // (5.94 ticks) rounds up to 6 ticks too; SOL ≈ 150 → 0.15 = 15 ticks of 0.01 vs 14.85 → 15:
    // removed; ETH ≈ 3000 → 3.00 vs 2.97 and BTC ≈ 60000 → 60.00 vs 59.40: kept.
    expect(await t.run([{ method: 'PrecisionFilter' }], { stoploss: -0.999 })).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(
      t
        .messages()
        .some((m) =>
          /^Removed XRP\/USDT from whitelist, because stop price 0\.0006 would be <= stop limit 0\.0006$/.test(m),
        ),
    ).toBe(true);
    // A -90 % stop leaves 600 ticks of room on XRP: every pair passes.
    expect(await t.run([{ method: 'PrecisionFilter' }], { stoploss: -0.9 })).toEqual(PAIRS);
  });
});

describe('PerformanceFilter and FullTradesFilter', () => {
  it('sorts by profit (desc), then trade count (asc), then prior order; min_profit removes', async () => {
    const t = setup();
    let asked: number | undefined | 'none' = 'none';
    const performance = async (since: number | undefined) => {
      asked = since;
      return [
        { pair: 'SOL/USDT', profit_ratio: 0.05, count: 3 },
        { pair: 'ETH/USDT', profit_ratio: 0.05, count: 1 },
        { pair: 'XRP/USDT', profit_ratio: -0.02, count: 2 },
      ];
    };
    expect(await t.run([{ method: 'PerformanceFilter' }], { performance })).toEqual([
      'ETH/USDT',
      'SOL/USDT',
      'BTC/USDT',
      'ADA/USDT',
      'DOGE/USDT',
      'XRP/USDT',
    ]);
    expect(asked).toBeUndefined();
    expect(await t.run([{ method: 'PerformanceFilter', minutes: 60, min_profit: 0 }], { performance })).toEqual([
      'ETH/USDT',
      'SOL/USDT',
      'BTC/USDT',
      'ADA/USDT',
      'DOGE/USDT',
    ]);
    expect(asked).toBe(t.clock.now() - 3_600_000);
    expect(t.messages()).toContain('Removing pair XRP/USDT since -0.02 is below 0');
    // No closed trades: the list stays as it was.
    expect(await t.run([{ method: 'PerformanceFilter' }], { performance: async () => [] })).toEqual(PAIRS);
  });

  it('FullTradesFilter empties the whitelist while every trade slot is taken', async () => {
    const t = setup();
    const full = await t.run(
      [{ method: 'FullTradesFilter' }],
      { openTradeCount: async () => 3 },
      { max_open_trades: 3 },
    );
    expect(full).toEqual([]);
    const free = await t.run(
      [{ method: 'FullTradesFilter' }],
      { openTradeCount: async () => 2 },
      { max_open_trades: 3 },
    );
    expect(free).toEqual(PAIRS);
    const unlimited = await t.run(
      [{ method: 'FullTradesFilter' }],
      { openTradeCount: async () => 9 },
      { max_open_trades: -1 },
    );
    expect(unlimited).toEqual(PAIRS);
  });
});
