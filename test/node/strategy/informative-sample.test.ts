// The built-in port of freqtrade-strategies' InformativeSample: its EMAs and BTC/USDT 15m column
// merged as freqtrade's merge_informative_pair does, against an independent computation (big.js,
// TA-Lib's SMA-seeded EMA, pandas' rolling mean, the "candle that closes when it closes" join with
// forward fill), and its signals on a fixed series. Worked values are checked by hand.

import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/exchange/port.ts';
import { analyze } from '../../../src/strategy/analyze.ts';
import { InformativeSample } from '../../../src/strategy/builtin/InformativeSample.ts';
import { type DataProviderView, frameFromCandles } from '../../../src/strategy/types.ts';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const N = 200;
// The pair rises for 120 candles, then falls.
const closes = Array.from({ length: N }, (_, i) => (i < 120 ? 100 + 0.1 * i : 112 - 0.3 * (i - 120)));
const pairCandles: Candle[] = closes.map((c, i) => [T0 + i * 5 * MIN, c, c + 0.05, c - 0.05, c, 10]);
// BTC/USDT 15m from 450 minutes before the pair's first candle: up for 60 candles, then down.
const BTC_START = T0 - 450 * MIN;
const btcCloses = Array.from({ length: 100 }, (_, k) => (k < 60 ? 50000 + 50 * k : 53000 - 80 * (k - 60)));
const btcCandles: Candle[] = btcCloses.map((c, k) => [BTC_START + k * 15 * MIN, c, c + 1, c - 1, c, 5]);

const requested: string[] = [];
const dp: DataProviderView = {
  getProducerDf: () => undefined,
  getPairDataframe: (pair, timeframe) => {
    requested.push(`${pair} ${timeframe}`);
    return frameFromCandles(btcCandles);
  },
  getAnalyzedDataframe: () => [frameFromCandles([]), 0],
  currentWhitelist: () => ['ETH/USDT'],
  runmode: 'dry_run',
  ticker: async () => ({}),
  orderbook: async (pair) => ({ symbol: pair, timestamp: 0, bids: [], asks: [] }),
  market: () => undefined,
};

// --- independent references ---
const big = (x: number) => new Big(x);
function refEma(xs: number[], period: number): (number | null)[] {
  const out: (number | null)[] = xs.map(() => null);
  const k = big(2).div(period + 1);
  let prev = xs
    .slice(0, period)
    .reduce((s, x) => s.plus(big(x)), big(0))
    .div(period);
  out[period - 1] = prev.toNumber();
  for (let i = period; i < xs.length; i++) {
    prev = big(xs[i])
      .times(k)
      .plus(prev.times(big(1).minus(k)));
    out[i] = prev.toNumber();
  }
  return out;
}
function refSma(xs: number[], n: number): (number | null)[] {
  return xs.map((_, i) =>
    i + 1 < n
      ? null
      : xs
          .slice(i - n + 1, i + 1)
          .reduce((s, x) => s.plus(big(x)), big(0))
          .div(n)
          .toNumber(),
  );
}
/** The BTC candle merged into the pair's row i: the latest one closing by the time row i's candle closes. */
function refInformativeRow(i: number): number | null {
  const rowClose = T0 + i * 5 * MIN + 5 * MIN;
  let found: number | null = null;
  for (let k = 0; k < btcCandles.length; k++) {
    const joinedAt = btcCandles[k][0] + 15 * MIN - 5 * MIN; // the main row it is joined to
    if (joinedAt >= T0 && btcCandles[k][0] + 15 * MIN <= rowClose) found = k;
  }
  return found;
}

