// Stop-order prices as freqtrade's create_stoploss / _get_stop_limit_rate / stoploss_adjust and
// its dry-run stop fill compute them; worked examples by hand from freqtrade's code.
import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dryStopCrossed,
  dryStopFillPrice,
  StopPriceError,
  stopLimitRate,
  stopNeedsMove,
  stopOrderPrices,
} from './stop-order.ts';

describe('stop order prices (create_stoploss)', () => {
  it('long: trigger rounded up to the tick, limit = stop · ratio from the unrounded stop, rounded up', () => {
    // 2828.2355 → ROUND_UP 2828.24; 2828.2355 · 0.99 = 2799.953145 → ROUND_UP 2799.96
    expect(stopOrderPrices(2828.2355, 'sell', { tick: 0.01, limit: true, ratio: 0.99 })).toEqual({
      stopPrice: 2828.24,
      limitPrice: 2799.96,
    });
    // default ratio 0.99, stop-market has no limit
    expect(stopOrderPrices(100.001, 'sell', { tick: 0.01, limit: false })).toEqual({
      stopPrice: 100.01,
      limitPrice: undefined,
    });
  });

  it('short: trigger rounded down, limit = stop · (2 − ratio), rounded down', () => {
    // 3100.004 → ROUND_DOWN 3100; 3100.004 · 1.01 = 3131.00404 → ROUND_DOWN 3131
    expect(stopOrderPrices(3100.004, 'buy', { tick: 0.01, limit: true, ratio: 0.99 })).toEqual({
      stopPrice: 3100,
      limitPrice: 3131,
    });
  });

  it('refuses a limit on the wrong side of the stop (ratio above 1)', () => {
    expect(() => stopLimitRate(100, 1.02, 'sell')).toThrow(StopPriceError);
    expect(() => stopLimitRate(100, 1.02, 'buy')).toThrow(/stop price should be more than limit price/);
    expect(stopLimitRate(100, 0.95, 'sell')).toBeCloseTo(95, 12);
    expect(stopLimitRate(100, 0.95, 'buy')).toBeCloseTo(105, 12);
  });

  it('moves a resting stop only when the trade stop is tighter (stoploss_adjust)', () => {
    expect(stopNeedsMove(100.5, 100.4, 'sell')).toBe(true);
    expect(stopNeedsMove(100.4, 100.4, 'sell')).toBe(false);
    expect(stopNeedsMove(100.3, 100.4, 'sell')).toBe(false);
    expect(stopNeedsMove(99, 100, 'buy')).toBe(true);
    expect(stopNeedsMove(101, 100, 'buy')).toBe(false);
    expect(stopNeedsMove(1, undefined, 'sell')).toBe(true);
  });

  it('dry-run: a sell stop triggers on the ask, fills at the bid but never below its limit', () => {
    expect(dryStopCrossed('sell', 100, { bid: 99.9, ask: 100 })).toBe(true);
    expect(dryStopCrossed('sell', 100, { bid: 100, ask: 100.01 })).toBe(false);
    expect(dryStopCrossed('buy', 100, { bid: 100, ask: 100.1 })).toBe(true);
    expect(dryStopCrossed('buy', 100, { bid: 99.99, ask: 100 })).toBe(false);
    expect(dryStopFillPrice('sell', 99, { bid: 98.5, ask: 98.6 }, 0.01)).toBe(99);
    expect(dryStopFillPrice('sell', 99, { bid: 99.705, ask: 99.8 }, 0.01)).toBe(99.71);
    expect(dryStopFillPrice('buy', 101, { bid: 101.5, ask: 101.6 }, 0.01)).toBe(101);
    expect(dryStopFillPrice('buy', 101, { bid: 100.4, ask: 100.5 }, 0.01)).toBe(100.5);
  });

  it('property: trigger and limit land on the grid, away from the market, limit beyond the trigger', () => {
    const ticks = [1, 0.1, 0.01, 0.0001, 0.00000001, 0.5, 0.25];
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 1e6, noNaN: true }),
        fc.constantFrom(...ticks),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
        (stop, tick, ratio, side) => {
          fc.pre(stop > tick * 4);
          const { stopPrice, limitPrice } = stopOrderPrices(stop, side, { tick, limit: true, ratio });
          const onGrid = (p: number) => new Big(p).div(tick).mod(1).eq(0);
          expect(onGrid(stopPrice)).toBe(true);
          expect(onGrid(limitPrice!)).toBe(true);
          if (side === 'sell') {
            expect(stopPrice).toBeGreaterThanOrEqual(stop);
            expect(limitPrice!).toBeLessThanOrEqual(stopPrice);
          } else {
            expect(stopPrice).toBeLessThanOrEqual(stop);
            expect(limitPrice!).toBeGreaterThanOrEqual(stopPrice);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
