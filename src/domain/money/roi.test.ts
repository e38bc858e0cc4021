import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minRoiEntry, minRoiReached, tradeDurationMinutes } from './index.ts';

// 10 % at once, 5 % after 30 min, 2 % after 60 min, anything positive after 2 h
const table = { '0': 0.1, '30': 0.05, '60': 0.02, '120': 0 };

describe('minimal ROI by trade age', () => {
  it('uses the largest key not above the age', () => {
    expect(minRoiEntry(table, 0)).toEqual({ minutes: 0, ratio: 0.1 });
    expect(minRoiEntry(table, 29)).toEqual({ minutes: 0, ratio: 0.1 });
    expect(minRoiEntry(table, 30)).toEqual({ minutes: 30, ratio: 0.05 });
    expect(minRoiEntry(table, 119)).toEqual({ minutes: 60, ratio: 0.02 });
    expect(minRoiEntry(table, 10_000)).toEqual({ minutes: 120, ratio: 0 });
  });

  it('needs profit strictly above the step', () => {
    // age 10, +6 %: step 0 wants > 10 % → no
    expect(minRoiReached(table, 10, 0.06).reached).toBe(false);
    // age 45, +6 %: step 30 wants > 5 % → yes
    expect(minRoiReached(table, 45, 0.06)).toEqual({ reached: true, entry: { minutes: 30, ratio: 0.05 } });
    // age 60, exactly +2 %: not above 2 % → no
    expect(minRoiReached(table, 60, 0.02).reached).toBe(false);
    // age 200, +0.01 %: above 0 → yes; exactly 0 → no
    expect(minRoiReached(table, 200, 0.0001).reached).toBe(true);
    expect(minRoiReached(table, 200, 0).reached).toBe(false);
  });

  it('a table that starts later has nothing before its first key', () => {
    expect(minRoiReached({ '10': 0.01 }, 5, 1)).toEqual({ reached: false, entry: null });
    expect(minRoiReached({}, 5, 1)).toEqual({ reached: false, entry: null });
  });

  it('keys are compared as numbers, not strings', () => {
    // "100" < "20" as strings, but 100 > 20 minutes
    expect(minRoiEntry({ '20': 0.05, '100': 0.01 }, 150)).toEqual({ minutes: 100, ratio: 0.01 });
  });

  it('trade age is in whole minutes, rounded down', () => {
    const open = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(tradeDurationMinutes(open, open + 59_999)).toBe(0);
    expect(tradeDurationMinutes(open, open + 30 * 60_000 + 1)).toBe(30);
  });

  // freqtrade 2025.4 min_roi_reached_entry: the lower of custom_roi and the table wins.
  describe('custom_roi', () => {
    it('a lower custom ROI replaces the step, keyed at the trade age', () => {
      // age 45: table step 30 wants 5 %; custom 3 % is lower → {45, 0.03}; +4 % beats it
      expect(minRoiReached(table, 45, 0.04, 0.03)).toEqual({ reached: true, entry: { minutes: 45, ratio: 0.03 } });
      // without custom_roi the same +4 % is below 5 %
      expect(minRoiReached(table, 45, 0.04).reached).toBe(false);
    });

    it('a higher custom ROI leaves the table in force', () => {
      // age 45, custom 8 % > 5 % → the table's 5 % still exits at +6 %
      expect(minRoiReached(table, 45, 0.06, 0.08)).toEqual({ reached: true, entry: { minutes: 30, ratio: 0.05 } });
    });

    it('applies before the table starts, and None / NaN / infinity fall back to the table', () => {
      expect(minRoiReached({ '10': 0.01 }, 5, 0.02, 0.015)).toEqual({
        reached: true,
        entry: { minutes: 5, ratio: 0.015 },
      });
      for (const bad of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        expect(minRoiEntry(table, 45, bad)).toEqual({ minutes: 30, ratio: 0.05 });
      }
    });

    it('property: the threshold in force is min(custom, table step)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 500 }), fc.double({ min: -1, max: 1, noNaN: true }), (age, custom) => {
          const withCustom = minRoiEntry(table, age, custom);
          const plain = minRoiEntry(table, age);
          // + 0 folds -0 into 0: a custom -0 against a table 0 is the same threshold (fast-check draws -0).
          expect((withCustom?.ratio ?? Number.NaN) + 0).toBe(
            Math.min(custom, plain?.ratio ?? Number.POSITIVE_INFINITY) + 0,
          );
        }),
      );
    });
  });
});
