// Property checks over random price series (fast-check): shapes and invariants, not values.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossedAbove, crossedBelow, shift } from '../../../src/strategy/frame.ts';
import { atr, bollinger, ema, macd, rsi, sma } from '../../../src/strategy/indicators/index.ts';

const price = fc.double({ min: 1, max: 1e5, noNaN: true, noDefaultInfinity: true });
const prices = fc.array(price, { minLength: 0, maxLength: 120 });

describe('indicator properties', () => {
  it('output length equals input length; values are finite once they start and never stop', () => {
    fc.assert(
      fc.property(prices, fc.integer({ min: 1, max: 30 }), (xs, period) => {
        const high = xs.map((x) => x * 1.01);
        const low = xs.map((x) => x * 0.99);
        const columns = [
          sma(xs, period),
          ema(xs, period),
          rsi(xs, period),
          atr(high, low, xs, period),
          bollinger(xs, period).lower,
          macd(xs, period, period + 5, 3).hist,
        ];
        for (const column of columns) {
          expect(column).toHaveLength(xs.length);
          const first = column.findIndex((v) => v !== null);
          if (first >= 0) expect(column.slice(first).every((v) => Number.isFinite(v))).toBe(true);
        }
      }),
    );
  });

  it('RSI stays within [0, 100] and Bollinger bands stay ordered', () => {
    fc.assert(
      fc.property(prices, (xs) => {
        for (const v of rsi(xs, 5)) if (v !== null) expect(v >= 0 && v <= 100).toBe(true);
        const b = bollinger(xs, 5);
        b.middle.forEach((m, i) => {
          if (m === null) return;
          expect((b.lower[i] as number) <= m + 1e-9 && m <= (b.upper[i] as number) + 1e-9).toBe(true);
        });
      }),
    );
  });
});

describe('frame helper properties', () => {
  it('a series never crosses above and below on the same row', () => {
    fc.assert(
      fc.property(prices, price, (xs, level) => {
        const up = crossedAbove(xs, level);
        const down = crossedBelow(xs, level);
        expect(up.some((u, i) => u && down[i])).toBe(false);
      }),
    );
  });

  it('shift(n) then shift(-n) restores the middle of the series', () => {
    fc.assert(
      fc.property(prices, fc.integer({ min: 0, max: 10 }), (xs, n) => {
        const back = shift(shift(xs, n), -n);
        expect(back.slice(0, Math.max(0, xs.length - n))).toEqual(xs.slice(0, Math.max(0, xs.length - n)));
      }),
    );
  });
});
