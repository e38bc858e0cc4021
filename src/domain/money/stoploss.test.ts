import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tradePriceRounder } from '../trade-model.ts';
import {
  adjustStopLoss,
  emptyStopLossState,
  type StopLossState,
  stopLossFromRatio,
  stoplossAdjust,
  stoplossHit,
  stoplossOrLiquidation,
  type TrailingSettings,
  trailingStopRatio,
} from './index.ts';

const long = (openRate = 100, leverage = 1): StopLossState =>
  emptyStopLossState({ isShort: false, leverage, openRate });
const short = (openRate = 100, leverage = 1): StopLossState =>
  emptyStopLossState({ isShort: true, leverage, openRate });

describe('stop price from a ratio', () => {
  it('is divided by leverage and placed against the trade', () => {
    // long 1×: 100 · (1 − 0.1) = 90; long 5×: 100 · (1 − 0.1 / 5) = 98
    expect(stopLossFromRatio(100, -0.1, 1, false)).toBeCloseTo(90, 12);
    expect(stopLossFromRatio(100, -0.1, 5, false)).toBeCloseTo(98, 12);
    // short 2×: 100 · (1 + 0.1 / 2) = 105; the sign of the ratio does not matter
    expect(stopLossFromRatio(100, 0.1, 2, true)).toBeCloseTo(105, 12);
  });
});

describe('adjustStopLoss', () => {
  it('records the initial stop once and tightens only in the favourable direction', () => {
    let s = adjustStopLoss(long(), 100, -0.1, { now: 1000 });
    expect(s.stopLoss).toBeCloseTo(90, 12);
    expect(s.initialStopLoss).toBeCloseTo(90, 12);
    expect(s.stopLossPct).toBe(-0.1);
    expect(s.initialStopLossPct).toBe(-0.1);
    expect(s.stoplossLastUpdate).toBe(1000);
    expect(s.isStopLossTrailing).toBe(false);

    // price 110 → 110 · 0.9 = 99 > 90: moves up and counts as trailing
    s = adjustStopLoss(s, 110, -0.1, { now: 2000 });
    expect(s.stopLoss).toBeCloseTo(99, 12);
    expect(s.initialStopLoss).toBeCloseTo(90, 12);
    expect(s.isStopLossTrailing).toBe(true);
    expect(s.stoplossLastUpdate).toBe(2000);

    // price 105 → 94.5 < 99: stays
    const same = adjustStopLoss(s, 105, -0.1, { now: 3000 });
    expect(same).toBe(s);
  });

  it('initial does nothing once a stop exists; null ratio does nothing', () => {
    const s = adjustStopLoss(long(), 100, -0.1);
    expect(adjustStopLoss(s, 200, -0.1, { initial: true })).toBe(s);
    expect(adjustStopLoss(s, 200, null)).toBe(s);
  });

  it('short stops only move down', () => {
    let s = adjustStopLoss(short(), 100, -0.1);
    expect(s.stopLoss).toBeCloseTo(110, 12);
    s = adjustStopLoss(s, 90, -0.1); // 90 · 1.1 = 99 < 110
    expect(s.stopLoss).toBeCloseTo(99, 12);
    s = adjustStopLoss(s, 95, -0.1); // 104.5 > 99 → kept
    expect(s.stopLoss).toBeCloseTo(99, 12);
  });

  it('allowRefresh moves the stop either way without marking it trailing', () => {
    const s = adjustStopLoss(long(), 100, -0.1);
    const refreshed = adjustStopLoss(s, 80, -0.1, { allowRefresh: true });
    expect(refreshed.stopLoss).toBeCloseTo(72, 12);
    expect(refreshed.initialStopLoss).toBeCloseTo(90, 12);
    expect(refreshed.isStopLossTrailing).toBe(false);
  });

  it('rounds the stop towards the trade with the price rounder', () => {
    const up = (p: number, d: string) => (d === 'up' ? Math.ceil(p) : Math.floor(p));
    // long: 100 · 0.955 = 95.5 → up → 96; short: 100 · 1.045 = 104.5 → down → 104
    expect(adjustStopLoss(long(), 100, -0.045, { roundPrice: up }).stopLoss).toBe(96);
    expect(adjustStopLoss(short(), 100, -0.045, { roundPrice: up }).stopLoss).toBe(104);
  });
});

describe('liquidation bounds the stop', () => {
  it('takes whichever comes first', () => {
    // long: stop 90, liquidation 95 → 95 comes first; short: stop 110, liquidation 105 → 105
    expect(stoplossOrLiquidation({ isShort: false, stopLoss: 90, liquidationPrice: 95 })).toBe(95);
    expect(stoplossOrLiquidation({ isShort: false, stopLoss: 90, liquidationPrice: 80 })).toBe(90);
    expect(stoplossOrLiquidation({ isShort: true, stopLoss: 110, liquidationPrice: 105 })).toBe(105);
    expect(stoplossOrLiquidation({ isShort: true, stopLoss: 110, liquidationPrice: null })).toBe(110);
  });
});

