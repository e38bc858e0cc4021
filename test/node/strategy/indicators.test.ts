// Cross-check of the trading-signals based wrappers against indicatorts, a second library.
// Where both seed the same way the values agree exactly; elsewhere they must agree to 1e-9
// once the seeding difference has decayed.

import { bb, atr as itsAtr, ema as itsEma, macd as itsMacd, rsi as itsRsi, sma as itsSma, rma, tr } from 'indicatorts';
import { describe, expect, it } from 'vitest';
import { atr, bollinger, ema, macd, rsi, sma } from '../../../src/strategy/indicators/index.ts';
import type { Column } from '../../../src/strategy/types.ts';
import { syntheticCandles } from './synthetic.ts';

const candles = syntheticCandles(600);
const close = candles.map((c) => c[4]);
const high = candles.map((c) => c[2]);
const low = candles.map((c) => c[3]);

function firstValue(column: Column): number {
  return column.findIndex((v) => v !== null);
}

function expectClose(actual: Column, expected: number[], from: number, tolerance = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  let compared = 0;
  for (let i = from; i < actual.length; i++) {
    const a = actual[i];
    expect(a, `index ${i}`).not.toBeNull();
    const scale = Math.max(1, Math.abs(expected[i]));
    expect(Math.abs((a as number) - expected[i]) / scale, `index ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(
      tolerance,
    );
    compared++;
  }
  expect(compared).toBeGreaterThan(100);
}

describe('indicator wrappers', () => {
  it('keep the input length and are null only during warm-up', () => {
    expect(firstValue(sma(close, 20))).toBe(19);
    expect(firstValue(ema(close, 20))).toBe(19);
    expect(firstValue(rsi(close, 14))).toBe(14); // TA-Lib's lookback
    expect(firstValue(atr(high, low, close, 14))).toBe(13);
    expect(firstValue(bollinger(close, 20).upper)).toBe(19);
    const m = macd(close, 12, 26, 9);
    expect([firstValue(m.macd), firstValue(m.signal), firstValue(m.hist)]).toEqual([33, 33, 33]);
    for (const column of [sma(close, 20), ema(close, 20), rsi(close), atr(high, low, close), m.hist]) {
      expect(column).toHaveLength(close.length);
      expect(column.slice(firstValue(column)).every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
    }
  });

  it('SMA equals indicatorts sma once the window is full', () => {
    expectClose(sma(close, 20), itsSma(close, { period: 20 }), 19, 1e-12);
  });

  it('EMA equals indicatorts ema (both seed with the first value)', () => {
    for (const period of [9, 21, 50]) expectClose(ema(close, period), itsEma(close, { period }), period - 1, 1e-13);
  });

  it('RSI (Wilder, SMA seed) converges to indicatorts rsi (running-mean seed)', () => {
    const ours = rsi(close, 14);
    const theirs = itsRsi(close, { period: 14 });
    expectClose(ours, theirs, 400);
    // The seeding differs, so early values must differ: the check above is not vacuous.
    expect(Math.abs((ours[20] as number) - theirs[20])).toBeGreaterThan(1e-6);
  });

  it('RSI seeds with the SMA of the first N changes (TA-Lib convention)', () => {
    const prices = [44, 44.3, 44.1, 44.2, 44.5, 43.9, 44.6];
    const period = 3;
    const changes = prices.slice(1).map((p, i) => p - prices[i]);
    const gain = changes.slice(0, period).reduce((s, c) => s + Math.max(c, 0), 0) / period;
    const loss = changes.slice(0, period).reduce((s, c) => s + Math.max(-c, 0), 0) / period;
    expect(rsi(prices, period)[period]).toBeCloseTo(100 - 100 / (1 + gain / loss), 12);
  });

  it('MACD converges to indicatorts macd (different signal seeding)', () => {
    const ours = macd(close, 12, 26, 9);
    const theirs = itsMacd(close, { fast: 12, slow: 26, signal: 9 });
    expectClose(ours.macd, theirs.macdLine, 33, 1e-13); // same EMAs
    expectClose(ours.signal, theirs.signalLine, 250);
    expectClose(
      ours.hist,
      theirs.macdLine.map((m, i) => m - theirs.signalLine[i]),
      250,
    );
  });

  it('Bollinger bands equal indicatorts bb (SMA ± 2 population σ)', () => {
    const ours = bollinger(close, 20, 2);
    const theirs = bb(close, { period: 20 });
    expectClose(ours.upper, theirs.upper, 19);
    expectClose(ours.middle, theirs.middle, 19);
    expectClose(ours.lower, theirs.lower, 19);
  });

  it('ATR (Wilder) converges to indicatorts rma of its true range', () => {
    const ours = atr(high, low, close, 14);
    expectClose(ours, rma(tr(high, low, close), { period: 14 }), 400);
    // indicatorts' own atr is an SMA of the true range: a different indicator.
    expect(Math.abs((ours[300] as number) - itsAtr(high, low, close, { period: 14 }).atrLine[300])).toBeGreaterThan(
      1e-6,
    );
  });

  it('restart warm-up after leading nulls and gaps instead of propagating NaN', () => {
    const withGap: (number | null)[] = [null, null, ...close.slice(0, 30), Number.NaN, ...close.slice(30, 60)];
    const out = ema(withGap, 5);
    expect(out.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(out[6]).toBe(ema(close.slice(0, 30), 5)[4]);
    expect(out[32]).toBeNull();
    expect(out.slice(33, 37)).toEqual([null, null, null, null]);
    expect(out[37]).toBe(ema(close.slice(30, 60), 5)[4]);
  });

  it('reject bad periods and mismatched inputs', () => {
    expect(() => ema(close, 0)).toThrow(RangeError);
    expect(() => rsi(close, 2.5)).toThrow(RangeError);
    expect(() => atr(high, low.slice(1), close)).toThrow(RangeError);
  });
});
