import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/exchange/port.ts';
import {
  applyInformative,
  informativeAsset,
  informativeColumnName,
  informativeKeys,
  mergeInformative,
} from '../../../src/strategy/informative.ts';
import { type DataProviderView, type Frame, frameFromCandles } from '../../../src/strategy/types.ts';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 9, 55);

function candles(start: number, stepMs: number, closes: number[]): Candle[] {
  return closes.map((c, i) => [start + i * stepMs, c, c, c, c, 1]);
}

describe('mergeInformative (freqtrade merge_informative_pair)', () => {
  it('worked example: a 1h candle reaches the 5m row that closes when it closes, then is forward-filled', () => {
    // 5m rows 09:55 … 11:55 (25 rows); 1h candles 09:00 (close 100), 10:00 (110), 11:00 (120).
    const main = frameFromCandles(
      candles(
        T0,
        5 * MIN,
        Array.from({ length: 25 }, (_, i) => i),
      ),
    );
    const inf = frameFromCandles(candles(Date.UTC(2024, 0, 1, 9), 60 * MIN, [100, 110, 120]));
    const merged = mergeInformative(main, inf, '5m', '1h');
    const at = (h: number, m: number) => merged.date.indexOf(Date.UTC(2024, 0, 1, h, m));
    const close = merged.columns.close_1h;
    // The 09:00 candle closes at 10:00: the 09:55 row (closing at 10:00) is the first to see it.
    expect(close[at(9, 55)]).toBe(100);
    expect(close[at(10, 50)]).toBe(100);
    // The 10:00 candle closes at 11:00: only from the 10:55 row on, never at 10:00 … 10:50.
    expect(close[at(10, 55)]).toBe(110);
    expect(close[at(11, 50)]).toBe(110);
    expect(close[at(11, 55)]).toBe(120);
    expect(merged.columns.date_1h[at(10, 30)]).toBe(Date.UTC(2024, 0, 1, 9));
    expect(merged.columns.date_1h[at(11, 0)]).toBe(Date.UTC(2024, 0, 1, 10));
    // 12 rows see 100 (09:55 … 10:50), 12 rows 110, 1 row 120.
    expect(close.filter((v) => v === 100)).toHaveLength(12);
    expect(close.filter((v) => v === 110)).toHaveLength(12);
  });

  it('without ffill only the matching rows carry the informative values', () => {
    const main = frameFromCandles(
      candles(
        T0,
        5 * MIN,
        Array.from({ length: 25 }, (_, i) => i),
      ),
    );
    const inf = frameFromCandles(candles(Date.UTC(2024, 0, 1, 9), 60 * MIN, [100, 110, 120]));
    const merged = mergeInformative(main, inf, '5m', '1h', { ffill: false });
    expect(merged.columns.close_1h.filter((v) => v !== null)).toEqual([100, 110, 120]);
  });

  it('refuses a faster informative timeframe and duplicate column names', () => {
    const main = frameFromCandles(candles(T0, 60 * MIN, [1, 2]));
    expect(() => mergeInformative(main, frameFromCandles(candles(T0, 5 * MIN, [1])), '1h', '5m')).toThrow(
      /faster timeframe/,
    );
    const once = mergeInformative(main, frameFromCandles(candles(T0, 60 * MIN, [1])), '1h', '1h');
    expect(() => mergeInformative(once, frameFromCandles(candles(T0, 60 * MIN, [1])), '1h', '1h')).toThrow(
      /Duplicate column name date_1h/,
    );
  });

  it('property: no row sees an informative candle that has not closed when the row closes, nor a stale one', () => {
    const tfs: [string, number][] = [
      ['1m', 1],
      ['5m', 5],
      ['15m', 15],
      ['1h', 60],
      ['4h', 240],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (a, b, startSteps, rows, infRows) => {
          const [tf, m] = tfs[Math.min(a, b)];
          const [tfInf, mInf] = tfs[Math.max(a, b)];
          const start = Date.UTC(2024, 0, 1) + startSteps * m * MIN;
          const infStart = Math.floor(start / (mInf * MIN)) * mInf * MIN - 3 * mInf * MIN;
          const main = frameFromCandles(
            candles(
              start,
              m * MIN,
              Array.from({ length: rows }, (_, i) => i),
            ),
          );
          const inf = frameFromCandles(
            candles(
              infStart,
              mInf * MIN,
              Array.from({ length: infRows }, (_, k) => k),
            ),
          );
          const merged = mergeInformative(main, inf, tf, tfInf);
          for (let i = 0; i < rows; i++) {
            const rowClose = merged.date[i] + m * MIN;
            const closedByThen = inf.date.filter((d) => d + mInf * MIN <= rowClose);
            const seen = merged.columns[`date_${tfInf}`][i];
            if (seen !== null) expect(seen + mInf * MIN).toBeLessThanOrEqual(rowClose);
            // Contiguous candles: once any informative candle has closed inside the frame, the row sees the newest.
            const newest = closedByThen.at(-1);
            if (newest !== undefined && newest + mInf * MIN >= merged.date[0] + m * MIN) expect(seen).toBe(newest);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('informative specs (freqtrade @informative)', () => {
  it('formats assets and column names as freqtrade does', () => {
    const other = { timeframe: '1h', asset: 'BTC/{stake}', populate: (f: Frame) => f };
    const own = { timeframe: '1h', populate: (f: Frame) => f };
    expect(informativeAsset(other, 'ETH/USDT', 'USDT')).toBe('BTC/USDT');
    expect(informativeAsset({ ...other, asset: '{base}/btc' }, 'ETH/USDT', 'USDT')).toBe('ETH/BTC');
    expect(informativeAsset(own, 'ETH/USDT', 'USDT')).toBe('ETH/USDT');
    expect(informativeColumnName(other, 'BTC/USDT', 'close')).toBe('btc_usdt_close_1h');
    expect(informativeColumnName(own, 'ETH/USDT', 'rsi')).toBe('rsi_1h');
    expect(informativeColumnName({ ...own, fmt: '{BASE}_{column}' }, 'ETH/USDT', 'rsi')).toBe('ETH_rsi');
  });

  it('gathers informative_pairs() and the specs over the whitelist, without duplicates', () => {
    const strategy = {
      informativePairs: (): [string, string][] => [['BTC/USDT', '1h']],
      informative: [
        { timeframe: '1h', asset: 'BTC/{stake}', populate: (f: Frame) => f },
        { timeframe: '15m', populate: (f: Frame) => f },
      ],
    };
    expect(informativeKeys(strategy, ['ETH/USDT', 'XRP/USDT'], 'USDT')).toEqual([
      { pair: 'BTC/USDT', timeframe: '1h', candleType: undefined },
      { pair: 'ETH/USDT', timeframe: '15m', candleType: undefined },
      { pair: 'XRP/USDT', timeframe: '15m', candleType: undefined },
    ]);
  });

  it('runs each spec on the data provider frame of its asset and merges the renamed columns', () => {
    const requested: string[] = [];
    const dp: DataProviderView = {
      getProducerDf: () => undefined,
      getPairDataframe: (pair, timeframe) => {
        requested.push(`${pair} ${timeframe}`);
        return frameFromCandles(candles(Date.UTC(2024, 0, 1, 9), 60 * MIN, [100, 110]));
      },
      getAnalyzedDataframe: () => [frameFromCandles([]), 0],
      currentWhitelist: () => ['ETH/USDT'],
      runmode: 'dry_run',
      ticker: async () => ({}),
      orderbook: async (pair) => ({ symbol: pair, timestamp: 0, bids: [], asks: [] }),
      market: () => undefined,
    };
    const spec = {
      timeframe: '1h',
      asset: 'BTC/{stake}',
      populate: (f: Frame) => {
        f.columns.double = f.close.map((c) => c * 2);
        return f;
      },
    };
    const main = frameFromCandles(candles(T0, 5 * MIN, [1, 2]));
    const out = applyInformative([spec], main, { pair: 'ETH/USDT', timeframe: '5m', dp, stakeCurrency: 'USDT' });
    expect(requested).toEqual(['BTC/USDT 1h']);
    expect(out.columns.btc_usdt_double_1h).toEqual([200, 200]);
    expect(out.columns.btc_usdt_date_1h).toEqual([Date.UTC(2024, 0, 1, 9), Date.UTC(2024, 0, 1, 9)]);
  });
});
