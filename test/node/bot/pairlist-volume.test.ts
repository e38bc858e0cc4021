// VolumePairList's refresh_period and candle lookback (lookback_days, lookback_timeframe +
// lookback_period) with freqtrade's semantics, and the exchange's candle-limit checks of
// AgeFilter / VolatilityFilter / RangeStabilityFilter / VolumePairList, on the offline market.
// Volumes are recomputed here from the same candles with freqtrade's formula.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWhitelist } from '../../../src/bot/pairlist/pairlists.ts';
import { PairlistState } from '../../../src/bot/pairlist/state.ts';
import { validateConfig } from '../../../src/config/load.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { OfflineExchange } from '../../../src/exchange/offline/index.ts';
import type { Exchange } from '../../../src/exchange/port.ts';
import { startNodeServer } from '../../../src/hosts/node/server.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { LogHub } from '../../../src/util/logger.ts';
import { testConfig } from '../../support/test-config.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function setup(start = Date.UTC(2026, 1, 1, 13, 30)) {
  const clock = new ManualClock(start);
  const offline = new OfflineExchange({ clock });
  const calls: string[] = [];
  const exchange: Exchange = Object.create(offline);
  exchange.fetchOHLCV = (pair, timeframe, ...rest) => {
    calls.push(`${pair} ${timeframe}`);
    return offline.fetchOHLCV(pair, timeframe, ...rest);
  };
  let tickerCalls = 0;
  exchange.fetchTickers = (...args) => {
    tickerCalls++;
    return offline.fetchTickers(...args);
  };
  const logs = new LogHub(() => clock.now());
  const state = new PairlistState();
  const run = async (pairlists: ConfigInput['pairlists'], blacklist: string[] = []) => {
    await offline.loadMarkets();
    const { config } = validateConfig({
      exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] },
      pairlists,
    } as Record<string, unknown>);
    return buildWhitelist({
      config,
      exchange,
      blacklist,
      log: logs.logger('pairlist'),
      now: clock.now(),
      state,
    });
  };
  /** freqtrade's range volume: the last `period` complete candles, volume x (high+low+close)/3. */
  const rangeVolume = async (pair: string, timeframe: string, tf: number, period: number) => {
    const now = clock.now();
    const since = Math.floor((now - (period + 1) * tf) / tf) * tf;
    const candles = (await offline.fetchOHLCV(pair, timeframe, since, period + 2)).filter(
      (c) => c[0] >= since && c[0] + tf <= now,
    );
    return candles.slice(-period).reduce((s, c) => s + c[5] * ((c[2] + c[3] + c[4]) / 3), 0);
  };
  const tradable = async () =>
    Object.values(await offline.loadMarkets())
      .filter((m) => m.active && m.spot && m.quote === 'USDT')
      .map((m) => m.symbol);
  return {
    clock,
    run,
    rangeVolume,
    tradable,
    calls,
    tickerCalls: () => tickerCalls,
    messages: () => logs.recent().map((r) => r[4]),
  };
}