describe('trailing stop sequence with a positive offset', () => {
  // stoploss −10 %, trail at 2 % once profit is past 3 %, and only then
  const settings: TrailingSettings = {
    stoploss: -0.1,
    trailing_stop: true,
    trailing_stop_positive: 0.02,
    trailing_stop_positive_offset: 0.03,
    trailing_only_offset_is_reached: true,
  };
  // spot long @ 100 without fees: profit at price p = p / 100 − 1
  const profitAt = (p: number) => p / 100 - 1;
  const tick = (high: number, low: number, close: number) => ({
    currentRate: close,
    high,
    low,
    currentProfit: profitAt(close),
    boundProfit: profitAt(high),
  });

  it('walks the stop up and exits as a trailing stop', () => {
    // 1) high 101 (+1 %): initial stop 100 · 0.9 = 90; offset not reached → no trailing
    let s = stoplossAdjust(long(), settings, tick(101, 99, 100.5));
    expect(s.stopLoss).toBeCloseTo(90, 12);
    expect(s.isStopLossTrailing).toBe(false);
    expect(stoplossHit(s, { currentRate: 100.5, low: 99 })).toBeNull();

    // 2) high 104 (+4 % > 3 %): trail 2 % below the high → 104 · 0.98 = 101.92
    s = stoplossAdjust(s, settings, tick(104, 102.5, 103));
    expect(s.stopLoss).toBeCloseTo(101.92, 12);
    expect(s.stopLossPct).toBe(-0.02);
    expect(s.isStopLossTrailing).toBe(true);

    // 3) high 103 (+3 %, not above the offset): base −10 % → 92.7 < 101.92 → unchanged
    s = stoplossAdjust(s, settings, tick(103, 102, 102.5));
    expect(s.stopLoss).toBeCloseTo(101.92, 12);

    // 4) high 110 (+10 %): 110 · 0.98 = 107.8
    s = stoplossAdjust(s, settings, tick(110, 108, 109));
    expect(s.stopLoss).toBeCloseTo(107.8, 12);
    expect(s.initialStopLoss).toBeCloseTo(90, 12);

    // 5) low 107 ≤ 107.8 → hit, and it is a trailing stop
    s = stoplossAdjust(s, settings, tick(109, 107, 107.5));
    expect(stoplossHit(s, { currentRate: 107.5, low: 107 })).toBe('trailing_stop_loss');
  });

  it('a stop that never trailed exits as stop_loss', () => {
    const s = stoplossAdjust(long(), settings, tick(100, 100, 100));
    expect(stoplossHit(s, { currentRate: 89.5 })).toBe('stop_loss');
  });

  it('does not trail while the price is already through the stop', () => {
    // stop 101.92 set; next candle low 101 ≤ stop: no adjustment even though high is 120
    let s = stoplossAdjust(long(), settings, tick(104, 103, 103));
    s = stoplossAdjust(s, settings, tick(120, 101, 119));
    expect(s.stopLoss).toBeCloseTo(101.92, 12);
  });

  it('without the only-offset flag the base stop trails from the start', () => {
    const plain = { ...settings, trailing_stop_positive: null, trailing_only_offset_is_reached: false };
    // high 105 → 105 · 0.9 = 94.5
    const s = stoplossAdjust(long(), plain, tick(105, 101, 104));
    expect(s.stopLoss).toBeCloseTo(94.5, 12);
    expect(s.isStopLossTrailing).toBe(true);
  });

  it('short trails down from the low', () => {
    // short @ 100 5×: initial 100 · (1 + 0.1 / 5) = 102; profit at low 90 = (1 − 0.9) · 5 = 0.5 > 0.03
    // → 90 · (1 + 0.02 / 5) = 90.36
    const s = stoplossAdjust(short(100, 5), settings, {
      currentRate: 92,
      high: 93,
      low: 90,
      currentProfit: 0.4,
      boundProfit: 0.5,
    });
    expect(s.initialStopLoss).toBeCloseTo(102, 12);
    expect(s.stopLoss).toBeCloseTo(90.36, 12);
    expect(stoplossHit(s, { currentRate: 91, high: 91 })).toBe('trailing_stop_loss');
  });

  it('trailingStopRatio picks the ratio to follow', () => {
    expect(trailingStopRatio(settings, 0.01)).toBeNull();
    expect(trailingStopRatio(settings, 0.03)).toBe(-0.1);
    expect(trailingStopRatio(settings, 0.031)).toBe(0.02);
    expect(trailingStopRatio({ ...settings, trailing_stop: false }, 0.5)).toBeNull();
    expect(trailingStopRatio({ ...settings, trailing_only_offset_is_reached: false }, 0.01)).toBe(-0.1);
  });
});

