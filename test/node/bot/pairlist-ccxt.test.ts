// The candle and ticker filters through real ccxt against the loopback fake Binance: a pair
// listed 4 days ago fails AgeFilter, the others pass; Volatility, RangeStability and Precision
// filters work on what ccxt returns.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMarket } from '../../../src/bot/factory.ts';
import { buildWhitelist } from '../../../src/bot/pairlist/pairlists.ts';
import { PairlistState } from '../../../src/bot/pairlist/state.ts';
import { validateConfig } from '../../../src/config/load.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import type { Exchange } from '../../../src/exchange/port.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { LogHub } from '../../../src/util/logger.ts';
import { DEFAULT_MARKETS, type FakeBinance, startFakeBinance } from '../../support/fake-binance.ts';

const NOW = Date.UTC(2026, 1, 1, 12);
const DAY = 86_400_000;
let fake: FakeBinance;
let exchange: Exchange;
const clock = new ManualClock(NOW);
const logs = new LogHub(() => clock.now());

beforeAll(async () => {
  fake = await startFakeBinance({
    now: () => clock.now(),
    markets: [
      ...DEFAULT_MARKETS,
      {
        symbol: 'NEWUSDT',
        base: 'NEW',
        quote: 'USDT',
        price: 2,
        tickSize: '0.001',
        stepSize: '0.1',
        minQty: '0.1',
        minNotional: '5',
        listedAt: Math.floor(NOW / DAY) * DAY - 4 * DAY,
      },
    ],
  });
  const { config } = validateConfig({ exchange: { name: 'binance', ccxt_config: { enableRateLimit: false } } });
  exchange = await createMarket(config, { clock, log: logs.logger('x'), ccxtUrlOverride: fake.url });
  await exchange.loadMarkets();
}, 60_000);
afterAll(async () => {
  await fake?.close();
});

const PAIRS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'NEW/USDT'];

async function run(pairlists: ConfigInput['pairlists'], stoploss?: number) {
  const { config } = validateConfig({
    exchange: { name: 'binance', pair_whitelist: PAIRS },
    pairlists: [{ method: 'StaticPairList' }, ...(pairlists ?? [])],
  } as Record<string, unknown>);
  return buildWhitelist({
    config,
    exchange,
    blacklist: [],
    log: logs.logger('pairlist'),
    now: clock.now(),
    state: new PairlistState(),
    stoploss,
  });
}

describe('pairlist filters through ccxt', () => {
  it('AgeFilter: the pair listed 4 days ago has 4 complete daily candles and is removed', async () => {
    expect(await run([{ method: 'AgeFilter', min_days_listed: 5 }])).toEqual(PAIRS.slice(0, 4));
    expect(
      logs
        .recent()
        .map((r) => r[4])
        .filter((m) => m.includes('NEW/USDT')),
    ).toEqual(['Removed NEW/USDT from whitelist, because age 4 is less than 5 days']);
    expect(await run([{ method: 'AgeFilter', min_days_listed: 3 }])).toEqual(PAIRS);
    const klines = fake.requests().filter((r) => r.path === '/api/v3/klines');
    expect(klines.length).toBeGreaterThanOrEqual(PAIRS.length);
    expect(klines[0].params.interval).toBe('1d');
  });

  it('VolatilityFilter and RangeStabilityFilter read daily candles through ccxt', async () => {
    // The fake's candles swing ±1 % around a fixed price: every range is a few percent, so a
    // 50 % minimum rate of change removes all, a 0.1 % minimum keeps the pairs with enough history.
    expect(await run([{ method: 'RangeStabilityFilter', lookback_days: 3, min_rate_of_change: 0.5 }])).toEqual([]);
    expect(await run([{ method: 'RangeStabilityFilter', lookback_days: 3, min_rate_of_change: 0.001 }])).toEqual(PAIRS);
    expect(await run([{ method: 'VolatilityFilter', lookback_days: 3, min_volatility: 0, max_volatility: 1 }])).toEqual(
      PAIRS,
    );
    expect(await run([{ method: 'VolatilityFilter', lookback_days: 3, min_volatility: 1 }])).toEqual([]);
  });

  it('PrecisionFilter uses the tick sizes ccxt loaded', async () => {
    // stoploss -1023/1024 keeps exactly last/1024 (no float remainder to round up), kept when
    // ceil(stop) > ceil(0.99 × stop) in ticks: XRP 0.5 → 4.88 and 4.83 ticks of 0.0001 → 5 = 5;
    // NEW 2 → 1.95 and 1.93 ticks of 0.001 → 2 = 2; SOL 150 → 14.65 and 14.50 ticks of 0.01 → 15 = 15:
    // removed. ETH 3000 → 2.93 vs 2.91 and BTC: kept.
    expect(await run([{ method: 'PrecisionFilter' }], -1023 / 1024)).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('VolumePairList with lookback_days sums the last complete daily candles ccxt returns (base volume x typical price)', async () => {
    const pl = [{ method: 'VolumePairList', number_assets: 3, lookback_days: 2, refresh_period: 86400 }];
    const { config } = validateConfig({
      exchange: { name: 'binance' },
      pairlists: pl,
    } as Record<string, unknown>);
    const before = fake.requests().length;
    const pairs = await buildWhitelist({
      config,
      exchange,
      blacklist: [],
      log: logs.logger('pairlist'),
      now: clock.now(),
      state: new PairlistState(),
    });
    const requests = fake.requests().slice(before);
    expect(requests.some((r) => r.path === '/api/v3/ticker/24hr')).toBe(false);
    const since = Math.floor((clock.now() - 3 * DAY) / DAY) * DAY;
    const volumes = await Promise.all(
      Object.values(exchange.markets())
        .filter((m) => m.active && m.spot && m.quote === 'USDT')
        .map(async (m) => {
          const rows = (await exchange.fetchOHLCV(m.symbol, '1d', since, 4)).filter(
            (c) => c[0] >= since && c[0] + DAY <= clock.now(),
          );
          const v = rows.length < 2 ? 0 : rows.slice(-2).reduce((a, c) => a + c[5] * ((c[2] + c[3] + c[4]) / 3), 0);
          return { pair: m.symbol, v };
        }),
    );
    expect(pairs).toEqual(
      volumes
        .sort((a, b) => b.v - a.v)
        .slice(0, 3)
        .map((x) => x.pair),
    );
    expect(volumes.find((x) => x.v === 0)).toBeUndefined();
  });

  it("refuses lookbacks beyond Binance's 1000-candle limit", async () => {
    await expect(run([{ method: 'AgeFilter', min_days_listed: 1001 }])).rejects.toThrow(
      'AgeFilter requires min_days_listed to not exceed exchange max request size (1000)',
    );
    await expect(run([{ method: 'VolatilityFilter', lookback_days: 1001 }])).rejects.toThrow(
      'VolatilityFilter requires lookback_days to not exceed exchange max request size (1000)',
    );
    await expect(run([{ method: 'RangeStabilityFilter', lookback_days: 1001 }])).rejects.toThrow(
      'RangeStabilityFilter requires lookback_days to not exceed exchange max request size (1000)',
    );
  });
});