describe('VolumePairList', () => {
  it('lookback_days ranks by the quote volume of the last complete daily candles (no tickers)', async () => {
    const s = setup();
    const pairs = await s.run([
      { method: 'VolumePairList', number_assets: 4, lookback_days: 3, refresh_period: 86400 },
    ]);
    const all = await s.tradable();
    const volumes = await Promise.all(all.map(async (p) => ({ p, v: await s.rangeVolume(p, '1d', DAY, 3) })));
    const expected = volumes
      .sort((a, b) => b.v - a.v)
      .slice(0, 4)
      .map((x) => x.p);
    expect(pairs).toEqual(expected);
    expect(s.tickerCalls()).toBe(0);
    expect(s.calls.every((c) => c.endsWith(' 1d'))).toBe(true);
    expect(s.messages()).toContain(
      'Using volume range of 3 candles, timeframe: 1d, starting from 2026-01-28T00:00:00 till 2026-01-31T00:00:00',
    );
  });

  it('lookback_timeframe + lookback_period; min_value / max_value are strict bounds; blacklisted pairs free their slot', async () => {
    const s = setup();
    const all = await s.tradable();
    const volumes = await Promise.all(all.map(async (p) => ({ p, v: await s.rangeVolume(p, '1h', HOUR, 6) })));
    volumes.sort((a, b) => b.v - a.v);
    const [top, second, third] = volumes;
    const pairs = await s.run(
      [
        {
          method: 'VolumePairList',
          number_assets: 2,
          lookback_timeframe: '1h',
          lookback_period: 6,
          refresh_period: 3600,
          min_value: third.v,
          max_value: top.v,
        },
      ],
      [second.p],
    );
    // top is not < max_value, third is not > min_value, second is blacklisted: nothing else is in (third, top).
    const between = volumes.filter((x) => x.v > third.v && x.v < top.v && x.p !== second.p).map((x) => x.p);
    expect(pairs).toEqual(between.slice(0, 2));
    expect(pairs).not.toContain(second.p);
  });

  it('as the first pairlist its list is kept for refresh_period seconds; tickers mode by default', async () => {
    const s = setup();
    const pl: ConfigInput['pairlists'] = [{ method: 'VolumePairList', number_assets: 3, refresh_period: 1800 }];
    const first = await s.run(pl);
    expect(first).toHaveLength(3);
    expect(s.tickerCalls()).toBe(1);
    s.clock.advance(1000 * 1000);
    expect(await s.run(pl)).toEqual(first);
    expect(s.tickerCalls()).toBe(1);
    s.clock.advance(900 * 1000);
    await s.run(pl);
    expect(s.tickerCalls()).toBe(2);
  });

  it("refuses freqtrade's invalid configurations with its messages", async () => {
    const s = setup();
    await expect(s.run([{ method: 'VolumePairList' }])).rejects.toThrow(
      '`number_assets` not specified. Please check your configuration for "pairlist.config.number_assets"',
    );
    await expect(
      s.run([{ method: 'VolumePairList', number_assets: 3, lookback_days: 2, lookback_period: 3 }]),
    ).rejects.toThrow('Ambiguous configuration: lookback_days and lookback_period both set in pairlist config.');
    await expect(s.run([{ method: 'VolumePairList', number_assets: 3, lookback_days: 2 }])).rejects.toThrow(
      'Refresh period of 1800 seconds is smaller than one timeframe of 1d. Please adjust refresh_period to at least 86400 and restart the bot.',
    );
    await expect(
      s.run([
        {
          method: 'VolumePairList',
          number_assets: 3,
          lookback_timeframe: '1m',
          lookback_period: 1001,
          refresh_period: 60,
        },
      ]),
    ).rejects.toThrow('VolumeFilter requires lookback_period to not exceed exchange max request size (1000)');
    await expect(s.run([{ method: 'VolumePairList', number_assets: 3, sort_key: 'baseVolume' }])).rejects.toThrow(
      `key baseVolume not in ["quoteVolume"]`,
    );
  });
});

describe("the exchange's 1d candle limit", () => {
  it('AgeFilter, VolatilityFilter and RangeStabilityFilter refuse lookbacks beyond it (offline answers as Binance: 1000)', async () => {
    const s = setup();
    const base = { method: 'StaticPairList' };
    const cfg = (pl: Record<string, unknown>) => [base, pl] as ConfigInput['pairlists'];
    await expect(s.run(cfg({ method: 'AgeFilter', min_days_listed: 1001 }))).rejects.toThrow(
      'AgeFilter requires min_days_listed to not exceed exchange max request size (1000)',
    );
    await expect(s.run(cfg({ method: 'AgeFilter', min_days_listed: 10, max_days_listed: 1001 }))).rejects.toThrow(
      'AgeFilter requires max_days_listed to not exceed exchange max request size (1000)',
    );
    await expect(s.run(cfg({ method: 'VolatilityFilter', lookback_days: 1001 }))).rejects.toThrow(
      'VolatilityFilter requires lookback_days to not exceed exchange max request size (1000)',
    );
    await expect(s.run(cfg({ method: 'RangeStabilityFilter', lookback_days: 1001 }))).rejects.toThrow(
      'RangeStabilityFilter requires lookback_days to not exceed exchange max request size (1000)',
    );
    expect(
      await s.run(cfg({ method: 'RangeStabilityFilter', lookback_days: 1000, min_rate_of_change: 0 })),
    ).not.toEqual([]);
  });

  it('a bot with such a filter does not start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickhub-candle-limit-'));
    try {
      const { config } = validateConfig(
        testConfig({
          user_data_dir: dir,
          pairlists: [{ method: 'StaticPairList' }, { method: 'AgeFilter', min_days_listed: 1500 }],
        }) as Record<string, unknown>,
      );
      await expect(
        startNodeServer({
          config,
          configFiles: [],
          dbUrl: `file:${join(dir, 'tradesv3.sqlite')}`,
          port: 0,
          clock: new ManualClock(Date.UTC(2026, 1, 1)),
          autoTick: false,
        }),
      ).rejects.toThrow('AgeFilter requires min_days_listed to not exceed exchange max request size (1000)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