describe('InformativeSample (port)', () => {
  const strategy = new InformativeSample();
  const frame = analyze(strategy, pairCandles, { pair: 'ETH/USDT', timeframe: '5m', dp, stakeCurrency: 'USDT' });
  const c = frame.columns;

  it('declares BTC/USDT 15m as informative pair and reads it through the data provider', () => {
    expect(strategy.informativePairs()).toEqual([['BTC/USDT', '15m']]);
    expect(requested).toContain('BTC/USDT 15m');
    expect(strategy).toMatchObject({
      timeframe: '5m',
      stoploss: -0.1,
      minimal_roi: { '60': 0.01, '30': 0.03, '20': 0.04, '0': 0.05 },
      exit_profit_only: true,
      trailing_stop: false,
    });
  });

  it('EMAs as TA-Lib (SMA seed) and the 15m columns joined as merge_informative_pair', () => {
    for (const [name, period] of [
      ['ema20', 20],
      ['ema50', 50],
      ['ema100', 100],
    ] as const) {
      const ref = refEma(closes, period);
      c[name].forEach((v, i) => {
        if (ref[i] === null) expect(v, `${name} row ${i}`).toBeNull();
        else expect(v as number).toBeCloseTo(ref[i] as number, 9);
      });
    }
    const btcSma = refSma(btcCloses, 20);
    for (let i = 0; i < N; i++) {
      const k = refInformativeRow(i);
      expect(c.close_15m[i], `close_15m row ${i}`).toBe(k === null ? null : btcCloses[k]);
      const sma = k === null ? null : btcSma[k];
      if (sma === null) expect(c.sma20_15m[i]).toBeNull();
      else expect(c.sma20_15m[i] as number).toBeCloseTo(sma, 9);
    }
    // By hand: BTC candle 30 (opens 450 min before T0 + 30·15 min = T0) closes at T0+15m, when the
    // pair's row 2 (T0+10m) closes; close 50000 + 50·30 = 51500, sma20 = mean of candles 11..30 =
    // 50000 + 50·20.5 = 51025. Rows 0 and 1 have no BTC candle yet; rows 3 and 4 keep candle 30.
    expect([c.close_15m[0], c.close_15m[1]]).toEqual([null, null]);
    expect([c.close_15m[2], c.close_15m[3], c.close_15m[4], c.close_15m[5]]).toEqual([51500, 51500, 51500, 51550]);
    expect(c.sma20_15m[2] as number).toBeCloseTo(51025, 9);
  });

  it('enters on ema20 > ema50 with BTC above its mean, exits on both below', () => {
    const btcSma = refSma(btcCloses, 20);
    const ema20 = refEma(closes, 20);
    const ema50 = refEma(closes, 50);
    const expected = { enter: [] as number[], exit: [] as number[] };
    for (let i = 0; i < N; i++) {
      const k = refInformativeRow(i);
      const e20 = ema20[i];
      const e50 = ema50[i];
      const sma = k === null ? null : btcSma[k];
      if (e20 === null || e50 === null || k === null || sma === null) continue;
      if (e20 > e50 && btcCloses[k] > sma) expected.enter.push(i);
      if (e20 < e50 && btcCloses[k] < sma) expected.exit.push(i);
    }
    const rows = (col: (number | null)[]) => col.flatMap((v, i) => (v === 1 ? [i] : []));
    expect(rows(c.enter_long)).toEqual(expected.enter);
    expect(rows(c.exit_long)).toEqual(expected.exit);
    // The series makes both happen: entries from row 49 (ema50's first value) while both rise,
    // exits once the pair and BTC have both turned down.
    expect(expected.enter[0]).toBe(49);
    expect(expected.enter.length).toBeGreaterThan(50);
    expect(expected.exit.length).toBeGreaterThan(10);
    expect(Math.min(...expected.exit)).toBeGreaterThan(120);
  });

  it('without a data provider only the EMAs are set and nothing signals', () => {
    const bare = analyze(new InformativeSample(), pairCandles, { pair: 'ETH/USDT', timeframe: '5m' });
    expect(bare.columns.close_15m).toBeUndefined();
    expect(bare.columns.enter_long.every((v) => v === 0)).toBe(true);
  });
});
