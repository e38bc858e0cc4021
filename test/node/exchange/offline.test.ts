import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OFFLINE_SEED,
  MAX_OHLCV_LIMIT,
  OFFLINE_TIMEFRAMES,
  OfflineExchange,
} from '../../../src/exchange/offline/index.ts';
import { type Candle, ExchangeError, timeframeToMs } from '../../../src/exchange/port.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { computeOfflineFixture, EXPECTED_OFFLINE_FIXTURE } from '../../support/offline-fixture.ts';

const T0 = Date.UTC(2026, 0, 15, 12, 34, 56, 789);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function offline(seed?: number, now = T0, tradingMode: 'spot' | 'futures' = 'spot') {
  const clock = new ManualClock(now);
  return { clock, exchange: new OfflineExchange({ clock, seed, tradingMode }) };
}

function aggregate(parts: Candle[]): Candle {
  return [
    parts[0][0],
    parts[0][1],
    Math.max(...parts.map((c) => c[2])),
    Math.min(...parts.map((c) => c[3])),
    parts[parts.length - 1][4],
    parts.reduce((sum, c) => sum + c[5], 0),
  ];
}

describe('OfflineExchange markets', () => {
  it('lists the spot pairs in spot mode and the linear swaps in futures mode', async () => {
    const spot = offline().exchange;
    expect(spot.markets()).toEqual({});
    const spotMarkets = await spot.loadMarkets();
    expect(Object.keys(spotMarkets).sort()).toEqual(
      ['ADA', 'BNB', 'BTC', 'DOGE', 'ETH', 'LTC', 'SOL', 'XRP'].map((b) => `${b}/USDT`),
    );
    expect(spot.markets()).toBe(spotMarkets);
    expect(spotMarkets['BTC/USDT']).toMatchObject({
      spot: true,
      precision: { amount: 0.00001, price: 0.01 },
      limits: { cost: { min: 5 } },
      taker: 0.001,
      maker: 0.001,
    });

    const futures = offline(undefined, T0, 'futures').exchange;
    const futuresMarkets = await futures.loadMarkets();
    expect(Object.keys(futuresMarkets).sort()).toEqual([
      'BTC/USDT:USDT',
      'ETH/USDT:USDT',
      'SOL/USDT:USDT',
      'XRP/USDT:USDT',
    ]);
    expect(futuresMarkets['ETH/USDT:USDT']).toMatchObject({ swap: true, linear: true, settle: 'USDT' });
    expect(futuresMarkets['ETH/USDT:USDT'].limits.leverage.max).toBe(20);
    expect(futures.marginMode).toBe('isolated');
    expect(spot.id).toBe('offline');
    expect(spot.name).toBe('Offline');
    expect(spot.seed).toBe(DEFAULT_OFFLINE_SEED);
  });

  it('rejects unknown symbols and timeframes, and order methods', async () => {
    const { exchange } = offline();
    await expect(exchange.fetchTicker('FOO/USDT')).rejects.toMatchObject({ kind: 'bad_symbol' });
    await expect(exchange.fetchOHLCV('BTC/USDT', '7m')).rejects.toMatchObject({ kind: 'not_supported' });
    const order = exchange.createOrder({
      symbol: 'BTC/USDT',
      type: 'market',
      side: 'buy',
      amount: 1,
      clientOrderId: 'x',
    });
    await expect(order).rejects.toBeInstanceOf(ExchangeError);
    await expect(order).rejects.toMatchObject({ kind: 'not_supported' });
    await expect(exchange.fetchBalance()).rejects.toMatchObject({ kind: 'not_supported' });
  });
});

describe('OfflineExchange determinism', () => {
  it('gives identical candles and tickers for the same seed and time', async () => {
    const a = offline(11).exchange;
    const b = offline(11).exchange;
    expect(await a.fetchOHLCV('ETH/USDT', '15m', undefined, 200)).toEqual(
      await b.fetchOHLCV('ETH/USDT', '15m', undefined, 200),
    );
    expect(await a.fetchTickers()).toEqual(await b.fetchTickers());
    expect(await a.fetchOrderBook('ETH/USDT')).toEqual(await b.fetchOrderBook('ETH/USDT'));
  });

  it('gives different paths for different seeds', async () => {
    const a = await offline(11).exchange.fetchOHLCV('ETH/USDT', '1h', undefined, 48);
    const b = await offline(12).exchange.fetchOHLCV('ETH/USDT', '1h', undefined, 48);
    expect(a.map((c) => c[4])).not.toEqual(b.map((c) => c[4]));
  });

  it('does not depend on the query window or on what was computed before', async () => {
    const { exchange } = offline(3);
    const wide = await exchange.fetchOHLCV('SOL/USDT', '1m', T0 - 10 * HOUR, 600);
    const fresh = offline(3).exchange;
    const narrow = await fresh.fetchOHLCV('SOL/USDT', '1m', wide[317][0], 5);
    expect(narrow).toEqual(wide.slice(317, 322));
    expect(fresh.priceAt('SOL/USDT', wide[400][0])).toBe(wide[400][1]);
  });

  it('matches the shared fixture (also checked inside workerd)', async () => {
    expect(await computeOfflineFixture()).toEqual(EXPECTED_OFFLINE_FIXTURE);
  });
});