describe('custom stoploss', () => {
  const settings: TrailingSettings = {
    stoploss: -0.1,
    trailing_stop: false,
    trailing_stop_positive: null,
    trailing_stop_positive_offset: 0,
    trailing_only_offset_is_reached: false,
  };

  it('is asked at the favourable bound and applied when valid', () => {
    const seen: [number, number][] = [];
    const s = stoplossAdjust(long(), settings, {
      currentRate: 104,
      high: 105,
      low: 103,
      currentProfit: 0.04,
      boundProfit: 0.05,
      customStoploss: (rate, profit) => {
        seen.push([rate, profit]);
        return -0.02;
      },
    });
    expect(seen).toEqual([[105, 0.05]]);
    // 105 · 0.98 = 102.9
    expect(s.stopLoss).toBeCloseTo(102.9, 12);
  });

  it('after a fill the custom stop may loosen; otherwise it only tightens', () => {
    // stop at 102.9 (as above); custom now says −10 % at 104 → 93.6, looser than 102.9
    const tight = stoplossAdjust(long(), settings, {
      currentRate: 105,
      currentProfit: 0.05,
      customStoploss: () => -0.02,
    });
    const loosen = { currentRate: 104, currentProfit: 0.04, customStoploss: () => -0.1 };
    expect(stoplossAdjust(tight, settings, loosen).stopLoss).toBeCloseTo(102.9, 12);
    expect(stoplossAdjust(tight, settings, { ...loosen, afterFill: true }).stopLoss).toBeCloseTo(93.6, 12);
  });

  it('a forced stoploss replaces the strategy one for the initial stop', () => {
    // 100 · (1 − 0.05) = 95
    const s = stoplossAdjust(long(), settings, { currentRate: 100, currentProfit: 0, forceStoploss: -0.05 });
    expect(s.initialStopLoss).toBeCloseTo(95, 12);
    expect(s.initialStopLossPct).toBe(-0.05);
  });

  it('ignores null and non-finite answers', () => {
    const s = stoplossAdjust(long(), settings, {
      currentRate: 104,
      currentProfit: 0.04,
      customStoploss: () => Number.NaN,
    });
    expect(s.stopLoss).toBeCloseTo(90, 12);
  });
});

describe('liquidation exit', () => {
  it('reports liquidation when that price is crossed before the stop', () => {
    // long 5× @ 1000, stoploss −99 % → stop 1000 · (1 − 0.99 / 5) = 802; liquidation 808.49
    const s = { ...adjustStopLoss(long(1000, 5), 1000, -0.99), liquidationPrice: 808.4891359272359 };
    expect(s.stopLoss).toBeCloseTo(802, 9);
    expect(stoplossHit(s, { currentRate: 810, low: 805 })).toBe('liquidation');
    expect(stoplossHit(s, { currentRate: 810, low: 801 })).toBe('stop_loss');
    expect(stoplossHit(s, { currentRate: 810, low: 809 })).toBeNull();
  });

  it('short liquidation is above the entry', () => {
    const s = { ...adjustStopLoss(short(2000, 3), 2000, -0.9), liquidationPrice: 2652.08 };
    // stop 2000 · (1 + 0.3) = 2600 < liquidation: the stop comes first
    expect(stoplossHit(s, { currentRate: 2500, high: 2700 })).toBe('stop_loss');
    expect(stoplossHit({ ...s, stopLoss: 2800 }, { currentRate: 2500, high: 2700 })).toBe('liquidation');
  });

  it('an unset stop never triggers', () => {
    expect(stoplossHit(short(), { currentRate: 100 })).toBeNull();
  });
});

describe('stop on the price tick (property)', () => {
  it('every stop set or trailed is on the tick grid, never looser than the unrounded stop', () => {
    const tick = fc.constantFrom(1e-8, 0.00001, 0.001, 0.01, 0.05, 0.1, 0.5, 1);
    const rate = fc.double({ min: 0.01, max: 100_000, noNaN: true, noDefaultInfinity: true });
    const ratio = fc.double({ min: -0.99, max: -0.001, noNaN: true });
    fc.assert(
      fc.property(
        tick,
        rate,
        rate,
        ratio,
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        (t, open, now, r, lev, isShort) => {
          const roundPrice = tradePriceRounder({ pricePrecision: t });
          const settings: TrailingSettings = {
            stoploss: r,
            trailing_stop: true,
            trailing_stop_positive: null,
            trailing_stop_positive_offset: 0,
            trailing_only_offset_is_reached: false,
          };
          const start = emptyStopLossState({ isShort, leverage: lev, openRate: open });
          const state = stoplossAdjust(start, settings, { currentRate: now, currentProfit: 0 }, { roundPrice });
          for (const stop of [state.stopLoss, state.initialStopLoss]) {
            expect(new Big(String(stop)).mod(String(t)).eq(0)).toBe(true);
          }
          const raw = stopLossFromRatio(open, r, lev, isShort);
          if (isShort) expect(state.initialStopLoss).toBeLessThanOrEqual(raw);
          else expect(state.initialStopLoss).toBeGreaterThanOrEqual(raw);
        },
      ),
    );
  });
});