describe('OfflineExchange candles', () => {
  it('supports every timeframe from 1m to 1w, aligned to candle boundaries', async () => {
    const { exchange } = offline();
    for (const tf of OFFLINE_TIMEFRAMES) {
      const candles = await exchange.fetchOHLCV('BTC/USDT', tf, undefined, 3);
      expect(candles).toHaveLength(3);
      const ms = timeframeToMs(tf);
      expect(candles[1][0] - candles[0][0]).toBe(ms);
      expect(candles[2][0]).toBeLessThanOrEqual(T0);
      expect(candles[2][0] + ms).toBeGreaterThan(T0);
    }
    const weekly = await exchange.fetchOHLCV('BTC/USDT', '1w', undefined, 1);
    expect(new Date(weekly[0][0]).getUTCDay()).toBe(1); // Monday
  });

  it('builds a 1h candle from its sixty 1m candles', async () => {
    const { exchange } = offline();
    const hourStart = Math.floor(T0 / HOUR) * HOUR - 5 * HOUR;
    const [hour] = await exchange.fetchOHLCV('ETH/USDT', '1h', hourStart, 1);
    const minutes = await offline().exchange.fetchOHLCV('ETH/USDT', '1m', hourStart, 60);
    expect(minutes).toHaveLength(60);
    expect(hour).toEqual(aggregate(minutes));
  });

  it('builds a 1d candle from 24 × 1h and a 15m candle from 3 × 5m', async () => {
    const { exchange } = offline(5);
    const dayStart = Math.floor(T0 / DAY) * DAY - 2 * DAY;
    const [day] = await exchange.fetchOHLCV('DOGE/USDT', '1d', dayStart, 1);
    const hours = await exchange.fetchOHLCV('DOGE/USDT', '1h', dayStart, 24);
    expect(day).toEqual(aggregate(hours));
    const [quarter] = await exchange.fetchOHLCV('XRP/USDT', '15m', dayStart + 45 * 60_000, 1);
    const fives = await exchange.fetchOHLCV('XRP/USDT', '5m', dayStart + 45 * 60_000, 3);
    expect(quarter).toEqual(aggregate(fives));
  });

  it('aggregates the still-forming candle consistently too', async () => {
    const { exchange } = offline();
    const hours = await exchange.fetchOHLCV('BTC/USDT', '1h', undefined, 1);
    const minutes = await exchange.fetchOHLCV('BTC/USDT', '1m', hours[0][0], 100);
    expect(minutes).toHaveLength(35); // 12:00 … 12:34, the last one forming
    expect(hours[0]).toEqual(aggregate(minutes));
  });

  it('ends with the forming candle whose close is the ticker last', async () => {
    const { exchange, clock } = offline();
    for (const tf of ['1m', '5m', '4h']) {
      const candles = await exchange.fetchOHLCV('LTC/USDT', tf);
      const ticker = await exchange.fetchTicker('LTC/USDT');
      expect(candles.at(-1)![4]).toBe(ticker.last);
    }
    clock.advance(37_000);
    const [last] = (await exchange.fetchOHLCV('LTC/USDT', '1m')).slice(-1);
    expect(last[4]).toBe((await exchange.fetchTicker('LTC/USDT')).last);
  });

  it('honours since and limit like ccxt', async () => {
    const { exchange } = offline();
    expect(await exchange.fetchOHLCV('BTC/USDT', '5m')).toHaveLength(500);
    expect(await exchange.fetchOHLCV('BTC/USDT', '5m', undefined, 5000)).toHaveLength(MAX_OHLCV_LIMIT);
    const since = T0 - 3 * HOUR + 1; // not aligned: the first candle opens at or after since
    const candles = await exchange.fetchOHLCV('BTC/USDT', '1h', since, 10);
    expect(candles[0][0]).toBeGreaterThanOrEqual(since);
    expect(candles[0][0] - since).toBeLessThan(HOUR);
    expect(candles).toHaveLength(3); // stops at the forming candle
    expect(await exchange.fetchOHLCV('BTC/USDT', '1h', T0 + HOUR)).toEqual([]);
  });

  it('has consistent OHLC values and positive volume', async () => {
    const { exchange } = offline();
    const candles = await exchange.fetchOHLCV('ADA/USDT', '5m', undefined, 300);
    for (let i = 0; i < candles.length; i++) {
      const [, o, h, l, c, v] = candles[i];
      expect(h).toBeGreaterThanOrEqual(Math.max(o, c));
      expect(l).toBeLessThanOrEqual(Math.min(o, c));
      expect(v).toBeGreaterThan(0);
      if (i > 0) expect(o).toBe(candles[i - 1][4]);
    }
  });

  it('moves enough within a day for ROI and stoploss to trigger', async () => {
    for (const seed of [1, 2, 3]) {
      const { exchange } = offline(seed);
      for (const symbol of ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']) {
        const candles = await exchange.fetchOHLCV(symbol, '1h', T0 - DAY, 24);
        const high = Math.max(...candles.map((c) => c[2]));
        const low = Math.min(...candles.map((c) => c[3]));
        expect(high / low - 1).toBeGreaterThan(0.02);
        expect(high / low - 1).toBeLessThan(0.5);
      }
    }
  });

  it('serves mark and funding-rate candle types', async () => {
    const { exchange } = offline(undefined, T0, 'futures');
    const mark = await exchange.fetchOHLCV('BTC/USDT:USDT', '1h', undefined, 2, 'mark');
    expect(mark).toEqual(await exchange.fetchOHLCV('BTC/USDT:USDT', '1h', undefined, 2, 'futures'));
    const funding = await exchange.fetchOHLCV('BTC/USDT:USDT', '8h', undefined, 2, 'funding_rate');
    expect(funding.map((c) => c[4])).toEqual([0.0001, 0.0001]);
  });

  it('computes 100 pairs × 1000 5m candles (performance sanity, no timing assertion)', async () => {
    const { exchange } = offline();
    const symbols = Object.keys(await exchange.loadMarkets());
    let count = 0;
    for (let i = 0; i < 100; i++) {
      const candles = await exchange.fetchOHLCV(symbols[i % symbols.length], '5m', T0 - (i + 1) * 5_000 * 60_000, 1000);
      count += candles.length;
    }
    expect(count).toBe(100_000);
  });
});

describe('OfflineExchange tickers and order book', () => {
  it('puts bid below last below ask with a small spread', async () => {
    const { exchange } = offline();
    const tickers = await exchange.fetchTickers();
    expect(Object.keys(tickers)).toHaveLength(8);
    for (const t of Object.values(tickers)) {
      expect(t.bid).toBeLessThan(t.last);
      expect(t.ask).toBeGreaterThan(t.last);
      expect(t.ask / t.bid - 1).toBeLessThan(0.002);
      expect(t.timestamp).toBe(T0);
      expect(t.quoteVolume).toBeGreaterThan(0);
      expect(t.high).toBeGreaterThanOrEqual(t.last);
      expect(t.low).toBeLessThanOrEqual(t.last);
    }
    // VolumePairList ranks by quote volume: BTC trades far more value than ADA here.
    expect(tickers['BTC/USDT'].quoteVolume!).toBeGreaterThan(tickers['ADA/USDT'].quoteVolume!);
  });

  it('approximates the 24h quote volume from the 1m volumes', async () => {
    const { exchange } = offline();
    const ticker = await exchange.fetchTicker('ETH/USDT');
    const minutes = await exchange.fetchOHLCV('ETH/USDT', '1m', Math.floor(T0 / 60_000) * 60_000 - DAY, 1440);
    const baseVolume = minutes.reduce((s, c) => s + c[5], 0);
    expect(ticker.baseVolume).toBe(baseVolume);
    expect(ticker.quoteVolume).toBeCloseTo(baseVolume * ticker.last, 0);
  });

  it('has an order book whose top is the ticker bid and ask', async () => {
    const { exchange } = offline();
    for (const symbol of ['BTC/USDT', 'DOGE/USDT', 'XRP/USDT']) {
      const book = await exchange.fetchOrderBook(symbol, 5);
      const ticker = await exchange.fetchTicker(symbol);
      expect(book.bids).toHaveLength(5);
      expect(book.asks).toHaveLength(5);
      expect(book.bids[0][0]).toBe(ticker.bid);
      expect(book.asks[0][0]).toBe(ticker.ask);
      for (let i = 1; i < 5; i++) {
        expect(book.bids[i][0]).toBeLessThan(book.bids[i - 1][0]);
        expect(book.asks[i][0]).toBeGreaterThan(book.asks[i - 1][0]);
      }
      for (const [, amount] of [...book.bids, ...book.asks]) expect(amount).toBeGreaterThan(0);
    }
  });
});
